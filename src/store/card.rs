//! `cards`: a signed card of one member. A card is never stored without its signed QR text.

use diesel::prelude::*;
use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use kartu_card::{CardNumber, Municipality};

use crate::domain::access::Scope;
use crate::domain::card_state::CardState;
use crate::store::family::FamilyId;
use crate::store::member::MemberId;
use crate::store::schema::cards;
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct CardId(pub String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = cards)]
pub struct Card {
    pub id: CardId,
    pub member_id: MemberId,
    pub family_id: FamilyId,
    #[diesel(deserialize_as = Stored<Municipality>, serialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    #[diesel(deserialize_as = Stored<CardNumber>, serialize_as = Stored<CardNumber>)]
    pub number: CardNumber,
    pub sequence: i32,
    #[diesel(deserialize_as = Stored<CardState>, serialize_as = Stored<CardState>)]
    pub status: CardState,
    pub valid_from: PrimitiveDateTime,
    pub valid_until: PrimitiveDateTime,
    pub kid: String,
    pub status_index: i64,
    pub qr_text: String,
    pub holder_hash: Option<Vec<u8>>,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
}

/// A new signature and validity for an existing card (renewal).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = cards)]
pub struct Resign {
    pub valid_from: PrimitiveDateTime,
    pub valid_until: PrimitiveDateTime,
    pub kid: String,
    pub qr_text: String,
    pub updated_at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, card: Card) -> QueryResult<()> {
    diesel::insert_into(cards::table)
        .values(card)
        .execute(conn)
        .map(|_| ())
}

/// Inserts many cards in one statement per 500 (an import's batch).
pub fn insert_many(conn: &mut DbConnection, rows: &[Card]) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        // Diesel's multi-backend connection has no multi-row insert: each backend's has.
        let insert = diesel::insert_into(cards::table).values(chunk.to_vec());
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Which of `indexes` of the municipality's status list a card uses or once used.
pub fn indexes_taken(
    conn: &mut DbConnection,
    municipality: Municipality,
    indexes: &[i64],
) -> QueryResult<Vec<i64>> {
    use crate::store::schema::retired_status_indexes as retired;
    let mut found = Vec::new();
    for chunk in indexes.chunks(500) {
        found.extend(
            cards::table
                .filter(cards::municipality.eq(municipality.code()))
                .filter(cards::status_index.eq_any(chunk))
                .select(cards::status_index)
                .load::<i64>(conn)?,
        );
        found.extend(
            retired::table
                .filter(retired::municipality.eq(municipality.code()))
                .filter(retired::status_index.eq_any(chunk))
                .select(retired::status_index)
                .load::<i64>(conn)?,
        );
    }
    Ok(found)
}

/// How many entries of the municipality's status list are in use or retired.
pub fn indexes_used(conn: &mut DbConnection, municipality: Municipality) -> QueryResult<i64> {
    use crate::store::schema::retired_status_indexes as retired;
    let cards: i64 = cards::table
        .filter(cards::municipality.eq(municipality.code()))
        .count()
        .get_result(conn)?;
    let retired: i64 = retired::table
        .filter(retired::municipality.eq(municipality.code()))
        .count()
        .get_result(conn)?;
    Ok(cards + retired)
}

/// The card, if it exists and belongs to one of `scope`'s municipalities.
pub fn find(conn: &mut DbConnection, id: &CardId, scope: Scope) -> QueryResult<Option<Card>> {
    cards::table
        .filter(cards::id.eq(id))
        .filter(cards::municipality.eq_any(scope.codes()))
        .select(Card::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_number(
    conn: &mut DbConnection,
    number: &CardNumber,
    scope: Scope,
) -> QueryResult<Option<Card>> {
    cards::table
        .filter(cards::number.eq(number.to_string()))
        .filter(cards::municipality.eq_any(scope.codes()))
        .select(Card::as_select())
        .first(conn)
        .optional()
}

pub fn of_family(conn: &mut DbConnection, family: &FamilyId) -> QueryResult<Vec<Card>> {
    cards::table
        .filter(cards::family_id.eq(family))
        .order((cards::number, cards::sequence))
        .select(Card::as_select())
        .load(conn)
}

/// The QR text an erased card is left with: the column must start with `KARTU1:`, and no
/// verifier reads this as a card.
pub const ERASED_QR_TEXT: &str = "KARTU1:erased";

/// Whether the card's QR text was erased under the retention rule.
pub fn is_erased(card: &Card) -> bool {
    card.qr_text == ERASED_QR_TEXT
}

/// Erases the QR text (which names the holder) of every card of the family and releases their
/// holders' ID hashes; number, state and dates stay. Returns how many cards.
pub fn erase_of_family(conn: &mut DbConnection, family: &FamilyId) -> QueryResult<usize> {
    diesel::update(cards::table.filter(cards::family_id.eq(family)))
        .set((
            cards::qr_text.eq(ERASED_QR_TEXT),
            cards::holder_hash.eq(None::<Vec<u8>>),
        ))
        .execute(conn)
}

/// The member's card that is active or suspended, if any.
pub fn current_of_member(conn: &mut DbConnection, member: &MemberId) -> QueryResult<Option<Card>> {
    cards::table
        .filter(cards::member_id.eq(member))
        .filter(cards::status.eq_any([CardState::Active.code(), CardState::Suspended.code()]))
        .select(Card::as_select())
        .first(conn)
        .optional()
}

/// The highest reissue sequence the member's cards have used.
pub fn max_sequence(conn: &mut DbConnection, member: &MemberId) -> QueryResult<Option<i32>> {
    cards::table
        .filter(cards::member_id.eq(member))
        .select(diesel::dsl::max(cards::sequence))
        .first(conn)
}

pub fn index_taken(
    conn: &mut DbConnection,
    municipality: Municipality,
    index: i64,
) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        cards::table
            .filter(cards::municipality.eq(municipality.code()))
            .filter(cards::status_index.eq(index)),
    ))
    .get_result(conn)
}

/// Moves the card from `from` to `status`. Returns false, changing nothing, when the card is no
/// longer in `from`: another request changed it since it was read. The condition is evaluated
/// under the row's write lock on both backends, so two clerks cannot both win.
pub fn set_status(
    conn: &mut DbConnection,
    id: &CardId,
    from: CardState,
    status: CardState,
    holder_hash: Option<&[u8]>,
    at: PrimitiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        cards::table
            .filter(cards::id.eq(id))
            .filter(cards::status.eq(from.code())),
    )
    .set((
        cards::status.eq(status.code()),
        cards::holder_hash.eq(holder_hash),
        cards::updated_at.eq(at),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Stores a new signature and dates for a card that is still `from`; false when it no longer is.
pub fn resign(
    conn: &mut DbConnection,
    id: &CardId,
    from: CardState,
    changes: &Resign,
) -> QueryResult<bool> {
    diesel::update(
        cards::table
            .filter(cards::id.eq(id))
            .filter(cards::status.eq(from.code())),
    )
    .set(changes)
    .execute(conn)
    .map(|n| n == 1)
}

/// Every card's municipality, status index and state: what the status lists are built from.
pub fn all_states(conn: &mut DbConnection) -> QueryResult<Vec<CardListEntry>> {
    cards::table.select(CardListEntry::as_select()).load(conn)
}

/// What a status list needs of a card.
#[derive(Debug, Clone, Copy, Queryable, Selectable)]
#[diesel(table_name = cards)]
pub struct CardListEntry {
    #[diesel(deserialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    pub status_index: i64,
    #[diesel(deserialize_as = Stored<CardState>)]
    pub status: CardState,
}

/// A card by id, whatever its municipality: for re-reading, within an act, a card the act has
/// already found in its caller's scope.
pub fn get(conn: &mut DbConnection, id: &CardId) -> QueryResult<Card> {
    cards::table
        .filter(cards::id.eq(id))
        .select(Card::as_select())
        .first(conn)
}
