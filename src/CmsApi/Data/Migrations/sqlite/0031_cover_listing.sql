-- 图片新闻: a list of the articles with a cover image (a home page's carousel) walked the listing index and read every
-- article without one. The few with a cover now have a listing index of their own, with the columns the list's
-- filters test, as the pinned ones have (migration 0012).
CREATE INDEX ix_articles_cover_listing ON articles (site_id, status, published_at DESC, id DESC, channel_id, source)
    WHERE cover_url IS NOT NULL;
