-- Channels in the changes feed: the channel an article's change concerns (the article's, after the write) and, when
-- the write moved it, the one it left, so that a webhook limited to channels receives the changes of those. Null on a
-- change of the site itself, and on the changes recorded before this migration (a limited webhook receives those).
-- A webhook's channels: a JSON array of channel keys; null for every change of its site.
ALTER TABLE content_changes ADD COLUMN channel_key TEXT;
ALTER TABLE content_changes ADD COLUMN moved_from TEXT;
ALTER TABLE webhooks ADD COLUMN channels TEXT;
