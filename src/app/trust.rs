//! What the running service publishes and signs with: the key ring, the anchor-signed key set
//! (`/.well-known/kartu/keys`) and the municipalities' status lists (`/.well-known/kartu/status`).
//!
//! Revocation state lives in memory ([`Trust::lists`]), loaded from the database at start-up
//! and updated after every committed change, so online verification never queries the database.
//! The signed documents are cached with their ETag and signed again when a list changed or half
//! of their validity has passed.

use std::sync::{Arc, RwLock};

use kartu_card::{
    CardStatus, KeySet, Municipality, SignedDocument, StatusBundle, StatusList, StatusLists,
};
use sha2::{Digest, Sha256};

use crate::app::error::{Context, Error};
use crate::store::keyring::{KeyPolicy, Keyring, KeyringError};
use crate::store::{card, retired_index, DbConnection};

/// The smallest list: 2^17 entries, so a list's size says little about how many cards exist.
pub const MIN_LIST_SIZE: u32 = 1 << 17;

/// A signed document ready to serve.
#[derive(Debug, Clone)]
pub struct Published {
    pub json: String,
    pub etag: String,
    pub issued_at: i64,
    pub next_update: i64,
}

/// A strong ETag for `bytes`: the first 96 bits of their SHA-256, quoted. The published
/// documents and the embedded static files both use it.
pub fn content_tag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("\"{}\"", hex::encode(&digest[..12]))
}

/// A committed change of one card's entry in its municipality's status list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    pub municipality: Municipality,
    pub index: u32,
    pub status: CardStatus,
}

impl Published {
    fn new(json: String, issued_at: i64, next_update: i64) -> Published {
        let etag = content_tag(json.as_bytes());
        Published {
            json,
            etag,
            issued_at,
            next_update,
        }
    }

    fn wants_refresh(&self, now: i64) -> bool {
        now >= self.issued_at + (self.next_update - self.issued_at) / 2
    }
}

#[derive(Debug, Clone, Copy)]
pub struct PublishPolicy {
    pub key_policy: KeyPolicy,
    pub keyset_valid_days: i64,
    pub status_valid_hours: i64,
}

#[derive(Debug)]
pub struct Trust {
    /// Swapped whole when the key directory changed (`reload_keyring`).
    keyring: RwLock<Arc<Keyring>>,
    policy: PublishPolicy,
    /// Shared, so a request takes a reference count, not a copy of the set and its JSON.
    key_set: RwLock<Arc<(KeySet, Published)>>,
    lists: RwLock<StatusLists>,
    status_doc: RwLock<Option<Published>>,
}

fn lock_poisoned() -> KeyringError {
    KeyringError::Corrupt {
        path: "memory".into(),
        reason: "a lock was poisoned by a panic".into(),
    }
}

impl Trust {
    /// `lists` hold every card's entry, as [`stored_lists`] read them.
    pub fn from_lists(
        keyring: Keyring,
        policy: PublishPolicy,
        lists: StatusLists,
        now: i64,
    ) -> Result<Trust, KeyringError> {
        let (set, json) =
            keyring.current_key_set(now, policy.keyset_valid_days, &policy.key_policy)?;
        let published = Published::new(json, set.issued_at(), set.next_update());
        Ok(Trust {
            keyring: RwLock::new(Arc::new(keyring)),
            policy,
            key_set: RwLock::new(Arc::new((set, published))),
            lists: RwLock::new(lists),
            status_doc: RwLock::new(None),
        })
    }

    /// The key ring as last read from its directory.
    pub fn keyring(&self) -> Arc<Keyring> {
        self.keyring.read().map_or_else(
            |poisoned| Arc::clone(&poisoned.into_inner()),
            |g| Arc::clone(&g),
        )
    }

    /// Reads the key directory again (after `kartu keys generate`, `withdraw` or a new exported
    /// `keyset.json`) and, when anything changed, signs with and publishes the new ring from now
    /// on. A directory that does not open, or whose key set cannot be built, changes nothing: the
    /// error is returned and the last good ring stays. Returns whether the ring changed.
    pub fn reload_keyring(&self, now: i64) -> Result<bool, KeyringError> {
        let current = self.keyring();
        let fresh = Keyring::open(current.dir())?;
        let (set, json) =
            fresh.current_key_set(now, self.policy.keyset_valid_days, &self.policy.key_policy)?;
        let same_keys = fresh.entries() == current.entries()
            && fresh
                .entries()
                .iter()
                .all(|e| fresh.has_private(&e.key.kid) == current.has_private(&e.key.kid))
            && fresh.has_anchor_private() == current.has_anchor_private();
        let same_set = fresh.has_anchor_private()
            || self.key_set.read().map_err(|_| lock_poisoned())?.1.json == json;
        if same_keys && same_set {
            return Ok(false);
        }
        let published = Published::new(json, set.issued_at(), set.next_update());
        *self.keyring.write().map_err(|_| lock_poisoned())? = Arc::new(fresh);
        *self.key_set.write().map_err(|_| lock_poisoned())? = Arc::new((set, published));
        *self.status_doc.write().map_err(|_| lock_poisoned())? = None;
        Ok(true)
    }

    /// Replaces every list with `lists` (every entry as the database holds it, [`stored_lists`]):
    /// for a process that could not follow the changes for longer than they are kept.
    pub fn replace_lists(&self, lists: StatusLists) -> Result<(), KeyringError> {
        *self.lists.write().map_err(|_| lock_poisoned())? = lists;
        *self.status_doc.write().map_err(|_| lock_poisoned())? = None;
        Ok(())
    }

    pub fn key_policy(&self) -> &KeyPolicy {
        &self.policy.key_policy
    }

    /// The key set verifiers get, signed again when half its validity has passed.
    pub fn key_set(&self, now: i64) -> Result<Arc<(KeySet, Published)>, KeyringError> {
        {
            let guard = self.key_set.read().map_err(|_| lock_poisoned())?;
            if !guard.1.wants_refresh(now) {
                return Ok(guard.clone());
            }
        }
        // With the anchor offline this rereads keyset.json, so a newly exported set is served
        // without a restart.
        let (set, json) = match self.keyring().current_key_set(
            now,
            self.policy.keyset_valid_days,
            &self.policy.key_policy,
        ) {
            Ok(current) => current,
            Err(error) => {
                // Serve the last good set; verifiers see its age and stop trusting it in time.
                tracing::warn!(%error, "cannot refresh the key set; serving the last one");
                return Ok(self.key_set.read().map_err(|_| lock_poisoned())?.clone());
            }
        };
        let published = Published::new(json, set.issued_at(), set.next_update());
        let fresh = Arc::new((set, published));
        *self.key_set.write().map_err(|_| lock_poisoned())? = Arc::clone(&fresh);
        Ok(fresh)
    }

    /// Runs `f` on the live status lists (for online verification).
    pub fn with_lists<T>(&self, f: impl FnOnce(&StatusLists) -> T) -> Result<T, KeyringError> {
        let guard = self.lists.read().map_err(|_| lock_poisoned())?;
        Ok(f(&guard))
    }

    /// Records committed changes of cards' states; the next status request signs anew. Call it
    /// only after the transaction that made them has committed.
    pub fn apply(&self, changes: &[StatusChange]) -> Result<(), KeyringError> {
        for c in changes {
            self.set_status(c.municipality, c.index, c.status)?;
        }
        Ok(())
    }

    /// Records a committed change of a card's state; the next status request signs anew.
    pub fn set_status(
        &self,
        municipality: Municipality,
        index: u32,
        status: CardStatus,
    ) -> Result<(), KeyringError> {
        let mut lists = self.lists.write().map_err(|_| lock_poisoned())?;
        if lists
            .get(municipality)
            .is_some_and(|l| index < l.size() && l.get(index) == Some(status))
        {
            // Already so (a change this process made, read back from the log): the signed
            // bundle stays as it is.
            return Ok(());
        }
        let mut list = lists.get(municipality).cloned().ok_or_else(lock_poisoned)?;
        if index >= list.size() {
            let mut bigger = StatusList::new(municipality, list_size(index.saturating_add(1)))?;
            for i in 0..list.size() {
                if let Some(state) = list.get(i) {
                    bigger.set(i, state)?;
                }
            }
            list = bigger;
        }
        list.set(index, status)?;
        lists.insert(list);
        drop(lists);
        *self.status_doc.write().map_err(|_| lock_poisoned())? = None;
        Ok(())
    }

    /// The current size of a municipality's list: where new random indexes are drawn from.
    pub fn list_size(&self, municipality: Municipality) -> u32 {
        self.lists
            .read()
            .ok()
            .and_then(|l| l.get(municipality).map(StatusList::size))
            .unwrap_or(MIN_LIST_SIZE)
    }

    /// The signed status bundle, signed again after a change or when half its validity passed.
    pub fn status_bundle(&self, now: i64) -> Result<Published, KeyringError> {
        if let Some(doc) = self
            .status_doc
            .read()
            .map_err(|_| lock_poisoned())?
            .as_ref()
        {
            if !doc.wants_refresh(now) {
                return Ok(doc.clone());
            }
        }
        let next_update = now + self.policy.status_valid_hours * 3600;
        let keyring = self.keyring();
        let lists = self.lists.read().map_err(|_| lock_poisoned())?;
        let mut docs: Vec<SignedDocument> = Vec::new();
        for list in lists.iter() {
            let Some((entry, key)) = keyring.signer(list.municipality(), now) else {
                return Err(KeyringError::Corrupt {
                    path: keyring.dir().to_path_buf(),
                    reason: format!(
                        "no active key for {} to sign its status list; run `kartu keys generate`",
                        list.municipality()
                    ),
                });
            };
            docs.push(list.sign(entry, key, now, next_update)?);
        }
        drop(lists);
        let json = serde_json::to_string(&StatusBundle { lists: docs }).map_err(|e| {
            KeyringError::Corrupt {
                path: "status".into(),
                reason: e.to_string(),
            }
        })?;
        let published = Published::new(json, now, next_update);
        *self.status_doc.write().map_err(|_| lock_poisoned())? = Some(published.clone());
        Ok(published)
    }
}

/// Rows read at a time while building the lists at start-up.
const LIST_PAGE: i64 = 100_000;

/// Every municipality's status list as the database holds it, for [`Trust::from_lists`]: each
/// suspended or revoked card's entry in its state, each retired entry revoked, and every other
/// entry valid (the list's zero, an active card's or a free one's). Read a page of rows at a
/// time by index, so memory holds the lists (bits) and one page, never every card.
pub fn stored_lists(conn: &mut DbConnection) -> Result<StatusLists, Error> {
    let index = |i: i64| u32::try_from(i).context("a stored status index");
    let mut lists = StatusLists::default();
    for m in Municipality::ALL {
        let highest = card::max_status_index(conn, m)
            .context("reading the highest status index")?
            .max(retired_index::max_index(conn, m).context("reading the highest retired index")?);
        let needed = highest.map_or(Ok(0), |h| index(h).map(|h| h.saturating_add(1)))?;
        let mut list = StatusList::new(m, list_size(needed)).context("making a status list")?;
        let mut set = |i: i64, status: CardStatus| {
            list.set(index(i)?, status)
                .context("setting a status list entry")
        };
        in_pages(
            |after| {
                let page = retired_index::page(conn, m, after, LIST_PAGE)
                    .context("reading the retired entries")?;
                Ok(page.into_iter().map(|i| (i, CardStatus::Revoked)).collect())
            },
            &mut set,
        )?;
        in_pages(
            |after| {
                let page = card::list_page(conn, m, after, LIST_PAGE)
                    .context("reading the cards' states")?;
                Ok(page
                    .into_iter()
                    .map(|(i, s)| (i, s.list_status()))
                    .collect())
            },
            &mut set,
        )?;
        lists.insert(list);
    }
    Ok(lists)
}

/// Hands `each` every entry `page` reads, a page of [`LIST_PAGE`] after the last index read at
/// a time, until a page comes back short.
fn in_pages(
    mut page: impl FnMut(i64) -> Result<Vec<(i64, CardStatus)>, Error>,
    each: &mut impl FnMut(i64, CardStatus) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut after = -1;
    loop {
        let rows = page(after)?;
        for &(i, status) in &rows {
            each(i, status)?;
        }
        match rows.last() {
            Some(&(last, _)) if i64::try_from(rows.len()).unwrap_or(0) == LIST_PAGE => after = last,
            _ => return Ok(()),
        }
    }
}

/// A power of two at least [`MIN_LIST_SIZE`] and at least twice `needed`, so random indexes
/// keep finding free slots quickly.
pub fn list_size(needed: u32) -> u32 {
    needed
        .saturating_mul(2)
        .max(MIN_LIST_SIZE)
        .checked_next_power_of_two()
        .unwrap_or(kartu_card::MAX_ENTRIES)
        .min(kartu_card::MAX_ENTRIES)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `in_pages` asked for and handed on, over `rows` stored entries (indexes 0, 2, 4, …).
    fn paged(rows: i64) -> (Vec<i64>, Vec<i64>) {
        let stored: Vec<i64> = (0..rows).map(|i| i * 2).collect();
        let mut asked = Vec::new();
        let mut handed = Vec::new();
        let page = |after: i64| {
            asked.push(after);
            Ok(stored
                .iter()
                .filter(|&&i| i > after)
                .take(usize::try_from(LIST_PAGE).unwrap())
                .map(|&i| (i, CardStatus::Valid))
                .collect())
        };
        in_pages(page, &mut |i, _| {
            handed.push(i);
            Ok(())
        })
        .unwrap();
        assert_eq!(handed, stored, "every entry once, in order");
        (asked, handed)
    }

    #[test]
    fn paging_hands_on_every_entry_once_across_page_boundaries() {
        let last_of = |page: i64| (page * LIST_PAGE - 1) * 2;
        assert_eq!(paged(0).0, vec![-1]);
        assert_eq!(paged(LIST_PAGE - 1).0, vec![-1]);
        // A full last page: one more read, which comes back empty.
        assert_eq!(paged(LIST_PAGE).0, vec![-1, last_of(1)]);
        assert_eq!(paged(LIST_PAGE + 1).0, vec![-1, last_of(1)]);
        assert_eq!(paged(2 * LIST_PAGE).0, vec![-1, last_of(1), last_of(2)]);
    }

    #[test]
    fn a_failing_page_is_an_error_not_a_short_list() {
        let mut calls = 0;
        let result = in_pages(
            |after| {
                calls += 1;
                if after < 0 {
                    Ok((0..LIST_PAGE).map(|i| (i, CardStatus::Valid)).collect())
                } else {
                    Err(Error::Unavailable(anyhow::anyhow!(
                        "the database went away"
                    )))
                }
            },
            &mut |_, _| Ok(()),
        );
        assert!(result.is_err());
        assert_eq!(calls, 2);
    }
}
