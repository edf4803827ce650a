//! Reading the audit trail: supervisors see their municipality's, admins all three. As JSON,
//! paginated, or as CSV for export. Filters: card, family, actor, date range.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::{IntoParams, ToSchema};

use crate::auth::{Clerk, Permission};
use crate::error::ApiError;
use crate::models::audit_event::{self, AuditEvent, AuditFilter};
use crate::models::{from_unix, to_unix};
use crate::routes::with_db;
use crate::state::AppState;
use crate::verdict::rfc3339;

/// The most rows one CSV export holds.
const CSV_MAX_ROWS: i64 = 100_000;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    pub card: Option<String>,
    pub family: Option<String>,
    /// An account or token id.
    pub actor: Option<String>,
    /// First day, `YYYY-MM-DD` (UTC).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (UTC), inclusive.
    pub until: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditView {
    pub id: i64,
    pub at: String,
    pub actor_id: Option<String>,
    pub actor: String,
    pub municipality: Option<String>,
    pub action: String,
    pub family_id: Option<String>,
    pub card_id: Option<String>,
    pub subject_id: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub before: Option<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub after: Option<serde_json::Value>,
}

impl AuditView {
    fn of(e: AuditEvent) -> AuditView {
        let parse = |t: Option<String>| t.and_then(|t| serde_json::from_str(&t).ok());
        AuditView {
            id: e.id,
            at: rfc3339(to_unix(e.at)),
            actor_id: e.actor_id,
            actor: e.actor,
            municipality: e.municipality,
            action: e.action,
            family_id: e.family_id,
            card_id: e.card_id,
            subject_id: e.subject_id,
            before: parse(e.before),
            after: parse(e.after),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditView>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

fn day(field: &str, text: Option<&str>) -> Result<Option<Date>, ApiError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    text.map(|t| {
        Date::parse(t.trim(), format)
            .map_err(|_| ApiError::field(field, "date_format", "use a real date as YYYY-MM-DD"))
    })
    .transpose()
}

fn filter(q: &AuditQuery, clerk: &Clerk) -> Result<AuditFilter, ApiError> {
    let start = |d: Date| from_unix(d.midnight().assume_utc().unix_timestamp());
    Ok(AuditFilter {
        card_id: q.card.clone(),
        family_id: q.family.clone(),
        actor_id: q.actor.clone(),
        from: day("from", q.from.as_deref())?.map(start),
        until: day("until", q.until.as_deref())?
            .and_then(|d| d.next_day())
            .map(start),
        unattributed: clerk.role == crate::auth::Role::Admin,
    })
}

/// The audit trail, newest first (supervisors and admins).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 403, body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/api/v1/audit")]
pub async fn list(
    state: web::Data<AppState>,
    clerk: Clerk,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    clerk.require(Permission::ReadAudit)?;
    Ok(HttpResponse::Ok().json(search(&state, clerk, &query).await?))
}

/// One page of the audit trail the clerk may read, newest first (the caller checks the
/// permission).
pub async fn search(
    state: &web::Data<AppState>,
    clerk: Clerk,
    query: &AuditQuery,
) -> Result<AuditPage, ApiError> {
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(50);
    if page < 1 || !(1..=500).contains(&per_page) {
        return Err(ApiError::field(
            "per_page",
            "out_of_range",
            "page must be at least 1 and per_page between 1 and 500",
        ));
    }
    let filter = filter(query, &clerk)?;
    let (rows, total) = with_db(state, move |conn, _| {
        Ok(audit_event::search(
            conn,
            &clerk.scope(),
            &filter,
            (page - 1) * per_page,
            per_page,
        )?)
    })
    .await?;
    Ok(AuditPage {
        items: rows.into_iter().map(AuditView::of).collect(),
        page,
        per_page,
        total,
    })
}

/// The audit trail as CSV, oldest last, up to 100,000 rows (supervisors and admins).
#[utoipa::path(get, path = "/api/v1/audit.csv", tag = "audit", params(AuditQuery),
    responses((status = 200, content_type = "text/csv", description = "CSV"), (status = 403, body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/api/v1/audit.csv")]
pub async fn export_csv(
    state: web::Data<AppState>,
    clerk: Clerk,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    clerk.require(Permission::ReadAudit)?;
    let filter = filter(&query, &clerk)?;
    let bytes = with_db(&state, move |conn, _| {
        let (rows, _) = audit_event::search(conn, &clerk.scope(), &filter, 0, CSV_MAX_ROWS)?;
        let mut out = csv::Writer::from_writer(Vec::new());
        let header = [
            "id",
            "at",
            "actor_id",
            "actor",
            "municipality",
            "action",
            "family_id",
            "card_id",
            "subject_id",
            "before",
            "after",
        ];
        let write = |out: &mut csv::Writer<Vec<u8>>, record: &[&str]| {
            out.write_record(record)
                .map_err(|e| ApiError::Internal(e.to_string()))
        };
        write(&mut out, &header)?;
        for e in rows {
            let (id, at) = (e.id.to_string(), rfc3339(to_unix(e.at)));
            let o = |v: &Option<String>| v.clone().unwrap_or_default();
            write(
                &mut out,
                &[
                    &id,
                    &at,
                    &o(&e.actor_id),
                    &e.actor,
                    &o(&e.municipality),
                    &e.action,
                    &o(&e.family_id),
                    &o(&e.card_id),
                    &o(&e.subject_id),
                    &o(&e.before),
                    &o(&e.after),
                ],
            )?;
        }
        out.into_inner()
            .map_err(|e| ApiError::Internal(e.to_string()))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"kartu-audit.csv\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}
