-- Console sessions move to actix-session: the cookie now carries an encrypted session key, and
-- `id_hash` is the SHA-256 of that key. Sessions started before can never be presented again, so
-- they go (everyone signs in once more). Sessions nobody came back to are swept by last use.
DELETE FROM sessions;
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);
