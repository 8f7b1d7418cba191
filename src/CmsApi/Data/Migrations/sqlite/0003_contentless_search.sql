-- The search table no longer keeps a copy of each article's token text (several times the article's size): a
-- contentless FTS5 table (content='') holds only the index, and contentless_delete=1 (SQLite 3.43+) still lets a
-- write replace or remove an article's entry. Search never reads the columns back; snippets come from the articles.
-- The service refills the index at start-up (it finds it incomplete), as it does for content that predates it.
DROP TABLE article_search;
CREATE VIRTUAL TABLE article_search USING fts5(
    title_uni, title_bi, text_uni, text_bi, tokenize = 'unicode61', content = '', contentless_delete = 1);
