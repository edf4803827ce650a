//! The catalogue's search at municipal scale (docs/benchmarks.md, "Catalogue"): fills a fresh
//! database with `--partners` partners at three locations each and one or two offers each
//! (through the store, a thousand a transaction; setup, not measured), then times
//! `app::catalogue::search` — the act behind `/partners` and `GET /api/v1/partners` — for a set
//! of typical searches, each `--rounds` times, and prints p50, p99 and max per search and over
//! all. A baseline measured in the same run, `SELECT 1` on the same pool, says how loaded the
//! machine was.
//!
//! ```text
//! cargo run --release --example catalogue_bench -- --database-url /tmp/c.db
//! cargo run --release --example catalogue_bench -- --database-url postgres://postgres@127.0.0.1/kartu_bench
//! ```
//! The database must be new (or empty): the partners' legal identifiers are made up and unique
//! only within one run.

// A benchmark helper may stop on the first surprise: it is not production code.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]

use std::time::{Duration, Instant};

use clap::Parser;
use diesel::connection::SimpleConnection;
use kartu::app::catalogue::{self, CatalogueInput};
use kartu::app::clock::Clock;
use kartu::config::ServeConfig;
use kartu::domain::offer::OfferRoles;
use kartu::domain::partner::{Category, OfferStatus, PartnerStatus};
use kartu::store::offer::{Offer, OfferId};
use kartu::store::partner::{Partner, PartnerId};
use kartu::store::partner_location::{Location, LocationId};
use kartu::store::{self, from_unix};
use kartu::web::startup;
use kartu_card::Municipality;

#[derive(Debug, Parser)]
struct Args {
    /// A SQLite file path or a postgres:// URL of an empty database.
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 10_000)]
    partners: usize,
    /// Times each search runs.
    #[arg(long, default_value_t = 200)]
    rounds: usize,
}

const WORDS: [&str; 16] = [
    "Žuvis",
    "Kavinė",
    "Ąžuolas",
    "Knygynas",
    "Sklep",
    "Piekarnia",
    "Kino",
    "Baseinas",
    "Vaistinė",
    "Księgarnia",
    "Dviračiai",
    "Łódź",
    "Grybas",
    "Mazurska",
    "Šokoladas",
    "Teatras",
];
const STREETS: [&str; 6] = [
    "Vilniaus g.",
    "Rotušės a.",
    "ul. Mickiewicza",
    "ul. Wojska Polskiego",
    "Birutės g.",
    "Parko g.",
];

fn fill(k: &kartu::app::Kartu, partners: usize) {
    let now = k.now();
    let at = from_unix(now);
    let mut done = 0;
    while done < partners {
        let batch = (partners - done).min(1000);
        k.db.write(|tx| {
            for n in done..done + batch {
                let home = Municipality::ALL[n % 3];
                let id = PartnerId(format!("p{n:06}"));
                let name = format!("{} {} {n}", WORDS[n % 16], WORDS[(n / 16) % 16]);
                let mut locations = Vec::new();
                for l in 0..3 {
                    let m = Municipality::ALL[(n + l) % 3];
                    locations.push(Location {
                        id: LocationId(format!("l{n:06}{l}")),
                        partner_id: id.clone(),
                        address: format!("{} {}", STREETS[(n + l) % 6], n % 97 + l),
                        municipality: m,
                        latitude: Some(54.0 + (n % 100) as f64 / 100.0),
                        longitude: Some(23.0 + (l as f64) / 3.0),
                        opening_hours: "I–V 9–18".into(),
                        removed_at: None,
                        created_at: at,
                        updated_at: at,
                    });
                }
                store::partner::insert(
                    tx,
                    Partner {
                        id: id.clone(),
                        municipality: home,
                        name: name.clone(),
                        legal_id: format!("{n:010}"),
                        category: Category::ALL[n % 10],
                        website: String::new(),
                        phone: String::new(),
                        email: String::new(),
                        // One in twenty is a draft: the catalogue must skip it.
                        status: if n % 20 == 0 {
                            PartnerStatus::Draft
                        } else {
                            PartnerStatus::Published
                        },
                        search_text: kartu::app::partners::search_text(&name, &locations),
                        located_aly: false,
                        located_var: false,
                        located_elk: false,
                        accepts_aly: false,
                        accepts_var: false,
                        accepts_elk: false,
                        demo: false,
                        created_at: at,
                        updated_at: at,
                        published_at: Some(at),
                    },
                )?;
                for l in locations {
                    store::partner_location::insert(tx, l)?;
                }
                for o in 0..(1 + n % 2) {
                    let m = Municipality::ALL[(n + o) % 3];
                    store::offer::insert(
                        tx,
                        Offer {
                            id: OfferId(format!("o{n:06}{o}")),
                            partner_id: id.clone(),
                            status: OfferStatus::Published,
                            replaces: None,
                            description_lt: Some(format!("Nuolaida {n}")),
                            description_pl: Some(format!("Zniżka {n}")),
                            description_en: None,
                            percent: Some(i32::try_from(5 + n % 20).unwrap()),
                            amount_minor: None,
                            currency: None,
                            conditions: String::new(),
                            valid_from: None,
                            valid_until: None,
                            roles: OfferRoles::Everyone,
                            accepts_aly: o == 0 || m == Municipality::Aly,
                            accepts_var: o == 0 || m == Municipality::Var,
                            accepts_elk: o == 0 || m == Municipality::Elk,
                            proposed_by: None,
                            decision_reason: None,
                            created_at: at,
                            updated_at: at,
                        },
                    )?;
                }
                kartu::app::partners::refresh_derived(tx, &id)?;
            }
            Ok(())
        })
        .unwrap();
        done += batch;
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let args = Args::parse();
    let dir = tempfile_dir();
    let mut config = ServeConfig::defaults();
    config.database_url = args.database_url.clone();
    config.keys_dir = dir.join("keys");
    config.id_hash_secret = Some("11".repeat(32));
    let state = startup::prepare_with(&config, Clock::system()).unwrap();
    let k = &state.kartu;
    let started = Instant::now();
    fill(k, args.partners);
    println!(
        "setup: {} partners, {} locations, about {} offers in {:.1} s",
        args.partners,
        args.partners * 3,
        args.partners * 3 / 2,
        started.elapsed().as_secs_f64()
    );
    if let kartu::store::DbConnection::Postgres(_) = &mut *k.db.pool().get().unwrap() {
        k.db.pool().get().unwrap().batch_execute("ANALYZE").unwrap();
    }
    let searches: Vec<(&str, CatalogueInput)> = vec![
        ("first page, no filter", input("", "", "", "", 1)),
        ("q=zuvis (no diacritics)", input("zuvis", "", "", "", 1)),
        ("q=elk (a place)", input("elk", "", "", "", 1)),
        ("q=no such name", input("no such name", "", "", "", 1)),
        ("category=food", input("", "", "food", "", 1)),
        ("accepts=ELK", input("", "", "", "ELK", 1)),
        (
            "municipality=VAR, category=sport",
            input("", "VAR", "sport", "", 1),
        ),
        ("q=kavine, accepts=VAR", input("kavine", "", "", "VAR", 1)),
        ("page 200, no filter", input("", "", "", "", 200)),
    ];
    let mut all = Vec::new();
    let mut baseline = Vec::new();
    println!("| search | found | p50 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|");
    for (label, q) in &searches {
        let mut times = Vec::with_capacity(args.rounds);
        let mut found = 0;
        for _ in 0..args.rounds {
            let t = Instant::now();
            let page = catalogue::search(k, q).unwrap();
            times.push(t.elapsed());
            found = page.total;
            let t = Instant::now();
            k.db.pool()
                .get()
                .unwrap()
                .batch_execute("SELECT 1")
                .unwrap();
            baseline.push(t.elapsed());
        }
        times.sort();
        println!(
            "| {label} | {found} | {} | {} | {} |",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().unwrap())
        );
        all.extend(times);
    }
    all.sort();
    baseline.sort();
    println!(
        "| all searches | | {} | {} | {} |",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99)),
        ms(*all.last().unwrap())
    );
    println!(
        "| baseline: SELECT 1 on the same pool | | {} | {} | {} |",
        ms(percentile(&baseline, 0.5)),
        ms(percentile(&baseline, 0.99)),
        ms(*baseline.last().unwrap())
    );
    let _ = std::fs::remove_dir_all(&dir);
}

fn input(
    text: &str,
    municipality: &str,
    category: &str,
    accepts: &str,
    page: i64,
) -> CatalogueInput {
    CatalogueInput {
        text: text.into(),
        municipality: municipality.into(),
        category: category.into(),
        accepts: accepts.into(),
        page,
        per_page: 20,
    }
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kartu-catalogue-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
