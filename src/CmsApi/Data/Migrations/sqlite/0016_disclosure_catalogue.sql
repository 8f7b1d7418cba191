-- 政府信息公开: the catalogue's 主题分类 and 成文日期 beside the 索引号, 发文字号, 发文机关 and 有效性 already kept.
-- written_on is the ISO date (2022-05-12), which sorts as dates do.
ALTER TABLE articles ADD COLUMN subject TEXT;
ALTER TABLE articles ADD COLUMN written_on TEXT;
