-- 信息公开目录 by 主题分类: a list of one 主题分类 (and those below it) walked the site's listing index and read every
-- article the filter did not pass, since the subject is a prefix that no index of the listing held: 6.5 s at a
-- million articles with none passing, on a public route. The articles that have a 主题分类 (documents, few) now have a
-- listing index of their own with the subject in it, as the pinned ones have (migration 0012), so the walk passes
-- over the others and tests the subject on the index entries.
CREATE INDEX ix_articles_subject_listing ON articles (site_id, status, published_at DESC, id DESC, channel_id, subject)
    WHERE subject IS NOT NULL;
