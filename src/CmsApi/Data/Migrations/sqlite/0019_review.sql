-- 审核 (先审后发): a site may publish only reviewed articles, after 1 to 3 approvals by different keys (三审: 初审, 复审,
-- 终审); 0, the default, publishes without review.
ALTER TABLE sites ADD COLUMN review_steps INTEGER NOT NULL DEFAULT 0 CHECK (review_steps BETWEEN 0 AND 3);
-- An article's review: NULL (never submitted), 'pending', 'approved' or 'rejected'; who submitted it and which keys
-- approved it in this round (a JSON array of key prefixes, in step order). A change of content clears the approvals.
ALTER TABLE articles ADD COLUMN review_status TEXT;
ALTER TABLE articles ADD COLUMN review_submitted_by TEXT;
ALTER TABLE articles ADD COLUMN review_approved_by TEXT;
-- What a reviewer wrote with a decision (a rejection's reason), kept with the revision it made.
ALTER TABLE article_revisions ADD COLUMN note TEXT;
-- 待审稿件: a site's articles waiting for review (or sent back), found without reading the others.
CREATE INDEX ix_articles_review_queue ON articles (site_id, review_status, id) WHERE review_status IS NOT NULL;
