-- Re-signing: a card signed again while its paper copy was out needs reprinting. `printed_at`
-- says when the current text was printed (NULL: never, or signed again since); `reprint_since`
-- says since when a printed card's paper copy has been stale (NULL once it is printed again).
ALTER TABLE cards ADD COLUMN reprint_since TIMESTAMP;
CREATE INDEX cards_reprint ON cards (municipality, reprint_since);

-- A card's history names a re-signing ('resign') apart from a renewal.
ALTER TABLE card_events DROP CONSTRAINT card_events_kind_check;
ALTER TABLE card_events ADD CONSTRAINT card_events_kind_check
    CHECK (kind IN ('issue', 'renew', 'reissue', 'revoke', 'suspend', 'reinstate', 'resign'));
