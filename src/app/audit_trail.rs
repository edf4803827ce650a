//! Reading the audit trail: supervisors read their municipality's, admins all three (and the
//! records that belong to none, such as failed logins under unknown names). Filters: card,
//! family, actor, date range.

use time::Date;

use crate::app::actor::Actor;
use crate::app::error::{Context, Error};
use crate::app::Db;
use crate::domain::access::Permission;
use crate::store::audit_event::{self, AuditEvent, AuditFilter};
use crate::store::from_unix;

/// The most records one export holds.
pub const EXPORT_MAX_ROWS: i64 = 100_000;

/// What a supervisor asks for; every filter is optional.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub card: Option<String>,
    pub family: Option<String>,
    /// An account or token id.
    pub actor: Option<String>,
    /// First day, `YYYY-MM-DD` (UTC).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (UTC), inclusive.
    pub until: Option<String>,
}

/// One page of records, newest first.
#[derive(Debug)]
pub struct AuditPage {
    pub items: Vec<AuditEvent>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

fn day(field: &str, text: Option<&str>) -> Result<Option<Date>, Error> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    text.map(|t| {
        Date::parse(t.trim(), format)
            .map_err(|_| Error::field(field, "date_format", "use a real date as YYYY-MM-DD"))
    })
    .transpose()
}

fn filter(q: &AuditQuery) -> Result<AuditFilter, Error> {
    let start = |d: Date| from_unix(d.midnight().assume_utc().unix_timestamp());
    Ok(AuditFilter {
        card_id: q.card.clone(),
        family_id: q.family.clone(),
        actor_id: q.actor.clone(),
        from: day("from", q.from.as_deref())?.map(start),
        until: day("until", q.until.as_deref())?
            .and_then(|d| d.next_day())
            .map(start),
    })
}

/// One page (from 1, 1–500 records) of the records the actor may read, newest first.
/// The last page of the trail that can be asked for (50 M records at 500 a page).
pub const MAX_PAGE: i64 = 100_000;

pub fn search(
    db: &Db,
    actor: &Actor,
    query: &AuditQuery,
    page: i64,
    per_page: i64,
) -> Result<AuditPage, Error> {
    actor.require(Permission::ReadAudit)?;
    // Bounded, so the offset ((page - 1) × per_page) never overflows.
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(Error::field(
            "page",
            "out_of_range",
            "page must be between 1 and 100000",
        ));
    }
    if !(1..=500).contains(&per_page) {
        return Err(Error::field(
            "per_page",
            "out_of_range",
            "per_page must be between 1 and 500",
        ));
    }
    let filter = filter(query)?;
    let (items, total) = db.read(|conn| {
        audit_event::search(
            conn,
            actor.scope(),
            &filter,
            (page - 1) * per_page,
            per_page,
        )
        .context("searching the audit trail")
    })?;
    Ok(AuditPage {
        items,
        page,
        per_page,
        total,
    })
}

/// Up to [`EXPORT_MAX_ROWS`] records the actor may read, newest first, for an export.
pub fn export(db: &Db, actor: &Actor, query: &AuditQuery) -> Result<Vec<AuditEvent>, Error> {
    actor.require(Permission::ReadAudit)?;
    let filter = filter(query)?;
    let (rows, _) = db.read(|conn| {
        audit_event::search(conn, actor.scope(), &filter, 0, EXPORT_MAX_ROWS)
            .context("reading the audit trail")
    })?;
    Ok(rows)
}
