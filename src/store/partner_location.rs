//! `partner_locations`: where a partner gives the discount. A removed location keeps its row for
//! the usage counts that name it.

use diesel::prelude::*;
use diesel_derive_newtype::DieselNewType;
use kartu_card::Municipality;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use crate::store::partner::PartnerId;
use crate::store::schema::partner_locations;
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct LocationId(pub String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = partner_locations)]
pub struct Location {
    pub id: LocationId,
    pub partner_id: PartnerId,
    pub address: String,
    #[diesel(deserialize_as = Stored<Municipality>, serialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opening_hours: String,
    pub removed_at: Option<PrimitiveDateTime>,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
}

/// What a clerk may change about a location.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = partner_locations, treat_none_as_null = true)]
pub struct LocationChanges {
    pub address: String,
    pub municipality: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opening_hours: String,
    pub updated_at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, location: Location) -> QueryResult<()> {
    diesel::insert_into(partner_locations::table)
        .values(location)
        .execute(conn)
        .map(|_| ())
}

/// The current locations of these partners, in the order they were added.
pub fn of_partners(conn: &mut DbConnection, partners: &[PartnerId]) -> QueryResult<Vec<Location>> {
    partner_locations::table
        .filter(partner_locations::partner_id.eq_any(partners))
        .filter(partner_locations::removed_at.is_null())
        .order((partner_locations::created_at, partner_locations::id))
        .select(Location::as_select())
        .load(conn)
}

/// A current location of the partner.
pub fn find(
    conn: &mut DbConnection,
    partner: &PartnerId,
    id: &LocationId,
) -> QueryResult<Option<Location>> {
    partner_locations::table
        .filter(partner_locations::id.eq(id))
        .filter(partner_locations::partner_id.eq(partner))
        .filter(partner_locations::removed_at.is_null())
        .select(Location::as_select())
        .first(conn)
        .optional()
}

pub fn update(
    conn: &mut DbConnection,
    id: &LocationId,
    changes: &LocationChanges,
) -> QueryResult<()> {
    diesel::update(partner_locations::table.filter(partner_locations::id.eq(id)))
        .set(changes)
        .execute(conn)
        .map(|_| ())
}

pub fn remove(conn: &mut DbConnection, id: &LocationId, at: PrimitiveDateTime) -> QueryResult<()> {
    diesel::update(partner_locations::table.filter(partner_locations::id.eq(id)))
        .set((
            partner_locations::removed_at.eq(Some(at)),
            partner_locations::updated_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}
