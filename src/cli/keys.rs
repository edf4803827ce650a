//! `kartu keys …`: create, rotate, list, export and withdraw keys.

use std::io::Write;

use anyhow::Context;
use kartu_card::KeyId;

use crate::app::actor::Actor;
use crate::app::clock::Clock;
use crate::app::{keys, Db};
use crate::cli::{KeysArgs, KeysCommand};
use crate::domain::calendar::human_time;
use crate::store::keyring::{KeyPolicy, Keyring};

pub fn run(args: &KeysArgs) -> anyhow::Result<()> {
    let policy = KeyPolicy::from(args.policy);
    let dir = &args.keys_dir;
    let clock = Clock::system();
    let now = clock.now();
    match &args.command {
        KeysCommand::Init => {
            let ring = Keyring::init(dir, now, &policy, false)?;
            println!("Created a key ring in {}", dir.display());
            println!(
                "Anchor public key (configure verifiers with it): {}",
                ring.anchor_public().to_base64url()
            );
            println!(
                "Back up {}/anchor.key.pem offline; it is the root of trust.",
                dir.display()
            );
        }
        KeysCommand::Generate {
            municipality,
            database_url,
        } => {
            let mut ring = Keyring::open(dir)?;
            // Reach the audit trail before changing anything, so no rotation goes unrecorded.
            let db = audit_db(database_url, clock)?;
            let entry = keys::rotate(&db, &operator(), &mut ring, *municipality, &policy)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "New active key for {municipality}: {} (signs until {})",
                entry.kid,
                human_time(entry.not_after)
            );
            println!("Export and publish the key set again: kartu keys export");
        }
        KeysCommand::List => {
            let ring = Keyring::open(dir)?;
            print!("{}", list(&ring, now, &policy));
        }
        KeysCommand::Export { output, valid_days } => {
            let ring = Keyring::open(dir)?;
            let (_, doc) = ring.export(now, *valid_days, &policy)?;
            let json = doc.to_json() + "\n";
            match output {
                Some(path) => std::fs::write(path, json)
                    .with_context(|| format!("writing {}", path.display()))?,
                None => std::io::stdout()
                    .write_all(json.as_bytes())
                    .context("writing to standard output")?,
            }
        }
        KeysCommand::Withdraw { kid, database_url } => {
            let kid = KeyId::parse_hex(kid)?;
            let mut ring = Keyring::open(dir)?;
            let db = audit_db(database_url, clock)?;
            let entry = keys::withdraw(&db, &operator(), &mut ring, &kid)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "Withdrew {} of {}. Every card it signed now verifies as unknown_key.",
                entry.kid, entry.municipality
            );
            println!("Next: kartu keys generate --municipality {}, export the key set, and re-issue those cards.", entry.municipality);
        }
    }
    Ok(())
}

/// The audit trail's database, reached (and migrated) before a key changes.
fn audit_db(database_url: &str, clock: Clock) -> anyhow::Result<Db> {
    let db = Db::open(database_url, 1, clock)
        .with_context(|| format!("opening {database_url} to record the act in the audit trail"))?;
    let mut conn = db.pool().get()?;
    crate::store::migrate(&mut conn)?;
    Ok(db)
}

/// The operating-system user who runs the command, as the audit trail names them.
fn operator() -> Actor {
    Actor::command_line_user(&std::env::var("USER").unwrap_or_else(|_| "unknown".into()))
}

/// The table `kartu keys list` prints.
pub fn list(ring: &Keyring, now: i64, policy: &KeyPolicy) -> String {
    let mut out = format!(
        "anchor {}  public {}  private key {}{}\n",
        KeyId::derive_anchor(&ring.anchor_public()),
        ring.anchor_public().to_base64url(),
        if ring.has_anchor_private() {
            "here"
        } else {
            "not here"
        },
        if ring.is_development() {
            "  (DEVELOPMENT KEYS)"
        } else {
            ""
        },
    );
    out.push_str("kid               mun  state      signs from            signs until           retired               private\n");
    let published = ring.published(now, policy);
    for e in ring.entries() {
        let k = &e.key;
        let active = ring
            .signer(k.municipality, now)
            .is_some_and(|(a, _)| a.kid == k.kid);
        let state = if e.withdrawn_at.is_some() {
            "withdrawn"
        } else if active {
            "active"
        } else if !published.iter().any(|p| p.kid == k.kid) {
            "expired"
        } else {
            "retired"
        };
        out.push_str(&format!(
            "{}  {}  {:<9}  {}  {}  {:<20}  {}\n",
            k.kid,
            k.municipality,
            state,
            human_time(k.not_before),
            human_time(k.not_after),
            k.retired_at.map(human_time).unwrap_or_else(|| "-".into()),
            if ring.has_private(&k.kid) {
                "yes"
            } else {
                "no"
            },
        ));
    }
    out
}
