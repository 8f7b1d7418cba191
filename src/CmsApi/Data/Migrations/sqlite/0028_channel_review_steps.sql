-- 栏目级审核: a channel may ask for more approvals than its site (通知公告 and 政策文件 三审 where 工作动态 is 一审); an
-- article needs the most that its site, its channel and the channels above it ask for. 0: no more than the site.
ALTER TABLE channels ADD COLUMN review_steps INTEGER NOT NULL DEFAULT 0 CHECK (review_steps BETWEEN 0 AND 3);
