-- 信息公开目录 by 成文日期 (sort=newest-written / oldest-written, writtenFrom / writtenTo): the documents that have a
-- 成文日期 (few of a site's articles) in that order, with the status, channel and 发布时间 a list tests. The key is the
-- date as a number (2022-05-12 as 20220512), which a cursor holds as it holds a time; the list writes the same
-- expression, so that the index answers its order. Without it the list sorted every document, or walked every
-- article for them. The date itself is in the entries too, so that counting the documents of each year reads no row,
-- and the 主题分类, so that a 目录 of one by 成文日期 reads the rows of that subject's documents only.
CREATE INDEX ix_articles_written_on_listing
    ON articles (site_id, status, CAST(replace(written_on, '-', '') AS BIGINT) DESC, id DESC, channel_id, published_at, written_on, subject)
    WHERE written_on IS NOT NULL;
