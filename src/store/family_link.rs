//! `family_links`: the token of a family's page (`/family/<token>`). Only its SHA-256 is stored;
//! a family has at most one link in use.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::store::family::{Family, FamilyId};
use crate::store::schema::{families, family_links};
use crate::store::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = family_links)]
pub struct FamilyLink {
    pub id: String,
    pub family_id: FamilyId,
    pub token_hash: Vec<u8>,
    pub created_by: String,
    pub created_at: PrimitiveDateTime,
    pub revoked_at: Option<PrimitiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, link: FamilyLink) -> QueryResult<()> {
    diesel::insert_into(family_links::table)
        .values(link)
        .execute(conn)
        .map(|_| ())
}

/// The family's link in use, if any.
pub fn current(conn: &mut DbConnection, family: &FamilyId) -> QueryResult<Option<FamilyLink>> {
    family_links::table
        .filter(family_links::family_id.eq(family))
        .filter(family_links::revoked_at.is_null())
        .select(FamilyLink::as_select())
        .first(conn)
        .optional()
}

/// Every link the family ever had, oldest first.
pub fn of_family(conn: &mut DbConnection, family: &FamilyId) -> QueryResult<Vec<FamilyLink>> {
    family_links::table
        .filter(family_links::family_id.eq(family))
        .order((family_links::created_at, family_links::id))
        .select(FamilyLink::as_select())
        .load(conn)
}

/// Ends the family's link in use; true when there was one.
pub fn revoke_current(
    conn: &mut DbConnection,
    family: &FamilyId,
    at: PrimitiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        family_links::table
            .filter(family_links::family_id.eq(family))
            .filter(family_links::revoked_at.is_null()),
    )
    .set(family_links::revoked_at.eq(Some(at)))
    .execute(conn)
    .map(|n| n > 0)
}

/// The family behind a link token's hash, if the link is in use.
pub fn family_of(conn: &mut DbConnection, token_hash: &[u8]) -> QueryResult<Option<Family>> {
    family_links::table
        .inner_join(families::table)
        .filter(family_links::token_hash.eq(token_hash))
        .filter(family_links::revoked_at.is_null())
        .select(Family::as_select())
        .first(conn)
        .optional()
}
