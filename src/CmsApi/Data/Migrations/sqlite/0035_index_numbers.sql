-- 索引号 assigned by the site (sites.index_number_format): a document published without one gets the next running
-- number of its year. index_number_sequences holds the last number given for each text around it (the format with its
-- year filled in), started from the highest one the site's articles have, so numbers written by hand are not given
-- again. The index finds an 索引号 among the site's documents, to skip one taken.
ALTER TABLE sites ADD COLUMN index_number_format TEXT;

CREATE TABLE index_number_sequences (
    site_id INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    around  TEXT    NOT NULL,
    last    INTEGER NOT NULL,
    PRIMARY KEY (site_id, around)
);

CREATE INDEX ix_articles_index_number ON articles (site_id, index_number) WHERE index_number IS NOT NULL;
