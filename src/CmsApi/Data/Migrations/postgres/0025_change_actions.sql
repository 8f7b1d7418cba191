-- What each article change did, and webhooks limited to actions (see the SQLite migration of the same name).
ALTER TABLE content_changes ADD COLUMN action TEXT;
ALTER TABLE content_changes ADD COLUMN version BIGINT;
ALTER TABLE webhooks ADD COLUMN actions TEXT;
