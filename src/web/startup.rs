//! Building the application: keys, database, migrations, status lists, then the HTTP server.
//! `Application::build` binds the socket (port 0 picks one), `port` tells which, and
//! `run_until_stopped` serves until a signal. Tests build the same `App` through [`app`], on a
//! state from [`prepare`] (or [`prepare_with`] and a clock they set).

use std::net::TcpListener;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, DefaultHeaders, Next};
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
use crate::web::{pages, routes};

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
        apply_limit: RateLimit::per_hour(config.apply_rate_per_hour, config.apply_rate_per_hour),
        map: MapSettings {
            tiles_url: config.map_tiles_url.clone(),
            attribution: config.map_attribution.clone(),
        },
        content_security_policy: content_security_policy(&config.map_tiles_url),
        auth: AuthSettings {
            session_idle_seconds: config.session_idle_minutes * 60,
            cookie_secure: config.cookie_secure,
            session_key,
            trust_forwarded_for: config.trust_forwarded_for,
        },
    }))
}

/// One log line per request: method, path without the query string, status, duration. Never a
/// body, a query string or a header, so no national ID or QR text reaches the log.
async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().to_string();
    let path = loggable_path(req.path());
    let response = next.call(req).await?;
    tracing::info!(%method, %path, status = response.status().as_u16(), ms = started.elapsed().as_millis() as u64, "request");
    Ok(response)
}

/// The path as the log shows it: a family page's token and a till link's token are secrets,
/// so they are left out.
fn loggable_path(path: &str) -> String {
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
        .wrap(sessions)
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
        .wrap(from_fn(log_request))
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
        .configure(routes)
        .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", ApiDoc::openapi()))
        .default_service(web::to(|req: actix_web::HttpRequest| async move {
            HttpResponse::from_error(pages::answer_error(&req, ApiError::NotFound("resource")))
        }))
}

pub struct Application {
    port: u16,
    server: Server,
}

impl std::fmt::Debug for Application {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Application")
            .field("port", &self.port)
            .finish_non_exhaustive()
    }
}

impl Application {
    pub fn build(config: &ServeConfig) -> anyhow::Result<Application> {
        let state = prepare(config)?;
        crate::web::sync::start(
            state.clone(),
            crate::web::sync::SyncSettings {
                database_url: config.database_url.clone(),
                interval: std::time::Duration::from_millis(config.sync_interval_ms),
                keys_every: (config.keys_check_seconds > 0)
                    .then(|| std::time::Duration::from_secs(config.keys_check_seconds)),
            },
        )
        .context("starting the status follower")?;
        let listener = TcpListener::bind(&config.listen)
            .with_context(|| format!("binding {}", config.listen))?;
        let port = listener.local_addr()?.port();
        let mut server = HttpServer::new(move || app(state.clone())).listen(listener)?;
        if config.workers > 0 {
            server = server.workers(config.workers);
        }
        let host = config
            .listen
            .rsplit_once(':')
            .map_or("127.0.0.1", |(h, _)| h);
        println!("kartu listening on http://{host}:{port}");
        Ok(Application {
            port,
            server: server.run(),
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
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
    use super::loggable_path;

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
}
