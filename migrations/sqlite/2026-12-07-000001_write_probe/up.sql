-- One row that readiness writes: a database that can be read but not written (a full disk, an
-- I/O error, a read-only file or server) is not ready.
CREATE TABLE write_probe (
    id INTEGER PRIMARY KEY,
    written_at BIGINT NOT NULL
);
