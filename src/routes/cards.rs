//! Cards: read as JSON or as a QR image, renew, reissue, revoke, suspend, reinstate.

use actix_web::{get, post, web, HttpResponse};
use kartu_card::qr::{render_png, render_svg, Correction};

use crate::auth::{Clerk, Permission};
use crate::db;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::issuance::{self, Act, StateAction};
use crate::models::card::CardId;
use crate::models::{card_event, member};
use crate::routes::dto::{CardDetail, CardEventView, CardView, ReasonBody, ReissueResponse};
use crate::routes::families::find_card;
use crate::routes::with_db;
use crate::state::AppState;

type Problem = crate::error::Problem;

/// Get a card with its holder and history.
#[utoipa::path(get, path = "/api/v1/cards/{id}", tag = "cards", params(("id" = String, Path)),
    responses((status = 200, body = CardDetail), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/api/v1/cards/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let detail = detail(&state, actor, CardId(path.into_inner())).await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// A card the actor may see, with its holder and history.
pub async fn detail(
    state: &web::Data<AppState>,
    actor: Clerk,
    id: CardId,
) -> Result<CardDetail, ApiError> {
    with_db(state, move |conn, _| {
        let c = find_card(conn, &id, &actor)?;
        let m = member::find_by_id(conn, &c.member_id)?;
        let events = card_event::of_card(conn, &c.id)?;
        Ok(CardDetail {
            card: CardView::new(&c, crate::commands::unix_now()),
            holder_ascii: kartu_card::transliterate(&m.name),
            holder: m.name,
            role: m.role,
            events: events.iter().map(CardEventView::from).collect(),
        })
    })
    .await
}

pub async fn qr_text(
    state: &web::Data<AppState>,
    actor: Clerk,
    id: String,
) -> Result<String, ApiError> {
    let id = CardId(id);
    with_db(state, move |conn, _| {
        Ok(find_card(conn, &id, &actor)?.qr_text)
    })
    .await
}

/// The card's QR code as a PNG (error correction M, 8 px a module, quiet zone included).
#[utoipa::path(get, path = "/api/v1/cards/{id}/qr.png", tag = "cards", params(("id" = String, Path)),
    responses((status = 200, content_type = "image/png", description = "QR code"), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/api/v1/cards/{id}/qr.png")]
pub async fn qr_png(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let text = qr_text(&state, actor, path.into_inner()).await?;
    let png = web::block(move || render_png(&text, Correction::M, 8)).await??;
    Ok(HttpResponse::Ok()
        .content_type("image/png")
        .insert_header(("Cache-Control", "private, no-store"))
        .body(png))
}

/// The card's QR code as SVG.
#[utoipa::path(get, path = "/api/v1/cards/{id}/qr.svg", tag = "cards", params(("id" = String, Path)),
    responses((status = 200, content_type = "image/svg+xml", description = "QR code"), (status = 404, body = Problem, content_type = "application/problem+json")))]
#[get("/api/v1/cards/{id}/qr.svg")]
pub async fn qr_svg(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let text = qr_text(&state, actor, path.into_inner()).await?;
    let svg = render_svg(&text, Correction::M, 8)?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("Cache-Control", "private, no-store"))
        .body(svg))
}

/// Renew a card: validity from now, a new signature by the active key; the number stays.
#[utoipa::path(post, path = "/api/v1/cards/{id}/renew", tag = "cards", params(("id" = String, Path)),
    responses((status = 200, body = CardView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/api/v1/cards/{id}/renew")]
pub async fn renew(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let view = renew_card(&state, actor, CardId(path.into_inner())).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Renews a card the actor may see (the caller checks the permission).
pub async fn renew_card(
    state: &web::Data<AppState>,
    actor: Clerk,
    id: CardId,
) -> Result<CardView, ApiError> {
    with_db(state, move |conn, state| {
        let now = crate::commands::unix_now();
        let c = find_card(conn, &id, &actor)?;
        let act = Act::by(&actor, now);
        let scope = actor.scope();
        db::write(conn, |tx| {
            issuance::renew(tx, &state.trust, &state.rules, &c, &scope, act)
        })?;
        Ok(CardView::new(&find_card(conn, &id, &actor)?, now))
    })
    .await
}

/// Reissue a lost card: the old card is revoked and a new one issued, in one transaction.
#[utoipa::path(post, path = "/api/v1/cards/{id}/reissue", tag = "cards", params(("id" = String, Path)), request_body = ReasonBody,
    responses((status = 200, body = ReissueResponse), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/api/v1/cards/{id}/reissue")]
pub async fn reissue(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
    body: ApiJson<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::HandleFamilies)?;
    let reason = body.0.parse()?;
    let response = reissue_card(&state, actor, CardId(path.into_inner()), reason).await?;
    Ok(HttpResponse::Ok().json(response))
}

/// Reissues a card the actor may see (the caller checks the permission and the reason).
pub async fn reissue_card(
    state: &web::Data<AppState>,
    actor: Clerk,
    id: CardId,
    reason: String,
) -> Result<ReissueResponse, ApiError> {
    with_db(state, move |conn, state| {
        let now = crate::commands::unix_now();
        let c = find_card(conn, &id, &actor)?;
        let act = Act::by(&actor, now);
        let scope = actor.scope();
        let (new_id, (m, index, status)) = db::write(conn, |tx| {
            issuance::reissue(tx, &state.trust, &state.rules, &c, &reason, &scope, act)
        })?;
        state
            .trust
            .set_status(m, index, status)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok(ReissueResponse {
            old: CardView::new(&find_card(conn, &id, &actor)?, now),
            new: CardView::new(&find_card(conn, &new_id, &actor)?, now),
        })
    })
    .await
}

async fn change(
    state: web::Data<AppState>,
    actor: Clerk,
    id: String,
    body: ReasonBody,
    action: StateAction,
) -> Result<HttpResponse, ApiError> {
    let reason = body.parse()?;
    let view = change_card_state(&state, actor, CardId(id), action, reason).await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Revokes, suspends or reinstates a card the actor may see, and updates the published status
/// list (the caller checks the permission and the reason).
pub async fn change_card_state(
    state: &web::Data<AppState>,
    actor: Clerk,
    id: CardId,
    action: StateAction,
    reason: String,
) -> Result<CardView, ApiError> {
    with_db(state, move |conn, state| {
        let now = crate::commands::unix_now();
        let c = find_card(conn, &id, &actor)?;
        let act = Act::by(&actor, now);
        let (m, index, status) = db::write(conn, |tx| {
            issuance::change_state(tx, &c, action, &reason, act)
        })?;
        state
            .trust
            .set_status(m, index, status)
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        Ok(CardView::new(&find_card(conn, &id, &actor)?, now))
    })
    .await
}

/// Revoke a card for good, with a reason.
#[utoipa::path(post, path = "/api/v1/cards/{id}/revoke", tag = "cards", params(("id" = String, Path)), request_body = ReasonBody,
    responses((status = 200, body = CardView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/api/v1/cards/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
    body: ApiJson<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::ChangeCardState)?;
    change(state, actor, path.into_inner(), body.0, StateAction::Revoke).await
}

/// Suspend a card, with a reason; it can be reinstated.
#[utoipa::path(post, path = "/api/v1/cards/{id}/suspend", tag = "cards", params(("id" = String, Path)), request_body = ReasonBody,
    responses((status = 200, body = CardView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/api/v1/cards/{id}/suspend")]
pub async fn suspend(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
    body: ApiJson<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::ChangeCardState)?;
    change(
        state,
        actor,
        path.into_inner(),
        body.0,
        StateAction::Suspend,
    )
    .await
}

/// Reinstate a suspended card, with a reason.
#[utoipa::path(post, path = "/api/v1/cards/{id}/reinstate", tag = "cards", params(("id" = String, Path)), request_body = ReasonBody,
    responses((status = 200, body = CardView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
#[post("/api/v1/cards/{id}/reinstate")]
pub async fn reinstate(
    state: web::Data<AppState>,
    actor: Clerk,
    path: web::Path<String>,
    body: ApiJson<ReasonBody>,
) -> Result<HttpResponse, ApiError> {
    actor.require(Permission::ChangeCardState)?;
    change(
        state,
        actor,
        path.into_inner(),
        body.0,
        StateAction::Reinstate,
    )
    .await
}
