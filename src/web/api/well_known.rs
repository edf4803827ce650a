//! The published trust documents: the anchor-signed key set and the signed status lists.
//! Both carry an ETag (a conditional GET answers 304) and Cache-Control.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::app::publish;
use crate::app::trust::Published;
use crate::web::error::ApiError;
use crate::web::request::etag_matches;
use crate::web::state::AppState;

fn serve(req: &HttpRequest, doc: &Published, max_age: i64) -> HttpResponse {
    let cache = format!("public, max-age={}", max_age.max(0));
    if etag_matches(req, &doc.etag) {
        return HttpResponse::NotModified()
            .insert_header((header::ETAG, doc.etag.clone()))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish();
    }
    HttpResponse::Ok()
        .insert_header((header::ETAG, doc.etag.clone()))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .content_type("application/json")
        .body(doc.json.clone())
}

/// The anchor-signed key set (docs/card-format.md, "Key set").
#[utoipa::path(get, path = "/.well-known/kartu/keys", tag = "publish",
    responses((status = 200, description = "Signed key set document", content_type = "application/json"), (status = 304, description = "Not modified")))]
pub async fn keys(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let current = publish::key_set(&state.kartu)?;
    Ok(serve(&req, &current.1, 3600))
}

/// The signed status lists of all municipalities (docs/card-format.md, "Status lists").
#[utoipa::path(get, path = "/.well-known/kartu/status", tag = "publish",
    responses((status = 200, description = "Status bundle", content_type = "application/json"), (status = 304, description = "Not modified")))]
pub async fn status(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let doc = publish::status_lists(&state.kartu)?;
    Ok(serve(&req, &doc, 300))
}
