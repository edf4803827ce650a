//! `members`: a person in a family. Their national ID is stored only as a keyed hash.
//!
//! An erased member (the retention rule, `app::retention`) keeps its row, its id and its member
//! number; its name, birth date, certificate dates and ID hash are replaced by placeholders.

use diesel::prelude::*;
use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};

use kartu_card::Role;

use crate::store::family::FamilyId;
use crate::store::schema::members;
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct MemberId(pub String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = members)]
pub struct Member {
    pub id: MemberId,
    pub family_id: FamilyId,
    pub member_number: i32,
    pub name: String,
    pub name_ascii: String,
    #[diesel(deserialize_as = Stored<Role>, serialize_as = Stored<Role>)]
    pub role: Role,
    pub birth_date: Date,
    pub education_until: Option<Date>,
    pub disability_until: Option<Date>,
    pub national_id_hash: Vec<u8>,
    pub removed_at: Option<PrimitiveDateTime>,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
    /// When the retention rule erased the member's personal data (see [`erase_of_family`]).
    pub erased_at: Option<PrimitiveDateTime>,
}

/// The birth date an erased member is left with: the column is NOT NULL, and no one registered
/// is born on it (eligibility ends long before).
pub const ERASED_BIRTH_DATE: Date = time::macros::date!(1900 - 01 - 01);

/// The fields a clerk may change.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = members)]
pub struct MemberChanges {
    pub name: Option<String>,
    pub name_ascii: Option<String>,
    pub education_until: Option<Option<Date>>,
    pub disability_until: Option<Option<Date>>,
    pub updated_at: PrimitiveDateTime,
}

pub fn insert(conn: &mut DbConnection, member: Member) -> QueryResult<()> {
    diesel::insert_into(members::table)
        .values(member)
        .execute(conn)
        .map(|_| ())
}

/// Inserts many members in one statement per 500 (an import's batch).
pub fn insert_many(conn: &mut DbConnection, rows: &[Member]) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        // Diesel's multi-backend connection has no multi-row insert: each backend's has.
        let insert = diesel::insert_into(members::table).values(chunk.to_vec());
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Which of these national ID hashes belong to a person registered now (not removed).
pub fn registered_hashes(conn: &mut DbConnection, hashes: &[Vec<u8>]) -> QueryResult<Vec<Vec<u8>>> {
    let mut found = Vec::new();
    for chunk in hashes.chunks(500) {
        found.extend(
            members::table
                .filter(members::removed_at.is_null())
                .filter(members::national_id_hash.eq_any(chunk))
                .select(members::national_id_hash)
                .load::<Vec<u8>>(conn)?,
        );
    }
    Ok(found)
}

/// The family's current members, in member number order.
pub fn of_family(conn: &mut DbConnection, family: &FamilyId) -> QueryResult<Vec<Member>> {
    members::table
        .filter(members::family_id.eq(family))
        .filter(members::removed_at.is_null())
        .order(members::member_number)
        .select(Member::as_select())
        .load(conn)
}

/// Every member the family ever had, removed ones too, in member number order.
pub fn all_of_family(conn: &mut DbConnection, family: &FamilyId) -> QueryResult<Vec<Member>> {
    members::table
        .filter(members::family_id.eq(family))
        .order(members::member_number)
        .select(Member::as_select())
        .load(conn)
}

pub fn find(
    conn: &mut DbConnection,
    family: &FamilyId,
    id: &MemberId,
) -> QueryResult<Option<Member>> {
    members::table
        .filter(members::family_id.eq(family))
        .filter(members::id.eq(id))
        .filter(members::removed_at.is_null())
        .select(Member::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_id(conn: &mut DbConnection, id: &MemberId) -> QueryResult<Member> {
    members::table
        .filter(members::id.eq(id))
        .select(Member::as_select())
        .first(conn)
}

/// The family's next member number; removed members keep theirs, so a number is never reused.
/// Call it in a write transaction, which it serialises per family.
pub fn next_number(conn: &mut DbConnection, family: &FamilyId) -> QueryResult<i32> {
    crate::store::lock_counter(conn, &format!("kartu-member-number-{}", family.0))?;
    let max: Option<i32> = members::table
        .filter(members::family_id.eq(family))
        .select(diesel::dsl::max(members::member_number))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

pub fn update(conn: &mut DbConnection, id: &MemberId, changes: &MemberChanges) -> QueryResult<()> {
    diesel::update(members::table.filter(members::id.eq(id)))
        .set(changes)
        .execute(conn)
        .map(|_| ())
}

pub fn remove(conn: &mut DbConnection, id: &MemberId, at: PrimitiveDateTime) -> QueryResult<()> {
    diesel::update(members::table.filter(members::id.eq(id)))
        .set((members::removed_at.eq(Some(at)), members::updated_at.eq(at)))
        .execute(conn)
        .map(|_| ())
}

/// Erases the personal data of every member the family ever had: names empty, the birth date
/// [`ERASED_BIRTH_DATE`], certificate dates NULL, the ID hash empty (so the person can be
/// registered again), removed if they were not, and `erased_at` set. Returns how many.
pub fn erase_of_family(
    conn: &mut DbConnection,
    family: &FamilyId,
    at: PrimitiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        members::table
            .filter(members::family_id.eq(family))
            .filter(members::removed_at.is_null()),
    )
    .set(members::removed_at.eq(Some(at)))
    .execute(conn)?;
    diesel::update(members::table.filter(members::family_id.eq(family)))
        .set((
            members::name.eq(""),
            members::name_ascii.eq(""),
            members::birth_date.eq(ERASED_BIRTH_DATE),
            members::education_until.eq(None::<Date>),
            members::disability_until.eq(None::<Date>),
            members::national_id_hash.eq(Vec::<u8>::new()),
            members::erased_at.eq(Some(at)),
            members::updated_at.eq(at),
        ))
        .execute(conn)
}
