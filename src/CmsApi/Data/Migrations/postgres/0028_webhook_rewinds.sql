-- A webhook's rewinds (see the SQLite migration of the same name).
ALTER TABLE webhooks ADD COLUMN rewinds BIGINT NOT NULL DEFAULT 0;
