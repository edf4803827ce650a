//! Writes a synthetic register file for trying `kartu import` and for its benchmark
//! (docs/benchmarks.md, "Import"): families of five, one bad row in every `--bad-every`-th
//! family, `;`-separated with LT or PL words and DD.MM.YYYY dates, in Windows-1257 (ALY, VAR)
//! or Windows-1250 (ELK). None of its national ID numbers belongs to a real person.
//!
//! ```text
//! cargo run --release --example register_file -- --municipality ALY --families 10000 --out /tmp/aly.csv
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

#[path = "../tests/support/people.rs"]
mod people;
#[path = "../tests/support/register.rs"]
mod register;

use clap::Parser;

#[derive(Debug, Parser)]
struct Args {
    #[arg(long, default_value = "ALY")]
    municipality: String,
    #[arg(long, default_value_t = 10_000)]
    families: usize,
    /// One family in this many has a bad row (100: 1 %).
    #[arg(long, default_value_t = 100)]
    bad_every: usize,
    /// Write UTF-8 instead of the municipality's Windows code page.
    #[arg(long)]
    utf8: bool,
    #[arg(long)]
    out: std::path::PathBuf,
}

fn main() {
    let args = Args::parse();
    let text =
        register::register_text(&args.municipality, args.families, args.bad_every, ';', true);
    let bytes = if args.utf8 {
        text.into_bytes()
    } else if args.municipality == "ELK" {
        encoding_rs::WINDOWS_1250.encode(&text).0.into_owned()
    } else {
        encoding_rs::WINDOWS_1257.encode(&text).0.into_owned()
    };
    std::fs::write(&args.out, bytes).unwrap();
    println!("wrote {} families to {}", args.families, args.out.display());
}
