-- 置顶: a pinned article comes before the others in a list without a sort. 1 when pinned, else 0.
ALTER TABLE articles ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
-- The few pinned articles of a site, in the listing's order with the columns its filters test: the pinned part of a
-- list reads this index alone, and the rest of the list leaves them out by probing it (SQLite uses a partial index
-- only when the query repeats its condition, so those queries say `pinned = 1`).
CREATE INDEX ix_articles_pinned ON articles (site_id, status, published_at DESC, id DESC, channel_id, source) WHERE pinned = 1;
