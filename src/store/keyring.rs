//! The key ring on disk: the trust anchor and every municipal signing key, in the keys directory.
//!
//! ```text
//! keys/anchor.key.pem        anchor private key (PKCS#8 PEM, mode 0600; may live offline)
//! keys/anchor.pub.pem        anchor public key (what merchants' verifiers are configured with)
//! keys/ring.json             public metadata of every municipal key (windows, retirement)
//! keys/<MUN>-<kid>.key.pem   municipal private keys (mode 0600)
//! ```
//! Private keys are read only from files no group or other user can read, are never logged or
//! printed, and are written with mode 0600 from the first byte. This module owns all key file
//! I/O; the card crate does none.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use kartu_card::{KeyEntry, KeyId, KeySet, Municipality, PublicKey, SignedDocument, SigningKey};
use serde::{Deserialize, Serialize};
use thiserror::Error;
use zeroize::Zeroizing;

const DAY: i64 = 24 * 3600;
const ANCHOR_PRIVATE: &str = "anchor.key.pem";
/// The signed key set `kartu serve` publishes when the anchor's private key is kept offline.
pub const EXPORTED_KEY_SET: &str = "keyset.json";
const ANCHOR_PUBLIC: &str = "anchor.pub.pem";
const RING: &str = "ring.json";

#[derive(Debug, Error)]
pub enum KeyringError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} can be read by group or others (mode {mode:o}); private keys must be private: run `chmod 600 {path}`")]
    Permissions { path: PathBuf, mode: u32 },
    #[error("{0} already holds a key ring; refusing to overwrite it")]
    Exists(PathBuf),
    #[error("{0} holds no key ring; create one with `kartu keys init`")]
    Missing(PathBuf),
    #[error("{path}: {reason}")]
    Corrupt { path: PathBuf, reason: String },
    #[error(
        "neither the anchor's private key nor a signed keyset.json is in {0}; sign the key set \
         where the anchor is kept (`kartu keys export --output keyset.json`) and copy it here"
    )]
    NoAnchor(PathBuf),
    #[error("no key with id {0} in the ring")]
    UnknownKey(String),
    #[error(transparent)]
    Card(#[from] kartu_card::Error),
}

type Result<T> = std::result::Result<T, KeyringError>;

/// How long keys sign and how long the cards they sign may last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPolicy {
    /// Days a new municipal key may sign cards (its window). Short windows limit what a leaked key can do.
    pub key_lifetime_days: i64,
    /// The longest a card may be valid, in days. A retired key stays published this long after
    /// its last possible signature.
    pub max_card_days: i64,
}

impl Default for KeyPolicy {
    fn default() -> Self {
        KeyPolicy {
            key_lifetime_days: 365,
            max_card_days: 730,
        }
    }
}

/// One municipal key as the ring remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RingEntry {
    pub key: KeyEntry,
    pub created_at: i64,
    /// Set when a key is withdrawn (leaked or lost): it is never published again, so every card
    /// it signed verifies as `unknown_key`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withdrawn_at: Option<i64>,
}

impl RingEntry {
    /// The last instant a card signed by this key can still be valid.
    pub fn last_card_end(&self, policy: &KeyPolicy) -> i64 {
        let last_sign = self
            .key
            .retired_at
            .map_or(self.key.not_after, |r| r.min(self.key.not_after));
        last_sign.saturating_add(policy.max_card_days.saturating_mul(DAY))
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RingFile {
    /// Keys made automatically for development; the service warns while it uses them.
    development: bool,
    keys: Vec<RingEntry>,
}

pub struct Keyring {
    dir: PathBuf,
    development: bool,
    anchor_public: PublicKey,
    anchor: Option<SigningKey>,
    entries: Vec<RingEntry>,
    private: HashMap<KeyId, SigningKey>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring")
            .field("dir", &self.dir)
            .field("development", &self.development)
            .field("anchor", &KeyId::derive_anchor(&self.anchor_public))
            .field("keys", &self.entries.len())
            .finish_non_exhaustive()
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> KeyringError + '_ {
    move |source| KeyringError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Refuses a secret file that group or others can read.
fn check_private_mode(path: &Path) -> Result<()> {
    let meta = fs::metadata(path).map_err(io(path))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(KeyringError::Permissions {
                path: path.to_path_buf(),
                mode,
            });
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    Ok(())
}

/// Reads a private key, refusing a file that group or others can read.
pub fn read_private_key(path: &Path) -> Result<SigningKey> {
    check_private_mode(path)?;
    let text = Zeroizing::new(fs::read_to_string(path).map_err(io(path))?);
    SigningKey::from_pkcs8_pem(&text).map_err(|e| KeyringError::Corrupt {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Reads a secret text file (such as the ID hash secret) under the same rule as private keys.
pub fn read_secret_file(path: &Path) -> Result<Zeroizing<String>> {
    check_private_mode(path)?;
    Ok(Zeroizing::new(fs::read_to_string(path).map_err(io(path))?))
}

/// Writes a secret text file, created new with mode 0600.
pub fn write_secret_file(path: &Path, text: &str) -> Result<()> {
    write_private(path, text.as_bytes())
}

/// Writes a private key to a new file created with mode 0600.
pub fn write_private_key(path: &Path, key: &SigningKey) -> Result<()> {
    let pem = key.to_pkcs8_pem()?;
    write_private(path, pem.as_bytes())
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(io(path))?;
    file.write_all(bytes).map_err(io(path))?;
    file.sync_all().map_err(io(path))
}

/// Replaces a public file atomically: write a temporary file, then rename it over the old one.
fn write_public(path: &Path, text: &str) -> Result<()> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, text).map_err(io(&tmp))?;
    fs::rename(&tmp, path).map_err(io(path))
}

fn private_key_file(entry: &KeyEntry) -> String {
    format!("{}-{}.key.pem", entry.municipality, entry.kid)
}

impl Keyring {
    /// Creates an anchor and one key per municipality in `dir`, which must not hold a ring yet.
    pub fn init(dir: &Path, now: i64, policy: &KeyPolicy, development: bool) -> Result<Keyring> {
        if dir.join(RING).exists() || dir.join(ANCHOR_PUBLIC).exists() {
            return Err(KeyringError::Exists(dir.to_path_buf()));
        }
        fs::create_dir_all(dir).map_err(io(dir))?;
        let anchor = SigningKey::generate();
        write_private_key(&dir.join(ANCHOR_PRIVATE), &anchor)?;
        write_public(
            &dir.join(ANCHOR_PUBLIC),
            &anchor.public_key().to_public_key_pem()?,
        )?;
        let mut ring = Keyring {
            dir: dir.to_path_buf(),
            development,
            anchor_public: anchor.public_key(),
            anchor: Some(anchor),
            entries: Vec::new(),
            private: HashMap::new(),
        };
        for municipality in Municipality::ALL {
            ring.add_key(municipality, now, policy)?;
        }
        ring.save()?;
        Ok(ring)
    }

    /// Opens the ring in `dir`, reading every private key that is there.
    pub fn open(dir: &Path) -> Result<Keyring> {
        let ring_path = dir.join(RING);
        if !ring_path.exists() {
            return Err(KeyringError::Missing(dir.to_path_buf()));
        }
        let text = fs::read_to_string(&ring_path).map_err(io(&ring_path))?;
        let file: RingFile = serde_json::from_str(&text).map_err(|e| KeyringError::Corrupt {
            path: ring_path.clone(),
            reason: e.to_string(),
        })?;
        let pub_path = dir.join(ANCHOR_PUBLIC);
        let pub_text = fs::read_to_string(&pub_path).map_err(io(&pub_path))?;
        let anchor_public = PublicKey::parse(&pub_text).map_err(|e| KeyringError::Corrupt {
            path: pub_path.clone(),
            reason: e.to_string(),
        })?;
        let anchor_path = dir.join(ANCHOR_PRIVATE);
        let anchor = if anchor_path.exists() {
            let key = read_private_key(&anchor_path)?;
            if key.public_key() != anchor_public {
                return Err(KeyringError::Corrupt {
                    path: anchor_path,
                    reason: "does not match anchor.pub.pem".into(),
                });
            }
            Some(key)
        } else {
            None
        };
        let mut private = HashMap::new();
        for entry in &file.keys {
            let path = dir.join(private_key_file(&entry.key));
            if entry.withdrawn_at.is_none() && path.exists() {
                let key = read_private_key(&path)?;
                if key.public_key() != entry.key.public_key {
                    return Err(KeyringError::Corrupt {
                        path,
                        reason: "does not match its entry in ring.json".into(),
                    });
                }
                private.insert(entry.key.kid, key);
            }
        }
        Ok(Keyring {
            dir: dir.to_path_buf(),
            development: file.development,
            anchor_public,
            anchor,
            entries: file.keys,
            private,
        })
    }

    /// Opens the ring, or creates a development ring when the directory holds none. The flag
    /// says whether it was created now.
    pub fn open_or_create_development(
        dir: &Path,
        now: i64,
        policy: &KeyPolicy,
    ) -> Result<(Keyring, bool)> {
        if dir.join(RING).exists() {
            Ok((Keyring::open(dir)?, false))
        } else {
            Ok((Keyring::init(dir, now, policy, true)?, true))
        }
    }

    fn add_key(
        &mut self,
        municipality: Municipality,
        now: i64,
        policy: &KeyPolicy,
    ) -> Result<KeyEntry> {
        let key = SigningKey::generate();
        let not_after = now.saturating_add(policy.key_lifetime_days.saturating_mul(DAY));
        let entry = KeyEntry::new(municipality, key.public_key(), now, not_after);
        write_private_key(&self.dir.join(private_key_file(&entry)), &key)?;
        self.private.insert(entry.kid, key);
        self.entries.push(RingEntry {
            key: entry.clone(),
            created_at: now,
            withdrawn_at: None,
        });
        Ok(entry)
    }

    fn save(&self) -> Result<()> {
        let file = RingFile {
            development: self.development,
            keys: self.entries.clone(),
        };
        let text = serde_json::to_string_pretty(&file).map_err(|e| KeyringError::Corrupt {
            path: self.dir.join(RING),
            reason: e.to_string(),
        })?;
        write_public(&self.dir.join(RING), &(text + "\n"))
    }

    /// Makes a new active key for `municipality` and retires the ones before it. The old keys
    /// stay published until the last card they could have signed has expired.
    pub fn rotate(
        &mut self,
        municipality: Municipality,
        now: i64,
        policy: &KeyPolicy,
    ) -> Result<KeyEntry> {
        for entry in &mut self.entries {
            if entry.key.municipality == municipality
                && entry.key.retired_at.is_none()
                && entry.withdrawn_at.is_none()
            {
                entry.key.retired_at = Some(now.min(entry.key.not_after));
            }
        }
        let entry = self.add_key(municipality, now, policy)?;
        self.save()?;
        Ok(entry)
    }

    /// Withdraws a leaked or lost key: it is retired, never published again, and its private
    /// key file is deleted. Every card it signed stops verifying; re-issue them with a new key.
    pub fn withdraw(&mut self, kid: &KeyId, now: i64) -> Result<KeyEntry> {
        let entry = self
            .entries
            .iter_mut()
            .find(|e| &e.key.kid == kid)
            .ok_or_else(|| KeyringError::UnknownKey(kid.to_hex()))?;
        entry.withdrawn_at = Some(now);
        entry.key.retired_at = Some(entry.key.retired_at.unwrap_or(now).min(now));
        let key = entry.key.clone();
        self.private.remove(kid);
        let path = self.dir.join(private_key_file(&key));
        if path.exists() {
            fs::remove_file(&path).map_err(io(&path))?;
        }
        self.save()?;
        Ok(key)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
    pub fn is_development(&self) -> bool {
        self.development
    }
    pub fn anchor_public(&self) -> PublicKey {
        self.anchor_public
    }
    pub fn has_anchor_private(&self) -> bool {
        self.anchor.is_some()
    }
    pub fn entries(&self) -> &[RingEntry] {
        &self.entries
    }
    pub fn has_private(&self, kid: &KeyId) -> bool {
        self.private.contains_key(kid)
    }

    /// The keys a verifier still needs: not withdrawn, and possibly the signer of a card that
    /// has not expired yet.
    pub fn published(&self, now: i64, policy: &KeyPolicy) -> Vec<KeyEntry> {
        self.entries
            .iter()
            .filter(|e| e.withdrawn_at.is_none() && e.last_card_end(policy) >= now)
            .map(|e| e.key.clone())
            .collect()
    }

    /// The key set to publish: signed now by the anchor when this machine holds its private
    /// half, else the one exported on the anchor's (offline) machine into `keyset.json` here.
    pub fn current_key_set(
        &self,
        now: i64,
        valid_days: i64,
        policy: &KeyPolicy,
    ) -> Result<(KeySet, String)> {
        if self.anchor.is_some() {
            let (set, doc) = self.export(now, valid_days, policy)?;
            return Ok((set, doc.to_json()));
        }
        let path = self.dir.join(EXPORTED_KEY_SET);
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(KeyringError::NoAnchor(self.dir.clone()))
            }
            Err(source) => return Err(KeyringError::Io { path, source }),
        };
        let set =
            KeySet::from_json(&text, &self.anchor_public).map_err(|e| KeyringError::Corrupt {
                path: path.clone(),
                reason: format!("not a key set signed by this ring's anchor: {e}"),
            })?;
        Ok((set, text))
    }

    /// The key set as published, valid for `valid_days`, signed by the anchor.
    pub fn export(
        &self,
        now: i64,
        valid_days: i64,
        policy: &KeyPolicy,
    ) -> Result<(KeySet, SignedDocument)> {
        let anchor = self
            .anchor
            .as_ref()
            .ok_or_else(|| KeyringError::NoAnchor(self.dir.clone()))?;
        let next_update = now.saturating_add(valid_days.saturating_mul(DAY));
        let set = KeySet::new(
            &self.anchor_public,
            now,
            next_update,
            self.published(now, policy),
        )?;
        let doc = set.sign(anchor)?;
        Ok((set, doc))
    }

    /// The municipality's active key and its private half, if this machine holds it.
    pub fn signer(&self, municipality: Municipality, now: i64) -> Option<(&KeyEntry, &SigningKey)> {
        self.entries
            .iter()
            .filter(|e| {
                e.withdrawn_at.is_none()
                    && e.key.municipality == municipality
                    && e.key.may_sign_at(now)
            })
            // Not retired first, then newest; among equals the later entry (max_by_key keeps the last).
            .max_by_key(|e| (e.key.retired_at.is_none(), e.key.not_before))
            .and_then(|e| self.private.get(&e.key.kid).map(|k| (&e.key, k)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_790_000_000;

    #[test]
    fn init_writes_private_keys_that_only_the_owner_can_read() {
        let dir = tempfile::tempdir().unwrap();
        let ring = Keyring::init(dir.path(), NOW, &KeyPolicy::default(), false).unwrap();
        assert_eq!(ring.entries().len(), 3);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            for file in fs::read_dir(dir.path()).unwrap() {
                let file = file.unwrap();
                let name = file.file_name().into_string().unwrap();
                if name.ends_with(".key.pem") {
                    assert_eq!(
                        file.metadata().unwrap().permissions().mode() & 0o777,
                        0o600,
                        "{name}"
                    );
                }
            }
        }
        for m in Municipality::ALL {
            assert!(ring.signer(m, NOW).is_some());
        }
        assert!(matches!(
            Keyring::init(dir.path(), NOW, &KeyPolicy::default(), false),
            Err(KeyringError::Exists(_))
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_private_key_others_can_read_is_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        Keyring::init(dir.path(), NOW, &KeyPolicy::default(), false).unwrap();
        let anchor = dir.path().join(ANCHOR_PRIVATE);
        fs::set_permissions(&anchor, fs::Permissions::from_mode(0o644)).unwrap();
        let err = Keyring::open(dir.path()).unwrap_err();
        assert!(matches!(err, KeyringError::Permissions { mode: 0o644, .. }));
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }

    #[test]
    fn rotation_retires_the_old_key_which_stays_published_until_its_cards_can_expire() {
        let dir = tempfile::tempdir().unwrap();
        let policy = KeyPolicy::default();
        let mut ring = Keyring::init(dir.path(), NOW, &policy, false).unwrap();
        let (old, _) = ring.signer(Municipality::Aly, NOW).unwrap();
        let old = old.clone();
        let new = ring.rotate(Municipality::Aly, NOW + 100, &policy).unwrap();
        assert_eq!(
            ring.signer(Municipality::Aly, NOW + 100).unwrap().0.kid,
            new.kid,
            "same second as the rotation"
        );
        let reopened = Keyring::open(dir.path()).unwrap();
        assert_eq!(
            reopened.signer(Municipality::Aly, NOW + 200).unwrap().0.kid,
            new.kid
        );
        let published = reopened.published(NOW + 200, &policy);
        assert!(published
            .iter()
            .any(|k| k.kid == old.kid && k.retired_at == Some(NOW + 100)));
        let after_last_card = NOW + 100 + policy.max_card_days * DAY + 1;
        assert!(!reopened
            .published(after_last_card, &policy)
            .iter()
            .any(|k| k.kid == old.kid));
    }

    #[test]
    fn a_withdrawn_key_is_never_published_and_its_private_file_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let policy = KeyPolicy::default();
        let mut ring = Keyring::init(dir.path(), NOW, &policy, false).unwrap();
        let kid = ring.signer(Municipality::Elk, NOW).unwrap().0.kid;
        let withdrawn = ring.withdraw(&kid, NOW + 5).unwrap();
        assert!(!dir.path().join(private_key_file(&withdrawn)).exists());
        let (set, _) = ring.export(NOW + 10, 7, &policy).unwrap();
        assert!(set.get(&kid).is_none());
        assert!(ring.signer(Municipality::Elk, NOW + 10).is_none());
    }

    #[test]
    fn an_exported_key_set_opens_with_the_published_anchor() {
        let dir = tempfile::tempdir().unwrap();
        let policy = KeyPolicy::default();
        let ring = Keyring::init(dir.path(), NOW, &policy, true).unwrap();
        let (_, doc) = ring.export(NOW, 7, &policy).unwrap();
        let pem = fs::read_to_string(dir.path().join(ANCHOR_PUBLIC)).unwrap();
        let set = KeySet::from_json(&doc.to_json(), &PublicKey::parse(&pem).unwrap()).unwrap();
        assert_eq!(set.keys().len(), 3);
        assert_eq!(set.next_update(), NOW + 7 * DAY);
    }

    #[test]
    fn without_the_anchor_private_key_the_ring_opens_but_cannot_sign_a_key_set() {
        let dir = tempfile::tempdir().unwrap();
        Keyring::init(dir.path(), NOW, &KeyPolicy::default(), false).unwrap();
        fs::remove_file(dir.path().join(ANCHOR_PRIVATE)).unwrap();
        let ring = Keyring::open(dir.path()).unwrap();
        assert!(matches!(
            ring.export(NOW, 7, &KeyPolicy::default()),
            Err(KeyringError::NoAnchor(_))
        ));
    }
}
