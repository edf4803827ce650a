//! Pages for people: the clerk console (`/console`), the family page (`/family/<token>`), the
//! merchant checker (`/check`) and the partner catalogue (`/partners`). Rendered on the server with askama, one typed struct per page on
//! `templates/base.html`; every sentence comes from `locales/*.ftl`.
//!
//! The language is `?lang=` (the switcher on every page, remembered in a cookie), then that
//! cookie, then `Accept-Language`. Errors are a friendly page in that language, never a problem
//! document or a raw message. Pages never show a national ID number.

pub mod assets;
pub mod catalogue;
pub mod check;
pub mod console;
pub mod family;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use askama::Template;
use kartu_card::{Municipality, Role};

use crate::app::actor::{Actor, COMMAND_LINE};
use crate::domain::access::Permission;
use crate::domain::card_state::ShownStatus;
use crate::i18n::{plural_category, Lang};
use crate::web::error::ApiError;
use crate::web::request::{accepted_lang, picked_lang};
use crate::web::state::AppState;

/// The cookie that remembers the language picked with the switcher.
pub const LANG_COOKIE: &str = "kartu_lang";

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    page: Page,
}

/// The start page: where merchants, clerks and families each go.
pub async fn index(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, PageError> {
    let view = IndexPage {
        page: Page::new(&req, &state),
    };
    view.page.ok(&view)
}

/// Whether a request is a person's browser asking for a page rather than a program asking the
/// API: anything under `/console`, or it accepts HTML and is not under `/api/` or
/// `/.well-known/`.
pub fn wants_page(req: &HttpRequest) -> bool {
    let path = req.path();
    let html = req
        .headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    // The console is only ever read by people.
    path.starts_with("/console")
        || (html && !path.starts_with("/api/") && !path.starts_with("/.well-known/"))
}

/// An error as the caller reads it: the friendly page in their language for a person, the
/// problem document for a program.
pub fn answer_error(req: &HttpRequest, err: ApiError) -> actix_web::Error {
    match req.app_data::<web::Data<AppState>>() {
        Some(state) if wants_page(req) => Page::new(req, state).error(err).into(),
        _ => err.into(),
    }
}

/// The path of the same-site page a form was sent from (its `Referer`), without `lang`.
fn form_page(req: &HttpRequest) -> Option<String> {
    let referer = req.headers().get("referer")?.to_str().ok()?;
    let host = req.headers().get("host")?.to_str().ok()?;
    let after_scheme = referer.split_once("://")?.1;
    let path = after_scheme.strip_prefix(host)?;
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    if !path.starts_with('/') || path.starts_with("//") {
        return None;
    }
    let kept: Vec<(String, String)> = serde_urlencoded::from_str::<Vec<(String, String)>>(query)
        .ok()?
        .into_iter()
        .filter(|(k, _)| k != "lang")
        .collect();
    if kept.is_empty() {
        Some(path.to_string())
    } else {
        Some(format!(
            "{path}?{}",
            serde_urlencoded::to_string(kept).ok()?
        ))
    }
}

/// What every page needs: the reader's language, the translations, who is signed in.
#[derive(Debug, Clone)]
pub struct Page {
    pub lang: Lang,
    state: web::Data<AppState>,
    /// The path and query of this page, without `lang`, for the language switcher.
    here: String,
    /// The language was picked with `?lang=` now: remember it in the cookie.
    picked: bool,
    pub user: Option<Actor>,
}

impl Page {
    pub fn new(req: &HttpRequest, state: &web::Data<AppState>) -> Page {
        let query: Vec<(String, String)> =
            serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
        let picked = picked_lang(req);
        let remembered = req
            .cookie(LANG_COOKIE)
            .and_then(|c| c.value().parse::<Lang>().ok());
        let lang = picked.or(remembered).unwrap_or_else(|| accepted_lang(req));
        let rest: Vec<&(String, String)> = query.iter().filter(|(k, _)| k != "lang").collect();
        // One leading slash, whatever came: `//host/x` as a link would leave the site.
        let mut here = format!("/{}", req.path().trim_start_matches(['/', '\\']));
        if !rest.is_empty() {
            here.push('?');
            here.push_str(&serde_urlencoded::to_string(&rest).unwrap_or_default());
        }
        // A page that answers a form (a POST) has no address of its own to switch language on:
        // the switcher goes back to the page the form was on.
        if !matches!(
            *req.method(),
            actix_web::http::Method::GET | actix_web::http::Method::HEAD
        ) {
            here = form_page(req).unwrap_or_else(|| "/".to_string());
        }
        Page {
            lang,
            state: state.clone(),
            here,
            picked: picked.is_some(),
            user: None,
        }
    }

    pub fn with_user(mut self, user: &Actor) -> Page {
        self.user = Some(user.clone());
        self
    }

    /// The message `key` in the reader's language.
    pub fn t(&self, key: &str) -> String {
        self.state.translations.get(self.lang, key)
    }

    /// The message `<prefix><code>`: the name of a code (`category-food`, `partner-status-draft`).
    pub fn t_of(&self, prefix: &str, code: &str) -> String {
        self.t(&format!("{prefix}{code}"))
    }

    /// The message `key` in another language than the reader's (the printed card is bilingual).
    pub fn in_lang(&self, lang: Lang, key: &str) -> String {
        self.state.translations.get(lang, key)
    }

    /// The message `key` with one named argument.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.state
            .translations
            .get_args(self.lang, key, &[(name, value.to_string())])
    }

    /// A message that counts something: `$count` and its CLDR plural category `$category`.
    pub fn count(&self, key: &str, n: u64) -> String {
        self.state.translations.get_args(
            self.lang,
            key,
            &[
                ("count", n.to_string()),
                ("category", plural_category(self.lang, n).to_string()),
            ],
        )
    }

    /// The problems of one form field, in words: `field-<code>` of each error with that field.
    pub fn field_errors(
        &self,
        errors: &[crate::app::error::FieldError],
        field: &str,
    ) -> Vec<String> {
        errors
            .iter()
            .filter(|e| e.field == field)
            .map(|e| self.t(&format!("field-{}", e.code)))
            .collect()
    }

    /// A municipality's name, from its code (`ALY`, `VAR`, `ELK`).
    pub fn municipality_name(&self, code: &str) -> String {
        self.t(&format!("municipality-{code}"))
    }

    /// A municipality's name.
    pub fn name_of(&self, municipality: &Municipality) -> String {
        self.municipality_name(municipality.code())
    }

    /// The signed-in clerk's municipality, by name.
    pub fn own_municipality_name(&self) -> String {
        self.user
            .as_ref()
            .and_then(|u| u.home)
            .map_or_else(String::new, |m| self.name_of(&m))
    }

    /// A card's shown status (`CardState::shown`), in words.
    pub fn card_status(&self, shown: &str) -> String {
        self.t(&format!("card-status-{shown}"))
    }

    /// A card's shown status, in words.
    pub fn shown(&self, shown: &ShownStatus) -> String {
        self.card_status(shown.code())
    }

    /// `parent` or `child`, in words.
    pub fn role_name(&self, code: &str) -> String {
        self.t(&format!("role-{code}"))
    }

    /// A holder's role, in words.
    pub fn holder_role(&self, role: &Role) -> String {
        self.role_name(role.code())
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// The switcher's links: (code, label, href, is current).
    pub fn languages(&self) -> Vec<(&'static str, &'static str, String, bool)> {
        let sep = if self.here.contains('?') { '&' } else { '?' };
        Lang::ALL
            .iter()
            .map(|l| {
                let label = match l {
                    Lang::Lt => "Lietuvių",
                    Lang::Pl => "Polski",
                    Lang::En => "English",
                };
                (
                    l.code(),
                    label,
                    format!("{}{sep}lang={}", self.here, l.code()),
                    *l == self.lang,
                )
            })
            .collect()
    }

    /// The signed-in clerk's CSRF token, for the hidden field of every form that changes state.
    pub fn csrf(&self) -> String {
        self.user
            .as_ref()
            .and_then(Actor::csrf)
            .unwrap_or_default()
            .to_string()
    }

    fn user_may(&self, permission: Permission) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.may(permission))
    }

    pub fn may_handle_families(&self) -> bool {
        self.user_may(Permission::HandleFamilies)
    }

    pub fn may_change_state(&self) -> bool {
        self.user_may(Permission::ChangeCardState)
    }

    pub fn may_read_audit(&self) -> bool {
        self.user_may(Permission::ReadAudit)
    }

    pub fn may_manage_accounts(&self) -> bool {
        self.user_may(Permission::ManageAccounts)
    }

    pub fn may_manage_partners(&self) -> bool {
        self.user_may(Permission::ManagePartners)
    }

    pub fn may_publish_partners(&self) -> bool {
        self.user_may(Permission::PublishPartners)
    }

    pub fn may_read_usage(&self) -> bool {
        self.user_may(Permission::ReadUsage)
    }

    pub fn may_import(&self) -> bool {
        self.user_may(Permission::ImportRegister)
    }

    /// Whether the signed-in account is a partner's own (which sees only its partner).
    pub fn is_partner(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| u.role == crate::domain::access::AccountRole::Partner)
    }

    /// The message of a conflict an act answered with `code`: the area's own wording
    /// (`conflict-<area>-<code>`, e.g. a partner's rather than a card's) when it has one, else
    /// `conflict-<code>`, else the general "could not be carried out".
    pub fn conflict(&self, area: &str, code: &str) -> String {
        [
            format!("conflict-{area}-{code}"),
            format!("conflict-{code}"),
        ]
        .iter()
        .map(|key| (key, self.t(key)))
        .find(|(key, text)| text != *key)
        .map_or_else(|| self.t("error-bad-request"), |(_, text)| text)
    }

    /// `name · role · municipality` of the signed-in clerk, for the header.
    pub fn who(&self) -> String {
        match &self.user {
            Some(u) => format!(
                "{} · {} · {}",
                u.name,
                self.t(&format!("account-role-{}", u.role.code())),
                u.home.map_or("", |m| m.code())
            ),
            None => String::new(),
        }
    }

    /// The name an act was recorded under, for a page: the command line's in the page's
    /// language, every other (a username, `token:<label>`) as recorded.
    pub fn actor_name(&self, recorded: &str) -> String {
        match recorded.strip_prefix(COMMAND_LINE) {
            Some(rest) if rest.is_empty() || rest.starts_with(" (") => {
                format!("{}{rest}", self.t("actor-command-line"))
            }
            _ => recorded.to_string(),
        }
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// A rendered page as a response, remembering a language picked with the switcher.
    pub fn respond<T: Template>(
        &self,
        status: StatusCode,
        page: &T,
    ) -> Result<HttpResponse, PageError> {
        let html = page.render().map_err(|e| {
            self.error(ApiError::Internal(
                anyhow::Error::new(e).context("rendering a page"),
            ))
        })?;
        let mut response = HttpResponse::build(status);
        response
            .content_type("text/html; charset=utf-8")
            .insert_header(("Cache-Control", "no-store"));
        if let Some(cookie) = self.lang_cookie() {
            response.cookie(cookie);
        }
        Ok(response.body(html))
    }

    /// The cookie that remembers a language picked with `?lang=` on this request, if one was.
    fn lang_cookie(&self) -> Option<Cookie<'static>> {
        self.picked.then(|| {
            Cookie::build(LANG_COOKIE, self.lang.code())
                .path("/")
                .same_site(SameSite::Lax)
                .max_age(actix_web::cookie::time::Duration::days(365))
                .finish()
        })
    }

    /// A 303 to `path` (a path of this site, without a query) that keeps a language picked with
    /// `?lang=` on this request: in the address and in the cookie.
    pub fn redirect(&self, path: &str) -> HttpResponse {
        let mut response = HttpResponse::SeeOther();
        if let Some(cookie) = self.lang_cookie() {
            response.cookie(cookie);
            response.insert_header((
                actix_web::http::header::LOCATION,
                format!("{path}?lang={}", self.lang.code()),
            ));
        } else {
            response.insert_header((actix_web::http::header::LOCATION, path.to_string()));
        }
        response.finish()
    }

    pub fn ok<T: Template>(&self, page: &T) -> Result<HttpResponse, PageError> {
        self.respond(StatusCode::OK, page)
    }

    /// The friendly error page for `err` (an act's error or the web's own), in the reader's
    /// language: the one place an error becomes a page's message.
    pub fn error(&self, err: impl Into<ApiError>) -> PageError {
        let err = err.into();
        let status = err.status_code();
        err.log();
        let key = match &err {
            ApiError::NotFound(_) => "error-not-found",
            ApiError::Unauthorized => "error-unauthorized",
            ApiError::Forbidden(_) => "error-forbidden",
            ApiError::TooManyRequests(_) => "error-too-many",
            ApiError::TooLarge(_) => "error-too-large",
            ApiError::Validation(errors)
                if errors.iter().all(|e| e.code == "control_character") =>
            {
                "error-control"
            }
            ApiError::Conflict { .. } | ApiError::Validation(_) | ApiError::BadRequest { .. } => {
                "error-bad-request"
            }
            ApiError::UnsupportedMediaType => "error-bad-request",
            ApiError::Unavailable(_) | ApiError::Internal(_) => "error-internal",
        };
        let view = ErrorPage {
            page: self.clone(),
            title: self.t(&format!("{key}-title")),
            message: self.t(key),
        };
        let html = view.render().unwrap_or_else(|_| self.t(key));
        PageError { status, html }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Page,
    title: String,
    message: String,
}

/// A page that could not be shown, already rendered as the friendly error page.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    html: String,
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "page error {}", self.status)
    }
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status)
            .content_type("text/html; charset=utf-8")
            .insert_header(("Cache-Control", "no-store"))
            .body(self.html.clone())
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::form_page;

    #[test]
    fn a_form_answer_switches_language_on_the_page_the_form_came_from() {
        let req = |referer: &str| {
            TestRequest::post()
                .uri("/console/families")
                .insert_header(("host", "kartu.example"))
                .insert_header(("referer", referer))
                .to_http_request()
        };
        assert_eq!(
            form_page(&req(
                "https://kartu.example/console/families/new?rows=8&lang=pl"
            ))
            .as_deref(),
            Some("/console/families/new?rows=8")
        );
        assert_eq!(
            form_page(&req("https://evil.example/console")),
            None,
            "another site"
        );
        assert_eq!(
            form_page(&req("https://kartu.example//evil.example/x")),
            None
        );
        assert_eq!(form_page(&TestRequest::post().to_http_request()), None);
    }
}
