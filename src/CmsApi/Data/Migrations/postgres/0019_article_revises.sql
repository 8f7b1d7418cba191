-- 修改稿 (see the SQLite migration of the same name).
ALTER TABLE articles ADD COLUMN revises BIGINT REFERENCES articles (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX ux_articles_revises ON articles (revises) WHERE revises IS NOT NULL;
