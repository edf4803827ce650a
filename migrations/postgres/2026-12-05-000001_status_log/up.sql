-- Several instances on one database: every change of a status list entry is appended here in
-- the transaction that makes it (by triggers, so no act can forget it), and every instance reads
-- what it has not seen yet into its in-memory lists. A NOTIFY on commit wakes the instances at
-- once; their periodic read is the fallback for a lost connection. Rows older than a day are
-- pruned: an instance that starts reads the cards themselves.
CREATE TABLE status_log (
    id BIGSERIAL PRIMARY KEY,
    municipality TEXT NOT NULL,
    status_index BIGINT NOT NULL,
    status TEXT NOT NULL,
    logged_at BIGINT NOT NULL DEFAULT (extract(epoch FROM now())::BIGINT)
);
CREATE INDEX status_log_logged_at ON status_log (logged_at);

CREATE FUNCTION status_log_card() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status
        OR NEW.status_index IS DISTINCT FROM OLD.status_index
        OR NEW.municipality IS DISTINCT FROM OLD.municipality
    THEN
        INSERT INTO status_log (municipality, status_index, status)
            VALUES (NEW.municipality, NEW.status_index, NEW.status);
        PERFORM pg_notify('kartu_status', '');
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER cards_status_log AFTER INSERT OR UPDATE ON cards
    FOR EACH ROW EXECUTE FUNCTION status_log_card();

CREATE FUNCTION status_log_retired() RETURNS trigger AS $$
BEGIN
    INSERT INTO status_log (municipality, status_index, status)
        VALUES (NEW.municipality, NEW.status_index, 'revoked');
    PERFORM pg_notify('kartu_status', '');
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER retired_status_log AFTER INSERT ON retired_status_indexes
    FOR EACH ROW EXECUTE FUNCTION status_log_retired();
