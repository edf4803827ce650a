//! What every handler shares: the application ([`Kartu`]), translations, and the settings that
//! only the web needs (body limit, verify rate limit, the session cookie).

use actix_web::HttpRequest;

use crate::app::throttle::RateLimit;
use crate::app::Kartu;
use crate::i18n::Translations;
use crate::web::console_session::CookieKey;

#[derive(Debug)]
pub struct AppState {
    pub kartu: Kartu,
    pub translations: Translations,
    pub body_limit: usize,
    /// Requests per client address on the public verify endpoint.
    pub verify_limit: RateLimit,
    /// Photos per client address on the photo fallback (each costs far more than a verify).
    pub photo_limit: RateLimit,
    /// Applications to join per client address on the public form.
    pub apply_limit: RateLimit,
    pub auth: AuthSettings,
    pub map: MapSettings,
    /// The Content-Security-Policy of every response (its `img-src` names the map tiles' origin).
    pub content_security_policy: String,
    /// Set at SIGTERM: readiness fails from then on, so a load balancer stops sending while the
    /// requests under way are still served.
    pub draining: std::sync::atomic::AtomicBool,
}

impl AppState {
    /// Takes one application to join from the client address's hourly allowance (the form and
    /// the API share it); Err with the seconds to wait when it is spent.
    pub fn take_application(&self, req: &HttpRequest) -> Result<(), u64> {
        match crate::web::request::client_addr(req, self.auth.trust_forwarded_for) {
            Some(addr) => self
                .apply_limit
                .check(addr, self.kartu.db.clock().instant()),
            None => Ok(()),
        }
    }
}

/// The catalogue's map.
#[derive(Debug, Clone)]
pub struct MapSettings {
    /// A URL template with `{z}`, `{x}` and `{y}`.
    pub tiles_url: String,
    pub attribution: String,
}

/// How callers are recognised.
#[derive(Debug)]
pub struct AuthSettings {
    pub session_idle_seconds: i64,
    pub cookie_secure: bool,
    /// Encrypts and authenticates the session cookie.
    pub session_key: CookieKey,
    /// Use the last address of `X-Forwarded-For` as the client's (behind a trusted proxy only).
    pub trust_forwarded_for: bool,
    /// `--public-url`: the origin of every absolute link.
    pub public_url: Option<String>,
}
