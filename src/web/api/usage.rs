//! The statistics of the card's uses (supervisors their municipality's, admins all three): per
//! partner and month, and per card municipality, location municipality and month. A cell of
//! fewer than five uses is withheld, as `null`, never as a number.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::actor::Actor;
use crate::app::usage;
use crate::web::act;
use crate::web::error::{ApiError, Problem};
use crate::web::state::AppState;
use crate::web::view::UsageView;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct UsageQuery {
    /// The first month, `YYYY-MM` (default: eleven months before this one).
    pub from: Option<String>,
    /// The last month, `YYYY-MM`, inclusive (default: this month).
    pub until: Option<String>,
}

/// Uses of the card per partner and month and across the border, with small cells withheld
/// (supervisors and admins).
#[utoipa::path(get, path = "/api/v1/usage", tag = "usage", params(UsageQuery),
    responses((status = 200, body = UsageView),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn report(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<UsageQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let (from, until) = (
        query.from.unwrap_or_default(),
        query.until.unwrap_or_default(),
    );
    let report = act(&state, move |k| usage::report(k, &actor, &from, &until)).await?;
    Ok(HttpResponse::Ok().json(UsageView::of(&report)))
}
