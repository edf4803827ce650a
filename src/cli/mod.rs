//! The command line: one binary, `kartu`, with subcommands. Every flag has a doc comment (it is
//! the `--help` text) and, where a deployment would set it, an environment fallback. Each
//! subcommand is an adapter like the web's: it parses its arguments, calls the acts of `app`
//! (or the key ring and the card library for `keys` and `verify`), and prints the result.

pub mod admin;
pub mod cards;
pub mod import;
pub mod keys;
pub mod retention;
pub mod verify;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use kartu_card::Municipality;

use crate::config::KeyPolicyArgs;
use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "kartu",
    version,
    about = "Large-family discount card of Alytus, Varėna and Ełk"
)]
pub struct Cli {
    /// Without a subcommand, kartu serves with every default (`kartu serve`).
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service (the default). Creates the database and development keys on first run.
    Serve(crate::config::ServeConfig),
    /// Apply pending database migrations and exit.
    Migrate {
        /// `postgres://…` or a SQLite file path.
        #[arg(long, env = "DATABASE_URL", default_value = "./data/kartu.db")]
        database_url: String,
    },
    /// Manage the trust anchor and the municipal signing keys.
    Keys(KeysArgs),
    /// Accounts, from the command line: the first admin.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Act on many cards at once: re-sign them.
    Cards(CardsArgs),
    /// Verify a card offline against a key set and status lists.
    #[command(after_help = verify::EXIT_CODES_HELP)]
    Verify(VerifyArgs),
    /// Erase the families nothing has happened to for N years (names, birth dates, ID hashes,
    /// QR texts); card numbers and the audit trail stay. Run it on a schedule.
    Retention(retention::RetentionArgs),
    /// Load a register of families from a CSV file into one municipality.
    Import(Box<ImportArgs>),
}

/// `kartu import`: the file, what to do with it, and the service's own configuration (the
/// database, the keys and the ID hash secret, with the same flags and environment as `serve`).
#[derive(Debug, Args)]
#[command(
    after_help = "Columns (a header row, in any order, `,` or `;`): reference, role, name, \
birth_date, national_id, education_until, disability_until. Rows that share a reference are one \
family. Exit status: 0 when every family went in or was present, 3 when some were refused."
)]
pub struct ImportArgs {
    /// The register: CSV in UTF-8 (with or without a BOM), Windows-1257 or Windows-1250.
    pub file: PathBuf,
    /// The municipality that registers the families: ALY, VAR or ELK.
    #[arg(long)]
    pub municipality: Municipality,
    /// Check everything and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also issue the cards of every family that qualifies.
    #[arg(long)]
    pub issue: bool,
    /// The file's encoding (utf-8, windows-1257, windows-1250) when detection guesses wrong.
    #[arg(long)]
    pub encoding: Option<String>,
    /// Language of the report.
    #[arg(long, default_value = "en")]
    pub lang: Lang,
    #[command(flatten)]
    pub serve: crate::config::ServeConfig,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an account. The password is read from stdin when stdin is not a terminal;
    /// otherwise one is generated and printed once.
    Create {
        #[arg(long)]
        username: String,
        /// ALY, VAR or ELK.
        #[arg(long)]
        municipality: String,
        /// clerk, supervisor or admin.
        #[arg(long, default_value = "admin")]
        role: String,
        /// `postgres://…` or a SQLite file path.
        #[arg(long, env = "DATABASE_URL", default_value = "./data/kartu.db")]
        database_url: String,
    },
    /// Create an API token for a till or an integration, printed once.
    Token {
        /// What it is for, e.g. "till 3, Maxima Alytus".
        #[arg(long)]
        label: String,
        /// ALY, VAR or ELK.
        #[arg(long)]
        municipality: String,
        /// clerk, supervisor or admin.
        #[arg(long)]
        role: String,
        /// Days until it expires (1–730).
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(i64).range(1..=730))]
        valid_days: i64,
        /// `postgres://…` or a SQLite file path.
        #[arg(long, env = "DATABASE_URL", default_value = "./data/kartu.db")]
        database_url: String,
    },
}

#[derive(Debug, Args)]
pub struct KeysArgs {
    /// Directory holding the key ring (private keys mode 0600).
    #[arg(long, env = "KARTU_KEYS_DIR", default_value = "./keys", global = true)]
    pub keys_dir: PathBuf,
    #[command(flatten)]
    pub policy: KeyPolicyArgs,
    #[command(subcommand)]
    pub command: KeysCommand,
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Create the trust anchor and one signing key per municipality.
    Init,
    /// Rotate: create a new active key for a municipality; the old one stays published.
    Generate {
        /// ALY, VAR or ELK.
        #[arg(long)]
        municipality: Municipality,
        /// The service's database, where the rotation is recorded in the audit trail.
        #[arg(long, env = "DATABASE_URL", default_value = "./data/kartu.db")]
        database_url: String,
    },
    /// List every key with its window and state.
    List,
    /// Write the anchor-signed key set (JSON) to standard output or a file.
    Export {
        /// File to write instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Days until verifiers should fetch a newer key set (its next_update).
        #[arg(long, env = "KARTU_KEYSET_VALID_DAYS", default_value_t = 7, value_parser = clap::value_parser!(i64).range(1..=365))]
        valid_days: i64,
    },
    /// Withdraw a leaked or lost key: never publish it again and delete its private file.
    Withdraw {
        /// The key id (16 hex digits) from `kartu keys list`.
        #[arg(long)]
        kid: String,
        /// The service's database, where the withdrawal is recorded in the audit trail.
        #[arg(long, env = "DATABASE_URL", default_value = "./data/kartu.db")]
        database_url: String,
    },
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    #[command(subcommand)]
    pub command: CardsCommand,
}

#[derive(Debug, Subcommand)]
pub enum CardsCommand {
    /// Sign every active or suspended card of a key (or of a municipality, valid from before a
    /// date) again with the municipality's active key. Each card keeps its number; its old text
    /// is revoked. Prints the numbers of the cards printed on paper, to reprint. Run it again to
    /// resume after an interruption.
    Resign {
        /// The key id (16 hex digits) whose cards to re-sign, e.g. a withdrawn one.
        #[arg(long, required_unless_present = "before")]
        kid: Option<String>,
        /// ALY, VAR or ELK: only this municipality's cards (needed without --kid).
        #[arg(long, required_unless_present = "kid")]
        municipality: Option<Municipality>,
        /// Only cards valid from before this local date (YYYY-MM-DD, today at the latest).
        #[arg(long, requires = "municipality")]
        before: Option<String>,
        /// `postgres://…` or a SQLite file path.
        #[arg(long, env = "DATABASE_URL", default_value = "./data/kartu.db")]
        database_url: String,
        /// Directory holding the key ring.
        #[arg(long, env = "KARTU_KEYS_DIR", default_value = "./keys")]
        keys_dir: PathBuf,
        #[command(flatten)]
        policy: KeyPolicyArgs,
    },
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The QR text, or `-` to read it from standard input.
    #[arg(required_unless_present = "image", conflicts_with = "image")]
    pub text: Option<String>,
    /// Decode the QR code from a PNG image instead.
    #[arg(long)]
    pub image: Option<PathBuf>,
    /// The signed key set (from `kartu keys export` or GET /.well-known/kartu/keys).
    #[arg(long)]
    pub keys: PathBuf,
    /// The trust anchor's public key: unpadded base64url, or a file holding it (PEM or base64url).
    #[arg(long, env = "KARTU_ANCHOR")]
    pub anchor: String,
    /// The signed status lists (GET /.well-known/kartu/status). Without it revocation is not checked.
    #[arg(long)]
    pub status: Option<PathBuf>,
    /// Language of the answer.
    #[arg(long, default_value = "en")]
    pub lang: Lang,
    /// Verify as of this time (RFC 3339 or Unix seconds) instead of the system clock.
    #[arg(long)]
    pub now: Option<String>,
    /// Seconds a card's dates may be off and still pass.
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(i64).range(0..=86_400))]
    pub clock_skew: i64,
    /// Seconds a key set or status list may be past its next update before nothing is confirmed.
    #[arg(long, default_value_t = 259_200, value_parser = clap::value_parser!(i64).range(0..=31_536_000))]
    pub max_age: i64,
    /// Print the verdict as JSON (the same shape as POST /api/v1/verify).
    #[arg(long)]
    pub json: bool,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
