//! What is due at municipal scale (docs/benchmarks.md, "What is due"): fills a fresh database
//! with `--families` Alytus families (two parents, three children, a card each) and a fifth as
//! many Ełk families (through the store, a thousand families a transaction; setup, not
//! measured), then times `app::due::due` — the act behind `/console/due` and `GET /api/v1/due` —
//! for windows of 30, 90 and 366 days, and prints p50, p99 and max per window. The clock is
//! fixed at 2027-06-01, so June's school endings fall in the 30-day window.
//!
//! ```text
//! cargo run --release --example due_bench -- --database-url /tmp/due.db
//! cargo run --release --example due_bench -- --database-url postgres://postgres@127.0.0.1/kartu_due_bench
//! ```
//! The database must be new (or empty), unless `--no-fill` times one an earlier run filled.

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
use kartu::app::actor::{Actor, Credential};
use kartu::app::clock::Clock;
use kartu::app::due;
use kartu::config::ServeConfig;
use kartu::domain::access::AccountRole;
use kartu::domain::calendar;
use kartu::domain::card_state::CardState;
use kartu::store::card::{Card, CardId};
use kartu::store::family::{Family, FamilyId};
use kartu::store::member::{Member, MemberId};
use kartu::store::{self, from_unix};
use kartu::web::startup;
use kartu_card::{CardNumber, Municipality, Role};
use time::{Date, Duration as Days};

#[derive(Debug, Parser)]
struct Args {
    /// A SQLite file path or a postgres:// URL of an empty database.
    #[arg(long)]
    database_url: String,
    /// Alytus families; Ełk gets a fifth as many.
    #[arg(long, default_value_t = 100_000)]
    families: u32,
    /// Time the database as it is, filled by an earlier run with the same `--families`.
    #[arg(long)]
    no_fill: bool,
    /// Times the 30-day window runs (the longer ones run a third and a tenth as often).
    #[arg(long, default_value_t = 30)]
    rounds: usize,
}

/// 2027-06-01 10:00 UTC.
const NOW: i64 = 1_811_844_000;

struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> i64 {
        i64::try_from(self.next() % n).unwrap()
    }
}

fn day(from: Date, days: i64) -> Date {
    from.saturating_add(Days::days(days))
}

fn fill(k: &kartu::app::Kartu, municipality: Municipality, families: u32, seq: &mut i64) {
    let at = from_unix(NOW);
    let today = calendar::local_today(municipality, NOW);
    let mut rng = Random(0x9e37_79b9_7f4a_7c15 ^ u64::from(families));
    let mut done = 0;
    while done < families {
        let batch = (families - done).min(1000);
        k.db.write(|tx| {
            for n in done + 1..=done + batch {
                let family = FamilyId(format!("{}-f{n:06}", municipality.code()));
                store::family::insert(
                    tx,
                    Family {
                        id: family.clone(),
                        municipality,
                        family_number: i32::try_from(n).unwrap(),
                        reference: format!("B-{n}"),
                        created_at: at,
                        updated_at: at,
                        erased_at: None,
                    },
                )?;
                for number in 1..=5u8 {
                    *seq += 1;
                    let child = number > 2;
                    let birth = if child {
                        // 0 to 24 years old.
                        day(today, -rng.below(24 * 365) - 1)
                    } else {
                        day(today, -(30 * 365 + rng.below(15 * 365)))
                    };
                    let age_days = (today - birth).whole_days();
                    let education_until =
                        (child && age_days > 16 * 365 && rng.below(10) < 6).then(|| {
                            let june = Date::from_calendar_date(
                                2027 + i32::try_from(rng.below(5)).unwrap(),
                                time::Month::June,
                                20,
                            )
                            .unwrap();
                            day(june, rng.below(11))
                        });
                    let disability_until =
                        (child && rng.below(100) < 3).then(|| day(today, rng.below(3 * 365)));
                    let member = MemberId(format!("{}-m{n:06}-{number}", municipality.code()));
                    store::member::insert(
                        tx,
                        Member {
                            id: member.clone(),
                            family_id: family.clone(),
                            member_number: i32::from(number),
                            name: format!("Vardenis Pavardenis {n} {number}"),
                            name_ascii: format!("vardenis pavardenis {n} {number}"),
                            role: if child { Role::Child } else { Role::Parent },
                            birth_date: birth,
                            education_until,
                            disability_until,
                            national_id_hash: seq.to_be_bytes().repeat(4),
                            removed_at: None,
                            created_at: at,
                            updated_at: at,
                            erased_at: None,
                        },
                    )?;
                    let until = day(today, rng.below(730));
                    store::card::insert(
                        tx,
                        Card {
                            id: CardId(format!("{}-c{n:06}-{number}", municipality.code())),
                            member_id: member,
                            family_id: family.clone(),
                            municipality,
                            number: CardNumber::new(municipality, n, number, 1).unwrap(),
                            sequence: 1,
                            status: CardState::Active,
                            valid_from: at,
                            valid_until: from_unix(calendar::end_of_day(municipality, until)),
                            kid: "bench".into(),
                            status_index: *seq,
                            qr_text: "KARTU1:bench".into(),
                            holder_hash: Some(seq.to_be_bytes().repeat(4)),
                            created_at: at,
                            updated_at: at,
                        },
                    )?;
                }
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
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let args = Args::parse();
    let dir = std::env::temp_dir().join(format!("kartu-due-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = ServeConfig::defaults();
    config.database_url = args.database_url.clone();
    config.keys_dir = dir.join("keys");
    config.id_hash_secret = Some("11".repeat(32));
    let state = startup::prepare_with(&config, Clock::fixed(NOW)).unwrap();
    let k = &state.kartu;
    let started = Instant::now();
    let mut seq = 0;
    if !args.no_fill {
        fill(k, Municipality::Aly, args.families, &mut seq);
        fill(k, Municipality::Elk, args.families / 5, &mut seq);
    }
    println!(
        "setup: {} families, {seq} members and cards in {:.1} s",
        args.families + args.families / 5,
        started.elapsed().as_secs_f64()
    );
    k.db.pool().get().unwrap().batch_execute("ANALYZE").unwrap();
    let clerk = Actor {
        name: "bench clerk".into(),
        role: AccountRole::Clerk,
        home: Some(Municipality::Aly),
        credential: Credential::CommandLine,
        partner: None,
    };
    println!("| window | entries | rounds | p50 ms | p99 ms | max ms |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (days, rounds) in [
        (30, args.rounds),
        (90, args.rounds.div_ceil(3)),
        (366, args.rounds.div_ceil(10)),
    ] {
        let mut times = Vec::with_capacity(rounds);
        let mut entries = 0;
        for _ in 0..rounds {
            let t = Instant::now();
            let list = due::due(k, &clerk, days).unwrap();
            times.push(t.elapsed());
            entries = list.entries.len();
        }
        times.sort();
        println!(
            "| {days} days | {entries} | {rounds} | {} | {} | {} |",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().unwrap())
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
