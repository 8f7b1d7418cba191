-- 下线时间: a publication may end at a time (ms since the epoch; a 公示 whose period is over); NULL publishes until
-- unpublished. The scheduled-ends sweeper takes the article back to the drafts when its time comes, as a write.
ALTER TABLE articles ADD COLUMN published_until INTEGER;
-- The sweeper's question, the earliest end, read from this small index alone.
CREATE INDEX ix_articles_publication_end ON articles (published_until, id) WHERE published_until IS NOT NULL;
