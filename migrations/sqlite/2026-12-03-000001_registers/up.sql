-- Registers: imports, re-signing, printed cards, what is due, erasure.

-- A status list entry a card no longer uses: its earlier text was signed on it, so the entry
-- stays revoked for good and is never drawn again. Renewal and re-signing move a card to a new
-- index in the same transaction as they retire the old one.
CREATE TABLE retired_status_indexes (
    municipality TEXT NOT NULL CHECK (municipality IN ('ALY', 'VAR', 'ELK')),
    status_index BIGINT NOT NULL,
    card_id TEXT NOT NULL REFERENCES cards (id),
    retired_at TIMESTAMP NOT NULL,
    PRIMARY KEY (municipality, status_index)
);
CREATE INDEX retired_status_indexes_card ON retired_status_indexes (card_id);

-- When the card's current text was last printed from the print view (NULL: never, or signed
-- again since), so that re-signing can list the paper cards to reprint.
ALTER TABLE cards ADD COLUMN printed_at TIMESTAMP;
-- The cards that end soon, and the cards of one key.
CREATE INDEX cards_due ON cards (municipality, valid_until);
CREATE INDEX cards_kid ON cards (kid, status);
CREATE INDEX members_birth_date ON members (birth_date);
CREATE INDEX families_municipality_reference ON families (municipality, reference);

-- Erasure under the retention rule: the row stays (card numbers and the audit trail keep their
-- ids), the personal data is replaced by placeholders and erased_at says so.
ALTER TABLE families ADD COLUMN erased_at TIMESTAMP;
ALTER TABLE members ADD COLUMN erased_at TIMESTAMP;

-- A register import, with its progress and its report (no national ID numbers: rows are named
-- by line number).
CREATE TABLE imports (
    id TEXT PRIMARY KEY NOT NULL,
    municipality TEXT NOT NULL CHECK (municipality IN ('ALY', 'VAR', 'ELK')),
    actor TEXT NOT NULL,
    file_name TEXT NOT NULL,
    dry_run BOOLEAN NOT NULL,
    issue_cards BOOLEAN NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    families_total INTEGER NOT NULL DEFAULT 0,
    families_done INTEGER NOT NULL DEFAULT 0,
    registered INTEGER NOT NULL DEFAULT 0,
    already_present INTEGER NOT NULL DEFAULT 0,
    refused INTEGER NOT NULL DEFAULT 0,
    cards_issued INTEGER NOT NULL DEFAULT 0,
    report TEXT NOT NULL DEFAULT '',
    error TEXT,
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP
);
CREATE INDEX imports_municipality ON imports (municipality, started_at);
