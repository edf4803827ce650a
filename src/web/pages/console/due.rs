//! What is due, in the console (clerks and supervisors): for the clerk's municipality and the
//! next days (30 unless asked), each entry with its reason and a link to the family, and the same
//! list as CSV for mailing (`/console/due.csv`) with its header and reasons in the page's
//! language. The act is `app::due::due`, the same as the API's.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::due::{self, DueEntry, DueList, DEFAULT_DAYS, MAX_DAYS};
use crate::app::error::{Error, FieldError};
use crate::web::act;
use crate::web::error::ApiError;
use crate::web::pages::console::ConsoleUser;
use crate::web::pages::{Page, PageError};
use crate::web::request::origin;
use crate::web::state::AppState;
use crate::web::view::due as view;

#[derive(Debug, Default, Deserialize)]
pub struct DueQuery {
    #[serde(default)]
    days: Option<String>,
}

#[derive(Template)]
#[template(path = "console/due.html")]
struct DuePage {
    page: Page,
    /// The window as typed, for the form.
    days: String,
    list: Option<DueList>,
    errors: Vec<FieldError>,
}

impl DuePage {
    fn reason(&self, e: &DueEntry) -> String {
        self.page.t(&format!("due-kind-{}", e.kind.code()))
    }

    fn family_label(&self, e: &DueEntry) -> String {
        self.list
            .as_ref()
            .map(|l| view::family_label(e, l))
            .unwrap_or_default()
    }

    fn family_path(&self, e: &DueEntry) -> String {
        view::family_path(&e.family_id.0)
    }

    fn member(&self, e: &DueEntry) -> String {
        match (e.member_number, &e.member_name) {
            (Some(n), Some(name)) => format!("{name} ({n})"),
            _ => String::new(),
        }
    }

    fn card(&self, e: &DueEntry) -> String {
        e.card_number.map(|n| n.to_string()).unwrap_or_default()
    }

    fn count(&self) -> u64 {
        self.list.as_ref().map_or(0, |l| l.entries.len() as u64)
    }

    fn window(&self) -> String {
        self.list
            .as_ref()
            .map_or_else(String::new, |l| format!("{} – {}", l.from, l.until))
    }

    fn csv_link(&self) -> String {
        let days = self.list.as_ref().map_or(DEFAULT_DAYS, |l| l.days);
        format!("/console/due.csv?days={days}")
    }

    fn max_days(&self) -> String {
        MAX_DAYS.to_string()
    }

    fn err(&self, field: &str) -> Vec<String> {
        self.page.field_errors(&self.errors, field)
    }
}

async fn list(
    state: &web::Data<AppState>,
    user: &ConsoleUser,
    days: Option<&str>,
) -> Result<DueList, Error> {
    let days = due::days(days)?;
    let actor = user.actor.clone();
    act(state, move |k| due::due(k, &actor, days)).await
}

pub async fn page(
    state: web::Data<AppState>,
    user: ConsoleUser,
    query: web::Query<DueQuery>,
) -> Result<HttpResponse, PageError> {
    let typed = query.into_inner().days;
    let (status, list, errors) = match list(&state, &user, typed.as_deref()).await {
        Ok(list) => (StatusCode::OK, Some(list), Vec::new()),
        Err(Error::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, None, errors),
        Err(other) => return Err(user.page.error(other)),
    };
    let days = match &list {
        Some(l) => l.days.to_string(),
        None => typed.unwrap_or_default(),
    };
    let view = DuePage {
        page: user.page,
        days,
        list,
        errors,
    };
    view.page.respond(status, &view)
}

/// The list as CSV, its header and reasons in the page's language.
pub async fn csv(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ConsoleUser,
    query: web::Query<DueQuery>,
) -> Result<HttpResponse, PageError> {
    let typed = query.into_inner().days;
    let found = list(&state, &user, typed.as_deref())
        .await
        .map_err(|e| user.page.error(e))?;
    let page = &user.page;
    let bytes = view::csv(
        &found,
        page.lang,
        &state.translations,
        &origin(&req, &state.auth),
    )
    .map_err(|e| page.error(ApiError::Internal(e.context("writing the CSV"))))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"kartu-due.csv\"",
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(bytes))
}
