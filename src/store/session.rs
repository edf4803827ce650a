//! `sessions`: console sessions, kept on the server so that logging out ends them. The
//! actix-session store in `web::console_session` reads and writes them; the cookie holds the random
//! session key, and only its SHA-256 is stored.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::store::account::AccountId;
use crate::store::schema::sessions;
use crate::store::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id_hash: Vec<u8>,
    pub account_id: AccountId,
    pub csrf_token: String,
    pub created_at: PrimitiveDateTime,
    pub last_seen_at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, session: Session) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values(session)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id_hash: &[u8]) -> QueryResult<Option<Session>> {
    sessions::table
        .filter(sessions::id_hash.eq(id_hash))
        .select(Session::as_select())
        .first(conn)
        .optional()
}

/// Replaces what a session holds (its account and CSRF token), keeping its id.
pub fn update(
    conn: &mut DbConnection,
    id_hash: &[u8],
    account_id: &AccountId,
    csrf_token: &str,
    now: PrimitiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sessions::table.filter(sessions::id_hash.eq(id_hash)))
        .set((
            sessions::account_id.eq(account_id),
            sessions::csrf_token.eq(csrf_token),
            sessions::last_seen_at.eq(now),
        ))
        .execute(conn)
}

pub fn touch(conn: &mut DbConnection, id_hash: &[u8], now: PrimitiveDateTime) -> QueryResult<()> {
    diesel::update(sessions::table.filter(sessions::id_hash.eq(id_hash)))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)
        .map(|_| ())
}

pub fn delete(conn: &mut DbConnection, id_hash: &[u8]) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::id_hash.eq(id_hash)))
        .execute(conn)
        .map(|_| ())
}

/// Ends every session of an account (when it is disabled).
pub fn delete_of_account(conn: &mut DbConnection, account_id: &AccountId) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::account_id.eq(account_id)))
        .execute(conn)
        .map(|_| ())
}

/// Deletes the sessions last used before `seen_before`: ones nobody came back to.
pub fn delete_idle(conn: &mut DbConnection, seen_before: PrimitiveDateTime) -> QueryResult<()> {
    diesel::delete(sessions::table.filter(sessions::last_seen_at.lt(seen_before)))
        .execute(conn)
        .map(|_| ())
}
