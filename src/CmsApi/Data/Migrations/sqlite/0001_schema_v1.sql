-- Schema v1 (SQLite). Never edit after it has landed: add a new numbered script instead.
-- Times are UTC milliseconds since the Unix epoch; JSON documents are stored as text.

CREATE TABLE sites (
    id                     INTEGER PRIMARY KEY,
    key                    TEXT    NOT NULL UNIQUE,
    name                   TEXT    NOT NULL,
    domains                TEXT    NOT NULL DEFAULT '[]',
    sponsor                TEXT    NOT NULL,
    organiser              TEXT,
    contact_phone          TEXT,
    contact_email          TEXT,
    contact_address        TEXT,
    time_zone              TEXT    NOT NULL DEFAULT 'Asia/Shanghai',
    copyright_holder       TEXT    NOT NULL,
    copyright_notice       TEXT,
    copyright_start_year   INTEGER,
    copyright_line         TEXT,
    icp_filing             TEXT,
    icp_licence            TEXT,
    public_security_filing TEXT,
    site_code              TEXT,
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);

CREATE TABLE channels (
    id         INTEGER PRIMARY KEY,
    site_id    INTEGER NOT NULL REFERENCES sites (id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES channels (id),
    key        TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    sort_order INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (site_id, key)
);
CREATE INDEX ix_channels_parent ON channels (parent_id);

CREATE TABLE articles (
    id                 INTEGER PRIMARY KEY,
    site_id            INTEGER NOT NULL REFERENCES sites (id),
    channel_id         INTEGER NOT NULL REFERENCES channels (id),
    slug               TEXT,
    status             TEXT    NOT NULL DEFAULT 'draft'
                       CHECK (status IN ('draft', 'scheduled', 'published', 'trashed')),
    status_before_trash TEXT,
    title              TEXT    NOT NULL,
    subtitle           TEXT,
    kicker             TEXT,
    summary            TEXT,
    source             TEXT,
    author             TEXT,
    editor             TEXT,
    cover_url          TEXT,
    keywords           TEXT,
    description        TEXT,
    tags               TEXT    NOT NULL DEFAULT '[]',
    index_number       TEXT,
    document_number    TEXT,
    issuing_agency     TEXT,
    validity           TEXT,
    body               TEXT    NOT NULL,
    published_at       INTEGER,
    first_published_at INTEGER,
    view_count         INTEGER NOT NULL DEFAULT 0 CHECK (view_count >= 0),
    version            INTEGER NOT NULL DEFAULT 1,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    trashed_at         INTEGER
);
CREATE UNIQUE INDEX ux_articles_slug ON articles (site_id, slug) WHERE slug IS NOT NULL;
CREATE INDEX ix_articles_site_listing ON articles (site_id, status, published_at DESC, id DESC);
CREATE INDEX ix_articles_channel_listing ON articles (channel_id, status, published_at DESC, id DESC);
CREATE INDEX ix_articles_title ON articles (site_id, title, published_at);

CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag        TEXT    NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE INDEX ix_article_tags_tag ON article_tags (tag, article_id);

CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    prefix       TEXT    NOT NULL UNIQUE,
    key_hash     TEXT    NOT NULL UNIQUE,
    scopes       TEXT    NOT NULL,
    sites        TEXT,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER,
    last_used_at INTEGER
);

CREATE TABLE article_revisions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    action     TEXT    NOT NULL,
    actor      TEXT,
    snapshot   TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (article_id, version)
);

-- Views per article per day (day = yyyymmdd in the site's time zone), fed by the view counter's batches.
CREATE TABLE article_view_days (
    article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    day        INTEGER NOT NULL,
    views      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, day)
);
CREATE INDEX ix_article_view_days_day ON article_view_days (day, article_id);
