-- Popular articles (see the SQLite migration of the same name): the most viewed of a site first, and a window of days
-- summed from the day index alone.
CREATE INDEX ix_articles_popular ON articles (site_id, status, view_count DESC, id DESC) INCLUDE (published_at, channel_id);
DROP INDEX ix_article_view_days_day;
CREATE INDEX ix_article_view_days_day ON article_view_days (day, article_id) INCLUDE (views);
