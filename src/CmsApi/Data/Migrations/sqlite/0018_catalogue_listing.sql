-- 信息公开目录: a list of one 发文机关's documents, or of those of one 有效性, walked the listing index of the site and
-- read every article the filter did not pass (about 4 µs each: 25 ms for a channel of 6,000 with none passing). Each
-- now has a listing index of its own, as a source has, holding only the articles with a value (most have none).
CREATE INDEX ix_articles_agency_listing ON articles (site_id, issuing_agency, status, published_at DESC, id DESC, channel_id)
    WHERE issuing_agency IS NOT NULL;
CREATE INDEX ix_articles_validity_listing ON articles (site_id, validity, status, published_at DESC, id DESC, channel_id)
    WHERE validity IS NOT NULL;
