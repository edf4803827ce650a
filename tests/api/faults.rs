//! Faults of the database (issue 11): a database that cannot take writes answers 503 with
//! `Retry-After` and readiness says so, on both backends; a PostgreSQL that goes away makes
//! readiness answer within a second and requests fail fast instead of each waiting the pool's
//! timeout.

use std::io::ErrorKind;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::connection::SimpleConnection;
use serde_json::Value;

use crate::helpers::{lithuanian_family, TestApp};

struct Answer {
    status: StatusCode,
    retry_after: Option<String>,
    body: Value,
}

async fn ask(app: &TestApp, req: TestRequest, token: Option<&str>) -> Answer {
    let req = match token {
        Some(t) => req.insert_header(("Authorization", format!("Bearer {t}"))),
        None => req,
    };
    let service = actix_web::test::init_service(kartu::web::startup::app(app.state.clone())).await;
    let resp = actix_web::test::call_service(&service, req.to_request()).await;
    let status = resp.status();
    let retry_after = resp
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_string());
    let body = actix_web::test::read_body(resp).await;
    Answer {
        status,
        retry_after,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    }
}

fn families_stored(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use kartu::store::schema::families::dsl::*;
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    families.count().get_result(&mut conn).unwrap()
}

/// Every connection of the pool refuses writes (SQLite's `query_only`, PostgreSQL's read-only
/// transactions), as a full disk or a read-only file or server would; or takes them again.
fn refuse_writes(app: &TestApp, refuse: bool) {
    let pool = app.state.kartu.db.pool();
    let held: Vec<_> = (0..pool.max_size()).map(|_| pool.get().unwrap()).collect();
    let (on, off) = match app.postgres() {
        true => (
            "SET default_transaction_read_only = on",
            "SET default_transaction_read_only = off",
        ),
        false => ("PRAGMA query_only = ON", "PRAGMA query_only = OFF"),
    };
    for mut c in held {
        c.batch_execute(if refuse { on } else { off }).unwrap();
    }
}

#[actix_web::test]
async fn a_database_that_cannot_take_writes_answers_503_and_readiness_says_so() {
    let app = TestApp::spawn();
    let token = app.tokens["supervisor:ALY"].clone();
    let ready = ask(&app, TestRequest::get().uri("/readyz"), None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    assert_eq!(ready.body["writable"], true);
    let before = families_stored(&app);

    refuse_writes(&app, true);
    let register = || {
        TestRequest::post()
            .uri("/api/v1/families")
            .set_json(lithuanian_family("ALY", 3))
    };
    let refused = ask(&app, register(), Some(&token)).await;
    assert_eq!(
        refused.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        refused.body
    );
    assert_eq!(refused.body["code"], "unavailable");
    assert_eq!(refused.retry_after.as_deref(), Some("5"));
    let ready = ask(&app, TestRequest::get().uri("/readyz"), None).await;
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.body["database"], true);
    assert_eq!(ready.body["writable"], false);
    // Reading still works.
    let read = ask(
        &app,
        TestRequest::get().uri("/api/v1/families"),
        Some(&token),
    )
    .await;
    assert_eq!(read.status, StatusCode::OK);
    assert_eq!(families_stored(&app), before, "nothing half-written");

    refuse_writes(&app, false);
    let ready = ask(&app, TestRequest::get().uri("/readyz"), None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);
    let registered = ask(&app, register(), Some(&token)).await;
    assert_eq!(
        registered.status,
        StatusCode::CREATED,
        "{}",
        registered.body
    );
}

/// A TCP relay to PostgreSQL that can be cut: afterwards it refuses new connections and has
/// closed the ones it carried, as a database server that went away.
struct Relay {
    port: u16,
    cut: Arc<AtomicBool>,
    carried: Arc<Mutex<Vec<TcpStream>>>,
}

impl Relay {
    fn to(upstream: &str) -> Relay {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut = Arc::new(AtomicBool::new(false));
        let carried = Arc::new(Mutex::new(Vec::new()));
        let (cut2, carried2, upstream) = (cut.clone(), carried.clone(), upstream.to_string());
        std::thread::spawn(move || {
            while !cut2.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        let server = TcpStream::connect(&upstream).unwrap();
                        let mut list = carried2.lock().unwrap();
                        list.push(client.try_clone().unwrap());
                        list.push(server.try_clone().unwrap());
                        for (mut from, mut to) in [
                            (client.try_clone().unwrap(), server.try_clone().unwrap()),
                            (server, client),
                        ] {
                            std::thread::spawn(move || {
                                let _ = std::io::copy(&mut from, &mut to);
                                let _ = to.shutdown(Shutdown::Both);
                            });
                        }
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => break,
                }
            }
            // The listener is dropped here: new connections are refused.
        });
        Relay { port, cut, carried }
    }

    fn cut(&self) {
        self.cut.store(true, Ordering::SeqCst);
        for s in self.carried.lock().unwrap().drain(..) {
            let _ = s.shutdown(Shutdown::Both);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[actix_web::test]
async fn with_postgresql_gone_readiness_answers_within_a_second_and_requests_fail_fast() {
    let Ok(admin) = std::env::var("TEST_DATABASE_URL") else {
        // A SQLite file does not go away from under an open connection; this fault is
        // PostgreSQL's, and this test runs in the PostgreSQL pass (.ci/run).
        eprintln!("PostgreSQL only: set TEST_DATABASE_URL");
        return;
    };
    let (url, name) = crate::helpers::fresh_postgres(&admin);
    let upstream = {
        let rest = url.split("://").nth(1).unwrap();
        let host = rest.split('@').nth(1).unwrap().split('/').next().unwrap();
        host.to_string()
    };
    let relay = Relay::to(&upstream);
    let relayed = url.replacen(&upstream, &format!("127.0.0.1:{}", relay.port), 1);
    let app = TestApp::spawn_on(&relayed);
    let token = app.tokens["supervisor:ALY"].clone();
    let ready = ask(&app, TestRequest::get().uri("/readyz"), None).await;
    assert_eq!(ready.status, StatusCode::OK, "{}", ready.body);

    relay.cut();
    let started = Instant::now();
    let ready = ask(&app, TestRequest::get().uri("/readyz"), None).await;
    let readiness_took = started.elapsed();
    assert_eq!(ready.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(ready.body["database"], false);
    assert!(
        readiness_took < Duration::from_millis(1500),
        "readiness answered in {readiness_took:?}"
    );
    // The pool now knows: a request answers 503 at once, not after the pool's 10 s.
    let started = Instant::now();
    let read = ask(
        &app,
        TestRequest::get().uri("/api/v1/families"),
        Some(&token),
    )
    .await;
    let request_took = started.elapsed();
    assert_eq!(
        read.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        read.body
    );
    assert_eq!(read.retry_after.as_deref(), Some("5"));
    assert!(
        request_took < Duration::from_secs(2),
        "the request answered in {request_took:?}"
    );
    drop(app);
    crate::helpers::drop_postgres(&admin, &name);
}
