-- Family page links: the unguessable token of /family/<token>, handed to a family on a printed
-- slip. Only its SHA-256 is kept (the link is shown once, when it is made). A family has at
-- most one link in use; replacing or revoking it sets revoked_at.
CREATE TABLE family_links (
    id TEXT PRIMARY KEY NOT NULL,
    family_id TEXT NOT NULL REFERENCES families (id),
    token_hash BYTEA NOT NULL UNIQUE,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX family_links_family ON family_links (family_id);
