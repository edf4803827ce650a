//! A family's data export (GDPR Art. 15) on both backends: what it holds (members removed ones
//! too, cards with their QR texts, card events, links by their dates, the audit records), what
//! it never holds (a national ID number, its keyed hash, a link token's hash), who may make it,
//! that it is recorded, and the console's download and printable copy in LT, PL and EN.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use kartu::app::actor::{Actor, Credential};
use kartu::domain::access::AccountRole;
use kartu::store::family::FamilyId;
use kartu_card::Municipality;
use serde_json::Value;

use crate::helpers::{lithuanian_family, login, make_account, TestApp};

/// A registered Alytus family with cards, a removed member, a revoked card and a page link.
async fn a_family_with_history(app: &TestApp, seed: u16) -> (Value, Value) {
    let body = lithuanian_family("ALY", seed);
    let family = app.register(&body).await;
    let id = family["id"].as_str().unwrap();
    let issued = app.issue(id).await;
    let (status, _) = app
        .post(
            &format!(
                "/api/v1/cards/{}/revoke",
                issued["issued"][0]["id"].as_str().unwrap()
            ),
            &serde_json::json!({"reason": "damaged"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .json(TestRequest::delete().uri(&format!(
            "/api/v1/families/{id}/members/{}",
            family["members"][4]["id"].as_str().unwrap()
        )))
        .await;
    assert_eq!(status, StatusCode::OK);
    let supervisor = Actor {
        name: "test supervisor".into(),
        role: AccountRole::Supervisor,
        home: Some(Municipality::Aly),
        credential: Credential::CommandLine,
        partner: None,
    };
    kartu::app::links::create(&app.state.kartu, &supervisor, &FamilyId(id.into())).unwrap();
    (body, family)
}

#[actix_web::test]
async fn a_supervisor_exports_everything_held_about_a_family_and_never_a_national_id() {
    let app = TestApp::spawn();
    let (body, family) = a_family_with_history(&app, 21).await;
    let id = family["id"].as_str().unwrap();

    let (status, kind, raw) = app
        .call(TestRequest::get().uri(&format!("/api/v1/families/{id}/export")))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(kind.as_deref(), Some("application/json"));
    let text = String::from_utf8_lossy(&raw).to_string();
    let export: Value = serde_json::from_str(&text).unwrap();

    assert_eq!(export["format"], "kartu-family-export/1");
    assert_eq!(export["family"]["id"], id);
    assert_eq!(export["family"]["reference"], "REF-21");
    let members = export["members"].as_array().unwrap();
    assert_eq!(members.len(), 5, "the removed member too");
    assert!(members[4]["removed_at"].is_string());
    assert_eq!(members[0]["name"], "Žydrūnė Kazlauskienė");
    let cards = export["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 5);
    assert!(cards
        .iter()
        .all(|c| c["qr_text"].as_str().unwrap().starts_with("KARTU1:")));
    assert_eq!(
        cards.iter().filter(|c| c["status"] == "revoked").count(),
        2,
        "the revoked card and the removed member's"
    );
    let kinds: Vec<&str> = export["card_events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.iter().filter(|k| **k == "issue").count(), 5);
    assert_eq!(kinds.iter().filter(|k| **k == "revoke").count(), 2);
    let links = export["links"].as_array().unwrap();
    assert_eq!(links.len(), 1);
    assert!(links[0]["created_at"].is_string() && links[0]["revoked_at"].is_null());
    let actions: Vec<&str> = export["audit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    for action in [
        "family.register",
        "card.issue",
        "card.revoke",
        "member.remove",
        "family_link.create",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
    assert_eq!(
        export["audit"][0]["after"]["reference"], "REF-21",
        "snapshots as held, as JSON"
    );

    // Never the national ID, nor its hash, nor a link's token hash.
    for m in body["members"].as_array().unwrap() {
        assert!(!text.contains(m["national_id"].as_str().unwrap()), "{text}");
    }
    for forbidden in ["national_id_hash", "holder_hash", "token_hash", "id_hash"] {
        assert!(!text.contains(forbidden), "{forbidden} in the export");
    }
    assert!(export["national_id"]
        .as_str()
        .unwrap()
        .contains("held as a keyed hash, not exportable"));

    // The export is itself recorded, with counts only.
    let (_, trail) = app
        .get(&format!("/api/v1/audit?family={id}&per_page=100"))
        .await;
    let exported: Vec<&Value> = trail["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "family.export")
        .collect();
    assert_eq!(exported.len(), 1, "{trail}");
    let recorded = exported[0].to_string();
    assert!(!recorded.contains("Kazlausk"), "{recorded}");
}

#[actix_web::test]
async fn a_clerk_may_not_export_and_another_municipality_finds_no_family() {
    let app = TestApp::spawn();
    let (_, family) = a_family_with_history(&app, 22).await;
    let path = format!("/api/v1/families/{}/export", family["id"].as_str().unwrap());
    app.act_as("clerk:ALY");
    let (status, problem) = app.get(&path).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{problem}");
    app.act_as("supervisor:ELK");
    assert_eq!(app.get(&path).await.0, StatusCode::NOT_FOUND);
    app.act_as("supervisor:ALY");
    let (_, trail) = app
        .get(&format!(
            "/api/v1/audit?family={}",
            family["id"].as_str().unwrap()
        ))
        .await;
    assert!(
        !trail.to_string().contains("family.export"),
        "a refused export is not an export"
    );
}

fn console_get(path: &str, cookie: &str) -> TestRequest {
    TestRequest::get()
        .uri(path)
        .cookie(actix_web::cookie::Cookie::new(
            kartu::web::console_session::SESSION_COOKIE,
            cookie.to_string(),
        ))
}

#[actix_web::test]
async fn the_console_downloads_the_export_and_prints_it_in_lithuanian_polish_and_english() {
    let app = TestApp::spawn();
    let (body, family) = a_family_with_history(&app, 23).await;
    let id = family["id"].as_str().unwrap();
    make_account(&app.state, "vida", "supervisor", "ALY", "vida's password");
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let (cookie, _) = login(&app, "vida", "vida's password").await;

    let (status, _, page) = app
        .call_anonymous(console_get(
            &format!("/console/families/{id}?lang=en"),
            &cookie,
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("Download data (JSON)"), "{page}");
    assert!(page.contains(&format!("/console/families/{id}/export?lang=lt")));

    let service = actix_web::test::init_service(kartu::web::startup::app(app.state.clone())).await;
    let resp = actix_web::test::call_service(
        &service,
        console_get(&format!("/console/families/{id}/export.json"), &cookie).to_request(),
    )
    .await;
    assert_eq!(resp.status(), StatusCode::OK);
    let disposition = resp
        .headers()
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("family-ALY-"),
        "{disposition}"
    );
    let file: Value = actix_web::test::read_body_json(resp).await;
    assert_eq!(file["members"].as_array().unwrap().len(), 5);

    for (lang, heading, note) in [
        ("lt", "Duomenys apie šeimą", "Asmens kodų paslauga nesaugo"),
        (
            "pl",
            "Dane przechowywane o rodzinie",
            "nie przechowuje numerów PESEL",
        ),
        (
            "en",
            "Data held about family",
            "National ID numbers are not held",
        ),
    ] {
        let (status, kind, html) = app
            .call_anonymous(console_get(
                &format!("/console/families/{id}/export?lang={lang}"),
                &cookie,
            ))
            .await;
        assert_eq!(status, StatusCode::OK, "{lang}");
        assert!(kind.unwrap().starts_with("text/html"));
        let html = String::from_utf8_lossy(&html);
        assert!(html.contains(&format!("<html lang=\"{lang}\"")), "{lang}");
        assert!(html.contains(heading), "{lang}: {html}");
        assert!(html.contains(note), "{lang}: {html}");
        assert!(
            html.contains("Šarūnas Kazlauskas"),
            "the removed member too"
        );
        assert!(html.contains("family.register"));
        for m in body["members"].as_array().unwrap() {
            assert!(!html.contains(m["national_id"].as_str().unwrap()), "{lang}");
        }
    }

    // A clerk sees neither the buttons nor the export.
    let (clerk, _) = login(&app, "rasa", "rasa's password").await;
    let (_, _, page) = app
        .call_anonymous(console_get(&format!("/console/families/{id}"), &clerk))
        .await;
    assert!(!String::from_utf8_lossy(&page).contains("export.json"));
    for path in ["export", "export.json"] {
        let (status, kind, _) = app
            .call_anonymous(console_get(
                &format!("/console/families/{id}/{path}"),
                &clerk,
            ))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(kind.unwrap().starts_with("text/html"), "a friendly page");
    }
}
