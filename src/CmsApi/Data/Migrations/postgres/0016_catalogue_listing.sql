-- 信息公开目录 listing indexes (see the SQLite migration of the same name).
CREATE INDEX ix_articles_agency_listing ON articles (site_id, issuing_agency, status, published_at DESC, id DESC, channel_id)
    WHERE issuing_agency IS NOT NULL;
CREATE INDEX ix_articles_validity_listing ON articles (site_id, validity, status, published_at DESC, id DESC, channel_id)
    WHERE validity IS NOT NULL;
