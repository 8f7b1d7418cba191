-- Popular articles. Of all time: every article of the site was sorted by its view count, 8.5 s at a million articles;
-- this index hands out the most viewed first (it changes with each flush of counted views, one entry per article
-- viewed). In a window of days: the day index now holds the views, so a window is summed from its index entries
-- alone (it had been summed from every day ever counted, the primary key's order suiting the grouping).
CREATE INDEX ix_articles_popular ON articles (site_id, status, view_count DESC, id DESC, published_at, channel_id);
DROP INDEX ix_article_view_days_day;
CREATE INDEX ix_article_view_days_day ON article_view_days (day, article_id, views);
