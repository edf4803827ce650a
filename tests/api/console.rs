//! The console's forms over HTTP, on both backends: a form that changes state is refused without
//! the session's CSRF token or from another site; the sign-in form needs its own token; a
//! rejected registration never sends a national ID back; family page links are made, replaced
//! and revoked, each leaving one audit record.

use crate::helpers::{lithuanian_family, login, make_account, TestApp};
use actix_web::http::StatusCode;
use actix_web::test::TestRequest;

pub(crate) fn form(path: &str, cookie: &str, fields: &[(&str, &str)]) -> TestRequest {
    TestRequest::post()
        .uri(path)
        .cookie(actix_web::cookie::Cookie::new(
            kartu::web::console_session::SESSION_COOKIE,
            cookie.to_string(),
        ))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(serde_urlencoded::to_string(fields).unwrap())
}

fn text(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

#[actix_web::test]
async fn a_console_form_without_the_sessions_csrf_token_or_from_another_site_is_refused() {
    let app = TestApp::spawn();
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let (cookie, csrf) = login(&app, "rasa", "rasa's password").await;
    let who = |c: &str| {
        TestRequest::get()
            .uri("/api/v1/session")
            .cookie(actix_web::cookie::Cookie::new(
                kartu::web::console_session::SESSION_COOKIE,
                c.to_string(),
            ))
    };

    let (status, kind, body) = app
        .call_anonymous(form("/console/logout", &cookie, &[]))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(kind.unwrap().starts_with("text/html"), "people get a page");
    assert!(text(&body).contains("<html"), "{}", text(&body));
    let forged = form("/console/logout", &cookie, &[("csrf_token", "guess")]);
    assert_eq!(app.call_anonymous(forged).await.0, StatusCode::FORBIDDEN);
    let cross = form("/console/logout", &cookie, &[("csrf_token", &csrf)])
        .insert_header(("origin", "https://evil.example"))
        .insert_header(("host", "kartu.example"));
    assert_eq!(app.call_anonymous(cross).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        app.call_anonymous(who(&cookie)).await.0,
        StatusCode::OK,
        "still signed in"
    );

    let (status, _, _) = app
        .call_anonymous(form("/console/logout", &cookie, &[("csrf_token", &csrf)]))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.call_anonymous(who(&cookie)).await.0,
        StatusCode::UNAUTHORIZED,
        "the cookie is worthless after signing out"
    );
}

#[actix_web::test]
async fn the_sign_in_form_needs_its_own_csrf_cookie_and_a_wrong_password_gets_the_form_again() {
    let app = TestApp::spawn();
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let fields = [
        ("username", "rasa"),
        ("password", "rasa's password"),
        ("csrf_token", "x"),
    ];
    let no_cookie = TestRequest::post()
        .uri("/console/login")
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(serde_urlencoded::to_string(fields).unwrap());
    let (status, _, body) = app.call_anonymous(no_cookie).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(text(&body).contains("login-problem"));

    let login_form = |password: &str| {
        let fields = [
            ("username", "rasa"),
            ("password", password),
            ("csrf_token", "abc123"),
        ];
        TestRequest::post()
            .uri("/console/login")
            .cookie(actix_web::cookie::Cookie::new("kartu_login_csrf", "abc123"))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(serde_urlencoded::to_string(fields).unwrap())
    };
    let (status, _, body) = app.call_anonymous(login_form("not it")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        !text(&body).contains("not it"),
        "a password is never sent back"
    );
    let (status, _, _) = app.call_anonymous(login_form("rasa's password")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn a_rejected_registration_shows_the_problem_beside_its_field_and_never_the_national_id() {
    let app = TestApp::spawn();
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let (cookie, csrf) = login(&app, "rasa", "rasa's password").await;
    let family = lithuanian_family("ALY", 41);
    let mut fields: Vec<(String, String)> = vec![
        ("csrf_token".into(), csrf.clone()),
        ("reference".into(), "BYLA-1".into()),
    ];
    let mut ids = Vec::new();
    for (i, m) in family["members"].as_array().unwrap().iter().enumerate() {
        let mut id = m["national_id"].as_str().unwrap().to_string();
        if i == 3 {
            let last = id.pop().unwrap().to_digit(10).unwrap();
            id.push(char::from_digit((last + 1) % 10, 10).unwrap());
        }
        ids.push(id.clone());
        for key in ["name", "role", "birth_date"] {
            fields.push((
                format!("members[{i}].{key}"),
                m[key].as_str().unwrap().into(),
            ));
        }
        fields.push((format!("members[{i}].national_id"), id));
    }
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, _, body) = app
        .call_anonymous(form("/console/families", &cookie, &pairs))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = text(&body);
    assert!(
        page.contains(r#"id="m3-national_id-err""#),
        "the error is beside member 4's ID"
    );
    for id in &ids {
        assert!(
            !page.contains(id.as_str()),
            "a national ID came back in the page"
        );
    }
    let (_, found) = app.get("/api/v1/families?q=BYLA-1").await;
    assert_eq!(found["total"], 0, "nothing was registered");
}

#[actix_web::test]
async fn a_family_page_link_is_made_replaced_and_revoked_each_with_one_audit_record() {
    let app = TestApp::spawn();
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let family = app.register(&lithuanian_family("ALY", 42)).await;
    let id = family["id"].as_str().unwrap();
    app.issue(id).await;
    let (cookie, csrf) = login(&app, "rasa", "rasa's password").await;
    let make = || {
        form(
            &format!("/console/families/{id}/link"),
            &cookie,
            &[("csrf_token", &csrf)],
        )
    };
    let link_in = |body: &[u8]| -> String {
        let page = text(body);
        let start = page.find("/family/").expect("the slip shows the link");
        page[start..].split('"').next().unwrap().to_string()
    };

    let (status, _, body) = app.call_anonymous(make()).await;
    assert_eq!(status, StatusCode::OK);
    let first = link_in(&body);
    let (status, kind, page) = app.call_anonymous(TestRequest::get().uri(&first)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.unwrap().starts_with("text/html"));
    assert_eq!(text(&page).matches("class=\"qr family-qr\"").count(), 5);
    for m in family["members"].as_array().unwrap() {
        assert!(!text(&page).contains(m["birth_date"].as_str().unwrap()));
    }

    let (_, _, body) = app.call_anonymous(make()).await;
    let second = link_in(&body);
    assert_ne!(first, second);
    assert_eq!(
        app.call_anonymous(TestRequest::get().uri(&first)).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.call_anonymous(TestRequest::get().uri(&second)).await.0,
        StatusCode::OK
    );

    let revoke = form(
        &format!("/console/families/{id}/link/revoke"),
        &cookie,
        &[("csrf_token", &csrf)],
    );
    assert_eq!(app.call_anonymous(revoke).await.0, StatusCode::SEE_OTHER);
    assert_eq!(
        app.call_anonymous(TestRequest::get().uri(&second)).await.0,
        StatusCode::NOT_FOUND
    );

    let (_, trail) = app
        .get(&format!("/api/v1/audit?family={id}&per_page=100"))
        .await;
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.starts_with("family_link."))
        .collect();
    let mut sorted = actions.clone();
    sorted.sort_unstable();
    assert_eq!(
        sorted,
        [
            "family_link.create",
            "family_link.replace",
            "family_link.revoke"
        ],
        "{trail}"
    );
}

#[actix_web::test]
async fn a_clerk_of_another_municipality_cannot_make_a_link_for_a_family() {
    let app = TestApp::spawn();
    make_account(&app.state, "marta", "clerk", "ELK", "marta's password");
    let family = app.register(&lithuanian_family("ALY", 43)).await;
    let id = family["id"].as_str().unwrap();
    let (cookie, csrf) = login(&app, "marta", "marta's password").await;
    let (status, kind, _) = app
        .call_anonymous(form(
            &format!("/console/families/{id}/link"),
            &cookie,
            &[("csrf_token", &csrf)],
        ))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another municipality's family is not found"
    );
    assert!(kind.unwrap().starts_with("text/html"));
    let (status, _, _) = app
        .call_anonymous(
            TestRequest::get()
                .uri(&format!("/console/families/{id}"))
                .cookie(actix_web::cookie::Cookie::new(
                    kartu::web::console_session::SESSION_COOKIE,
                    cookie.clone(),
                )),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

fn page_get(path: &str, cookie: &str) -> TestRequest {
    TestRequest::get()
        .uri(path)
        .cookie(actix_web::cookie::Cookie::new(
            kartu::web::console_session::SESSION_COOKIE,
            cookie.to_string(),
        ))
}

#[actix_web::test]
async fn an_admin_makes_an_account_and_a_token_in_the_console_and_sees_each_secret_once() {
    let app = TestApp::spawn();
    make_account(&app.state, "ona", "admin", "VAR", "ona's long password");
    let (cookie, csrf) = login(&app, "ona", "ona's long password").await;

    let fields = [
        ("csrf_token", csrf.as_str()),
        ("username", "jonas"),
        ("municipality", "ALY"),
        ("role", "clerk"),
        ("password", ""),
    ];
    let (status, _, body) = app
        .call_anonymous(form("/console/accounts", &cookie, &fields))
        .await;
    assert_eq!(status, StatusCode::OK);
    let page = text(&body);
    let start = page
        .find(r#"<code id="secret">"#)
        .expect("the generated password is shown")
        + 18;
    let password = &page[start..page[start..].find('<').unwrap() + start];
    assert_eq!(password.len(), 20);
    login(&app, "jonas", password).await;
    let (_, _, again) = app
        .call_anonymous(page_get("/console/accounts", &cookie))
        .await;
    assert!(
        !text(&again).contains(password),
        "the password is shown once"
    );

    let short = [
        ("csrf_token", csrf.as_str()),
        ("username", "petras"),
        ("municipality", "ALY"),
        ("role", "clerk"),
        ("password", "short"),
    ];
    let (status, _, body) = app
        .call_anonymous(form("/console/accounts", &cookie, &short))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(text(&body).contains("at least 12 characters"));

    let token_fields = [
        ("csrf_token", csrf.as_str()),
        ("label", "till 1"),
        ("municipality", "ELK"),
        ("role", "clerk"),
        ("valid_days", "30"),
    ];
    let (status, _, body) = app
        .call_anonymous(form("/console/tokens", &cookie, &token_fields))
        .await;
    assert_eq!(status, StatusCode::OK);
    let page = text(&body);
    let start = page.find(r#"<code id="secret">"#).unwrap() + 18;
    let token = page[start..page[start..].find('<').unwrap() + start].to_string();
    assert!(token.starts_with("kartu_"));
    let whoami = TestRequest::get()
        .uri("/api/v1/session")
        .insert_header(("Authorization", format!("Bearer {token}")));
    assert_eq!(app.call_anonymous(whoami).await.0, StatusCode::OK);
}

#[actix_web::test]
async fn the_audit_page_is_for_supervisors_and_admins_only() {
    let app = TestApp::spawn();
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    make_account(&app.state, "vida", "supervisor", "ALY", "vida's password");
    let family = app.register(&lithuanian_family("ALY", 44)).await;
    let id = family["id"].as_str().unwrap();
    let (clerk, _) = login(&app, "rasa", "rasa's password").await;
    let (supervisor, _) = login(&app, "vida", "vida's password").await;

    let (status, kind, _) = app.call_anonymous(page_get("/console/audit", &clerk)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(kind.unwrap().starts_with("text/html"));
    let (status, _, body) = app
        .call_anonymous(page_get(
            &format!("/console/audit?family={id}"),
            &supervisor,
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let page = text(&body);
    assert!(page.contains("family.register"), "{page}");
    assert!(page.contains(&format!("/api/v1/audit.csv?family={id}")));
    let (status, _, body) = app
        .call_anonymous(page_get("/console/audit?from=2026-13-45", &supervisor))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(text(&body).contains("Enter a date as YYYY-MM-DD"));
}

#[actix_web::test]
async fn a_person_gets_a_friendly_page_in_their_language_and_a_program_a_problem_document() {
    let app = TestApp::spawn();
    let browser = |path: &str| {
        TestRequest::get()
            .uri(path)
            .insert_header(("accept", "text/html,application/xhtml+xml,*/*;q=0.8"))
            .insert_header(("accept-language", "pl-PL,pl;q=0.9"))
    };
    let (status, kind, body) = app.call_anonymous(browser("/no/such/page")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(kind.unwrap().starts_with("text/html"));
    assert!(text(&body).contains("Nie znaleziono"), "{}", text(&body));

    let (status, kind, _) = app
        .call_anonymous(
            TestRequest::get()
                .uri("/no/such/page")
                .insert_header(("accept", "application/json")),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(kind.as_deref(), Some("application/problem+json"));
    let (status, kind, _) = app.call_anonymous(browser("/api/v1/nothing")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        kind.as_deref(),
        Some("application/problem+json"),
        "the API answers programs"
    );

    make_account(&app.state, "vida", "supervisor", "ALY", "vida's password");
    let (cookie, _) = login(&app, "vida", "vida's password").await;
    let bad_query = browser("/console/audit?page=many").cookie(actix_web::cookie::Cookie::new(
        kartu::web::console_session::SESSION_COOKIE,
        cookie,
    ));
    let (status, kind, body) = app.call_anonymous(bad_query).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(kind.unwrap().starts_with("text/html"));
    assert!(text(&body).contains("<html lang=\"pl\""));
}

#[actix_web::test]
async fn a_member_row_with_only_some_fields_typed_is_never_dropped_unseen() {
    let app = TestApp::spawn();
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let (cookie, csrf) = login(&app, "rasa", "rasa's password").await;
    let family = lithuanian_family("ALY", 45);
    let mut fields: Vec<(String, String)> = vec![("csrf_token".into(), csrf)];
    for (i, m) in family["members"].as_array().unwrap().iter().enumerate() {
        for key in ["name", "role", "birth_date", "national_id"] {
            fields.push((
                format!("members[{i}].{key}"),
                m[key].as_str().unwrap().into(),
            ));
        }
    }
    // Row 8, past the form's first six, holds only a birth date.
    fields.push(("members[7].birth_date".into(), "2015-04-01".into()));
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, _, body) = app
        .call_anonymous(form("/console/families", &cookie, &pairs))
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "nothing is registered without it"
    );
    assert!(
        text(&body).contains(r#"id="m7-name-err""#),
        "the row is shown with its problem"
    );
    assert!(
        text(&body).contains("2015-04-01"),
        "what was typed comes back"
    );
}

#[actix_web::test]
async fn embedded_files_carry_an_etag_and_a_conditional_get_answers_304() {
    let app = TestApp::spawn();
    let service = actix_web::test::init_service(kartu::web::startup::app(app.state.clone())).await;
    for path in [
        "/static/kartu.css",
        "/static/check.js",
        "/static/verify/verify.js",
        "/family/sw.js",
        "/check-sw.js",
    ] {
        let resp =
            actix_web::test::call_service(&service, TestRequest::get().uri(path).to_request())
                .await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let etag = resp
            .headers()
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let again = TestRequest::get()
            .uri(path)
            .insert_header(("if-none-match", etag.clone()))
            .to_request();
        let resp = actix_web::test::call_service(&service, again).await;
        assert_eq!(resp.status(), StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(resp.headers().get("etag").unwrap().to_str().unwrap(), etag);
        let stale = TestRequest::get()
            .uri(path)
            .insert_header(("if-none-match", "\"something else\""))
            .to_request();
        assert_eq!(
            actix_web::test::call_service(&service, stale)
                .await
                .status(),
            StatusCode::OK
        );
    }
    for missing in [
        "/static/nothing.js",
        "/static/verify/nothing.js",
        "/static/verify/verify/verify.js",
    ] {
        let resp =
            actix_web::test::call_service(&service, TestRequest::get().uri(missing).to_request())
                .await;
        assert_eq!(resp.status(), StatusCode::NOT_FOUND, "{missing}");
    }
}
