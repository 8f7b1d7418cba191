-- A channel's 栏目简介, 外链 address and 不在导航显示 (see the SQLite migration of the same name). BIGINT as the other
-- integers, so that both engines read it alike.
ALTER TABLE channels ADD COLUMN description TEXT;
ALTER TABLE channels ADD COLUMN link_url TEXT;
ALTER TABLE channels ADD COLUMN hidden BIGINT NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
