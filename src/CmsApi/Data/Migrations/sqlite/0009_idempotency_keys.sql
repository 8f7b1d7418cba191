-- A client that creates an article and does not hear back (a timeout, a dropped connection) sends the request again;
-- with the same Idempotency-Key it gets the article the first request made instead of a second one. A key names one
-- creation for each API key, and goes with its article when that is deleted.
CREATE TABLE idempotency_keys (
    key_prefix      TEXT    NOT NULL,
    idempotency_key TEXT    NOT NULL,
    request_hash    TEXT    NOT NULL,
    article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    created_at      INTEGER NOT NULL,
    PRIMARY KEY (key_prefix, idempotency_key)
);
CREATE INDEX ix_idempotency_keys_article ON idempotency_keys (article_id);
