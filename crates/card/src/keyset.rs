//! The key set: every municipal public key a verifier may accept, signed by the trust anchor.
//!
//! A merchant's verifier is configured with the anchor's public key only. Everything else
//! arrives in a key set document over any channel (HTTP, USB stick, the family's phone); the
//! anchor's signature is what makes it trustworthy, not the channel.

use serde::{Deserialize, Serialize};

use crate::document::SignedDocument;
use crate::error::Error;
use crate::keys::{KeyId, PublicKey, SigningKey};
use crate::municipality::{Country, Municipality};

pub const KEYSET_CONTEXT: &[u8] = b"KARTU-KEYSET\0";
pub const KEYSET_TYPE: &str = "kartu-keyset";
pub const MAX_KEYS: usize = 1000;

/// One municipal signing key as published in the key set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyEntry {
    pub kid: KeyId,
    pub municipality: Municipality,
    pub country: Country,
    #[serde(with = "public_key_b64")]
    pub public_key: PublicKey,
    /// First instant (Unix seconds) at which a card signed by this key may start being valid.
    pub not_before: i64,
    /// Last such instant. Fixed at creation: it is part of the key id.
    pub not_after: i64,
    /// When the key was replaced by a newer one; cards it signs must start no later than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired_at: Option<i64>,
}

impl KeyEntry {
    pub fn new(
        municipality: Municipality,
        public_key: PublicKey,
        not_before: i64,
        not_after: i64,
    ) -> KeyEntry {
        KeyEntry {
            kid: KeyId::derive(&public_key, municipality, not_before, not_after),
            municipality,
            country: municipality.country(),
            public_key,
            not_before,
            not_after,
            retired_at: None,
        }
    }

    /// Whether a card whose validity starts at `valid_from` may carry this key's signature.
    pub fn may_sign_at(&self, valid_from: i64) -> bool {
        valid_from >= self.not_before
            && valid_from <= self.not_after
            && self.retired_at.is_none_or(|retired| valid_from <= retired)
    }

    fn check(&self) -> Result<(), Error> {
        let expected = KeyId::derive(
            &self.public_key,
            self.municipality,
            self.not_before,
            self.not_after,
        );
        if expected != self.kid {
            return Err(Error::Document(format!(
                "key id {} does not match its key, municipality and window",
                self.kid
            )));
        }
        if self.country != self.municipality.country() {
            return Err(Error::Document(format!(
                "key {} names the wrong country for {}",
                self.kid, self.municipality
            )));
        }
        if self.not_before > self.not_after {
            return Err(Error::Document(format!(
                "key {} has not_before after not_after",
                self.kid
            )));
        }
        Ok(())
    }
}

mod public_key_b64 {
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::keys::PublicKey;

    pub fn serialize<S: Serializer>(key: &PublicKey, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&key.to_base64url())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<PublicKey, D::Error> {
        let text = String::deserialize(d)?;
        PublicKey::from_base64url(&text).map_err(serde::de::Error::custom)
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeySetBody {
    #[serde(rename = "type")]
    kind: String,
    version: u32,
    anchor: KeyId,
    issued_at: i64,
    next_update: i64,
    keys: Vec<KeyEntry>,
}

/// A key set whose anchor signature has been checked (or that we are about to sign).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeySet {
    anchor: KeyId,
    issued_at: i64,
    next_update: i64,
    keys: Vec<KeyEntry>,
}

impl KeySet {
    pub fn new(
        anchor: &PublicKey,
        issued_at: i64,
        next_update: i64,
        keys: Vec<KeyEntry>,
    ) -> Result<KeySet, Error> {
        let set = KeySet {
            anchor: KeyId::derive_anchor(anchor),
            issued_at,
            next_update,
            keys,
        };
        set.check()?;
        Ok(set)
    }

    fn check(&self) -> Result<(), Error> {
        if self.next_update < self.issued_at {
            return Err(Error::Document("next_update is before issued_at".into()));
        }
        if self.keys.len() > MAX_KEYS {
            return Err(Error::Document(format!("more than {MAX_KEYS} keys")));
        }
        for (i, key) in self.keys.iter().enumerate() {
            key.check()?;
            if self.keys[..i].iter().any(|k| k.kid == key.kid) {
                return Err(Error::Document(format!("key id {} appears twice", key.kid)));
            }
        }
        Ok(())
    }

    /// Signs the set with the anchor's private key.
    pub fn sign(&self, anchor: &SigningKey) -> Result<SignedDocument, Error> {
        if KeyId::derive_anchor(&anchor.public_key()) != self.anchor {
            return Err(Error::PrivateKey(
                "this is not the anchor the key set was made for".into(),
            ));
        }
        let body = KeySetBody {
            kind: KEYSET_TYPE.into(),
            version: 1,
            anchor: self.anchor,
            issued_at: self.issued_at,
            next_update: self.next_update,
            keys: self.keys.clone(),
        };
        SignedDocument::sign(KEYSET_CONTEXT, &body, anchor)
    }

    /// Checks the anchor's signature, then the contents.
    pub fn open(doc: &SignedDocument, anchor: &PublicKey) -> Result<KeySet, Error> {
        let anchor_kid = KeyId::derive_anchor(anchor);
        let body: KeySetBody = doc.open(KEYSET_CONTEXT, anchor, &format!("anchor {anchor_kid}"))?;
        if body.kind != KEYSET_TYPE || body.version != 1 {
            return Err(Error::Document(format!(
                "not a version 1 {KEYSET_TYPE} document"
            )));
        }
        if body.anchor != anchor_kid {
            return Err(Error::Document(format!(
                "names anchor {}, expected {anchor_kid}",
                body.anchor
            )));
        }
        let set = KeySet {
            anchor: body.anchor,
            issued_at: body.issued_at,
            next_update: body.next_update,
            keys: body.keys,
        };
        set.check()?;
        Ok(set)
    }

    /// Parses and checks a key set document from its JSON text.
    pub fn from_json(text: &str, anchor: &PublicKey) -> Result<KeySet, Error> {
        KeySet::open(&SignedDocument::from_json(text)?, anchor)
    }

    pub fn anchor(&self) -> KeyId {
        self.anchor
    }
    pub fn issued_at(&self) -> i64 {
        self.issued_at
    }
    pub fn next_update(&self) -> i64 {
        self.next_update
    }
    pub fn keys(&self) -> &[KeyEntry] {
        &self.keys
    }

    pub fn get(&self, kid: &KeyId) -> Option<&KeyEntry> {
        self.keys.iter().find(|k| &k.kid == kid)
    }

    /// The key a municipality signs with at `now`: among those that may sign at `now`, one not
    /// retired before one retired, then the one whose window started last, then the later in
    /// the set (a rotation within the same second must not pick the retired key).
    pub fn active_for(&self, municipality: Municipality, now: i64) -> Option<&KeyEntry> {
        self.keys
            .iter()
            .filter(|k| k.municipality == municipality && k.may_sign_at(now))
            .max_by_key(|k| (k.retired_at.is_none(), k.not_before))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (SigningKey, SigningKey, KeySet) {
        let anchor = SigningKey::from_seed(&[1u8; 32]);
        let aly = SigningKey::from_seed(&[2u8; 32]);
        let entry = KeyEntry::new(Municipality::Aly, aly.public_key(), 1000, 5000);
        let set = KeySet::new(&anchor.public_key(), 2000, 3000, vec![entry]).unwrap();
        (anchor, aly, set)
    }

    #[test]
    fn a_signed_key_set_opens_with_its_anchor_and_no_other() {
        let (anchor, aly, set) = fixture();
        let json = set.sign(&anchor).unwrap().to_json();
        assert_eq!(KeySet::from_json(&json, &anchor.public_key()).unwrap(), set);
        assert!(matches!(
            KeySet::from_json(&json, &aly.public_key()),
            Err(Error::DocumentSignature(_))
        ));
    }

    #[test]
    fn an_altered_payload_is_refused() {
        let (anchor, _, set) = fixture();
        let mut doc = set.sign(&anchor).unwrap();
        let mut body: serde_json::Value = doc.unverified_payload().unwrap();
        body["next_update"] = serde_json::json!(99_999_999);
        let bytes = serde_json::to_vec(&body).unwrap();
        doc.payload =
            base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, bytes);
        assert!(matches!(
            KeySet::open(&doc, &anchor.public_key()),
            Err(Error::DocumentSignature(_))
        ));
    }

    #[test]
    fn an_entry_whose_key_id_was_swapped_is_refused_even_when_signed() {
        let (anchor, aly, _) = fixture();
        let mut entry = KeyEntry::new(Municipality::Aly, aly.public_key(), 1000, 5000);
        entry.municipality = Municipality::Elk;
        entry.country = Country::Poland;
        assert!(KeySet::new(&anchor.public_key(), 2000, 3000, vec![entry]).is_err());
    }

    #[test]
    fn the_active_key_is_the_newest_that_may_sign_now() {
        let anchor = SigningKey::from_seed(&[1u8; 32]);
        let mut old = KeyEntry::new(
            Municipality::Var,
            SigningKey::from_seed(&[3u8; 32]).public_key(),
            0,
            10_000,
        );
        let new = KeyEntry::new(
            Municipality::Var,
            SigningKey::from_seed(&[4u8; 32]).public_key(),
            500,
            20_000,
        );
        old.retired_at = Some(500);
        let set = KeySet::new(&anchor.public_key(), 0, 1, vec![old.clone(), new.clone()]).unwrap();
        assert_eq!(set.active_for(Municipality::Var, 400).unwrap().kid, old.kid);
        assert_eq!(set.active_for(Municipality::Var, 600).unwrap().kid, new.kid);
        assert!(set.active_for(Municipality::Aly, 600).is_none());
        assert!(!old.may_sign_at(501));
        // Rotated within the same second: both may sign at 500, the new one is active.
        assert_eq!(set.active_for(Municipality::Var, 500).unwrap().kid, new.kid);
    }
}
