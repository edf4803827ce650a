//! Liveness and readiness probes.

use actix_web::{web, HttpResponse};
use serde_json::json;

use crate::app::publish;
use crate::web::state::AppState;

/// Answers while the process is alive.
#[utoipa::path(get, path = "/healthz", tag = "health", responses((status = 200, description = "Alive")))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(json!({"status": "ok"}))
}

/// Answers 200 when the database answers within a second and takes a write and the keys are
/// loaded, 503 otherwise, and
/// 503 from SIGTERM on (`{"draining": true}`), while the service still serves for the drain.
#[utoipa::path(get, path = "/readyz", tag = "health", responses((status = 200, description = "Ready"), (status = 503, description = "Not ready")))]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if state.draining.load(std::sync::atomic::Ordering::SeqCst) {
        return HttpResponse::ServiceUnavailable().json(json!({"draining": true}));
    }
    let probe = state.clone();
    let ready = web::block(move || publish::readiness(&probe.kartu))
        .await
        .ok();
    let body = json!({
        "database": ready.is_some_and(|r| r.database),
        "writable": ready.is_some_and(|r| r.writable),
        "keys": ready.is_some_and(|r| r.keys),
    });
    if ready.is_some_and(publish::Readiness::ready) {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}
