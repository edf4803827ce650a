DROP INDEX card_events_card;
ALTER TABLE card_events RENAME TO card_events_with_resign;
CREATE TABLE card_events (
    -- A growing number, so a card's history keeps its order within one second.
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    card_id TEXT NOT NULL REFERENCES cards (id),
    kind TEXT NOT NULL CHECK (kind IN ('issue', 'renew', 'reissue', 'revoke', 'suspend', 'reinstate')),
    reason TEXT,
    actor TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
-- A re-signing was a new signature, as a renewal is.
INSERT INTO card_events (id, card_id, kind, reason, actor, at)
    SELECT id, card_id, CASE kind WHEN 'resign' THEN 'renew' ELSE kind END, reason, actor, at
    FROM card_events_with_resign;
DROP TABLE card_events_with_resign;
CREATE INDEX card_events_card ON card_events (card_id);

DROP INDEX cards_reprint;
ALTER TABLE cards DROP COLUMN reprint_since;
