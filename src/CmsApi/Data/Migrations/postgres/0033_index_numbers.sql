-- 索引号 assigned by the site (see the SQLite migration of the same name).
ALTER TABLE sites ADD COLUMN index_number_format TEXT;

CREATE TABLE index_number_sequences (
    site_id BIGINT NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    around  TEXT   NOT NULL,
    last    BIGINT NOT NULL,
    PRIMARY KEY (site_id, around)
);

CREATE INDEX ix_articles_index_number_listing ON articles (site_id, index_number, status, published_at DESC, id DESC, channel_id)
    WHERE index_number IS NOT NULL;
