CREATE INDEX families_reference_trgm ON families USING gin (lower(reference) gin_trgm_ops)
    WHERE erased_at IS NULL;
DROP INDEX families_reference_prefix;
