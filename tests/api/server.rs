//! The real `kartu serve` binary on port 0, driven over HTTP through the whole flow: create a
//! family, issue cards, fetch the PNG, decode it, verify online and offline, revoke, verify
//! again. Its log must never contain a national ID or a full QR text.

use std::io::Read;

use kartu_card::{KeySet, PublicKey, Reason, StatusLists};
use serde_json::{json, Value};

use crate::cli::admin_create;
use crate::helpers::{drop_postgres, lithuanian_family, test_database};
use crate::launcher::Server;

fn post(base: &str, path: &str, body: &Value) -> Value {
    ureq::post(&format!("{base}{path}"))
        .send_json(body.clone())
        .unwrap_or_else(|e| panic!("POST {path}: {e}"))
        .into_json()
        .unwrap()
}

pub fn post_as(base: &str, path: &str, body: &Value, token: &str) -> Value {
    ureq::post(&format!("{base}{path}"))
        .set("Authorization", &format!("Bearer {token}"))
        .send_json(body.clone())
        .unwrap_or_else(|e| panic!("POST {path}: {e}"))
        .into_json()
        .unwrap()
}

fn status_of(result: Result<ureq::Response, ureq::Error>) -> u16 {
    match result {
        Ok(r) => r.status(),
        Err(ureq::Error::Status(code, _)) => code,
        Err(e) => panic!("{e}"),
    }
}

/// `kartu admin create` with the password on stdin, then a console login; returns the session
/// cookie and its CSRF token.
pub fn first_admin_logs_in(base: &str, database_url: &str) -> (String, String) {
    let out = admin_create(database_url, "Ona", "VAR", "admin", "a long admin password");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("a long admin password"));

    let wrong = ureq::post(&format!("{base}/api/v1/session"))
        .send_json(json!({"username": "ona", "password": "not the password"}));
    assert_eq!(status_of(wrong), 401);
    let resp = ureq::post(&format!("{base}/api/v1/session"))
        .send_json(json!({"username": "ona", "password": "a long admin password"}))
        .unwrap();
    let set_cookie = resp.header("set-cookie").unwrap().to_string();
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"),
        "{set_cookie}"
    );
    let cookie = set_cookie.split(';').next().unwrap().to_string();
    let session: Value = resp.into_json().unwrap();
    (cookie, session["csrf_token"].as_str().unwrap().to_string())
}

fn get_text(base: &str, path: &str) -> String {
    ureq::get(&format!("{base}{path}"))
        .call()
        .unwrap()
        .into_string()
        .unwrap()
}

#[test]
fn the_real_binary_issues_a_card_that_verifies_online_and_offline_until_it_is_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = test_database(dir.path());
    let mut server = Server::start(
        &url,
        &dir.path().join("keys"),
        &[],
        &[("KARTU_LOG", "info")],
    );
    let base = server.base.clone();

    // The first admin, from the command line, signs in and makes a token for a Varėna supervisor.
    let (cookie, csrf) = first_admin_logs_in(&base, &url);
    let token_body =
        json!({"label": "VAR desk", "municipality": "VAR", "role": "supervisor", "valid_days": 1});
    let without_csrf = ureq::post(&format!("{base}/api/v1/tokens"))
        .set("Cookie", &cookie)
        .send_json(token_body.clone());
    assert_eq!(
        status_of(without_csrf),
        403,
        "a form without its CSRF token is refused"
    );
    let created: Value = ureq::post(&format!("{base}/api/v1/tokens"))
        .set("Cookie", &cookie)
        .set("X-CSRF-Token", &csrf)
        .send_json(token_body)
        .unwrap()
        .into_json()
        .unwrap();
    let token = created["token"].as_str().unwrap().to_string();

    let body = lithuanian_family("VAR", 21);
    assert_eq!(
        status_of(ureq::post(&format!("{base}/api/v1/families")).send_json(body.clone())),
        401
    );
    let family = post_as(&base, "/api/v1/families", &body, &token);
    let issued = post_as(
        &base,
        &format!("/api/v1/families/{}/cards", family["id"].as_str().unwrap()),
        &Value::Null,
        &token,
    );
    assert_eq!(issued["issued"].as_array().unwrap().len(), 5, "{issued}");
    let card = &issued["issued"][2];

    let mut png = Vec::new();
    ureq::get(&format!("{base}{}", card["qr_png"].as_str().unwrap()))
        .set("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap()
        .into_reader()
        .read_to_end(&mut png)
        .unwrap();
    let text = kartu::app::qr_image::decode_png(&png, kartu::app::qr_image::Budget::PHOTO).unwrap();
    assert_eq!(text, card["qr_text"].as_str().unwrap());

    let verdict = post(&base, "/api/v1/verify", &json!({"payload": text}));
    assert_eq!(verdict["valid"], true, "{verdict}");

    let anchor =
        PublicKey::parse(&std::fs::read_to_string(dir.path().join("keys/anchor.pub.pem")).unwrap())
            .unwrap();
    let keys = KeySet::from_json(&get_text(&base, "/.well-known/kartu/keys"), &anchor).unwrap();
    let lists =
        StatusLists::from_json(&get_text(&base, "/.well-known/kartu/status"), &keys).unwrap();
    let now = kartu::app::clock::Clock::system().now();
    assert_eq!(
        kartu_card::verify(&text, &keys, Some(&lists), now).reason,
        Reason::Valid
    );

    post_as(
        &base,
        &format!("/api/v1/cards/{}/revoke", card["id"].as_str().unwrap()),
        &json!({"reason": "reported stolen"}),
        &token,
    );
    let verdict = post(&base, "/api/v1/verify", &json!({"payload": text}));
    assert_eq!(verdict["reason"], "revoked");
    let lists =
        StatusLists::from_json(&get_text(&base, "/.well-known/kartu/status"), &keys).unwrap();
    assert_eq!(
        kartu_card::verify(&text, &keys, Some(&lists), now).reason,
        Reason::Revoked
    );

    // Logging out ends the session on the server: the same cookie, replayed, is refused.
    let logout = ureq::delete(&format!("{base}/api/v1/session"))
        .set("Cookie", &cookie)
        .set("X-CSRF-Token", &csrf)
        .call();
    assert_eq!(status_of(logout), 204);
    let replay = ureq::get(&format!("{base}/api/v1/session"))
        .set("Cookie", &cookie)
        .call();
    assert_eq!(status_of(replay), 401);

    server.stop();
    let lines = server.lines();
    assert!(
        lines.iter().any(|l| l.contains("DEVELOPMENT")),
        "a first run announces development keys"
    );
    assert!(
        lines.iter().filter(|l| l.contains("request")).count() >= 8,
        "one log line per request: {lines:?}"
    );
    let all = lines.join("\n");
    for m in body["members"].as_array().unwrap() {
        assert!(
            !all.contains(m["national_id"].as_str().unwrap()),
            "a national ID reached the log"
        );
    }
    assert!(!all.contains(&text[10..60]), "a QR text reached the log");
    assert!(!all.contains(&token[6..]), "a token reached the log");
    assert!(
        !all.contains("a long admin password"),
        "a password reached the log"
    );
    if let Some((admin, name)) = postgres {
        drop_postgres(&admin, &name);
    }
}
