-- 置顶有效期 (see the SQLite migration of the same name).
ALTER TABLE articles ADD COLUMN pinned_until BIGINT;
ALTER TABLE articles ADD CONSTRAINT ck_articles_pinned_until CHECK (pinned_until IS NULL OR pinned = 1);
CREATE INDEX ix_articles_pin_expiry ON articles (pinned_until, id) WHERE pinned_until IS NOT NULL;
