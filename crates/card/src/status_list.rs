//! Status lists: per municipality, two bits per status index (valid, revoked, suspended),
//! zlib-compressed and signed by that municipality's key, in the spirit of the W3C Bitstring
//! Status List. The service assigns indexes at random, so a list says nothing about the order
//! in which cards were issued. Lookup is O(1): a shift and a mask on the unpacked bytes.

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};

use crate::document::SignedDocument;
use crate::error::Error;
use crate::keys::{KeyId, SigningKey};
use crate::keyset::{KeyEntry, KeySet};
use crate::municipality::Municipality;

pub const STATUS_CONTEXT: &[u8] = b"KARTU-STATUS\0";
pub const STATUS_TYPE: &str = "kartu-status";
/// The largest list a verifier accepts: 2^22 entries, 1 MiB unpacked.
pub const MAX_ENTRIES: u32 = 1 << 22;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    Valid,
    Revoked,
    Suspended,
}

impl CardStatus {
    fn bits(self) -> u8 {
        match self {
            CardStatus::Valid => 0,
            CardStatus::Revoked => 1,
            CardStatus::Suspended => 2,
        }
    }
}

/// One municipality's list of card states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusList {
    municipality: Municipality,
    size: u32,
    packed: Vec<u8>,
    signed: Option<SignedInfo>,
}

/// Where a list that came from a signed document was signed, and how fresh it claims to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedInfo {
    pub kid: KeyId,
    pub issued_at: i64,
    pub next_update: i64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusBody {
    #[serde(rename = "type")]
    kind: String,
    version: u32,
    municipality: Municipality,
    kid: KeyId,
    issued_at: i64,
    next_update: i64,
    size: u32,
    encoding: String,
    list: String,
}

impl StatusList {
    /// A list of `size` entries, all valid.
    pub fn new(municipality: Municipality, size: u32) -> Result<StatusList, Error> {
        if size == 0 || size > MAX_ENTRIES {
            return Err(Error::Document(format!(
                "status list size must be 1..={MAX_ENTRIES}"
            )));
        }
        Ok(StatusList {
            municipality,
            size,
            packed: vec![0; packed_len(size)],
            signed: None,
        })
    }

    pub fn municipality(&self) -> Municipality {
        self.municipality
    }

    pub fn size(&self) -> u32 {
        self.size
    }

    pub fn signed_info(&self) -> Option<SignedInfo> {
        self.signed
    }

    /// The state at `index`, or `None` when the list has no such entry.
    pub fn get(&self, index: u32) -> Option<CardStatus> {
        if index >= self.size {
            return None;
        }
        let byte = self.packed[(index / 4) as usize];
        match (byte >> shift(index)) & 0b11 {
            0 => Some(CardStatus::Valid),
            1 => Some(CardStatus::Revoked),
            2 => Some(CardStatus::Suspended),
            _ => None,
        }
    }

    pub fn set(&mut self, index: u32, status: CardStatus) -> Result<(), Error> {
        if index >= self.size {
            return Err(Error::Document(format!(
                "index {index} is outside a list of {}",
                self.size
            )));
        }
        let slot = &mut self.packed[(index / 4) as usize];
        *slot = (*slot & !(0b11 << shift(index))) | (status.bits() << shift(index));
        self.signed = None;
        Ok(())
    }

    /// The zlib-compressed packed entries, as they travel in the document.
    pub fn compressed(&self) -> Vec<u8> {
        miniz_oxide::deflate::compress_to_vec_zlib(&self.packed, 10)
    }

    /// Signs the list with the municipality's key as a status document.
    pub fn sign(
        &self,
        entry: &KeyEntry,
        key: &SigningKey,
        issued_at: i64,
        next_update: i64,
    ) -> Result<SignedDocument, Error> {
        if entry.municipality != self.municipality {
            return Err(Error::WrongMunicipality {
                kid: entry.kid.to_hex(),
                key: entry.municipality.to_string(),
                card: self.municipality.to_string(),
            });
        }
        if entry.public_key != key.public_key() {
            return Err(Error::PrivateKey(format!(
                "the private key does not belong to key {}",
                entry.kid
            )));
        }
        let body = StatusBody {
            kind: STATUS_TYPE.into(),
            version: 1,
            municipality: self.municipality,
            kid: entry.kid,
            issued_at,
            next_update,
            size: self.size,
            encoding: "zlib".into(),
            list: URL_SAFE_NO_PAD.encode(self.compressed()),
        };
        SignedDocument::sign(STATUS_CONTEXT, &body, key)
    }

    /// Checks a status document against the key set: the signing key must be in the set, belong
    /// to the list's municipality, and have been allowed to sign when the list was issued.
    pub fn open(doc: &SignedDocument, keys: &KeySet) -> Result<StatusList, Error> {
        let claimed: StatusBody = doc.unverified_payload()?;
        let entry = keys
            .get(&claimed.kid)
            .ok_or_else(|| Error::DocumentKeyUnknown(claimed.kid.to_hex()))?;
        let body: StatusBody = doc.open(
            STATUS_CONTEXT,
            &entry.public_key,
            &format!("key {}", entry.kid),
        )?;
        if body.kind != STATUS_TYPE || body.version != 1 || body.encoding != "zlib" {
            return Err(Error::Document(format!(
                "not a version 1 zlib {STATUS_TYPE} document"
            )));
        }
        if entry.municipality != body.municipality {
            return Err(Error::Document(format!(
                "key {} may not sign {}'s status list",
                entry.kid, body.municipality
            )));
        }
        // A key signs lists only within its window and until it is retired: a retired key stays
        // published for the cards it signed, and must not vouch for newer revocation state.
        if body.issued_at < entry.not_before
            || body.issued_at > entry.not_after
            || entry.retired_at.is_some_and(|r| body.issued_at > r)
            || body.next_update < body.issued_at
        {
            return Err(Error::Document(
                "the list's dates do not fit its key".into(),
            ));
        }
        let mut list = StatusList::new(body.municipality, body.size)?;
        let compressed = URL_SAFE_NO_PAD
            .decode(&body.list)
            .map_err(|e| Error::Document(format!("list is not base64url: {e}")))?;
        // The limit stops a small document from inflating into gigabytes.
        let packed =
            miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&compressed, list.packed.len())
                .map_err(|_| {
                    Error::Document("list does not inflate to its declared size".into())
                })?;
        if packed.len() != list.packed.len() {
            return Err(Error::Document(
                "list does not inflate to its declared size".into(),
            ));
        }
        list.packed = packed;
        if (0..list.size).any(|i| list.get(i).is_none()) || has_bits_past_end(&list) {
            return Err(Error::Document("list holds an undefined state".into()));
        }
        list.signed = Some(SignedInfo {
            kid: body.kid,
            issued_at: body.issued_at,
            next_update: body.next_update,
        });
        Ok(list)
    }
}

fn packed_len(size: u32) -> usize {
    size.div_ceil(4) as usize
}

fn shift(index: u32) -> u32 {
    // Index 0 is the two most significant bits of byte 0.
    6 - 2 * (index % 4)
}

fn has_bits_past_end(list: &StatusList) -> bool {
    (list.size..(list.packed.len() as u32 * 4))
        .any(|i| (list.packed[(i / 4) as usize] >> shift(i)) & 0b11 != 0)
}

/// The status lists of all municipalities, as a verifier holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatusLists {
    lists: BTreeMap<Municipality, StatusList>,
}

/// The published bundle: `{"lists": [signed status document, …]}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusBundle {
    pub lists: Vec<SignedDocument>,
}

impl StatusLists {
    pub fn insert(&mut self, list: StatusList) {
        self.lists.insert(list.municipality, list);
    }

    pub fn get(&self, municipality: Municipality) -> Option<&StatusList> {
        self.lists.get(&municipality)
    }

    pub fn iter(&self) -> impl Iterator<Item = &StatusList> {
        self.lists.values()
    }

    /// Opens every list of a bundle; one bad list refuses the whole bundle.
    pub fn open(bundle: &StatusBundle, keys: &KeySet) -> Result<StatusLists, Error> {
        let mut out = StatusLists::default();
        for doc in &bundle.lists {
            let list = StatusList::open(doc, keys)?;
            if out.lists.contains_key(&list.municipality) {
                return Err(Error::Document(format!(
                    "two lists for {}",
                    list.municipality
                )));
            }
            out.insert(list);
        }
        Ok(out)
    }

    pub fn from_json(text: &str, keys: &KeySet) -> Result<StatusLists, Error> {
        if text.len() > crate::document::MAX_DOCUMENT_BYTES {
            return Err(Error::Document("status bundle is too large".into()));
        }
        let bundle: StatusBundle =
            serde_json::from_str(text).map_err(|e| Error::Document(e.to_string()))?;
        StatusLists::open(&bundle, keys)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::PublicKey;

    fn keys() -> (SigningKey, KeyEntry, KeySet) {
        let anchor = SigningKey::from_seed(&[1u8; 32]);
        let elk = SigningKey::from_seed(&[5u8; 32]);
        let entry = KeyEntry::new(Municipality::Elk, elk.public_key(), 0, 1_000_000);
        let set = KeySet::new(&anchor.public_key(), 0, 10, vec![entry.clone()]).unwrap();
        (elk, entry, set)
    }

    #[test]
    fn states_are_stored_and_read_at_every_position_in_a_byte() {
        let mut list = StatusList::new(Municipality::Elk, 9).unwrap();
        list.set(0, CardStatus::Revoked).unwrap();
        list.set(3, CardStatus::Suspended).unwrap();
        list.set(8, CardStatus::Revoked).unwrap();
        let got: Vec<_> = (0..9).map(|i| list.get(i).unwrap()).collect();
        use CardStatus::*;
        assert_eq!(
            got,
            [Revoked, Valid, Valid, Suspended, Valid, Valid, Valid, Valid, Revoked]
        );
        assert_eq!(list.get(9), None);
        list.set(3, Valid).unwrap();
        assert_eq!(list.get(3), Some(Valid));
        assert!(list.set(9, Revoked).is_err());
    }

    #[test]
    fn a_signed_list_opens_against_the_key_set() {
        let (key, entry, set) = keys();
        let mut list = StatusList::new(Municipality::Elk, 1000).unwrap();
        list.set(17, CardStatus::Revoked).unwrap();
        let doc = list.sign(&entry, &key, 100, 200).unwrap();
        let opened = StatusList::open(&doc, &set).unwrap();
        assert_eq!(opened.get(17), Some(CardStatus::Revoked));
        assert_eq!(opened.get(18), Some(CardStatus::Valid));
        assert_eq!(opened.signed_info().unwrap().next_update, 200);
    }

    #[test]
    fn a_key_past_its_window_or_retired_cannot_vouch_for_a_newer_list() {
        // Arrange: an Ełk key for [0, 1000], retired at 500.
        let anchor = SigningKey::from_seed(&[1u8; 32]);
        let elk = SigningKey::from_seed(&[5u8; 32]);
        let mut entry = KeyEntry::new(Municipality::Elk, elk.public_key(), 0, 1000);
        entry.retired_at = Some(500);
        let set = KeySet::new(&anchor.public_key(), 0, 10, vec![entry.clone()]).unwrap();
        let list = StatusList::new(Municipality::Elk, 8).unwrap();
        // Act + Assert
        for (issued, opens) in [(500, true), (501, false), (1001, false)] {
            let doc = list.sign(&entry, &elk, issued, issued + 10).unwrap();
            assert_eq!(
                StatusList::open(&doc, &set).is_ok(),
                opens,
                "issued at {issued}"
            );
        }
    }

    #[test]
    fn a_list_signed_by_another_municipality_or_unknown_key_is_refused() {
        let (_, _, set) = keys();
        let stranger = SigningKey::from_seed(&[9u8; 32]);
        let entry = KeyEntry::new(Municipality::Elk, stranger.public_key(), 0, 1_000_000);
        let list = StatusList::new(Municipality::Elk, 8).unwrap();
        let doc = list.sign(&entry, &stranger, 1, 2).unwrap();
        assert!(matches!(
            StatusList::open(&doc, &set),
            Err(Error::DocumentKeyUnknown(_))
        ));
        let aly_list = StatusList::new(Municipality::Aly, 8).unwrap();
        let (key, entry, _) = keys();
        assert!(aly_list.sign(&entry, &key, 1, 2).is_err());
        let _: PublicKey = key.public_key();
    }

    #[test]
    fn a_hundred_thousand_cards_with_one_percent_revoked_compress_to_four_kilobytes() {
        let mut list = StatusList::new(Municipality::Aly, 100_000).unwrap();
        // A fixed-seed xorshift stands in for the service's random index assignment.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut revoked = 0;
        while revoked < 1000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let i = (x % 100_000) as u32;
            if list.get(i) == Some(CardStatus::Valid) {
                list.set(i, CardStatus::Revoked).unwrap();
                revoked += 1;
            }
        }
        let size = list.compressed().len();
        assert!(size <= 4096, "compressed to {size} bytes");
    }
}
