-- Channels in the changes feed, webhooks limited to channels, and webhooks' versions (see the SQLite migration of the
-- same name).
ALTER TABLE content_changes ADD COLUMN channel_key TEXT;
ALTER TABLE content_changes ADD COLUMN moved_from TEXT;
ALTER TABLE webhooks ADD COLUMN channels TEXT;
ALTER TABLE webhooks ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
