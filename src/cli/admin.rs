//! `kartu admin create` and `kartu admin token`: the first admin account, and API tokens, from
//! the command line. Both are the same acts as the API's (`app::accounts`), done by the
//! command-line actor, and recorded in the audit trail as acts of "command line".

use std::io::{IsTerminal, Read};

use anyhow::{anyhow, Context};

use crate::app::accounts::{self, AccountInput, TokenInput};
use crate::app::actor::Actor;
use crate::app::clock::Clock;
use crate::app::error::Error;
use crate::app::Db;

/// The database, migrated, for one act of the command line.
fn open(database_url: &str) -> anyhow::Result<Db> {
    let db = Db::open(database_url, 1, Clock::system())?;
    let mut conn = db.pool().get().context("connecting to the database")?;
    crate::store::migrate(&mut conn)?;
    Ok(db)
}

/// An act's refusal, as the command line says it: each field's problem on its own.
fn explain(e: Error) -> anyhow::Error {
    match e {
        Error::Invalid(fields) => anyhow!(
            "{}",
            fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow!("{other}"),
    }
}

pub fn create(
    username: &str,
    municipality: &str,
    role: &str,
    database_url: &str,
) -> anyhow::Result<()> {
    let stdin = std::io::stdin();
    let (password, generated) = if stdin.is_terminal() {
        (None, true)
    } else {
        let mut text = String::new();
        stdin
            .lock()
            .read_to_string(&mut text)
            .context("reading the password from stdin")?;
        (Some(text.trim_end_matches(['\r', '\n']).to_string()), false)
    };
    let db = open(database_url)?;
    let input = AccountInput {
        username: username.to_string(),
        municipality: municipality.to_string(),
        role: role.to_string(),
        password,
    };
    let (account, password) =
        accounts::create_account(&db, &Actor::command_line(), &input).map_err(explain)?;
    println!(
        "created {} account {:?} in {} (id {})",
        account.role, account.username, account.municipality, account.id.0
    );
    if let (true, Some(password)) = (generated, password) {
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
    let db = open(database_url)?;
    let input = TokenInput {
        label: label.to_string(),
        municipality: municipality.to_string(),
        role: role.to_string(),
        valid_days,
    };
    let (accounts::TokenEntry { token: row, .. }, secret) =
        accounts::create_token(&db, &Actor::command_line(), &input).map_err(explain)?;
    println!(
        "created {} token {:?} for {}, valid {valid_days} days (id {})",
        row.role, row.label, row.municipality, row.id.0
    );
    println!("token (shown once): {secret}");
    Ok(())
}
