//! `status_log`: every change of a status list entry, appended by triggers in the transaction
//! that makes it (a card inserted, its state or index changed, an entry retired). Each running
//! instance reads the rows it has not seen into its in-memory lists (`app::sync`).

use diesel::prelude::*;

use kartu_card::Municipality;

use crate::domain::card_state::CardState;
use crate::store::schema::status_log;
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = status_log)]
pub struct LoggedChange {
    pub id: i64,
    #[diesel(deserialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    pub status_index: i64,
    #[diesel(deserialize_as = Stored<CardState>)]
    pub status: CardState,
}

/// The newest row's id, 0 when there is none: where a process that has just read every card
/// starts following.
pub fn last_id(conn: &mut DbConnection) -> QueryResult<i64> {
    status_log::table
        .select(diesel::dsl::max(status_log::id))
        .first::<Option<i64>>(conn)
        .map(Option::unwrap_or_default)
}

/// Up to `limit` rows after `after`, and the rows `missing` (ids below `after` that were not
/// committed yet when they were last looked for), in id order.
pub fn since(
    conn: &mut DbConnection,
    after: i64,
    missing: &[i64],
    limit: i64,
) -> QueryResult<Vec<LoggedChange>> {
    let mut rows: Vec<LoggedChange> = status_log::table
        .filter(status_log::id.gt(after))
        .order(status_log::id)
        .limit(limit)
        .select(LoggedChange::as_select())
        .load(conn)?;
    if !missing.is_empty() {
        rows.extend(
            status_log::table
                .filter(status_log::id.eq_any(missing))
                .select(LoggedChange::as_select())
                .load(conn)?,
        );
    }
    Ok(rows)
}

/// Deletes the rows logged before `before` (unix seconds); returns how many.
pub fn prune(conn: &mut DbConnection, before: i64) -> QueryResult<usize> {
    diesel::delete(status_log::table.filter(status_log::logged_at.lt(before))).execute(conn)
}
