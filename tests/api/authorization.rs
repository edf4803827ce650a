//! The authorization matrix: every route of the OpenAPI document, called as each kind of
//! caller, with the status each must get. A route without a row fails the test.
//!
//! Each cell gets its own fresh subjects (an Alytus family with cards, an account, a token), so
//! what one cell changes cannot decide another's answer.

use std::collections::BTreeSet;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::helpers::{lithuanian_family, login, make_account, make_token, TestApp};

/// The callers, in column order.
const WHO: [&str; 7] = [
    "anonymous",
    "clerk:ALY",
    "clerk:ELK",
    "supervisor:ALY",
    "admin",
    "disabled",
    "expired",
];

/// Expected status per caller, in `WHO` order. Subjects always belong to Alytus.
/// 401 no or dead credentials · 403 the role may not · 404 another municipality's record.
const MATRIX: &[(&str, [u16; 7])] = &[
    ("GET /healthz", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /readyz", [200, 200, 200, 200, 200, 200, 200]),
    (
        "GET /.well-known/kartu/keys",
        [200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET /.well-known/kartu/status",
        [200, 200, 200, 200, 200, 200, 200],
    ),
    ("POST /api/v1/verify", [200, 200, 200, 200, 200, 200, 200]),
    // The checker's photo fallback: a PNG of the card's QR code in, the verdict out.
    ("POST /check/photo", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/families", [401, 200, 200, 200, 403, 401, 401]),
    // An Ełk clerk may not register an Alytus family: a field error, nothing stored.
    ("POST /api/v1/families", [401, 201, 422, 201, 403, 401, 401]),
    (
        "GET /api/v1/families/{id}",
        [401, 200, 404, 200, 403, 401, 401],
    ),
    (
        "POST /api/v1/families/{id}/members",
        [401, 201, 404, 201, 403, 401, 401],
    ),
    (
        "PATCH /api/v1/families/{id}/members/{member_id}",
        [401, 200, 404, 200, 403, 401, 401],
    ),
    (
        "DELETE /api/v1/families/{id}/members/{member_id}",
        [401, 200, 404, 200, 403, 401, 401],
    ),
    (
        "POST /api/v1/families/{id}/cards",
        [401, 200, 404, 200, 403, 401, 401],
    ),
    // A family's data export is a supervisor's (a clerk's role may not, whatever the family).
    (
        "GET /api/v1/families/{id}/export",
        [401, 403, 403, 200, 403, 401, 401],
    ),
    (
        "GET /api/v1/cards/{id}",
        [401, 200, 404, 200, 403, 401, 401],
    ),
    (
        "GET /api/v1/cards/{id}/qr.png",
        [401, 200, 404, 200, 403, 401, 401],
    ),
    (
        "GET /api/v1/cards/{id}/qr.svg",
        [401, 200, 404, 200, 403, 401, 401],
    ),
    (
        "POST /api/v1/cards/{id}/renew",
        [401, 200, 404, 200, 403, 401, 401],
    ),
    (
        "POST /api/v1/cards/{id}/reissue",
        [401, 200, 404, 200, 403, 401, 401],
    ),
    (
        "POST /api/v1/cards/{id}/revoke",
        [401, 403, 403, 200, 403, 401, 401],
    ),
    (
        "POST /api/v1/cards/{id}/suspend",
        [401, 403, 403, 200, 403, 401, 401],
    ),
    // The subject card is active: a supervisor passes authorization and gets 409.
    (
        "POST /api/v1/cards/{id}/reinstate",
        [401, 403, 403, 409, 403, 401, 401],
    ),
    ("POST /api/v1/session", [200, 200, 200, 200, 200, 200, 200]),
    ("GET /api/v1/session", [401, 200, 200, 200, 200, 401, 401]),
    // Tokens are not logged out; a session is (see the server test).
    (
        "DELETE /api/v1/session",
        [401, 400, 400, 400, 400, 401, 401],
    ),
    ("POST /api/v1/accounts", [401, 403, 403, 403, 201, 401, 401]),
    ("GET /api/v1/accounts", [401, 403, 403, 403, 200, 401, 401]),
    (
        "POST /api/v1/accounts/{id}/disable",
        [401, 403, 403, 403, 200, 401, 401],
    ),
    (
        "POST /api/v1/accounts/{id}/enable",
        [401, 403, 403, 403, 200, 401, 401],
    ),
    ("POST /api/v1/tokens", [401, 403, 403, 403, 201, 401, 401]),
    ("GET /api/v1/tokens", [401, 403, 403, 403, 200, 401, 401]),
    (
        "DELETE /api/v1/tokens/{id}",
        [401, 403, 403, 403, 200, 401, 401],
    ),
    ("GET /api/v1/audit", [401, 403, 403, 200, 200, 401, 401]),
    ("GET /api/v1/audit.csv", [401, 403, 403, 200, 200, 401, 401]),
    ("GET /api/v1/usage", [401, 403, 403, 200, 200, 401, 401]),
    // What is due: each clerk sees their own municipality's list.
    ("GET /api/v1/due", [401, 200, 200, 200, 403, 401, 401]),
    ("GET /api/v1/due.csv", [401, 200, 200, 200, 403, 401, 401]),
    // The checker at a partner's till: a till link's cookie or a partner account only.
    ("GET /api/v1/checker", [401, 403, 403, 403, 403, 401, 401]),
    ("POST /api/v1/uses", [401, 403, 403, 403, 403, 401, 401]),
    // The partner catalogue is public: every caller reads the same, and may apply to join.
    ("GET /api/v1/partners", [200, 200, 200, 200, 200, 200, 200]),
    (
        "GET /api/v1/partners/{id}",
        [200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET /api/v1/partners.csv",
        [200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET /api/v1/partners.geojson",
        [200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "POST /api/v1/applications",
        [202, 202, 202, 202, 202, 202, 202],
    ),
];

/// Fresh Alytus subjects for one cell.
struct Subjects {
    family: String,
    member: String,
    card: String,
    card_text: String,
    account: String,
    username: String,
    token: String,
    /// A published (example) partner.
    partner: String,
}

async fn subjects(app: &TestApp, n: u16) -> Subjects {
    app.act_as("supervisor:ALY");
    let family = app.register(&lithuanian_family("ALY", n)).await;
    let id = family["id"].as_str().unwrap().to_string();
    let issued = app.issue(&id).await;
    let card = &issued["issued"][0];
    let username = format!("clerk{n}");
    let account = make_account(&app.state, &username, "clerk", "ALY", "a clerk's password");
    kartu::app::demo::seed(&app.state.kartu).unwrap();
    let published = kartu::app::catalogue::everything(&app.state.kartu).unwrap();
    Subjects {
        partner: published[0].partner.id.0.clone(),
        family: id,
        member: family["members"][4]["id"].as_str().unwrap().to_string(),
        card: card["id"].as_str().unwrap().to_string(),
        card_text: card["qr_text"].as_str().unwrap().to_string(),
        username,
        token: make_token(&app.state, &account, "clerk", "ALY", 5).1,
        account,
    }
}

fn request(route: &str, s: &Subjects, n: u16) -> TestRequest {
    let (method, template) = route.split_once(' ').unwrap();
    let id = if template.starts_with("/api/v1/cards") {
        &s.card
    } else if template.starts_with("/api/v1/accounts") {
        &s.account
    } else if template.starts_with("/api/v1/tokens") {
        &s.token
    } else if template.starts_with("/api/v1/partners") {
        &s.partner
    } else {
        &s.family
    };
    let path = template
        .replace("{id}", id)
        .replace("{member_id}", &s.member);
    let path = if path == "/api/v1/families" && method == "GET" {
        "/api/v1/families?q=kazl".to_string()
    } else {
        path
    };
    let body: Option<Value> = match route {
        "POST /api/v1/verify" => Some(json!({"payload": s.card_text})),
        "POST /api/v1/families" => Some(lithuanian_family("ALY", 50 + n)),
        "POST /api/v1/families/{id}/members" => {
            Some(lithuanian_family("ALY", 80 + n)["members"][2].clone())
        }
        "PATCH /api/v1/families/{id}/members/{member_id}" => {
            Some(json!({"name": "Šarūnas Jonaitis"}))
        }
        "POST /api/v1/cards/{id}/reissue"
        | "POST /api/v1/cards/{id}/revoke"
        | "POST /api/v1/cards/{id}/suspend"
        | "POST /api/v1/cards/{id}/reinstate" => Some(json!({"reason": "matrix test"})),
        "POST /api/v1/session" => {
            Some(json!({"username": s.username, "password": "a clerk's password"}))
        }
        "POST /api/v1/accounts" => {
            Some(json!({"username": format!("new{n}"), "municipality": "ALY", "role": "clerk"}))
        }
        "POST /api/v1/uses" => Some(json!({"card_municipality": "ALY"})),
        "POST /api/v1/tokens" => {
            Some(json!({"label": "till", "municipality": "ALY", "role": "clerk", "valid_days": 30}))
        }
        "POST /api/v1/applications" => Some(json!({
            "municipality": "ELK", "name": format!("Kino {n}"), "legal_id": "1234563218",
            "category": "culture", "address": "ul. Wojska Polskiego 1, Ełk",
            "email": "kino@example.pl", "contact_name": "Anna Nowak"
        })),
        _ => None,
    };
    if route == "POST /check/photo" {
        let png =
            kartu_card::qr::render_png(&s.card_text, kartu_card::qr::Correction::M, 4).unwrap();
        return TestRequest::post()
            .uri(&path)
            .insert_header(("content-type", "image/png"))
            .set_payload(png);
    }
    let req = match method {
        "GET" => TestRequest::get(),
        "POST" => TestRequest::post(),
        "PATCH" => TestRequest::patch(),
        "DELETE" => TestRequest::delete(),
        other => panic!("add {other} to the matrix test"),
    }
    .uri(&path);
    match body {
        Some(b) => req.set_json(b),
        None => req,
    }
}

/// The routes the OpenAPI document lists, as `METHOD /path`.
async fn documented_routes(app: &TestApp) -> BTreeSet<String> {
    let (_, _, body) = app
        .call_anonymous(TestRequest::get().uri("/api/openapi.json"))
        .await;
    let doc: Value = serde_json::from_slice(&body).unwrap();
    let mut routes = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                routes.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    routes
}

/// A fresh app with dead credentials: a disabled supervisor's session, and an expired token.
async fn app_with_dead_credentials() -> (TestApp, (String, String), String) {
    let app = TestApp::spawn();
    let gone = make_account(
        &app.state,
        "gone",
        "supervisor",
        "ALY",
        "a soon disabled one",
    );
    let session = login(&app, "gone", "a soon disabled one").await;
    app.act_as("admin");
    let (status, _) = app
        .post(&format!("/api/v1/accounts/{gone}/disable"), &Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (expired, _) = make_token(&app.state, &gone, "supervisor", "ALY", -1);
    (app, session, expired)
}

#[actix_web::test]
async fn every_route_answers_each_kind_of_caller_as_the_table_says() {
    let (app, _, _) = app_with_dead_credentials().await;
    let documented = documented_routes(&app).await;
    let tabled: BTreeSet<String> = MATRIX.iter().map(|(r, _)| r.to_string()).collect();
    assert_eq!(
        documented, tabled,
        "every documented route needs a row in MATRIX, and only those"
    );
    drop(app);

    let mut failures = Vec::new();
    for (route, expected) in MATRIX {
        // A fresh database per route keeps national ID numbers unique within it.
        let (app, (cookie, csrf), expired) = app_with_dead_credentials().await;
        for (n, (who, want)) in (1u16..).zip(WHO.iter().zip(expected)) {
            let s = subjects(&app, n).await;
            let req = request(route, &s, n);
            let req = match *who {
                "anonymous" => req,
                "disabled" => req
                    .cookie(actix_web::cookie::Cookie::new(
                        kartu::web::console_session::SESSION_COOKIE,
                        cookie.clone(),
                    ))
                    .insert_header((kartu::web::auth::CSRF_HEADER, csrf.clone())),
                "expired" => req.insert_header(("Authorization", format!("Bearer {expired}"))),
                token => {
                    req.insert_header(("Authorization", format!("Bearer {}", app.tokens[token])))
                }
            };
            let (status, _, body) = app.call_anonymous(req).await;
            if status.as_u16() != *want {
                failures.push(format!(
                    "{route} as {who}: {status}, want {want}: {}",
                    String::from_utf8_lossy(&body)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
