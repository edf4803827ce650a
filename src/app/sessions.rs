//! Who is calling: signing in and out of the console, and the caller behind an API token or a
//! console session, checked on every request (a disabled account, a revoked or expired token, a
//! logged-out session are refused on their very next request).
//!
//! Failed logins are counted per account name and per client address, and refused with a
//! lockout that fades. Unknown names, wrong passwords and disabled accounts get the same answer
//! after the same argon2 work.

use std::net::IpAddr;

use crate::app::actor::{Act, Actor, Credential};
use crate::app::audit::{self, Entry, Who};
use crate::app::error::{Context, Error};
use crate::app::{Db, Kartu};
use crate::domain::audit_action::AuditAction;
use crate::domain::{password, secret};
use crate::store::account::{self, Account, AccountId};
use crate::store::{api_token, from_unix, session, to_unix};

/// How long a login waits for a place among the argon2 checks in flight.
const HASHING_PATIENCE: std::time::Duration = std::time::Duration::from_secs(10);

/// Verifies a login, spending the same time whether or not the account exists or is disabled.
fn check_login(found: Option<&Account>, password: &str, dummy_hash: &str) -> bool {
    match found {
        Some(a) => password::verify(password, &a.password_hash) && a.disabled_at.is_none(),
        None => {
            let _ = password::verify(password, dummy_hash);
            false
        }
    }
}

/// Checks a login and returns the signed-in actor, with a new CSRF token for the session the
/// caller starts. Failures are throttled per account name and per client address, and audited.
pub fn sign_in(
    k: &Kartu,
    username: &str,
    password: &str,
    client: Option<IpAddr>,
) -> Result<Actor, Error> {
    if crate::app::input::has_refused_control(username) {
        return Err(Error::Invalid(vec![crate::app::input::control_character(
            "username",
        )]));
    }
    let username = username.trim().to_lowercase();
    let addr = client.map_or_else(|| "unknown".to_string(), |a| a.to_string());
    let user_key = format!("user:{username}");
    let addr_key = format!("addr:{addr}");
    // The attempt counts against the name and the address before the argon2 work, so that
    // guesses sent in parallel meet the lockout as they arrive.
    let started = k.db.clock().instant();
    k.logins
        .by_name
        .attempt(&user_key, started)
        .map_err(Error::TooManyAttempts)?;
    if let Err(wait) = k.logins.by_address.attempt(&addr_key, started) {
        k.logins.by_name.refund(&user_key, started);
        return Err(Error::TooManyAttempts(wait));
    }
    let now = k.now();
    let found = k
        .db
        .read(|conn| account::find_by_username(conn, &username).context("finding the account"))?;
    let ok = {
        // At most a few argon2 checks at once (19 MiB each): a flood of logins waits here
        // rather than taking the memory and every core.
        let Some(_pass) = k.logins.hashing.enter(HASHING_PATIENCE) else {
            return Err(Error::Unavailable(anyhow::anyhow!(
                "too many sign-ins at once; try again in a moment"
            )));
        };
        check_login(found.as_ref(), password, &k.logins.dummy_hash)
    };
    let signed_in = k.db.write(|tx| match found {
        Some(account) if ok => {
            let actor = Actor::of_account(&account, secret::random_secret());
            let mut entry = Entry::new(AuditAction::LoginSuccess, Some(account.municipality));
            entry.subject_id = Some(account.id.0.clone());
            Act::new(&actor, now).record(tx, entry)?;
            Ok(Some(actor))
        }
        known => {
            // Unknown names are recorded without the name: it may be a mistyped password.
            let who = Who {
                id: known.as_ref().map(|a| a.id.0.as_str()),
                name: known.as_ref().map_or("unknown", |a| a.username.as_str()),
            };
            let mut entry = Entry::new(
                AuditAction::LoginFailure,
                known.as_ref().map(|a| a.municipality),
            );
            entry.subject_id = known.as_ref().map(|a| a.id.0.clone());
            audit::record(tx, who, now, entry)?;
            Ok(None)
        }
    })?;
    let Some(actor) = signed_in else {
        return Err(Error::Unauthenticated);
    };
    k.logins.by_name.succeed(&user_key);
    k.logins
        .by_address
        .refund(&addr_key, k.db.clock().instant());
    Ok(actor)
}

/// Ends a console session's sign-in, audited; the caller ends the session itself. An API token
/// is not logged out: an admin revokes it.
pub fn sign_out(k: &Kartu, actor: &Actor) -> Result<(), Error> {
    let Credential::Session { .. } = actor.credential else {
        return Err(Error::Refused {
            code: "not_a_session",
            detail: "API tokens are not logged out; an admin revokes them".into(),
        });
    };
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let mut entry = Entry::new(AuditAction::Logout, actor.home);
        entry.subject_id = actor.id().map(str::to_string);
        act.record(tx, entry)
    })
}

/// The caller behind an API token (`kartu_…`), if it exists, is not revoked, has not expired,
/// and was not made by an account that is disabled now or by a token revoked since.
pub fn by_token(k: &Kartu, token: &str) -> Result<Actor, Error> {
    let hash = secret::secret_hash(token);
    let now = k.now();
    let found = k.db.read(|conn| {
        let Some(t) = api_token::find_live(conn, &hash, now).context("looking up the token")?
        else {
            return Ok(None);
        };
        let maker_alive = match account::find(conn, &AccountId(t.created_by.clone()))
            .context("loading the token's maker")?
        {
            Some(maker) => maker.disabled_at.is_none(),
            None => api_token::find(conn, &api_token::TokenId(t.created_by.clone()))
                .context("loading the token's maker")?
                .is_none_or(|maker| maker.revoked_at.is_none()),
        };
        Ok(maker_alive.then_some(t))
    })?;
    found
        .map(|t| Actor::of_token(&t))
        .ok_or(Error::Unauthenticated)
}

/// The account behind a live console session (the session store has already refused an
/// unknown, logged-out or idle one); unauthenticated when the account is gone or disabled.
pub fn by_session(k: &Kartu, account_id: &AccountId, csrf: String) -> Result<Actor, Error> {
    let found =
        k.db.read(|conn| account::find(conn, account_id).context("loading the account"))?;
    found
        .filter(|a| a.disabled_at.is_none())
        .map(|a| Actor::of_account(&a, csrf))
        .ok_or(Error::Unauthenticated)
}

/// A console session as stored: only the SHA-256 of its key is kept, beside its account and
/// CSRF token and when it was last used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub account_id: AccountId,
    pub csrf: String,
}

/// A session's last-use time is written at most this often.
const TOUCH_EVERY: i64 = 60;

/// The session with this key, if it was used within `idle_seconds`; it is marked as used now.
/// An idle one is deleted, so an old copy of its cookie never works again.
pub fn load_session(db: &Db, key: &str, idle_seconds: i64) -> Result<Option<StoredSession>, Error> {
    let hash = secret::secret_hash(key);
    let now = db.now();
    let Some(row) = db.read(|conn| session::find(conn, &hash).context("loading the session"))?
    else {
        return Ok(None);
    };
    let unused_for = now - to_unix(row.last_seen_at);
    if unused_for > idle_seconds {
        db.write(|tx| session::delete(tx, &hash).context("ending an idle session"))?;
        return Ok(None);
    }
    if unused_for >= TOUCH_EVERY {
        db.write(|tx| session::touch(tx, &hash, from_unix(now)).context("touching the session"))?;
    }
    Ok(Some(StoredSession {
        account_id: row.account_id,
        csrf: row.csrf_token,
    }))
}

/// Stores a new session under a new random key, which it returns, and sweeps out sessions gone
/// idle.
pub fn save_session(db: &Db, stored: StoredSession, idle_seconds: i64) -> Result<String, Error> {
    let key = secret::random_secret();
    let now = db.now();
    let row = session::Session {
        id_hash: secret::secret_hash(&key),
        account_id: stored.account_id,
        csrf_token: stored.csrf,
        created_at: from_unix(now),
        last_seen_at: from_unix(now),
    };
    db.write(|tx| {
        session::delete_idle(tx, from_unix(now - idle_seconds))
            .context("sweeping idle sessions")?;
        session::insert(tx, row).context("storing the session")
    })?;
    Ok(key)
}

/// Replaces what the session with this key holds; false when it has ended meanwhile.
pub fn update_session(db: &Db, key: &str, stored: &StoredSession) -> Result<bool, Error> {
    let hash = secret::secret_hash(key);
    let now = from_unix(db.now());
    let updated = db.write(|tx| {
        session::update(tx, &hash, &stored.account_id, &stored.csrf, now)
            .context("updating the session")
    })?;
    Ok(updated > 0)
}

pub fn delete_session(db: &Db, key: &str) -> Result<(), Error> {
    let hash = secret::secret_hash(key);
    db.write(|tx| session::delete(tx, &hash).context("ending the session"))
}
