//! `POST /api/v1/verify`: online verification for tills. Public. Revocation state comes from
//! memory, never from a database query; the handler keeps counters and logs nothing about the
//! card.

use actix_web::{post, web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::extract::ApiJson;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::verdict::VerdictView;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The QR text exactly as scanned, e.g. `KARTU1:AQ…`.
    pub payload: String,
}

/// The language of the answer: `?lang=`, else `Accept-Language`, else English.
pub fn request_lang(req: &HttpRequest) -> Lang {
    let query =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok();
    if let Some(lang) = query.and_then(|q| q.get("lang").and_then(|l| l.parse::<Lang>().ok())) {
        return lang;
    }
    req.headers()
        .get(actix_web::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map_or(Lang::En, Lang::from_accept_language)
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
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "No payload field", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many verifications from this address", body = crate::error::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api/v1/verify")]
pub async fn verify(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<VerifyRequest>,
) -> Result<HttpResponse, ApiError> {
    if let Some(addr) = crate::auth::client_addr(&req, state.auth.trust_forwarded_for) {
        state
            .verify_limit
            .check(addr, std::time::Instant::now())
            .map_err(ApiError::TooManyRequests)?;
    }
    let view = verdict_for(&state, &body.0.payload, request_lang(&req))?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(view))
}

/// Verifies a QR text with the live key set and status lists and counts its reason: what the
/// verify endpoint and the checker's photo fallback answer. Logs nothing about the card.
pub fn verdict_for(state: &AppState, text: &str, lang: Lang) -> Result<VerdictView, ApiError> {
    let now = crate::commands::unix_now();
    let current = state
        .trust
        .key_set(now)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let keys = &current.0;
    let verdict = state
        .trust
        .with_lists(|lists| {
            kartu_card::verify_with(text, keys, Some(lists), now, &state.verify_policy)
        })
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    state.verify_counts.record(verdict.reason);
    Ok(VerdictView::new(&verdict, lang, &state.translations))
}
