-- 索引号 assigned by the site (sites.index_number_format): a document published without one gets the next running
-- number of its year. index_number_sequences holds the last number given for each text around it (the format with its
-- year filled in), started from the highest one the site's articles have, so numbers written by hand are not given
-- again. A listing index of the articles that have an 索引号, as 发文字号 has (0022), finds one taken, the highest of a
-- form, and serves the 信息公开目录's lookup of a document by its 索引号 (?indexNumber=).
ALTER TABLE sites ADD COLUMN index_number_format TEXT;

CREATE TABLE index_number_sequences (
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    around  TEXT    NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (site_id, around)
);

CREATE INDEX ix_articles_index_number_listing ON articles (site_id, index_number, status, published_at DESC, id DESC, channel_id)
    WHERE index_number IS NOT NULL;
