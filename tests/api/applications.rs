//! Applications to join, from integrations (`POST /api/v1/applications`) and from the public
//! form (`/partners/apply`): a pending application for a clerk, check-digit field errors, nothing
//! stored for a bot that fills in the honeypot, 429 past an address's hourly allowance (the form
//! and the API share it), a NUL byte as a field error, and the form's double-submit CSRF token.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use kartu::app::applications;
use serde_json::{json, Value};

use crate::catalogue::{fetch, get_json, h, supervisor};
use crate::helpers::TestApp;

fn application(municipality: &str, legal_id: &str) -> Value {
    json!({
        "municipality": municipality,
        "name": "Kino Jezioro",
        "legal_id": legal_id,
        "category": "culture",
        "address": "ul. Wojska Polskiego 1, Ełk",
        "email": "kino@example.pl",
        "contact_name": "Anna Nowak",
        "message": "Bilety −10 %",
    })
}

async fn send(app: &TestApp, body: &Value) -> (StatusCode, Value) {
    let (status, _, bytes) = fetch(
        app,
        TestRequest::post()
            .uri("/api/v1/applications")
            .set_json(body),
    )
    .await;
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value)
}

fn pending(app: &TestApp, municipality: &str) -> Vec<String> {
    applications::pending(&app.state.kartu, &supervisor(app, municipality))
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect()
}

/// The codes of a 422's field errors, by field.
fn field_codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_string(),
                e["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[actix_web::test]
async fn an_application_waits_for_a_clerk_and_a_mistyped_identifier_is_a_field_error() {
    let app = TestApp::spawn();
    let (status, body) = send(&app, &application("ELK", "1234563218")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    assert_eq!(body, Value::Null, "no details");
    assert_eq!(pending(&app, "ELK"), ["Kino Jezioro"]);
    assert!(pending(&app, "ALY").is_empty(), "another municipality's");

    let (status, problem) = send(&app, &application("ELK", "1234563219")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&problem),
        [("legal_id".to_string(), "legal_id_check_digit".to_string())]
    );
    let (status, problem) = send(&app, &application("ALY", "305000008")).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a company code's check digit"
    );
    assert_eq!(problem["errors"][0]["code"], "legal_id_check_digit");
    let (status, problem) = send(&app, &application("ALY", "1234563218")).await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "a NIP is no Lithuanian code"
    );
    assert_eq!(problem["errors"][0]["code"], "legal_id_shape");
    assert_eq!(pending(&app, "ELK").len(), 1);
    assert!(pending(&app, "ALY").is_empty());
}

#[actix_web::test]
async fn a_filled_in_honeypot_is_answered_the_same_and_stores_nothing() {
    let app = TestApp::spawn();
    let mut bot = application("ELK", "1234563218");
    bot["company_website_2"] = json!("http://spam.example");
    let (status, body) = send(&app, &bot).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    assert_eq!(body, Value::Null);
    assert!(pending(&app, "ELK").is_empty());
}

#[actix_web::test]
async fn a_nul_byte_anywhere_is_a_field_error_never_a_failure() {
    let app = TestApp::spawn();
    for field in [
        "name",
        "address",
        "email",
        "contact_name",
        "message",
        "legal_id",
    ] {
        let mut body = application("ELK", "1234563218");
        body[field] = json!(format!("{}\u{0}", body[field].as_str().unwrap()));
        let (status, problem) = send(&app, &body).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {problem}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    let (status, _) = get_json(&app, "/api/v1/partners?q=a%00b").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = get_json(&app, "/api/v1/partners/a%00b").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(pending(&app, "ELK").is_empty());
}

#[actix_web::test]
async fn an_address_past_its_hourly_applications_gets_429() {
    let app = TestApp::spawn();
    let from = |addr: &str| {
        TestRequest::post()
            .uri("/api/v1/applications")
            .peer_addr(addr.parse().unwrap())
            .set_json(application("ELK", "1234563218"))
    };
    // The default allowance is five an hour, valid or not.
    for n in 0..5 {
        let (status, _, _) = fetch(&app, from("192.0.2.10:4000")).await;
        assert_eq!(status, StatusCode::ACCEPTED, "application {n}");
    }
    let (status, headers, body) = fetch(&app, from("192.0.2.10:4000")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(h(&headers, "content-type"), "application/problem+json");
    assert!(headers.contains_key("retry-after"));
    assert_eq!(
        serde_json::from_slice::<Value>(&body).unwrap()["status"],
        429
    );
    let (status, _, _) = fetch(&app, from("192.0.2.11:4000")).await;
    assert_eq!(status, StatusCode::ACCEPTED, "another address has its own");
    // The form shares the allowance: the same address gets the friendly page.
    let (status, headers, _) = fetch(
        &app,
        TestRequest::post()
            .uri("/partners/apply")
            .peer_addr("192.0.2.10:4000".parse().unwrap())
            .insert_header(("Accept", "text/html"))
            .cookie(actix_web::cookie::Cookie::new(
                "kartu_apply_csrf",
                "t".repeat(43),
            ))
            .set_form([("csrf_token", "t".repeat(43))]),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(h(&headers, "content-type").starts_with("text/html"));
    assert_eq!(pending(&app, "ELK").len(), 6);
    app.clock.advance(3600);
    let (status, _, _) = fetch(&app, from("192.0.2.10:4000")).await;
    assert_eq!(
        status,
        StatusCode::ACCEPTED,
        "an hour later the allowance is back"
    );
}

/// The application form's CSRF cookie and hidden token, from a fresh form.
async fn form_token(app: &TestApp) -> (String, String) {
    let (status, headers, body) = fetch(
        app,
        TestRequest::get()
            .uri("/partners/apply?lang=pl")
            .insert_header(("Accept", "text/html")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let cookie = headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("kartu_apply_csrf="))
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("SameSite=Strict") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let value = cookie["kartu_apply_csrf=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let html = String::from_utf8_lossy(&body);
    let token = html
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string();
    assert_eq!(token, value, "the field repeats the cookie");
    (value, token)
}

fn form_of(body: &Value, token: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = body
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
        .collect();
    fields.push(("csrf_token".into(), token.into()));
    fields
}

#[actix_web::test]
async fn the_form_needs_its_own_token_and_thanks_a_bot_without_storing_it() {
    let app = TestApp::spawn();
    let post = |cookie: &str, fields: Vec<(String, String)>| {
        TestRequest::post()
            .uri("/partners/apply")
            .insert_header(("Accept", "text/html"))
            .cookie(actix_web::cookie::Cookie::new(
                "kartu_apply_csrf",
                cookie.to_string(),
            ))
            .set_form(fields)
    };
    let (cookie, token) = form_token(&app).await;
    let body = application("ELK", "1234563218");

    let (status, _, _) = fetch(&app, post(&cookie, form_of(&body, "another token"))).await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a token that is not the cookie's"
    );
    let cross_site =
        post(&cookie, form_of(&body, &token)).insert_header(("Sec-Fetch-Site", "cross-site"));
    let (status, _, _) = fetch(&app, cross_site).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "from another site");
    assert!(pending(&app, "ELK").is_empty());

    let mut bot = form_of(&body, &token);
    bot.push(("company_website_2".into(), "http://spam.example".into()));
    let (status, _, html) = fetch(&app, post(&cookie, bot)).await;
    assert_eq!(status, StatusCode::OK);
    let thanks = String::from_utf8_lossy(&html).to_string();
    assert!(thanks.contains("id=\"thanks\""), "{thanks}");
    assert!(pending(&app, "ELK").is_empty());

    let mut nul = form_of(&body, &token);
    nul.push(("phone".into(), "+48\u{0}".into()));
    let (status, _, html) = fetch(&app, post(&cookie, nul)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8_lossy(&html).contains("id=\"a-phone-err\""));

    let (status, _, html) = fetch(&app, post(&cookie, form_of(&body, &token))).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        String::from_utf8_lossy(&html),
        thanks,
        "a person reads the same thanks"
    );
    assert_eq!(pending(&app, "ELK"), ["Kino Jezioro"]);
}
