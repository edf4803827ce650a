//! The web: the JSON API (`api`) and the pages for people (`pages`), both thin adapters over the
//! acts of `app`. This module holds the one route table, [`routes`], so the whole URL structure
//! reads in one place; `startup` builds the server around it.

pub mod api;
pub mod auth;
pub mod console_session;
pub mod control;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod pages;
pub mod request;
pub mod startup;
pub mod state;
pub mod sync;
pub mod telemetry;
pub mod view;

use actix_session::SessionMiddleware;
use actix_web::web::{self, delete, get, patch, post, resource, scope};

use crate::app::error::Error;
use crate::app::Kartu;
use crate::web::api::{
    accounts, audit, cards, catalogue, checkout, due, families, health, privacy, session, usage,
    verify, well_known,
};
use crate::web::console_session::DbSessionStore;
use crate::web::pages::console;
use crate::web::state::AppState;

/// Every route of the service. Tests build the same `App` through `startup::app`.
///
/// Only the API under `/api/v1` and the console read the session cookie, so only they are
/// wrapped in `sessions`; verification, the published documents, the public pages and the
/// static files never pay for it. `POST /api/v1/verify` is matched before the `/api/v1` scope.
pub fn routes(cfg: &mut web::ServiceConfig, sessions: &SessionMiddleware<DbSessionStore>) {
    cfg.route("/healthz", get().to(health::healthz))
        .route("/readyz", get().to(health::readyz))
        .service(
            scope("/.well-known/kartu")
                .route("/keys", get().to(well_known::keys))
                .route("/status", get().to(well_known::status)),
        )
        .route("/api/v1/verify", post().to(verify::verify))
        .service(
            scope("/api/v1")
                .wrap(sessions.clone())
                .service(
                    resource("/families")
                        .route(get().to(families::search))
                        .route(post().to(families::create)),
                )
                .route("/families/{id}", get().to(families::get))
                .route("/families/{id}/members", post().to(families::add_member))
                .service(
                    resource("/families/{id}/members/{member_id}")
                        .route(patch().to(families::change_member))
                        .route(delete().to(families::remove_member)),
                )
                .route("/families/{id}/cards", post().to(families::issue))
                .route("/families/{id}/export", get().to(privacy::export_family))
                .route("/cards/{id}", get().to(cards::get))
                .route("/cards/{id}/qr.png", get().to(cards::qr_png))
                .route("/cards/{id}/qr.svg", get().to(cards::qr_svg))
                .route("/cards/{id}/renew", post().to(cards::renew))
                .route("/cards/{id}/reissue", post().to(cards::reissue))
                .route("/cards/{id}/revoke", post().to(cards::revoke))
                .route("/cards/{id}/suspend", post().to(cards::suspend))
                .route("/cards/{id}/reinstate", post().to(cards::reinstate))
                .service(
                    resource("/session")
                        .route(post().to(session::login))
                        .route(get().to(session::current))
                        .route(delete().to(session::logout)),
                )
                .service(
                    resource("/accounts")
                        .route(post().to(accounts::create))
                        .route(get().to(accounts::list)),
                )
                .route(
                    "/accounts/{id}/disable",
                    post().to(accounts::disable_account),
                )
                .route("/accounts/{id}/enable", post().to(accounts::enable_account))
                .service(
                    resource("/tokens")
                        .route(post().to(accounts::create_token))
                        .route(get().to(accounts::list_tokens)),
                )
                .route("/tokens/{id}", delete().to(accounts::revoke_token))
                .route("/audit", get().to(audit::list))
                .route("/audit.csv", get().to(audit::export_csv))
                .route("/usage", get().to(usage::report))
                .route("/due", get().to(due::get))
                .route("/due.csv", get().to(due::export_csv))
                .route("/checker", get().to(checkout::context))
                .route("/uses", post().to(checkout::record_use))
                // The partner catalogue (public).
                .route("/partners", get().to(catalogue::search))
                .route("/partners.csv", get().to(catalogue::export_csv))
                .route("/partners.geojson", get().to(catalogue::export_geojson))
                .route("/partners/{id}", get().to(catalogue::get))
                .route("/applications", post().to(catalogue::apply)),
        )
        .route("/", get().to(pages::index))
        .route("/static/{name}", get().to(pages::assets::file))
        .route(
            "/static/verify/{name}",
            get().to(pages::assets::verify_file),
        )
        .route("/family/sw.js", get().to(pages::family::service_worker))
        .route(
            "/family/{token}/manifest.webmanifest",
            get().to(pages::family::manifest),
        )
        .route("/family/{token}", get().to(pages::family::show))
        .route("/check", get().to(pages::check::check))
        .route("/check/photo", post().to(verify::photo))
        .route("/check/till/forget", post().to(pages::check::forget_till))
        .route("/check/till/{token}", get().to(pages::check::till))
        .route("/check-sw.js", get().to(pages::check::service_worker))
        // The partner catalogue (public).
        // `/partners/apply` is matched before `/partners/{id}` would take "apply" for an id.
        .route("/partners", get().to(pages::catalogue::list))
        .service(
            resource("/partners/apply")
                .route(get().to(pages::catalogue::apply::form))
                .route(post().to(pages::catalogue::apply::submit)),
        )
        .route("/partners/{id}", get().to(pages::catalogue::show))
        .route(
            "/partners-sw.js",
            get().to(pages::catalogue::service_worker),
        )
        .route(
            "/static/leaflet/{name}",
            get().to(pages::assets::leaflet_file),
        )
        .service(
            scope("/console")
                .wrap(sessions.clone())
                .route("", get().to(console::login::home))
                .service(
                    resource("/login")
                        .route(get().to(console::login::login_form))
                        .route(post().to(console::login::login)),
                )
                .route("/logout", post().to(console::login::logout))
                .route("/families", post().to(console::families::create))
                .route("/families/new", get().to(console::families::new_form))
                .route("/families/{id}", get().to(console::families::show))
                .route("/families/{id}/issue", post().to(console::families::issue))
                .route(
                    "/families/{id}/export.json",
                    get().to(console::export::download),
                )
                .route(
                    "/families/{id}/export",
                    get().to(console::export::printable),
                )
                .route("/families/{id}/link", post().to(console::links::create))
                .route(
                    "/families/{id}/link/revoke",
                    post().to(console::links::revoke),
                )
                .route("/cards/{id}", get().to(console::cards::show))
                .service(
                    resource("/cards/{id}/print")
                        .route(get().to(console::cards::print))
                        .route(post().to(console::cards::mark_printed)),
                )
                .route("/reprint", get().to(console::reprint::list))
                .route("/cards/{id}/{act}", post().to(console::cards::act_on_card))
                .route("/audit", get().to(console::admin::audit))
                .service(
                    resource("/accounts")
                        .route(get().to(console::admin::accounts_list))
                        .route(post().to(console::admin::create_account)),
                )
                .route(
                    "/accounts/{id}/{state}",
                    post().to(console::admin::account_state),
                )
                .route("/tokens", post().to(console::admin::create_token))
                .route(
                    "/tokens/{id}/revoke",
                    post().to(console::admin::revoke_token),
                )
                // Partners, offers, applications, usage (console).
                .service(
                    resource("/partners")
                        .route(get().to(console::partners::list))
                        .route(post().to(console::partners::register)),
                )
                .route("/partners/new", get().to(console::partners::new_form))
                .service(
                    resource("/partners/{id}")
                        .route(get().to(console::partners::show))
                        .route(post().to(console::partners::change)),
                )
                .route(
                    "/partners/{id}/locations",
                    post().to(console::partners::locations::add),
                )
                .route(
                    "/partners/{id}/locations/{location}",
                    post().to(console::partners::locations::change),
                )
                .route(
                    "/partners/{id}/locations/{location}/remove",
                    post().to(console::partners::locations::remove),
                )
                .route(
                    "/partners/{id}/offers",
                    post().to(console::partners::offers::add),
                )
                .route(
                    "/partners/{id}/offers/{offer}",
                    post().to(console::partners::offers::change),
                )
                .route(
                    "/partners/{id}/offers/{offer}/{act}",
                    post().to(console::partners::offers::act_on_offer),
                )
                .route(
                    "/partners/{id}/accounts",
                    post().to(console::partners::tills::create_account),
                )
                .route(
                    "/partners/{id}/tills",
                    post().to(console::partners::tills::create_till),
                )
                .route(
                    "/partners/{id}/tills/{till}/revoke",
                    post().to(console::partners::tills::revoke_till),
                )
                .route(
                    "/partners/{id}/{act}",
                    post().to(console::partners::standing),
                )
                .route("/applications", get().to(console::applications::list))
                .route(
                    "/applications/{id}/{act}",
                    post().to(console::applications::decide),
                )
                .service(
                    resource("/proposals")
                        .route(get().to(console::applications::proposals))
                        .route(post().to(console::own::propose)),
                )
                .service(
                    resource("/import")
                        .route(get().to(console::import::form))
                        .route(post().to(console::import::upload)),
                )
                .route("/import/{id}", get().to(console::import::job))
                .route("/import/{id}/report.csv", get().to(console::import::report))
                .route("/usage", get().to(console::usage::page))
                .route("/usage.csv", get().to(console::usage::csv))
                .route("/due", get().to(console::due::page))
                .route("/due.csv", get().to(console::due::csv)),
        );
}

/// Runs an act on the blocking thread pool (diesel and argon2 block), never on the async worker.
pub async fn act<T, F>(state: &web::Data<AppState>, f: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce(&Kartu) -> Result<T, Error> + Send + 'static,
{
    let state = state.clone();
    web::block(move || f(&state.kartu))
        .await
        .map_err(|e| Error::Internal(anyhow::anyhow!("the blocking thread pool: {e}")))?
}
