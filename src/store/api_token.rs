//! `api_tokens`: credentials for tills and integrations. Only a token's SHA-256 is stored.

use diesel::prelude::*;
use diesel_derive_newtype::DieselNewType;
use kartu_card::Municipality;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use crate::domain::access::AccountRole;
use crate::store::schema::api_tokens;
use crate::store::sql_types::Stored;
use crate::store::{from_unix, DbConnection};

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct TokenId(pub String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: TokenId,
    pub label: String,
    #[diesel(deserialize_as = Stored<Municipality>, serialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    #[diesel(deserialize_as = Stored<AccountRole>, serialize_as = Stored<AccountRole>)]
    pub role: AccountRole,
    pub token_hash: Vec<u8>,
    pub expires_at: PrimitiveDateTime,
    pub revoked_at: Option<PrimitiveDateTime>,
    /// The account that made it, or `command line`.
    pub created_by: String,
    pub created_at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, token: ApiToken) -> QueryResult<()> {
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

pub fn find(conn: &mut DbConnection, id: &TokenId) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::id.eq(id))
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

pub fn revoke(conn: &mut DbConnection, id: &TokenId, at: PrimitiveDateTime) -> QueryResult<bool> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(at)))
    .execute(conn)
    .map(|n| n == 1)
}

/// The token with this hash, if it exists, is not revoked and has not expired at `now`.
pub fn find_live(conn: &mut DbConnection, hash: &[u8], now: i64) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .filter(api_tokens::token_hash.eq(hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.gt(from_unix(now)))
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

/// Revokes every live token that `creators` made, and the tokens those made in turn, at `at`;
/// returns the revoked tokens. A disabled account's tokens die with it, however they were
/// passed on.
pub fn revoke_made_by(
    conn: &mut DbConnection,
    creators: &[String],
    at: PrimitiveDateTime,
) -> QueryResult<Vec<TokenId>> {
    let mut revoked = Vec::new();
    let mut frontier = creators.to_vec();
    while !frontier.is_empty() {
        let made: Vec<TokenId> = api_tokens::table
            .filter(api_tokens::created_by.eq_any(&frontier))
            .filter(api_tokens::revoked_at.is_null())
            .select(api_tokens::id)
            .load(conn)?;
        diesel::update(api_tokens::table.filter(api_tokens::id.eq_any(&made)))
            .set(api_tokens::revoked_at.eq(Some(at)))
            .execute(conn)?;
        frontier = made.iter().map(|t| t.0.clone()).collect();
        revoked.extend(made);
    }
    Ok(revoked)
}
