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

/// A new signature, status list entry and validity for an existing card (renewal, re-signing).
/// Its paper copy, if it had one, is stale from now on: `printed_at` is cleared and
/// `reprint_since` says since when it needs reprinting.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = cards, treat_none_as_null = true)]
pub struct Resign {
    pub valid_from: PrimitiveDateTime,
    pub valid_until: PrimitiveDateTime,
    pub kid: String,
    pub status_index: i64,
    pub qr_text: String,
    pub printed_at: Option<PrimitiveDateTime>,
    pub reprint_since: Option<PrimitiveDateTime>,
    pub updated_at: PrimitiveDateTime,
}

/// Whether a card's current text is on paper, as the print view recorded it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = cards)]
pub struct Paper {
    /// When the current text was printed; none if never, or signed again since.
    pub printed_at: Option<PrimitiveDateTime>,
    /// Since when a printed copy has been stale (the card was signed again after it was printed).
    pub reprint_since: Option<PrimitiveDateTime>,
}

impl Paper {
    /// The paper state after the card is signed again at `at`.
    pub fn after_resign(self, at: PrimitiveDateTime) -> Paper {
        Paper {
            printed_at: None,
            reprint_since: self.reprint_since.or(self.printed_at.map(|_| at)),
        }
    }

    /// A printed copy exists that no longer matches the card's text.
    pub fn needs_reprint(self) -> bool {
        self.reprint_since.is_some()
    }
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

/// Whether a status list entry is in use: by a card, or retired (an earlier text of a card was
/// signed on it).
pub fn index_taken(
    conn: &mut DbConnection,
    municipality: Municipality,
    index: i64,
) -> QueryResult<bool> {
    use crate::store::schema::retired_status_indexes as retired;
    diesel::select(
        diesel::dsl::exists(
            cards::table
                .filter(cards::municipality.eq(municipality.code()))
                .filter(cards::status_index.eq(index)),
        )
        .or(diesel::dsl::exists(
            retired::table
                .filter(retired::municipality.eq(municipality.code()))
                .filter(retired::status_index.eq(index)),
        )),
    )
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

/// Stores a new signature, entry and dates for a card still as it was read: in state `from`, on
/// entry `index`, with paper state `paper`. False, changing nothing, when it no longer is.
pub fn resign(
    conn: &mut DbConnection,
    id: &CardId,
    from: CardState,
    index: i64,
    paper: Paper,
    changes: &Resign,
) -> QueryResult<bool> {
    let unchanged = cards::table
        .filter(cards::id.eq(id))
        .filter(cards::status.eq(from.code()))
        .filter(cards::status_index.eq(index));
    let n = match paper.printed_at {
        Some(at) => diesel::update(unchanged.filter(cards::printed_at.eq(at)))
            .set(changes)
            .execute(conn)?,
        None => diesel::update(unchanged.filter(cards::printed_at.is_null()))
            .set(changes)
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// The card's paper state.
pub fn paper(conn: &mut DbConnection, id: &CardId) -> QueryResult<Paper> {
    cards::table
        .filter(cards::id.eq(id))
        .select(Paper::as_select())
        .first(conn)
}

/// Records that the card's current text was printed at `at`: its paper copy is current.
pub fn set_printed(conn: &mut DbConnection, id: &CardId, at: PrimitiveDateTime) -> QueryResult<()> {
    diesel::update(cards::table.filter(cards::id.eq(id)))
        .set((
            cards::printed_at.eq(Some(at)),
            cards::reprint_since.eq(None::<PrimitiveDateTime>),
        ))
        .execute(conn)
        .map(|_| ())
}

/// How many cards each municipality has in each stored state (one count over the table: the
/// metrics read it at most once a minute).
pub fn count_by_state(conn: &mut DbConnection) -> QueryResult<Vec<(String, String, i64)>> {
    cards::table
        .group_by((cards::municipality, cards::status))
        .select((
            cards::municipality,
            cards::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)
}

/// The highest status index the municipality's cards use, if any.
pub fn max_status_index(
    conn: &mut DbConnection,
    municipality: Municipality,
) -> QueryResult<Option<i64>> {
    cards::table
        .filter(cards::municipality.eq(municipality.code()))
        .select(diesel::dsl::max(cards::status_index))
        .first(conn)
}

/// Up to `limit` of the municipality's cards that are not active (suspended or revoked) after
/// status index `after`, by index: their index and state. An active card's entry is the list's
/// zero, valid, so start-up reads only these, in such pages, through the partial index
/// `cards_not_active`: a few percent of the cards, never every row (reading all 5 M took
/// 7.5–28 s).
pub fn list_page(
    conn: &mut DbConnection,
    municipality: Municipality,
    after: i64,
    limit: i64,
) -> QueryResult<Vec<(i64, CardState)>> {
    let rows: Vec<(i64, Stored<CardState>)> = cards::table
        .filter(cards::municipality.eq(municipality.code()))
        // A literal, not a bound value: only then do both planners see that the partial
        // index's condition holds.
        .filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "cards.status <> 'active'",
        ))
        .filter(cards::status_index.gt(after))
        .order(cards::status_index)
        .limit(limit)
        .select((cards::status_index, cards::status))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(i, s)| (i, CardState::from(s)))
        .collect())
}

/// A card by id, whatever its municipality: for re-reading, within an act, a card the act has
/// already found in its caller's scope.
pub fn get(conn: &mut DbConnection, id: &CardId) -> QueryResult<Card> {
    cards::table
        .filter(cards::id.eq(id))
        .select(Card::as_select())
        .first(conn)
}

/// Which cards a bulk re-signing takes: active or suspended, not yet ended at `now`, of `scope`,
/// signed by `kid` and/or in `municipality`, valid from before `valid_from_before`.
#[derive(Debug, Clone)]
pub struct ResignFilter {
    pub kid: Option<String>,
    pub municipality: Option<Municipality>,
    pub valid_from_before: Option<PrimitiveDateTime>,
    pub now: PrimitiveDateTime,
    pub scope: Scope,
}

/// A card to re-sign with what its claims need of its holder.
#[derive(Debug, Clone)]
pub struct ToResign {
    pub card: Card,
    pub holder_name: String,
    pub holder_role: kartu_card::Role,
    pub paper: Paper,
}

type ResignQuery = diesel::dsl::IntoBoxed<
    'static,
    diesel::dsl::InnerJoin<cards::table, crate::store::schema::members::table>,
    crate::store::MultiBackend,
>;

fn resign_query(filter: &ResignFilter) -> ResignQuery {
    let mut q = cards::table
        .inner_join(crate::store::schema::members::table)
        .filter(cards::status.eq_any([CardState::Active.code(), CardState::Suspended.code()]))
        .filter(cards::valid_until.gt(filter.now))
        .filter(cards::municipality.eq_any(filter.scope.codes()))
        .into_boxed();
    if let Some(kid) = &filter.kid {
        q = q.filter(cards::kid.eq(kid.clone()));
    }
    if let Some(m) = filter.municipality {
        q = q.filter(cards::municipality.eq(m.code()));
    }
    if let Some(before) = filter.valid_from_before {
        q = q.filter(cards::valid_from.lt(before));
    }
    q
}

/// How many cards `filter` takes now.
pub fn count_to_resign(conn: &mut DbConnection, filter: &ResignFilter) -> QueryResult<i64> {
    resign_query(filter).count().get_result(conn)
}

/// The next `limit` cards `filter` takes, by id after `after` (keyset pagination).
pub fn to_resign(
    conn: &mut DbConnection,
    filter: &ResignFilter,
    after: Option<&CardId>,
    limit: i64,
) -> QueryResult<Vec<ToResign>> {
    use crate::store::schema::members;
    let mut q = resign_query(filter);
    if let Some(after) = after {
        q = q.filter(cards::id.gt(after.0.clone()));
    }
    let rows: Vec<(Card, String, Stored<kartu_card::Role>, Paper)> = q
        .order(cards::id)
        .limit(limit)
        .select((
            Card::as_select(),
            members::name,
            members::role,
            Paper::as_select(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(card, holder_name, role, paper)| ToResign {
            card,
            holder_name,
            holder_role: role.into(),
            paper,
        })
        .collect())
}

/// The current cards of `scope` whose printed copy is stale, the longest-waiting first, with
/// their holder's name.
pub fn to_reprint(
    conn: &mut DbConnection,
    scope: Scope,
) -> QueryResult<Vec<(Card, String, PrimitiveDateTime)>> {
    use crate::store::schema::members;
    let rows: Vec<(Card, String, Option<PrimitiveDateTime>)> = cards::table
        .inner_join(members::table)
        .filter(cards::municipality.eq_any(scope.codes()))
        .filter(cards::status.eq_any([CardState::Active.code(), CardState::Suspended.code()]))
        .filter(cards::reprint_since.is_not_null())
        .order((cards::reprint_since, cards::number))
        .select((Card::as_select(), members::name, cards::reprint_since))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(c, name, since)| since.map(|s| (c, name, s)))
        .collect())
}
