//! A family's data export (GDPR Art. 15) from the console, for supervisors: the JSON file to
//! download (`/console/families/{id}/export.json`) and a printable copy in the reader's language
//! (`/console/families/{id}/export`, `?lang=lt|pl|en`). Both render the API's own view
//! (`web::view::export`) of one act, `app::privacy::export_family`, which records the export.

use actix_web::http::header;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::app::privacy;
use crate::store::family::FamilyId;
use crate::web::act;
use crate::web::error::ApiError;
use crate::web::pages::console::cards::day;
use crate::web::pages::console::ConsoleUser;
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;
use crate::web::view::export::{ExportedAuditRecord, FamilyExportView};

async fn load(
    state: &web::Data<AppState>,
    user: ConsoleUser,
    id: String,
) -> Result<(FamilyExportView, Page), PageError> {
    let (actor, page) = (user.actor, user.page);
    let id = FamilyId(id);
    let export = act(state, move |k| privacy::export_family(k, &actor, &id))
        .await
        .map_err(|e| page.error(e))?;
    Ok((FamilyExportView::new(&export), page))
}

/// The export as a JSON file to save.
pub async fn download(
    state: web::Data<AppState>,
    user: ConsoleUser,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (view, page) = load(&state, user, path.into_inner()).await?;
    let json = serde_json::to_vec_pretty(&view).map_err(|e| {
        page.error(ApiError::Internal(
            anyhow::Error::new(e).context("writing the export"),
        ))
    })?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"family-{}.json\"", view.label()),
        ))
        .insert_header(("Cache-Control", "private, no-store"))
        .body(json))
}

#[derive(Template)]
#[template(path = "console/export.html")]
struct ExportPage {
    page: Page,
    export: FamilyExportView,
}

impl ExportPage {
    fn day<'a>(&self, rfc3339: &'a str) -> &'a str {
        day(rfc3339)
    }

    /// A time as people read it: `2026-12-03 14:05` (UTC).
    fn when(&self, rfc3339: &str) -> String {
        rfc3339
            .get(..16)
            .map_or_else(|| rfc3339.to_string(), |t| t.replace('T', " "))
    }

    fn maybe_day(&self, date: &Option<String>) -> String {
        date.as_deref()
            .map_or_else(|| "—".into(), |d| day(d).into())
    }

    fn number_of(&self, card_id: &str) -> String {
        self.export
            .cards
            .iter()
            .find(|c| c.id == card_id)
            .map_or_else(|| card_id.to_string(), |c| c.number.clone())
    }

    fn holder_of(&self, member_id: &str) -> String {
        self.export
            .members
            .iter()
            .find(|m| m.id == member_id)
            .map_or_else(String::new, |m| m.name.clone())
    }

    /// A recorded snapshot as indented JSON, or a dash.
    fn snapshot(&self, record: &ExportedAuditRecord, after: bool) -> String {
        let value = if after { &record.after } else { &record.before };
        value
            .as_ref()
            .and_then(|v| serde_json::to_string_pretty(v).ok())
            .unwrap_or_else(|| "—".into())
    }

    fn count_of(&self, key: &str, n: usize) -> String {
        self.page.count(key, n as u64)
    }
}

/// The printable copy, in the page's language (the switcher, or `?lang=`).
pub async fn printable(
    state: web::Data<AppState>,
    user: ConsoleUser,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (export, page) = load(&state, user, path.into_inner()).await?;
    let view = ExportPage { page, export };
    view.page.ok(&view)
}
