-- A webhook sent back in its site's changes feed (POST …/webhooks/{id}/rewind) counts its rewinds: the messages it then
-- sends again are new ones (another webhook-id, which a receiver that lost what it had must not take for a retry), and a
-- delivery under way when it was rewound does not move it on past the rewind.
ALTER TABLE webhooks ADD COLUMN rewinds INTEGER NOT NULL DEFAULT 0;
