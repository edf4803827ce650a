//! A family's data export (GDPR Art. 15), for supervisors.

use actix_web::{web, HttpResponse};

use crate::app::actor::Actor;
use crate::app::privacy;
use crate::store::family::FamilyId;
use crate::web::act;
use crate::web::error::{ApiError, Problem};
use crate::web::state::AppState;
use crate::web::view::export::FamilyExportView;

/// Everything held about a family: members (removed ones too), cards with their QR texts, card
/// events, page links by their dates, and the audit records about it. Never a national ID
/// number or its keyed hash. The export is itself recorded in the audit trail.
#[utoipa::path(get, path = "/api/v1/families/{id}/export", tag = "families", params(("id" = String, Path)),
    responses((status = 200, body = FamilyExportView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn export_family(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = FamilyId(path.into_inner());
    let export = act(&state, move |k| privacy::export_family(k, &actor, &id)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(FamilyExportView::new(&export)))
}
