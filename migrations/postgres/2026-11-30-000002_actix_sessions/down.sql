DROP INDEX sessions_last_seen;
-- The earlier code hashes the whole cookie, so these sessions could never be found by it.
DELETE FROM sessions;
