-- Webhooks: a site's subscriptions, each a URL that the changes of its site are posted to, from its own position in the
-- changes feed (content_changes). No secret is stored: each signing secret is derived from Webhooks:Key and the row's
-- nonce (a new nonce is a new secret). Delivery state (position, failures, lease) lives here so that any instance of
-- many can deliver, one at a time per webhook.
CREATE TABLE webhooks (
    id              INTEGER PRIMARY KEY,
    site_id         INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    url             TEXT NOT NULL,
    description     TEXT,
    nonce           TEXT NOT NULL,
    position        TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    leased_until    INTEGER,
    failures        INTEGER NOT NULL DEFAULT 0,
    last_attempt_at INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    INTEGER
);
CREATE UNIQUE INDEX ix_webhooks_site_url ON webhooks (site_id, url); -- one webhook a URL: a retried creation finds the first
CREATE INDEX ix_webhooks_due ON webhooks (next_attempt_at);
