//! The store: diesel models and queries over SQLite (the embedded default) or PostgreSQL
//! (production), picked by the URL scheme, behind an r2d2 pool; and the key ring on disk
//! (`keyring`). One file per table: the row type and query functions that take the connection
//! first and return `QueryResult`. Rows hold domain values (`sql_types` maps them to columns),
//! so a row with an unknown state or role cannot be loaded.
//!
//! The store knows nothing of who is asking: scope and permission are the application layer's.
//!
//! Diesel's own `MultiConnection::establish` tries each backend in turn and turns a mistyped
//! PostgreSQL URL into a SQLite file; [`DbManager`] decides by the scheme and reports the real
//! error instead. SQLite runs with WAL, foreign keys, a busy timeout, and `BEGIN IMMEDIATE` for
//! every write transaction ([`write`]): deferred transactions fail under concurrent writers.

pub mod account;
pub mod api_token;
pub mod audit_event;
pub mod card;
pub mod card_event;
pub mod card_use;
pub mod due;
pub mod family;
pub mod family_link;
pub mod import;
pub mod keyring;
pub mod member;
pub mod offer;
pub mod partner;
pub mod partner_application;
pub mod partner_location;
pub mod partner_till;
pub mod retired_index;
pub mod schema;
pub mod session;
pub mod sql_types;
pub mod status_log;

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::{Connection, PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use thiserror::Error;
use time::{OffsetDateTime, PrimitiveDateTime};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

impl std::fmt::Debug for DbConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DbConnection::Postgres(_) => "DbConnection::Postgres",
            DbConnection::Sqlite(_) => "DbConnection::Sqlite",
        })
    }
}

pub type Pool = r2d2::Pool<DbManager>;
pub type PooledConnection = r2d2::PooledConnection<DbManager>;

#[derive(Debug, Error)]
pub enum DbError {
    #[error("database URL {0:?} is neither postgres://… nor a SQLite path or sqlite://… URL")]
    BadUrl(String),
    #[error("cannot create the directory for the SQLite file {path}: {source}")]
    Directory {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("database pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("migrations failed: {0}")]
    Migrations(String),
}

/// Which backend a URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Postgres(String),
    Sqlite(PathBuf),
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend, DbError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Backend::Postgres(url.to_string()));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() || path.contains("://") {
            return Err(DbError::BadUrl(url.to_string()));
        }
        Ok(Backend::Sqlite(PathBuf::from(path)))
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::Postgres(_) => "postgres",
            Backend::Sqlite(_) => "sqlite",
        }
    }
}

/// An r2d2 manager that connects to the backend the URL names, and only to it.
#[derive(Debug, Clone)]
pub struct DbManager {
    backend: Backend,
}

/// The busy timeout comes first, so that switching to WAL waits for a lock instead of failing.
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
    PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;";

impl DbManager {
    pub fn new(backend: Backend) -> DbManager {
        DbManager { backend }
    }

    fn connect_inner(&self) -> Result<DbConnection, DbError> {
        match &self.backend {
            Backend::Postgres(url) => PgConnection::establish(url)
                .map(DbConnection::Postgres)
                .map_err(|e| DbError::Connect(e.to_string())),
            Backend::Sqlite(path) => {
                let path_text = path
                    .to_str()
                    .ok_or_else(|| DbError::BadUrl(path.display().to_string()))?;
                let mut conn = SqliteConnection::establish(path_text)
                    .map_err(|e| DbError::Connect(e.to_string()))?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(|e| DbError::Connect(e.to_string()))?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

impl r2d2::ManageConnection for DbManager {
    type Connection = DbConnection;
    type Error = DbError;

    fn connect(&self) -> Result<DbConnection, DbError> {
        self.connect_inner()
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), DbError> {
        conn.batch_execute("SELECT 1")
            .map_err(|e| DbError::Connect(e.to_string()))
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

fn ensure_parent_dir(path: &Path) -> Result<(), DbError> {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => {
            std::fs::create_dir_all(parent).map_err(|source| DbError::Directory {
                path: parent.to_path_buf(),
                source,
            })
        }
        _ => Ok(()),
    }
}

/// Opens a pool of `size` connections, creating the SQLite file's directory when needed.
pub fn pool(url: &str, size: u32) -> Result<Pool, DbError> {
    let backend = Backend::from_url(url)?;
    if let Backend::Sqlite(path) = &backend {
        ensure_parent_dir(path)?;
        // One connection switches a new file to WAL before the pool opens several at once.
        DbManager::new(backend.clone()).connect_inner()?;
    }
    let pool = r2d2::Pool::builder()
        .max_size(size.max(1))
        .connection_timeout(Duration::from_secs(10))
        .build(DbManager::new(backend))?;
    Ok(pool)
}

/// Applies every pending migration of the connection's backend; returns how many ran.
pub fn migrate(conn: &mut DbConnection) -> Result<usize, DbError> {
    let applied = match conn {
        DbConnection::Postgres(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    applied.map_err(|e| DbError::Migrations(e.to_string()))
}

/// Reverts every applied migration, newest first (for the down/up round-trip test).
pub fn revert_all(conn: &mut DbConnection) -> Result<usize, DbError> {
    let reverted = match conn {
        DbConnection::Postgres(c) => c
            .revert_all_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.len()),
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    reverted.map_err(|e| DbError::Migrations(e.to_string()))
}

/// SQLite takes one writer at a time. A writer that finds the lock taken waits in SQLite's busy
/// handler, which sleeps in steps of up to 100 ms; under load that gave issuance a p99 of half a
/// second. Writers of this process queue on this mutex instead and start the moment the previous
/// one commits. (Other processes, such as `kartu admin`, still meet the busy timeout.)
static SQLITE_WRITER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Writes the readiness probe's one row: a database that cannot take this write is not ready.
pub fn probe_write(conn: &mut DbConnection, now: i64) -> diesel::QueryResult<()> {
    use diesel::RunQueryDsl;
    diesel::sql_query(
        "INSERT INTO write_probe (id, written_at) VALUES (1, $1) \
         ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at",
    )
    .bind::<diesel::sql_types::BigInt, _>(now)
    .execute(conn)
    .map(|_| ())
}

/// Serialises allocations of the next number of a kind (`family-number-ALY`, …) until the
/// transaction ends: a transaction-scoped advisory lock on PostgreSQL, whose default isolation
/// would otherwise let two registrations pick the same number. SQLite's write transactions are
/// serial already.
pub fn lock_counter(conn: &mut DbConnection, name: &str) -> diesel::QueryResult<()> {
    if let DbConnection::Postgres(c) = conn {
        use diesel::RunQueryDsl;
        diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1))")
            .bind::<diesel::sql_types::Text, _>(name)
            .execute(c)?;
    }
    Ok(())
}

/// Runs `f` in a write transaction: `BEGIN IMMEDIATE` on SQLite (takes the write lock up front,
/// so the busy timeout applies instead of a deadlock error), a plain `BEGIN` on PostgreSQL.
/// Commits on `Ok`, rolls back on `Err`: nothing half-written survives.
pub fn write<T, E>(
    conn: &mut DbConnection,
    f: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    let _writer = matches!(conn, DbConnection::Sqlite(_)).then(|| {
        SQLITE_WRITER
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    });
    match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?
        }
        DbConnection::Postgres(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match f(conn) {
        Ok(value) => {
            <DbConnection as Connection>::TransactionManager::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => {
            <DbConnection as Connection>::TransactionManager::rollback_transaction(conn)?;
            Err(error)
        }
    }
}

/// A time as stored: UTC, without an offset, whole seconds.
pub fn from_unix(seconds: i64) -> PrimitiveDateTime {
    let t = OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    PrimitiveDateTime::new(t.date(), t.time())
}

pub fn to_unix(t: PrimitiveDateTime) -> i64 {
    t.assume_utc().unix_timestamp()
}

/// A new random row id.
pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_scheme_picks_the_backend() {
        assert!(matches!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres(_)
        ));
        assert!(matches!(
            Backend::from_url("postgresql://u@h/db").unwrap(),
            Backend::Postgres(_)
        ));
        assert_eq!(
            Backend::from_url("sqlite://data/k.db").unwrap(),
            Backend::Sqlite("data/k.db".into())
        );
        assert_eq!(
            Backend::from_url("./data/kartu.db").unwrap(),
            Backend::Sqlite("./data/kartu.db".into())
        );
        assert!(
            Backend::from_url("postgress://typo@h/db").is_err(),
            "a mistyped scheme is not a file name"
        );
        assert!(Backend::from_url("").is_err());
    }

    #[test]
    fn a_fresh_sqlite_file_migrates_and_uses_wal_and_foreign_keys() {
        let dir = tempfile::tempdir().unwrap();
        let url = dir.path().join("sub/k.db");
        let pool = pool(url.to_str().unwrap(), 2).unwrap();
        let mut conn = pool.get().unwrap();
        let on_disk = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
            .unwrap()
            .count();
        assert!(on_disk >= 3);
        assert_eq!(
            migrate(&mut conn).unwrap(),
            on_disk,
            "every migration applies"
        );
        assert_eq!(migrate(&mut conn).unwrap(), 0);
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Mode {
            #[diesel(sql_type = diesel::sql_types::Text)]
            journal_mode: String,
        }
        let DbConnection::Sqlite(c) = &mut *conn else {
            panic!("sqlite expected")
        };
        let mode: Mode = diesel::sql_query("PRAGMA journal_mode")
            .get_result(c)
            .unwrap();
        assert_eq!(mode.journal_mode, "wal");
        let bad = c.batch_execute(
            "INSERT INTO members (id, family_id, member_number, name, name_ascii, role, birth_date, national_id_hash, created_at, updated_at) \
             VALUES ('m', 'no-such-family', 1, 'A', 'a', 'child', '2015-01-01', x'00', '2026-01-01 00:00:00', '2026-01-01 00:00:00')",
        );
        assert!(bad.is_err(), "foreign keys are enforced");
    }
}
