//! The `kartu` binary as a till operator or key custodian uses it: every test vector through
//! `kartu verify`, and a key ring's life from `keys init` to `keys withdraw`.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a test fails loudly on the first broken step"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kartu::cli::verify::exit_code;
use kartu::store::keyring::Keyring;
use kartu_card::qr::{render_png, Correction};
use kartu_card::{
    sign, CardNumber, CardStatus, Claims, Municipality, PersonName, Reason, Role, StatusBundle,
    StatusList,
};
use serde_json::Value;

fn kartu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kartu"))
        .args(args)
        .output()
        .expect("the kartu binary runs")
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn write_json(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string(value).unwrap()).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn kartu_verify_gives_every_vector_its_expected_reason_and_exit_code() {
    let tmp = tempfile::tempdir().unwrap();
    let mut files: Vec<_> = std::fs::read_dir(vectors_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 14,
        "expected a vector per reason, found {}",
        files.len()
    );
    for file in files {
        let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let keys = write_json(tmp.path(), "keys.json", &v["key_set"]);
        let now = v["now"].as_i64().unwrap().to_string();
        let skew = v["policy"]["clock_skew"].as_i64().unwrap().to_string();
        let max_age = v["policy"]["max_age"].as_i64().unwrap().to_string();
        let text = v["text"].as_str().unwrap();
        let anchor = v["anchor_public_key"].as_str().unwrap();
        // `--` so a text that starts with '-' is not taken for a flag.
        let mut args = vec![
            "verify",
            "--json",
            "--keys",
            &keys,
            "--anchor",
            anchor,
            "--now",
            &now,
            "--clock-skew",
            &skew,
            "--max-age",
            &max_age,
        ];
        let status;
        if !v["status"].is_null() {
            status = write_json(tmp.path(), "status.json", &v["status"]);
            args.extend(["--status", &status]);
        }
        args.extend(["--", text]);
        let out = kartu(&args);
        let expected = Reason::from_code(v["expected"]["reason"].as_str().unwrap()).unwrap();
        assert_eq!(
            out.status.code(),
            Some(i32::from(exit_code(expected))),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let answer: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(answer["reason"], v["expected"]["reason"], "{name}");
        assert_eq!(answer["valid"], v["expected"]["valid"], "{name}");
        if let Some(number) = v["expected"]["card"]["number"].as_str() {
            assert_eq!(answer["card"]["number"], number, "{name}");
        }
    }
}

fn sample_claims(municipality: Municipality, now: i64) -> Claims {
    Claims {
        number: CardNumber::new(municipality, 4217, 3, 1).unwrap(),
        holder: PersonName::parse("Žydrūnė Kazlauskienė").unwrap(),
        role: Role::Parent,
        valid_from: now,
        valid_until: now + 86_400 * 30,
        status_index: 77,
    }
}

#[test]
fn a_key_ring_lives_from_init_through_a_revocation_to_a_withdrawn_key() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("keys");
    let dir_s = dir.to_str().unwrap();
    let out = kartu(&["keys", "--keys-dir", dir_s, "init"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let keyset = tmp.path().join("keyset.json");
    let keyset_s = keyset.to_str().unwrap();
    assert!(
        kartu(&["keys", "--keys-dir", dir_s, "export", "--output", keyset_s])
            .status
            .success()
    );
    let anchor = dir.join("anchor.pub.pem");
    let anchor_s = anchor.to_str().unwrap();

    // Arrange: a card signed with ALY's active key, shown as a PNG.
    let now = kartu::app::clock::Clock::system().now();
    let ring = Keyring::open(&dir).unwrap();
    let (entry, key) = ring.signer(Municipality::Aly, now).unwrap();
    let kid = entry.kid.to_hex();
    let claims = sample_claims(Municipality::Aly, now);
    let text = sign(&claims, entry, key).unwrap();
    let png = tmp.path().join("card.png");
    std::fs::write(&png, render_png(&text, Correction::M, 4).unwrap()).unwrap();
    let png_s = png.to_str().unwrap();

    // Act and assert: valid, in Lithuanian, from the image.
    let out = kartu(&[
        "verify", "--image", png_s, "--keys", keyset_s, "--anchor", anchor_s, "--lang", "lt",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("GALIOJA: Kortelė galioja"), "{stdout}");
    assert!(
        stdout.contains("Žydrūnė Kazlauskienė (Zydrune Kazlauskiene)"),
        "{stdout}"
    );
    assert!(stdout.contains(&claims.number.to_string()), "{stdout}");

    // A status list that revokes it: revoked, exit 18, in Polish.
    let mut list = StatusList::new(Municipality::Aly, 1024).unwrap();
    list.set(77, CardStatus::Revoked).unwrap();
    let bundle = StatusBundle {
        lists: vec![list.sign(entry, key, now, now + 86_400).unwrap()],
    };
    let status = tmp.path().join("status.json");
    std::fs::write(&status, serde_json::to_string(&bundle).unwrap()).unwrap();
    let out = kartu(&[
        "verify",
        "--keys",
        keyset_s,
        "--anchor",
        anchor_s,
        "--status",
        status.to_str().unwrap(),
        "--lang",
        "pl",
        &text,
    ]);
    assert_eq!(out.status.code(), Some(18));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Karta unieważniona"));

    // The key leaks: withdraw it, publish again, and its cards become unknown_key.
    let db = tmp_db(dir_s);
    let out = kartu(&[
        "keys",
        "--keys-dir",
        dir_s,
        "withdraw",
        "--kid",
        &kid,
        "--database-url",
        &db,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        kartu(&["keys", "--keys-dir", dir_s, "export", "--output", keyset_s])
            .status
            .success()
    );
    let out = kartu(&["verify", "--keys", keyset_s, "--anchor", anchor_s, &text]);
    assert_eq!(
        out.status.code(),
        Some(i32::from(exit_code(Reason::UnknownKey)))
    );
    let listing =
        String::from_utf8_lossy(&kartu(&["keys", "--keys-dir", dir_s, "list"]).stdout).to_string();
    assert!(
        listing.contains(&format!("{kid}  ALY  withdrawn")),
        "{listing}"
    );
    assert_eq!(audit_actions(&db), ["key.withdraw"]);
}

/// A database beside the keys directory, for the audit trail of key acts.
fn tmp_db(keys_dir: &str) -> String {
    format!("{keys_dir}/../kartu.db")
}

fn audit_actions(db: &str) -> Vec<String> {
    use diesel::prelude::*;
    use kartu::store::schema::audit_events::dsl::*;
    let pool = kartu::store::pool(db, 1).unwrap();
    let mut conn = pool.get().unwrap();
    audit_events
        .order(id)
        .select(action)
        .load::<String>(&mut conn)
        .unwrap()
}

#[test]
fn rotation_keeps_the_old_key_published_so_its_cards_stay_valid() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("keys");
    let dir_s = dir.to_str().unwrap();
    assert!(kartu(&["keys", "--keys-dir", dir_s, "init"])
        .status
        .success());
    let now = kartu::app::clock::Clock::system().now();
    let ring = Keyring::open(&dir).unwrap();
    let (entry, key) = ring.signer(Municipality::Elk, now).unwrap();
    let old_kid = entry.kid.to_hex();
    let text = sign(&sample_claims(Municipality::Elk, now), entry, key).unwrap();

    let out = kartu(&[
        "keys",
        "--keys-dir",
        dir_s,
        "generate",
        "--municipality",
        "ELK",
        "--database-url",
        &tmp_db(dir_s),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(audit_actions(&tmp_db(dir_s)), ["key.rotate"]);
    let keyset = tmp.path().join("keyset.json");
    assert!(kartu(&[
        "keys",
        "--keys-dir",
        dir_s,
        "export",
        "-o",
        keyset.to_str().unwrap()
    ])
    .status
    .success());
    let listing =
        String::from_utf8_lossy(&kartu(&["keys", "--keys-dir", dir_s, "list"]).stdout).to_string();
    assert!(
        listing.contains(&format!("{old_kid}  ELK  retired")),
        "{listing}"
    );
    assert_eq!(listing.matches("ELK  active").count(), 1, "{listing}");

    let anchor = dir.join("anchor.pub.pem");
    let out = kartu(&[
        "verify",
        "--keys",
        keyset.to_str().unwrap(),
        "--anchor",
        anchor.to_str().unwrap(),
        &text,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn a_key_set_signed_by_another_anchor_is_refused_with_exit_code_4() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert!(kartu(&["keys", "--keys-dir", a.to_str().unwrap(), "init"])
        .status
        .success());
    assert!(kartu(&["keys", "--keys-dir", b.to_str().unwrap(), "init"])
        .status
        .success());
    let keyset = tmp.path().join("keyset.json");
    assert!(kartu(&[
        "keys",
        "--keys-dir",
        a.to_str().unwrap(),
        "export",
        "-o",
        keyset.to_str().unwrap()
    ])
    .status
    .success());
    let other_anchor = b.join("anchor.pub.pem");
    let out = kartu(&[
        "verify",
        "--keys",
        keyset.to_str().unwrap(),
        "--anchor",
        other_anchor.to_str().unwrap(),
        "KARTU1:AAAA",
    ]);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("refused"));
}

#[test]
fn init_refuses_to_overwrite_an_existing_ring() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_str().unwrap();
    assert!(kartu(&["keys", "--keys-dir", dir, "init"]).status.success());
    let out = kartu(&["keys", "--keys-dir", dir, "init"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to overwrite"));
}

#[test]
fn the_text_can_come_from_standard_input() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("k");
    assert!(
        kartu(&["keys", "--keys-dir", dir.to_str().unwrap(), "init"])
            .status
            .success()
    );
    let keyset = tmp.path().join("keyset.json");
    assert!(kartu(&[
        "keys",
        "--keys-dir",
        dir.to_str().unwrap(),
        "export",
        "-o",
        keyset.to_str().unwrap()
    ])
    .status
    .success());
    let mut child = Command::new(env!("CARGO_BIN_EXE_kartu"))
        .args([
            "verify",
            "--keys",
            keyset.to_str().unwrap(),
            "--anchor",
            dir.join("anchor.pub.pem").to_str().unwrap(),
            "-",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"HC1:NCFOXN%TS3DH\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(10),
        "an EU COVID certificate is not a card"
    );
}
