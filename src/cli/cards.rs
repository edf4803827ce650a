//! `kartu cards resign`: bulk re-signing from the server's command line, with a progress bar at
//! a terminal and plain progress lines otherwise. It prints card numbers only: no names, no IDs.

use std::io::IsTerminal;

use anyhow::Context;
use kartu_card::KeyId;

use crate::app::actor::Actor;
use crate::app::clock::Clock;
use crate::app::resign::{self, Report, Selection};
use crate::app::trust::{self, PublishPolicy, Trust};
use crate::app::Db;
use crate::cli::{CardsArgs, CardsCommand};
use crate::store::keyring::{KeyPolicy, Keyring};

pub fn run(args: &CardsArgs) -> anyhow::Result<()> {
    match &args.command {
        CardsCommand::Resign {
            kid,
            municipality,
            before,
            database_url,
            keys_dir,
            policy,
        } => {
            let selection = Selection {
                kid: kid.as_deref().map(KeyId::parse_hex).transpose()?,
                municipality: *municipality,
                before: before
                    .as_deref()
                    .map(|d| {
                        time::Date::parse(
                            d,
                            time::macros::format_description!("[year]-[month]-[day]"),
                        )
                        .with_context(|| format!("--before {d}: not a date (YYYY-MM-DD)"))
                    })
                    .transpose()?,
            };
            let clock = Clock::system();
            let db = Db::open(database_url, 2, clock.clone())
                .with_context(|| format!("opening {database_url}"))?;
            let trust = load_trust(&db, keys_dir, KeyPolicy::from(*policy), clock.now())?;
            let report = with_progress(|progress| {
                resign::resign_cards(&db, &trust, &operator(), &selection, progress)
            })
            .map_err(explain)?;
            print!("{}", summary(&report));
            Ok(())
        }
    }
}

/// An act's error in words, with every field's message.
fn explain(error: crate::app::error::Error) -> anyhow::Error {
    match error {
        crate::app::error::Error::Invalid(fields) => anyhow::anyhow!(
            "{}",
            fields
                .iter()
                .map(|f| format!("--{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::anyhow!("{other}"),
    }
}

/// The key ring and the status lists as the database holds them, as `kartu serve` builds them.
fn load_trust(
    db: &Db,
    keys_dir: &std::path::Path,
    key_policy: KeyPolicy,
    now: i64,
) -> anyhow::Result<Trust> {
    let ring = Keyring::open(keys_dir)?;
    let mut conn = db.pool().get()?;
    crate::store::migrate(&mut conn)?;
    let lists = trust::stored_lists(&mut conn).map_err(|e| anyhow::anyhow!("{e}"))?;
    let policy = PublishPolicy {
        key_policy,
        keyset_valid_days: 7,
        status_valid_hours: 24,
    };
    Trust::from_lists(ring, policy, lists, now).context("loading the key set and status lists")
}

/// Runs `f` with a progress callback: a bar on a terminal, a line per tenth otherwise.
fn with_progress<T>(f: impl FnOnce(&mut dyn FnMut(u64, u64)) -> T) -> T {
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} cards re-signed ({per_sec}, {eta} left)",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        let result = f(&mut |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        });
        bar.finish_and_clear();
        result
    } else {
        let mut shown = None;
        f(&mut |done, total| {
            let tenth = (done * 10).checked_div(total).unwrap_or(10);
            if shown != Some(tenth) {
                shown = Some(tenth);
                eprintln!("re-signed {done} of {total} cards");
            }
        })
    }
}

/// What the run prints: its counts and the numbers of the cards to reprint.
pub fn summary(report: &Report) -> String {
    let mut out = format!(
        "Re-signed {} of {} cards with key {} ({} of them suspended, still suspended).\n",
        report.resigned, report.selected, report.new_kid, report.suspended
    );
    for (m, n) in &report.by_municipality {
        out.push_str(&format!("  {m}: {n}\n"));
    }
    if report.skipped > 0 {
        out.push_str(&format!(
            "{} cards changed while they were read; run the command again to take them.\n",
            report.skipped
        ));
    }
    if report.to_reprint.is_empty() {
        out.push_str("No re-signed card had been printed on paper.\n");
    } else {
        out.push_str(&format!(
            "{} cards had been printed on paper; reprint them (the console lists them too):\n",
            report.to_reprint.len()
        ));
        for number in &report.to_reprint {
            out.push_str(&format!("  {number}\n"));
        }
    }
    out.push_str("Their old texts are revoked. Restart the running servers so they publish it.\n");
    out
}

/// The operating-system user who runs the command, as the audit trail names them.
fn operator() -> Actor {
    Actor::command_line_user(&std::env::var("USER").unwrap_or_else(|_| "unknown".into()))
}
