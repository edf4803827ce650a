//! What an outside attack found (issue 11), each pinned by a test that failed before its fix:
//! a disabled admin's tokens, parallel guesses at a password.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::helpers::{login, make_account, TestApp};

fn with_session(req: TestRequest, cookie: &str, csrf: &str) -> TestRequest {
    req.cookie(actix_web::cookie::Cookie::new(
        kartu::web::console_session::SESSION_COOKIE,
        cookie.to_string(),
    ))
    .insert_header((kartu::web::auth::CSRF_HEADER, csrf.to_string()))
}

fn bearer(req: TestRequest, token: &str) -> TestRequest {
    req.insert_header(("Authorization", format!("Bearer {token}")))
}

#[actix_web::test]
async fn disabling_an_admin_revokes_the_tokens_it_made_and_the_tokens_those_made() {
    let app = TestApp::spawn();
    let boss = make_account(&app.state, "boss", "admin", "ALY", "boss's long password");
    let (cookie, csrf) = login(&app, "boss", "boss's long password").await;
    let (status, _, body) = app
        .call_anonymous(with_session(
            TestRequest::post().uri("/api/v1/tokens").set_json(
                json!({"label": "boss's own", "municipality": "ALY", "role": "admin", "valid_days": 30}),
            ),
            &cookie,
            &csrf,
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let first: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(first["created_by"], "boss");
    let first_token = first["token"].as_str().unwrap().to_string();
    // The token passes itself on: a second admin token, made with the first.
    let (status, _, body) = app
        .call_anonymous(bearer(
            TestRequest::post().uri("/api/v1/tokens").set_json(
                json!({"label": "passed on", "municipality": "ALY", "role": "admin", "valid_days": 30}),
            ),
            &first_token,
        ))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let second: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(second["created_by"], "token:boss's own");
    let second_token = second["token"].as_str().unwrap().to_string();
    // A token the command line made is nobody's to lose.
    app.act_as("admin");
    let (_, listed) = app.get("/api/v1/tokens").await;
    let untouched: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["revoked"] == false)
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(untouched.len(), app.tokens.len() + 2);

    let (status, _) = app
        .post(&format!("/api/v1/accounts/{boss}/disable"), &Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK);

    for token in [&first_token, &second_token] {
        for req in [
            TestRequest::get().uri("/api/v1/accounts"),
            TestRequest::post()
                .uri(&format!("/api/v1/accounts/{boss}/enable"))
                .set_json(Value::Null),
            TestRequest::post()
                .uri("/api/v1/accounts")
                .set_json(json!({"username": "boss2", "municipality": "ALY", "role": "admin"})),
        ] {
            let (status, _, _) = app.call_anonymous(bearer(req, token)).await;
            assert_eq!(status, StatusCode::UNAUTHORIZED);
        }
    }
    let (_, listed) = app.get("/api/v1/tokens").await;
    let revoked: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["revoked"] == true)
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        revoked.len(),
        2,
        "exactly the two tokens in boss's line: {listed}"
    );
    assert!(revoked.contains(&first["id"].as_str().unwrap()));
    assert!(revoked.contains(&second["id"].as_str().unwrap()));
    // The other admins' tokens still work, and enabling boss again brings no token back.
    let (status, _) = app
        .post(&format!("/api/v1/accounts/{boss}/enable"), &Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = app
        .call_anonymous(bearer(
            TestRequest::get().uri("/api/v1/session"),
            &first_token,
        ))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_token_whose_maker_is_disabled_is_refused_even_if_it_escaped_the_revocation() {
    use diesel::prelude::*;
    let app = TestApp::spawn();
    let boss = make_account(&app.state, "boss", "admin", "ALY", "boss's long password");
    let (token, _) = crate::helpers::make_token(&app.state, &boss, "admin", "ALY", 30);
    let whoami = || bearer(TestRequest::get().uri("/api/v1/session"), &token);
    assert_eq!(app.call_anonymous(whoami()).await.0, StatusCode::OK);
    // Disabled in the database directly (as a concurrent act might leave it): no revocation ran.
    {
        use kartu::store::schema::accounts::dsl::*;
        let mut conn = app.state.kartu.db.pool().get().unwrap();
        diesel::update(accounts.filter(id.eq(&boss)))
            .set(disabled_at.eq(Some(kartu::store::from_unix(app.state.kartu.now()))))
            .execute(&mut conn)
            .unwrap();
    }
    assert_eq!(
        app.call_anonymous(whoami()).await.0,
        StatusCode::UNAUTHORIZED
    );
}

#[actix_web::test]
async fn parallel_wrong_passwords_meet_the_lockout_and_the_right_one_then_waits_too() {
    let app = TestApp::spawn();
    make_account(&app.state, "rasa", "clerk", "VAR", "rasa's password");
    let guess = |password: &str| {
        TestRequest::post()
            .uri("/api/v1/session")
            .set_json(json!({"username": "rasa", "password": password}))
    };
    let answers = futures_util::future::join_all(
        (0..25).map(|i| app.call_anonymous(guess(&format!("guess number {i}")))),
    )
    .await;
    let count = |code: StatusCode| answers.iter().filter(|(s, _, _)| *s == code).count();
    let limit = usize::try_from(app.config.login_max_failures).unwrap();
    assert_eq!(
        count(StatusCode::UNAUTHORIZED),
        limit,
        "only the limit's worth of guesses is checked"
    );
    assert_eq!(count(StatusCode::TOO_MANY_REQUESTS), 25 - limit);
    let (status, _, _) = app.call_anonymous(guess("rasa's password")).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "the lockout holds for the right password too"
    );
}
