//! The register import at municipal scale (docs/benchmarks.md, "Import"): writes a register of
//! `--families` families of five in `;`-separated Windows-1257 with one bad row in every 100th
//! family, then on a fresh database
//! 1. the baseline, measured in the same run: `--baseline` families registered and issued one
//!    at a time through the acts a clerk's requests call (`families::register`, `cards::issue`);
//! 2. `import_register` of the whole file with `issue` (what `kartu import --issue` runs);
//! 3. the same file again, which must add nothing.
//!
//! ```text
//! cargo run --release --example import_bench -- --database-url /tmp/import.db
//! cargo run --release --example import_bench -- --database-url postgres://postgres@127.0.0.1/kartu_import
//! ```
//! The database must be new (or empty).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

#[path = "../tests/support/people.rs"]
mod people;
#[path = "../tests/support/register.rs"]
mod register;

use std::time::Instant;

use clap::Parser;
use kartu::app::actor::Actor;
use kartu::app::clock::Clock;
use kartu::app::families::FamilyInput;
use kartu::app::import::{self, ImportOptions};
use kartu::app::members::MemberInput;
use kartu::config::ServeConfig;
use kartu::domain::register_csv;
use kartu_card::Municipality;

#[derive(Debug, Parser)]
struct Args {
    /// A SQLite file path or a postgres:// URL of an empty database.
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 10_000)]
    families: usize,
    /// Families registered one at a time for the baseline.
    #[arg(long, default_value_t = 200)]
    baseline: usize,
}

fn main() {
    let args = Args::parse();
    let dir = tempfile::tempdir().unwrap();
    let mut config = ServeConfig::defaults();
    config.database_url = args.database_url.clone();
    config.keys_dir = dir.path().join("keys");
    let k = kartu::app::boot::open(&config.settings(), Clock::system()).unwrap();
    let actor = Actor::command_line_in(Municipality::Aly, "bench");

    // The baseline: other people (serials from 500 up) and references, one act each, as the
    // API does it.
    let started = Instant::now();
    for n in 0..args.baseline {
        let rows = register::family_rows("ALY", 150_000 + n);
        let input = FamilyInput {
            municipality: "ALY".into(),
            reference: format!("B-{n}"),
            members: rows
                .iter()
                .map(|r| MemberInput {
                    name: r[2].clone(),
                    role: r[1].clone(),
                    birth_date: r[3].clone(),
                    national_id: r[4].clone(),
                    education_until: None,
                    disability_until: None,
                })
                .collect(),
        };
        let file = kartu::app::families::register(&k, &actor, &input).unwrap();
        kartu::app::cards::issue(&k, &actor, &file.family.id).unwrap();
    }
    let baseline = started.elapsed().as_secs_f64();
    let per_family = baseline / args.baseline as f64;

    let text = register::register_text("ALY", args.families, 100, ';', true);
    let bytes = encoding_rs::WINDOWS_1257.encode(&text).0.into_owned();
    let started = Instant::now();
    let file = register_csv::read(&bytes, None, true).unwrap();
    let parsed = started.elapsed().as_secs_f64();
    let options = ImportOptions {
        dry_run: false,
        issue: true,
    };
    let started = Instant::now();
    let first =
        import::import_register(&k, &actor, &file, "bench.csv", options, &mut |_, _| {}).unwrap();
    let imported = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let second =
        import::import_register(&k, &actor, &file, "bench.csv", options, &mut |_, _| {}).unwrap();
    let again = started.elapsed().as_secs_f64();

    let backend = if args.database_url.starts_with("postgres") {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!("backend: {backend}");
    println!(
        "file: {} rows, {} families, {} bytes Windows-1257; read in {parsed:.2} s",
        file.rows.len(),
        first.counts.families,
        bytes.len()
    );
    println!(
        "baseline: {} families one act at a time in {baseline:.2} s ({:.1} ms a family; {:.0} s for {} at that rate)",
        args.baseline,
        per_family * 1000.0,
        per_family * args.families as f64,
        args.families
    );
    println!(
        "import --issue: {imported:.2} s: {} registered, {} refused ({} rows), {} cards ({:.2} ms a family; {:.1}x the baseline's speed)",
        first.counts.registered,
        first.counts.refused,
        first.refused.len(),
        first.counts.cards_issued,
        imported * 1000.0 / args.families as f64,
        per_family * args.families as f64 / imported
    );
    println!(
        "second run: {again:.2} s: {} registered, {} already present, {} refused",
        second.counts.registered, second.counts.already_present, second.counts.refused
    );
    assert_eq!(second.counts.registered, 0, "the second run added families");
}
