//! `kartu import`: loads a municipality's register from a CSV file through the same act as the
//! console's upload (`app::import`), with a progress bar at a terminal and plain progress lines
//! elsewhere. The report is printed and written as CSV next to the input; it names rows by their
//! line and never prints a national ID number.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context};
use indicatif::{ProgressBar, ProgressStyle};

use crate::app::actor::Actor;
use crate::app::clock::Clock;
use crate::app::import::{self, ImportCounts, ImportOptions, ImportReport};
use crate::cli::ImportArgs;
use crate::domain::register_csv::{self, TextEncoding};
use crate::i18n::{Lang, Translations};

/// Where the report goes: `families.csv` → `families.report.csv`, beside it.
pub fn report_path(input: &Path) -> PathBuf {
    let stem = input
        .file_stem()
        .map_or_else(|| "import".into(), |s| s.to_string_lossy().into_owned());
    input.with_file_name(format!("{stem}.report.csv"))
}

/// Runs the import; true when no family was refused.
pub fn run(args: &ImportArgs) -> anyhow::Result<bool> {
    let encoding = match &args.encoding {
        Some(e) => Some(
            TextEncoding::parse(e)
                .ok_or_else(|| anyhow!("--encoding must be utf-8, windows-1257 or windows-1250"))?,
        ),
        None => None,
    };
    let bytes =
        std::fs::read(&args.file).with_context(|| format!("reading {}", args.file.display()))?;
    let lithuanian = args.municipality.country() == kartu_card::Country::Lithuania;
    let file = register_csv::read(&bytes, encoding, lithuanian)
        .map_err(|e| anyhow!("{}: {e}", args.file.display()))?;
    let t = Translations::load()?;
    let lang = args.lang;
    let kartu = crate::app::boot::open(&args.serve.settings(), Clock::system())?;
    let user = std::env::var("USER").unwrap_or_else(|_| "unknown".into());
    let actor = Actor::command_line_in(args.municipality, &user);
    let options = ImportOptions {
        dry_run: args.dry_run,
        issue: args.issue,
    };
    eprintln!(
        "{}: {} rows, {}, delimiter {:?}",
        args.file.display(),
        file.rows.len(),
        file.encoding,
        char::from(file.delimiter)
    );
    let bar = std::io::stderr().is_terminal().then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} families {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    });
    let mut last_line = std::time::Instant::now();
    let mut progress = |counts: &ImportCounts, done: usize| match &bar {
        Some(bar) => {
            bar.set_length(counts.families as u64);
            bar.set_position(done as u64);
            bar.set_message(format!("{} registered", counts.registered));
        }
        None => {
            if done == counts.families || last_line.elapsed().as_secs() >= 2 {
                eprintln!(
                    "{done}/{} families, {} registered",
                    counts.families, counts.registered
                );
                last_line = std::time::Instant::now();
            }
        }
    };
    let file_name = args
        .file
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let report = import::import_register(&kartu, &actor, &file, &file_name, options, &mut progress)
        .map_err(|e| anyhow!("{e}"))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    print_report(&t, lang, &report, args.dry_run);
    let path = report_path(&args.file);
    let explain = |code: &str, english: &str| t.problem(lang, code, english);
    let csv = report
        .to_csv(&t.import_report_header(lang), &explain)
        .map_err(|e| anyhow!("{e}"))?;
    std::fs::write(&path, csv).with_context(|| format!("writing {}", path.display()))?;
    println!(
        "{}",
        t.get_args(
            lang,
            "import-report-written",
            &[("path", path.display().to_string())]
        )
    );
    Ok(report.counts.refused == 0 && report.refused.is_empty())
}

fn print_report(t: &Translations, lang: Lang, report: &ImportReport, dry_run: bool) {
    for p in &report.refused {
        let field = if p.field.is_empty() {
            String::new()
        } else {
            format!(" {}:", p.field)
        };
        println!(
            "{} {}{field} {}",
            t.get_args(lang, "import-line", &[("line", p.line.to_string())]),
            p.reference,
            t.problem(lang, &p.code, &p.message)
        );
    }
    if !report.already_present.is_empty() {
        println!(
            "{} {}",
            t.get(lang, "import-already-present-list"),
            report.already_present.join(", ")
        );
    }
    let c = report.counts;
    let key = if dry_run {
        "import-summary-dry-run"
    } else {
        "import-summary"
    };
    println!(
        "{}",
        t.get_args(
            lang,
            key,
            &[
                ("rows", c.rows.to_string()),
                ("families", c.families.to_string()),
                ("registered", c.registered.to_string()),
                ("present", c.already_present.to_string()),
                ("refused", c.refused.to_string()),
                ("cards", c.cards_issued.to_string()),
                ("without", c.without_cards.to_string()),
            ],
        )
    );
}
