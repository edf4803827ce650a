//! Credentials that stop working: a revoked token, an idle session, a disabled account, and a
//! session id that changes at every login.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::helpers::{login, login_to, make_account, TestApp};

fn with_cookie(req: TestRequest, cookie: &str) -> TestRequest {
    req.cookie(actix_web::cookie::Cookie::new(
        kartu::web::console_session::SESSION_COOKIE,
        cookie.to_string(),
    ))
}

#[actix_web::test]
async fn a_revoked_token_is_refused_on_its_next_request() {
    let app = TestApp::spawn();
    app.act_as("admin");
    let (status, created) = app
        .post(
            "/api/v1/tokens",
            &json!({"label": "till 3", "municipality": "VAR", "role": "clerk", "valid_days": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let token = created["token"].as_str().unwrap();
    let call = || {
        TestRequest::get()
            .uri("/api/v1/session")
            .insert_header(("Authorization", format!("Bearer {token}")))
    };
    assert_eq!(app.call_anonymous(call()).await.0, StatusCode::OK);
    let (_, listed) = app.get("/api/v1/tokens").await;
    assert!(
        !listed.to_string().contains(token),
        "a token is shown once, never listed"
    );

    let (status, _) = app
        .json(TestRequest::delete().uri(&format!(
            "/api/v1/tokens/{}",
            created["id"].as_str().unwrap()
        )))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(app.call_anonymous(call()).await.0, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_session_ends_when_idle_and_when_its_account_is_disabled_and_a_login_rotates_it() {
    let app = TestApp::spawn();
    let id = make_account(&app.state, "rasa", "clerk", "VAR", "rasa's password");
    let (first, first_csrf) = login(&app, "rasa", "rasa's password").await;
    let (second, csrf) = login(&app, "rasa", "rasa's password").await;
    assert_ne!(first, second, "every login gets a new session id");
    let whoami = |cookie: &str| with_cookie(TestRequest::get().uri("/api/v1/session"), cookie);
    assert_eq!(app.call_anonymous(whoami(&second)).await.0, StatusCode::OK);

    // A form without the CSRF token, or from another site, changes nothing.
    let body = json!({"municipality": "VAR", "members": []});
    let post = |cookie: &str| {
        with_cookie(
            TestRequest::post().uri("/api/v1/families").set_json(&body),
            cookie,
        )
    };
    assert_eq!(
        app.call_anonymous(post(&second)).await.0,
        StatusCode::FORBIDDEN
    );
    let cross = post(&second)
        .insert_header((kartu::web::auth::CSRF_HEADER, csrf.clone()))
        .insert_header(("Sec-Fetch-Site", "cross-site"));
    assert_eq!(app.call_anonymous(cross).await.0, StatusCode::FORBIDDEN);
    let same = post(&second).insert_header((kartu::web::auth::CSRF_HEADER, csrf.clone()));
    assert_eq!(
        app.call_anonymous(same).await.0,
        StatusCode::UNPROCESSABLE_ENTITY,
        "through to validation"
    );

    // Idle: pretend the last request was 31 minutes ago. (The cookie is encrypted, so the first
    // session's row is found by its CSRF token.)
    {
        use kartu::store::schema::sessions::dsl::*;
        let mut conn = app.state.kartu.db.pool().get().unwrap();
        let long_ago = kartu::store::from_unix(kartu::app::clock::Clock::system().now() - 31 * 60);
        diesel::update(sessions.filter(csrf_token.eq(&first_csrf)))
            .set(last_seen_at.eq(long_ago))
            .execute(&mut conn)
            .unwrap();
    }
    assert_eq!(
        app.call_anonymous(whoami(&first)).await.0,
        StatusCode::UNAUTHORIZED,
        "idle"
    );
    assert_eq!(app.call_anonymous(whoami(&second)).await.0, StatusCode::OK);

    app.act_as("admin");
    let (status, _) = app
        .post(&format!("/api/v1/accounts/{id}/disable"), &Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.call_anonymous(whoami(&second)).await.0,
        StatusCode::UNAUTHORIZED,
        "disabled"
    );
    let (status, _, _) = app
        .call_anonymous(
            TestRequest::post()
                .uri("/api/v1/session")
                .set_json(json!({"username": "rasa", "password": "rasa's password"})),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "a disabled account cannot log in"
    );
}

fn session_rows(app: &TestApp) -> Vec<Vec<u8>> {
    use kartu::store::schema::sessions::dsl::*;
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    sessions.select(id_hash).load(&mut conn).unwrap()
}

#[actix_web::test]
async fn a_login_from_a_browser_with_a_session_ends_that_session_and_starts_a_new_one() {
    let app = TestApp::spawn();
    make_account(&app.state, "rasa", "clerk", "VAR", "rasa's password");
    let (old, _) = login(&app, "rasa", "rasa's password").await;
    let before = session_rows(&app);
    assert_eq!(before.len(), 1);

    let again = with_cookie(TestRequest::post().uri("/api/v1/session"), &old)
        .set_json(json!({"username": "rasa", "password": "rasa's password"}));
    let service = actix_web::test::init_service(kartu::web::startup::app(app.state.clone())).await;
    let resp = actix_web::test::call_service(&service, again.to_request()).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let set_cookie = resp
        .headers()
        .get_all("set-cookie")
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert_eq!(set_cookie.len(), 1, "{set_cookie:?}");
    assert!(
        set_cookie[0].contains("HttpOnly")
            && set_cookie[0].contains("SameSite=Strict")
            && set_cookie[0].contains("Path=/")
            && !set_cookie[0].contains("Secure"),
        "{set_cookie:?}"
    );
    let new = resp
        .response()
        .cookies()
        .next()
        .unwrap()
        .value()
        .to_string();

    let after = session_rows(&app);
    assert_eq!(after.len(), 1, "the old session ended");
    assert_ne!(before, after, "the session key rotated");
    let whoami = |cookie: &str| with_cookie(TestRequest::get().uri("/api/v1/session"), cookie);
    assert_eq!(
        app.call_anonymous(whoami(&old)).await.0,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(app.call_anonymous(whoami(&new)).await.0, StatusCode::OK);

    // Logging out through the API ends it on the server: a kept copy is worthless.
    let (_, _, body) = app.call_anonymous(whoami(&new)).await;
    let csrf = serde_json::from_slice::<Value>(&body).unwrap()["csrf_token"]
        .as_str()
        .unwrap()
        .to_string();
    let out = with_cookie(TestRequest::delete().uri("/api/v1/session"), &new)
        .insert_header((kartu::web::auth::CSRF_HEADER, csrf));
    assert_eq!(app.call_anonymous(out).await.0, StatusCode::NO_CONTENT);
    assert!(session_rows(&app).is_empty());
    assert_eq!(
        app.call_anonymous(whoami(&new)).await.0,
        StatusCode::UNAUTHORIZED
    );
}

/// `prepare` on the same database and keys directory: what a restart does.
fn restarted(
    dir: &std::path::Path,
    url: &str,
    session_key: Option<String>,
) -> actix_web::web::Data<kartu::web::state::AppState> {
    let mut config = crate::helpers::test_config(dir, url);
    config.session_key = session_key;
    kartu::web::startup::prepare(&config).unwrap()
}

async fn whoami_status(
    state: &actix_web::web::Data<kartu::web::state::AppState>,
    cookie: &str,
) -> StatusCode {
    let service = actix_web::test::init_service(kartu::web::startup::app(state.clone())).await;
    let req = with_cookie(TestRequest::get().uri("/api/v1/session"), cookie).to_request();
    actix_web::test::call_service(&service, req).await.status()
}

#[actix_web::test]
async fn a_restart_with_the_same_session_key_keeps_everyone_signed_in_and_another_key_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = crate::helpers::test_database(dir.path());
    let configured = Some("5a".repeat(64));

    let first = restarted(dir.path(), &url, configured.clone());
    make_account(&first, "rasa", "clerk", "VAR", "rasa's password");
    let (cookie, _) = login_to(&first, "rasa", "rasa's password").await;
    drop(first);

    let second = restarted(dir.path(), &url, configured.clone());
    assert_eq!(whoami_status(&second, &cookie).await, StatusCode::OK);

    let other_key = restarted(dir.path(), &url, Some("a5".repeat(64)));
    assert_eq!(
        whoami_status(&other_key, &cookie).await,
        StatusCode::UNAUTHORIZED,
        "a cookie made with another key is refused"
    );
    let generated = restarted(dir.path(), &url, None);
    assert_eq!(
        whoami_status(&generated, &cookie).await,
        StatusCode::UNAUTHORIZED
    );
    let key_file = dir.path().join("keys/session.key");
    assert!(key_file.exists(), "a development key is stored");

    // Without a configured key, the stored one survives the restart.
    let (dev_cookie, _) = login_to(&generated, "rasa", "rasa's password").await;
    let again = restarted(dir.path(), &url, None);
    assert_eq!(whoami_status(&again, &dev_cookie).await, StatusCode::OK);
    assert_eq!(
        whoami_status(&second, &cookie).await,
        StatusCode::OK,
        "the session itself was never ended"
    );

    // A disabled account is refused even where its sessions were not deleted.
    {
        use kartu::store::schema::accounts::dsl::*;
        let mut conn = again.kartu.db.pool().get().unwrap();
        diesel::update(accounts.filter(username.eq("rasa")))
            .set(disabled_at.eq(Some(kartu::store::from_unix(
                kartu::app::clock::Clock::system().now(),
            ))))
            .execute(&mut conn)
            .unwrap();
    }
    assert_eq!(
        whoami_status(&again, &dev_cookie).await,
        StatusCode::UNAUTHORIZED
    );

    drop((second, other_key, generated, again));
    if let Some((admin, name)) = postgres {
        crate::helpers::drop_postgres(&admin, &name);
    }
}

#[actix_web::test]
async fn the_session_cookie_is_secure_when_configured() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = crate::helpers::test_database(dir.path());
    let mut config = crate::helpers::test_config(dir.path(), &url);
    config.cookie_secure = true;
    let state = kartu::web::startup::prepare(&config).unwrap();
    make_account(&state, "rasa", "clerk", "VAR", "rasa's password");
    let service = actix_web::test::init_service(kartu::web::startup::app(state.clone())).await;
    let req = TestRequest::post()
        .uri("/api/v1/session")
        .set_json(json!({"username": "rasa", "password": "rasa's password"}))
        .to_request();
    let resp = actix_web::test::call_service(&service, req).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let cookie = resp.response().cookies().next().unwrap();
    assert_eq!(cookie.name(), kartu::web::console_session::SESSION_COOKIE);
    assert_eq!(cookie.secure(), Some(true));
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(
        cookie.same_site(),
        Some(actix_web::cookie::SameSite::Strict)
    );
    drop((service, state));
    if let Some((admin, name)) = postgres {
        crate::helpers::drop_postgres(&admin, &name);
    }
}

#[actix_web::test]
async fn accounts_refuse_short_passwords_and_generate_one_when_asked() {
    let app = TestApp::spawn();
    app.act_as("admin");
    let (status, p) = app
        .post("/api/v1/accounts", &json!({"username": "petras", "municipality": "ALY", "role": "clerk", "password": "short"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "password");
    let (status, created) = app
        .post(
            "/api/v1/accounts",
            &json!({"username": "petras", "municipality": "ALY", "role": "clerk"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let password = created["password"].as_str().unwrap();
    assert_eq!(password.len(), 20);
    login(&app, "petras", password).await;
    let (_, listed) = app.get("/api/v1/accounts").await;
    assert!(!listed.to_string().contains(password) && !listed.to_string().contains("argon2"));
    let (status, _) = app
        .post(
            "/api/v1/accounts",
            &json!({"username": "petras", "municipality": "ALY", "role": "clerk"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a username is taken once"
    );
    let (_, trail) = app.get("/api/v1/audit?per_page=500").await;
    let actions: Vec<_> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap().to_string())
        .collect();
    assert!(
        actions.contains(&"account.create".to_string())
            && actions.contains(&"login.success".to_string()),
        "{actions:?}"
    );
    let today = time::OffsetDateTime::now_utc().date();
    let (_, none) = app
        .get(&format!(
            "/api/v1/audit?until={}",
            today.previous_day().unwrap()
        ))
        .await;
    assert_eq!(none["total"], 0, "nothing before today");
    let (_, bad) = app.get("/api/v1/audit?from=2026-02-30").await;
    assert_eq!(bad["errors"][0]["field"], "from");
}

#[actix_web::test]
async fn verification_is_limited_per_client_address_and_the_limit_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = crate::helpers::test_database(dir.path());
    let mut config = crate::helpers::test_config(dir.path(), &url);
    config.verify_rate_per_minute = 60;
    config.verify_burst = 2;
    let limited = kartu::web::startup::prepare(&config).unwrap();
    let service = actix_web::test::init_service(kartu::web::startup::app(limited)).await;
    let from = |addr: &str| {
        TestRequest::post()
            .uri("/api/v1/verify")
            .peer_addr(addr.parse().unwrap())
            .set_json(json!({"payload": "KARTU1:AAAA"}))
            .to_request()
    };
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            actix_web::test::call_service(&service, from("198.51.100.1:1000"))
                .await
                .status()
                .as_u16(),
        );
    }
    assert_eq!(statuses, [200, 200, 429]);
    let other = actix_web::test::call_service(&service, from("198.51.100.2:1000")).await;
    assert_eq!(
        other.status(),
        StatusCode::OK,
        "another address has its own allowance"
    );
    let refused = actix_web::test::call_service(&service, from("198.51.100.1:1000")).await;
    assert!(refused.headers().contains_key("retry-after"));

    config.verify_rate_per_minute = 0;
    config.keys_dir = dir.path().join("keys");
    let open = kartu::web::startup::prepare(&config).unwrap();
    let service = actix_web::test::init_service(kartu::web::startup::app(open)).await;
    for _ in 0..10 {
        assert_eq!(
            actix_web::test::call_service(&service, from("198.51.100.1:1000"))
                .await
                .status(),
            StatusCode::OK
        );
    }
    if let Some((admin, name)) = postgres {
        crate::helpers::drop_postgres(&admin, &name);
    }
}
