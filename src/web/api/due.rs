//! What is due in the caller's municipality in the next days (clerks and supervisors): as JSON,
//! or as CSV for mailing (`Accept: text/csv`, or `/api/v1/due.csv`) with its header and reasons
//! in `?lang=` or `Accept-Language`.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::actor::Actor;
use crate::app::due::{self, DueList};
use crate::web::act;
use crate::web::error::{ApiError, Problem};
use crate::web::request::{api_lang, origin};
use crate::web::state::AppState;
use crate::web::view::due::{self as view, DueListView};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DueQuery {
    /// How many days ahead, 1 to 366 (default 30); today is included.
    pub days: Option<String>,
    /// The language of the reasons and of the CSV header: `lt`, `pl` or `en`.
    pub lang: Option<String>,
}

async fn list(
    state: &web::Data<AppState>,
    actor: Actor,
    query: &DueQuery,
) -> Result<DueList, ApiError> {
    let days = due::days(query.days.as_deref())?;
    Ok(act(state, move |k| due::due(k, &actor, days)).await?)
}

fn wants_csv(req: &HttpRequest) -> bool {
    req.headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/csv"))
}

/// What is due in the caller's municipality in the next `days` days, sorted by date: cards that
/// end, children who turn 18, education and disability proofs that end, LT school leavers
/// (1 September) and families that stop qualifying; each with its reason and the family's page.
/// `Accept: text/csv` gives the CSV of `/api/v1/due.csv`.
#[utoipa::path(get, path = "/api/v1/due", operation_id = "due", tag = "due", params(DueQuery),
    responses((status = 200, description = "The list; CSV when asked for with `Accept: text/csv`",
            content((DueListView = "application/json"), (String = "text/csv"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<DueQuery>,
) -> Result<HttpResponse, ApiError> {
    let found = list(&state, actor, &query).await?;
    if wants_csv(&req) {
        return csv_response(&req, &state, &found);
    }
    let view = DueListView::new(&found, api_lang(&req), &state.translations);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// The same list as CSV for mailing, its header and reasons in `?lang=` or `Accept-Language`;
/// a cell that starts with `=`, `+`, `-` or `@` gets a `'` before it.
#[utoipa::path(get, path = "/api/v1/due.csv", operation_id = "due_csv", tag = "due", params(DueQuery),
    responses((status = 200, content_type = "text/csv", description = "CSV with a header row"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn export_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<DueQuery>,
) -> Result<HttpResponse, ApiError> {
    let found = list(&state, actor, &query).await?;
    csv_response(&req, &state, &found)
}

fn csv_response(
    req: &HttpRequest,
    state: &AppState,
    found: &DueList,
) -> Result<HttpResponse, ApiError> {
    let bytes = view::csv(
        found,
        api_lang(req),
        &state.translations,
        &origin(req, &state.auth),
    )
    .map_err(|e| ApiError::Internal(e.context("writing the CSV")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"kartu-due.csv\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}
