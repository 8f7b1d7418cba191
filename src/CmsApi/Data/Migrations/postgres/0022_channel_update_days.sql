-- 栏目更新周期 (see the SQLite migration of the same name).
ALTER TABLE channels ADD COLUMN update_days BIGINT NOT NULL DEFAULT 0;
