//! `audit_events`: the append-only trail of every act. Nothing here deletes a record, and
//! triggers on both backends refuse it. The one update is [`reduce`]: the retention rule cuts an
//! erased family's snapshots down to ids, and the triggers allow that, and only that, for the
//! records of a family already marked erased.
//!
//! A record is written with a typed [`AuditAction`] and read back as text: the trail is history,
//! and an action a later version no longer knows must still be readable.

use diesel::prelude::*;
use time::PrimitiveDateTime;

use crate::domain::access::Scope;
use crate::domain::audit_action::AuditAction;
use crate::store::schema::audit_events;
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_events)]
pub struct AuditEvent {
    pub id: i64,
    pub at: PrimitiveDateTime,
    pub actor_id: Option<String>,
    pub actor: String,
    pub municipality: Option<String>,
    pub action: String,
    pub family_id: Option<String>,
    pub card_id: Option<String>,
    pub subject_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit_events)]
pub struct NewAuditEvent {
    pub at: PrimitiveDateTime,
    pub actor_id: Option<String>,
    pub actor: String,
    pub municipality: Option<String>,
    #[diesel(serialize_as = Stored<AuditAction>)]
    pub action: AuditAction,
    pub family_id: Option<String>,
    pub card_id: Option<String>,
    pub subject_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub fn insert(conn: &mut DbConnection, event: NewAuditEvent) -> QueryResult<()> {
    diesel::insert_into(audit_events::table)
        .values(event)
        .execute(conn)
        .map(|_| ())
}

/// Inserts many records in one statement per 500 (an import's batch).
pub fn insert_many(conn: &mut DbConnection, rows: &[NewAuditEvent]) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        // Diesel's multi-backend connection has no multi-row insert: each backend's has.
        let insert = diesel::insert_into(audit_events::table).values(chunk.to_vec());
        match conn {
            DbConnection::Sqlite(c) => insert.execute(c)?,
            DbConnection::Postgres(c) => insert.execute(c)?,
        };
    }
    Ok(())
}

/// Every record about one family, oldest first.
pub fn of_family(conn: &mut DbConnection, family_id: &str) -> QueryResult<Vec<AuditEvent>> {
    audit_events::table
        .filter(audit_events::family_id.eq(family_id))
        .order(audit_events::id)
        .select(AuditEvent::as_select())
        .load(conn)
}

/// Replaces a record's before and after snapshots; only the records of an erased family can
/// be changed (the triggers refuse any other).
pub fn reduce(
    conn: &mut DbConnection,
    id: i64,
    before: Option<String>,
    after: Option<String>,
) -> QueryResult<()> {
    diesel::update(audit_events::table.filter(audit_events::id.eq(id)))
        .set((
            audit_events::before.eq(before),
            audit_events::after.eq(after),
        ))
        .execute(conn)
        .map(|_| ())
}

/// What a supervisor asks for. Every filter is optional; `scope` is not.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub card_id: Option<String>,
    pub family_id: Option<String>,
    pub actor_id: Option<String>,
    pub from: Option<PrimitiveDateTime>,
    pub until: Option<PrimitiveDateTime>,
}

/// Records in `scope`, newest first, `limit` from `offset`, and the total.
pub fn search(
    conn: &mut DbConnection,
    scope: Scope,
    filter: &AuditFilter,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<AuditEvent>, i64)> {
    let query = || {
        // Records that belong to no municipality (failed logins under unknown names) are in
        // a scope over every municipality only.
        let mut q = if scope.includes_unattributed() {
            audit_events::table
                .filter(
                    audit_events::municipality
                        .eq_any(scope.codes())
                        .or(audit_events::municipality.is_null()),
                )
                .into_boxed()
        } else {
            audit_events::table
                .filter(audit_events::municipality.eq_any(scope.codes()))
                .into_boxed()
        };
        if let Some(card) = &filter.card_id {
            q = q.filter(audit_events::card_id.eq(card.clone()));
        }
        if let Some(family) = &filter.family_id {
            q = q.filter(audit_events::family_id.eq(family.clone()));
        }
        if let Some(actor) = &filter.actor_id {
            q = q.filter(audit_events::actor_id.eq(actor.clone()));
        }
        if let Some(from) = filter.from {
            q = q.filter(audit_events::at.ge(from));
        }
        if let Some(until) = filter.until {
            q = q.filter(audit_events::at.lt(until));
        }
        q
    };
    let total = query().count().get_result(conn)?;
    let rows = query()
        .order(audit_events::id.desc())
        .offset(offset)
        .limit(limit)
        .select(AuditEvent::as_select())
        .load(conn)?;
    Ok((rows, total))
}
