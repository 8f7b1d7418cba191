-- The articles with a cover image (see the SQLite migration of the same name), as the pinned ones' index (0010).
CREATE INDEX ix_articles_cover_listing ON articles (site_id, status, published_at DESC, id DESC) INCLUDE (channel_id, source)
    WHERE cover_url IS NOT NULL;
