-- Each article change names the other articles whose 相关文章 (…/related) it may have changed: those the article
-- names or named before the write, and those naming it (a JSON array; NULL for none, as most changes have). A static
-- front end rebuilds their pages too; a change recorded before this column names none.
ALTER TABLE content_changes ADD COLUMN related TEXT;
