//! `cards`: a signed card of one member. A card is never stored without its signed QR text.

use diesel::prelude::*;
use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use crate::db::DbConnection;
use crate::models::family::FamilyId;
use crate::models::member::MemberId;
use crate::schema::cards;

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct CardId(pub String);

pub const ACTIVE: &str = "active";
pub const SUSPENDED: &str = "suspended";
pub const REVOKED: &str = "revoked";

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = cards)]
pub struct Card {
    pub id: CardId,
    pub member_id: MemberId,
    pub family_id: FamilyId,
    pub municipality: String,
    pub number: String,
    pub sequence: i32,
    pub status: String,
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

pub fn insert(conn: &mut DbConnection, card: &Card) -> QueryResult<()> {
    diesel::insert_into(cards::table)
        .values(card)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConnection, id: &CardId, scope: &[&str]) -> QueryResult<Option<Card>> {
    cards::table
        .filter(cards::id.eq(id))
        .filter(cards::municipality.eq_any(scope))
        .select(Card::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_number(
    conn: &mut DbConnection,
    number: &str,
    scope: &[&str],
) -> QueryResult<Option<Card>> {
    cards::table
        .filter(cards::number.eq(number))
        .filter(cards::municipality.eq_any(scope))
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

/// The member's card that is active or suspended, if any.
pub fn current_of_member(conn: &mut DbConnection, member: &MemberId) -> QueryResult<Option<Card>> {
    cards::table
        .filter(cards::member_id.eq(member))
        .filter(cards::status.eq_any([ACTIVE, SUSPENDED]))
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

pub fn index_taken(conn: &mut DbConnection, municipality: &str, index: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        cards::table
            .filter(cards::municipality.eq(municipality))
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
    from: &str,
    status: &str,
    holder_hash: Option<&[u8]>,
    at: PrimitiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        cards::table
            .filter(cards::id.eq(id))
            .filter(cards::status.eq(from)),
    )
    .set((
        cards::status.eq(status),
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
    from: &str,
    changes: &Resign,
) -> QueryResult<bool> {
    diesel::update(
        cards::table
            .filter(cards::id.eq(id))
            .filter(cards::status.eq(from)),
    )
    .set(changes)
    .execute(conn)
    .map(|n| n == 1)
}

/// Every card's municipality, status index and status: what the status lists are built from.
pub fn all_states(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64, String)>> {
    cards::table
        .select((cards::municipality, cards::status_index, cards::status))
        .load(conn)
}
