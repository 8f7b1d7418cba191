-- A channel's 栏目简介, its 外链 address (a channel the navigation links elsewhere) and whether the navigation leaves it
-- out (不在导航显示): none, none and no for every channel there is.
ALTER TABLE channels ADD COLUMN description TEXT;
ALTER TABLE channels ADD COLUMN link_url TEXT;
ALTER TABLE channels ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1));
