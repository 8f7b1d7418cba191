-- 置顶级别: pinned articles come by their level (1–9, higher first), then newest first; 0 when not pinned. A pin made
-- before levels existed is level 1, where a pin without one goes.
ALTER TABLE articles ADD COLUMN pin_level INTEGER NOT NULL DEFAULT 0 CHECK (pin_level BETWEEN 0 AND 9);
UPDATE articles SET pin_level = 1 WHERE pinned = 1;
