//! `kartu retention`: erase the families the retention rule has expired (`app::retention`), or
//! with `--dry-run` list them. Meant to run on a schedule (see the README); a run that erases
//! nothing still records itself in the audit trail.

use anyhow::Context;
use clap::Args;

use crate::app::actor::Actor;
use crate::app::clock::Clock;
use crate::app::retention::{self, RetentionReport};
use crate::app::Db;
use crate::domain::calendar::human_time;

#[derive(Debug, Args)]
pub struct RetentionArgs {
    /// Erase families nothing has happened to for this many years: every card ended (or was
    /// revoked) and the family was not changed since (1–50).
    #[arg(long, visible_alias = "retention-years", env = "KARTU_RETENTION_YEARS", default_value_t = 5,
        value_parser = clap::value_parser!(u32).range(1..=50))]
    pub older_than_years: u32,
    /// List what would be erased and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// `postgres://…` or a SQLite file path.
    #[arg(long, env = "DATABASE_URL", default_value = "./data/kartu.db")]
    pub database_url: String,
}

pub fn run(args: &RetentionArgs) -> anyhow::Result<()> {
    let db = Db::open(&args.database_url, 1, Clock::system())
        .with_context(|| format!("opening {}", args.database_url))?;
    {
        let mut conn = db.pool().get().context("connecting to the database")?;
        crate::store::migrate(&mut conn)?;
    }
    let operator =
        Actor::command_line_user(&std::env::var("USER").unwrap_or_else(|_| "unknown".into()));
    let report = retention::erase_expired(&db, &operator, args.older_than_years, args.dry_run)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    print!("{}", summary(&report));
    Ok(())
}

/// What the command prints: one line per family, then the totals.
pub fn summary(report: &RetentionReport) -> String {
    let mut out = format!(
        "{} families nothing has happened to since {} ({} years):\n",
        if report.dry_run {
            "Would erase"
        } else {
            "Erased"
        },
        human_time(report.cutoff),
        report.older_than_years,
    );
    for f in &report.families {
        out.push_str(&format!(
            "  {}-{:06}  {}  {} members, {} cards, {} audit records reduced\n",
            f.municipality.code(),
            f.family_number,
            f.id.0,
            f.members,
            f.cards,
            f.audit_records,
        ));
    }
    out.push_str(&format!(
        "{} families, {} members, {} cards{}\n",
        report.families.len(),
        report.members(),
        report.cards(),
        if report.dry_run {
            " (dry run: nothing was changed)"
        } else {
            ""
        }
    ));
    out
}
