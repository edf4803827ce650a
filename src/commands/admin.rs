//! `kartu admin create` and `kartu admin token`: the first admin account, and API tokens, from
//! the command line. Both are recorded in the audit trail as acts of "command line".

use std::io::{IsTerminal, Read};

use anyhow::{anyhow, bail, Context};
use kartu_card::Municipality;

use crate::audit::Who;
use crate::auth::{self, Role};
use crate::routes::accounts::{create_account, valid_username};

pub fn create(
    username: &str,
    municipality: &str,
    role: &str,
    database_url: &str,
) -> anyhow::Result<()> {
    let username = username.trim().to_lowercase();
    if !valid_username(&username) {
        bail!("a username has 3–64 characters: a–z, 0–9, '.', '_', '-'");
    }
    let municipality = Municipality::parse(municipality.trim())
        .map_err(|_| anyhow!("the municipality is ALY, VAR or ELK"))?;
    let role = Role::parse(role.trim())
        .ok_or_else(|| anyhow!("the role is clerk, supervisor or admin"))?;
    let stdin = std::io::stdin();
    let (password, generated) = if stdin.is_terminal() {
        (auth::generate_password(), true)
    } else {
        let mut text = String::new();
        stdin
            .lock()
            .read_to_string(&mut text)
            .context("reading the password from stdin")?;
        (text.trim_end_matches(['\r', '\n']).to_string(), false)
    };
    auth::check_new_password(&password).map_err(|e| {
        anyhow!(
            "{e}: a password has at least {} characters",
            auth::MIN_PASSWORD_CHARS
        )
    })?;
    let hash = auth::hash_password(&password).map_err(|e| anyhow!("{e}"))?;
    let pool = crate::db::pool(database_url, 1)?;
    let mut conn = pool.get()?;
    crate::db::migrate(&mut conn)?;
    let who = Who {
        id: None,
        name: "command line",
    };
    let account = create_account(
        &mut conn,
        who,
        &username,
        municipality,
        role,
        hash,
        crate::commands::unix_now(),
    )
    .map_err(|e| anyhow!("{e}"))?;
    println!(
        "created {} account {:?} in {} (id {})",
        role.code(),
        account.username,
        municipality,
        account.id
    );
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}

pub fn token(
    label: &str,
    municipality: &str,
    role: &str,
    valid_days: i64,
    database_url: &str,
) -> anyhow::Result<()> {
    use crate::models::api_token::{self, ApiToken};
    use crate::models::{from_unix, new_id};
    let label = label.trim();
    if label.is_empty() || label.chars().count() > 100 {
        bail!("a label has 1–100 characters");
    }
    let municipality = Municipality::parse(municipality.trim())
        .map_err(|_| anyhow!("the municipality is ALY, VAR or ELK"))?;
    let role = Role::parse(role.trim())
        .ok_or_else(|| anyhow!("the role is clerk, supervisor or admin"))?;
    let pool = crate::db::pool(database_url, 1)?;
    let mut conn = pool.get()?;
    crate::db::migrate(&mut conn)?;
    let secret = auth::new_api_token();
    let now = crate::commands::unix_now();
    let row = ApiToken {
        id: new_id(),
        label: label.to_string(),
        municipality: municipality.code().to_string(),
        role: role.code().to_string(),
        token_hash: auth::secret_hash(&secret),
        expires_at: from_unix(now + valid_days * 86_400),
        revoked_at: None,
        created_by: "command line".into(),
        created_at: from_unix(now),
    };
    crate::db::write(&mut conn, |tx| {
        api_token::insert(tx, &row)?;
        crate::audit::record(
            tx,
            Who { id: None, name: "command line" },
            now,
            crate::audit::Entry {
                municipality: Some(row.municipality.clone()),
                action: "token.create",
                subject_id: Some(row.id.clone()),
                after: Some(serde_json::json!({"label": row.label, "municipality": row.municipality, "role": row.role})),
                ..crate::audit::Entry::default()
            },
        )
    })
    .map_err(|e: crate::error::ApiError| anyhow!("{e}"))?;
    println!(
        "created {} token {:?} for {municipality}, valid {valid_days} days (id {})",
        role.code(),
        row.label,
        row.id
    );
    println!("token (shown once): {secret}");
    Ok(())
}
