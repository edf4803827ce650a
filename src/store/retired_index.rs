//! `retired_status_indexes`: status list entries that a card no longer uses. An earlier text of
//! the card was signed on the entry, so it stays revoked for good and is never drawn again.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use kartu_card::Municipality;

use crate::store::card::CardId;
use crate::store::schema::retired_status_indexes;
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = retired_status_indexes)]
pub struct RetiredIndex {
    #[diesel(deserialize_as = Stored<Municipality>, serialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    pub status_index: i64,
    pub card_id: CardId,
    pub retired_at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: RetiredIndex) -> QueryResult<()> {
    diesel::insert_into(retired_status_indexes::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The entries a card used before, oldest first.
pub fn of_card(conn: &mut DbConnection, card: &CardId) -> QueryResult<Vec<RetiredIndex>> {
    retired_status_indexes::table
        .filter(retired_status_indexes::card_id.eq(card))
        .order(retired_status_indexes::retired_at)
        .select(RetiredIndex::as_select())
        .load(conn)
}

/// The highest retired index of the municipality, if any.
pub fn max_index(conn: &mut DbConnection, municipality: Municipality) -> QueryResult<Option<i64>> {
    retired_status_indexes::table
        .filter(retired_status_indexes::municipality.eq(municipality.code()))
        .select(diesel::dsl::max(retired_status_indexes::status_index))
        .first(conn)
}

/// Up to `limit` of the municipality's retired indexes after `after`, in order.
pub fn page(
    conn: &mut DbConnection,
    municipality: Municipality,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<i64>> {
    retired_status_indexes::table
        .filter(retired_status_indexes::municipality.eq(municipality.code()))
        .filter(retired_status_indexes::status_index.gt(after))
        .order(retired_status_indexes::status_index)
        .limit(limit)
        .select(retired_status_indexes::status_index)
        .load(conn)
}
