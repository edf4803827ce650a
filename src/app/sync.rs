//! Several instances on one database agree: each follows `status_log` (appended by triggers in
//! every transaction that changes a status list entry) into its in-memory lists, and rereads its
//! key directory for key-ring changes. The database is the truth; the lists are its cache.
//!
//! The web layer runs [`Follower::catch_up`] when PostgreSQL notifies a commit and at least every
//! `--sync-interval-ms`, and [`reload_keys`] on SIGHUP and every `--keys-check-seconds`.
//!
//! Ids are handed out when a row is inserted, not when it commits, so on PostgreSQL a row can
//! become visible after a later one. The follower remembers the ids it skipped and looks for them
//! again for [`MISSING_FOR`] seconds (a rolled-back transaction leaves its id unused for good).
//! For one status entry the order holds: two transactions that change the same card queue on its
//! row, so the later one also takes the later id.

use std::collections::BTreeMap;

use crate::app::error::{Context, Error};
use crate::app::trust::{stored_lists, StatusChange};
use crate::app::Kartu;
use crate::store::status_log;

/// How long a skipped id is looked for again, in seconds.
pub const MISSING_FOR: i64 = 120;
/// The most skipped ids remembered; beyond that the oldest are given up.
const MAX_MISSING: usize = 10_000;
/// Rows read at a time.
const BATCH: i64 = 10_000;
/// How long the log keeps a row, in seconds. A follower that could not read it for longer
/// reads every card again instead.
pub const KEEP_FOR: i64 = 86_400;
/// How often a follower prunes the log, in seconds.
const PRUNE_EVERY: i64 = 3_600;

/// Where one process stands in the log.
#[derive(Debug)]
pub struct Follower {
    after: i64,
    /// Skipped ids and when they were first missed.
    missing: BTreeMap<i64, i64>,
    last_read: i64,
    last_prune: i64,
}

impl Follower {
    /// A follower for a process whose lists were read from the cards when the log's newest id
    /// was `after`: rows up to it are already in them (a later one read again changes nothing).
    pub fn starting_at(after: i64, now: i64) -> Follower {
        Follower {
            after,
            missing: BTreeMap::new(),
            last_read: now,
            last_prune: now,
        }
    }

    /// The follower of the lists `k` was opened with (`boot::open`).
    pub fn start(k: &Kartu) -> Follower {
        Follower::starting_at(k.log_start, k.now())
    }

    /// The newest id applied.
    pub fn position(&self) -> i64 {
        self.after
    }

    /// Applies what other processes (or this one) committed since the last call, and returns
    /// how many logged entries it applied: 0 when it rebuilt the lists from every card instead,
    /// which logs its own warning.
    pub fn catch_up(&mut self, k: &Kartu) -> Result<usize, Error> {
        let now = k.now();
        if now - self.last_read > KEEP_FOR / 2 {
            return self.read_everything(k, now);
        }
        self.missing.retain(|_, since| now - *since <= MISSING_FOR);
        let mut applied = 0;
        loop {
            let missing: Vec<i64> = self.missing.keys().copied().collect();
            let mut rows = k.db.read(|c| {
                status_log::since(c, self.after, &missing, BATCH).context("reading the status log")
            })?;
            rows.sort_by_key(|r| r.id);
            let newer = rows.iter().filter(|r| r.id > self.after).count();
            let mut changes = Vec::with_capacity(rows.len());
            for row in &rows {
                if row.id > self.after {
                    for skipped in self.after + 1..row.id {
                        self.missing.insert(skipped, now);
                    }
                    self.after = row.id;
                } else {
                    self.missing.remove(&row.id);
                }
                changes.push(StatusChange {
                    municipality: row.municipality,
                    index: u32::try_from(row.status_index).context("a logged status index")?,
                    status: row.status.list_status(),
                });
            }
            while self.missing.len() > MAX_MISSING {
                self.missing.pop_first();
            }
            k.trust
                .apply(&changes)
                .context("applying the logged status changes")?;
            applied += changes.len();
            if i64::try_from(newer).unwrap_or(i64::MAX) < BATCH {
                break;
            }
        }
        self.last_read = now;
        if now - self.last_prune >= PRUNE_EVERY {
            self.last_prune = now;
            let pruned = k.db.write(|c| {
                status_log::prune(c, now - KEEP_FOR).context("pruning the status log")
            })?;
            if pruned > 0 {
                tracing::info!(pruned, "pruned the status log");
            }
        }
        Ok(applied)
    }

    /// Rebuilds the lists from the cards themselves, for a process that lost the log.
    fn read_everything(&mut self, k: &Kartu, now: i64) -> Result<usize, Error> {
        tracing::warn!("the status log was out of reach too long; reading every card again");
        let (after, lists) = k.db.read(|c| {
            let after = status_log::last_id(c).context("reading the status log")?;
            Ok((after, stored_lists(c)?))
        })?;
        k.trust
            .replace_lists(lists)
            .context("rebuilding the status lists")?;
        *self = Follower::starting_at(after, now);
        Ok(0)
    }
}

/// Reads the key directory again; logs and returns whether the ring changed. A directory that
/// cannot be read leaves the last good ring in use.
pub fn reload_keys(k: &Kartu) -> Result<bool, Error> {
    let changed = k
        .trust
        .reload_keyring(k.now())
        .context("reading the key directory again")?;
    if changed {
        tracing::info!("the key ring changed on disk; signing and publishing the new one");
    }
    Ok(changed)
}
