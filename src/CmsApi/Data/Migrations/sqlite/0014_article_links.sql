-- 外链: an article that is a link to another address (a report reposted from 新华网, a notice on a ministry's site): a
-- list links there instead of to the article's own page. NULL for an article of its own, as most are.
ALTER TABLE articles ADD COLUMN link_url TEXT;
