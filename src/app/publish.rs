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
    /// Every municipality has an active signing key here.
    pub keys: bool,
}

impl Readiness {
    pub fn ready(self) -> bool {
        self.database && self.keys
    }
}

pub fn readiness(k: &Kartu) -> Readiness {
    let database =
        k.db.pool()
            .get()
            .ok()
            .is_some_and(|mut c| c.batch_execute("SELECT 1").is_ok());
    let now = k.now();
    let keys = Municipality::ALL
        .iter()
        .all(|m| k.trust.keyring().signer(*m, now).is_some());
    Readiness { database, keys }
}
