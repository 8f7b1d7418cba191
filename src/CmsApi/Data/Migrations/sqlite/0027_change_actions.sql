-- What each article change did: the action of the revision the write made (create, patch, submit, approve, reject,
-- publish, purge, …) and the article's version after it, so that a reader of the feed or a webhook can tell a 送审 from
-- an edit and fetch that revision. Null on a change of the site itself and on the changes recorded before. A webhook's
-- actions: a JSON array of action names it is limited to; null for every change (of its channels).
ALTER TABLE content_changes ADD COLUMN action TEXT;
ALTER TABLE content_changes ADD COLUMN version INTEGER;
ALTER TABLE webhooks ADD COLUMN actions TEXT;
