//! Benchmarks of the card library: signing, encoding, verification, status lists and QR drawing.
//!
//! Run with `cargo bench -p kartu-card --bench card`; docs/benchmarks.md records the figures.
//! Every key comes from a fixed seed and every "random" index from a fixed-seed xorshift, so two
//! runs measure exactly the same work.

// A benchmark's setup may stop on the first surprise: it is not production code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kartu_card::qr::{self, Correction};
use kartu_card::{
    assemble, decode, encode_unsigned, sign, verify, CardNumber, CardStatus, Claims, KeyEntry,
    KeySet, Municipality, PersonName, Role, SigningKey, StatusBundle, StatusList, StatusLists,
    CARD_CONTEXT,
};

/// A realistic Lithuanian double-barrelled name of exactly 30 characters (36 UTF-8 bytes).
const HOLDER: &str = "Gintarė Žemaitytė-Kazlauskienė";
const LIST_SIZE: u32 = 100_000;
/// "Now" for every verification: 2026-11-22 12:00 UTC.
const NOW: i64 = 1_795_348_800;
const KEY_NOT_BEFORE: i64 = 1_760_000_000;
const KEY_NOT_AFTER: i64 = 1_900_000_000;

/// The xorshift64 of the status list unit test, seeded the same way.
#[derive(Debug)]
struct XorShift(u64);

impl XorShift {
    fn new() -> Self {
        XorShift(0x9E37_79B9_7F4A_7C15)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u32) -> u32 {
        (self.next_u64() % u64::from(n)) as u32
    }
}

/// A 100,000-entry list with `revoked` distinct random entries revoked.
fn list_with_revocations(
    municipality: Municipality,
    revoked: u32,
    rng: &mut XorShift,
) -> StatusList {
    let mut list = StatusList::new(municipality, LIST_SIZE).unwrap();
    let mut done = 0;
    while done < revoked {
        let i = rng.below(LIST_SIZE);
        if list.get(i) == Some(CardStatus::Valid) {
            list.set(i, CardStatus::Revoked).unwrap();
            done += 1;
        }
    }
    list
}

/// Everything a verifier holds, and the card being checked.
#[derive(Debug)]
struct Fixture {
    /// The ALY key that signed the card, and its entry.
    key: SigningKey,
    entry: KeyEntry,
    claims: Claims,
    keys: KeySet,
    lists: StatusLists,
    /// The signed ALY list, as it arrives in a bundle.
    aly_list_doc: kartu_card::SignedDocument,
    text: String,
}

fn fixture() -> Fixture {
    assert_eq!(HOLDER.chars().count(), 30);
    let anchor = SigningKey::from_seed(&[10u8; 32]);
    // Three keys, one per municipality; the card's key comes last so the lookup scans all three.
    let order = [Municipality::Elk, Municipality::Var, Municipality::Aly];
    let signing: Vec<SigningKey> = (0u8..3)
        .map(|i| SigningKey::from_seed(&[11 + i; 32]))
        .collect();
    let entries: Vec<KeyEntry> = order
        .iter()
        .zip(&signing)
        .map(|(m, k)| KeyEntry::new(*m, k.public_key(), KEY_NOT_BEFORE, KEY_NOT_AFTER))
        .collect();
    let set = KeySet::new(
        &anchor.public_key(),
        NOW - 3600,
        NOW + 86_400,
        entries.clone(),
    )
    .unwrap();
    // A verifier only ever holds a key set it opened against the anchor.
    let keys =
        KeySet::from_json(&set.sign(&anchor).unwrap().to_json(), &anchor.public_key()).unwrap();

    let mut rng = XorShift::new();
    let mut docs = Vec::new();
    let mut aly_list = None;
    for (entry, key) in entries.iter().zip(&signing) {
        let list = list_with_revocations(entry.municipality, LIST_SIZE / 100, &mut rng);
        let doc = list.sign(entry, key, NOW - 3600, NOW + 86_400).unwrap();
        if entry.municipality == Municipality::Aly {
            aly_list = Some(list);
        }
        docs.push(doc);
    }
    let bundle = StatusBundle { lists: docs };
    let lists = StatusLists::open(&bundle, &keys).unwrap();
    let aly_list = aly_list.unwrap();
    let aly_list_doc = bundle.lists[2].clone();

    // A valid index, picked the way the service picks them.
    let status_index = loop {
        let i = rng.below(LIST_SIZE);
        if aly_list.get(i) == Some(CardStatus::Valid) {
            break i;
        }
    };
    let claims = Claims {
        number: CardNumber::new(Municipality::Aly, 4217, 3, 1).unwrap(),
        holder: PersonName::parse(HOLDER).unwrap(),
        role: Role::Parent,
        valid_from: NOW - 30 * 86_400,
        valid_until: NOW + 365 * 86_400,
        status_index,
    };
    let key = signing.into_iter().nth(2).unwrap();
    let entry = entries[2].clone();
    assert_eq!(entry.municipality, Municipality::Aly);
    let text = sign(&claims, &entry, &key).unwrap();
    let verdict = verify(&text, &keys, Some(&lists), NOW);
    assert!(verdict.is_valid(), "{verdict:?}");
    Fixture {
        key,
        entry,
        claims,
        keys,
        lists,
        aly_list_doc,
        text,
    }
}

fn bench_sign(c: &mut Criterion) {
    let f = fixture();
    let signing_input = [
        CARD_CONTEXT,
        &encode_unsigned(f.entry.kid, &f.claims).unwrap(),
    ]
    .concat();
    let mut g = c.benchmark_group("sign");
    g.bench_function("kartu_sign", |b| {
        b.iter(|| sign(black_box(&f.claims), black_box(&f.entry), black_box(&f.key)).unwrap())
    });
    g.bench_function("ed25519_sign", |b| {
        b.iter(|| f.key.sign(black_box(&signing_input)))
    });
    g.finish();
}

fn bench_encode(c: &mut Criterion) {
    let f = fixture();
    // A fixed signature so the text is as long as a real card's.
    let signature = [0x5Au8; 64];
    let mut g = c.benchmark_group("encode");
    g.bench_function("encode_unsigned_assemble", |b| {
        b.iter(|| {
            let mut bytes = encode_unsigned(black_box(f.entry.kid), black_box(&f.claims)).unwrap();
            bytes.extend_from_slice(&signature);
            assemble(&bytes)
        })
    });
    g.finish();
}

fn bench_verify(c: &mut Criterion) {
    let f = fixture();
    let card = decode(&f.text).unwrap();
    let signing_input = card.signing_input();
    let signature = *card.signature();
    let public_key = f.keys.get(&card.kid).unwrap().public_key;
    assert!(public_key.verify_strict(&signing_input, &signature));

    let mut g = c.benchmark_group("verify");
    g.bench_function("full_verify", |b| {
        b.iter(|| {
            verify(
                black_box(&f.text),
                black_box(&f.keys),
                black_box(Some(&f.lists)),
                black_box(NOW),
            )
        })
    });
    g.bench_function("decode_only", |b| {
        b.iter(|| decode(black_box(&f.text)).unwrap())
    });
    g.bench_function("decode_then_verify_strict", |b| {
        b.iter(|| {
            let card = decode(black_box(&f.text)).unwrap();
            let key = f.keys.get(&card.kid).unwrap();
            key.public_key
                .verify_strict(&card.signing_input(), card.signature())
        })
    });
    g.bench_function("bare_verify_strict", |b| {
        b.iter(|| public_key.verify_strict(black_box(&signing_input), black_box(&signature)))
    });
    g.finish();
}

fn bench_status_list(c: &mut Criterion) {
    let f = fixture();
    let list = f.lists.get(Municipality::Aly).unwrap();
    let compressed = list.compressed().len();
    eprintln!(
        "status list: {LIST_SIZE} entries, 1% revoked: {compressed} bytes zlib, \
         signed document {} bytes of JSON",
        f.aly_list_doc.to_json().len()
    );
    const LOOKUPS: usize = 1000;
    let mut rng = XorShift::new();
    let indexes: Vec<u32> = (0..LOOKUPS).map(|_| rng.below(LIST_SIZE)).collect();

    let mut g = c.benchmark_group("status_list");
    g.throughput(Throughput::Elements(LOOKUPS as u64));
    g.bench_function("get_1000_random", |b| {
        b.iter(|| {
            let mut revoked = 0u32;
            for &i in black_box(&indexes) {
                if list.get(i) == Some(CardStatus::Revoked) {
                    revoked += 1;
                }
            }
            revoked
        })
    });
    g.throughput(Throughput::Elements(1));
    g.bench_function("open_100k_1pct", |b| {
        b.iter(|| StatusList::open(black_box(&f.aly_list_doc), black_box(&f.keys)).unwrap())
    });
    g.finish();
}

fn bench_qr(c: &mut Criterion) {
    let f = fixture();
    eprintln!(
        "qr: {} bytes of text, version {} at M",
        f.text.len(),
        qr::version(&f.text, Correction::M).unwrap()
    );
    // The PNG must scan back to the exact text, at the version reported.
    let png_bytes = qr::render_png(&f.text, Correction::M, 4).unwrap();
    let mut reader = png::Decoder::new(png_bytes.as_slice()).read_info().unwrap();
    let mut pixels = vec![0u8; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let (w, h) = (info.width as usize, info.height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    let (meta, content) = grids[0].decode().unwrap();
    assert_eq!(content, f.text);
    assert_eq!(
        meta.version.0,
        qr::version(&f.text, Correction::M).unwrap() as usize
    );

    let mut g = c.benchmark_group("qr");
    g.bench_function("encode_only_M", |b| {
        b.iter(|| qr::version(black_box(&f.text), Correction::M).unwrap())
    });
    for px in [4u32, 8] {
        g.bench_function(format!("svg_M_{px}px"), |b| {
            b.iter(|| qr::render_svg(black_box(&f.text), Correction::M, px).unwrap())
        });
        g.bench_function(format!("png_M_{px}px"), |b| {
            b.iter(|| qr::render_png(black_box(&f.text), Correction::M, px).unwrap())
        });
    }
    g.finish();
}

criterion_group!(
    benches,
    bench_sign,
    bench_encode,
    bench_verify,
    bench_status_list,
    bench_qr
);
criterion_main!(benches);
