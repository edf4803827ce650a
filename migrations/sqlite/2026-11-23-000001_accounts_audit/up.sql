-- Clerk accounts, API tokens, console sessions, and the append-only audit trail.
CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    username TEXT NOT NULL UNIQUE,
    municipality TEXT NOT NULL CHECK (municipality IN ('ALY', 'VAR', 'ELK')),
    role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
    -- argon2id PHC string.
    password_hash TEXT NOT NULL,
    disabled_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    label TEXT NOT NULL,
    municipality TEXT NOT NULL CHECK (municipality IN ('ALY', 'VAR', 'ELK')),
    role TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'admin')),
    -- SHA-256 of the token; the token itself is shown once and never stored.
    token_hash BLOB NOT NULL UNIQUE,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    -- The account or token that created it.
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    -- SHA-256 of the cookie's session id.
    id_hash BLOB PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    at TIMESTAMP NOT NULL,
    -- Who: an account or token id (NULL for a failed login by an unknown name) and a name.
    actor_id TEXT,
    actor TEXT NOT NULL,
    -- NULL only for a failed login with an unknown username.
    municipality TEXT CHECK (municipality IN ('ALY', 'VAR', 'ELK')),
    action TEXT NOT NULL,
    family_id TEXT,
    card_id TEXT,
    subject_id TEXT,
    -- JSON of the record before and after the act, never with a national ID in the clear.
    before TEXT,
    after TEXT
);
CREATE INDEX audit_events_card ON audit_events (card_id);
CREATE INDEX audit_events_family ON audit_events (family_id);
CREATE INDEX audit_events_actor ON audit_events (actor_id);
CREATE INDEX audit_events_at ON audit_events (municipality, at);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
