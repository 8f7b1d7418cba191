-- The articles a request of several acted on (批量操作, 批量移动, 清空回收站): their ids are in its body, not its path,
-- and a purge leaves no revision behind to say what went. A JSON array of ids; NULL for every other request.
ALTER TABLE audit_events ADD COLUMN articles TEXT;
