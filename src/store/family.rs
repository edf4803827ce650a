//! `families`: a family registered by one municipality.
//!
//! An erased family (the retention rule, `app::retention`) keeps its row, its id and its family
//! number, so its card numbers and its audit trail still name it; its reference is emptied and
//! `erased_at` says when. Search never finds it.

use diesel::dsl::sql;
use diesel::expression::BoxableExpression;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};
use time::PrimitiveDateTime;

use kartu_card::Municipality;

use crate::domain::access::Scope;
use crate::domain::card_state::CardState;
use crate::store::schema::{cards, families};
use crate::store::sql_types::Stored;
use crate::store::{DbConnection, MultiBackend};

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct FamilyId(pub String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(table_name = families)]
pub struct Family {
    pub id: FamilyId,
    #[diesel(deserialize_as = Stored<Municipality>, serialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    pub family_number: i32,
    pub reference: String,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
    /// When the retention rule erased the family's personal data (see [`erase`]).
    pub erased_at: Option<PrimitiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, family: Family) -> QueryResult<()> {
    diesel::insert_into(families::table)
        .values(family)
        .execute(conn)
        .map(|_| ())
}

/// Inserts many families in one statement per 500 (an import's batch).
pub fn insert_many(conn: &mut DbConnection, rows: &[Family]) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        // Diesel's multi-backend connection has no multi-row insert: each backend's has.
        let insert = diesel::insert_into(families::table).values(chunk.to_vec());
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Which of `references` the municipality's families already use.
pub fn references_in_use(
    conn: &mut DbConnection,
    municipality: Municipality,
    references: &[String],
) -> QueryResult<Vec<String>> {
    let mut found = Vec::new();
    for chunk in references.chunks(500) {
        found.extend(
            families::table
                .filter(families::municipality.eq(municipality.code()))
                .filter(families::reference.eq_any(chunk))
                .select(families::reference)
                .load::<String>(conn)?,
        );
    }
    Ok(found)
}

/// The family, if it exists and belongs to one of `scope`'s municipalities.
pub fn find(conn: &mut DbConnection, id: &FamilyId, scope: Scope) -> QueryResult<Option<Family>> {
    families::table
        .filter(families::id.eq(id))
        .filter(families::municipality.eq_any(scope.codes()))
        .select(Family::as_select())
        .first(conn)
        .optional()
}

/// The municipality's next family number. Call it in a write transaction: it holds the
/// municipality's counter lock until the transaction ends.
pub fn next_number(conn: &mut DbConnection, municipality: Municipality) -> QueryResult<i32> {
    crate::store::lock_counter(
        conn,
        &format!("kartu-family-number-{}", municipality.code()),
    )?;
    let max: Option<i32> = families::table
        .filter(families::municipality.eq(municipality.code()))
        .select(diesel::dsl::max(families::family_number))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

pub fn touch(conn: &mut DbConnection, id: &FamilyId, at: PrimitiveDateTime) -> QueryResult<()> {
    diesel::update(families::table.filter(families::id.eq(id)))
        .set(families::updated_at.eq(at))
        .execute(conn)
        .map(|_| ())
}

/// Families in `scope`, not yet erased, that nothing has happened to since `cutoff`: the family
/// itself was last changed before it, and each of its cards ended before it (a revoked card
/// ended when it was revoked, any other at its `valid_until`). A family without cards counts
/// by its own dates alone. Oldest first; `only` narrows it to one family, for the erasing
/// transaction to check again.
pub fn expired(
    conn: &mut DbConnection,
    scope: Scope,
    cutoff: PrimitiveDateTime,
    only: Option<&FamilyId>,
) -> QueryResult<Vec<Family>> {
    let recent_cards = cards::table
        .filter(cards::valid_until.ge(cutoff))
        .filter(
            cards::status
                .ne(CardState::Revoked.code())
                .or(cards::updated_at.ge(cutoff)),
        )
        .select(cards::family_id);
    let mut query = families::table
        .filter(families::erased_at.is_null())
        .filter(families::municipality.eq_any(scope.codes()))
        .filter(families::updated_at.lt(cutoff))
        .filter(families::id.ne_all(recent_cards))
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(families::id.eq(id.clone()));
    }
    query
        .order((families::created_at, families::id))
        .select(Family::as_select())
        .load(conn)
}

/// Marks the family erased and empties its reference; false when it already was.
pub fn erase(conn: &mut DbConnection, id: &FamilyId, at: PrimitiveDateTime) -> QueryResult<bool> {
    diesel::update(
        families::table
            .filter(families::id.eq(id))
            .filter(families::erased_at.is_null()),
    )
    .set((
        families::reference.eq(""),
        families::erased_at.eq(Some(at)),
        families::updated_at.eq(at),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// The most families a search counts: a count beyond it would cost a walk over every match
/// (all of Alytus for a search of "a"), so [`search`] stops at one more and the caller says
/// "more than".
pub const COUNT_CAP: i64 = 1000;

/// Families in `scope` whose reference starts with `text` or with a member whose transliterated
/// name contains it (starts with it, when `text` is shorter than three characters), newest
/// first; and how many there are: all of them for three characters or more, else counted up to
/// [`COUNT_CAP`] + 1 (one or two letters match whole towns). `text` is lower case ASCII.
///
/// Each part is an index lookup, also with millions of families: on PostgreSQL pg_trgm indexes
/// of the lower-cased name and reference; on SQLite an FTS5 trigram index of the names
/// (`member_names_fts`) and ranges of indexes of the lower-cased text.
pub fn search(
    conn: &mut DbConnection,
    scope: Scope,
    text: &str,
    page: i64,
    per_page: i64,
) -> QueryResult<(Vec<Family>, i64)> {
    let sqlite = matches!(conn, DbConnection::Sqlite(_));
    let matches = || {
        families::table
            .filter(families::municipality.eq_any(scope.codes()))
            .filter(families::erased_at.is_null())
            .filter(matching(sqlite, text))
    };
    let in_page = || {
        matches()
            .order((families::created_at.desc(), families::id))
            .limit(per_page)
            .offset((page - 1) * per_page)
    };
    if text.chars().count() >= 3 {
        // The page and the count in one query, so the names are matched once: a name part
        // matches a few hundred families, whose count is cheap beside the match.
        let rows: Vec<(Family, i64)> = in_page()
            .select((
                Family::as_select(),
                diesel::dsl::sql::<diesel::sql_types::BigInt>("count(*) OVER ()"),
            ))
            .load(conn)?;
        if let Some(&(_, total)) = rows.first() {
            return Ok((rows.into_iter().map(|(f, _)| f).collect(), total));
        }
        if page == 1 {
            return Ok((Vec::new(), 0));
        }
    }
    let counted: Vec<FamilyId> = matches()
        .select(families::id)
        .limit(COUNT_CAP + 1)
        .load(conn)?;
    let rows = in_page().select(Family::as_select()).load(conn)?;
    Ok((rows, i64::try_from(counted.len()).unwrap_or(i64::MAX)))
}

/// `families.id IN (…)`: the families whose reference starts with `text`, and those of the
/// members (not removed) whose name matches it, as one union, so that each part is answered
/// from its own index.
fn matching(
    sqlite: bool,
    text: &str,
) -> Box<dyn BoxableExpression<families::table, MultiBackend, SqlType = Bool>> {
    let short = text.chars().count() < 3;
    let prefix = format!("{}%", escape_like(text));
    if !sqlite {
        let name = if short {
            prefix.clone()
        } else {
            format!("%{}%", escape_like(text))
        };
        // `= ANY(ARRAY(…))`: the matches are found first and the families then looked up by
        // id, whatever the planner guesses of how many there are (with `IN` it guessed
        // thousands and scanned every family: 350–600 ms at 1 M families). A reference is a
        // range of the byte-ordered index `families_reference_prefix`.
        return Box::new(
            sql::<Bool>(
                "families.id = ANY(ARRAY(SELECT id FROM families \
                 WHERE erased_at IS NULL AND lower(reference) COLLATE \"C\" >= ",
            )
            .bind::<Text, _>(text.to_string())
            .sql(" AND lower(reference) COLLATE \"C\" < ")
            .bind::<Text, _>(format!("{text}\u{10FFFF}"))
            .sql(
                " UNION SELECT family_id FROM members \
                 WHERE removed_at IS NULL AND lower(name_ascii) LIKE ",
            )
            .bind::<Text, _>(name)
            .sql(" ESCAPE '\\'))"),
        );
    }
    // SQLite compares text byte by byte, so [text, text + U+10FFFF) is exactly what starts with
    // it, and a range is what an index of lower(…) answers.
    let (from, below) = (text.to_string(), format!("{text}\u{10FFFF}"));
    let references = sql::<Bool>(
        "families.id IN (SELECT id FROM families \
         WHERE erased_at IS NULL AND lower(reference) >= ",
    )
    .bind::<Text, _>(from.clone())
    .sql(" AND lower(reference) < ")
    .bind::<Text, _>(below.clone());
    if short {
        return Box::new(
            references
                .sql(
                    " UNION SELECT family_id FROM members \
                     WHERE removed_at IS NULL AND lower(name_ascii) >= ",
                )
                .bind::<Text, _>(from)
                .sql(" AND lower(name_ascii) < ")
                .bind::<Text, _>(below)
                .sql(")"),
        );
    }
    // An FTS5 phrase: with the trigram tokenizer, any substring, ignoring case; a `"` in it is
    // doubled, and nothing else in a phrase has a meaning of its own.
    let phrase = format!("\"{}\"", text.replace('"', "\"\""));
    Box::new(
        references
            .sql(
                " UNION SELECT m.family_id FROM member_names n JOIN members m ON m.id = n.member_id \
                 WHERE m.removed_at IS NULL AND n.id IN \
                 (SELECT rowid FROM member_names_fts WHERE member_names_fts MATCH ",
            )
            .bind::<Text, _>(phrase)
            .sql("))"),
    )
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}
