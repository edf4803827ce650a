//! `kartu serve` configuration: flags with environment fallbacks. The names of `--listen`,
//! `--database-url` and `--keys-dir` are a contract with deployment scripts; keep them.

use std::path::PathBuf;

use clap::Args;

use crate::cli::KeyPolicyArgs;

#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address and port to listen on; port 0 picks a free port (printed at start-up).
    #[arg(long, env = "KARTU_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: String,
    /// `postgres://user@host/db`, or a SQLite file path (`sqlite://path` also works).
    #[arg(long, env = "DATABASE_URL", default_value = "./data/kartu.db")]
    pub database_url: String,
    /// Directory holding the key ring. Development keys are created here on first run when it is empty.
    #[arg(long, env = "KARTU_KEYS_DIR", default_value = "./keys")]
    pub keys_dir: PathBuf,
    /// Secret for the keyed hash of national ID numbers (hex, at least 32 bytes). Without it the
    /// service uses `<keys-dir>/id-hash.key`, creating it on first run for development.
    #[arg(long, env = "KARTU_ID_HASH_SECRET", hide_env_values = true)]
    pub id_hash_secret: Option<String>,
    /// Refuse to start with development keys or a generated ID hash secret (set in production).
    #[arg(long, env = "KARTU_PRODUCTION", default_value_t = false)]
    pub production: bool,
    #[command(flatten)]
    pub key_policy: KeyPolicyArgs,
    /// Days until verifiers should fetch a newer key set.
    #[arg(long, env = "KARTU_KEYSET_VALID_DAYS", default_value_t = 7, value_parser = clap::value_parser!(i64).range(1..=365))]
    pub keyset_valid_days: i64,
    /// Hours until verifiers should fetch newer status lists.
    #[arg(long, env = "KARTU_STATUS_VALID_HOURS", default_value_t = 24, value_parser = clap::value_parser!(i64).range(1..=720))]
    pub status_valid_hours: i64,
    /// Seconds of clock skew tolerated when verifying a card.
    #[arg(long, env = "KARTU_CLOCK_SKEW", default_value_t = 300, value_parser = clap::value_parser!(i64).range(0..=86_400))]
    pub clock_skew: i64,
    /// Largest request body, in KiB, for every endpoint.
    #[arg(long, env = "KARTU_BODY_LIMIT_KB", default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=10_240))]
    pub body_limit_kb: u32,
    /// Database connections in the pool.
    #[arg(long, env = "KARTU_DB_POOL", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub db_pool: u32,
    /// HTTP worker threads (0: one per core).
    #[arg(long, env = "KARTU_WORKERS", default_value_t = 0)]
    pub workers: usize,
}

impl ServeConfig {
    /// The configuration `cargo run` uses: every default.
    pub fn defaults() -> ServeConfig {
        use clap::Parser;
        #[derive(Parser)]
        struct Wrapper {
            #[command(flatten)]
            config: ServeConfig,
        }
        Wrapper::parse_from(["kartu"]).config
    }
}
