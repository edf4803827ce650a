//! Opening the service's state for any adapter (`kartu serve`, and the commands that act like
//! it, such as `kartu import`): the key ring, the ID hash secret, the database with its
//! migrations, and the status lists built from every card's state.

use std::path::PathBuf;

use anyhow::Context;
use kartu_card::{Municipality, Policy};

use crate::app::clock::Clock;
use crate::app::throttle::{Gate, LoginThrottle};
use crate::app::trust::{PublishPolicy, Trust};
use crate::app::{Db, Kartu, LoginGuard, VerifyCounts};
use crate::domain::eligibility::Rules;
use crate::domain::national_id::IdHashSecret;
use crate::domain::password;
use crate::store;
use crate::store::keyring::{self, KeyPolicy, Keyring};

const ID_SECRET_FILE: &str = "id-hash.key";

/// Argon2 checks of logins in flight at once: four of 19 MiB each.
const LOGINS_HASHED_AT_ONCE: usize = 4;

/// What opening the state needs, from the service's configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub db_pool: u32,
    pub keys_dir: PathBuf,
    pub id_hash_secret: Option<String>,
    pub production: bool,
    pub key_policy: KeyPolicy,
    pub keyset_valid_days: i64,
    pub status_valid_hours: i64,
    pub clock_skew: i64,
    pub login_max_failures: u32,
    pub login_half_life_seconds: u64,
}

/// Says loudly, on standard error and in the log, that something is for development only.
pub fn development_notice(text: &str) {
    let line = "=".repeat(78);
    eprintln!("{line}\n{text}\n{line}");
    tracing::warn!("{}", text.lines().next().unwrap_or(text));
}

/// The ID hash secret: from configuration, else from the keys directory, created there on first run.
fn id_secret(config: &Settings) -> anyhow::Result<IdHashSecret> {
    if let Some(text) = &config.id_hash_secret {
        let bytes = hex::decode(text.trim()).context("KARTU_ID_HASH_SECRET must be hex")?;
        return IdHashSecret::new(bytes).context("KARTU_ID_HASH_SECRET");
    }
    let path = config.keys_dir.join(ID_SECRET_FILE);
    if path.exists() {
        let key = keyring::read_secret_file(&path)?;
        return IdHashSecret::new(hex::decode(key.trim()).context("id-hash.key must be hex")?)
            .context("id-hash.key");
    }
    if config.production {
        anyhow::bail!(
            "no ID hash secret: set KARTU_ID_HASH_SECRET or provide {}",
            path.display()
        );
    }
    let mut bytes = vec![0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    keyring::write_secret_file(&path, &hex::encode(&bytes))?;
    let secret = IdHashSecret::new(bytes).context("the generated ID hash secret")?;
    development_notice(&format!(
        "Created a DEVELOPMENT secret for hashing national ID numbers in {}.\n\
         Keep it: losing it makes every stored hash useless for finding duplicates.",
        path.display()
    ));
    Ok(secret)
}

fn open_keyring(config: &Settings, policy: &KeyPolicy, now: i64) -> anyhow::Result<Keyring> {
    if config.production {
        let ring = Keyring::open(&config.keys_dir).context("opening the key ring")?;
        if ring.is_development() {
            anyhow::bail!(
                "{} holds development keys; create production keys with `kartu keys init`",
                config.keys_dir.display()
            );
        }
        return Ok(ring);
    }
    let (mut ring, created) = Keyring::open_or_create_development(&config.keys_dir, now, policy)
        .context("opening the key ring")?;
    if created {
        development_notice(&format!(
            "Created DEVELOPMENT keys in {} (an anchor and one key per municipality).\n\
             They are for development only: never issue real cards with them.\n\
             Anchor public key: {}",
            config.keys_dir.display(),
            ring.anchor_public().to_base64url()
        ));
    } else if ring.is_development() {
        development_notice(&format!(
            "Using DEVELOPMENT keys from {}: for development only.",
            config.keys_dir.display()
        ));
    }
    if ring.is_development() {
        for m in Municipality::ALL {
            if ring.signer(m, now).is_none() {
                let entry = ring.rotate(m, now, policy)?;
                tracing::warn!(municipality = %m, kid = %entry.kid, "no active development key; made a new one");
            }
        }
    }
    Ok(ring)
}

/// The state every act needs: keys loaded, database migrated, status lists built.
pub fn open(config: &Settings, clock: Clock) -> anyhow::Result<Kartu> {
    let now = clock.now();
    let key_policy = config.key_policy;
    let keyring = open_keyring(config, &key_policy, now)?;
    let id_secret = id_secret(config)?;
    let pool = store::pool(&config.database_url, config.db_pool).context("opening the database")?;
    let mut conn = pool.get().context("connecting to the database")?;
    let applied = store::migrate(&mut conn)?;
    if applied > 0 {
        tracing::info!(applied, "applied database migrations");
    }
    // Read before the cards, so a change committed in between is read again from the log.
    let log_start =
        crate::store::status_log::last_id(&mut conn).context("reading the status log")?;
    let lists = crate::app::trust::stored_lists(&mut conn)
        .map_err(|e| anyhow::anyhow!("loading the status lists: {e}"))?;
    drop(conn);
    let publish = PublishPolicy {
        key_policy,
        keyset_valid_days: config.keyset_valid_days,
        status_valid_hours: config.status_valid_hours,
    };
    let trust = Trust::from_lists(keyring, publish, lists, now)
        .context("building the key set and status lists")?;
    let half_life = std::time::Duration::from_secs(config.login_half_life_seconds);
    Ok(Kartu {
        db: Db::new(pool, clock),
        trust,
        log_start,
        id_secret,
        rules: Rules {
            max_card_days: key_policy.max_card_days,
        },
        verify_policy: Policy {
            clock_skew: config.clock_skew,
            ..Policy::default()
        },
        verify_counts: VerifyCounts::default(),
        logins: LoginGuard {
            by_name: LoginThrottle::new(config.login_max_failures, half_life),
            by_address: LoginThrottle::new(config.login_max_failures.saturating_mul(4), half_life),
            dummy_hash: password::hash(&password::generate())
                .map_err(|e| anyhow::anyhow!("hashing the dummy password: {e}"))?,
            hashing: Gate::new(LOGINS_HASHED_AT_ONCE),
        },
        photo_reads: Gate::new(crate::app::verify::PHOTOS_AT_ONCE),
    })
}
