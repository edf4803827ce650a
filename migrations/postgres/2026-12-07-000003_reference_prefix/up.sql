-- A reference is searched by its beginning: a range of this byte-ordered index, with parameters
-- too (pg_trgm had to intersect the long lists of trigrams every reference shares, 40-60 ms at
-- 1 M families, so its reference index goes).
CREATE INDEX families_reference_prefix ON families ((lower(reference) COLLATE "C"))
    WHERE erased_at IS NULL;
DROP INDEX families_reference_trgm;
