//! The console session: actix-session's middleware over our `sessions` table.
//!
//! The `kartu_session` cookie (HttpOnly, SameSite=Strict, `Secure` when configured, encrypted and
//! authenticated with the configured [`CookieKey`]) carries a random session key. The table keeps
//! only its SHA-256, beside the account, the CSRF token and when the session was last used. So
//! logging out, disabling an account or an idle spell ends a session on the server whatever copy
//! of the cookie survives, and a restart with the same key keeps everyone signed in.
//!
//! A session holds exactly two things, an account id and its CSRF token, each in its own column
//! (so that `session::delete_of_account` can end an account's sessions); the store refuses
//! anything else rather than drop it. Handlers never touch the actix `Session` map themselves:
//! they call [`start`], [`signed_in`] and [`end`]. Whether the account may still sign in is the
//! callers' business (`app::sessions::by_session`), not the store's.

use std::collections::HashMap;

use actix_session::config::{BrowserSession, CookieContentSecurity, TtlExtensionPolicy};
use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_session::{Session, SessionMiddleware};
use actix_web::cookie::time::Duration;
use actix_web::cookie::{Key, SameSite};
use actix_web::{web, HttpRequest};
use anyhow::Context;
use base64::Engine;

use crate::app::actor::Actor;
use crate::app::sessions::{self, StoredSession};
use crate::app::Db;
use crate::store::account::AccountId;
use crate::web::act;
use crate::web::error::ApiError;
use crate::web::request::client_addr;
use crate::web::state::AppState;

/// The console session cookie.
pub const SESSION_COOKIE: &str = "kartu_session";

/// The session map's keys; each is a column of `sessions`.
const ACCOUNT: &str = "account_id";
const CSRF: &str = "csrf_token";
/// The shortest key `actix_web::cookie::Key` accepts: 32 bytes to sign, 32 to encrypt.
pub const KEY_BYTES: usize = 64;

/// The key that encrypts and authenticates the session cookie. Never printed.
#[derive(Clone)]
pub struct CookieKey(Key);

impl std::fmt::Debug for CookieKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CookieKey(…)")
    }
}

impl CookieKey {
    /// A key from its text: hex, or base64 (standard or URL-safe, padded or not), of at least
    /// 64 bytes. Text that is all hex digits is read as hex.
    pub fn parse(text: &str) -> anyhow::Result<CookieKey> {
        let text = text.trim();
        let bytes = if !text.is_empty()
            && text.len().is_multiple_of(2)
            && text.bytes().all(|b| b.is_ascii_hexdigit())
        {
            hex::decode(text).context("hex")?
        } else {
            let unpadded = text.trim_end_matches('=');
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(unpadded)
                .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(unpadded))
                .context("a session key is hex or base64")?
        };
        CookieKey::from_bytes(&bytes)
    }

    fn from_bytes(bytes: &[u8]) -> anyhow::Result<CookieKey> {
        if bytes.len() < KEY_BYTES {
            anyhow::bail!(
                "a session key has at least {KEY_BYTES} bytes ({} hex digits); this one has {}",
                KEY_BYTES * 2,
                bytes.len()
            );
        }
        Key::try_from(bytes)
            .map(CookieKey)
            .map_err(|e| anyhow::anyhow!("session key: {e}"))
    }

    /// A new random key and its hex text, to store.
    pub fn generate() -> anyhow::Result<(CookieKey, zeroize::Zeroizing<String>)> {
        let mut bytes = zeroize::Zeroizing::new(vec![0u8; KEY_BYTES]);
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
        let hex = zeroize::Zeroizing::new(hex::encode(&*bytes));
        Ok((CookieKey::from_bytes(&bytes)?, hex))
    }
}

/// The session middleware the application wraps itself in.
pub fn middleware(state: &AppState) -> SessionMiddleware<DbSessionStore> {
    let idle = Duration::seconds(state.auth.session_idle_seconds);
    SessionMiddleware::builder(
        DbSessionStore {
            db: state.kartu.db.clone(),
            idle_seconds: state.auth.session_idle_seconds,
        },
        state.auth.session_key.0.clone(),
    )
    .cookie_name(SESSION_COOKIE.to_string())
    .cookie_path("/".to_string())
    .cookie_http_only(true)
    .cookie_secure(state.auth.cookie_secure)
    .cookie_same_site(SameSite::Strict)
    .cookie_content_security(CookieContentSecurity::Private)
    // No max-age: the cookie ends with the browser, the server ends the session when idle.
    .session_lifecycle(
        BrowserSession::default()
            .state_ttl(idle)
            .state_ttl_extension_policy(TtlExtensionPolicy::OnEveryRequest),
    )
    .build()
}

/// Signs `account_id` in on a new session key with a new CSRF token: the session the browser
/// had, if any, ends (the id rotates at login). The middleware stores it after the handler.
pub fn start(session: &Session, account_id: &AccountId, csrf: &str) -> Result<(), ApiError> {
    session.renew();
    session.clear();
    session
        .insert(ACCOUNT, &account_id.0)
        .and_then(|()| session.insert(CSRF, csrf))
        .map_err(|e| ApiError::internal(format!("starting a session: {e}")))
}

/// Who a request's session belongs to.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub account_id: AccountId,
    pub csrf: String,
}

/// The account and CSRF token of the request's session; `None` without a live session.
pub fn signed_in(session: &Session) -> Result<Option<SignedIn>, ApiError> {
    let read = |key: &str| {
        session
            .get::<String>(key)
            .map_err(|e| ApiError::internal(format!("reading the session: {e}")))
    };
    Ok(match (read(ACCOUNT)?, read(CSRF)?) {
        (Some(account_id), Some(csrf)) => Some(SignedIn {
            account_id: AccountId(account_id),
            csrf,
        }),
        _ => None,
    })
}

/// Ends the request's session: the middleware deletes it from the table and clears the cookie.
pub fn end(session: &Session) {
    session.purge();
}

/// Checks a login (`app::sessions::sign_in`) and starts a session on a new session key: the
/// API's and the console's sign-in. Any session the browser already had ends (the key rotates
/// at login); the session middleware stores it and sets the cookie on the way out.
pub async fn sign_in(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    session: &Session,
    username: String,
    password: String,
) -> Result<Actor, ApiError> {
    let client = client_addr(req, state.auth.trust_forwarded_for);
    let actor = act(state, move |k| {
        sessions::sign_in(k, &username, &password, client)
    })
    .await?;
    let (Some(account), Some(csrf)) = (actor.account(), actor.csrf()) else {
        return Err(ApiError::internal("a sign-in without a session"));
    };
    start(session, account, csrf)?;
    Ok(actor)
}

/// Ends a console session: audited by the act, deleted from the table and cleared from the
/// browser by the session middleware on the way out.
pub async fn sign_out(
    state: &web::Data<AppState>,
    session: &Session,
    actor: Actor,
) -> Result<(), ApiError> {
    act(state, move |k| sessions::sign_out(k, &actor)).await?;
    end(session);
    Ok(())
}

/// actix-session's store over the `sessions` table (through `app::sessions`); every query runs
/// in `web::block`.
#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Db,
    idle_seconds: i64,
}

type State = HashMap<String, String>;

impl DbSessionStore {
    async fn blocking<T, F>(&self, f: F) -> anyhow::Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Db) -> Result<T, crate::app::error::Error> + Send + 'static,
    {
        let db = self.db.clone();
        web::block(move || f(&db).map_err(|e| anyhow::anyhow!("{e}")))
            .await
            .map_err(|e| anyhow::anyhow!("the session store: {e}"))?
    }
}

/// The account id and CSRF token a session map holds.
fn columns(state: &State) -> anyhow::Result<StoredSession> {
    if let Some(other) = state.keys().find(|k| *k != ACCOUNT && *k != CSRF) {
        anyhow::bail!("a console session holds an account and its CSRF token, not `{other}`");
    }
    let value = |key: &str| -> anyhow::Result<String> {
        let json = state
            .get(key)
            .with_context(|| format!("a console session needs `{key}`"))?;
        serde_json::from_str(json).with_context(|| format!("`{key}` is not a JSON string"))
    };
    Ok(StoredSession {
        account_id: AccountId(value(ACCOUNT)?),
        csrf: value(CSRF)?,
    })
}

fn state_of(stored: &StoredSession) -> State {
    let json = |text: &str| serde_json::Value::String(text.to_string()).to_string();
    HashMap::from([
        (ACCOUNT.to_string(), json(&stored.account_id.0)),
        (CSRF.to_string(), json(&stored.csrf)),
    ])
}

impl SessionStore for DbSessionStore {
    /// A session used within the idle time, which this marks as used now; an idle one is
    /// deleted, so an old copy of its cookie never works again.
    async fn load(&self, session_key: &SessionKey) -> Result<Option<State>, LoadError> {
        let key = session_key.as_ref().to_string();
        let idle = self.idle_seconds;
        let found = self
            .blocking(move |db| sessions::load_session(db, &key, idle))
            .await
            .map_err(LoadError::Other)?;
        Ok(found.as_ref().map(state_of))
    }

    /// Stores a new session under a new random key, and sweeps out sessions gone idle.
    async fn save(&self, state: State, _ttl: &Duration) -> Result<SessionKey, SaveError> {
        let stored = columns(&state).map_err(SaveError::Serialization)?;
        let idle = self.idle_seconds;
        let key = self
            .blocking(move |db| sessions::save_session(db, stored, idle))
            .await
            .map_err(SaveError::Other)?;
        SessionKey::try_from(key).map_err(|e| SaveError::Other(e.into()))
    }

    async fn update(
        &self,
        session_key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let stored = columns(&state).map_err(UpdateError::Serialization)?;
        let key = session_key.as_ref().to_string();
        let updated = self
            .blocking(move |db| sessions::update_session(db, &key, &stored))
            .await
            .map_err(UpdateError::Other)?;
        if updated {
            return Ok(session_key);
        }
        // Ended meanwhile (logged out elsewhere, idle, account disabled): a new session.
        self.save(state, ttl).await.map_err(|e| match e {
            SaveError::Serialization(e) => UpdateError::Serialization(e),
            SaveError::Other(e) => UpdateError::Other(e),
        })
    }

    /// Nothing to do: `load` already moved the session's last-seen time forward.
    async fn update_ttl(&self, _session_key: &SessionKey, _ttl: &Duration) -> anyhow::Result<()> {
        Ok(())
    }

    async fn delete(&self, session_key: &SessionKey) -> anyhow::Result<()> {
        let key = session_key.as_ref().to_string();
        self.blocking(move |db| sessions::delete_session(db, &key))
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_key_is_read_from_hex_or_base64_of_at_least_64_bytes() {
        let bytes: Vec<u8> = (0u8..64).collect();
        let hex = hex::encode(&bytes);
        let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&bytes);
        let master = |k: CookieKey| k.0.master().to_vec();
        assert_eq!(master(CookieKey::parse(&hex).unwrap()), bytes);
        assert_eq!(master(CookieKey::parse(&b64).unwrap()), bytes);
        assert_eq!(master(CookieKey::parse(&url).unwrap()), bytes);
        assert!(CookieKey::parse(&hex[..126]).is_err(), "63 bytes");
        assert!(CookieKey::parse("not a key!").is_err());
        assert!(CookieKey::parse("").is_err());
        assert_eq!(
            format!("{:?}", CookieKey::parse(&hex).unwrap()),
            "CookieKey(…)"
        );
    }

    #[test]
    fn a_session_map_holds_an_account_and_a_csrf_token_and_nothing_else() {
        let mut state = HashMap::from([
            (ACCOUNT.to_string(), "\"a-1\"".to_string()),
            (CSRF.to_string(), "\"t\"".to_string()),
        ]);
        assert_eq!(
            columns(&state).unwrap(),
            StoredSession {
                account_id: AccountId("a-1".into()),
                csrf: "t".into()
            }
        );
        state.insert("cart".into(), "[]".into());
        assert!(columns(&state).is_err());
        state.remove("cart");
        state.remove(CSRF);
        assert!(columns(&state).is_err());
    }
}
