//! Importing a register from the console (supervisors): upload a CSV file for a dry run or the
//! real import; it runs after the upload has answered (`app::import_jobs` keeps its progress),
//! and its page shows the progress, then the report, which downloads as CSV. The act is the one
//! `kartu import` runs (`app::import::import_register`).
//!
//! The uploaded file is read in memory and never stored: a dry run's report is kept, its file
//! is not, so the real import is a second upload of the same file.

use actix_multipart::Multipart;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use futures_util::StreamExt;

use crate::app::actor::Actor;
use crate::app::import::{self, ImportOptions};
use crate::app::import_jobs;
use crate::domain::access::Permission;
use crate::domain::register_csv::{self, TextEncoding};
use crate::domain::secret;
use crate::i18n::Lang;
use crate::store::import::Import;
use crate::web::act;
use crate::web::error::ApiError;
use crate::web::pages::console::{see_other, ConsoleUser};
use crate::web::pages::{Page, PageError};
use crate::web::request::is_cross_site;
use crate::web::state::AppState;

/// The largest register file accepted: about 200,000 rows.
pub const MAX_FILE_BYTES: usize = 32 * 1024 * 1024;

/// Rows of a report shown in the page; the CSV has them all.
const SHOWN_ROWS: usize = 500;

#[derive(Template)]
#[template(path = "console/import.html")]
struct ImportPage {
    page: Page,
    imports: Vec<Import>,
    /// A problem with the upload itself, as a message.
    problem: Option<String>,
}

#[derive(Template)]
#[template(path = "console/import_job.html")]
struct JobPage {
    page: Page,
    job: Import,
    /// The report's rows (header first), at most [`SHOWN_ROWS`].
    rows: Vec<Vec<String>>,
    more: usize,
}

impl JobPage {
    fn running(&self) -> bool {
        self.job.status == "running"
    }
}

fn page_of(page: &Page, imports: Vec<Import>, problem: Option<String>) -> ImportPage {
    ImportPage {
        page: page.clone(),
        imports,
        problem,
    }
}

pub async fn form(
    state: web::Data<AppState>,
    user: ConsoleUser,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = user.allowed(Permission::ImportRegister)?;
    let imports = act(&state, move |k| import_jobs::recent(k, &actor))
        .await
        .map_err(|e| page.error(e))?;
    page.ok(&page_of(&page, imports, None))
}

/// What the upload form sent.
#[derive(Debug, Default)]
struct Upload {
    csrf: String,
    dry_run: bool,
    issue: bool,
    encoding: String,
    file_name: String,
    file: Vec<u8>,
}

async fn read_upload(mut body: Multipart) -> Result<Upload, ApiError> {
    let mut upload = Upload::default();
    while let Some(field) = body.next().await {
        let mut field = field.map_err(|_| bad("the form could not be read"))?;
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            upload.file_name = field
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or("register.csv")
                .to_string();
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(|_| bad("the form could not be read"))?;
            if value.len() + chunk.len() > MAX_FILE_BYTES {
                return Err(ApiError::TooLarge(MAX_FILE_BYTES));
            }
            value.extend_from_slice(&chunk);
        }
        let text = || String::from_utf8_lossy(&value).trim().to_string();
        match name.as_str() {
            "csrf_token" => upload.csrf = text(),
            "mode" => upload.dry_run = text() != "import",
            "issue" => upload.issue = !text().is_empty(),
            "encoding" => upload.encoding = text(),
            "file" => upload.file = value,
            _ => {}
        }
    }
    Ok(upload)
}

fn bad(detail: &str) -> ApiError {
    ApiError::BadRequest {
        code: "bad_form",
        detail: detail.to_string(),
    }
}

/// Starts a dry run or an import of the uploaded file and shows its page.
pub async fn upload(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: ConsoleUser,
    body: Multipart,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = user.allowed(Permission::ImportRegister)?;
    let cross_site = is_cross_site(&req);
    let upload = read_upload(body).await.map_err(|e| page.error(e))?;
    if cross_site || !secret::matches(&page.csrf(), &upload.csrf) {
        return Err(page.error(ApiError::Forbidden("send a form without its CSRF token")));
    }
    let lithuanian = actor
        .home
        .is_some_and(|m| m.country() == kartu_card::Country::Lithuania);
    let read = match upload.encoding.as_str() {
        _ if upload.file.is_empty() => Err(page.t("import-choose-file")),
        "" | "auto" => register_csv::read(&upload.file, None, lithuanian)
            .map_err(|e| page.t1(&format!("import-{}", e.code()), "detail", &e.to_string())),
        other => match TextEncoding::parse(other) {
            Some(e) => register_csv::read(&upload.file, Some(e), lithuanian)
                .map_err(|e| page.t1(&format!("import-{}", e.code()), "detail", &e.to_string())),
            None => Err(page.t1("import-file_encoding", "detail", other)),
        },
    };
    let file = match read {
        Ok(file) => file,
        Err(problem) => {
            let lister = actor.clone();
            let imports = act(&state, move |k| import_jobs::recent(k, &lister))
                .await
                .map_err(|e| page.error(e))?;
            return page.respond(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page_of(&page, imports, Some(problem)),
            );
        }
    };
    drop(upload.file);
    let options = ImportOptions {
        dry_run: upload.dry_run,
        issue: upload.issue,
    };
    let name = upload.file_name.clone();
    let starter = actor.clone();
    let job = act(&state, move |k| {
        import_jobs::start(k, &starter, &name, options)
    })
    .await
    .map_err(|e| page.error(e))?;
    spawn_import(
        state.clone(),
        actor,
        page.lang,
        job.id.clone(),
        file,
        options,
        upload.file_name,
    );
    Ok(see_other(&format!("/console/import/{}", job.id)))
}

/// Runs the import on the blocking pool, recording its progress and its end.
fn spawn_import(
    state: web::Data<AppState>,
    actor: Actor,
    lang: Lang,
    id: String,
    file: register_csv::RegisterFile,
    options: ImportOptions,
    file_name: String,
) {
    let run = move || {
        let k = &state.kartu;
        let t = &state.translations;
        let mut progress = |counts: &import::ImportCounts, done: usize| {
            if let Err(error) = import_jobs::progress(k, &id, counts, done) {
                tracing::warn!(%error, "cannot record an import's progress");
            }
        };
        let outcome = import::import_register(k, &actor, &file, &file_name, options, &mut progress)
            .and_then(|report| {
                let explain = |code: &str, english: &str| t.problem(lang, code, english);
                report.to_csv(&t.import_report_header(lang), &explain)
            })
            .map_err(|e| {
                ApiError::from(e).log();
                t.get(lang, "import-failed")
            });
        if let Err(error) = import_jobs::finish(k, &id, outcome) {
            tracing::error!(%error, "cannot record an import's end");
        }
    };
    actix_web::rt::spawn(async move {
        if let Err(error) = web::block(run).await {
            tracing::error!(%error, "an import stopped");
        }
    });
}

/// An import's progress, then its report.
pub async fn job(
    state: web::Data<AppState>,
    user: ConsoleUser,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = user.allowed(Permission::ImportRegister)?;
    let id = path.into_inner();
    let job = act(&state, move |k| import_jobs::find(k, &actor, &id))
        .await
        .map_err(|e| page.error(e))?;
    let mut rows: Vec<Vec<String>> = csv::Reader::from_reader(job.report.as_bytes())
        .records()
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_string).collect())
        .collect();
    let more = rows.len().saturating_sub(SHOWN_ROWS);
    rows.truncate(SHOWN_ROWS);
    page.ok(&JobPage {
        page: page.clone(),
        job,
        rows,
        more,
    })
}

/// An import's report as CSV.
pub async fn report(
    state: web::Data<AppState>,
    user: ConsoleUser,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = user.allowed(Permission::ImportRegister)?;
    let id = path.into_inner();
    let job = act(&state, move |k| import_jobs::find(k, &actor, &id))
        .await
        .map_err(|e| page.error(e))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"import-{}.report.csv\"", job.id),
        ))
        .body(job.report))
}
