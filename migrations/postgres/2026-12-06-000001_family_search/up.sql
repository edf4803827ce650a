-- Family search through indexes, also with millions of families: a member's name in part and a
-- reference's start are trigram lookups (pg_trgm, which also serves LIKE 'ab%' through the
-- padded trigrams of a word's start), and the newest-first order can walk an index.
-- pg_trgm is there since the partners migration (2026-12-02), which creates it.
CREATE INDEX members_name_trgm ON members USING gin (lower(name_ascii) gin_trgm_ops)
    WHERE removed_at IS NULL;
CREATE INDEX families_reference_trgm ON families USING gin (lower(reference) gin_trgm_ops)
    WHERE erased_at IS NULL;
CREATE INDEX families_newest ON families (created_at DESC, id) WHERE erased_at IS NULL;
