-- 栏目更新周期: how many days a channel may go without a new article before the government site inspections count it
-- as not updated (动态要闻 14, 通知公告 and 政策文件 183, 人事 and 规划计划 365); 0: not checked.
ALTER TABLE channels ADD COLUMN update_days INTEGER NOT NULL DEFAULT 0;
