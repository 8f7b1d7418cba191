-- Full-text search (SQLite FTS5). Each column holds encoded tokens (see Search/SearchText.cs): *_uni single CJK
-- characters, *_bi bigrams and Latin words; "text" is subtitle, summary and body. rowid = articles.id.
-- The service fills it at start-up for content that predates it, and keeps it in step with every write.
CREATE VIRTUAL TABLE article_search USING fts5(title_uni, title_bi, text_uni, text_bi, tokenize = 'unicode61');
