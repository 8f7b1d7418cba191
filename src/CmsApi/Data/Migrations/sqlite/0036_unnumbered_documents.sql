-- The published documents (articles with a disclosure) that have no 索引号, oldest first: what
-- POST …/articles/index-numbers numbers and counts. Without it each request read every published article of the site
-- (at a million, the whole table). Partial, so it holds only those few, and its WHERE is the query's
-- (ArticleStore.UnnumberedDocument), term for term, as a partial index must be to be used.
CREATE INDEX ix_articles_unnumbered_documents ON articles (site_id, published_at, id)
    WHERE status = 'published' AND index_number IS NULL
      AND (subject IS NOT NULL OR issuing_agency IS NOT NULL OR written_on IS NOT NULL
           OR document_number IS NOT NULL OR validity IS NOT NULL);
