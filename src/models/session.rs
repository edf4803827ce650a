//! `sessions`: console sessions, kept on the server so that logging out ends them. The cookie
//! holds a random id; only its SHA-256 is stored.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::auth::{Clerk, Credential, Role};
use crate::db::DbConnection;
use crate::models::account::Account;
use crate::models::{from_unix, to_unix};
use crate::schema::{accounts, sessions};

/// A session's last-seen time is written at most this often.
const TOUCH_EVERY: i64 = 60;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id_hash: Vec<u8>,
    pub account_id: String,
    pub csrf_token: String,
    pub created_at: PrimitiveDateTime,
    pub last_seen_at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, session: &Session) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values(session)
        .execute(conn)
        .map(|_| ())
}

pub fn delete(conn: &mut DbConnection, id_hash: &[u8]) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::id_hash.eq(id_hash)))
        .execute(conn)
        .map(|_| ())
}

/// Ends every session of an account (when it is disabled).
pub fn delete_of_account(conn: &mut DbConnection, account_id: &str) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::account_id.eq(account_id)))
        .execute(conn)
        .map(|_| ())
}

/// The account behind a session, if the session exists, has been used within `idle` seconds
/// and its account is enabled. An idle session is deleted.
pub fn authenticate(
    conn: &mut DbConnection,
    id_hash: &[u8],
    now: i64,
    idle: i64,
) -> QueryResult<Option<Clerk>> {
    let found: Option<(Session, Account)> = sessions::table
        .inner_join(accounts::table)
        .filter(sessions::id_hash.eq(id_hash))
        .select((Session::as_select(), Account::as_select()))
        .first(conn)
        .optional()?;
    let Some((session, account)) = found else {
        return Ok(None);
    };
    let last_seen = to_unix(session.last_seen_at);
    if now - last_seen > idle {
        delete(conn, id_hash)?;
        return Ok(None);
    }
    if account.disabled_at.is_some() {
        return Ok(None);
    }
    if now - last_seen >= TOUCH_EVERY {
        diesel::update(sessions::table.filter(sessions::id_hash.eq(id_hash)))
            .set(sessions::last_seen_at.eq(from_unix(now)))
            .execute(conn)?;
    }
    Ok(to_clerk(
        account,
        Credential::Session {
            id_hash: session.id_hash,
            csrf: session.csrf_token,
        },
    ))
}

pub fn to_clerk(account: Account, credential: Credential) -> Option<Clerk> {
    Some(Clerk {
        municipality: kartu_card::Municipality::parse(&account.municipality).ok()?,
        role: Role::parse(&account.role)?,
        name: account.username,
        id: account.id,
        credential,
    })
}
