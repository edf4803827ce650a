//! Properties of the card format that must hold for every input, not only for the examples in the
//! unit tests: a signed card always reads back as itself and verifies; no tampering, truncation or
//! extension of a card ever verifies; no input of any shape makes a reader panic; card numbers
//! catch every single typo and neighbour swap; status lists keep what was set through signing.
//! The edge cases at the end pin the Ed25519 checks a verifier relies on (canonical S, no
//! small-order keys).

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on the first broken step"
)]

use std::sync::LazyLock;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kartu_card::{
    assemble, decode, sign, verify, verify_with, CardNumber, CardStatus, Claims, Error, KeyEntry,
    KeyId, KeySet, Municipality, Outcome, PersonName, Policy, PublicKey, Reason, Role,
    SignedDocument, SigningKey, StatusBundle, StatusList, StatusLists, Verdict, KEYSET_CONTEXT,
    MAX_FAMILY, MAX_MEMBER, MAX_SEQUENCE, PREFIX, SIGNATURE_LEN,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const ANCHOR_SEED: [u8; 32] = [0xA7; 32];
const BASE64URL: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const NAME_LETTERS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\
    ąčęėįšųūžłńóśźżćĄČĘĖĮŠŲŪŽŁŃÓŚŹŻĆ";
/// What a tampered card may be refused as: anything but a verdict that trusts it.
const TAMPERED: [Reason; 5] = [
    Reason::BadSignature,
    Reason::Malformed,
    Reason::UnsupportedVersion,
    Reason::UnknownKey,
    Reason::KeyNotAllowed,
];

fn anchor() -> SigningKey {
    SigningKey::from_seed(&ANCHOR_SEED)
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The bytes behind a version 1 text.
fn card_bytes(text: &str) -> Vec<u8> {
    URL_SAFE_NO_PAD.decode(&text[PREFIX.len()..]).unwrap()
}

// ----- strategies -----

fn municipality() -> impl Strategy<Value = Municipality> {
    select(Municipality::ALL.to_vec())
}

fn role() -> impl Strategy<Value = Role> {
    prop_oneof![Just(Role::Parent), Just(Role::Child)]
}

fn card_number() -> impl Strategy<Value = CardNumber> {
    (
        municipality(),
        1..=MAX_FAMILY,
        1..=MAX_MEMBER,
        1..=MAX_SEQUENCE,
    )
        .prop_map(|(m, family, member, sequence)| {
            CardNumber::new(m, family, member, sequence).expect("parts are in range")
        })
}

fn holder() -> impl Strategy<Value = PersonName> {
    let letters: Vec<char> = NAME_LETTERS.chars().collect();
    let ch = prop_oneof![8 => select(letters), 1 => Just(' '), 1 => Just('-')];
    vec(ch, 1..=64).prop_filter_map("not a name", |chars| {
        PersonName::parse(&chars.into_iter().collect::<String>()).ok()
    })
}

/// A Unix time the format can carry, with both ends of the range well represented.
fn instant() -> impl Strategy<Value = u32> {
    prop_oneof![1 => Just(0), 1 => Just(u32::MAX), 8 => any::<u32>()]
}

/// Claims, the seed of the key that signs them, a key window covering `valid_from`, and a
/// verification time inside the card's validity.
#[derive(Debug, Clone)]
struct Case {
    claims: Claims,
    seed: [u8; 32],
    not_before: i64,
    not_after: i64,
    now: i64,
}

/// A card signed for a [`Case`], with the key set a verifier would hold for it.
#[derive(Debug)]
struct Issued {
    text: String,
    entry: KeyEntry,
    keys: KeySet,
    now: i64,
}

impl Case {
    fn issue(&self) -> Issued {
        let key = SigningKey::from_seed(&self.seed);
        let entry = KeyEntry::new(
            self.claims.municipality(),
            key.public_key(),
            self.not_before,
            self.not_after,
        );
        let text = sign(&self.claims, &entry, &key).expect("the key may sign these claims");
        let keys = KeySet::new(
            &anchor().public_key(),
            0,
            i64::from(u32::MAX),
            vec![entry.clone()],
        )
        .expect("a one-key set is well formed");
        Issued {
            text,
            entry,
            keys,
            now: self.now,
        }
    }
}

impl Issued {
    fn verdict(&self, text: &str) -> Verdict {
        verify_with(text, &self.keys, None, self.now, &Policy::default())
    }
}

fn case() -> impl Strategy<Value = Case> {
    (
        card_number(),
        holder(),
        role(),
        proptest::array::uniform3(instant()),
        any::<u32>(),
        (any::<u32>(), any::<u32>()),
        any::<[u8; 32]>(),
    )
        .prop_map(
            |(number, holder, role, mut times, status_index, (before, after), seed)| {
                times.sort_unstable();
                let [valid_from, now, valid_until] = times.map(i64::from);
                Case {
                    claims: Claims {
                        number,
                        holder,
                        role,
                        valid_from,
                        valid_until,
                        status_index,
                    },
                    seed,
                    not_before: i64::from(before).min(valid_from),
                    not_after: i64::from(after).max(valid_from),
                    now,
                }
            },
        )
}

fn card_status() -> impl Strategy<Value = CardStatus> {
    prop_oneof![
        Just(CardStatus::Valid),
        Just(CardStatus::Revoked),
        Just(CardStatus::Suspended)
    ]
}

// ----- a fixed world for random input -----

/// One key per municipality, a signed key set and signed status lists, all from fixed seeds.
#[derive(Debug)]
struct World {
    keys: KeySet,
    key_set_json: String,
    status: StatusLists,
    bundle_json: String,
    /// A card of Alytus, valid at `NOW`.
    text: String,
    kid: KeyId,
}

const NOW: i64 = 1_795_348_800;

static WORLD: LazyLock<World> = LazyLock::new(|| {
    let anchor = anchor();
    let mut entries = Vec::new();
    let mut lists = Vec::new();
    let mut text = String::new();
    for (i, m) in Municipality::ALL.into_iter().enumerate() {
        let key = SigningKey::from_seed(&[i as u8 + 1; 32]);
        let entry = KeyEntry::new(m, key.public_key(), 1_700_000_000, 1_900_000_000);
        let mut list = StatusList::new(m, 64).unwrap();
        list.set(7, CardStatus::Revoked).unwrap();
        lists.push(list.sign(&entry, &key, NOW - 3600, NOW + 3600).unwrap());
        if m == Municipality::Aly {
            let claims = Claims {
                number: CardNumber::new(m, 4217, 3, 1).unwrap(),
                holder: PersonName::parse("Žydrūnė Łukaszewicz").unwrap(),
                role: Role::Child,
                valid_from: NOW - 86_400,
                valid_until: NOW + 86_400,
                status_index: 5,
            };
            text = sign(&claims, &entry, &key).unwrap();
        }
        entries.push(entry);
    }
    let keys = KeySet::new(&anchor.public_key(), NOW - 3600, NOW + 3600, entries).unwrap();
    let key_set_json = keys.sign(&anchor).unwrap().to_json();
    let bundle_json = serde_json::to_string(&StatusBundle { lists }).unwrap();
    let status = StatusLists::from_json(&bundle_json, &keys).unwrap();
    let kid = decode(&text).unwrap().kid;
    World {
        keys,
        key_set_json,
        status,
        bundle_json,
        text,
        kid,
    }
});

/// Feeds one input to every reader of untrusted text and returns the verifier's reason.
fn read_everywhere(text: &str) -> Reason {
    let world = &*WORLD;
    let _ = decode(text);
    let _ = CardNumber::parse(text);
    let _ = PersonName::parse(text);
    let _ = SignedDocument::from_json(text);
    let _ = KeySet::from_json(text, &anchor().public_key());
    let _ = StatusLists::from_json(text, &world.keys);
    let without_lists = verify(text, &world.keys, None, NOW).reason;
    let with_lists = verify(text, &world.keys, Some(&world.status), NOW).reason;
    assert_eq!(
        without_lists.outcome() == Outcome::Valid,
        with_lists.outcome() == Outcome::Valid
    );
    with_lists
}

/// Text that looks a little like the things a verifier is handed.
fn text_like_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "KARTU[0-9]{0,3}:[A-Za-z0-9_=+/-]{0,200}",
        "[ \t\r\n]{0,2}KARTU1:[A-Za-z0-9_-]{100,200}[ \t\r\n]{0,2}",
        "[A-Za-z]{0,4}[- ]?[0-9]{0,7}[- ]?[0-9]{0,3}[- ]?[0-9]{0,3}[- ]?[0-9]{0,2}",
        "\\{\"(payload|signature|lists)\": ?\"[A-Za-z0-9_-]{0,40}\"\\}",
    ]
}

/// Bytes laid out like a version 1 card: right version, municipality, role and length, with
/// the fixed world's key id half of the time so the signature check itself is reached.
fn card_shaped_bytes() -> impl Strategy<Value = Vec<u8>> {
    (
        vec(any::<u8>(), 94..=94 + 128),
        1u8..=3,
        1u8..=2,
        any::<bool>(),
    )
        .prop_map(|(mut bytes, municipality, role, known_kid)| {
            bytes[0] = 1;
            if known_kid {
                bytes[1..9].copy_from_slice(&WORLD.kid.0);
            }
            bytes[9] = municipality;
            bytes[10] = role;
            bytes[29] = (bytes.len() - 94) as u8;
            bytes
        })
}

// ----- round trip -----

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_claims_signed_by_a_key_that_may_sign_them_decode_to_themselves_and_verify_as_valid(
        case in case()
    ) {
        // Arrange
        let issued = case.issue();

        // Act
        let card = decode(&issued.text).unwrap();
        let verdict = issued.verdict(&issued.text);

        // Assert
        prop_assert_eq!(&card.claims, &case.claims);
        prop_assert_eq!(card.kid, issued.entry.kid);
        prop_assert_eq!(verdict.reason, Reason::Valid);
        prop_assert_eq!(verdict.card.as_ref(), Some(&case.claims));
        prop_assert!(issued.text.len() <= PREFIX.len() + kartu_card::MAX_TEXT_LEN);
    }

    // ----- tampering -----

    #[test]
    fn a_card_with_any_single_bit_flipped_never_verifies(case in case(), bit in any::<Index>()) {
        // Arrange
        let issued = case.issue();
        let mut bytes = card_bytes(&issued.text);
        let bit = bit.index(bytes.len() * 8);
        bytes[bit / 8] ^= 1 << (bit % 8);

        // Act
        let reason = issued.verdict(&assemble(&bytes)).reason;

        // Assert
        prop_assert!(TAMPERED.contains(&reason), "bit {bit}: {reason:?}");
    }

    #[test]
    fn a_card_with_any_single_character_changed_never_verifies(
        case in case(),
        at in any::<Index>(),
        replacement in prop_oneof![select(BASE64URL.chars().collect::<Vec<_>>()), any::<char>()],
    ) {
        // Arrange
        let issued = case.issue();
        let mut chars: Vec<char> = issued.text.chars().collect();
        let at = at.index(chars.len());
        prop_assume!(chars[at] != replacement);
        chars[at] = replacement;
        let tampered: String = chars.into_iter().collect();

        // Act
        let verdict = issued.verdict(&tampered);

        // Assert
        prop_assert_eq!(verdict.outcome(), Outcome::Invalid, "{} at {}", replacement, at);
    }

    #[test]
    fn a_card_cut_short_anywhere_never_verifies(case in case(), cut in any::<Index>()) {
        // Arrange
        let issued = case.issue();
        let short = &issued.text[..cut.index(issued.text.len())];

        // Act
        let verdict = issued.verdict(short);

        // Assert
        prop_assert_eq!(verdict.outcome(), Outcome::Invalid);
    }

    #[test]
    fn a_card_with_anything_appended_never_verifies(
        case in case(),
        extra_text in vec(select(BASE64URL.chars().collect::<Vec<_>>()), 1..16),
        extra_bytes in vec(any::<u8>(), 1..16),
    ) {
        // Arrange
        let issued = case.issue();
        let longer_text = format!("{}{}", issued.text, extra_text.into_iter().collect::<String>());
        let mut bytes = card_bytes(&issued.text);
        bytes.extend_from_slice(&extra_bytes);
        let longer_bytes = assemble(&bytes);

        // Act
        let by_text = issued.verdict(&longer_text).reason;
        let by_bytes = issued.verdict(&longer_bytes).reason;

        // Assert
        prop_assert_eq!(by_text, Reason::Malformed);
        prop_assert_eq!(by_bytes, Reason::Malformed);
    }

    // ----- random input -----

    #[test]
    fn bytes_shaped_like_a_card_never_verify(bytes in card_shaped_bytes()) {
        // Arrange
        let text = assemble(&bytes);

        // Act
        let reason = read_everywhere(&text);

        // Assert
        prop_assert!(
            matches!(reason, Reason::Malformed | Reason::UnknownKey | Reason::BadSignature),
            "{reason:?}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn any_text_is_read_without_panicking_and_never_verifies(text in text_like_input()) {
        // Act
        let reason = read_everywhere(&text);

        // Assert
        prop_assert_ne!(reason, Reason::Valid);
    }

    #[test]
    fn any_bytes_are_read_without_panicking_and_never_verify(bytes in vec(any::<u8>(), 0..700)) {
        // Arrange
        let lossy = String::from_utf8_lossy(&bytes).into_owned();
        let prefixed = assemble(&bytes);

        // Act
        let reasons = [read_everywhere(&lossy), read_everywhere(&prefixed)];

        // Assert
        prop_assert!(!reasons.contains(&Reason::Valid), "{reasons:?}");
    }

    #[test]
    fn an_envelope_around_any_payload_and_signature_is_refused_without_panicking(
        payload in prop_oneof![
            vec(any::<u8>(), 0..300),
            any::<String>().prop_map(String::into_bytes),
            Just(br#"{"type":"kartu-keyset","version":1}"#.to_vec()),
        ],
        signature in prop_oneof![vec(any::<u8>(), 0..80), vec(any::<u8>(), 64..=64)],
        as_bundle in any::<bool>(),
    ) {
        // Arrange
        let doc = json!({ "payload": b64(&payload), "signature": b64(&signature) });
        let text = if as_bundle {
            json!({ "lists": [doc] }).to_string()
        } else {
            doc.to_string()
        };

        // Act
        let key_set = KeySet::from_json(&text, &anchor().public_key());
        let lists = StatusLists::from_json(&text, &WORLD.keys);

        // Assert
        prop_assert!(key_set.is_err());
        prop_assert!(lists.is_err());
        prop_assert_ne!(read_everywhere(&text), Reason::Valid);
    }
}

proptest! {
    // Each case checks four signatures, which is slow in a debug build.
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_signed_document_with_one_byte_changed_is_refused_or_opens_to_the_same_contents(
        at in any::<Index>(),
        byte in any::<u8>(),
    ) {
        // Arrange
        let world = &*WORLD;
        let mutate = |text: &str| {
            let mut bytes = text.as_bytes().to_vec();
            let at = at.index(bytes.len());
            bytes[at] = byte;
            String::from_utf8_lossy(&bytes).into_owned()
        };
        let key_set_json = mutate(&world.key_set_json);
        let bundle_json = mutate(&world.bundle_json);

        // Act
        let key_set = KeySet::from_json(&key_set_json, &anchor().public_key());
        let lists = StatusLists::from_json(&bundle_json, &world.keys);

        // Assert
        if let Ok(key_set) = key_set {
            prop_assert_eq!(&key_set, &world.keys);
        }
        if let Ok(lists) = lists {
            prop_assert_eq!(&lists, &world.status);
        }
    }
}

// ----- holder names -----

/// Any letters at all, with combining marks and assorted white space between them.
fn unicode_name_text() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        6 => any::<char>().prop_filter("a letter", |c| c.is_alphabetic()),
        2 => (0x0300u32..=0x036F).prop_map(|c| char::from_u32(c).unwrap()),
        1 => select(vec![' ', '-', '\'', '\u{2019}', '.', '\u{00A0}', '\u{3000}', '\t']),
    ];
    vec(ch, 1..=72).prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_parsed_name_parses_again_to_itself(text in prop_oneof![unicode_name_text(), any::<String>()]) {
        // Arrange
        let Ok(name) = PersonName::parse(&text) else {
            return Ok(());
        };

        // Act
        let again = PersonName::parse(name.as_str());

        // Assert
        prop_assert_eq!(again, Ok(name));
    }

    #[test]
    fn any_name_that_fits_the_length_byte_reads_back_from_a_card_unchanged(
        case in case(),
        text in unicode_name_text(),
    ) {
        // Arrange: 255 bytes is what the format carries; a longer name is the subject of
        // every_name_person_name_accepts_fits_on_a_card below.
        let Ok(holder) = PersonName::parse(&text) else {
            return Ok(());
        };
        prop_assume!(holder.as_str().len() <= 255);
        let case = Case { claims: Claims { holder, ..case.claims }, ..case };
        let issued = case.issue();

        // Act
        let card = decode(&issued.text);
        let reason = issued.verdict(&issued.text).reason;

        // Assert
        prop_assert_eq!(card.map(|c| c.claims), Ok(case.claims));
        prop_assert_eq!(reason, Reason::Valid);
    }
}

// ----- card numbers -----

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn a_printed_card_number_parses_back_to_itself(number in card_number(), lower in any::<bool>()) {
        // Arrange
        let printed = number.to_string();
        let typed = if lower { printed.to_lowercase().replace('-', " ") } else { printed.clone() };

        // Act
        let parsed = CardNumber::parse(&typed);

        // Assert
        prop_assert_eq!(parsed, Ok(number));
        prop_assert_eq!(printed.len(), 18);
    }

    #[test]
    fn a_card_number_with_one_character_substituted_is_refused(
        number in card_number(),
        at in any::<Index>(),
        replacement in select(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".to_vec()),
    ) {
        // Arrange
        let mut printed = number.to_string().into_bytes();
        let at = at.index(printed.len());
        prop_assume!(printed[at] != replacement);
        printed[at] = replacement;
        let typo = String::from_utf8(printed).unwrap();

        // Act
        let parsed = CardNumber::parse(&typo);

        // Assert
        prop_assert!(parsed.is_err(), "{} was accepted for {}", typo, number);
    }

    #[test]
    fn a_card_number_with_two_different_neighbours_swapped_is_refused(
        number in card_number(),
        at in any::<Index>(),
    ) {
        // Arrange: hyphens are ignored when reading, so swaps are made in the compact form.
        let mut compact = number.to_string().replace('-', "").into_bytes();
        let at = at.index(compact.len() - 1);
        prop_assume!(compact[at] != compact[at + 1]);
        compact.swap(at, at + 1);
        let swapped = String::from_utf8(compact).unwrap();

        // Act
        let parsed = CardNumber::parse(&swapped);

        // Assert
        prop_assert!(parsed.is_err(), "{} was accepted for {}", swapped, number);
    }
}

// ----- status lists -----

fn status_operations() -> impl Strategy<Value = (u32, Vec<(Index, CardStatus)>)> {
    (1u32..=2048, vec((any::<Index>(), card_status()), 0..200))
}

fn apply(list: &mut StatusList, operations: &[(Index, CardStatus)]) -> Vec<CardStatus> {
    let mut expected = vec![CardStatus::Valid; list.size() as usize];
    for (index, state) in operations {
        let i = index.index(expected.len());
        list.set(i as u32, *state).unwrap();
        expected[i] = *state;
    }
    expected
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_status_list_reads_back_the_last_state_set_at_every_index(
        m in municipality(),
        (size, operations) in status_operations(),
    ) {
        // Arrange
        let mut list = StatusList::new(m, size).unwrap();

        // Act
        let expected = apply(&mut list, &operations);

        // Assert
        let read: Vec<_> = (0..size).map(|i| list.get(i)).collect();
        prop_assert_eq!(read, expected.into_iter().map(Some).collect::<Vec<_>>());
        prop_assert_eq!(list.get(size), None);
        prop_assert!(list.set(size, CardStatus::Revoked).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_signed_status_list_opens_with_every_entry_it_was_signed_with(
        m in municipality(),
        (size, operations) in status_operations(),
        seed in any::<[u8; 32]>(),
    ) {
        // Arrange
        let key = SigningKey::from_seed(&seed);
        let entry = KeyEntry::new(m, key.public_key(), 0, 1_000);
        let keys = KeySet::new(&anchor().public_key(), 0, 10, vec![entry.clone()]).unwrap();
        let mut list = StatusList::new(m, size).unwrap();
        let expected = apply(&mut list, &operations);
        let doc = list.sign(&entry, &key, 100, 200).unwrap();
        let bundle = serde_json::to_string(&StatusBundle { lists: vec![doc.clone()] }).unwrap();

        // Act
        let opened = StatusList::open(&doc, &keys).unwrap();
        let from_bundle = StatusLists::from_json(&bundle, &keys).unwrap();

        // Assert
        let read: Vec<_> = (0..size).map(|i| opened.get(i)).collect();
        prop_assert_eq!(read, expected.into_iter().map(Some).collect::<Vec<_>>());
        prop_assert_eq!(opened.get(size), None);
        prop_assert_eq!(opened.signed_info().map(|i| i.kid), Some(entry.kid));
        prop_assert_eq!(from_bundle.get(m), Some(&opened));
    }
}

// ----- Ed25519 edge cases -----

/// The order of the Ed25519 base point, 2^252 + 27742317777372353535851937790883648493,
/// little-endian.
const GROUP_ORDER: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
];

/// The eight points of small order (1, 2, 4, 4, 8, 8, 8, 8), as libsodium's block list has them.
const SMALL_ORDER_POINTS: [&str; 8] = [
    "0100000000000000000000000000000000000000000000000000000000000000",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
    "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
    "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
];

fn from_hex(hex: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

/// `a + b` as little-endian 256-bit integers; panics on overflow, which S + L never reaches.
fn add_le(a: &[u8], b: &[u8; 32]) -> [u8; 32] {
    let mut out = [0u8; 32];
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i] = sum as u8;
        carry = sum >> 8;
    }
    assert_eq!(carry, 0, "S + L overflowed 256 bits");
    out
}

/// The fixed world's valid card with its signature replaced.
fn with_signature(signature: &[u8; SIGNATURE_LEN]) -> String {
    let mut bytes = card_bytes(&WORLD.text);
    let at = bytes.len() - SIGNATURE_LEN;
    bytes[at..].copy_from_slice(signature);
    assemble(&bytes)
}

#[test]
fn the_fixed_world_card_is_valid_so_the_edge_cases_below_test_only_their_change() {
    let verdict = verify(&WORLD.text, &WORLD.keys, Some(&WORLD.status), NOW);
    assert_eq!(verdict.reason, Reason::Valid);
}

#[test]
fn a_signature_whose_s_is_increased_by_the_group_order_is_refused() {
    // Arrange: S and S + L are the same scalar, so a lax verifier would accept the copy.
    let card = decode(&WORLD.text).unwrap();
    let mut signature = *card.signature();
    let s_plus_l = add_le(&signature[32..], &GROUP_ORDER);
    signature[32..].copy_from_slice(&s_plus_l);
    let entry = WORLD.keys.get(&card.kid).unwrap();

    // Act
    let verdict = verify(&with_signature(&signature), &WORLD.keys, None, NOW);

    // Assert
    assert_eq!(verdict.reason, Reason::BadSignature);
    assert!(!entry
        .public_key
        .verify_strict(&card.signing_input(), &signature));
    assert!(entry
        .public_key
        .verify_strict(&card.signing_input(), card.signature()));
}

#[test]
fn an_all_zero_signature_is_refused() {
    // Act
    let verdict = verify(&with_signature(&[0; SIGNATURE_LEN]), &WORLD.keys, None, NOW);

    // Assert
    assert_eq!(verdict.reason, Reason::BadSignature);
}

#[test]
fn every_small_order_public_key_is_refused() {
    for hex in SMALL_ORDER_POINTS {
        // Act
        let from_bytes = PublicKey::from_bytes(&from_hex(hex));
        let from_text = PublicKey::from_base64url(&b64(&from_hex(hex)));

        // Assert: refused as small order, which also proves the constant is a curve point.
        match from_bytes {
            Err(Error::PublicKey(message)) => {
                assert!(message.contains("small-order"), "{hex}: {message}")
            }
            other => panic!("{hex} was not refused as small order: {other:?}"),
        }
        assert!(from_text.is_err(), "{hex}");
    }
}

/// A key set payload with one Alytus key given as raw bytes, its key id computed the way
/// docs/card-format.md describes, so the key is the only thing that can be wrong.
fn key_set_body(anchor: &PublicKey, public_key: &[u8; 32]) -> Value {
    let (not_before, not_after) = (1_700_000_000i64, 1_900_000_000i64);
    let mut h = Sha256::new();
    h.update(b"KARTU-KID\0");
    h.update(b"ALY");
    h.update(not_before.to_be_bytes());
    h.update(not_after.to_be_bytes());
    h.update(public_key);
    let kid: String = h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    json!({
        "type": "kartu-keyset",
        "version": 1,
        "anchor": KeyId::derive_anchor(anchor).to_hex(),
        "issued_at": NOW - 3600,
        "next_update": NOW + 3600,
        "keys": [{
            "kid": kid,
            "municipality": "ALY",
            "country": "LT",
            "public_key": b64(public_key),
            "not_before": not_before,
            "not_after": not_after,
        }],
    })
}

#[test]
fn a_key_set_signed_by_the_anchor_that_carries_a_small_order_key_is_refused() {
    // Arrange
    let anchor = anchor();
    let genuine = SigningKey::from_seed(&[2; 32]).public_key();
    let sign_body = |key: &[u8; 32]| {
        SignedDocument::sign(
            KEYSET_CONTEXT,
            &key_set_body(&anchor.public_key(), key),
            &anchor,
        )
        .unwrap()
        .to_json()
    };
    let control = sign_body(genuine.as_bytes());

    // Act
    let opened_control = KeySet::from_json(&control, &anchor.public_key());
    let refused: Vec<_> = SMALL_ORDER_POINTS
        .iter()
        .map(|hex| KeySet::from_json(&sign_body(&from_hex(hex)), &anchor.public_key()))
        .collect();

    // Assert: the hand-built document is right in every other respect.
    let opened_control = opened_control.unwrap();
    assert_eq!(
        opened_control.keys()[0].kid,
        KeyId::derive(&genuine, Municipality::Aly, 1_700_000_000, 1_900_000_000)
    );
    for (hex, result) in SMALL_ORDER_POINTS.iter().zip(refused) {
        match result {
            Err(Error::Document(message)) => {
                assert!(message.contains("small-order"), "{hex}: {message}")
            }
            other => panic!("{hex} was not refused as small order: {other:?}"),
        }
    }
}

#[test]
fn every_name_person_name_accepts_fits_on_a_card() {
    // Arrange: letters of four bytes in UTF-8 (U+1D400 MATHEMATICAL BOLD CAPITAL A is
    // alphabetic and unchanged by NFC). 64 of them are 256 bytes, one more than the card's
    // one-byte length field holds, so the name is refused at entry; 63 of them (252 bytes) are
    // the longest such name, and it must sign.
    assert!(PersonName::parse(&"\u{1D400}".repeat(64)).is_err());
    let holder = PersonName::parse(&"\u{1D400}".repeat(63)).unwrap();
    let key = SigningKey::from_seed(&[1; 32]);
    let entry = KeyEntry::new(Municipality::Aly, key.public_key(), 0, 100);
    let claims = Claims {
        number: CardNumber::new(Municipality::Aly, 1, 1, 1).unwrap(),
        holder,
        role: Role::Parent,
        valid_from: 10,
        valid_until: 20,
        status_index: 0,
    };

    // Act
    let signed = sign(&claims, &entry, &key);

    // Assert
    assert!(signed.is_ok(), "{signed:?}");
}
