-- 栏目级审核 (see the SQLite migration of the same name).
ALTER TABLE channels ADD COLUMN review_steps BIGINT NOT NULL DEFAULT 0 CHECK (review_steps BETWEEN 0 AND 3);
