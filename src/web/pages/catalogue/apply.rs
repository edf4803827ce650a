//! The public application to join (`/partners/apply`): a business asks to become a partner. No
//! account and no session, so the form's CSRF token is a random value in a short-lived
//! SameSite=Strict cookie that the hidden field repeats (double submit, as the console's sign-in
//! form does), checked with the cross-site headers. Each client address may send a few an hour
//! (`AppState::take_application`); a hidden honeypot field catches simple bots, which see the
//! same thanks as a person and store nothing.

use actix_web::cookie::{time::Duration, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use kartu_card::Municipality;
use serde::Deserialize;

use crate::app::applications::{self, ApplicationInput};
use crate::app::error::{Error, FieldError};
use crate::domain::secret;
use crate::web::act;
use crate::web::error::ApiError;
use crate::web::pages::catalogue::category_choices;
use crate::web::pages::{Page, PageError};
use crate::web::request::is_cross_site;
use crate::web::state::AppState;

const APPLY_CSRF_COOKIE: &str = "kartu_apply_csrf";
const APPLY_PATH: &str = "/partners/apply";

/// How long a form stays good to send.
const FORM_HOURS: i64 = 2;

/// The form's fields, as typed (and sent back on a problem). The honeypot is never sent back.
#[derive(Debug, Default, Deserialize)]
pub struct ApplyFields {
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    legal_id: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    contact_name: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    company_website_2: String,
    #[serde(default)]
    csrf_token: String,
}

#[derive(Template)]
#[template(path = "catalogue/apply.html")]
struct ApplyPage {
    page: Page,
    csrf: String,
    form: ApplyFields,
    errors: Vec<FieldError>,
    /// The message key of a problem with the whole form.
    problem: Option<&'static str>,
}

impl ApplyPage {
    fn errors_of(&self, field: &str) -> Vec<String> {
        self.page.field_errors(&self.errors, field)
    }

    fn invalid(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    fn error_count(&self) -> u64 {
        self.errors.len() as u64
    }

    fn municipalities(&self) -> Vec<(String, String, bool)> {
        Municipality::ALL
            .iter()
            .map(|m| {
                let code = m.code();
                (
                    code.to_string(),
                    self.page.name_of(m),
                    code == self.form.municipality.trim(),
                )
            })
            .collect()
    }

    fn categories(&self) -> Vec<(String, String, bool)> {
        category_choices(&self.page, self.form.category.trim())
    }
}

/// The form, with a new CSRF token in its field and its cookie.
fn form_page(
    page: Page,
    status: StatusCode,
    form: ApplyFields,
    errors: Vec<FieldError>,
    problem: Option<&'static str>,
) -> Result<HttpResponse, PageError> {
    let csrf = secret::random_secret();
    let secure = page.state().auth.cookie_secure;
    let view = ApplyPage {
        page,
        csrf: csrf.clone(),
        form: ApplyFields {
            company_website_2: String::new(),
            csrf_token: String::new(),
            ..form
        },
        errors,
        problem,
    };
    let mut response = view.page.respond(status, &view)?;
    let cookie = Cookie::build(APPLY_CSRF_COOKIE, csrf)
        .path(APPLY_PATH)
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .max_age(Duration::hours(FORM_HOURS))
        .finish();
    response
        .add_cookie(&cookie)
        .map_err(|e| view.page.error(ApiError::internal(e.to_string())))?;
    Ok(response)
}

/// `GET /partners/apply`: the empty form.
pub async fn form(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    form_page(
        page,
        StatusCode::OK,
        ApplyFields::default(),
        Vec::new(),
        None,
    )
}

#[derive(Template)]
#[template(path = "catalogue/thanks.html")]
struct ThanksPage {
    page: Page,
}

/// `POST /partners/apply`: the thanks page, the form again with every problem beside its field
/// (422), or the friendly 429 page when the address has sent too many.
pub async fn submit(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<ApplyFields>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    let mut form = form.into_inner();
    let expected = req
        .cookie(APPLY_CSRF_COOKIE)
        .map(|c| c.value().to_string())
        .unwrap_or_default();
    if is_cross_site(&req) || !secret::matches(&expected, &form.csrf_token) {
        return form_page(
            page,
            StatusCode::FORBIDDEN,
            form,
            Vec::new(),
            Some("apply-expired"),
        );
    }
    if let Err(seconds) = state.take_application(&req) {
        return Err(page.error(ApiError::TooManyRequests(seconds)));
    }
    let honeypot = std::mem::take(&mut form.company_website_2);
    let input = ApplicationInput {
        municipality: form.municipality.clone(),
        name: form.name.clone(),
        legal_id: form.legal_id.clone(),
        category: form.category.clone(),
        address: form.address.clone(),
        website: form.website.clone(),
        phone: form.phone.clone(),
        email: form.email.clone(),
        contact_name: form.contact_name.clone(),
        message: form.message.clone(),
        lang: page.lang_code().to_string(),
    };
    // A filled-in honeypot stores nothing and is thanked the same.
    match act(&state, move |k| applications::apply(k, &input, &honeypot)).await {
        Ok(_) => {
            let view = ThanksPage { page };
            let mut response = view.page.ok(&view)?;
            let mut gone = Cookie::build(APPLY_CSRF_COOKIE, "")
                .path(APPLY_PATH)
                .finish();
            gone.make_removal();
            response
                .add_cookie(&gone)
                .map_err(|e| view.page.error(ApiError::internal(e.to_string())))?;
            Ok(response)
        }
        Err(Error::Invalid(errors)) => {
            form_page(page, StatusCode::UNPROCESSABLE_ENTITY, form, errors, None)
        }
        Err(other) => Err(page.error(other)),
    }
}
