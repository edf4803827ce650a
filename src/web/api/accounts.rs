//! Accounts and API tokens, managed by admins. A generated password and a new token are shown
//! once, in the answer that creates them, and never again.

use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::accounts::{self, AccountInput, TokenInput};
use crate::app::actor::Actor;
use crate::store::account::AccountId;
use crate::store::api_token::TokenId;
use crate::web::act;
use crate::web::error::{ApiError, Problem};
use crate::web::extract::ApiJson;
use crate::web::state::AppState;
use crate::web::view::{AccountView, TokenView};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAccountBody {
    /// 3–64 characters: lower-case letters, digits, `.`, `_`, `-`.
    pub username: String,
    /// `ALY`, `VAR` or `ELK`.
    pub municipality: String,
    /// `clerk`, `supervisor` or `admin`.
    pub role: String,
    /// At least 12 characters. Without it a password is generated and returned once.
    pub password: Option<String>,
}

impl From<NewAccountBody> for AccountInput {
    fn from(b: NewAccountBody) -> AccountInput {
        AccountInput {
            username: b.username,
            municipality: b.municipality,
            role: b.role,
            password: b.password,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenBody {
    /// What the token is for, e.g. `till 3, Maxima Alytus`.
    pub label: String,
    pub municipality: String,
    pub role: String,
    /// 1–730 days.
    pub valid_days: i64,
}

impl From<NewTokenBody> for TokenInput {
    fn from(b: NewTokenBody) -> TokenInput {
        TokenInput {
            label: b.label,
            municipality: b.municipality,
            role: b.role,
            valid_days: b.valid_days,
        }
    }
}

/// Create an account (admins).
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = NewAccountBody,
    responses((status = 201, body = AccountView), (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<NewAccountBody>,
) -> Result<HttpResponse, ApiError> {
    let input = AccountInput::from(body.0);
    let (account, password) = act(&state, move |k| {
        accounts::create_account(&k.db, &actor, &input)
    })
    .await?;
    let mut view = AccountView::of(&account);
    view.password = password;
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// Every account (admins).
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts",
    responses((status = 200, body = Vec<AccountView>), (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list(state: web::Data<AppState>, actor: Actor) -> Result<HttpResponse, ApiError> {
    let rows = act(&state, move |k| accounts::accounts(&k.db, &actor)).await?;
    let views: Vec<AccountView> = rows.iter().map(AccountView::of).collect();
    Ok(HttpResponse::Ok().json(views))
}

async fn set_disabled(
    state: web::Data<AppState>,
    actor: Actor,
    id: String,
    disable: bool,
) -> Result<HttpResponse, ApiError> {
    let id = AccountId(id);
    let account = act(&state, move |k| {
        accounts::set_disabled(&k.db, &actor, &id, disable)
    })
    .await?;
    Ok(HttpResponse::Ok().json(AccountView::of(&account)))
}

/// Disable an account: refused from its very next request, and its sessions end (admins).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/disable", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn disable_account(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    set_disabled(state, actor, path.into_inner(), true).await
}

/// Enable a disabled account again (admins).
#[utoipa::path(post, path = "/api/v1/accounts/{id}/enable", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = AccountView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn enable_account(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    set_disabled(state, actor, path.into_inner(), false).await
}

/// Create an API token; the token is in this answer only (admins).
#[utoipa::path(post, path = "/api/v1/tokens", tag = "accounts", request_body = NewTokenBody,
    responses((status = 201, body = TokenView), (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn create_token(
    state: web::Data<AppState>,
    actor: Actor,
    body: ApiJson<NewTokenBody>,
) -> Result<HttpResponse, ApiError> {
    let input = TokenInput::from(body.0);
    let (row, token) = act(&state, move |k| {
        accounts::create_token(&k.db, &actor, &input)
    })
    .await?;
    let mut view = TokenView::of(&row);
    view.token = Some(token);
    Ok(HttpResponse::Created()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// Every API token, without the secrets (admins).
#[utoipa::path(get, path = "/api/v1/tokens", tag = "accounts",
    responses((status = 200, body = Vec<TokenView>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list_tokens(
    state: web::Data<AppState>,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    let rows = act(&state, move |k| accounts::tokens(&k.db, &actor)).await?;
    let views: Vec<TokenView> = rows.iter().map(TokenView::of).collect();
    Ok(HttpResponse::Ok().json(views))
}

/// Revoke an API token: refused from its next request (admins).
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", tag = "accounts", params(("id" = String, Path)),
    responses((status = 200, body = TokenView), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn revoke_token(
    state: web::Data<AppState>,
    actor: Actor,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = TokenId(path.into_inner());
    let token = act(&state, move |k| accounts::revoke_token(&k.db, &actor, &id)).await?;
    Ok(HttpResponse::Ok().json(TokenView::of(&token)))
}
