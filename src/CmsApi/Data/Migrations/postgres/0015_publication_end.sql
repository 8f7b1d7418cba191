-- 下线时间 (see the SQLite migration of the same name).
ALTER TABLE articles ADD COLUMN published_until BIGINT;
CREATE INDEX ix_articles_publication_end ON articles (published_until, id) WHERE published_until IS NOT NULL;
