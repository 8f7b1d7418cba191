-- 相关文章 (see the SQLite migration of the same name).
ALTER TABLE articles ADD COLUMN related TEXT;

CREATE TABLE article_links (
    article_id BIGINT  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   BIGINT  NOT NULL,
    linked_id  BIGINT  NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX ix_article_links_linked ON article_links (linked_id, article_id);
