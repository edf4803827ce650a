//! What is due: the queries that find, by date ranges on indexed columns (`cards_due`,
//! `members_birth_date`, `members_education_until`, `members_disability_until`), the cards and
//! families of one municipality that something happens to soon, and then load only those
//! families. Nothing here reads the whole register; which dates to ask for is the act's
//! (`app::due`).
//!
//! Erased families and members (`erased_at`) and removed members are never candidates.

use diesel::prelude::*;
use time::{Date, PrimitiveDateTime};

use kartu_card::{Municipality, Role};

use kartu_card::CardNumber;

use crate::domain::card_state::CardState;
use crate::store::family::{Family, FamilyId};
use crate::store::member::{Member, MemberId};
use crate::store::schema::{cards, families, members};
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

/// How many ids one `IN (…)` carries: well below SQLite's limit of bound values.
const CHUNK: usize = 500;

/// What the list needs of a card that ends: a month of a large register holds tens of
/// thousands, so not their signed texts.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cards)]
pub struct EndingCard {
    pub member_id: MemberId,
    pub family_id: FamilyId,
    #[diesel(deserialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    #[diesel(deserialize_as = Stored<CardNumber>)]
    pub number: CardNumber,
    pub valid_until: PrimitiveDateTime,
}

/// The municipality's active and suspended cards whose last moment is in `from..=until`, in
/// that order.
pub fn cards_ending(
    conn: &mut DbConnection,
    municipality: Municipality,
    from: PrimitiveDateTime,
    until: PrimitiveDateTime,
) -> QueryResult<Vec<EndingCard>> {
    cards::table
        .filter(cards::municipality.eq(municipality.code()))
        .filter(cards::valid_until.between(from, until))
        .filter(cards::status.eq_any([CardState::Active.code(), CardState::Suspended.code()]))
        .order((cards::valid_until, cards::number))
        .select(EndingCard::as_select())
        .load(conn)
}

/// The families of the municipality with a child born in `from..=until`.
pub fn families_with_child_born(
    conn: &mut DbConnection,
    municipality: Municipality,
    from: Date,
    until: Date,
) -> QueryResult<Vec<FamilyId>> {
    members::table
        .inner_join(families::table)
        .filter(members::birth_date.between(from, until))
        .filter(members::role.eq(Role::Child.code()))
        .filter(families::municipality.eq(municipality.code()))
        .filter(families::erased_at.is_null())
        .filter(members::removed_at.is_null())
        .filter(members::erased_at.is_null())
        .select(members::family_id)
        .distinct()
        .load(conn)
}

/// The families of the municipality with a member whose education ends in `from..=until`.
pub fn families_with_education_ending(
    conn: &mut DbConnection,
    municipality: Municipality,
    from: Date,
    until: Date,
) -> QueryResult<Vec<FamilyId>> {
    members::table
        .inner_join(families::table)
        .filter(members::education_until.between(from, until))
        .filter(families::municipality.eq(municipality.code()))
        .filter(families::erased_at.is_null())
        .filter(members::removed_at.is_null())
        .filter(members::erased_at.is_null())
        .select(members::family_id)
        .distinct()
        .load(conn)
}

/// The families of the municipality with a member whose disability certificate ends in
/// `from..=until`.
pub fn families_with_disability_ending(
    conn: &mut DbConnection,
    municipality: Municipality,
    from: Date,
    until: Date,
) -> QueryResult<Vec<FamilyId>> {
    members::table
        .inner_join(families::table)
        .filter(members::disability_until.between(from, until))
        .filter(families::municipality.eq(municipality.code()))
        .filter(families::erased_at.is_null())
        .filter(members::removed_at.is_null())
        .filter(members::erased_at.is_null())
        .select(members::family_id)
        .distinct()
        .load(conn)
}

/// The families of `ids` that belong to the municipality and are not erased.
pub fn families(
    conn: &mut DbConnection,
    municipality: Municipality,
    ids: &[FamilyId],
) -> QueryResult<Vec<Family>> {
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(CHUNK) {
        found.extend(
            families::table
                .filter(families::id.eq_any(chunk))
                .filter(families::municipality.eq(municipality.code()))
                .filter(families::erased_at.is_null())
                .select(Family::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}

/// The current (not removed, not erased) members of the families of `ids`, in family and member
/// number order.
pub fn members_of(conn: &mut DbConnection, ids: &[FamilyId]) -> QueryResult<Vec<Member>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        found.extend(
            members::table
                .filter(members::family_id.eq_any(chunk))
                .filter(members::removed_at.is_null())
                .filter(members::erased_at.is_null())
                .order((members::family_id, members::member_number))
                .select(Member::as_select())
                .load(conn)?,
        );
    }
    Ok(found)
}
