-- 置顶有效期: a pin may end at a time (ms since the epoch); NULL pins until unpinned. The pin expiry sweeper unpins an
-- article when its time comes, so that lists, the cache and the change feed see the end of a pin as a write.
ALTER TABLE articles ADD COLUMN pinned_until INTEGER CHECK (pinned_until IS NULL OR pinned = 1);
-- The sweeper's question, the earliest end among pinned articles, read from this small index alone.
CREATE INDEX ix_articles_pin_expiry ON articles (pinned_until, id) WHERE pinned_until IS NOT NULL;
