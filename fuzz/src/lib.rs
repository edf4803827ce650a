//! The fixed world the fuzz targets check against: an anchor, one key per municipality, a signed
//! key set and status bundle, the one card text that verifies as valid, and card texts that
//! decode but must not verify. Everything comes from fixed seeds and Ed25519 signatures are
//! deterministic, so the seed corpus written by `examples/seed_corpus.rs` matches what the
//! targets build, and a crash found once reproduces on any machine.
//!
//! Fuzzing only: nothing here is a pattern for production keys.

use kartu_card::{
    assemble, encode_unsigned, sign, CardNumber, CardStatus, Claims, KeyEntry, KeySet,
    Municipality, PersonName, PublicKey, Role, SigningKey, StatusBundle, StatusList, StatusLists,
    CARD_CONTEXT,
};

/// "Now" for every verification: 2026-11-22 12:00 UTC.
pub const NOW: i64 = 1_795_348_800;
const DAY: i64 = 86_400;
const KEY_NOT_BEFORE: i64 = NOW - 365 * DAY;
const KEY_NOT_AFTER: i64 = NOW + 365 * DAY;
const LIST_SIZE: u32 = 64;
const REVOKED_INDEX: u32 = 7;
const SUSPENDED_INDEX: u32 = 9;

#[derive(Debug)]
pub struct World {
    pub anchor: PublicKey,
    pub keys: KeySet,
    /// The anchor-signed key set document.
    pub key_set_json: String,
    pub status: StatusLists,
    /// The status bundle document, one list per municipality.
    pub bundle_json: String,
    /// The only text that verifies as valid at [`NOW`] against `keys` and `status`
    /// (surrounding white space aside, which a verifier trims).
    pub valid_text: String,
    /// Card texts that decode but are refused at [`NOW`] with the status lists, each with its
    /// name. The first few carry a good signature by a key of the set and verify as valid when
    /// no status lists are given: see [`World::valid_without_status`].
    pub refused: Vec<(&'static str, String)>,
    valid_without_status: usize,
}

fn fixed(seed: u8) -> SigningKey {
    SigningKey::from_seed(&[seed; 32])
}

fn claims(municipality: Municipality, member: u8, from: i64, until: i64, index: u32) -> Claims {
    Claims {
        number: CardNumber::new(municipality, 4217, member, 1).expect("parts in range"),
        holder: PersonName::parse("Žydrūnė Łukaszewicz-Čėsna").expect("a valid name"),
        role: Role::Child,
        valid_from: from,
        valid_until: until,
        status_index: index,
    }
}

/// Signs without the checks of [`sign`], to build cards a verifier must refuse.
fn sign_anyway(claims: &Claims, entry: &KeyEntry, key: &SigningKey) -> String {
    let mut bytes = encode_unsigned(entry.kid, claims).expect("claims fit the format");
    let signature = key.sign(&[CARD_CONTEXT, &bytes].concat());
    bytes.extend_from_slice(&signature);
    assemble(&bytes)
}

impl World {
    pub fn new() -> World {
        let anchor = fixed(0xA7);
        let mut entries = Vec::new();
        let mut lists = Vec::new();
        for (i, m) in Municipality::ALL.into_iter().enumerate() {
            let key = fixed(i as u8 + 1);
            let entry = KeyEntry::new(m, key.public_key(), KEY_NOT_BEFORE, KEY_NOT_AFTER);
            let mut list = StatusList::new(m, LIST_SIZE).expect("size in range");
            list.set(REVOKED_INDEX, CardStatus::Revoked)
                .expect("index in range");
            list.set(SUSPENDED_INDEX, CardStatus::Suspended)
                .expect("index in range");
            lists.push(
                list.sign(&entry, &key, NOW - DAY, NOW + DAY)
                    .expect("the key belongs to the list's municipality"),
            );
            entries.push(entry);
        }
        let keys = KeySet::new(&anchor.public_key(), NOW - DAY, NOW + 7 * DAY, entries)
            .expect("a well-formed key set");
        let key_set_json = keys.sign(&anchor).expect("the set's anchor").to_json();
        let bundle_json =
            serde_json::to_string(&StatusBundle { lists }).expect("documents serialise");
        let status = StatusLists::from_json(&bundle_json, &keys).expect("the lists just signed");

        let aly = fixed(1);
        let aly_entry = keys.keys()[0].clone();
        let card = |member, from, until, index| {
            sign(
                &claims(Municipality::Aly, member, from, until, index),
                &aly_entry,
                &aly,
            )
            .expect("the key may sign the card")
        };
        let year = (NOW - 30 * DAY, NOW + 335 * DAY);
        let valid_text = card(1, year.0, year.1, 3);
        let stranger = fixed(0x55);
        let stranger_entry = KeyEntry::new(
            Municipality::Aly,
            stranger.public_key(),
            KEY_NOT_BEFORE,
            KEY_NOT_AFTER,
        );
        let refused = vec![
            ("revoked", card(2, year.0, year.1, REVOKED_INDEX)),
            ("suspended", card(3, year.0, year.1, SUSPENDED_INDEX)),
            ("status-unknown", card(4, year.0, year.1, LIST_SIZE + 100)),
            ("expired", card(5, NOW - 300 * DAY, NOW - 2 * DAY, 11)),
            ("not-yet-valid", card(6, NOW + 2 * DAY, NOW + 300 * DAY, 12)),
            (
                "unknown-key",
                sign(
                    &claims(Municipality::Aly, 7, year.0, year.1, 13),
                    &stranger_entry,
                    &stranger,
                )
                .expect("the stranger may sign for itself"),
            ),
            (
                "wrong-municipality",
                sign_anyway(
                    &claims(Municipality::Var, 8, year.0, year.1, 14),
                    &aly_entry,
                    &aly,
                ),
            ),
            (
                "before-key-window",
                sign_anyway(
                    &claims(Municipality::Aly, 9, KEY_NOT_BEFORE - DAY, year.1, 15),
                    &aly_entry,
                    &aly,
                ),
            ),
        ];
        World {
            anchor: anchor.public_key(),
            keys,
            key_set_json,
            status,
            bundle_json,
            valid_text,
            refused,
            valid_without_status: 3,
        }
    }

    /// Whether `text` may verify as valid when no status lists are given: the valid card and
    /// the revoked, suspended and unlisted cards, whose problem only a status list shows.
    pub fn valid_without_status(&self, text: &str) -> bool {
        let text = text.trim();
        text == self.valid_text
            || self.refused[..self.valid_without_status]
                .iter()
                .any(|(_, card)| text == card)
    }

    /// Seed inputs for the `decode` target: every card of the world, and some junk.
    pub fn decode_seeds(&self) -> Vec<(String, Vec<u8>)> {
        let mut seeds = vec![("valid".to_string(), self.valid_text.clone().into_bytes())];
        for (name, text) in &self.refused {
            seeds.push((name.to_string(), text.clone().into_bytes()));
        }
        let junk: [(&str, Vec<u8>); 6] = [
            ("junk-url", b"https://www.alytus.lt/".to_vec()),
            ("junk-version-2", b"KARTU2:AQIDBAUGBwgJ".to_vec()),
            ("junk-padded", format!("{}==", self.valid_text).into_bytes()),
            (
                "valid-with-scanner-newline",
                format!("{}\r\n", self.valid_text).into_bytes(),
            ),
            ("junk-card-number", b"ALY-004217-01-01-5".to_vec()),
            ("junk-bytes", (0..=255u8).rev().collect()),
        ];
        seeds.extend(
            junk.into_iter()
                .map(|(name, bytes)| (name.to_string(), bytes)),
        );
        seeds
    }

    /// Seed inputs for the `documents` target: the two signed documents and an empty envelope.
    pub fn document_seeds(&self) -> Vec<(String, Vec<u8>)> {
        vec![
            (
                "key-set.json".to_string(),
                self.key_set_json.clone().into_bytes(),
            ),
            (
                "status-bundle.json".to_string(),
                self.bundle_json.clone().into_bytes(),
            ),
            (
                "junk-envelope.json".to_string(),
                br#"{"payload":"","signature":""}"#.to_vec(),
            ),
        ]
    }
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}

#[cfg(test)]
mod tests {
    use kartu_card::{verify, Reason};

    use super::*;

    #[test]
    fn the_valid_card_is_valid_and_every_other_card_gets_its_reason() {
        let world = World::new();
        assert_eq!(
            verify(&world.valid_text, &world.keys, Some(&world.status), NOW).reason,
            Reason::Valid
        );
        let expected = [
            ("revoked", Reason::Revoked),
            ("suspended", Reason::Suspended),
            ("status-unknown", Reason::StatusUnknown),
            ("expired", Reason::Expired),
            ("not-yet-valid", Reason::NotYetValid),
            ("unknown-key", Reason::UnknownKey),
            ("wrong-municipality", Reason::KeyNotAllowed),
            ("before-key-window", Reason::KeyNotAllowed),
        ];
        assert_eq!(world.refused.len(), expected.len());
        for ((name, text), (expected_name, reason)) in world.refused.iter().zip(expected) {
            assert_eq!(*name, expected_name);
            let with_lists = verify(text, &world.keys, Some(&world.status), NOW);
            let without_lists = verify(text, &world.keys, None, NOW);
            assert_eq!(with_lists.reason, reason, "{name}");
            assert_eq!(
                without_lists.is_valid(),
                world.valid_without_status(text),
                "{name}"
            );
        }
    }

    #[test]
    fn the_committed_seed_corpus_matches_the_world() {
        let world = World::new();
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
        for (target, seeds) in [
            ("decode", world.decode_seeds()),
            ("documents", world.document_seeds()),
        ] {
            for (name, bytes) in seeds {
                let path = corpus.join(target).join(format!("seed-{name}"));
                let on_disk = std::fs::read(&path).expect("run `cargo run --example seed_corpus`");
                assert_eq!(on_disk, bytes, "{} is stale", path.display());
            }
        }
    }
}
