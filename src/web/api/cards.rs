//! Cards: read as JSON or as a QR image, renew, reissue, revoke, suspend, reinstate.

use actix_web::{web, HttpResponse};
use kartu_card::qr::{render_png, render_svg, Correction};

use crate::app::actor::Actor;
use crate::app::cards;
use crate::domain::card_state::CardAct;
use crate::store::card::CardId;
use crate::web::act;
use crate::web::api::bodies::ReasonBody;
use crate::web::error::{ApiError, Problem};
use crate::web::extract::ApiJson;
use crate::web::state::AppState;
use crate::web::view::{CardDetail, CardView, ReissueResponse};

/// Get a card with its holder and history.
#[utoipa::path(get, path = "/api/v1/cards/{id}", tag = "cards", params(("id" = String, Path)),
    responses((status = 200, body = CardDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = CardId(path.into_inner());
    let file = act(&state, move |k| cards::detail(k, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(CardDetail::new(&file, state.kartu.now())))
}

async fn qr_text(
    state: &web::Data<AppState>,
    actor: Actor,
    id: String,
) -> Result<String, ApiError> {
    let id = CardId(id);
    Ok(act(state, move |k| cards::qr_text(k, &actor, &id)).await?)
}

/// The card's QR code as a PNG (error correction M, 8 px a module, quiet zone included).
#[utoipa::path(get, path = "/api/v1/cards/{id}/qr.png", tag = "cards", params(("id" = String, Path)),
    responses((status = 200, content_type = "image/png", description = "QR code"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn qr_png(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let text = qr_text(&state, actor, path.into_inner()).await?;
    let png = web::block(move || render_png(&text, Correction::M, 8))
        .await?
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("drawing the QR code")))?;
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        .insert_header(("Cache-Control", "private, no-store"))
        .body(png))
}

/// The card's QR code as SVG.
#[utoipa::path(get, path = "/api/v1/cards/{id}/qr.svg", tag = "cards", params(("id" = String, Path)),
    responses((status = 200, content_type = "image/svg+xml", description = "QR code"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn qr_svg(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let text = qr_text(&state, actor, path.into_inner()).await?;
    let svg = render_svg(&text, Correction::M, 8)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("drawing the QR code")))?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "private, no-store"))
        .body(svg))
}

/// Renew a card: validity from now, a new signature by the active key; the number stays.
#[utoipa::path(post, path = "/api/v1/cards/{id}/renew", tag = "cards", params(("id" = String, Path)),
    responses((status = 200, body = CardView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn renew(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = CardId(path.into_inner());
    let card = act(&state, move |k| cards::renew(k, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(CardView::new(&card, state.kartu.now())))
}

/// Reissue a lost card: the old card is revoked and a new one issued, in one transaction.
#[utoipa::path(post, path = "/api/v1/cards/{id}/reissue", tag = "cards", params(("id" = String, Path)), request_body = ReasonBody,
    responses((status = 200, body = ReissueResponse), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn reissue(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: ApiJson<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    let id = CardId(path.into_inner());
    let reason = body.0.reason;
    let (old, new) = act(&state, move |k| cards::reissue(k, &actor, &id, &reason)).await?;
    let now = state.kartu.now();
    Ok(HttpResponse::Ok().json(ReissueResponse {
        old: CardView::new(&old, now),
        new: CardView::new(&new, now),
    }))
}

async fn change(
    state: web::Data<AppState>,
    actor: Actor,
    id: String,
    body: ReasonBody,
    what: CardAct,
) -> Result<HttpResponse, ApiError> {
    let id = CardId(id);
    let card = act(&state, move |k| {
        cards::change_state(k, &actor, &id, what, &body.reason)
    })
    .await?;
    Ok(HttpResponse::Ok().json(CardView::new(&card, state.kartu.now())))
}

/// Revoke a card for good, with a reason.
#[utoipa::path(post, path = "/api/v1/cards/{id}/revoke", tag = "cards", params(("id" = String, Path)), request_body = ReasonBody,
    responses((status = 200, body = CardView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn revoke(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: ApiJson<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    change(state, actor, path.into_inner(), body.0, CardAct::Revoke).await
}

/// Suspend a card, with a reason; it can be reinstated.
#[utoipa::path(post, path = "/api/v1/cards/{id}/suspend", tag = "cards", params(("id" = String, Path)), request_body = ReasonBody,
    responses((status = 200, body = CardView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn suspend(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: ApiJson<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    change(state, actor, path.into_inner(), body.0, CardAct::Suspend).await
}

/// Reinstate a suspended card, with a reason.
#[utoipa::path(post, path = "/api/v1/cards/{id}/reinstate", tag = "cards", params(("id" = String, Path)), request_body = ReasonBody,
    responses((status = 200, body = CardView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn reinstate(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: ApiJson<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    change(state, actor, path.into_inner(), body.0, CardAct::Reinstate).await
}
