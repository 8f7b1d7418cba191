-- Channels in the changes feed: the channel an article's change concerns (the article's, after the write) and, when
-- the write moved it, the one it left, so that a webhook limited to channels receives the changes of those. Null on a
-- change of the site itself, and on the changes recorded before this migration (a limited webhook receives those).
-- A webhook's channels: a JSON array of channel keys; null for every change of its site. Its version: a change of its
-- url, description or channels (PUT) raises it, for ETags and If-Match; deliveries leave it alone.
ALTER TABLE content_changes ADD COLUMN channel_key TEXT;
ALTER TABLE content_changes ADD COLUMN moved_from TEXT;
ALTER TABLE webhooks ADD COLUMN channels TEXT;
ALTER TABLE webhooks ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
