-- 置顶 (see the SQLite migration of the same name). BIGINT as the other integers, so that both engines read it alike.
ALTER TABLE articles ADD COLUMN pinned BIGINT NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
CREATE INDEX ix_articles_pinned ON articles (site_id, status, published_at DESC, id DESC) INCLUDE (channel_id, source) WHERE pinned = 1;
