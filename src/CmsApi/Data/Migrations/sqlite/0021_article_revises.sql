-- 修改稿: a draft that revises a published article (its id), which takes the article's place in nothing but its
-- content: published (once approved, on a reviewing site), it becomes the article's content and goes. One per article.
-- A purged article leaves its revision as a draft of its own.
ALTER TABLE articles ADD COLUMN revises INTEGER REFERENCES articles (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX ux_articles_revises ON articles (revises) WHERE revises IS NOT NULL;
