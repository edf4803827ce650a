//! Two real `kartu serve` processes on one database and one key directory, as behind a reverse
//! proxy: a revocation through one reaches the other's verdicts and published lists within 2 s,
//! and a key rotated with the command line is signed with by both without a restart (one rereads
//! its keys every second, the other on SIGHUP).

use std::process::Command;
use std::time::{Duration, Instant};

use kartu_card::{KeySet, PublicKey, Reason, StatusLists};
use serde_json::{json, Value};

use crate::helpers::{drop_postgres, lithuanian_family, test_database};
use crate::launcher::Server;
use crate::server::{first_admin_logs_in, post_as};

const AGREE_WITHIN: Duration = Duration::from_secs(2);

fn verify(base: &str, text: &str) -> String {
    let verdict: Value = ureq::post(&format!("{base}/api/v1/verify"))
        .send_json(json!({ "payload": text }))
        .unwrap()
        .into_json()
        .unwrap();
    verdict["reason"].as_str().unwrap().to_string()
}

fn get_text(base: &str, path: &str) -> String {
    ureq::get(&format!("{base}{path}"))
        .call()
        .unwrap()
        .into_string()
        .unwrap()
}

/// The reason `base`'s published key set and status lists give for `text`.
fn offline_reason(base: &str, anchor: &PublicKey, text: &str) -> Reason {
    let keys = KeySet::from_json(&get_text(base, "/.well-known/kartu/keys"), anchor).unwrap();
    let lists =
        StatusLists::from_json(&get_text(base, "/.well-known/kartu/status"), &keys).unwrap();
    let now = kartu::app::clock::Clock::system().now();
    kartu_card::verify(text, &keys, Some(&lists), now).reason
}

/// Waits until `done` holds, at most `within`; returns how long it took.
fn until(within: Duration, what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    loop {
        if done() {
            return start.elapsed();
        }
        assert!(start.elapsed() < within, "{what}: not within {within:?}");
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// Registers a family of five through `base` and issues its cards; returns their ids and QR
/// texts.
fn family_with_cards(base: &str, token: &str, seed: u16) -> Vec<(String, String)> {
    let family = post_as(
        base,
        "/api/v1/families",
        &lithuanian_family("VAR", seed),
        token,
    );
    let issued = post_as(
        base,
        &format!("/api/v1/families/{}/cards", family["id"].as_str().unwrap()),
        &Value::Null,
        token,
    );
    issued["issued"]
        .as_array()
        .unwrap_or_else(|| panic!("{issued}"))
        .iter()
        .map(|c| {
            let id = c["id"].as_str().unwrap().to_string();
            (id, c["qr_text"].as_str().unwrap().to_string())
        })
        .collect()
}

fn kid_of(base: &str, anchor: &PublicKey, text: &str) -> String {
    let keys = KeySet::from_json(&get_text(base, "/.well-known/kartu/keys"), anchor).unwrap();
    let now = kartu::app::clock::Clock::system().now();
    kartu_card::verify(text, &keys, None, now)
        .kid
        .expect("the card names its key")
        .to_string()
}

#[test]
fn two_instances_on_one_database_agree_on_revocations_and_on_a_rotated_key_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = test_database(dir.path());
    let keys = dir.path().join("keys");
    let mut a = Server::start(&url, &keys, &["--keys-check-seconds", "1"], &[]);
    let mut b = Server::start(&url, &keys, &["--keys-check-seconds", "0"], &[]);
    let anchor =
        PublicKey::parse(&std::fs::read_to_string(keys.join("anchor.pub.pem")).unwrap()).unwrap();

    let (cookie, csrf) = first_admin_logs_in(&a.base, &url);
    let created: Value = ureq::post(&format!("{}/api/v1/tokens", a.base))
        .set("Cookie", &cookie)
        .set("X-CSRF-Token", &csrf)
        .send_json(json!({"label": "VAR desk", "municipality": "VAR", "role": "supervisor", "valid_days": 1}))
        .unwrap()
        .into_json()
        .unwrap();
    let token = created["token"].as_str().unwrap().to_string();

    // A card issued through A is valid through B, online and in B's lists.
    let cards = family_with_cards(&a.base, &token, 31);
    let (card_id, text) = &cards[2];
    assert_eq!(verify(&b.base, text), "valid");
    assert_eq!(offline_reason(&b.base, &anchor, text), Reason::Valid);

    // Suspended and then revoked through A: B says so within 2 s, online and in what it publishes.
    post_as(
        &a.base,
        &format!("/api/v1/cards/{card_id}/revoke"),
        &json!({"reason": "reported stolen"}),
        &token,
    );
    let took = until(AGREE_WITHIN, "B answers revoked", || {
        verify(&b.base, text) == "revoked"
    });
    until(
        AGREE_WITHIN.saturating_sub(took),
        "B publishes the revocation",
        || offline_reason(&b.base, &anchor, text) == Reason::Revoked,
    );
    assert_eq!(verify(&a.base, text), "revoked");

    // A revocation through B reaches A the same way.
    let (other_id, other) = &cards[3];
    post_as(
        &b.base,
        &format!("/api/v1/cards/{other_id}/revoke"),
        &json!({"reason": "reported lost"}),
        &token,
    );
    until(AGREE_WITHIN, "A answers revoked", || {
        verify(&a.base, other) == "revoked"
    });

    // A key rotated on the command line: A finds it within its second, B on SIGHUP.
    let old_kid = kid_of(&a.base, &anchor, &cards[0].1);
    let out = Command::new(env!("CARGO_BIN_EXE_kartu"))
        .args(["keys", "generate", "--municipality", "VAR", "--keys-dir"])
        .arg(&keys)
        .args(["--database-url", &url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8_lossy(&out.stdout);
    let new_kid = printed
        .split("New active key for VAR: ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("{printed}"))
        .to_string();
    assert_ne!(new_kid, old_kid);
    let hup = Command::new("kill")
        .args(["-HUP", &b.pid().to_string()])
        .status()
        .unwrap();
    assert!(hup.success());
    for (name, server) in [("A", &a), ("B", &b)] {
        until(
            Duration::from_secs(10),
            &format!("{name} publishes the new key"),
            || {
                KeySet::from_json(&get_text(&server.base, "/.well-known/kartu/keys"), &anchor)
                    .unwrap()
                    .keys()
                    .iter()
                    .any(|k| k.kid.to_string() == new_kid)
            },
        );
    }
    for (seed, server) in [(32, &a), (33, &b)] {
        let fresh = family_with_cards(&server.base, &token, seed);
        assert_eq!(
            kid_of(&server.base, &anchor, &fresh[0].1),
            new_kid,
            "signed with the new key"
        );
        // The other instance confirms it too.
        let other = if std::ptr::eq(server, &a) { &b } else { &a };
        assert_eq!(verify(&other.base, &fresh[0].1), "valid");
    }

    a.stop();
    b.stop();
    let all = [a.lines(), b.lines()].concat().join("\n");
    assert!(all.contains("the key ring changed on disk"), "{all}");
    if let Some((admin, name)) = postgres {
        drop_postgres(&admin, &name);
    }
}
