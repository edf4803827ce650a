-- Several processes on one database file: every change of a status list entry is appended here
-- in the transaction that makes it (by triggers, so no act can forget it), and every process
-- reads what it has not seen yet into its in-memory lists (see the PostgreSQL migration).
CREATE TABLE status_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    municipality TEXT NOT NULL,
    status_index BIGINT NOT NULL,
    status TEXT NOT NULL,
    logged_at BIGINT NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER))
);
CREATE INDEX status_log_logged_at ON status_log (logged_at);

CREATE TRIGGER cards_status_log_insert AFTER INSERT ON cards
BEGIN
    INSERT INTO status_log (municipality, status_index, status)
        VALUES (NEW.municipality, NEW.status_index, NEW.status);
END;
CREATE TRIGGER cards_status_log_update AFTER UPDATE OF status, status_index, municipality ON cards
    WHEN NEW.status IS NOT OLD.status OR NEW.status_index IS NOT OLD.status_index
        OR NEW.municipality IS NOT OLD.municipality
BEGIN
    INSERT INTO status_log (municipality, status_index, status)
        VALUES (NEW.municipality, NEW.status_index, NEW.status);
END;
CREATE TRIGGER retired_status_log AFTER INSERT ON retired_status_indexes
BEGIN
    INSERT INTO status_log (municipality, status_index, status)
        VALUES (NEW.municipality, NEW.status_index, 'revoked');
END;
