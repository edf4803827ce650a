//! Who is calling, as an extractor: a handler that takes an [`Actor`] is reached only by an
//! authenticated caller. The extractor resolves an API token (`Authorization: Bearer kartu_…`)
//! or the console session on every request, through `app::sessions`, so a disabled account, a
//! revoked or expired token or a logged-out session is refused (401) on its very next request.
//!
//! A cookie-authenticated request that changes state must also come from this site and carry
//! the session's CSRF token in the `X-CSRF-Token` header (forms: `pages::console::ConsoleForm`).
//! Roles and scope are the acts' own checks.

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{web, FromRequest, HttpRequest};

use crate::app::actor::Actor;
use crate::app::checkout::Checker;
use crate::app::sessions;
use crate::domain::secret;
use crate::store::partner_location::LocationId;
use crate::web::console_session::{self, SignedIn};
use crate::web::error::ApiError;
use crate::web::request::is_cross_site;
use crate::web::state::AppState;

/// The header a cookie-authenticated request that changes state must carry.
pub const CSRF_HEADER: &str = "x-csrf-token";

impl FromRequest for Actor {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Actor, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let bearer = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|v| v.trim().to_string());
        let signed_in = console_session::signed_in(&req.get_session());
        let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        let csrf = req
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let cross_site = is_cross_site(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("no application state"))?;
            if let Some(token) = bearer {
                return Ok(crate::web::act(&state, move |k| sessions::by_token(k, &token)).await?);
            }
            let Some(signed_in) = signed_in? else {
                return Err(ApiError::Unauthorized);
            };
            let actor = session_actor(&state, signed_in).await?;
            if changes_state {
                if cross_site {
                    return Err(ApiError::Forbidden("send this request from another site"));
                }
                let expected = actor.csrf().unwrap_or("");
                if !secret::matches(expected, csrf.as_deref().unwrap_or("")) {
                    return Err(ApiError::Forbidden(
                        "change anything without the form's CSRF token",
                    ));
                }
            }
            Ok(actor)
        })
    }
}

/// The account behind a live console session; 401 when the account is gone or disabled. The
/// caller checks CSRF for requests that change state.
pub async fn session_actor(
    state: &web::Data<AppState>,
    signed_in: SignedIn,
) -> Result<Actor, ApiError> {
    Ok(crate::web::act(state, move |k| {
        sessions::by_session(k, &signed_in.account_id, signed_in.csrf)
    })
    .await?)
}

/// The cookie a till link leaves in the checker's browser: its secret token.
pub const TILL_COOKIE: &str = "kartu_till";

/// Who the checker is, as the request shows it: a till link's cookie, else a partner account.
#[derive(Debug)]
pub enum Caller {
    Till(String),
    Partner(Actor),
}

impl Caller {
    pub async fn of(req: &HttpRequest) -> Result<Caller, ApiError> {
        if let Some(till) = req.cookie(TILL_COOKIE) {
            return Ok(Caller::Till(till.value().to_string()));
        }
        let actor = Actor::extract(req).await?;
        Ok(Caller::Partner(actor))
    }

    pub fn checker<'a>(&'a self, location: Option<&'a LocationId>) -> Checker<'a> {
        match self {
            Caller::Till(token) => Checker::Till(token),
            Caller::Partner(actor) => Checker::Partner(actor, location),
        }
    }
}
