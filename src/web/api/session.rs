//! Console sign-in: `POST /api/v1/session` logs in and sets the session cookie, `GET` says who
//! is signed in, `DELETE` logs out and ends the session on the server.
//!
//! Failed logins are counted per account name and per client address and answered 429 with a
//! lockout that fades. Unknown names, wrong passwords and disabled accounts get the same answer
//! after the same argon2 work.

use actix_session::Session;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::app::actor::Actor;
use crate::web::console_session::{sign_in, sign_out};
use crate::web::error::{ApiError, Problem};
use crate::web::extract::ApiJson;
use crate::web::request::is_cross_site;
use crate::web::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionView {
    pub username: String,
    pub municipality: String,
    pub role: String,
    /// Send it back as `X-CSRF-Token` (or a form's `csrf_token` field) with every request that
    /// changes something. Absent for API tokens, which need none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

impl SessionView {
    fn of(actor: &Actor) -> SessionView {
        SessionView {
            username: actor.name.clone(),
            municipality: actor.home.map_or("", |m| m.code()).to_string(),
            role: actor.role.code().to_string(),
            csrf_token: actor.csrf().map(str::to_string),
        }
    }
}

/// Log in. Sets the `kartu_session` cookie (HttpOnly, SameSite=Strict) with a new session key.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginBody,
    responses((status = 200, body = SessionView), (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json")))]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    body: ApiJson<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    if is_cross_site(&req) {
        return Err(ApiError::Forbidden("sign in from another site"));
    }
    let body = body.0;
    let actor = sign_in(&req, &state, &session, body.username, body.password).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SessionView::of(&actor)))
}

/// Who is signed in (or which token is used), with the session's CSRF token.
#[utoipa::path(get, path = "/api/v1/session", tag = "session",
    responses((status = 200, body = SessionView), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn current(actor: Actor) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SessionView::of(&actor)))
}

/// Log out: the session ends on the server, so a copy of the cookie is worthless afterwards.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Logged out"), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn logout(
    state: web::Data<AppState>,
    session: Session,
    actor: Actor,
) -> Result<HttpResponse, ApiError> {
    sign_out(&state, &session, actor).await?;
    Ok(HttpResponse::NoContent().finish())
}
