-- Families, their members, their cards and every change of a card's state.
-- National ID numbers are never stored: only an HMAC of them (national_id_hash).
CREATE TABLE families (
    id TEXT PRIMARY KEY NOT NULL,
    municipality TEXT NOT NULL CHECK (municipality IN ('ALY', 'VAR', 'ELK')),
    family_number INTEGER NOT NULL,
    reference TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (municipality, family_number)
);
CREATE INDEX families_reference ON families (reference);

CREATE TABLE members (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL REFERENCES families (id),
    member_number INTEGER NOT NULL,
    name TEXT NOT NULL,
    name_ascii TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('parent', 'child')),
    birth_date DATE NOT NULL,
    education_until DATE,
    disability_until DATE,
    national_id_hash BLOB NOT NULL,
    removed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (family_id, member_number)
);
-- One person is registered once (while not removed).
CREATE UNIQUE INDEX members_one_person ON members (national_id_hash) WHERE removed_at IS NULL;
CREATE INDEX members_family ON members (family_id);
CREATE INDEX members_name_ascii ON members (name_ascii);

CREATE TABLE cards (
    id TEXT PRIMARY KEY NOT NULL,
    member_id TEXT NOT NULL REFERENCES members (id),
    family_id TEXT NOT NULL REFERENCES families (id),
    municipality TEXT NOT NULL CHECK (municipality IN ('ALY', 'VAR', 'ELK')),
    number TEXT NOT NULL UNIQUE,
    sequence INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
    valid_from TIMESTAMP NOT NULL,
    valid_until TIMESTAMP NOT NULL,
    kid TEXT NOT NULL,
    status_index BIGINT NOT NULL,
    qr_text TEXT NOT NULL CHECK (qr_text LIKE 'KARTU1:%'),
    -- The holder's national ID hash while the card is active or suspended, NULL otherwise:
    -- one person, one active card, even under concurrent requests.
    holder_hash BLOB UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (municipality, status_index)
);
CREATE INDEX cards_member ON cards (member_id);
CREATE INDEX cards_family ON cards (family_id);

CREATE TABLE card_events (
    -- A growing number, so a card's history keeps its order within one second.
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    card_id TEXT NOT NULL REFERENCES cards (id),
    kind TEXT NOT NULL CHECK (kind IN ('issue', 'renew', 'reissue', 'revoke', 'suspend', 'reinstate')),
    reason TEXT,
    actor TEXT NOT NULL,
    at TIMESTAMP NOT NULL
);
CREATE INDEX card_events_card ON card_events (card_id);
