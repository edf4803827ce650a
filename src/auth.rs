//! Who is calling, and what they may do.
//!
//! Every clerk endpoint takes a [`Clerk`]: the extractor resolves an API token
//! (`Authorization: Bearer kartu_…`) or a console session cookie on every request, so a disabled
//! account, a revoked or expired token, or a logged-out session is refused on its very next
//! request. Roles are checked with [`Clerk::require`] (403), municipality scope by the queries
//! (another municipality's records are "not found", 404, so nothing leaks about what exists).
//!
//! Secrets are never stored: passwords as argon2id PHC strings, tokens and session keys as
//! SHA-256 (they are 256 random bits, so a fast hash is enough). The console session itself is
//! actix-session's, over our `sessions` table (see `console_session`).

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{web, FromRequest, HttpRequest};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kartu_card::Municipality;
use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::console_session::{self, CookieKey, SignedIn};
use crate::error::ApiError;
use crate::models::{account, api_token, session};
use crate::routes::with_db;
use crate::state::AppState;

/// The console session cookie.
pub const SESSION_COOKIE: &str = "kartu_session";
/// The header a cookie-authenticated request that changes state must carry.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Prefix of every API token, so a leaked one is easy to recognise in a scan.
pub const TOKEN_PREFIX: &str = "kartu_";
pub const MIN_PASSWORD_CHARS: usize = 12;

/// A role, from least to most administrative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Registers families and issues, renews and reissues cards in their own municipality.
    Clerk,
    /// A clerk who may also revoke, suspend and reinstate cards and read the audit trail.
    Supervisor,
    /// Manages accounts, tokens and keys; does not handle families.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Clerk, Role::Supervisor, Role::Admin];

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == text)
    }

    pub fn code(self) -> &'static str {
        match self {
            Role::Clerk => "clerk",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }

    pub fn may(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Clerk => matches!(permission, HandleFamilies),
            Role::Supervisor => matches!(permission, HandleFamilies | ChangeCardState | ReadAudit),
            Role::Admin => matches!(permission, ManageAccounts | ReadAudit),
        }
    }
}

/// What an endpoint needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// Register and change families and members; issue, renew and reissue cards.
    HandleFamilies,
    /// Revoke, suspend and reinstate cards.
    ChangeCardState,
    ReadAudit,
    /// Accounts and API tokens.
    ManageAccounts,
}

impl Permission {
    fn verb(self) -> &'static str {
        match self {
            Permission::HandleFamilies => "handle families and cards",
            Permission::ChangeCardState => "revoke, suspend or reinstate cards",
            Permission::ReadAudit => "read the audit trail",
            Permission::ManageAccounts => "manage accounts and tokens",
        }
    }
}

/// How the caller proved who they are.
#[derive(Debug, Clone)]
pub enum Credential {
    Token,
    /// A console session; the CSRF token is what forms must send back.
    Session {
        csrf: String,
    },
}

/// An authenticated caller: an account (through a session) or an API token.
#[derive(Debug, Clone)]
pub struct Clerk {
    /// The account id, or the token id.
    pub id: String,
    /// The username, or `token:<label>`.
    pub name: String,
    pub municipality: Municipality,
    pub role: Role,
    pub credential: Credential,
}

impl Clerk {
    /// 403 unless the role allows `permission`.
    pub fn require(&self, permission: Permission) -> Result<(), ApiError> {
        if self.role.may(permission) {
            Ok(())
        } else {
            Err(ApiError::Forbidden(permission.verb()))
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// This caller, as the audit trail records them.
    pub fn who(&self) -> crate::audit::Who<'_> {
        crate::audit::Who {
            id: Some(&self.id),
            name: &self.name,
        }
    }

    /// The municipalities whose families and cards this caller sees: their own. An admin's
    /// scope covers all three, for the audit trail and accounts.
    pub fn scope(&self) -> Vec<&'static str> {
        match self.role {
            Role::Admin => Municipality::ALL.iter().map(|m| m.code()).collect(),
            _ => vec![self.municipality.code()],
        }
    }

    pub fn may_act_for(&self, municipality: Municipality) -> bool {
        self.role == Role::Admin || self.municipality == municipality
    }
}

type ClerkFuture = Pin<Box<dyn Future<Output = Result<Clerk, ApiError>>>>;

impl FromRequest for Clerk {
    type Error = ApiError;
    type Future = ClerkFuture;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let bearer = req
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|v| v.trim().to_string());
        let signed_in = console_session::signed_in(&req.get_session());
        let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
        let csrf = req
            .headers()
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let cross_site = is_cross_site(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::Internal("no application state".into()))?;
            let now = crate::commands::unix_now();
            if let Some(token) = bearer {
                let hash = secret_hash(&token);
                return with_db(&state, move |conn, _| {
                    api_token::authenticate(conn, &hash, now)?.ok_or(ApiError::Unauthorized)
                })
                .await;
            }
            let Some(signed_in) = signed_in? else {
                return Err(ApiError::Unauthorized);
            };
            let clerk = session_clerk(&state, signed_in).await?;
            if changes_state {
                if cross_site {
                    return Err(ApiError::Forbidden("send this request from another site"));
                }
                let Credential::Session { csrf: expected, .. } = &clerk.credential else {
                    return Err(ApiError::Unauthorized);
                };
                if !csrf_matches(expected, csrf.as_deref().unwrap_or("")) {
                    return Err(ApiError::Forbidden(
                        "change anything without the form's CSRF token",
                    ));
                }
            }
            Ok(clerk)
        })
    }
}

/// The account behind a live console session (the session middleware has already refused an
/// unknown, logged-out or idle one); 401 when the account is gone or disabled. The caller checks
/// CSRF for requests that change state.
pub async fn session_clerk(
    state: &web::Data<AppState>,
    signed_in: SignedIn,
) -> Result<Clerk, ApiError> {
    with_db(state, move |conn, _| {
        let account = account::find(conn, &signed_in.account_id)?
            .filter(|a| a.disabled_at.is_none())
            .ok_or(ApiError::Unauthorized)?;
        session::to_clerk(
            account,
            Credential::Session {
                csrf: signed_in.csrf,
            },
        )
        .ok_or(ApiError::Unauthorized)
    })
    .await
}

/// Constant-time comparison of a session's CSRF token with what a form or header sent.
pub fn csrf_matches(expected: &str, sent: &str) -> bool {
    !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(sent.as_bytes()))
}

/// True when the browser says the request comes from another site (`Sec-Fetch-Site`), or its
/// `Origin` names another host than the one it was sent to.
pub fn is_cross_site(req: &HttpRequest) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        if !matches!(site, "same-origin" | "none") {
            return true;
        }
    }
    match (header("origin"), header("host")) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split("://").nth(1).unwrap_or(origin);
            origin_host != host
        }
        _ => false,
    }
}

/// 256 random bits, base64url.
pub fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database keeps of a token or session id.
pub fn secret_hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

pub fn new_api_token() -> String {
    format!("{TOKEN_PREFIX}{}", random_secret())
}

/// A password as an argon2id PHC string (the crate's defaults: 19 MiB, 2 passes).
pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::Internal(format!("hashing a password: {e}")))
}

/// Checks a password against a stored hash. A malformed hash never matches.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A new password's problems, if any.
pub fn check_new_password(password: &str) -> Result<(), ApiError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::field(
            "password",
            "too_short",
            format!("a password has at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if password.chars().count() > 256 {
        return Err(ApiError::field(
            "password",
            "too_long",
            "a password has at most 256 characters",
        ));
    }
    Ok(())
}

/// A generated password: 20 characters from an alphabet without look-alikes.
pub fn generate_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect()
}

/// Authentication settings shared by every request.
#[derive(Debug)]
pub struct AuthSettings {
    pub session_idle_seconds: i64,
    pub cookie_secure: bool,
    /// Encrypts and authenticates the session cookie.
    pub session_key: CookieKey,
    /// Use the last address of `X-Forwarded-For` as the client's (behind a trusted proxy only).
    pub trust_forwarded_for: bool,
    /// An argon2id hash of a random password: unknown usernames are checked against it, so they
    /// take as long as known ones.
    pub dummy_hash: String,
}

/// The client's address: the peer, or behind a trusted reverse proxy the address the proxy
/// appended to `X-Forwarded-For` (the last one: earlier ones are whatever the client sent).
pub fn client_addr(req: &HttpRequest, trust_forwarded_for: bool) -> Option<IpAddr> {
    if trust_forwarded_for {
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    req.peer_addr().map(|a| a.ip())
}

/// Used by `account::authenticate` callers: verify a login, spending the same time whether or
/// not the username exists or the account is disabled.
pub fn check_login(found: Option<&account::Account>, password: &str, dummy_hash: &str) -> bool {
    match found {
        Some(a) => verify_password(password, &a.password_hash) && a.disabled_at.is_none(),
        None => {
            let _ = verify_password(password, dummy_hash);
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let hash = hash_password("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse batterY", &hash));
        assert!(!verify_password("correct horse battery", "not a hash"));
    }

    #[test]
    fn roles_allow_what_the_issue_says_and_nothing_more() {
        use Permission::*;
        let table = [
            (Role::Clerk, [true, false, false, false]),
            (Role::Supervisor, [true, true, true, false]),
            (Role::Admin, [false, false, true, true]),
        ];
        for (role, expected) in table {
            let got =
                [HandleFamilies, ChangeCardState, ReadAudit, ManageAccounts].map(|p| role.may(p));
            assert_eq!(got, expected, "{role:?}");
        }
    }

    #[test]
    fn passwords_shorter_than_twelve_characters_are_refused() {
        assert!(check_new_password("elevenchars").is_err());
        assert!(check_new_password("twelve chars").is_ok());
        assert_eq!(generate_password().len(), 20);
        assert_ne!(generate_password(), generate_password());
    }

    #[test]
    fn csrf_tokens_compare_whole() {
        assert!(csrf_matches("abc", "abc"));
        assert!(!csrf_matches("abc", "ab"));
        assert!(!csrf_matches("", ""));
    }
}
