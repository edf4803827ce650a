//! Console sign-in: `POST /api/v1/session` logs in and sets the session cookie, `GET` says who
//! is signed in, `DELETE` logs out and ends the session on the server.
//!
//! Failed logins are counted per account name and per client address and answered 429 with a
//! lockout that fades. Unknown names, wrong passwords and disabled accounts get the same answer
//! after the same argon2 work.

use actix_session::Session;
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, Entry, Who};
use crate::auth::{self, Clerk, Credential};
use crate::console_session;
use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::models::account;
use crate::routes::with_db;
use crate::state::AppState;

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
    fn of(clerk: &Clerk) -> SessionView {
        SessionView {
            username: clerk.name.clone(),
            municipality: clerk.municipality.code().to_string(),
            role: clerk.role.code().to_string(),
            csrf_token: match &clerk.credential {
                Credential::Session { csrf, .. } => Some(csrf.clone()),
                Credential::Token => None,
            },
        }
    }
}

/// Log in. Sets the `kartu_session` cookie (HttpOnly, SameSite=Strict) with a new session key.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = LoginBody,
    responses((status = 200, body = SessionView), (status = 401, body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, body = crate::error::Problem, content_type = "application/problem+json")))]
#[post("/api/v1/session")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    body: ApiJson<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    if auth::is_cross_site(&req) {
        return Err(ApiError::Forbidden("sign in from another site"));
    }
    let body = body.0;
    let clerk = sign_in(&req, &state, &session, &body.username, body.password).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SessionView::of(&clerk)))
}

/// Checks a login and starts a session: the API's and the console's sign-in. A new session key is
/// issued every time and any session the browser already had ends (the key rotates at login);
/// the session middleware stores it and sets the cookie on the way out. Failures are throttled
/// per account name and per client address, and audited.
pub async fn sign_in(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    session: &Session,
    username: &str,
    password: String,
) -> Result<Clerk, ApiError> {
    let username = username.trim().to_lowercase();
    let addr = auth::client_addr(req, state.auth.trust_forwarded_for)
        .map_or_else(|| "unknown".to_string(), |a| a.to_string());
    let user_key = format!("user:{username}");
    let addr_key = format!("addr:{addr}");
    let started = std::time::Instant::now();
    let locked = state
        .login_throttle
        .locked_for(&user_key, started)
        .or_else(|| state.address_throttle.locked_for(&addr_key, started));
    if let Some(wait) = locked {
        return Err(ApiError::TooManyRequests(wait));
    }
    let csrf = auth::random_secret();
    let csrf_for_clerk = csrf.clone();
    let clerk = with_db(state, move |conn, state| {
        let now = crate::commands::unix_now();
        let found = account::find_by_username(conn, &username)?;
        let ok = auth::check_login(found.as_ref(), &password, &state.auth.dummy_hash);
        crate::db::write(conn, |tx| {
            let account = match found {
                Some(account) if ok => account,
                known => {
                    // Unknown names are recorded without the name: it may be a mistyped password.
                    let who = Who {
                        id: known.as_ref().map(|a| a.id.as_str()),
                        name: known.as_ref().map_or("unknown", |a| a.username.as_str()),
                    };
                    audit::record(
                        tx,
                        who,
                        now,
                        Entry {
                            municipality: known.as_ref().map(|a| a.municipality.clone()),
                            action: "login.failure",
                            subject_id: known.as_ref().map(|a| a.id.clone()),
                            ..Entry::default()
                        },
                    )?;
                    return Ok(None);
                }
            };
            audit::record(
                tx,
                Who {
                    id: Some(&account.id),
                    name: &account.username,
                },
                now,
                Entry {
                    municipality: Some(account.municipality.clone()),
                    action: "login.success",
                    subject_id: Some(account.id.clone()),
                    ..Entry::default()
                },
            )?;
            Ok(crate::models::session::to_clerk(
                account,
                Credential::Session {
                    csrf: csrf_for_clerk,
                },
            ))
        })
    })
    .await?;
    let Some(clerk) = clerk else {
        let now = std::time::Instant::now();
        state.login_throttle.fail(&user_key, now);
        state.address_throttle.fail(&addr_key, now);
        return Err(ApiError::Unauthorized);
    };
    state.login_throttle.succeed(&user_key);
    console_session::start(session, &clerk.id, &csrf)?;
    Ok(clerk)
}

/// Who is signed in (or which token is used), with the session's CSRF token.
#[utoipa::path(get, path = "/api/v1/session", tag = "session",
    responses((status = 200, body = SessionView), (status = 401, body = crate::error::Problem, content_type = "application/problem+json")))]
#[get("/api/v1/session")]
pub async fn current(clerk: Clerk) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(SessionView::of(&clerk)))
}

/// Log out: the session ends on the server, so a copy of the cookie is worthless afterwards.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session",
    responses((status = 204, description = "Logged out"), (status = 401, body = crate::error::Problem, content_type = "application/problem+json")))]
#[delete("/api/v1/session")]
pub async fn logout(
    state: web::Data<AppState>,
    session: Session,
    clerk: Clerk,
) -> Result<HttpResponse, ApiError> {
    sign_out(&state, &session, clerk).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends a console session: audited here, deleted from the table and cleared from the browser by
/// the session middleware on the way out.
pub async fn sign_out(
    state: &web::Data<AppState>,
    session: &Session,
    clerk: Clerk,
) -> Result<(), ApiError> {
    let Credential::Session { .. } = clerk.credential else {
        return Err(ApiError::BadRequest {
            code: "not_a_session",
            detail: "API tokens are not logged out; an admin revokes them".into(),
        });
    };
    with_db(state, move |conn, _| {
        let now = crate::commands::unix_now();
        crate::db::write(conn, |tx| {
            audit::record(
                tx,
                clerk.who(),
                now,
                Entry {
                    municipality: Some(clerk.municipality.code().to_string()),
                    action: "logout",
                    subject_id: Some(clerk.id.clone()),
                    ..Entry::default()
                },
            )
        })
    })
    .await?;
    console_session::end(session);
    Ok(())
}
