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

/// Every retired entry, by municipality and index: what start-up marks revoked.
pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<(Municipality, i64)>> {
    let rows: Vec<(Stored<Municipality>, i64)> = retired_status_indexes::table
        .select((
            retired_status_indexes::municipality,
            retired_status_indexes::status_index,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(m, i)| (Municipality::from(m), i))
        .collect())
}

/// The entries a card used before, oldest first.
pub fn of_card(conn: &mut DbConnection, card: &CardId) -> QueryResult<Vec<RetiredIndex>> {
    retired_status_indexes::table
        .filter(retired_status_indexes::card_id.eq(card))
        .order(retired_status_indexes::retired_at)
        .select(RetiredIndex::as_select())
        .load(conn)
}
