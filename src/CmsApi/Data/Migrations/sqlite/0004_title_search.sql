-- Titles get a full-text index of their own. A title-only phrase (the relevance rank) in the one index read every
-- entry of the word in the text to filter by column: at a million articles a common word took seconds. The service
-- refills both indexes at start-up when it finds this one empty.
CREATE VIRTUAL TABLE article_title_search USING fts5(
    title_uni, title_bi, tokenize = 'unicode61', content = '', contentless_delete = 1);
