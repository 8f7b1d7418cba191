-- 错敏词库: each site's list of wrong or forbidden expressions (JSON: term, suggestion, severity), checked before an
-- article is published; a site without a row has none. Versioned for If-Match, as sites are.
CREATE TABLE site_terms (
    site_id    INTEGER PRIMARY KEY REFERENCES sites (id) ON DELETE CASCADE,
    terms      TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
