//! `POST /api/v1/verify`: online verification for tills. Public. Revocation state comes from
//! memory, never from a database query; nothing about the card is logged.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::app::verify;
use crate::i18n::verdict::VerdictView;
use crate::web::error::{ApiError, Problem};
use crate::web::extract::ApiJson;
use crate::web::request::{api_lang, client_addr};
use crate::web::state::AppState;

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
            .check(addr, std::time::Instant::now())
            .map_err(ApiError::TooManyRequests)?;
    }
    Ok(())
}
