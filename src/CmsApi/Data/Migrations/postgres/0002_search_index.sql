-- Full-text search (PostgreSQL tsvector, 'simple' configuration, GIN indexes; no extension). Each column holds
-- encoded tokens (see Search/SearchText.cs): *_uni single CJK characters, *_bi bigrams and Latin words; "text" is
-- subtitle, summary and body. The service fills it at start-up for content that predates it, and keeps it in step
-- with every write.
CREATE TABLE article_search (
    article_id BIGINT   PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    title_uni  TSVECTOR NOT NULL,
    title_bi   TSVECTOR NOT NULL,
    text_uni   TSVECTOR NOT NULL,
    text_bi    TSVECTOR NOT NULL
);
CREATE INDEX ix_article_search_title_uni ON article_search USING GIN (title_uni);
CREATE INDEX ix_article_search_title_bi ON article_search USING GIN (title_bi);
CREATE INDEX ix_article_search_text_uni ON article_search USING GIN (text_uni);
CREATE INDEX ix_article_search_text_bi ON article_search USING GIN (text_bi);
