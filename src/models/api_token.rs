//! `api_tokens`: credentials for tills and integrations. Only a token's SHA-256 is stored.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::auth::{Clerk, Credential, Role};
use crate::db::DbConnection;
use crate::models::{from_unix, to_unix};
use crate::schema::api_tokens;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: String,
    pub label: String,
    pub municipality: String,
    pub role: String,
    pub token_hash: Vec<u8>,
    pub expires_at: PrimitiveDateTime,
    pub revoked_at: Option<PrimitiveDateTime>,
    pub created_by: String,
    pub created_at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, token: &ApiToken) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table)
        .values(token)
        .execute(conn)
        .map(|_| ())
}

pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<ApiToken>> {
    api_tokens::table
        .order(api_tokens::created_at.desc())
        .select(ApiToken::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::id.eq(id))
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

pub fn revoke(conn: &mut DbConnection, id: &str, at: PrimitiveDateTime) -> QueryResult<bool> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(at)))
    .execute(conn)
    .map(|n| n == 1)
}

/// The caller a token stands for, if it exists, is not revoked and has not expired.
pub fn authenticate(conn: &mut DbConnection, hash: &[u8], now: i64) -> QueryResult<Option<Clerk>> {
    let found: Option<ApiToken> = api_tokens::table
        .filter(api_tokens::token_hash.eq(hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.gt(from_unix(now)))
        .select(ApiToken::as_select())
        .first(conn)
        .optional()?;
    Ok(found.and_then(|t| {
        debug_assert!(to_unix(t.expires_at) > now);
        Some(Clerk {
            municipality: kartu_card::Municipality::parse(&t.municipality).ok()?,
            role: Role::parse(&t.role)?,
            name: format!("token:{}", t.label),
            id: t.id,
            credential: Credential::Token,
        })
    }))
}
