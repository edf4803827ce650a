-- The partner programme: partners (businesses and public bodies that give card holders a
-- discount), their locations and offers, applications to join, till links for the checker,
-- and the usage counts behind the statistics. Partner accounts are accounts with the role
-- `partner`, bound to one partner.
CREATE TABLE partners (
    id TEXT PRIMARY KEY NOT NULL,
    -- The municipality of the head office: its clerks manage the partner.
    municipality TEXT NOT NULL CHECK (municipality IN ('ALY', 'VAR', 'ELK')),
    name TEXT NOT NULL,
    -- Lithuanian company code or Polish NIP, digits only, checked before it is stored.
    legal_id TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('food', 'clothing', 'culture', 'sport', 'health', 'education', 'transport', 'services', 'leisure', 'other')),
    website TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'withdrawn', 'deleted')),
    -- Lower-case ASCII of the name, the addresses and the municipalities' names: what a
    -- catalogue search matches, whatever letters the visitor types.
    search_text TEXT NOT NULL,
    -- Where its current locations are, and whose cards its published offers accept: kept up
    -- to date by every act that changes them, so the catalogue's filters read one table.
    located_aly BOOLEAN NOT NULL DEFAULT FALSE,
    located_var BOOLEAN NOT NULL DEFAULT FALSE,
    located_elk BOOLEAN NOT NULL DEFAULT FALSE,
    accepts_aly BOOLEAN NOT NULL DEFAULT FALSE,
    accepts_var BOOLEAN NOT NULL DEFAULT FALSE,
    accepts_elk BOOLEAN NOT NULL DEFAULT FALSE,
    -- An example partner of a development checkout (`kartu serve --demo`).
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
-- One business, one partner (a deleted one may join again).
CREATE UNIQUE INDEX partners_legal_id ON partners (legal_id) WHERE status <> 'deleted';
CREATE INDEX partners_status_name ON partners (status, name);
CREATE INDEX partners_municipality ON partners (municipality);
-- The catalogue's search: any part of the search text, through a trigram index (pg_trgm
-- answers LIKE '%…%' from it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX partners_search_trgm ON partners USING gin (search_text gin_trgm_ops);

CREATE TABLE partner_locations (
    id TEXT PRIMARY KEY NOT NULL,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    address TEXT NOT NULL,
    -- The municipality the location lies in (a partner of Ełk may have a shop in Alytus).
    municipality TEXT NOT NULL CHECK (municipality IN ('ALY', 'VAR', 'ELK')),
    latitude DOUBLE PRECISION CHECK (latitude BETWEEN -90 AND 90),
    longitude DOUBLE PRECISION CHECK (longitude BETWEEN -180 AND 180),
    opening_hours TEXT NOT NULL DEFAULT '',
    -- A removed location keeps its row for the usage counts that name it.
    removed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX partner_locations_partner ON partner_locations (partner_id);
CREATE INDEX partner_locations_municipality ON partner_locations (municipality);

CREATE TABLE offers (
    id TEXT PRIMARY KEY NOT NULL,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    status TEXT NOT NULL CHECK (status IN ('proposed', 'published', 'withdrawn', 'rejected')),
    -- The published offer a proposal replaces once a clerk approves it.
    replaces TEXT REFERENCES offers (id),
    description_lt TEXT,
    description_pl TEXT,
    description_en TEXT,
    percent INTEGER CHECK (percent BETWEEN 1 AND 100),
    -- A fixed amount off, in the currency's minor unit.
    amount_minor BIGINT CHECK (amount_minor > 0),
    currency TEXT CHECK (currency IN ('EUR', 'PLN')),
    conditions TEXT NOT NULL DEFAULT '',
    valid_from DATE,
    valid_until DATE,
    roles TEXT NOT NULL CHECK (roles IN ('parent', 'child', 'both')),
    accepts_aly BOOLEAN NOT NULL,
    accepts_var BOOLEAN NOT NULL,
    accepts_elk BOOLEAN NOT NULL,
    -- The partner account that proposed it, if one did.
    proposed_by TEXT,
    -- Why a clerk rejected the proposal.
    decision_reason TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (description_lt IS NOT NULL OR description_pl IS NOT NULL OR description_en IS NOT NULL),
    CHECK ((percent IS NOT NULL AND amount_minor IS NULL AND currency IS NULL)
        OR (percent IS NULL AND amount_minor IS NOT NULL AND currency IS NOT NULL)),
    CHECK (accepts_aly OR accepts_var OR accepts_elk),
    CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from <= valid_until)
);
CREATE INDEX offers_partner ON offers (partner_id, status);

CREATE TABLE partner_applications (
    id TEXT PRIMARY KEY NOT NULL,
    municipality TEXT NOT NULL CHECK (municipality IN ('ALY', 'VAR', 'ELK')),
    name TEXT NOT NULL,
    legal_id TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('food', 'clothing', 'culture', 'sport', 'health', 'education', 'transport', 'services', 'leisure', 'other')),
    address TEXT NOT NULL,
    website TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL,
    contact_name TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    -- The language the business wrote in, to answer in.
    lang TEXT NOT NULL CHECK (lang IN ('lt', 'pl', 'en')),
    status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'rejected')),
    decision_reason TEXT,
    decided_by TEXT,
    decided_at TIMESTAMP,
    partner_id TEXT REFERENCES partners (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX partner_applications_status ON partner_applications (municipality, status);

-- A till link: the secret token of /check/till/<token>, which sets a checker up as one location
-- of one partner. Only its SHA-256 is kept.
CREATE TABLE partner_tills (
    id TEXT PRIMARY KEY NOT NULL,
    partner_id TEXT NOT NULL REFERENCES partners (id),
    location_id TEXT NOT NULL REFERENCES partner_locations (id),
    label TEXT NOT NULL,
    token_hash BYTEA NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX partner_tills_partner ON partner_tills (partner_id);

-- Uses of the card a cashier confirmed, counted per partner, location, card municipality and
-- day. No card number, no name, no time of day: only how many.
CREATE TABLE card_uses (
    partner_id TEXT NOT NULL REFERENCES partners (id),
    location_id TEXT NOT NULL REFERENCES partner_locations (id),
    -- Where the location lay when the card was used.
    location_municipality TEXT NOT NULL CHECK (location_municipality IN ('ALY', 'VAR', 'ELK')),
    card_municipality TEXT NOT NULL CHECK (card_municipality IN ('ALY', 'VAR', 'ELK')),
    day DATE NOT NULL,
    -- `YYYY-MM` of the day, for grouping the same way on both backends.
    month TEXT NOT NULL,
    uses BIGINT NOT NULL CHECK (uses > 0),
    PRIMARY KEY (partner_id, location_id, card_municipality, day)
);
CREATE INDEX card_uses_month ON card_uses (month);

-- Partner accounts: the role `partner`, bound to one partner.
ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check
    CHECK (role IN ('clerk', 'supervisor', 'admin', 'partner'));
ALTER TABLE accounts ADD COLUMN partner_id TEXT REFERENCES partners (id);
ALTER TABLE accounts ADD CONSTRAINT accounts_partner_bound
    CHECK ((role = 'partner') = (partner_id IS NOT NULL));
