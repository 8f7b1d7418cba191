-- Channels in the changes feed and webhooks limited to channels (see the SQLite migration of the same name).
ALTER TABLE content_changes ADD COLUMN channel_key TEXT;
ALTER TABLE content_changes ADD COLUMN moved_from TEXT;
ALTER TABLE webhooks ADD COLUMN channels TEXT;
