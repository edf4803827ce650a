//! The public contracts, as snapshots (insta): the OpenAPI document, and the shape of the
//! published key set and status lists. A change to any of them shows up in review as a changed
//! `.snap` file under `tests/api/snapshots/`; accept it only when the contract is meant to change.

use actix_web::test::TestRequest;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use kartu::app::clock::Clock;
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// 2027-01-15T08:00:00Z: the fixed time the published documents are made at.
const AT: i64 = 1_800_000_000;

async fn get_json(app: &TestApp, path: &str) -> Value {
    let (status, _, body) = app.call_anonymous(TestRequest::get().uri(path)).await;
    assert!(status.is_success(), "{path}: {status}");
    serde_json::from_slice(&body).unwrap()
}

/// A signed document with its payload decoded, so the snapshot shows what it says.
fn opened(envelope: &Value) -> Value {
    let payload = URL_SAFE_NO_PAD
        .decode(envelope["payload"].as_str().unwrap())
        .unwrap();
    json!({
        "members": envelope.as_object().unwrap().keys().collect::<Vec<_>>(),
        "payload": serde_json::from_slice::<Value>(&payload).unwrap(),
    })
}

#[actix_web::test]
async fn the_openapi_document_changes_only_on_purpose() {
    let app = TestApp::spawn();
    let doc = get_json(&app, "/api/openapi.json").await;
    insta::assert_json_snapshot!("openapi", doc);
}

#[actix_web::test]
async fn the_published_key_set_keeps_its_shape() {
    let app = TestApp::spawn_with(Clock::fixed(AT));
    let keys = get_json(&app, "/.well-known/kartu/keys").await;
    // Development keys are made anew for each test: their ids and public keys differ.
    insta::assert_json_snapshot!("key_set", opened(&keys), {
        ".payload.anchor" => "[anchor key id]",
        ".payload.keys[].kid" => "[key id]",
        ".payload.keys[].public_key" => "[public key]",
    });
}

#[actix_web::test]
async fn the_published_status_lists_keep_their_shape() {
    let app = TestApp::spawn_with(Clock::fixed(AT));
    let bundle = get_json(&app, "/.well-known/kartu/status").await;
    let lists: Vec<Value> = bundle["lists"]
        .as_array()
        .unwrap()
        .iter()
        .map(opened)
        .collect();
    let shown = json!({
        "members": bundle.as_object().unwrap().keys().collect::<Vec<_>>(),
        "lists": lists,
    });
    insta::assert_json_snapshot!("status_lists", shown, {
        ".lists[].payload.kid" => "[key id]",
    });
}
