-- The changes feed (GET /api/v1/changes): one row for each committed change to what the public sees, written in the
-- change's own transaction, so that a CDN's purge worker or a mirroring script following the feed misses none. Rows of a
-- deleted site stay (its answers still need purging). Kept for Changes:Keep and a day.
-- AUTOINCREMENT: a number is never given twice, even once every row has been deleted, so a cursor never passes a new row.
CREATE TABLE content_changes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    tx         INTEGER NOT NULL, -- PostgreSQL's transaction id there; 0 here, where writers commit one at a time and the
                                 -- row's number alone is the commit order
    site_key   TEXT    NOT NULL,
    article_id INTEGER,
    changed_at INTEGER NOT NULL
);
CREATE INDEX ix_content_changes_changed_at ON content_changes (changed_at);
