//! `imports`: a register import as it runs and after: who started it, its counts so far, and its
//! report (rows are named by line, never by national ID number).

use diesel::prelude::*;
use time::PrimitiveDateTime;

use kartu_card::Municipality;

use crate::domain::access::Scope;
use crate::store::schema::imports;
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = imports)]
pub struct Import {
    pub id: String,
    #[diesel(deserialize_as = Stored<Municipality>, serialize_as = Stored<Municipality>)]
    pub municipality: Municipality,
    pub actor: String,
    pub file_name: String,
    pub dry_run: bool,
    pub issue_cards: bool,
    /// `running`, `done` or `failed`.
    pub status: String,
    pub families_total: i32,
    pub families_done: i32,
    pub registered: i32,
    pub already_present: i32,
    pub refused: i32,
    pub cards_issued: i32,
    /// The report as CSV, once done.
    pub report: String,
    pub error: Option<String>,
    pub started_at: PrimitiveDateTime,
    pub finished_at: Option<PrimitiveDateTime>,
}

/// Counts so far.
#[derive(Debug, Clone, Copy, AsChangeset)]
#[diesel(table_name = imports)]
pub struct Progress {
    pub families_total: i32,
    pub families_done: i32,
    pub registered: i32,
    pub already_present: i32,
    pub refused: i32,
    pub cards_issued: i32,
}

pub fn insert(conn: &mut DbConnection, row: Import) -> QueryResult<()> {
    diesel::insert_into(imports::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn progress(conn: &mut DbConnection, id: &str, progress: Progress) -> QueryResult<()> {
    diesel::update(imports::table.filter(imports::id.eq(id)))
        .set(progress)
        .execute(conn)
        .map(|_| ())
}

/// Ends a running import: `done` with its report, or `failed` with why.
pub fn finish(
    conn: &mut DbConnection,
    id: &str,
    status: &str,
    report: &str,
    error: Option<&str>,
    at: PrimitiveDateTime,
) -> QueryResult<()> {
    diesel::update(imports::table.filter(imports::id.eq(id)))
        .set((
            imports::status.eq(status),
            imports::report.eq(report),
            imports::error.eq(error),
            imports::finished_at.eq(Some(at)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The import, if it belongs to one of `scope`'s municipalities.
pub fn find(conn: &mut DbConnection, id: &str, scope: Scope) -> QueryResult<Option<Import>> {
    imports::table
        .filter(imports::id.eq(id))
        .filter(imports::municipality.eq_any(scope.codes()))
        .select(Import::as_select())
        .first(conn)
        .optional()
}

/// The latest imports in `scope`, newest first, without their reports.
pub fn recent(conn: &mut DbConnection, scope: Scope, limit: i64) -> QueryResult<Vec<Import>> {
    imports::table
        .filter(imports::municipality.eq_any(scope.codes()))
        .order((imports::started_at.desc(), imports::id))
        .limit(limit)
        .select(Import::as_select())
        .load(conn)
}

/// Marks imports still `running` since before `before` as failed: their process ended (a
/// restart) without finishing them.
pub fn fail_abandoned(
    conn: &mut DbConnection,
    before: PrimitiveDateTime,
    at: PrimitiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        imports::table
            .filter(imports::status.eq("running"))
            .filter(imports::started_at.lt(before)),
    )
    .set((
        imports::status.eq("failed"),
        imports::error.eq(Some("the service stopped before the import finished")),
        imports::finished_at.eq(Some(at)),
    ))
    .execute(conn)
}
