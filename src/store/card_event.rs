//! `card_events`: every change of a card's state, with its reason, time and actor.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::domain::card_state::CardEventKind;
use crate::store::card::CardId;
use crate::store::schema::card_events;
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = card_events)]
pub struct CardEvent {
    pub id: i64,
    pub card_id: CardId,
    #[diesel(deserialize_as = Stored<CardEventKind>)]
    pub kind: CardEventKind,
    pub reason: Option<String>,
    pub actor: String,
    pub at: PrimitiveDateTime,
}

/// A card event before the database has numbered it.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = card_events)]
pub struct NewCardEvent {
    pub card_id: CardId,
    #[diesel(serialize_as = Stored<CardEventKind>)]
    pub kind: CardEventKind,
    pub reason: Option<String>,
    pub actor: String,
    pub at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, event: NewCardEvent) -> QueryResult<()> {
    diesel::insert_into(card_events::table)
        .values(event)
        .execute(conn)
        .map(|_| ())
}

/// Records several events in one statement (each backend on its own: diesel's multi-backend
/// connection has no multi-row insert).
pub fn insert_all(conn: &mut DbConnection, events: Vec<NewCardEvent>) -> QueryResult<()> {
    if events.is_empty() {
        return Ok(());
    }
    let insert = diesel::insert_into(card_events::table).values(events);
    match conn {
        DbConnection::Sqlite(c) => insert.execute(c),
        DbConnection::Postgres(c) => insert.execute(c),
    }
    .map(|_| ())
}

pub fn of_card(conn: &mut DbConnection, card: &CardId) -> QueryResult<Vec<CardEvent>> {
    card_events::table
        .filter(card_events::card_id.eq(card))
        .order(card_events::id)
        .select(CardEvent::as_select())
        .load(conn)
}
