//! The application layer: every act of the service, one function each, in a module per area
//! (`families`, `cards`, `links`, `accounts`, `sessions`, `audit_trail`, `verify`, `publish`).
//! The API, the console pages and the CLI are adapters around these functions.
//!
//! An act takes the acting [`Actor`](actor::Actor) and checks the permission it needs and the
//! actor's scope (another municipality's record is "not found"), runs its database transaction,
//! writes its audit record in that transaction, and after the commit updates the in-memory trust
//! state (`trust`). It returns domain values (store rows, assessments), never a response.
//!
//! This layer imports neither actix nor any other web crate. It blocks (diesel is blocking):
//! the web runs acts on its blocking thread pool, the CLI calls them directly.

pub mod accounts;
pub mod act_counts;
pub mod actor;
pub mod applications;
pub mod audit;
pub mod audit_trail;
pub mod boot;
pub mod cards;
pub mod catalogue;
pub mod checkout;
pub mod clock;
pub mod demo;
pub mod due;
pub mod error;
pub mod families;
pub mod figures;
pub mod import;
pub mod import_batch;
pub mod import_jobs;
pub mod input;
pub mod keys;
pub mod links;
pub mod members;
pub mod offers;
pub mod partner_input;
pub mod partners;
pub mod privacy;
pub mod publish;
pub mod qr_image;
pub mod resign;
pub mod retention;
pub mod sessions;
pub mod signing;
pub mod sync;
pub mod throttle;
pub mod trust;
pub mod usage;
pub mod verify;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use kartu_card::{Policy, Reason};

use crate::app::clock::Clock;
use crate::app::error::{Context, Error};
use crate::app::throttle::LoginThrottle;
use crate::app::trust::Trust;
use crate::domain::eligibility::Rules;
use crate::domain::national_id::IdHashSecret;
use crate::store::{DbConnection, Pool, PooledConnection};

/// The database and the clock: what every act needs.
#[derive(Debug, Clone)]
pub struct Db {
    pool: Pool,
    clock: Clock,
    /// The last attempt to take a connection failed: the database is away, so the next ones
    /// wait [`WHILE_AWAY`] instead of the pool's full timeout.
    away: std::sync::Arc<AtomicBool>,
}

/// How long a request waits for a connection while the database is known to be away.
pub const WHILE_AWAY: Duration = Duration::from_millis(250);

impl Db {
    pub fn new(pool: Pool, clock: Clock) -> Db {
        Db {
            pool,
            clock,
            away: std::sync::Arc::new(AtomicBool::new(false)),
        }
    }

    /// Opens a pool of `size` connections to `url` (the command line's one connection).
    pub fn open(url: &str, size: u32, clock: Clock) -> Result<Db, crate::store::DbError> {
        Ok(Db::new(crate::store::pool(url, size)?, clock))
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// A connection from the pool. While the database is away (the last attempt failed) this
    /// waits only [`WHILE_AWAY`], so requests fail fast with 503 instead of each waiting the
    /// pool's timeout; the first success clears it.
    pub fn conn(&self) -> Result<PooledConnection, Error> {
        let wait = if self.away.load(Ordering::Relaxed) {
            WHILE_AWAY
        } else {
            self.pool.connection_timeout()
        };
        self.conn_within(wait)
    }

    /// A connection within `wait`, noting whether the database could be reached.
    pub fn conn_within(&self, wait: Duration) -> Result<PooledConnection, Error> {
        let got = self.pool.get_timeout(wait);
        self.away.store(got.is_err(), Ordering::Relaxed);
        got.context("taking a database connection")
    }

    /// Whether the last attempt to take a connection failed.
    pub fn is_away(&self) -> bool {
        self.away.load(Ordering::Relaxed)
    }

    /// Runs `f` on a connection, outside a transaction.
    pub fn read<T>(
        &self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, Error>,
    ) -> Result<T, Error> {
        f(&mut *self.conn()?)
    }

    /// Runs `f` in a write transaction: committed when it returns Ok, rolled back otherwise.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut DbConnection) -> Result<T, Error>,
    ) -> Result<T, Error> {
        act_counts::forget();
        let result = crate::store::write(&mut *self.conn()?, f);
        match result {
            Ok(_) => act_counts::committed(),
            Err(_) => act_counts::forget(),
        }
        result
    }
}

/// What a login costs and how often it may fail.
#[derive(Debug)]
pub struct LoginGuard {
    /// Failed logins per account name.
    pub by_name: LoginThrottle,
    /// Failed logins per client address; four times as many, for a shared office.
    pub by_address: LoginThrottle,
    /// An argon2id hash of a random password: unknown usernames are checked against it, so they
    /// take as long as known ones.
    pub dummy_hash: String,
    /// The argon2 checks in flight at once.
    pub hashing: throttle::Gate,
}

/// Everything the acts share: the database, the trust state, the secrets and the rules.
#[derive(Debug)]
pub struct Kartu {
    pub db: Db,
    pub trust: Trust,
    /// The status log's newest id when the lists in `trust` were read (`sync::Follower`).
    pub log_start: i64,
    pub id_secret: IdHashSecret,
    pub rules: Rules,
    pub verify_policy: Policy,
    /// How many verifications gave each reason. Counts only: who was checked is never recorded.
    pub verify_counts: VerifyCounts,
    pub logins: LoginGuard,
    /// The photos being read (`verify::verify_photo`).
    pub photo_reads: throttle::Gate,
}

impl Kartu {
    pub fn now(&self) -> i64 {
        self.db.now()
    }
}

#[derive(Debug, Default)]
pub struct VerifyCounts([AtomicU64; Reason::ALL.len()]);

impl VerifyCounts {
    pub fn record(&self, reason: Reason) {
        if let Some(i) = Reason::ALL.iter().position(|r| *r == reason) {
            self.0[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn snapshot(&self) -> Vec<(Reason, u64)> {
        Reason::ALL
            .iter()
            .zip(&self.0)
            .map(|(r, c)| (*r, c.load(Ordering::Relaxed)))
            .collect()
    }
}
