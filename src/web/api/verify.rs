//! `POST /api/v1/verify`: online verification for tills; and `POST /check/photo`, the merchant
//! checker's fallback for browsers that cannot read a QR code. Both public, both rate-limited per
//! address. Revocation state comes from memory, never from a database query; nothing about the
//! card is logged.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::verify;
use crate::i18n::verdict::VerdictView;
use crate::web::act;
use crate::web::error::{ApiError, Problem};
use crate::web::extract::ApiJson;
use crate::web::request::{api_lang, client_addr, is_cross_site};
use crate::web::state::AppState;

/// The largest photo the fallback accepts. The page sends a greyscale PNG of at most 1600 px
/// on its longer side, which stays well below this.
pub const MAX_PHOTO_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The QR text exactly as scanned, e.g. `KARTU1:AQ…`.
    pub payload: String,
}

/// Verify a card.
///
/// Answers 200 with the verdict for any text, valid or not; `card` is present when the text decodes.
#[utoipa::path(
    post,
    path = "/api/v1/verify",
    tag = "verify",
    request_body = VerifyRequest,
    params(("Accept-Language" = Option<String>, Header, description = "lt, pl or en")),
    responses(
        (status = 200, description = "The verdict", body = VerdictView),
        (status = 413, description = "Body too large", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No payload field", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many verifications from this address", body = Problem, content_type = "application/problem+json"),
    )
)]
pub async fn verify(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<VerifyRequest>,
) -> Result<HttpResponse, ApiError> {
    limit(&req, &state)?;
    // No database, no blocking: the verdict comes from memory, on the worker itself.
    let verdict = verify::verify(&state.kartu, &body.0.payload)?;
    let view = VerdictView::new(&verdict, api_lang(&req), &state.translations);
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// Takes one verification from the client address's allowance (429 when it is spent).
pub fn limit(req: &HttpRequest, state: &AppState) -> Result<(), ApiError> {
    if let Some(addr) = client_addr(req, state.auth.trust_forwarded_for) {
        state
            .verify_limit
            .check(addr, state.kartu.db.clock().instant())
            .map_err(ApiError::TooManyRequests)?;
    }
    Ok(())
}

/// The photo fallback: a PNG (`Content-Type: image/png`, at most [`MAX_PHOTO_BYTES`]) in, the
/// verdict of the QR code in it out, as `POST /api/v1/verify` answers it. Bad input answers a
/// 4xx problem document. Neither the image nor the code's text is kept or logged.
#[utoipa::path(post, path = "/check/photo", tag = "verify",
    params(("Accept-Language" = Option<String>, Header, description = "lt, pl or en")),
    request_body(content = Vec<u8>, content_type = "image/png", description = "a photo of the QR code, at most 4 MiB"),
    responses((status = 200, body = VerdictView),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json")))]
pub async fn photo(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    if is_cross_site(&req) {
        return Err(ApiError::Forbidden("send a photo from another site"));
    }
    limit(&req, &state)?;
    let is_png = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("image/png"));
    if !is_png {
        return Err(ApiError::BadRequest {
            code: "not_png",
            detail: "send the photo as the body, with Content-Type: image/png".into(),
        });
    }
    let image = body
        .to_bytes_limited(MAX_PHOTO_BYTES)
        .await
        .map_err(|_| ApiError::TooLarge(MAX_PHOTO_BYTES))?
        .map_err(|e| ApiError::BadRequest {
            code: "unreadable_body",
            detail: e.to_string(),
        })?;
    // A photo to read costs far more than a verification: it is counted against its own,
    // tighter allowance, once it is a PNG body of the right size.
    if let Some(addr) = client_addr(&req, state.auth.trust_forwarded_for) {
        state
            .photo_limit
            .check(addr, state.kartu.db.clock().instant())
            .map_err(ApiError::TooManyRequests)?;
    }
    let verdict = act(&state, move |k| verify::verify_photo(k, &image)).await?;
    let view = VerdictView::new(&verdict, api_lang(&req), &state.translations);
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(view))
}
