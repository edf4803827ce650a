//! Families and their members.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::app::actor::Actor;
use crate::app::families::{self, FamilyQuery};
use crate::app::{cards, members::MemberInput};
use crate::store::family::FamilyId;
use crate::store::member::MemberId;
use crate::web::act;
use crate::web::api::bodies::{CreateFamilyBody, MemberPatchBody, NewMemberBody};
use crate::web::error::{ApiError, Problem};
use crate::web::extract::ApiJson;
use crate::web::state::AppState;
use crate::web::view::{FamilyPage, FamilyView, IssueResponse};

#[derive(Debug, Deserialize, IntoParams)]
pub struct SearchQuery {
    /// A card number, part of a member's name (any letters; with one or two characters, the
    /// start of a name), or the start of a reference. `total` counts up to 1,000 and `more`
    /// says when there are more.
    #[serde(default)]
    pub q: String,
    /// Page number, from 1.
    pub page: Option<i64>,
    /// Results per page, 1–100 (default 20).
    pub per_page: Option<i64>,
}

/// Find families by card number, name or reference.
#[utoipa::path(get, path = "/api/v1/families", tag = "families", params(SearchQuery),
    responses((status = 200, body = FamilyPage), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`page` past 1,000, `per_page` outside 1–100 or `q` over 100 characters", body = Problem, content_type = "application/problem+json")))]
pub async fn search(
    state: web::Data<AppState>,
    actor: Actor,
    query: web::Query<SearchQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let query = FamilyQuery {
        text: query.q,
        page: query.page.unwrap_or(1),
        per_page: query.per_page.unwrap_or(20),
    };
    let found = act(&state, move |k| families::search(k, &actor, &query)).await?;
    Ok(HttpResponse::Ok().json(FamilyPage::new(&found)))
}

/// Register a family with its members. The answer includes the eligibility verdict.
#[utoipa::path(post, path = "/api/v1/families", tag = "families", request_body = CreateFamilyBody,
    responses((status = 201, body = FamilyView), (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<CreateFamilyBody>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0.into();
    let file = act(&state, move |k| families::register(k, &actor, &input)).await?;
    let view = FamilyView::new(&file, state.kartu.now());
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/families/{}", view.id)))
        .json(view))
}

/// Get a family with its members, eligibility and cards.
#[utoipa::path(get, path = "/api/v1/families/{id}", tag = "families", params(("id" = String, Path)),
    responses((status = 200, body = FamilyView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = FamilyId(path.into_inner());
    let file = act(&state, move |k| families::view(k, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(FamilyView::new(&file, state.kartu.now())))
}

/// Add a member to a family.
#[utoipa::path(post, path = "/api/v1/families/{id}/members", tag = "families", params(("id" = String, Path)), request_body = NewMemberBody,
    responses((status = 201, body = FamilyView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn add_member(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
    body: ApiJson<NewMemberBody>,
) -> Result<HttpResponse, ApiError> {
    let id = FamilyId(path.into_inner());
    let input = MemberInput::from(body.0);
    let file = act(&state, move |k| {
        families::add_member(k, &actor, &id, &input)
    })
    .await?;
    Ok(HttpResponse::Created().json(FamilyView::new(&file, state.kartu.now())))
}

/// Change a member's name, education or disability certificate dates.
#[utoipa::path(patch, path = "/api/v1/families/{id}/members/{member_id}", tag = "families",
    params(("id" = String, Path), ("member_id" = String, Path)), request_body = MemberPatchBody,
    responses((status = 200, body = FamilyView), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn change_member(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
    body: ApiJson<MemberPatchBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, member_id) = path.into_inner();
    let (id, member_id) = (FamilyId(id), MemberId(member_id));
    let patch = body.0.into();
    let file = act(&state, move |k| {
        families::change_member(k, &actor, &id, &member_id, &patch)
    })
    .await?;
    Ok(HttpResponse::Ok().json(FamilyView::new(&file, state.kartu.now())))
}

/// Remove a member; their current card is revoked in the same transaction.
#[utoipa::path(delete, path = "/api/v1/families/{id}/members/{member_id}", tag = "families",
    params(("id" = String, Path), ("member_id" = String, Path)),
    responses((status = 200, body = FamilyView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn remove_member(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, member_id) = path.into_inner();
    let (id, member_id) = (FamilyId(id), MemberId(member_id));
    let file = act(&state, move |k| {
        families::remove_member(k, &actor, &id, &member_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(FamilyView::new(&file, state.kartu.now())))
}

/// Issue cards: one for each qualifying member that holds none.
#[utoipa::path(post, path = "/api/v1/families/{id}/cards", tag = "cards", params(("id" = String, Path)),
    responses((status = 200, body = IssueResponse), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn issue(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = FamilyId(path.into_inner());
    let issued = act(&state, move |k| cards::issue(k, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(IssueResponse::new(&issued, state.kartu.now())))
}
