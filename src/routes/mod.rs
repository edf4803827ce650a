//! Every route of the service, assembled by [`config`] so the binary and the tests build the
//! same `App`.

pub mod accounts;
pub mod audit;
pub mod cards;
pub mod dto;
pub mod families;
pub mod health;
pub mod session;
pub mod verify;
pub mod well_known;

use actix_web::web;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::state::AppState;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        .service(well_known::keys)
        .service(well_known::status)
        .service(verify::verify)
        .service(families::search)
        .service(families::create)
        .service(families::get)
        .service(families::add_member)
        .service(families::change_member)
        .service(families::remove_member)
        .service(families::issue)
        .service(cards::get)
        .service(cards::qr_png)
        .service(cards::qr_svg)
        .service(cards::renew)
        .service(cards::reissue)
        .service(cards::revoke)
        .service(cards::suspend)
        .service(cards::reinstate)
        .service(session::login)
        .service(session::current)
        .service(session::logout)
        .service(accounts::create)
        .service(accounts::list)
        .service(accounts::disable_account)
        .service(accounts::enable_account)
        .service(accounts::create_token)
        .service(accounts::list_tokens)
        .service(accounts::revoke_token)
        .service(audit::list)
        .service(audit::export_csv);
}

/// Whether a conditional GET's `If-None-Match` names `etag` (or `*`): the answer is then 304.
pub fn etag_matches(req: &actix_web::HttpRequest, etag: &str) -> bool {
    req.headers()
        .get(actix_web::http::header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|tag| tag.trim() == etag || tag.trim() == "*")
        })
}

/// Runs blocking database work on the blocking pool, never on the async worker.
pub async fn with_db<T, F>(state: &web::Data<AppState>, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection, &AppState) -> Result<T, ApiError> + Send + 'static,
{
    let state = state.clone();
    web::block(move || {
        let mut conn = state.pool.get()?;
        f(&mut conn, &state)
    })
    .await?
}
