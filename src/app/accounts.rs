//! The acts on accounts and API tokens, for admins (and the command line's first admin). A
//! generated password and a new token are returned once, by the act that makes them, and exist
//! nowhere else afterwards: the database keeps an argon2id hash and a SHA-256.

use kartu_card::Municipality;
use serde_json::json;

use crate::app::actor::{Act, Actor};
use crate::app::audit::Entry;
use crate::app::error::{Context, Error, FieldError};
use crate::app::Db;
use crate::domain::access::{AccountRole, Permission};
use crate::domain::audit_action::AuditAction;
use crate::domain::calendar::rfc3339;
use crate::domain::{password, secret};
use crate::store::account::{self, Account, AccountId};
use crate::store::api_token::{self, ApiToken, TokenId};
use crate::store::{from_unix, new_id, session, to_unix};

/// An account as an admin asks for it.
#[derive(Debug, Clone, Default)]
pub struct AccountInput {
    /// 3–64 characters: lower-case letters, digits, `.`, `_`, `-`.
    pub username: String,
    pub municipality: String,
    pub role: String,
    /// At least 12 characters. Without it a password is generated and returned once.
    pub password: Option<String>,
}

/// An API token as an admin asks for it.
#[derive(Debug, Clone, Default)]
pub struct TokenInput {
    /// What it is for, e.g. `till 3, Maxima Alytus`.
    pub label: String,
    pub municipality: String,
    pub role: String,
    /// 1–730 days.
    pub valid_days: i64,
}

pub fn valid_username(name: &str) -> bool {
    (3..=64).contains(&name.len())
        && name.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

fn parse_scope_fields(
    municipality: &str,
    role: &str,
) -> Result<(Municipality, AccountRole), Error> {
    let mut errors = Vec::new();
    let m = Municipality::parse(municipality.trim());
    if m.is_err() {
        errors.push(FieldError::new(
            "municipality",
            "unknown_municipality",
            "use ALY, VAR or ELK",
        ));
    }
    // A partner account is made on its partner's page (`partners::create_account`), bound to
    // it; an API token never acts for a partner.
    let r = AccountRole::parse(role.trim()).filter(|r| *r != AccountRole::Partner);
    if r.is_none() {
        errors.push(FieldError::new(
            "role",
            "unknown_role",
            "use clerk, supervisor or admin",
        ));
    }
    match (m, r) {
        (Ok(m), Some(r)) => Ok((m, r)),
        _ => Err(Error::Invalid(errors)),
    }
}

fn account_json(a: &Account) -> serde_json::Value {
    json!({"username": a.username, "municipality": a.municipality.code(), "role": a.role.code(),
           "disabled": a.disabled_at.is_some()})
}

/// An API token with who made it, as a person reads it: an account's username, a token's
/// `token:<label>`, or the command line.
#[derive(Debug, Clone)]
pub struct TokenEntry {
    pub token: ApiToken,
    pub made_by: String,
}

/// Who `created_by` (an account's or a token's id, or the command line) is, by name.
fn maker_name(conn: &mut crate::store::DbConnection, created_by: &str) -> Result<String, Error> {
    if let Some(a) = account::find(conn, &AccountId(created_by.to_string()))
        .context("loading a token's maker")?
    {
        return Ok(a.username);
    }
    Ok(api_token::find(conn, &TokenId(created_by.to_string()))
        .context("loading a token's maker")?
        .map_or_else(|| created_by.to_string(), |t| format!("token:{}", t.label)))
}

fn entry_of(conn: &mut crate::store::DbConnection, token: ApiToken) -> Result<TokenEntry, Error> {
    let made_by = maker_name(conn, &token.created_by)?;
    Ok(TokenEntry { token, made_by })
}

fn token_json(t: &ApiToken) -> serde_json::Value {
    json!({"label": t.label, "municipality": t.municipality.code(), "role": t.role.code(),
           "expires_at": rfc3339(to_unix(t.expires_at)), "revoked": t.revoked_at.is_some()})
}

/// Checks and creates an account, with its audit record. Returns the account and, when the
/// password was generated, that password (shown once).
pub fn create_account(
    db: &Db,
    actor: &Actor,
    input: &AccountInput,
) -> Result<(Account, Option<String>), Error> {
    actor.require(Permission::ManageAccounts)?;
    let username = input.username.trim().to_lowercase();
    if !valid_username(&username) {
        return Err(Error::field(
            "username",
            "invalid",
            "3–64 characters: a–z, 0–9, '.', '_', '-'",
        ));
    }
    let (municipality, role) = parse_scope_fields(&input.municipality, &input.role)?;
    let (password, generated) = match &input.password {
        Some(p) => (p.clone(), false),
        None => (password::generate(), true),
    };
    password::check_new(&password)
        .map_err(|p| Error::field("password", p.code(), p.to_string()))?;
    let hash = password::hash(&password)
        .map_err(|e| Error::internal(format!("hashing a password: {e}")))?;
    let act = Act::new(actor, db.now());
    let row = Account {
        id: AccountId(new_id()),
        username,
        municipality,
        role,
        password_hash: hash,
        disabled_at: None,
        created_at: act.at(),
        updated_at: act.at(),
        partner_id: None,
    };
    db.write(|tx| {
        match account::insert(tx, row.clone()) {
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                return Err(Error::field("username", "taken", "this username is taken"));
            }
            other => other.context("storing the account")?,
        }
        let mut entry = Entry::new(AuditAction::AccountCreate, Some(row.municipality));
        entry.subject_id = Some(row.id.0.clone());
        entry.after = Some(account_json(&row));
        act.record(tx, entry)
    })?;
    Ok((row, generated.then_some(password)))
}

/// Every account.
pub fn accounts(db: &Db, actor: &Actor) -> Result<Vec<Account>, Error> {
    actor.require(Permission::ManageAccounts)?;
    db.read(|conn| account::all(conn).context("listing accounts"))
}

/// Disables or enables an account; a disabled account's sessions end at once.
pub fn set_disabled(
    db: &Db,
    actor: &Actor,
    id: &AccountId,
    disable: bool,
) -> Result<Account, Error> {
    actor.require(Permission::ManageAccounts)?;
    if disable && actor.account() == Some(id) {
        return Err(Error::conflict(
            "own_account",
            "you cannot disable your own account",
        ));
    }
    let act = Act::new(actor, db.now());
    db.write(|tx| {
        let before = account::find(tx, id)
            .context("loading the account")?
            .ok_or(Error::NotFound("account"))?;
        account::set_disabled(tx, id, disable.then(|| act.at()), act.at())
            .context("changing the account")?;
        // Its sessions end, and the tokens it made (and those they made) are revoked: a
        // disabled admin keeps no way in.
        let revoked = if disable {
            session::delete_of_account(tx, id).context("ending the account's sessions")?;
            api_token::revoke_made_by(tx, std::slice::from_ref(&id.0), act.at())
                .context("revoking the account's tokens")?
        } else {
            Vec::new()
        };
        let after = account::find(tx, id)
            .context("reading the account back")?
            .ok_or(Error::NotFound("account"))?;
        let action = if disable {
            AuditAction::AccountDisable
        } else {
            AuditAction::AccountEnable
        };
        let mut entry = Entry::new(action, Some(after.municipality));
        entry.subject_id = Some(id.0.clone());
        entry.before = Some(account_json(&before));
        let mut after_json = account_json(&after);
        if !revoked.is_empty() {
            after_json["tokens_revoked"] = revoked.iter().map(|t| t.0.as_str()).collect();
        }
        entry.after = Some(after_json);
        act.record(tx, entry)?;
        Ok(after)
    })
}

/// Checks and creates an API token, with its audit record. Returns the token's row and the
/// token itself (shown once; send it as `Authorization: Bearer <token>`).
pub fn create_token(
    db: &Db,
    actor: &Actor,
    input: &TokenInput,
) -> Result<(TokenEntry, String), Error> {
    actor.require(Permission::ManageAccounts)?;
    let label = input.label.trim().to_string();
    if label.is_empty() || label.chars().count() > 100 {
        return Err(Error::field(
            "label",
            "invalid",
            "a label has 1–100 characters",
        ));
    }
    if !(1..=730).contains(&input.valid_days) {
        return Err(Error::field(
            "valid_days",
            "out_of_range",
            "a token is valid for 1–730 days",
        ));
    }
    let (municipality, role) = parse_scope_fields(&input.municipality, &input.role)?;
    let token = secret::new_api_token();
    let act = Act::new(actor, db.now());
    let row = ApiToken {
        id: TokenId(new_id()),
        label,
        municipality,
        role,
        token_hash: secret::secret_hash(&token),
        expires_at: from_unix(act.now + input.valid_days * 86_400),
        revoked_at: None,
        created_by: actor.id().unwrap_or(&actor.name).to_string(),
        created_at: act.at(),
    };
    db.write(|tx| {
        api_token::insert(tx, row.clone()).context("storing the token")?;
        let mut entry = Entry::new(AuditAction::TokenCreate, Some(row.municipality));
        entry.subject_id = Some(row.id.0.clone());
        entry.after = Some(token_json(&row));
        act.record(tx, entry)
    })?;
    let made_by = actor.name.clone();
    Ok((
        TokenEntry {
            token: row,
            made_by,
        },
        token,
    ))
}

/// Every API token, without the secrets, with who made each.
pub fn tokens(db: &Db, actor: &Actor) -> Result<Vec<TokenEntry>, Error> {
    actor.require(Permission::ManageAccounts)?;
    db.read(|conn| {
        let all = api_token::all(conn).context("listing tokens")?;
        all.into_iter().map(|t| entry_of(conn, t)).collect()
    })
}

/// Revokes an API token: it is refused from its next request.
pub fn revoke_token(db: &Db, actor: &Actor, id: &TokenId) -> Result<TokenEntry, Error> {
    actor.require(Permission::ManageAccounts)?;
    let act = Act::new(actor, db.now());
    db.write(|tx| {
        let before = api_token::find(tx, id)
            .context("loading the token")?
            .ok_or(Error::NotFound("token"))?;
        api_token::revoke(tx, id, act.at()).context("revoking the token")?;
        let after = api_token::find(tx, id)
            .context("reading the token back")?
            .ok_or(Error::NotFound("token"))?;
        let mut entry = Entry::new(AuditAction::TokenRevoke, Some(after.municipality));
        entry.subject_id = Some(id.0.clone());
        entry.before = Some(token_json(&before));
        entry.after = Some(token_json(&after));
        act.record(tx, entry)?;
        entry_of(tx, after)
    })
}
