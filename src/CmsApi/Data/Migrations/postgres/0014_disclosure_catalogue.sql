-- 政府信息公开: 主题分类 and 成文日期 (see the SQLite migration of the same name).
ALTER TABLE articles ADD COLUMN subject TEXT;
ALTER TABLE articles ADD COLUMN written_on TEXT;
