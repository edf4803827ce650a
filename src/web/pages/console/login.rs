//! Signing in and out of the console, and its start page (finding families; a partner
//! account's own page, `console::own`).
//!
//! The sign-in form has no session yet, so its CSRF token is a random value in a short-lived
//! SameSite=Strict cookie that the hidden field must repeat (double submit), checked together
//! with the Origin / Sec-Fetch-Site headers. Signing in goes through the same throttled, audited
//! `sign_in` as the API and always issues a new session key.

use actix_session::Session;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::families::{self, FamilyQuery};
use crate::domain::access::{AccountRole, Permission};
use crate::domain::secret;
use crate::web::act;
use crate::web::console_session::{sign_in, sign_out};
use crate::web::error::ApiError;
use crate::web::pages::console::{own, ConsoleForm, ConsoleUser};
use crate::web::pages::{Page, PageError};
use crate::web::request::is_cross_site;
use crate::web::state::AppState;
use crate::web::view::FamilySummary;

const LOGIN_CSRF_COOKIE: &str = "kartu_login_csrf";

#[derive(Template)]
#[template(path = "console/login.html")]
struct LoginPage {
    page: Page,
    csrf: String,
    username: String,
    /// The message key of what went wrong, if anything.
    problem: Option<&'static str>,
}

fn login_page(
    page: Page,
    status: StatusCode,
    username: String,
    problem: Option<&'static str>,
    secure: bool,
) -> Result<HttpResponse, PageError> {
    let csrf = secret::random_secret();
    let view = LoginPage {
        page,
        csrf: csrf.clone(),
        username,
        problem,
    };
    let mut response = view.page.respond(status, &view)?;
    let cookie = Cookie::build(LOGIN_CSRF_COOKIE, csrf)
        .path("/console/login")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .finish();
    response
        .add_cookie(&cookie)
        .map_err(|e| view.page.error(ApiError::internal(e.to_string())))?;
    Ok(response)
}

pub async fn login_form(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    login_page(
        page,
        StatusCode::OK,
        String::new(),
        None,
        state.auth.cookie_secure,
    )
}

#[derive(Debug, Deserialize)]
pub struct LoginFields {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
}

pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    session: Session,
    form: web::Form<LoginFields>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    let form = form.into_inner();
    let expected = req
        .cookie(LOGIN_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if is_cross_site(&req) || !secret::matches(&expected, &form.csrf_token) {
        return login_page(
            page,
            StatusCode::FORBIDDEN,
            form.username,
            Some("login-expired"),
            state.auth.cookie_secure,
        );
    }
    match sign_in(&req, &state, &session, form.username.clone(), form.password).await {
        Ok(_) => {
            let mut gone = Cookie::build(LOGIN_CSRF_COOKIE, "")
                .path("/console/login")
                .finish();
            gone.make_removal();
            Ok(HttpResponse::SeeOther()
                .insert_header(("Location", "/console"))
                .cookie(gone)
                .finish())
        }
        Err(ApiError::Unauthorized) => login_page(
            page,
            StatusCode::UNAUTHORIZED,
            form.username,
            Some("login-failed"),
            state.auth.cookie_secure,
        ),
        Err(ApiError::TooManyRequests(_)) => login_page(
            page,
            StatusCode::TOO_MANY_REQUESTS,
            form.username,
            Some("login-locked"),
            state.auth.cookie_secure,
        ),
        Err(other) => Err(page.error(other)),
    }
}

pub async fn logout(
    state: web::Data<AppState>,
    session: Session,
    form: ConsoleForm,
) -> Result<HttpResponse, PageError> {
    let user = form.user;
    sign_out(&state, &session, user.actor)
        .await
        .map_err(|e| user.page.error(e))?;
    Ok(HttpResponse::SeeOther()
        .insert_header(("Location", "/console/login"))
        .finish())
}

#[derive(Template)]
#[template(path = "console/home.html")]
struct HomePage {
    page: Page,
    query: String,
    searched: bool,
    results: Vec<FamilySummary>,
    total: u64,
    /// More than `total` families match.
    more: bool,
}

#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    #[serde(default)]
    q: String,
    done: Option<String>,
}

/// The start page: family search for clerks; a partner account's own page for a partner's.
pub async fn home(
    state: web::Data<AppState>,
    user: ConsoleUser,
    query: web::Query<HomeQuery>,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    if user.actor.role == AccountRole::Partner {
        return own::home(&state, user.actor, user.page, query.done.as_deref()).await;
    }
    let page = user.page;
    let text = query.q.trim().to_string();
    let searched = !text.is_empty() && user.actor.may(Permission::HandleFamilies);
    let (results, total, more) = if searched {
        let query = FamilyQuery {
            text: text.chars().take(100).collect(),
            page: 1,
            per_page: 50,
        };
        let actor = user.actor;
        let found = act(&state, move |k| families::search(k, &actor, &query))
            .await
            .map_err(|e| page.error(e))?;
        let results = found.items.iter().map(FamilySummary::new).collect();
        let total = u64::try_from(found.total).unwrap_or(0);
        (results, total, found.more)
    } else {
        (Vec::new(), 0, false)
    };
    let view = HomePage {
        page,
        query: text,
        searched,
        results,
        total,
        more,
    };
    view.page.ok(&view)
}
