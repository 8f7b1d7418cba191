-- 置顶级别 (see the SQLite migration of the same name).
ALTER TABLE articles ADD COLUMN pin_level BIGINT NOT NULL DEFAULT 0 CHECK (pin_level BETWEEN 0 AND 9);
UPDATE articles SET pin_level = 1 WHERE pinned = 1;
