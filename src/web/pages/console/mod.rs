//! The clerk console: sign in, find and register families, issue and manage cards, print them;
//! register and manage partners, their offers and till links, decide applications to join and
//! partners' proposals, read the usage statistics; and a partner account's own page.
//!
//! Signed-in pages take a [`ConsoleUser`] (a console session, never an API token); a page without
//! a session redirects to the sign-in form. Every form that changes state is read through
//! [`ConsoleForm`], which refuses it unless its hidden `csrf_token` field matches the session's
//! token (compared in constant time) and the browser does not say it comes from another site.
//! The console calls the same acts as the API (`app`), so a clerk and a till are held to the
//! same rules, scopes and audit trail.

pub mod admin;
pub mod applications;
pub mod cards;
pub mod due;
pub mod export;
pub mod families;
pub mod import;
pub mod links;
pub mod login;
pub mod own;
pub mod partners;
pub mod reprint;
pub mod usage;

use std::future::Future;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};

use crate::app::actor::Actor;
use crate::domain::access::Permission;
use crate::domain::secret;
use crate::web::auth::session_actor;
use crate::web::console_session::{self, SignedIn};
use crate::web::error::ApiError;
use crate::web::pages::{Page, PageError};
use crate::web::request::is_cross_site;
use crate::web::state::AppState;

/// A redirect after a form (303, so the browser follows with GET).
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_string()))
        .finish()
}

/// The signed-in clerk of a console page, with the page context in their language.
#[derive(Debug)]
pub struct ConsoleUser {
    pub actor: Actor,
    pub page: Page,
}

fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, actix_web::Error> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("no application state").into())
}

async fn signed_in(
    state: web::Data<AppState>,
    signed_in: Result<Option<SignedIn>, ApiError>,
    page: Page,
) -> Result<ConsoleUser, actix_web::Error> {
    let to_login = || {
        actix_web::error::InternalError::from_response(
            "not signed in",
            page.redirect("/console/login"),
        )
        .into()
    };
    let Some(signed_in) = signed_in.map_err(|e| page.error(e))? else {
        return Err(to_login());
    };
    match session_actor(&state, signed_in).await {
        Ok(actor) => Ok(ConsoleUser {
            page: page.with_user(&actor),
            actor,
        }),
        Err(ApiError::Unauthorized) => Err(to_login()),
        Err(other) => Err(page.error(other).into()),
    }
}

impl ConsoleUser {
    /// The clerk and the page, if the clerk's role allows `permission`; else the friendly 403.
    /// (For a page that shows a form; an act checks its permission itself.)
    pub fn allowed(self, permission: Permission) -> Result<(Actor, Page), PageError> {
        match self.actor.require(permission) {
            Ok(()) => Ok((self.actor, self.page)),
            Err(e) => Err(self.page.error(e)),
        }
    }
}

impl FromRequest for ConsoleUser {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = app_state(req);
        let session = console_session::signed_in(&req.get_session());
        let req = req.clone();
        Box::pin(async move {
            let state = state?;
            let page = Page::new(&req, &state);
            signed_in(state, session, page).await
        })
    }
}

/// A submitted console form: the signed-in clerk and the form's fields, accepted only with the
/// session's CSRF token in the hidden `csrf_token` field and not from another site.
#[derive(Debug)]
pub struct ConsoleForm {
    pub user: ConsoleUser,
    /// `scheme://host` as the browser reached the service, for links printed from the console.
    pub origin: String,
    pub fields: FormFields,
}

/// The fields of a submitted form.
#[derive(Debug, Clone, Default)]
pub struct FormFields(Vec<(String, String)>);

impl FormFields {
    /// The value of a field, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    pub fn from_pairs(pairs: &[(&str, &str)]) -> FormFields {
        FormFields(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    /// Drops a field, so that a form sent back never carries it (a password).
    pub fn forget(&mut self, name: &str) {
        self.0.retain(|(k, _)| k != name);
    }

    /// Every value of a field that is sent more than once (checkboxes), trimmed.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }
}

impl ConsoleForm {
    pub fn get(&self, name: &str) -> &str {
        self.fields.get(name)
    }
}

impl FromRequest for ConsoleForm {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = app_state(req);
        let session = console_session::signed_in(&req.get_session());
        let cross_site = is_cross_site(req);
        let body = web::Bytes::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let state = state?;
            let origin = crate::web::request::origin(&req, &state.auth);
            let page = Page::new(&req, &state);
            let limit = state.body_limit;
            let body = body
                .await
                .map_err(|_| page.error(ApiError::TooLarge(limit)))?;
            let user = signed_in(state, session, page).await?;
            let fields: Vec<(String, String)> =
                serde_urlencoded::from_bytes(&body).map_err(|e| {
                    user.page.error(ApiError::BadRequest {
                        code: "bad_form",
                        detail: e.to_string(),
                    })
                })?;
            if let Some(field) = crate::web::control::control_in_fields(&fields) {
                return Err(user.page.error(crate::web::control::refusal(field)).into());
            }
            let sent = fields
                .iter()
                .find(|(k, _)| k == "csrf_token")
                .map_or("", |(_, v)| v.as_str());
            if cross_site || !secret::matches(&user.page.csrf(), sent) {
                return Err(user
                    .page
                    .error(ApiError::Forbidden("send a form without its CSRF token"))
                    .into());
            }
            Ok(ConsoleForm {
                user,
                origin,
                fields: FormFields(fields),
            })
        })
    }
}
