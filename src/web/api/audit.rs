//! Reading the audit trail (supervisors their municipality's, admins all three): as JSON,
//! paginated, or as CSV for export. Filters: card, family, actor, date range.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::actor::Actor;
use crate::app::audit_trail::{self, AuditQuery as Filter};
use crate::domain::calendar::rfc3339;
use crate::domain::spreadsheet::safe_cell;
use crate::store::audit_event::AuditEvent;
use crate::store::to_unix;
use crate::web::act;
use crate::web::error::{ApiError, Problem};
use crate::web::state::AppState;
use crate::web::view::{AuditPage, AuditView};

#[derive(Debug, Default, Deserialize, IntoParams)]
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

impl AuditQuery {
    pub fn filter(&self) -> Filter {
        Filter {
            card: self.card.clone(),
            family: self.family.clone(),
            actor: self.actor.clone(),
            from: self.from.clone(),
            until: self.until.clone(),
        }
    }
}

/// The audit trail, newest first (supervisors and admins).
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(search(&state, actor, &query).await?))
}

/// One page of the audit trail the actor may read, newest first (50 a page unless asked).
pub async fn search(
    state: &web::Data<AppState>,
    actor: Actor,
    query: &AuditQuery,
) -> Result<AuditPage, ApiError> {
    let filter = query.filter();
    let (page, per_page) = (query.page.unwrap_or(1), query.per_page.unwrap_or(50));
    let found = act(state, move |k| {
        audit_trail::search(&k.db, &actor, &filter, page, per_page)
    })
    .await?;
    Ok(AuditPage {
        items: found.items.into_iter().map(AuditView::of).collect(),
        page: found.page,
        per_page: found.per_page,
        total: found.total,
    })
}

/// The audit trail as CSV, oldest last, up to 100,000 rows (supervisors and admins).
#[utoipa::path(get, path = "/api/v1/audit.csv", tag = "audit", params(AuditQuery),
    responses((status = 200, content_type = "text/csv", description = "CSV"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn export_csv(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.filter();
    let rows = act(&state, move |k| audit_trail::export(&k.db, &actor, &filter)).await?;
    let bytes = csv_of(rows).map_err(|e| ApiError::Internal(e.context("writing the CSV")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"kartu-audit.csv\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}

fn csv_of(rows: Vec<AuditEvent>) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
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
    ])?;
    for e in rows {
        let (id, at) = (e.id.to_string(), rfc3339(to_unix(e.at)));
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let row = [
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
        ];
        out.write_record(row.map(|c| safe_cell(c)))?;
    }
    Ok(out.into_inner()?)
}
