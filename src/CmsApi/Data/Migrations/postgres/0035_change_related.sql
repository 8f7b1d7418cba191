-- The other articles whose 相关文章 a change may have changed (see the SQLite migration of the same name).
ALTER TABLE content_changes ADD COLUMN related TEXT;
