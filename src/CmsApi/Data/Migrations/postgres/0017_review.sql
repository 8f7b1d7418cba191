-- 审核 (see the SQLite migration of the same name).
ALTER TABLE sites ADD COLUMN review_steps BIGINT NOT NULL DEFAULT 0 CHECK (review_steps BETWEEN 0 AND 3);
ALTER TABLE articles ADD COLUMN review_status TEXT;
ALTER TABLE articles ADD COLUMN review_submitted_by TEXT;
ALTER TABLE articles ADD COLUMN review_approved_by TEXT;
ALTER TABLE article_revisions ADD COLUMN note TEXT;
CREATE INDEX ix_articles_review_queue ON articles (site_id, review_status, id) WHERE review_status IS NOT NULL;
