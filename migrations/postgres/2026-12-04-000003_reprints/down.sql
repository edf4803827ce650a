-- A re-signing was a new signature, as a renewal is.
UPDATE card_events SET kind = 'renew' WHERE kind = 'resign';
ALTER TABLE card_events DROP CONSTRAINT card_events_kind_check;
ALTER TABLE card_events ADD CONSTRAINT card_events_kind_check
    CHECK (kind IN ('issue', 'renew', 'reissue', 'revoke', 'suspend', 'reinstate'));

DROP INDEX cards_reprint;
ALTER TABLE cards DROP COLUMN reprint_since;
