-- Lists filtered by source, or by a channel together with its subchannels, walk a listing index newest first and test
-- each entry; the tested columns are now in the listing indexes, and a source has a listing index of its own (see the
-- SQLite migration of the same name: a rare source read every article, 7 to 10 s at a million on SQLite).
DROP INDEX ix_articles_site_listing;
CREATE INDEX ix_articles_site_listing ON articles (site_id, status, published_at DESC, id DESC) INCLUDE (channel_id, source);
DROP INDEX ix_articles_channel_listing;
CREATE INDEX ix_articles_channel_listing ON articles (channel_id, status, published_at DESC, id DESC) INCLUDE (source);
CREATE INDEX ix_articles_source_listing ON articles (site_id, source, status, published_at DESC, id DESC) INCLUDE (channel_id);
