//! The threads that keep a running instance in step with the shared database (`app::sync`):
//! one follows the status log, woken by PostgreSQL's `NOTIFY kartu_status` or every
//! `--sync-interval-ms`; it also rereads the key directory every `--keys-check-seconds`. SIGHUP
//! rereads the keys at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::web;
use diesel::{Connection, PgConnection, RunQueryDsl};

use crate::app::sync::{reload_keys, Follower};
use crate::store::Backend;
use crate::web::state::AppState;

/// How often the listening connection is asked for notifications.
const NOTIFY_POLL: Duration = Duration::from_millis(50);

/// What the follower thread needs.
#[derive(Debug, Clone)]
pub struct SyncSettings {
    pub database_url: String,
    pub interval: Duration,
    /// `None`: only on SIGHUP.
    pub keys_every: Option<Duration>,
}

/// Starts the follower thread, and a task that rereads the keys on SIGHUP. Call it from inside
/// the actix system (for the signal task).
pub fn start(state: web::Data<AppState>, settings: SyncSettings) -> std::io::Result<()> {
    let reload_now = Arc::new(AtomicBool::new(false));
    spawn_sighup(Arc::clone(&reload_now));
    std::thread::Builder::new()
        .name("kartu-sync".into())
        .spawn(move || follow(&state, &settings, &reload_now))
        .map(|_| ())
}

#[cfg(unix)]
fn spawn_sighup(flag: Arc<AtomicBool>) {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::hangup()) {
        Ok(mut hangups) => {
            actix_web::rt::spawn(async move {
                while hangups.recv().await.is_some() {
                    tracing::info!("SIGHUP: reading the key directory again");
                    flag.store(true, Ordering::Relaxed);
                }
            });
        }
        Err(error) => tracing::warn!(%error, "cannot listen for SIGHUP"),
    }
}

#[cfg(not(unix))]
fn spawn_sighup(_flag: Arc<AtomicBool>) {}

/// A connection that has run `LISTEN kartu_status`, on PostgreSQL.
struct Listener {
    url: String,
    conn: Option<PgConnection>,
    last_try: Option<Instant>,
}

impl Listener {
    fn new(url: &str) -> Listener {
        Listener {
            url: url.to_owned(),
            conn: None,
            last_try: None,
        }
    }

    /// Whether a commit was notified since the last call. Reconnects, at most every
    /// `retry`, when the connection was lost; until then the periodic read covers.
    fn notified(&mut self, retry: Duration) -> bool {
        if self.conn.is_none() && self.last_try.is_none_or(|t| t.elapsed() >= retry) {
            self.last_try = Some(Instant::now());
            match PgConnection::establish(&self.url).and_then(|mut c| {
                diesel::sql_query("LISTEN kartu_status")
                    .execute(&mut c)
                    .map_err(|e| diesel::ConnectionError::BadConnection(e.to_string()))?;
                Ok(c)
            }) {
                Ok(c) => self.conn = Some(c),
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for status changes; reading them periodically");
                    return false;
                }
            }
            // Whatever was committed before the LISTEN is read by the next catch-up anyway.
            return true;
        }
        let Some(conn) = self.conn.as_mut() else {
            return false;
        };
        let mut any = false;
        let mut lost = None;
        for n in conn.notifications_iter() {
            match n {
                Ok(_) => any = true,
                Err(error) => {
                    lost = Some(error);
                    break;
                }
            }
        }
        if let Some(error) = lost {
            tracing::warn!(%error, "lost the status notifications' connection");
            self.conn = None;
            return true;
        }
        any
    }
}

fn follow(state: &web::Data<AppState>, settings: &SyncSettings, reload_now: &AtomicBool) {
    let k = &state.kartu;
    let mut follower = Follower::start(k);
    let mut listener = match Backend::from_url(&settings.database_url) {
        Ok(Backend::Postgres(url)) => Some(Listener::new(&url)),
        _ => None,
    };
    let mut last_read = Instant::now();
    let mut last_keys = Instant::now();
    let mut failing = false;
    loop {
        let tick = if listener.is_some() {
            NOTIFY_POLL
        } else {
            settings.interval
        };
        std::thread::sleep(tick);
        let notified = listener
            .as_mut()
            .is_some_and(|l| l.notified(settings.interval.max(Duration::from_secs(1))));
        if notified || last_read.elapsed() >= settings.interval {
            last_read = Instant::now();
            match follower.catch_up(k) {
                Ok(applied) => {
                    if failing {
                        tracing::info!("reading the status log again");
                        failing = false;
                    }
                    if applied > 0 {
                        tracing::debug!(
                            applied,
                            position = follower.position(),
                            "status changes applied"
                        );
                    }
                }
                Err(error) => {
                    if !failing {
                        tracing::warn!(error = %format!("{error:#}"), "cannot read the status log; retrying");
                        failing = true;
                    }
                }
            }
        }
        let keys_due = settings
            .keys_every
            .is_some_and(|every| last_keys.elapsed() >= every);
        if reload_now.swap(false, Ordering::Relaxed) || keys_due {
            last_keys = Instant::now();
            if let Err(error) = reload_keys(k) {
                tracing::warn!(error = %format!("{error:#}"), "the key directory did not load; keeping the last good ring");
            }
        }
    }
}
