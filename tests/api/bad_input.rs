//! Bad input found by the outside attack (issue 11), on both backends: control characters in
//! every kind of input are refused with a 422 naming the field (PostgreSQL answered 500 for a
//! NUL), a value sent with the wrong type is never echoed, and only JSON media types are read
//! as JSON.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::console::form;
use crate::families::{field_codes, problem};
use crate::helpers::{lithuanian_family, login, make_account, TestApp};

fn families_stored(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use kartu::store::schema::families::dsl::*;
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    families.count().get_result(&mut conn).unwrap()
}

fn json_post(path: &str, body: &str) -> TestRequest {
    TestRequest::post()
        .uri(path)
        .insert_header(("content-type", "application/json"))
        .set_payload(body.to_string())
}

#[actix_web::test]
async fn a_nul_or_another_control_character_anywhere_is_a_field_error_and_nothing_is_stored() {
    let app = TestApp::spawn();
    let mut family = lithuanian_family("ALY", 7);
    family["reference"] = json!("BYLA\u{0}7");
    let before = families_stored(&app);
    let cases: Vec<(TestRequest, &str)> = vec![
        (
            json_post("/api/v1/families", &family.to_string()),
            "reference",
        ),
        (
            json_post(
                "/api/v1/families",
                &{
                    let mut f = lithuanian_family("ALY", 8);
                    f["members"][2]["name"] = json!("Ona\u{1b}[31m");
                    f
                }
                .to_string(),
            ),
            "members[2].name",
        ),
        (
            json_post(
                "/api/v1/cards/no-such-card/revoke",
                r#"{"reason":"lost\u0000"}"#,
            ),
            "reason",
        ),
        (
            json_post(
                "/api/v1/tokens",
                r#"{"label":"till\u007f","municipality":"ALY","role":"clerk","valid_days":3}"#,
            ),
            "label",
        ),
        (TestRequest::get().uri("/api/v1/families?q=Ona%00"), "q"),
        (TestRequest::get().uri("/api/v1/audit?actor=%00"), "actor"),
        (TestRequest::get().uri("/api/v1/cards/ab%00cd"), "path"),
        (TestRequest::get().uri("/api/v1/families/%C2%85"), "path"),
    ];
    app.act_as("admin");
    for (req, field) in cases {
        let (status, p) = problem(&app, req).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {p}");
        assert_eq!(
            field_codes(&p),
            vec![(field.to_string(), "control_character".to_string())]
        );
    }
    // Anonymous sign-in too.
    let (status, _, body) = app
        .call_anonymous(json_post(
            "/api/v1/session",
            r#"{"username":"root\u0000","password":"root password 1"}"#,
        ))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(String::from_utf8_lossy(&body).contains("control_character"));
    assert_eq!(families_stored(&app), before, "nothing was stored");

    // An escaped backslash is text: the request goes through to the act.
    app.act_as("supervisor:ALY");
    let (status, p) = problem(
        &app,
        json_post(
            "/api/v1/cards/no-such-card/revoke",
            r#"{"reason":"C:\\u0000 is a path"}"#,
        ),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{p}");
}

#[actix_web::test]
async fn the_console_and_its_sign_in_answer_a_control_character_with_a_page_in_the_language() {
    let app = TestApp::spawn();
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let (cookie, csrf) = login(&app, "rasa", "rasa's password").await;
    let before = families_stored(&app);
    let (status, content_type, body) = app
        .call_anonymous(
            form(
                "/console/families",
                &cookie,
                &[
                    ("csrf_token", &csrf),
                    ("municipality", "ALY"),
                    ("reference", "BYLA\u{0}1"),
                ],
            )
            .insert_header(("accept", "text/html"))
            .insert_header(("accept-language", "pl")),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(content_type.unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&body).contains("lang=\"pl\""));
    assert_eq!(families_stored(&app), before);

    let fields = [
        ("username", "rasa\u{0}"),
        ("password", "x"),
        ("csrf_token", "abc123"),
    ];
    let (status, content_type, _) = app
        .call_anonymous(
            TestRequest::post()
                .uri("/console/login")
                .cookie(actix_web::cookie::Cookie::new("kartu_login_csrf", "abc123"))
                .insert_header(("content-type", "application/x-www-form-urlencoded"))
                .insert_header(("accept", "text/html"))
                .set_payload(serde_urlencoded::to_string(fields).unwrap()),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(content_type.unwrap().starts_with("text/html"));
}

#[actix_web::test]
async fn a_national_id_sent_as_a_number_is_refused_without_being_echoed() {
    let app = TestApp::spawn();
    let mut family = lithuanian_family("ALY", 9);
    family["members"][0]["national_id"] = json!(51_406_157_777_u64);
    let (status, p) = problem(&app, json_post("/api/v1/families", &family.to_string())).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(p["errors"][0]["field"], "members[0].national_id");
    let text = p.to_string();
    assert!(!text.contains("51406157777"), "{text}");
    assert!(text.contains("expected"), "says what was expected: {text}");
}

#[actix_web::test]
async fn only_json_media_types_are_read_as_json() {
    let app = TestApp::spawn();
    let body = json!({"payload": "not a card"}).to_string();
    for (content_type, read) in [
        ("application/json", true),
        ("application/json; charset=utf-8", true),
        ("Application/JSON", true),
        ("application/problem+json", true),
        ("application/x-www-form-urlencoded; x=+json", false),
        ("application/jsonx", false),
        ("text/json", false),
        ("application/x-json-ish", false),
    ] {
        let (status, p): (StatusCode, Value) = problem(
            &app,
            TestRequest::post()
                .uri("/api/v1/families")
                .insert_header(("content-type", content_type))
                .set_payload(body.clone()),
        )
        .await;
        if read {
            assert_eq!(
                status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{content_type}: {p}"
            );
        } else {
            assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{content_type}");
        }
    }
}

#[actix_web::test]
async fn the_audit_csv_quotes_a_cell_a_spreadsheet_would_run() {
    let app = TestApp::spawn();
    // A username may start with '-': its login is recorded with it as the actor.
    make_account(&app.state, "-rasa", "clerk", "ALY", "rasa's password");
    login(&app, "-rasa", "rasa's password").await;
    app.act_as("admin");
    let (status, _, body) = app.call(TestRequest::get().uri("/api/v1/audit.csv")).await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(body.to_vec()).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let actors: Vec<String> = rows.records().map(|r| r.unwrap()[3].to_string()).collect();
    assert!(actors.iter().any(|a| a == "'-rasa"), "{actors:?}");
    assert!(!actors.iter().any(|a| a == "-rasa"), "{actors:?}");
}

#[actix_web::test]
async fn a_page_at_a_doubled_slash_links_its_languages_to_this_site_only() {
    let app = TestApp::spawn();
    let (status, _, body) = app
        .call_anonymous(
            TestRequest::get()
                .uri("//evil.example/path")
                .insert_header(("accept", "text/html")),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let html = String::from_utf8_lossy(&body);
    assert!(!html.contains("href=\"//evil.example"), "{html}");
    assert!(
        html.contains("href=\"/evil.example/path?lang=lt\""),
        "{html}"
    );
}

#[actix_web::test]
async fn the_console_keeps_a_picked_language_across_the_sign_in_redirect() {
    let app = TestApp::spawn();
    let service = actix_web::test::init_service(kartu::web::startup::app(app.state.clone())).await;
    let resp = actix_web::test::call_service(
        &service,
        TestRequest::get()
            .uri("/console?lang=lt")
            .cookie(actix_web::cookie::Cookie::new("kartu_lang", "en"))
            .to_request(),
    )
    .await;
    assert_eq!(
        resp.headers().get("location").unwrap(),
        "/console/login?lang=lt"
    );
    let cookie = resp
        .response()
        .cookies()
        .find(|c| c.name() == "kartu_lang")
        .expect("the picked language is remembered");
    assert_eq!(cookie.value(), "lt");
    // Without ?lang= the redirect is plain and the cookie is left alone.
    let resp =
        actix_web::test::call_service(&service, TestRequest::get().uri("/console").to_request())
            .await;
    assert_eq!(resp.headers().get("location").unwrap(), "/console/login");
    assert!(resp.response().cookies().all(|c| c.name() != "kartu_lang"));
}

/// The absolute link on a family's slip, as the console writes it for a request with `headers`.
async fn slip_link(app: &TestApp, headers: &[(&str, &str)]) -> String {
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let family = app.register(&lithuanian_family("ALY", 42)).await;
    let id = family["id"].as_str().unwrap();
    let (cookie, csrf) = login(app, "rasa", "rasa's password").await;
    let mut req = form(
        &format!("/console/families/{id}/link"),
        &cookie,
        &[("csrf_token", &csrf)],
    );
    for &(name, value) in headers {
        req = req.insert_header((name, value));
    }
    let (status, _, body) = app.call_anonymous(req).await;
    assert_eq!(status, StatusCode::OK);
    let page = String::from_utf8_lossy(&body).into_owned();
    let end = page.find("/family/").expect("the slip shows the link");
    let start = page[..end].rfind('"').unwrap() + 1;
    page[start..end].to_string()
}

#[actix_web::test]
async fn a_slips_link_names_the_public_url_or_the_host_never_a_forwarded_host_untrusted() {
    let forged = [
        ("host", "kartu.alytus.lt"),
        ("x-forwarded-host", "evil.example"),
        ("x-forwarded-proto", "https"),
    ];
    let app = TestApp::spawn();
    assert_eq!(slip_link(&app, &forged).await, "http://kartu.alytus.lt");
    let app = TestApp::spawn_configured(kartu::app::clock::Clock::system(), |c| {
        c.public_url = Some("https://kartu.alytus.lt".into());
    });
    assert_eq!(slip_link(&app, &forged).await, "https://kartu.alytus.lt");
    let app = TestApp::spawn_configured(kartu::app::clock::Clock::system(), |c| {
        c.trust_forwarded_for = true;
    });
    assert_eq!(slip_link(&app, &forged).await, "https://evil.example");
}

#[actix_web::test]
async fn a_page_past_the_bounds_of_the_audit_trail_is_a_field_error_not_an_overflow() {
    let app = TestApp::spawn();
    app.act_as("admin");
    for (query, field) in [
        ("page=9223372036854775807", "page"),
        ("page=0", "page"),
        ("page=100001", "page"),
        ("per_page=501", "per_page"),
    ] {
        let (status, p) = problem(
            &app,
            TestRequest::get().uri(&format!("/api/v1/audit?{query}")),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {p}");
        assert_eq!(p["errors"][0]["field"], field, "{query}");
    }
    let (status, _) = app.get("/api/v1/audit?page=100000&per_page=500").await;
    assert_eq!(status, StatusCode::OK);
}
