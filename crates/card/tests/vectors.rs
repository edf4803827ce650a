//! The test vectors in `tests/vectors/` at the workspace root: one JSON file per case, each with
//! a key set, status lists (or none), a time, a policy, a card text and the verdict a verifier
//! must give. They are for implementers of other verifiers (docs/card-format.md, "Test
//! vectors"), so this file both generates them and holds the library to them.
//!
//! Generation is deterministic: fixed seeds, fixed instants, and Ed25519 signatures are a
//! function of key and message. The expected verdicts are written down here by hand, never
//! computed by the verifier under test. `KARTU_BLESS=1 cargo test -p kartu-card --test vectors`
//! rewrites the files; review the diff before committing it.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on the first broken step"
)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use kartu_card::{
    assemble, encode_unsigned, sign, verify_with, CardNumber, CardStatus, Claims, KeyEntry, KeySet,
    Municipality, PersonName, Policy, PublicKey, Reason, Role, SignedDocument, SigningKey,
    StatusBundle, StatusList, StatusLists, CARD_CONTEXT, HEADER_LEN, PREFIX, SIGNATURE_LEN,
};
use serde::{Deserialize, Serialize};

const VECTORS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/vectors");

/// Blessing writes the files while the other tests of this binary read them.
static FILES: Mutex<()> = Mutex::new(());

fn lock_files() -> MutexGuard<'static, ()> {
    FILES.lock().unwrap_or_else(PoisonError::into_inner)
}

// ----- the file format -----

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    description: String,
    anchor_public_key: String,
    key_set: SignedDocument,
    status: Option<StatusBundle>,
    now: i64,
    policy: PolicyDoc,
    text: String,
    expected: Expected,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyDoc {
    clock_skew: i64,
    max_age: i64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    reason: String,
    valid: bool,
    card: Option<Claims>,
}

// ----- the fixed world -----

const DAY: i64 = 86_400;
/// 2025-01-01T00:00:00Z.
const JAN_2025: i64 = 1_735_689_600;
/// 2025-06-01T00:00:00Z.
const JUN_2025: i64 = 1_748_736_000;
/// 2025-06-30T00:00:00Z.
const JUN_30_2025: i64 = 1_751_241_600;
/// 2025-07-01T00:00:00Z.
const JUL_2025: i64 = 1_751_328_000;
/// 2025-07-15T00:00:00Z.
const JUL_15_2025: i64 = 1_752_537_600;
/// 2025-09-01T00:00:00Z.
const SEP_2025: i64 = 1_756_684_800;
/// 2026-01-01T00:00:00Z: the verifier's clock in every vector.
const NOW: i64 = 1_767_225_600;
/// 2026-07-01T00:00:00Z.
const JUL_2026: i64 = 1_782_864_000;
/// 2027-06-01T00:00:00Z.
const JUN_2027: i64 = 1_811_808_000;
/// 2027-09-01T00:00:00Z.
const SEP_2027: i64 = 1_819_756_800;

const LIST_SIZE: u32 = 1000;
const INDEX_PARENT: u32 = 17;
const INDEX_CHILD: u32 = 733;
const INDEX_VARENA: u32 = 301;
const INDEX_REVOKED: u32 = 404;
const INDEX_REVOKED_EXPIRED: u32 = 405;
const INDEX_SUSPENDED: u32 = 512;

const ALY_SEED: &str = "kartu test vector ALY 2025-07";
const LT_NAME: &str = "Gražina Vaišvilė Žąsinaitė-Kęstučiūnienė Šįrvų";
const PL_NAME: &str = "Jaś Maćko Źdźbło-Różański";
/// Shaped like an EU Digital COVID Certificate: `HC1:` and base45 text. Not a real certificate.
const DCC_LIKE: &str = "HC1:NCFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA.A5:S9MKN4NN3F85QNCY0O%0VZ001HOC9JU0D0HT0HB2PL/IB*09B9LW4T*8+DCMH0LDK2%K:XFE70*LP$V25$0Q:J:4MO1P0%0L0HD+9E/HY+4J6TH48S%4K.GJ2PT3QY:GQ3TE2I+-CPHN6D7LLK*2HG%89UV-0LZ 2ZJJ524-LH/CJTK96L6SR9MU9DHGZ%P WUQRENS431T1XCNCF+47AY0-IFO0500TGPN8F5G.41Q2E4T8ALW.INSV$ 07UV5SR+BNQHNML7 /KD3TU 4V*CAT3ZGLQMI/XI%ZJNSBBXK2:UG%UJMI:TU+MMPZ5$/PMX19UE:-PSR3/$NU44CBE6DQ3D7B0FBOFX0DV2DGMB$YPF62I$60/F$Z2I6IFX21XNI-LM%3/DF/U6Z9FEOJVRLVW6K$UG+BKK57:1+D10%4K83F+1VWD1NE";
const LONG_NAME: &str = "Ąžuolė Gabija Kęstutė Rūta Šarūnė Vaiva Žemyna Jūratė Milda Eglė";

/// A fixed 32-byte seed: the label's bytes, zero-padded. Test keys only.
fn seed(label: &str) -> [u8; 32] {
    assert!(label.len() <= 32, "{label}");
    let mut out = [0u8; 32];
    out[..label.len()].copy_from_slice(label.as_bytes());
    out
}

/// A municipal key with its key set entry.
struct Key {
    entry: KeyEntry,
    secret: SigningKey,
}

impl Key {
    fn new(label: &str, municipality: Municipality, not_before: i64, not_after: i64) -> Key {
        let secret = SigningKey::from_seed(&seed(label));
        Key {
            entry: KeyEntry::new(municipality, secret.public_key(), not_before, not_after),
            secret,
        }
    }

    /// Through the library's signer, which refuses what a verifier would refuse.
    fn card(&self, claims: &Claims) -> String {
        sign(claims, &self.entry, &self.secret).unwrap()
    }

    /// The card bytes a verifier reads, signed without any of the signer's checks.
    fn signed_bytes(&self, unsigned: &[u8]) -> Vec<u8> {
        let signature = self.secret.sign(&[CARD_CONTEXT, unsigned].concat());
        [unsigned, &signature].concat()
    }

    /// Claims under this key's id, signed without any of the signer's checks.
    fn forced_card(&self, claims: &Claims) -> String {
        assemble(&self.signed_bytes(&encode_unsigned(self.entry.kid, claims).unwrap()))
    }
}

struct World {
    anchor: SigningKey,
    aly: Key,
    var: Key,
    elk: Key,
    /// Alytus' previous key, retired when `aly` took over.
    aly_retired: Key,
    /// A genuine-looking Alytus key that the key set does not hold.
    stranger: Key,
    key_set: SignedDocument,
    /// Issued two weeks ago, due a week ago: past `next_update` plus the maximum age.
    stale_key_set: SignedDocument,
    /// Due exactly the default maximum age ago: the last second it still confirms a card.
    edge_key_set: SignedDocument,
    status: StatusBundle,
    stale_status: StatusBundle,
    edge_status: StatusBundle,
    status_without_varena: StatusBundle,
}

fn key_set(anchor: &SigningKey, keys: &[&Key], issued_at: i64, next_update: i64) -> SignedDocument {
    let entries = keys.iter().map(|k| k.entry.clone()).collect();
    KeySet::new(&anchor.public_key(), issued_at, next_update, entries)
        .unwrap()
        .sign(anchor)
        .unwrap()
}

fn list(
    key: &Key,
    states: &[(u32, CardStatus)],
    issued_at: i64,
    next_update: i64,
) -> SignedDocument {
    let mut list = StatusList::new(key.entry.municipality, LIST_SIZE).unwrap();
    for (index, state) in states {
        list.set(*index, *state).unwrap();
    }
    list.sign(&key.entry, &key.secret, issued_at, next_update)
        .unwrap()
}

impl World {
    fn new() -> World {
        use Municipality::{Aly, Elk, Var};
        let anchor = SigningKey::from_seed(&seed("kartu test vector anchor"));
        let aly = Key::new(ALY_SEED, Aly, JUL_2025, JUL_2026);
        let var = Key::new("kartu test vector VAR 2025-07", Var, JUL_2025, JUL_2026);
        let elk = Key::new("kartu test vector ELK 2025-07", Elk, JUL_2025, JUL_2026);
        let mut aly_retired = Key::new("kartu test vector ALY 2025-01", Aly, JAN_2025, NOW);
        aly_retired.entry.retired_at = Some(JUL_2025);
        let stranger = Key::new("kartu test vector not in the set", Aly, JUL_2025, JUL_2026);

        let all = [&aly, &var, &elk, &aly_retired];
        let aly_states = [
            (INDEX_REVOKED, CardStatus::Revoked),
            (INDEX_REVOKED_EXPIRED, CardStatus::Revoked),
            (INDEX_SUSPENDED, CardStatus::Suspended),
        ];
        let fresh =
            |key: &Key, states: &[(u32, CardStatus)]| list(key, states, NOW - 3600, NOW + DAY);
        World {
            key_set: key_set(&anchor, &all, NOW - DAY, NOW + 6 * DAY),
            stale_key_set: key_set(&anchor, &all, NOW - 14 * DAY, NOW - 7 * DAY),
            edge_key_set: key_set(&anchor, &all, NOW - 10 * DAY, NOW - 3 * DAY),
            status: StatusBundle {
                lists: vec![fresh(&aly, &aly_states), fresh(&var, &[]), fresh(&elk, &[])],
            },
            stale_status: StatusBundle {
                lists: vec![list(&aly, &aly_states, NOW - 10 * DAY, NOW - 9 * DAY)],
            },
            edge_status: StatusBundle {
                lists: vec![list(&aly, &aly_states, NOW - 4 * DAY, NOW - 3 * DAY)],
            },
            status_without_varena: StatusBundle {
                lists: vec![fresh(&aly, &aly_states), fresh(&elk, &[])],
            },
            anchor,
            aly,
            var,
            elk,
            aly_retired,
            stranger,
        }
    }

    /// A vector against the current key set and status lists, at `NOW`, with the default policy.
    fn vector(
        &self,
        reason: Reason,
        card: Option<&Claims>,
        text: String,
        description: &str,
    ) -> Vector {
        let policy = Policy::default();
        Vector {
            description: description.to_string(),
            anchor_public_key: self.anchor.public_key().to_base64url(),
            key_set: self.key_set.clone(),
            status: Some(self.status.clone()),
            now: NOW,
            policy: PolicyDoc {
                clock_skew: policy.clock_skew,
                max_age: policy.max_age,
            },
            text,
            expected: Expected {
                reason: reason.code().to_string(),
                valid: reason == Reason::Valid,
                card: card.cloned(),
            },
        }
    }
}

/// A card within the current keys' windows; vary it with `Claims { .., ..card(...) }`.
fn card(municipality: Municipality, family: u32, member: u8, holder: &str) -> Claims {
    Claims {
        number: CardNumber::new(municipality, family, member, 1).unwrap(),
        holder: PersonName::parse(holder).unwrap(),
        role: Role::Parent,
        valid_from: SEP_2025,
        valid_until: SEP_2027,
        status_index: 0,
    }
}

fn parent() -> Claims {
    Claims {
        status_index: INDEX_PARENT,
        ..card(Municipality::Aly, 4217, 3, LT_NAME)
    }
}

/// A Varėna card of 109 bytes: 109 mod 3 = 1, so its base64url ends in a character with four
/// unused bits, and a padded encoder would append `==`.
fn varena() -> Claims {
    Claims {
        status_index: INDEX_VARENA,
        ..card(Municipality::Var, 88, 1, "Jonas Petraitis")
    }
}

fn bytes_of(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(&text[PREFIX.len()..]).unwrap()
}

/// Version 1 bytes with the name field replaced by raw bytes (which need not be a valid name).
fn with_raw_name(unsigned: &[u8], name: &[u8]) -> Vec<u8> {
    let mut out = unsigned[..HEADER_LEN - 1].to_vec();
    out.push(u8::try_from(name.len()).unwrap());
    out.extend_from_slice(name);
    out
}

/// `a + b` as little-endian 256-bit integers.
fn add_le(a: &[u8], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = sum.to_le_bytes()[0];
        carry = sum >> 8;
    }
    assert_eq!(carry, 0);
    out
}

/// The order L of the Ed25519 base point, little-endian.
const GROUP_ORDER: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

/// `(a + b) mod L` for `a, b < L`, little-endian.
fn add_mod_l(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
    let sum = add_le(a, b);
    let below_l = sum.iter().rev().cmp(GROUP_ORDER.iter().rev()).is_lt();
    if below_l {
        return sum;
    }
    let mut out = [0u8; 32];
    let mut borrow = 0i16;
    for i in 0..32 {
        let d = i16::from(sum[i]) - i16::from(GROUP_ORDER[i]) - borrow;
        borrow = i16::from(d < 0);
        out[i] = (d + 256 * borrow).to_le_bytes()[0];
    }
    out
}

/// `x · y mod L` for a little-endian `x` of any length and `y < L`, by double-and-add.
fn mul_mod_l(x: &[u8], y: &[u8; 32]) -> [u8; 32] {
    let bits = x
        .iter()
        .rev()
        .flat_map(|byte| (0..8).rev().map(move |i| byte >> i & 1 == 1));
    bits.fold([0u8; 32], |acc, bit| {
        let twice = add_mod_l(&acc, &acc);
        if bit {
            add_mod_l(&twice, y)
        } else {
            twice
        }
    })
}

/// A signature by the key of `seed` whose R is the identity point (nonce 0): S = k·a mod L.
/// The equation [S]B = R + [k]A holds, so a lax verifier accepts it; a strict one refuses an R of
/// small order.
fn small_order_r_signature(seed: &[u8; 32], public_key: &[u8; 32], message: &[u8]) -> [u8; 64] {
    use sha2::{Digest, Sha512};
    let expanded = Sha512::digest(seed);
    let mut scalar = [0u8; 32];
    scalar.copy_from_slice(&expanded[..32]);
    scalar[0] &= 248;
    scalar[31] &= 127;
    scalar[31] |= 64;
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let k = Sha512::digest([&identity[..], public_key, message].concat());
    let a = mul_mod_l(&scalar, &identity); // the identity's encoding is also the integer 1
    let mut signature = [0u8; 64];
    signature[..32].copy_from_slice(&identity);
    signature[32..].copy_from_slice(&mul_mod_l(&k, &a));
    signature
}

/// Every vector, in file order, as (slug, vector). Kept as a table: one case per paragraph.
#[rustfmt::skip]
fn vectors() -> Vec<(&'static str, Vector)> {
    use Municipality::{Aly, Elk};
    use Reason::*;
    let w = World::new();
    let mut out: Vec<(&'static str, Vector)> = Vec::new();
    let mut add = |slug, vector| out.push((slug, vector));
    let p = parent();
    let v = varena();
    let valid_text = w.aly.card(&p);
    let full = bytes_of(&valid_text);
    let unsigned = encode_unsigned(w.aly.entry.kid, &p).unwrap();

    // ----- valid -----
    assert!("ąčęėįšųūž".chars().all(|c| LT_NAME.contains(c)));
    add("valid-parent-alytus", w.vector(Valid, Some(&p), valid_text.clone(),
        "An Alytus parent's card with a Lithuanian name, signed by the current Alytus key and valid in the Alytus status list."));

    assert!("łńóśźżć".chars().all(|c| PL_NAME.contains(c)));
    let child = Claims {
        number: CardNumber::new(Elk, 120_034, 4, 2).unwrap(),
        role: Role::Child,
        status_index: INDEX_CHILD,
        ..card(Elk, 1, 1, PL_NAME)
    };
    add("valid-child-elk", w.vector(Valid, Some(&child), w.elk.card(&child),
        "An Ełk child's card (second issue) with a Polish name, signed by the current Ełk key and valid in the Ełk status list."));

    add("valid-without-status-lists", Vector { status: None, ..w.vector(Valid, Some(&v), w.var.card(&v),
        "A Varėna card checked with no status lists at all: nothing to consult, so the signature and dates decide.") });

    assert_eq!(LONG_NAME.chars().count(), 64);
    let long = Claims { role: Role::Child, status_index: 99, ..card(Aly, 4217, 5, LONG_NAME) };
    add("valid-name-of-64-characters", w.vector(Valid, Some(&long), w.aly.card(&long),
        "A card whose holder name has the maximum 64 characters (77 bytes of UTF-8)."));

    let early = Claims { valid_from: NOW + 300, status_index: 20, ..card(Aly, 5120, 1, "Rūta Jankauskienė") };
    add("valid-starting-within-clock-skew", w.vector(Valid, Some(&early), w.aly.card(&early),
        "A card that starts exactly 300 seconds (the clock skew) after now is accepted."));

    let late = Claims { valid_from: JUL_15_2025, valid_until: NOW - 300, status_index: 21, ..card(Aly, 5121, 1, "Tomas Jankauskas") };
    add("valid-ending-within-clock-skew", w.vector(Valid, Some(&late), w.aly.card(&late),
        "A card whose valid_until is exactly 300 seconds (the clock skew) before now is accepted."));

    let old = Claims { valid_from: JUN_2025, valid_until: JUN_2027, status_index: 58, ..card(Aly, 3055, 1, "Ona Petrauskienė") };
    add("valid-card-of-a-retired-key", w.vector(Valid, Some(&old), w.aly_retired.card(&old),
        "A card signed by Alytus' retired key, starting before the key's retired_at, stays valid after the rotation."));

    add("valid-lists-at-the-edge-of-max-age", Vector {
        key_set: w.edge_key_set.clone(),
        status: Some(w.edge_status.clone()),
        ..w.vector(Valid, Some(&p), valid_text.clone(),
            "The key set and the Alytus status list were due exactly max_age seconds ago: old, but not yet stale.")
    });

    // ----- not a card -----
    add("not-a-card-url", w.vector(NotACard, None, "https://www.alytus.lt/".into(),
        "A web address, as any other QR code on a shop counter would give."));
    add("not-a-card-eu-dcc", w.vector(NotACard, None, DCC_LIKE.into(),
        "A text shaped like an EU Digital COVID Certificate (HC1: prefix, base45): another scheme, not an expired card."));
    add("not-a-card-empty-text", w.vector(NotACard, None, String::new(),
        "An empty text, as a scanner that read nothing would send."));
    add("not-a-card-lower-case-prefix", w.vector(NotACard, None, valid_text.replacen(PREFIX, "kartu1:", 1),
        "A valid card's text with its prefix in lower case: the prefix is case-sensitive."));

    // ----- unsupported version -----
    add("unsupported-version-prefix-kartu2", w.vector(UnsupportedVersion, None, valid_text.replacen(PREFIX, "KARTU2:", 1),
        "A valid card's body behind the prefix KARTU2: a later format this verifier does not know."));
    let mut version_2 = full.clone();
    version_2[0] = 2;
    add("unsupported-version-byte-2", w.vector(UnsupportedVersion, None, assemble(&version_2),
        "A KARTU1: text whose version byte is 2: the version byte is read before anything else."));

    // ----- malformed -----
    add("malformed-standard-base64-character", w.vector(Malformed, None, format!("{PREFIX}+{}", &valid_text[PREFIX.len() + 1..]),
        "A card text whose first base64url character is replaced by '+', which only the standard alphabet has."));

    let var_text = w.var.card(&v);
    let var_bytes = bytes_of(&var_text);
    assert_eq!(var_bytes.len() % 3, 1);
    let padded = format!("{PREFIX}{}", URL_SAFE.encode(&var_bytes));
    assert!(padded.ends_with("=="));
    add("malformed-padding", w.vector(Malformed, None, padded,
        "A valid card's text with the '==' padding a padded encoder would add: padding is refused."));

    let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let last = var_text.chars().last().unwrap();
    let sibling = char::from(alphabet.as_bytes()[alphabet.find(last).unwrap() ^ 1]);
    add("malformed-non-canonical-trailing-bits", w.vector(Malformed, None, format!("{}{sibling}", &var_text[..var_text.len() - 1]),
        "A valid card's text whose last character sets one of its four unused bits: the same bytes spelt a second way, refused."));

    add("malformed-truncated", w.vector(Malformed, None, assemble(&full[..full.len() - 1]),
        "A valid card with the last byte of its signature cut off."));
    add("malformed-one-extra-byte", w.vector(Malformed, None, assemble(&[&full[..], &[0]].concat()),
        "A valid card with one zero byte appended after its signature."));

    let mut municipality_4 = unsigned.clone();
    municipality_4[9] = 4;
    add("malformed-unknown-municipality", w.vector(Malformed, None, assemble(&w.aly.signed_bytes(&municipality_4)),
        "A correctly signed card whose municipality byte is 4, which names no municipality."));

    let mut family = unsigned.clone();
    family[11..15].copy_from_slice(&1_000_000u32.to_be_bytes());
    add("malformed-family-number-out-of-range", w.vector(Malformed, None, assemble(&w.aly.signed_bytes(&family)),
        "A correctly signed card whose family number is 1000000, more than the six digits of a card number."));

    let decomposed = "Z\u{030C}ydru\u{0304}ne\u{0307} Petraitie\u{0307}";
    add("malformed-name-not-nfc", w.vector(Malformed, None, assemble(&w.aly.signed_bytes(&with_raw_name(&unsigned, decomposed.as_bytes()))),
        "A correctly signed card whose name 'Žydrūnė Petraitienė' is in decomposed form (NFD): names must already be NFC."));
    add("malformed-name-with-two-spaces", w.vector(Malformed, None, assemble(&w.aly.signed_bytes(&with_raw_name(&unsigned, b"Jonas  Petraitis"))),
        "A correctly signed card whose name has two spaces between words: names must already be in normal form."));

    let mut inverted = unsigned.clone();
    inverted[17..21].copy_from_slice(&u32::try_from(SEP_2027).unwrap().to_be_bytes());
    inverted[21..25].copy_from_slice(&u32::try_from(SEP_2025).unwrap().to_be_bytes());
    add("malformed-valid-from-after-valid-until", w.vector(Malformed, None, assemble(&w.aly.signed_bytes(&inverted)),
        "A correctly signed card whose valid_from (2027-09-01) is after its valid_until (2025-09-01)."));

    add("malformed-text-longer-than-512", w.vector(Malformed, None, format!("{PREFIX}{}", "A".repeat(516)),
        "KARTU1: and 516 base64url characters: longer than any card, refused before decoding (decoded, its version byte would be 0)."));

    // ----- keys -----
    add("unknown-key", w.vector(UnknownKey, Some(&p), w.stranger.card(&p),
        "A well-formed Alytus card signed by a key whose id the key set does not hold."));

    add("key-not-allowed-alytus-card-signed-by-varena-key", w.vector(KeyNotAllowed, Some(&p), w.var.forced_card(&p),
        "An Alytus card correctly signed by the current Varėna key: a municipality signs only its own cards."));
    let before_window = Claims { valid_from: JUN_30_2025, ..parent() };
    add("key-not-allowed-valid-from-before-key-window", w.vector(KeyNotAllowed, Some(&before_window), w.aly.forced_card(&before_window),
        "An Alytus card starting 2025-06-30, correctly signed by the Alytus key whose window starts 2025-07-01."));
    add("key-not-allowed-retired-key-after-retirement", w.vector(KeyNotAllowed, Some(&p), w.aly_retired.forced_card(&p),
        "An Alytus card starting 2025-09-01, correctly signed by the previous Alytus key, retired on 2025-07-01."));

    // ----- signatures -----
    let mut flipped = full.clone();
    flipped[HEADER_LEN] ^= 0x20;
    let altered = Claims { holder: PersonName::parse(&LT_NAME.replacen('G', "g", 1)).unwrap(), ..parent() };
    add("bad-signature-name-bit-flipped", w.vector(BadSignature, Some(&altered), assemble(&flipped),
        "A valid card with one bit of the name flipped ('G' to 'g'): it decodes, but the signature no longer matches."));

    let at = full.len() - SIGNATURE_LEN;
    add("bad-signature-all-zero", w.vector(BadSignature, Some(&p), assemble(&[&full[..at], &[0u8; SIGNATURE_LEN][..]].concat()),
        "A valid card whose signature is replaced by 64 zero bytes."));

    let mut malleated = full.clone();
    let s_plus_l = add_le(&full[at + 32..], &GROUP_ORDER);
    malleated[at + 32..].copy_from_slice(&s_plus_l);
    add("bad-signature-s-not-reduced", w.vector(BadSignature, Some(&p), assemble(&malleated),
        "A valid card whose signature's S is replaced by S + L: the same scalar, but not canonical, so refused."));

    let mut small_r = full.clone();
    let aly_public = *w.aly.entry.public_key.as_bytes();
    let signing_input = [CARD_CONTEXT, &full[..at]].concat();
    small_r[at..].copy_from_slice(&small_order_r_signature(&seed(ALY_SEED), &aly_public, &signing_input));
    add("bad-signature-small-order-r", w.vector(BadSignature, Some(&p), assemble(&small_r),
        "A valid card re-signed by the Alytus key with nonce 0, so R is the identity point: the equation holds, but R of small order is refused."));

    let impostor = Key { entry: w.aly.entry.clone(), secret: SigningKey::from_seed(&seed("kartu test vector impostor")) };
    add("bad-signature-other-key-same-key-id", w.vector(BadSignature, Some(&p), impostor.forced_card(&p),
        "An Alytus card carrying the current Alytus key id but signed by another private key."));

    // ----- dates -----
    let future = Claims { role: Role::Child, valid_from: NOW + 301, status_index: 22, ..card(Aly, 5122, 1, "Lukas Jankauskas") };
    add("not-yet-valid", w.vector(NotYetValid, Some(&future), w.aly.card(&future),
        "A card that starts 301 seconds after now: one second beyond the clock skew."));
    let past = Claims { role: Role::Child, valid_from: JUL_15_2025, valid_until: NOW - 301, status_index: 23, ..card(Aly, 5123, 1, "Austėja Jankauskaitė") };
    add("expired", w.vector(Expired, Some(&past), w.aly.card(&past),
        "A card whose valid_until is 301 seconds before now: one second beyond the clock skew."));

    // ----- status -----
    let revoked = Claims { status_index: INDEX_REVOKED, ..card(Aly, 6001, 2, "Darius Vaitkus") };
    add("revoked", w.vector(Revoked, Some(&revoked), w.aly.card(&revoked),
        "A valid-looking Alytus card whose entry in the Alytus status list is revoked (1)."));
    add("revoked-in-a-stale-list", Vector {
        status: Some(w.stale_status.clone()),
        ..w.vector(Revoked, Some(&revoked), w.aly.card(&revoked),
            "The same revoked card against an Alytus status list past next_update plus max_age: a revocation is final, so it still counts.")
    });
    let revoked_expired = Claims { role: Role::Child, valid_from: JUL_15_2025, valid_until: NOW - DAY, status_index: INDEX_REVOKED_EXPIRED, ..card(Aly, 6002, 1, "Gabija Vaitkutė") };
    add("revoked-before-expired", w.vector(Revoked, Some(&revoked_expired), w.aly.card(&revoked_expired),
        "A card that is both expired and revoked is reported as revoked: revocation is checked before the dates."));
    let suspended = Claims { status_index: INDEX_SUSPENDED, ..card(Aly, 6003, 1, "Rasa Vaitkienė") };
    add("suspended", w.vector(Suspended, Some(&suspended), w.aly.card(&suspended),
        "A valid-looking Alytus card whose entry in the Alytus status list is suspended (2)."));

    // ----- freshness -----
    add("key-set-stale", Vector {
        key_set: w.stale_key_set.clone(),
        ..w.vector(KeySetStale, Some(&p), valid_text.clone(),
            "A valid card checked with a key set due seven days ago, past next_update plus max_age: cannot confirm.")
    });
    add("key-set-stale-under-a-stricter-policy", Vector {
        key_set: w.edge_key_set.clone(),
        status: Some(w.edge_status.clone()),
        policy: PolicyDoc { clock_skew: 300, max_age: 3 * DAY - 1 },
        ..w.vector(KeySetStale, Some(&p), valid_text.clone(),
            "The documents of valid-lists-at-the-edge-of-max-age under a max_age one second shorter: both are stale, and the key set is checked first.")
    });
    add("status-list-stale", Vector {
        status: Some(w.stale_status.clone()),
        ..w.vector(StatusListStale, Some(&p), valid_text.clone(),
            "A valid card checked with an Alytus status list due nine days ago, past next_update plus max_age: cannot confirm.")
    });
    let outside = Claims { status_index: LIST_SIZE, ..parent() };
    add("status-unknown-index-outside-list", w.vector(StatusUnknown, Some(&outside), w.aly.card(&outside),
        "A card whose status index (1000) is outside its municipality's list of 1000 entries: cannot confirm."));
    add("status-unknown-no-list-for-municipality", Vector {
        status: Some(w.status_without_varena.clone()),
        ..w.vector(StatusUnknown, Some(&v), var_text,
            "A Varėna card checked with status lists that have none for Varėna: cannot confirm.")
    });

    out
}

/// Every vector file as (file name, contents).
fn generate() -> Vec<(String, String)> {
    let files: Vec<(String, String)> = vectors()
        .into_iter()
        .enumerate()
        .map(|(i, (slug, vector))| {
            let json = serde_json::to_string_pretty(&vector).unwrap();
            (format!("{:02}-{slug}.json", i + 1), format!("{json}\n"))
        })
        .collect();
    let slugs: BTreeSet<_> = files.iter().map(|(name, _)| &name[3..]).collect();
    assert_eq!(slugs.len(), files.len(), "two vectors share a slug");
    files
}

fn dir() -> PathBuf {
    PathBuf::from(VECTORS_DIR)
}

fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// The vectors on disk, in file order.
fn read_vectors() -> Vec<(String, Vector)> {
    let dir = dir();
    file_names(&dir)
        .into_iter()
        .filter(|name| name.ends_with(".json"))
        .map(|name| {
            let text = std::fs::read_to_string(dir.join(&name)).unwrap();
            let vector = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, vector)
        })
        .collect()
}

fn bless(files: &[(String, String)]) {
    let dir = dir();
    std::fs::create_dir_all(&dir).unwrap();
    let wanted: BTreeSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    for name in file_names(&dir) {
        if name.ends_with(".json") && !wanted.contains(name.as_str()) {
            std::fs::remove_file(dir.join(&name)).unwrap();
        }
    }
    for (name, contents) in files {
        std::fs::write(dir.join(name), contents).unwrap();
    }
}

#[test]
fn vectors_on_disk_match_the_generator() {
    // Arrange
    let generated = generate();
    let _files = lock_files();
    if std::env::var("KARTU_BLESS").as_deref() == Ok("1") {
        bless(&generated);
        return;
    }

    // Act
    let on_disk = file_names(&dir());

    // Assert
    let wanted: BTreeSet<String> = generated.iter().map(|(name, _)| name.clone()).collect();
    let missing: Vec<_> = wanted.difference(&on_disk).collect();
    let extra: Vec<_> = on_disk.difference(&wanted).collect();
    let hint = "regenerate with KARTU_BLESS=1 cargo test -p kartu-card --test vectors";
    assert!(missing.is_empty(), "missing vectors {missing:?}; {hint}");
    assert!(
        extra.is_empty(),
        "files the generator does not make {extra:?}; {hint}"
    );
    for (name, contents) in &generated {
        let disk = std::fs::read_to_string(dir().join(name)).unwrap();
        assert!(
            disk == *contents,
            "{name} differs from the generator; {hint}"
        );
    }
}

#[test]
fn every_vector_gives_its_expected_verdict() {
    // Arrange
    let _files = lock_files();
    let vectors = read_vectors();
    assert!(!vectors.is_empty(), "no vectors in {VECTORS_DIR}");

    for (name, v) in vectors {
        let anchor = PublicKey::from_base64url(&v.anchor_public_key).unwrap();
        let keys = KeySet::open(&v.key_set, &anchor).unwrap_or_else(|e| panic!("{name}: {e}"));
        let status = v.status.as_ref().map(|bundle| {
            StatusLists::open(bundle, &keys).unwrap_or_else(|e| panic!("{name}: {e}"))
        });
        let policy = Policy {
            clock_skew: v.policy.clock_skew,
            max_age: v.policy.max_age,
        };

        // Act
        let verdict = verify_with(&v.text, &keys, status.as_ref(), v.now, &policy);

        // Assert
        assert_eq!(verdict.reason.code(), v.expected.reason, "{name}");
        assert_eq!(verdict.is_valid(), v.expected.valid, "{name}");
        assert_eq!(v.expected.valid, v.expected.reason == "valid", "{name}");
        assert_eq!(verdict.card, v.expected.card, "{name}");
    }
}

#[test]
fn the_vectors_show_every_reason_at_least_once() {
    // Arrange
    let _files = lock_files();
    let vectors = read_vectors();

    // Act
    let shown: BTreeSet<String> = vectors
        .iter()
        .map(|(_, v)| v.expected.reason.clone())
        .collect();

    // Assert
    for code in &shown {
        assert!(Reason::from_code(code).is_some(), "unknown reason {code}");
    }
    let missing: Vec<_> = Reason::ALL
        .iter()
        .map(|r| r.code())
        .filter(|code| !shown.contains(*code))
        .collect();
    assert!(missing.is_empty(), "no vector for {missing:?}");
}
