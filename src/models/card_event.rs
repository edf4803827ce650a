//! `card_events`: every change of a card's state, with its reason, time and actor.

use diesel::prelude::*;
use serde::Serialize;
use time::PrimitiveDateTime;

use crate::db::DbConnection;
use crate::models::card::CardId;
use crate::schema::card_events;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = card_events)]
pub struct CardEvent {
    pub id: i64,
    pub card_id: CardId,
    pub kind: String,
    pub reason: Option<String>,
    pub actor: String,
    #[serde(serialize_with = "crate::models::card_event::serialize_time")]
    pub at: PrimitiveDateTime,
}

/// A card event before the database has numbered it.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = card_events)]
pub struct NewCardEvent {
    pub card_id: CardId,
    pub kind: String,
    pub reason: Option<String>,
    pub actor: String,
    pub at: PrimitiveDateTime,
}

pub fn serialize_time<S: serde::Serializer>(
    t: &PrimitiveDateTime,
    s: S,
) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::verdict::rfc3339(crate::models::to_unix(*t)))
}

pub fn insert(conn: &mut DbConnection, event: &NewCardEvent) -> QueryResult<()> {
    diesel::insert_into(card_events::table)
        .values(event)
        .execute(conn)
        .map(|_| ())
}

pub fn of_card(conn: &mut DbConnection, card: &CardId) -> QueryResult<Vec<CardEvent>> {
    card_events::table
        .filter(card_events::card_id.eq(card))
        .order(card_events::id)
        .select(CardEvent::as_select())
        .load(conn)
}
