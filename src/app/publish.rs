//! What the service publishes for offline verification, and whether it is ready to serve: the
//! anchor-signed key set and the signed status lists, each cached with its ETag in `trust`.

use std::sync::Arc;

use diesel::connection::SimpleConnection;
use kartu_card::{KeySet, Municipality};

use crate::app::error::{Context, Error};
use crate::app::trust::Published;
use crate::app::Kartu;

/// The key set verifiers get, signed again when half its validity has passed.
pub fn key_set(k: &Kartu) -> Result<Arc<(KeySet, Published)>, Error> {
    k.trust.key_set(k.now()).context("publishing the key set")
}

/// The signed status lists of every municipality.
pub fn status_lists(k: &Kartu) -> Result<Published, Error> {
    k.trust
        .status_bundle(k.now())
        .context("publishing the status lists")
}

/// Whether the service can do its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Readiness {
    /// The database answers.
    pub database: bool,
    /// The database takes writes (a full disk, an I/O error or a read-only file or server does
    /// not).
    pub writable: bool,
    /// Every municipality has an active signing key here.
    pub keys: bool,
}

impl Readiness {
    pub fn ready(self) -> bool {
        self.database && self.writable && self.keys
    }
}

/// How long readiness waits for a connection: a probe must answer within a second.
const PROBE_WAIT: std::time::Duration = std::time::Duration::from_millis(800);

/// Whether the service can serve: the database reached within [`PROBE_WAIT`] and written to
/// (one row of `write_probe`, committed), and a signing key for every municipality.
pub fn readiness(k: &Kartu) -> Readiness {
    let now = k.now();
    let (database, writable) = match k.db.conn_within(PROBE_WAIT) {
        Err(_) => (false, false),
        Ok(mut c) => {
            let database = c.batch_execute("SELECT 1").is_ok();
            let writable = database
                && crate::store::write(&mut c, |tx| {
                    crate::store::probe_write(tx, now).context("writing the probe")
                })
                .is_ok();
            (database, writable)
        }
    };
    let keys = Municipality::ALL
        .iter()
        .all(|m| k.trust.keyring().signer(*m, now).is_some());
    Readiness {
        database,
        writable,
        keys,
    }
}
