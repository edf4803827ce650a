//! How big a card's QR code gets, and how small a status list compresses.
//!
//! Prints markdown tables: the QR version at M and Q for holder names of 10, 30 and 64
//! characters, each realistic (a Lithuanian or Polish name with some diacritics) and worst case
//! (every character a 2-byte letter), with every other field at its largest; then the zlib size
//! of a 100,000-entry status list.
//!
//! `cargo run --release -p kartu-card --example qr_versions`

// An example may stop on the first surprise: it is not production code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kartu_card::qr::{self, Correction};
use kartu_card::{
    sign, CardNumber, CardStatus, Claims, KeyEntry, Municipality, PersonName, Role, SigningKey,
    StatusList, MAX_FAMILY, MAX_MEMBER, MAX_SEQUENCE,
};

const KEY_NOT_BEFORE: i64 = 1_760_000_000;
const KEY_NOT_AFTER: i64 = 1_900_000_000;

/// Two-byte letters of Lithuanian and Polish (each is 2 bytes of UTF-8 after NFC).
const TWO_BYTE_LETTERS: &str = "ąčęėįšųūžłńśźżóĄČĘĖĮŠŲŪŽŁŃŚŹŻÓ";

fn worst_case(chars: usize) -> String {
    TWO_BYTE_LETTERS.chars().cycle().take(chars).collect()
}

fn card_text(municipality: Municipality, name: &str) -> String {
    let key = SigningKey::from_seed(&[21u8; 32]);
    let entry = KeyEntry::new(
        municipality,
        key.public_key(),
        KEY_NOT_BEFORE,
        KEY_NOT_AFTER,
    );
    let holder = PersonName::parse(name).unwrap();
    assert_eq!(holder.as_str(), name, "the name must already be normalised");
    let claims = Claims {
        number: CardNumber::new(municipality, MAX_FAMILY, MAX_MEMBER, MAX_SEQUENCE).unwrap(),
        holder,
        role: Role::Child,
        valid_from: 1_795_000_000,
        valid_until: 1_826_536_000,
        status_index: u32::MAX,
    };
    sign(&claims, &entry, &key).unwrap()
}

/// The xorshift64 of the status list unit test, seeded the same way.
struct XorShift(u64);

impl XorShift {
    fn below(&mut self, n: u32) -> u32 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        (x % u64::from(n)) as u32
    }
}

fn mark(list: &mut StatusList, rng: &mut XorShift, count: u32, status: CardStatus) {
    let mut done = 0;
    while done < count {
        let i = rng.below(list.size());
        if list.get(i) == Some(CardStatus::Valid) {
            list.set(i, status).unwrap();
            done += 1;
        }
    }
}

fn main() {
    let realistic: [(usize, Municipality, &str); 3] = [
        (10, Municipality::Aly, "Aušra Žukė"),
        (30, Municipality::Var, "Gintarė Žemaitytė-Kazlauskienė"),
        (
            64,
            Municipality::Elk,
            "Konstancja Małgorzata Brzęczyszczykiewicz-Wróblewska-Łukaszewicz",
        ),
    ];
    println!(
        "Family {MAX_FAMILY}, member {MAX_MEMBER}, sequence {MAX_SEQUENCE}, status index u32::MAX."
    );
    println!();
    println!(
        "| Name chars | Variant | Name | Name bytes | Text bytes | QR version M | QR version Q |"
    );
    println!("|---:|---|---|---:|---:|---:|---:|");
    for (chars, municipality, name) in realistic {
        assert_eq!(name.chars().count(), chars, "{name}");
        let worst = worst_case(chars);
        for (variant, name) in [("realistic", name.to_string()), ("worst case", worst)] {
            let text = card_text(municipality, &name);
            println!(
                "| {chars} | {variant} | {name} | {} | {} | {} | {} |",
                name.len(),
                text.len(),
                qr::version(&text, Correction::M).unwrap(),
                qr::version(&text, Correction::Q).unwrap(),
            );
        }
    }

    println!();
    println!("| Status list (100,000 entries) | zlib bytes | Signed document JSON bytes |");
    println!("|---|---:|---:|");
    let key = SigningKey::from_seed(&[22u8; 32]);
    let entry = KeyEntry::new(
        Municipality::Aly,
        key.public_key(),
        KEY_NOT_BEFORE,
        KEY_NOT_AFTER,
    );
    let cases: [(&str, u32, u32); 3] = [
        ("all valid", 0, 0),
        ("1% revoked", 1000, 0),
        ("5% revoked + 1% suspended", 5000, 1000),
    ];
    for (label, revoked, suspended) in cases {
        let mut list = StatusList::new(Municipality::Aly, 100_000).unwrap();
        let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
        mark(&mut list, &mut rng, revoked, CardStatus::Revoked);
        mark(&mut list, &mut rng, suspended, CardStatus::Suspended);
        let doc = list
            .sign(&entry, &key, 1_795_000_000, 1_795_086_400)
            .unwrap();
        println!(
            "| {label} | {} | {} |",
            list.compressed().len(),
            doc.to_json().len()
        );
    }
}
