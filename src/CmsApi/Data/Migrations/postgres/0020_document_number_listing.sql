-- A lookup by 发文字号 (see the SQLite migration of the same name).
CREATE INDEX ix_articles_document_number_listing ON articles (site_id, document_number, status, published_at DESC, id DESC, channel_id)
    WHERE document_number IS NOT NULL;
