-- 操作日志 (等保 安全审计): every request that tried to change something through a route that needs a key, who made it,
-- from where, and how it ended, kept for Audit:Keep (180 days: the Cybersecurity Law's six months). Written by the
-- service alone; no route changes or deletes an entry.
CREATE TABLE audit_events (
    id       INTEGER PRIMARY KEY,
    at       INTEGER NOT NULL,
    actor    TEXT,
    site     TEXT,
    method   TEXT NOT NULL,
    route    TEXT NOT NULL,
    path     TEXT NOT NULL,
    status   INTEGER NOT NULL,
    ip       TEXT,
    trace_id TEXT NOT NULL
);
CREATE INDEX ix_audit_events_site ON audit_events (site, id);
CREATE INDEX ix_audit_events_actor ON audit_events (actor, id);
CREATE INDEX ix_audit_events_at ON audit_events (at);
