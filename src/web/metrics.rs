//! Prometheus metrics, on an address of their own (`--metrics-listen`, off by default), so they
//! are never public by accident. `GET /metrics` there answers the text exposition format.
//!
//! Counted as they happen: HTTP requests by route pattern, method and status, with a latency
//! histogram ([`record_request`]), and acts by kind (`app::act_counts`). Read at each scrape:
//! verifications by reason, the database pool, the published documents' age (`app::figures`),
//! and cards by municipality and state, counted at most once a minute.

use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use actix_web::dev::Server;
use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use kartu_card::Municipality;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::app::figures;
use crate::domain::card_state::CardState;
use crate::web::state::AppState;

const HTTP_SECONDS: &str = "kartu_http_request_duration_seconds";

/// Latency buckets, in seconds: a verification takes about 0.1 ms, a page a few ms, an import
/// seconds.
const BUCKETS: [f64; 14] = [
    0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

/// How long a count of the cards by state is shown before it is counted again.
const CARD_COUNT_AGE: Duration = Duration::from_secs(60);

static RECORDER: OnceLock<PrometheusHandle> = OnceLock::new();
static ON: AtomicBool = AtomicBool::new(false);

/// Installs the process's metrics recorder (once; later calls get the same handle).
pub fn install() -> anyhow::Result<PrometheusHandle> {
    if let Some(handle) = RECORDER.get() {
        return Ok(handle.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full(HTTP_SECONDS.to_string()), &BUCKETS)
        .context("the latency buckets")?
        .install_recorder()
        .context("installing the metrics recorder")?;
    describe();
    let handle = RECORDER.get_or_init(|| handle).clone();
    ON.store(true, Ordering::Relaxed);
    Ok(handle)
}

fn describe() {
    use metrics::{describe_counter, describe_gauge, describe_histogram, Unit};
    describe_counter!(
        "kartu_http_requests_total",
        "HTTP requests answered, by route pattern, method and status"
    );
    describe_histogram!(
        HTTP_SECONDS,
        Unit::Seconds,
        "Time to answer an HTTP request, by route pattern and method"
    );
    describe_counter!("kartu_acts_total", "Acts committed, by kind");
    describe_counter!(
        "kartu_verify_total",
        "Online verifications (API and photo), by outcome reason"
    );
    describe_gauge!(
        "kartu_db_pool_max",
        "Connections the database pool may open"
    );
    describe_gauge!(
        "kartu_db_pool_open",
        "Connections the database pool has open"
    );
    describe_gauge!("kartu_db_pool_idle", "Open connections not in use");
    describe_gauge!(
        "kartu_key_set_age_seconds",
        Unit::Seconds,
        "Seconds since the served key set was signed"
    );
    describe_gauge!(
        "kartu_status_lists_age_seconds",
        Unit::Seconds,
        "Seconds since the served status lists were signed"
    );
    describe_gauge!(
        "kartu_cards",
        "Cards by municipality and stored state (counted at most once a minute)"
    );
}

/// Counts one answered request. `route` is the matched route pattern (`unmatched` otherwise),
/// so the labels stay few.
pub fn record_request(route: &str, method: &str, status: u16, elapsed: Duration) {
    if !ON.load(Ordering::Relaxed) {
        return;
    }
    let route = route.to_string();
    let method = method.to_string();
    metrics::counter!(
        "kartu_http_requests_total",
        "route" => route.clone(),
        "method" => method.clone(),
        "status" => status.to_string()
    )
    .increment(1);
    metrics::histogram!(HTTP_SECONDS, "route" => route, "method" => method)
        .record(elapsed.as_secs_f64());
}

/// The cards by municipality and state, and when they were counted.
type CardCounts = (Instant, Vec<(Municipality, CardState, i64)>);

/// What the scrape endpoint holds.
struct Scrape {
    handle: PrometheusHandle,
    state: web::Data<AppState>,
    cards: Mutex<Option<CardCounts>>,
}

/// `GET /metrics`.
async fn scrape(scrape: web::Data<Scrape>) -> HttpResponse {
    let s = scrape.clone();
    let done = web::block(move || {
        update(&s);
        s.handle.run_upkeep();
        s.handle.render()
    })
    .await;
    match done {
        Ok(text) => HttpResponse::Ok()
            .content_type("text/plain; version=0.0.4; charset=utf-8")
            .body(text),
        Err(_) => HttpResponse::ServiceUnavailable().finish(),
    }
}

/// Sets the gauges and the verification counts from the service's state.
fn update(s: &Scrape) {
    let k = &s.state.kartu;
    let f = figures::service(k);
    for (reason, count) in f.verifications {
        metrics::counter!("kartu_verify_total", "outcome" => reason.code()).absolute(count);
    }
    metrics::gauge!("kartu_db_pool_max").set(f64::from(f.pool_max));
    metrics::gauge!("kartu_db_pool_open").set(f64::from(f.pool_open));
    metrics::gauge!("kartu_db_pool_idle").set(f64::from(f.pool_idle));
    if let Some(age) = f.key_set_age {
        metrics::gauge!("kartu_key_set_age_seconds").set(age as f64);
    }
    if let Some(age) = f.status_lists_age {
        metrics::gauge!("kartu_status_lists_age_seconds").set(age as f64);
    }
    let Ok(mut cards) = s.cards.lock() else {
        return;
    };
    let fresh = cards
        .as_ref()
        .is_some_and(|(at, _)| at.elapsed() < CARD_COUNT_AGE);
    if !fresh {
        match figures::cards_by_state(k) {
            Ok(counts) => *cards = Some((Instant::now(), counts)),
            Err(error) => tracing::warn!(%error, "cannot count the cards for the metrics"),
        }
    }
    if let Some((_, counts)) = cards.as_ref() {
        for m in Municipality::ALL {
            for state in CardState::ALL {
                let n = counts
                    .iter()
                    .find(|(cm, cs, _)| *cm == m && *cs == state)
                    .map_or(0, |c| c.2);
                metrics::gauge!("kartu_cards", "municipality" => m.code(), "state" => state.code())
                    .set(n as f64);
            }
        }
    }
}

/// The metrics server on `listener`: one worker, `GET /metrics` only. It stops with the
/// service (no signal handling of its own).
pub fn server(listener: TcpListener, state: web::Data<AppState>) -> anyhow::Result<Server> {
    let shared = web::Data::new(Scrape {
        handle: install()?,
        state,
        cards: Mutex::new(None),
    });
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(shared.clone())
            .route("/metrics", web::get().to(scrape))
    })
    .workers(1)
    .disable_signals()
    .listen(listener)?
    .run())
}
