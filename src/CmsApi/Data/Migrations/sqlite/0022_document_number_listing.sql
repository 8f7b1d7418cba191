-- A lookup by 发文字号 (one document, usually across the whole site) walked the site's listing index and read every
-- article the filter did not pass. It now has a listing index of its own, as 发文机关 has (migration 0018), holding
-- only the articles with a 发文字号.
CREATE INDEX ix_articles_document_number_listing ON articles (site_id, document_number, status, published_at DESC, id DESC, channel_id)
    WHERE document_number IS NOT NULL;
