//! Bulk re-signing at municipal scale (docs/benchmarks.md, "Re-signing"): fills a fresh database
//! with `--cards` Alytus cards of one key (families of five, through SQL, a thousand rows a
//! statement; setup, not measured), rotates the key, starts the service's state again as
//! `kartu serve` would, then times `app::resign::resign_cards` — the act behind
//! `kartu cards resign --kid …` — over all of them. A baseline measured in the same run: as many
//! bare `kartu_card::sign` calls with the same key, so the figure says what the database and the
//! bookkeeping add to the signatures themselves.
//!
//! ```text
//! cargo run --release --example resign_bench -- --database-url /tmp/r.db
//! cargo run --release --example resign_bench -- --database-url postgres://postgres@127.0.0.1/kartu_bench
//! ```
//! The database must be new (or empty).

// A benchmark helper may stop on the first surprise: it is not production code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::time::Instant;

use clap::Parser;
use diesel::connection::SimpleConnection;
use kartu::app::actor::Actor;
use kartu::app::clock::Clock;
use kartu::app::resign::{resign_cards, Selection};
use kartu::config::ServeConfig;
use kartu::store::keyring::Keyring;
use kartu::store::DbConnection;
use kartu::web::startup;
use kartu_card::{CardNumber, Claims, Municipality, PersonName, Role};

#[derive(Debug, Parser)]
struct Args {
    /// A SQLite file path or a postgres:// URL of an empty database.
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 100_000)]
    cards: usize,
}

const NAME: &str = "Žydrūnė Kazlauskienė";

/// A timestamp literal both backends read into a TIMESTAMP column.
fn ts(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap();
    format!(
        "'{:04}-{:02}-{:02} {:02}:{:02}:{:02}'",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// A 32-byte literal for a binary column, unique per `n`.
fn bytes(conn: &DbConnection, n: usize) -> String {
    let hex = format!("{n:064x}");
    match conn {
        DbConnection::Sqlite(_) => format!("X'{hex}'"),
        DbConnection::Postgres(_) => format!("'\\x{hex}'::bytea"),
    }
}

fn fill(conn: &mut DbConnection, cards: usize, kid: &str, now: i64) {
    let (at, from, until) = (ts(now), ts(now - 86_400), ts(now + 300 * 86_400));
    let families = cards.div_ceil(5);
    for chunk in (0..families).collect::<Vec<_>>().chunks(1000) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|f| format!("('f{f:07}', 'ALY', {}, 'BENCH-{f}', {at}, {at})", f + 1))
            .collect();
        conn.batch_execute(&format!(
            "INSERT INTO families (id, municipality, family_number, reference, created_at, updated_at) VALUES {}",
            rows.join(", ")
        ))
        .unwrap();
    }
    for chunk in (0..cards).collect::<Vec<_>>().chunks(1000) {
        let mut members = Vec::new();
        let mut rows = Vec::new();
        for &n in chunk {
            let (f, m) = (n / 5, n % 5 + 1);
            let role = if m <= 2 { "parent" } else { "child" };
            members.push(format!(
                "('m{n:07}', 'f{f:07}', {m}, '{NAME}', 'Zydrune Kazlauskiene', '{role}', '1990-01-01', NULL, NULL, {}, NULL, {at}, {at})",
                bytes(conn, n)
            ));
            let number = CardNumber::new(
                Municipality::Aly,
                u32::try_from(f + 1).unwrap(),
                u8::try_from(m).unwrap(),
                1,
            )
            .unwrap();
            // Every fifth card is printed on paper, every tenth suspended.
            let status = if n % 10 == 9 { "suspended" } else { "active" };
            let printed = if n % 5 == 0 { at.as_str() } else { "NULL" };
            rows.push(format!(
                "('c{n:07}', 'm{n:07}', 'f{f:07}', 'ALY', '{number}', 1, '{status}', {from}, {until}, '{kid}', {n}, 'KARTU1:bench', NULL, {at}, {at}, {printed})"
            ));
        }
        conn.batch_execute(&format!(
            "INSERT INTO members (id, family_id, member_number, name, name_ascii, role, birth_date, education_until, disability_until, national_id_hash, removed_at, created_at, updated_at) VALUES {}",
            members.join(", ")
        ))
        .unwrap();
        conn.batch_execute(&format!(
            "INSERT INTO cards (id, member_id, family_id, municipality, number, sequence, status, valid_from, valid_until, kid, status_index, qr_text, holder_hash, created_at, updated_at, printed_at) VALUES {}",
            rows.join(", ")
        ))
        .unwrap();
    }
    if let DbConnection::Postgres(_) = conn {
        conn.batch_execute("ANALYZE").unwrap();
    }
}

fn main() {
    let args = Args::parse();
    let dir = std::env::temp_dir().join(format!("kartu-resign-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = ServeConfig::defaults();
    config.database_url = args.database_url.clone();
    config.keys_dir = dir.join("keys");
    config.id_hash_secret = Some("11".repeat(32));
    let clock = Clock::system();
    let now = clock.now();

    let state = startup::prepare_with(&config, clock.clone()).unwrap();
    let old = state
        .kartu
        .trust
        .keyring()
        .signer(Municipality::Aly, now)
        .unwrap()
        .0
        .kid;
    let started = Instant::now();
    fill(
        &mut state.kartu.db.pool().get().unwrap(),
        args.cards,
        &old.to_hex(),
        now,
    );
    println!(
        "setup: {} cards of key {old} in {:.1} s",
        args.cards,
        started.elapsed().as_secs_f64()
    );
    drop(state);

    // `kartu keys generate --municipality ALY`, then the service's state built again.
    let policy = kartu::store::keyring::KeyPolicy::from(config.key_policy);
    Keyring::open(&config.keys_dir)
        .unwrap()
        .rotate(Municipality::Aly, now, &policy)
        .unwrap();
    let started = Instant::now();
    let state = startup::prepare_with(&config, clock).unwrap();
    println!(
        "start-up with {} cards: {:.2} s",
        args.cards,
        started.elapsed().as_secs_f64()
    );
    let k = &state.kartu;

    let started = Instant::now();
    let report = resign_cards(
        &k.db,
        &k.trust,
        &Actor::command_line(),
        &Selection {
            kid: Some(old),
            ..Selection::default()
        },
        |_, _| {},
    )
    .unwrap();
    let resign_s = started.elapsed().as_secs_f64();
    assert_eq!(report.resigned, args.cards as u64, "{report:?}");

    // The baseline: the signatures alone, with the same key.
    let keyring = k.trust.keyring();
    let (entry, key) = keyring.signer(Municipality::Aly, now).unwrap();
    let holder = PersonName::parse(NAME).unwrap();
    let started = Instant::now();
    for n in 0..args.cards {
        let claims = Claims {
            number: CardNumber::new(Municipality::Aly, u32::try_from(n / 5 + 1).unwrap(), 1, 1)
                .unwrap(),
            holder: holder.clone(),
            role: Role::Parent,
            valid_from: now,
            valid_until: now + 300 * 86_400,
            status_index: u32::try_from(n).unwrap(),
        };
        std::hint::black_box(kartu_card::sign(&claims, entry, key).unwrap());
    }
    let sign_s = started.elapsed().as_secs_f64();

    let backend = match &*k.db.pool().get().unwrap() {
        DbConnection::Sqlite(_) => "SQLite",
        DbConnection::Postgres(_) => "PostgreSQL",
    };
    println!("| backend | cards | re-signed | to reprint | resign s | cards/s | bare sign s |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {backend} | {} | {} | {} | {resign_s:.1} | {:.0} | {sign_s:.2} |",
        args.cards,
        report.resigned,
        report.to_reprint.len(),
        args.cards as f64 / resign_s,
    );
    let _ = std::fs::remove_dir_all(&dir);
}
