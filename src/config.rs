//! `kartu serve` configuration: flags with environment fallbacks. The names of `--listen`,
//! `--database-url` and `--keys-dir` are a contract with deployment scripts; keep them.

use std::path::PathBuf;

use clap::Args;

use crate::store::keyring::KeyPolicy;

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
    /// Key that encrypts and authenticates the console session cookie: hex or base64 of at least
    /// 64 random bytes (`openssl rand -hex 64`). Keep it across restarts and share it between
    /// instances: a new key signs everyone out. Without it the service uses
    /// `<keys-dir>/session.key`, creating it on first run for development; with `--production` it
    /// refuses to start without one.
    #[arg(long, env = "KARTU_SESSION_KEY", hide_env_values = true)]
    pub session_key: Option<String>,
    /// Refuse to start with development keys, a generated ID hash secret or a generated session
    /// key (set in production).
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
    /// Minutes without a request after which a console session ends (on the server: a kept copy
    /// of the cookie is refused too).
    #[arg(long, env = "KARTU_SESSION_IDLE_MINUTES", default_value_t = 30, value_parser = clap::value_parser!(i64).range(1..=1440))]
    pub session_idle_minutes: i64,
    /// Mark the session cookie `Secure`. Set it whenever the service is reached over HTTPS
    /// (behind a TLS-terminating proxy, which is how it should be deployed).
    #[arg(long, env = "KARTU_COOKIE_SECURE", default_value_t = false)]
    pub cookie_secure: bool,
    /// Take the client's address from the last entry of `X-Forwarded-For`. Only behind a reverse
    /// proxy that sets it; otherwise anyone could pick their own address and evade the limits.
    #[arg(long, env = "KARTU_TRUST_FORWARDED_FOR", default_value_t = false)]
    pub trust_forwarded_for: bool,
    /// The service's address as people reach it (`https://kartu.alytus.lt`), for every absolute
    /// link it writes (a family page's slip, a till's slip, what is due). Without it the link
    /// names the request's `Host` (and, with `--trust-forwarded-for`, the proxy's
    /// `X-Forwarded-Host` and `-Proto`).
    #[arg(long, env = "KARTU_PUBLIC_URL", value_parser = parse_public_url)]
    pub public_url: Option<String>,
    /// Verifications a minute per client address on `POST /api/v1/verify` (0: no limit, for
    /// load tests).
    #[arg(long, env = "KARTU_VERIFY_RATE_PER_MINUTE", default_value_t = 600)]
    pub verify_rate_per_minute: u32,
    /// How many verifications one address may make at once before the rate applies.
    #[arg(long, env = "KARTU_VERIFY_BURST", default_value_t = 120, value_parser = clap::value_parser!(u32).range(1..))]
    pub verify_burst: u32,
    /// Failed logins of one account before it is locked (an address gets four times as many).
    #[arg(long, env = "KARTU_LOGIN_MAX_FAILURES", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub login_max_failures: u32,
    /// Seconds in which the count of failed logins halves; a lockout fades at this pace.
    #[arg(long, env = "KARTU_LOGIN_HALF_LIFE_SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub login_half_life_seconds: u64,
    /// HTTP worker threads (0: one per core).
    #[arg(long, env = "KARTU_WORKERS", default_value_t = 0)]
    pub workers: usize,
    /// How often, at the longest, this instance reads the card state changes other instances
    /// committed to the shared database, in milliseconds. On PostgreSQL a notification also
    /// wakes it at once; this is the fallback.
    #[arg(long, env = "KARTU_SYNC_INTERVAL_MS", default_value_t = 1000, value_parser = clap::value_parser!(u64).range(50..=60_000))]
    pub sync_interval_ms: u64,
    /// How often the key directory is read again for a rotated, withdrawn or newly exported key,
    /// in seconds (0: only on SIGHUP).
    #[arg(long, env = "KARTU_KEYS_CHECK_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(0..=86_400))]
    pub keys_check_seconds: u64,
    /// Make example partners, clearly marked, when the database has none (development only:
    /// refused with `--production`). A bare `kartu` (or `cargo run`) turns it on.
    #[arg(long, env = "KARTU_DEMO", default_value_t = false)]
    pub demo: bool,
    /// The map tiles of the partner catalogue, as a URL template with `{z}`, `{x}` and `{y}`
    /// (and optionally `{s}`). Pages may load images from its origin only.
    #[arg(
        long,
        env = "KARTU_MAP_TILES_URL",
        default_value = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    )]
    pub map_tiles_url: String,
    /// The attribution the tiles' licence asks for, shown on the map (HTML is not allowed).
    #[arg(
        long,
        env = "KARTU_MAP_ATTRIBUTION",
        default_value = "© OpenStreetMap contributors"
    )]
    pub map_attribution: String,
    /// Where to serve Prometheus metrics (`GET /metrics`), e.g. `127.0.0.1:9464`; off when not
    /// set. A separate address, so the figures are never public by accident: keep it off the
    /// reverse proxy.
    #[arg(long, env = "KARTU_METRICS_LISTEN")]
    pub metrics_listen: Option<String>,
    /// How the log is written: `text` (a line for people) or `json` (one JSON object a line, for
    /// a log collector). Colours only when standard output is a terminal.
    #[arg(long, env = "KARTU_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Seconds between SIGTERM and closing the listener: readiness answers 503 at once, so a
    /// load balancer stops sending, while requests are still served. Then the requests in flight
    /// finish (up to 30 s more) and the process ends.
    #[arg(long, env = "KARTU_SHUTDOWN_DRAIN_SECONDS", default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=300))]
    pub shutdown_drain_seconds: u64,
    /// Applications to join one address may send in an hour through the public form.
    #[arg(long, env = "KARTU_APPLY_RATE_PER_HOUR", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub apply_rate_per_hour: u32,
}

impl ServeConfig {
    /// The configuration of a bare `kartu` (`cargo run`): every default, with the example
    /// partners.
    pub fn development() -> ServeConfig {
        ServeConfig {
            demo: true,
            ..ServeConfig::defaults()
        }
    }

    /// Every default.
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

/// The log's format (`--log-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, Args)]
pub struct KeyPolicyArgs {
    /// Days a new municipal key may sign cards.
    #[arg(long, env = "KARTU_KEY_LIFETIME_DAYS", default_value_t = 365, global = true, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub key_lifetime_days: i64,
    /// The longest a card may be valid, in days; retired keys stay published this long.
    #[arg(long, env = "KARTU_MAX_CARD_DAYS", default_value_t = 730, global = true, value_parser = clap::value_parser!(i64).range(1..=3650))]
    pub max_card_days: i64,
}

/// An `http://` or `https://` origin without a path, query or credentials; the trailing `/` is
/// dropped.
fn parse_public_url(text: &str) -> Result<String, String> {
    let trimmed = text.trim().trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
        .ok_or("the public URL starts with https:// or http://")?;
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    if rest.is_empty() || !rest.chars().all(plain) {
        return Err("the public URL is a scheme and a host (and port), without a path".into());
    }
    Ok(trimmed.to_string())
}

impl ServeConfig {
    /// What opening the service's state needs (`app::boot`).
    pub fn settings(&self) -> crate::app::boot::Settings {
        crate::app::boot::Settings {
            database_url: self.database_url.clone(),
            db_pool: self.db_pool,
            keys_dir: self.keys_dir.clone(),
            id_hash_secret: self.id_hash_secret.clone(),
            production: self.production,
            key_policy: KeyPolicy::from(self.key_policy),
            keyset_valid_days: self.keyset_valid_days,
            status_valid_hours: self.status_valid_hours,
            clock_skew: self.clock_skew,
            login_max_failures: self.login_max_failures,
            login_half_life_seconds: self.login_half_life_seconds,
        }
    }
}

impl From<KeyPolicyArgs> for KeyPolicy {
    fn from(a: KeyPolicyArgs) -> Self {
        KeyPolicy {
            key_lifetime_days: a.key_lifetime_days,
            max_card_days: a.max_card_days,
        }
    }
}
