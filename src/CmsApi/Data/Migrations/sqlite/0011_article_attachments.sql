-- Files an article offers for download (附件), as JSON: [{"name": …, "url": …, "size": …}]. Null for none, as most
-- articles have, so that reading an article parses nothing for them.
ALTER TABLE articles ADD COLUMN attachments TEXT;
