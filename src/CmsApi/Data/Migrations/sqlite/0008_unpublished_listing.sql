-- A key's lists of drafts and of trashed articles sort by COALESCE(published_at, created_at), which no index served:
-- each such list read and sorted every draft (92 ms with 10,000 drafts at a million articles). This index holds only
-- the articles that are not published, in that order, with the columns the list filters test. SQLite uses a partial
-- index only when the query repeats its condition word for word, so those lists say `status <> 'published'` too.
CREATE INDEX ix_articles_unpublished_listing ON articles (site_id, status, COALESCE(published_at, created_at) DESC, id DESC, channel_id, source)
    WHERE status <> 'published';
