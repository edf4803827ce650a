-- Re-signing: a card signed again while its paper copy was out needs reprinting. `printed_at`
-- says when the current text was printed (NULL: never, or signed again since); `reprint_since`
-- says since when a printed card's paper copy has been stale (NULL once it is printed again).
ALTER TABLE cards ADD COLUMN reprint_since TIMESTAMP;
CREATE INDEX cards_reprint ON cards (municipality, reprint_since);

-- A card's history names a re-signing ('resign') apart from a renewal. SQLite cannot change a
-- CHECK in place, so the table is made again with its rows (under its own name, so the schema
-- reads as if it had been created so).
DROP INDEX card_events_card;
ALTER TABLE card_events RENAME TO card_events_before_resign;
CREATE TABLE card_events (
    -- A growing number, so a card's history keeps its order within one second.
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    card_id TEXT NOT NULL REFERENCES cards (id),
    kind TEXT NOT NULL CHECK (kind IN ('issue', 'renew', 'reissue', 'revoke', 'suspend', 'reinstate', 'resign')),
    reason TEXT,
    actor TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
INSERT INTO card_events (id, card_id, kind, reason, actor, at)
    SELECT id, card_id, kind, reason, actor, at FROM card_events_before_resign;
DROP TABLE card_events_before_resign;
CREATE INDEX card_events_card ON card_events (card_id);
