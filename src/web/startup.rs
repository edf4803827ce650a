//! Building the application: keys, database, migrations, status lists, then the HTTP server.
//! `Application::build` binds the socket (port 0 picks one), `port` tells which, and
//! `run_until_stopped` serves until a signal. Tests build the same `App` through [`app`], on a
//! state from [`prepare`] (or [`prepare_with`] and a clock they set).

use std::net::TcpListener;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, DefaultHeaders};
use actix_web::{web, App, HttpResponse, HttpServer};
use anyhow::Context;
use utoipa::OpenApi;
use utoipa_swagger_ui::SwaggerUi;

use crate::app::boot;
use crate::app::clock::Clock;
use crate::app::throttle::RateLimit;
use crate::config::ServeConfig;
use crate::i18n::Translations;
use crate::store::{self, keyring};
use crate::web::api::doc::ApiDoc;
use crate::web::console_session::{self, CookieKey};
use crate::web::error::ApiError;
use crate::web::extract::BodyLimit;
use crate::web::state::{AppState, AuthSettings, MapSettings};
use crate::web::{control, metrics, pages, routes, telemetry};

const SESSION_KEY_FILE: &str = "session.key";

/// Scripts and styles only from this origin, no inline script, never framed; images also from
/// the map tiles' origin. (Swagger UI's inline style attributes need 'unsafe-inline' for
/// styles; scripts stay strict.)
pub fn content_security_policy(tiles_url: &str) -> String {
    let img = match tile_origin(tiles_url) {
        Some(origin) => format!("img-src 'self' data: {origin}"),
        None => "img-src 'self' data:".to_string(),
    };
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; {img}; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// `https://{s}.tile.example.org/{z}/{x}/{y}.png` → `https://*.tile.example.org`: the origin a
/// tile URL template loads from, as a CSP source.
fn tile_origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split('/').next()?.replace("{s}", "*");
    let plain = host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*'));
    (plain && !host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The session cookie's key: from configuration, else from the keys directory, created there on
/// first run in development. A production service refuses to start without one: a key made up at
/// each start would sign everyone out at every restart.
fn session_key(config: &ServeConfig) -> anyhow::Result<CookieKey> {
    if let Some(text) = &config.session_key {
        return CookieKey::parse(text).context("KARTU_SESSION_KEY");
    }
    let path = config.keys_dir.join(SESSION_KEY_FILE);
    if path.exists() {
        let text = keyring::read_secret_file(&path)?;
        return CookieKey::parse(&text).with_context(|| path.display().to_string());
    }
    if config.production {
        anyhow::bail!(
            "no session cookie key: set KARTU_SESSION_KEY (hex or base64 of at least {} random \
             bytes, e.g. `openssl rand -hex {}`) or provide {}",
            console_session::KEY_BYTES,
            console_session::KEY_BYTES,
            path.display()
        );
    }
    let (key, hex) = CookieKey::generate()?;
    keyring::write_secret_file(&path, &hex)?;
    boot::development_notice(&format!(
        "Created a DEVELOPMENT key for the console session cookie in {}.\n\
         Keep it to stay signed in across restarts; in production set KARTU_SESSION_KEY.",
        path.display()
    ));
    Ok(key)
}

/// Everything the handlers share, ready: keys loaded, database migrated, status lists built.
pub fn prepare(config: &ServeConfig) -> anyhow::Result<web::Data<AppState>> {
    prepare_with(config, Clock::system())
}

/// [`prepare`] on a given clock (tests set it).
pub fn prepare_with(config: &ServeConfig, clock: Clock) -> anyhow::Result<web::Data<AppState>> {
    if config.demo && config.production {
        anyhow::bail!("--demo makes example partners; a production service never does");
    }
    let kartu = boot::open(&config.settings(), clock)?;
    let session_key = session_key(config)?;
    if config.demo {
        let made = crate::app::demo::seed(&kartu).map_err(|e| anyhow::anyhow!("{e}"))?;
        if made > 0 {
            boot::development_notice(&format!(
                "Made {made} EXAMPLE partners (--demo), marked as examples in their names.\n\
                 They are for development only; a production service never makes them."
            ));
        }
    }
    Ok(web::Data::new(AppState {
        kartu,
        translations: Translations::load()?,
        body_limit: config.body_limit_kb as usize * 1024,
        verify_limit: RateLimit::new(config.verify_rate_per_minute, config.verify_burst),
        // A photo costs a decode of up to 1600 × 1600 pixels: 12 a minute, 4 at once, per
        // address; off with the verify limit (load tests).
        photo_limit: RateLimit::new(
            if config.verify_rate_per_minute == 0 {
                0
            } else {
                12
            },
            4,
        ),
        apply_limit: RateLimit::per_hour(config.apply_rate_per_hour, config.apply_rate_per_hour),
        map: MapSettings {
            tiles_url: config.map_tiles_url.clone(),
            attribution: config.map_attribution.clone(),
        },
        content_security_policy: content_security_policy(&config.map_tiles_url),
        draining: std::sync::atomic::AtomicBool::new(false),
        auth: AuthSettings {
            session_idle_seconds: config.session_idle_minutes * 60,
            cookie_secure: config.cookie_secure,
            session_key,
            trust_forwarded_for: config.trust_forwarded_for,
            public_url: config.public_url.clone(),
        },
    }))
}

/// The application, as the server and the tests build it.
pub fn app(
    state: web::Data<AppState>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let limit = state.body_limit;
    let sessions = console_session::middleware(&state);
    App::new()
        .wrap(from_fn(control::refuse_in_target))
        .wrap(
            DefaultHeaders::new()
                .add(("X-Content-Type-Options", "nosniff"))
                // `same-origin`, not `no-referrer`: with no-referrer Chromium sends
                // `Origin: null` on our own form posts, which the CSRF check must refuse.
                .add(("Referrer-Policy", "same-origin"))
                .add(("X-Frame-Options", "DENY"))
                .add((
                    "Content-Security-Policy",
                    state.content_security_policy.clone(),
                )),
        )
        .wrap(from_fn(telemetry::observe))
        .app_data(state)
        .app_data(BodyLimit(limit))
        .app_data(web::PayloadConfig::new(limit))
        .app_data(web::QueryConfig::default().error_handler(|err, req| {
            pages::answer_error(
                req,
                ApiError::BadRequest {
                    code: "bad_query",
                    detail: err.to_string(),
                },
            )
        }))
        .app_data(web::PathConfig::default().error_handler(|err, req| {
            pages::answer_error(
                req,
                ApiError::BadRequest {
                    code: "bad_path",
                    detail: err.to_string(),
                },
            )
        }))
        .app_data(
            web::FormConfig::default()
                .limit(limit)
                .error_handler(|err, req| {
                    pages::answer_error(
                        req,
                        ApiError::BadRequest {
                            code: "bad_form",
                            detail: err.to_string(),
                        },
                    )
                }),
        )
        .configure(|cfg| routes(cfg, &sessions))
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", ApiDoc::openapi()))
        .default_service(web::to(|req: actix_web::HttpRequest| async move {
            HttpResponse::from_error(pages::answer_error(&req, ApiError::NotFound("resource")))
        }))
}

pub struct Application {
    port: u16,
    server: Server,
    metrics: Option<Server>,
    state: web::Data<AppState>,
    drain: Duration,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

/// How long the requests under way at the end of the drain get to finish.
const SHUTDOWN_TIMEOUT_SECONDS: u64 = 30;

impl Application {
    pub fn build(config: &ServeConfig) -> anyhow::Result<Application> {
        let state = prepare(config)?;
        crate::web::sync::start(
            state.clone(),
            crate::web::sync::SyncSettings {
                database_url: config.database_url.clone(),
                interval: Duration::from_millis(config.sync_interval_ms),
                keys_every: (config.keys_check_seconds > 0)
                    .then(|| Duration::from_secs(config.keys_check_seconds)),
            },
        )
        .context("starting the status follower")?;
        let metrics = match &config.metrics_listen {
            Some(address) => {
                let listener = TcpListener::bind(address)
                    .with_context(|| format!("binding {address} for the metrics"))?;
                let port = listener.local_addr()?.port();
                println!(
                    "kartu metrics on http://{}:{port}/metrics",
                    host_of(address)
                );
                Some(metrics::server(listener, state.clone())?)
            }
            None => None,
        };
        let listener = TcpListener::bind(&config.listen)
            .with_context(|| format!("binding {}", config.listen))?;
        let port = listener.local_addr()?.port();
        let shared = state.clone();
        // Signals are handled in `run_until_stopped`: readiness fails before the listener closes.
        let mut server = HttpServer::new(move || app(shared.clone()))
            .disable_signals()
            .shutdown_timeout(SHUTDOWN_TIMEOUT_SECONDS)
            .listen(listener)?;
        if config.workers > 0 {
            server = server.workers(config.workers);
        }
        println!(
            "kartu listening on http://{}:{port}",
            host_of(&config.listen)
        );
        Ok(Application {
            port,
            server: server.run(),
            metrics,
            state,
            drain: Duration::from_secs(config.shutdown_drain_seconds),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGTERM or SIGINT. Then readiness answers 503 at once, requests are still
    /// served for the drain time (a second signal cuts it short), the listener closes, and the
    /// requests under way finish (up to 30 s) before this returns.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let handle = self.server.handle();
        let metrics = self.metrics.as_ref().map(Server::handle);
        let (state, drain) = (self.state, self.drain);
        actix_web::rt::spawn(async move {
            let mut signals = Signals::new();
            let name = signals.next().await;
            state
                .draining
                .store(true, std::sync::atomic::Ordering::SeqCst);
            tracing::info!(
                signal = name,
                drain_seconds = drain.as_secs(),
                "stopping: readiness fails now; the listener closes after the drain"
            );
            tokio::select! {
                () = tokio::time::sleep(drain) => {}
                again = signals.next() => tracing::info!(signal = again, "stopping without waiting for the drain"),
            }
            handle.stop(true).await;
            if let Some(metrics) = metrics {
                metrics.stop(true).await;
            }
            tracing::info!("stopped");
        });
        match self.metrics {
            Some(metrics) => {
                let (served, scraped) = tokio::join!(self.server, metrics);
                served.and(scraped)
            }
            None => self.server.await,
        }
    }
}

/// The host part of a listen address, for the start-up line.
fn host_of(listen: &str) -> &str {
    listen.rsplit_once(':').map_or("127.0.0.1", |(h, _)| h)
}

/// SIGTERM and SIGINT, whichever comes.
struct Signals {
    term: Option<tokio::signal::unix::Signal>,
    int: Option<tokio::signal::unix::Signal>,
}

impl Signals {
    fn new() -> Signals {
        use tokio::signal::unix::{signal, SignalKind};
        let listen = |kind: SignalKind, name: &str| match signal(kind) {
            Ok(s) => Some(s),
            Err(error) => {
                tracing::warn!(%error, "cannot listen for {name}");
                None
            }
        };
        Signals {
            term: listen(SignalKind::terminate(), "SIGTERM"),
            int: listen(SignalKind::interrupt(), "SIGINT"),
        }
    }

    /// The next signal's name.
    async fn next(&mut self) -> &'static str {
        async fn on(signal: &mut Option<tokio::signal::unix::Signal>) {
            match signal {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending().await,
            }
        }
        tokio::select! {
            () = on(&mut self.term) => "SIGTERM",
            () = on(&mut self.int) => "SIGINT",
        }
    }
}

/// `kartu migrate`: applies pending migrations and reports how many ran.
pub fn migrate(database_url: &str) -> anyhow::Result<usize> {
    let pool = store::pool(database_url, 1)?;
    let mut conn = pool.get()?;
    Ok(store::migrate(&mut conn)?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_session_key_is_configured_or_kept_in_the_keys_directory_and_never_made_up_in_production() {
        let dir = tempfile::tempdir().unwrap();
        let mut config = crate::config::ServeConfig::defaults();
        config.keys_dir = dir.path().to_path_buf();
        config.production = true;
        let refused = super::session_key(&config).unwrap_err();
        assert!(
            format!("{refused:#}").contains("KARTU_SESSION_KEY"),
            "{refused:#}"
        );
        assert!(!dir.path().join(super::SESSION_KEY_FILE).exists());

        config.production = false;
        super::session_key(&config).unwrap();
        let stored = std::fs::read_to_string(dir.path().join(super::SESSION_KEY_FILE)).unwrap();
        assert_eq!(stored.len(), 128, "64 bytes in hex");
        config.production = true;
        super::session_key(&config).unwrap();

        config.session_key = Some("00".repeat(63));
        assert!(super::session_key(&config).is_err(), "too short");
    }

    #[test]
    fn images_may_come_from_the_map_tiles_origin_and_nowhere_else() {
        let csp = super::content_security_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
        assert!(
            csp.contains("img-src 'self' data: https://tile.openstreetmap.org;"),
            "{csp}"
        );
        assert!(csp.contains("script-src 'self';"));
        assert_eq!(
            super::tile_origin("https://{s}.tiles.example.lt/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tiles.example.lt")
        );
        assert_eq!(super::tile_origin("javascript:alert(1)"), None);
        assert_eq!(
            super::tile_origin("https://evil.example; script-src *"),
            None
        );
        let plain = super::content_security_policy("not a url");
        assert!(plain.contains("img-src 'self' data:;"), "{plain}");
    }
}
