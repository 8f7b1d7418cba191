-- The documents that have a 成文日期, in that order (see the SQLite migration of the same name).
CREATE INDEX ix_articles_written_on_listing
    ON articles (site_id, status, (CAST(replace(written_on, '-', '') AS BIGINT)) DESC, id DESC) INCLUDE (channel_id, published_at, written_on, subject)
    WHERE written_on IS NOT NULL;
