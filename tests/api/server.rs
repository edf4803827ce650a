//! The real `kartu serve` binary on port 0, driven over HTTP through the whole flow: create a
//! family, issue cards, fetch the PNG, decode it, verify online and offline, revoke, verify
//! again. Its log must never contain a national ID or a full QR text.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use kartu_card::{KeySet, PublicKey, Reason, StatusLists};
use serde_json::{json, Value};

use crate::helpers::{drop_postgres, lithuanian_family, test_database};

struct Server {
    child: Child,
    base: String,
    /// What the process printed before it reported its port.
    startup: Vec<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(dir: &std::path::Path, database_url: &str) -> (Server, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kartu"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database-url",
            database_url,
        ])
        .arg("--keys-dir")
        .arg(dir.join("keys"))
        .env_remove("KARTU_ID_HASH_SECRET")
        .env("KARTU_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kartu serve starts");
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let tx2 = tx.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx2.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    while Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            if let Some(url) = line.strip_prefix("kartu listening on ") {
                return (
                    Server {
                        child,
                        base: url.trim().to_string(),
                        startup: seen,
                    },
                    rx,
                );
            }
            seen.push(line);
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("kartu serve did not report its port: {seen:?}");
}

fn post(base: &str, path: &str, body: &Value) -> Value {
    ureq::post(&format!("{base}{path}"))
        .send_json(body.clone())
        .unwrap_or_else(|e| panic!("POST {path}: {e}"))
        .into_json()
        .unwrap()
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
    let (mut server, log) = start(dir.path(), &url);
    let base = server.base.clone();

    let body = lithuanian_family("VAR", 21);
    let family = post(&base, "/api/v1/families", &body);
    let issued = post(
        &base,
        &format!("/api/v1/families/{}/cards", family["id"].as_str().unwrap()),
        &Value::Null,
    );
    assert_eq!(issued["issued"].as_array().unwrap().len(), 5, "{issued}");
    let card = &issued["issued"][2];

    let mut png = Vec::new();
    ureq::get(&format!("{base}{}", card["qr_png"].as_str().unwrap()))
        .call()
        .unwrap()
        .into_reader()
        .read_to_end(&mut png)
        .unwrap();
    let text = kartu::qr_image::decode_png(&png).unwrap();
    assert_eq!(text, card["qr_text"].as_str().unwrap());

    let verdict = post(&base, "/api/v1/verify", &json!({"payload": text}));
    assert_eq!(verdict["valid"], true, "{verdict}");

    let anchor =
        PublicKey::parse(&std::fs::read_to_string(dir.path().join("keys/anchor.pub.pem")).unwrap())
            .unwrap();
    let keys = KeySet::from_json(&get_text(&base, "/.well-known/kartu/keys"), &anchor).unwrap();
    let lists =
        StatusLists::from_json(&get_text(&base, "/.well-known/kartu/status"), &keys).unwrap();
    let now = kartu::commands::unix_now();
    assert_eq!(
        kartu_card::verify(&text, &keys, Some(&lists), now).reason,
        Reason::Valid
    );

    post(
        &base,
        &format!("/api/v1/cards/{}/revoke", card["id"].as_str().unwrap()),
        &json!({"reason": "reported stolen"}),
    );
    let verdict = post(&base, "/api/v1/verify", &json!({"payload": text}));
    assert_eq!(verdict["reason"], "revoked");
    let lists =
        StatusLists::from_json(&get_text(&base, "/.well-known/kartu/status"), &keys).unwrap();
    assert_eq!(
        kartu_card::verify(&text, &keys, Some(&lists), now).reason,
        Reason::Revoked
    );

    let mut lines = std::mem::take(&mut server.startup);
    drop(server);
    lines.extend(log.try_iter());
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
    if let Some((admin, name)) = postgres {
        drop_postgres(&admin, &name);
    }
}
