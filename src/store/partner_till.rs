//! `partner_tills`: till links, which set a checker up as one location of one partner. Only the
//! token's SHA-256 is stored.

use diesel::prelude::*;
use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use crate::store::partner::PartnerId;
use crate::store::partner_location::LocationId;
use crate::store::schema::partner_tills;
use crate::store::DbConnection;

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct TillId(pub String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = partner_tills)]
pub struct Till {
    pub id: TillId,
    pub partner_id: PartnerId,
    pub location_id: LocationId,
    pub label: String,
    pub token_hash: Vec<u8>,
    pub created_by: String,
    pub created_at: PrimitiveDateTime,
    pub revoked_at: Option<PrimitiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, till: Till) -> QueryResult<()> {
    diesel::insert_into(partner_tills::table)
        .values(till)
        .execute(conn)
        .map(|_| ())
}

/// The till a token's hash stands for, if its link has not been revoked.
pub fn find_live(conn: &mut DbConnection, hash: &[u8]) -> QueryResult<Option<Till>> {
    partner_tills::table
        .filter(partner_tills::token_hash.eq(hash))
        .filter(partner_tills::revoked_at.is_null())
        .select(Till::as_select())
        .first(conn)
        .optional()
}

/// The partner's till links in use, newest first.
pub fn of_partner(conn: &mut DbConnection, partner: &PartnerId) -> QueryResult<Vec<Till>> {
    partner_tills::table
        .filter(partner_tills::partner_id.eq(partner))
        .filter(partner_tills::revoked_at.is_null())
        .order(partner_tills::created_at.desc())
        .select(Till::as_select())
        .load(conn)
}

pub fn revoke(
    conn: &mut DbConnection,
    partner: &PartnerId,
    id: &TillId,
    at: PrimitiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        partner_tills::table
            .filter(partner_tills::id.eq(id))
            .filter(partner_tills::partner_id.eq(partner))
            .filter(partner_tills::revoked_at.is_null()),
    )
    .set(partner_tills::revoked_at.eq(Some(at)))
    .execute(conn)
    .map(|n| n == 1)
}

/// Revokes every till link of a partner (when the partner is deleted).
pub fn revoke_all(
    conn: &mut DbConnection,
    partner: &PartnerId,
    at: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::update(
        partner_tills::table
            .filter(partner_tills::partner_id.eq(partner))
            .filter(partner_tills::revoked_at.is_null()),
    )
    .set(partner_tills::revoked_at.eq(Some(at)))
    .execute(conn)
    .map(|_| ())
}
