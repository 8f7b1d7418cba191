-- 外链 (see the SQLite migration of the same name).
ALTER TABLE articles ADD COLUMN link_url TEXT;
