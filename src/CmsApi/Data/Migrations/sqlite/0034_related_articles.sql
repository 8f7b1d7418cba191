-- 相关文章: the articles an article links to (a 政策解读 to the 政策文件 it explains, which the rules for government sites
-- ask to be linked both ways), in the editor's order. The list is part of the article's content (versioned, in its
-- revisions), stored with it as JSON (NULL for none, as most have); article_links holds the same pairs so that the
-- articles linking to one (its 解读) are found by index, and so that no link points at an article that is gone.
ALTER TABLE articles ADD COLUMN related TEXT;

CREATE TABLE article_links (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    linked_id  INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    PRIMARY KEY (article_id, position)
);
CREATE INDEX ix_article_links_linked ON article_links (linked_id, article_id);
