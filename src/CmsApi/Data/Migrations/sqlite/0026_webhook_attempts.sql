-- Webhook delivery attempts: each message a webhook was sent (changes, a reset, a ping), when, how long the receiver
-- took, and what it answered (status, why it failed, the start of its body), so that a site admin setting up or mending
-- a receiver sees more than the last attempt. Kept per webhook up to Webhooks:KeepAttempts, the newest; gone with it.
CREATE TABLE webhook_attempts (
    id           INTEGER PRIMARY KEY,
    webhook_id   INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    message_id   TEXT NOT NULL,
    type         TEXT NOT NULL,
    items        INTEGER NOT NULL,
    attempted_at INTEGER NOT NULL,
    duration_ms  INTEGER NOT NULL,
    status       INTEGER,
    error        TEXT,
    answer       TEXT
);
CREATE INDEX ix_webhook_attempts_webhook ON webhook_attempts (webhook_id, id);
