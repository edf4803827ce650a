//! The log and the per-request record: how the log is written (`--log-format`), and the
//! middleware that gives every request an id, logs one line for it and counts it for the
//! metrics.
//!
//! The log never holds a body, a query string, a header or a secret path segment: a request is
//! logged by its route pattern (`/family/{token}`), and a path that matched no route by its
//! decoded path with the family and till tokens cut, so no national ID, QR text or token
//! reaches it.

use std::io::IsTerminal;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;
use tracing_appender::non_blocking::WorkerGuard;

use crate::config::LogFormat;
use crate::web::metrics;

/// The header that carries a request's id, in and out.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// What is logged unless `KARTU_LOG` says otherwise. The HTTP/1 dispatcher of actix-http logs
/// a client's malformed request or broken connection at ERROR ("stream error"): a fault of the
/// client's that anyone could flood the error log with, so its lines are left out (the client
/// gets its 400). `KARTU_LOG=info,actix_http=debug` shows them.
const DEFAULT_FILTER: &str = "info,actix_http::h1::dispatcher=off";

/// Starts the log on standard output in `format`, at the level `KARTU_LOG` names
/// ([`DEFAULT_FILTER`] by default). Lines are written by a thread of their own, so a slow terminal or pipe never holds
/// up a request; keep the guard until the end, when it writes what is left.
pub fn init_logs(format: LogFormat) -> WorkerGuard {
    let (writer, guard) = tracing_appender::non_blocking(std::io::stdout());
    let filter = tracing_subscriber::EnvFilter::try_from_env("KARTU_LOG")
        .unwrap_or_else(|_| DEFAULT_FILTER.into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(writer)
        .with_ansi(std::io::stdout().is_terminal());
    match format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            .with_span_list(false)
            .init(),
    }
    guard
}

/// A client's `X-Request-Id` when it is 1 to 64 characters of letters, digits, `.`, `_` and
/// `-`; otherwise a new random one.
pub fn request_id(given: Option<&HeaderValue>) -> String {
    let valid = |t: &&str| {
        (1..=64).contains(&t.len())
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    };
    match given.and_then(|v| v.to_str().ok()).filter(valid) {
        Some(id) => id.to_string(),
        None => uuid::Uuid::new_v4().simple().to_string(),
    }
}

/// Every request: an id (taken or made, returned in `X-Request-Id`, on every line logged while
/// it is served), one line when it is answered, and its count and time by route pattern.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id(req.headers().get(&REQUEST_ID));
    let span = tracing::info_span!("request", request_id = %id);
    let method = req.method().clone();
    let mut response = next.call(req).instrument(span.clone()).await?;
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    let pattern = response.request().match_pattern();
    let route = match &pattern {
        Some(p) => p.clone(),
        None => loggable_path(response.request().match_info().get_ref().path()),
    };
    span.in_scope(|| {
        tracing::info!(method = %method, path = %route, status, ms = elapsed.as_millis() as u64, "request");
    });
    metrics::record_request(
        pattern.as_deref().unwrap_or("unmatched"),
        method.as_str(),
        status,
        elapsed,
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    Ok(response)
}

/// A decoded path as the log shows it: a family page's token and a till link's token are
/// secrets, so they are left out.
pub fn loggable_path(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("/check/till/") {
        return if rest == "forget" {
            path.to_string()
        } else {
            "/check/till/…".to_string()
        };
    }
    match path.strip_prefix("/family/") {
        Some(rest) if rest != "sw.js" => {
            format!("/family/…{}", rest.find('/').map_or("", |i| &rest[i..]))
        }
        _ => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_page_token_never_reaches_the_log() {
        let token = crate::domain::secret::random_secret();
        assert_eq!(loggable_path(&format!("/family/{token}")), "/family/…");
        assert_eq!(
            loggable_path(&format!("/family/{token}/manifest.webmanifest")),
            "/family/…/manifest.webmanifest"
        );
        assert_eq!(loggable_path("/family/sw.js"), "/family/sw.js");
        assert_eq!(
            loggable_path(&format!("/check/till/{token}")),
            "/check/till/…"
        );
        assert_eq!(loggable_path("/check/till/forget"), "/check/till/forget");
        assert_eq!(loggable_path("/api/v1/verify"), "/api/v1/verify");
    }

    #[test]
    fn a_request_id_is_taken_when_plain_and_made_otherwise() {
        let given = HeaderValue::from_static("checkout-7.a_B");
        assert_eq!(request_id(Some(&given)), "checkout-7.a_B");
        let made = request_id(None);
        assert_eq!(made.len(), 32);
        assert_ne!(made, request_id(None));
        for bad in [
            "",
            "has space",
            "new\u{7f}line",
            &"x".repeat(65),
            "a/b",
            "ä",
        ] {
            let value = HeaderValue::from_bytes(bad.as_bytes()).ok();
            let id = request_id(value.as_ref());
            assert_ne!(id, bad);
            assert_eq!(id.len(), 32, "{bad:?} → {id}");
        }
    }
}
