-- The articles that have a 主题分类 (see the SQLite migration of the same name), as the pinned ones' index (0010).
CREATE INDEX ix_articles_subject_listing ON articles (site_id, status, published_at DESC, id DESC) INCLUDE (channel_id, subject)
    WHERE subject IS NOT NULL;
