//! The published key set and status lists: a till can verify offline with them alone.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use kartu_card::{KeySet, PublicKey, StatusLists};
use serde_json::json;

use crate::helpers::{lithuanian_family, TestApp};

#[actix_web::test]
async fn a_till_verifies_offline_with_the_published_documents_and_sees_a_revocation() {
    let app = TestApp::spawn();
    let family = app.register(&lithuanian_family("ALY", 11)).await;
    let issued = app.issue(family["id"].as_str().unwrap()).await;
    let card = &issued["issued"][0];
    let text = card["qr_text"].as_str().unwrap();

    let anchor = PublicKey::parse(
        &std::fs::read_to_string(app.dir.path().join("keys/anchor.pub.pem")).unwrap(),
    )
    .unwrap();
    let (status, _, keys) = app
        .call(TestRequest::get().uri("/.well-known/kartu/keys"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let keys = KeySet::from_json(std::str::from_utf8(&keys).unwrap(), &anchor).unwrap();
    let now = kartu::app::clock::Clock::system().now();
    let (_, _, status_json) = app
        .call(TestRequest::get().uri("/.well-known/kartu/status"))
        .await;
    let lists = StatusLists::from_json(std::str::from_utf8(&status_json).unwrap(), &keys).unwrap();
    assert!(kartu_card::verify(text, &keys, Some(&lists), now).is_valid());

    let (status, _) = app
        .post(
            &format!("/api/v1/cards/{}/revoke", card["id"].as_str().unwrap()),
            &json!({"reason": "fraud"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, status_json) = app
        .call(TestRequest::get().uri("/.well-known/kartu/status"))
        .await;
    let lists = StatusLists::from_json(std::str::from_utf8(&status_json).unwrap(), &keys).unwrap();
    assert_eq!(
        kartu_card::verify(text, &keys, Some(&lists), now).reason,
        kartu_card::Reason::Revoked
    );
}

#[actix_web::test]
async fn published_documents_carry_an_etag_and_answer_304_when_unchanged() {
    let app = TestApp::spawn();
    for path in ["/.well-known/kartu/keys", "/.well-known/kartu/status"] {
        let req = TestRequest::get().uri(path);
        let app_service =
            actix_web::test::init_service(kartu::web::startup::app(app.state.clone())).await;
        let resp = actix_web::test::call_service(&app_service, req.to_request()).await;
        assert_eq!(resp.status(), StatusCode::OK);
        let etag = resp
            .headers()
            .get("etag")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(resp
            .headers()
            .get("cache-control")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("max-age"));
        let again = actix_web::test::call_service(
            &app_service,
            TestRequest::get()
                .uri(path)
                .insert_header(("If-None-Match", etag.clone()))
                .to_request(),
        )
        .await;
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
    }
}

#[actix_web::test]
async fn health_readiness_and_the_openapi_document_answer() {
    let app = TestApp::spawn();
    assert_eq!(app.get("/healthz").await.0, StatusCode::OK);
    let (status, ready) = app.get("/readyz").await;
    assert_eq!(status, StatusCode::OK, "{ready}");
    assert_eq!(
        ready,
        json!({"database": true, "writable": true, "keys": true})
    );
    let (status, doc) = app.get("/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/api/v1/verify",
        "/api/v1/families",
        "/api/v1/families/{id}/cards",
        "/api/v1/cards/{id}/qr.png",
        "/.well-known/kartu/status",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    let (status, _, html) = app.call(TestRequest::get().uri("/api/docs/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        String::from_utf8_lossy(&html).contains("swagger"),
        "the vendored Swagger UI is served"
    );
}

#[actix_web::test]
async fn with_the_anchor_kept_offline_the_service_publishes_the_exported_key_set() {
    // Arrange: a production-style ring whose anchor private key has gone to an offline machine,
    // leaving behind the key set exported there.
    let dir = tempfile::tempdir().unwrap();
    let keys_dir = dir.path().join("keys");
    let policy = kartu::store::keyring::KeyPolicy::default();
    let now = kartu::app::clock::Clock::system().now();
    let ring = kartu::store::keyring::Keyring::init(&keys_dir, now, &policy, false).unwrap();
    let (_, exported) = ring.export(now, 7, &policy).unwrap();
    std::fs::remove_file(keys_dir.join("anchor.key.pem")).unwrap();
    let (url, postgres) = crate::helpers::test_database(dir.path());
    let config = crate::helpers::test_config(dir.path(), &url);

    // Act + Assert: without keyset.json the service refuses to start, saying what to do.
    let refused = kartu::web::startup::prepare(&config).unwrap_err();
    assert!(
        format!("{refused:#}").contains("keyset.json"),
        "{refused:#}"
    );

    std::fs::write(keys_dir.join("keyset.json"), exported.to_json()).unwrap();
    let state = kartu::web::startup::prepare(&config).unwrap();
    let app = actix_web::test::init_service(kartu::web::startup::app(state)).await;
    let body = actix_web::test::call_and_read_body(
        &app,
        TestRequest::get()
            .uri("/.well-known/kartu/keys")
            .to_request(),
    )
    .await;
    assert_eq!(
        std::str::from_utf8(&body).unwrap(),
        exported.to_json(),
        "the exported set is served as it is"
    );

    if let Some((admin, name)) = postgres {
        crate::helpers::drop_postgres(&admin, &name);
    }
}
