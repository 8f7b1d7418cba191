-- A key's lists of drafts and of trashed articles, in their own order (see the SQLite migration of the same name).
CREATE INDEX ix_articles_unpublished_listing ON articles (site_id, status, COALESCE(published_at, created_at) DESC, id DESC)
    INCLUDE (channel_id, source) WHERE status <> 'published';
