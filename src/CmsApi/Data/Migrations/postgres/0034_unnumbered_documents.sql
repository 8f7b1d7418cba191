-- The published documents that have no 索引号 (see the SQLite migration of the same name).
CREATE INDEX ix_articles_unnumbered_documents ON articles (site_id, published_at, id)
    WHERE status = 'published' AND index_number IS NULL
      AND (subject IS NOT NULL OR issuing_agency IS NOT NULL OR written_on IS NOT NULL
           OR document_number IS NOT NULL OR validity IS NOT NULL);
