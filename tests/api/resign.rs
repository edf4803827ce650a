//! Signing cards again leaves the old text not valid: a renewal, and the bulk re-signing after a
//! key is replaced (`app::resign`, `kartu cards resign`), online and offline, also after the
//! service starts again; the printed cards are listed for reprinting.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use kartu::app::actor::Actor;
use kartu::app::resign::{self, Report, Selection};
use kartu_card::{CardStatus, KeyId, KeySet, Municipality, PublicKey, Reason, StatusLists};
use serde_json::{json, Value};

use crate::helpers::{lithuanian_family, login, make_account, TestApp};

/// The key set and status lists a till downloads, read as the till reads them.
async fn published(app: &TestApp) -> (KeySet, StatusLists) {
    let anchor = PublicKey::parse(
        &std::fs::read_to_string(app.dir.path().join("keys/anchor.pub.pem")).unwrap(),
    )
    .unwrap();
    let (status, _, keys) = app
        .call_anonymous(TestRequest::get().uri("/.well-known/kartu/keys"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let keys = KeySet::from_json(std::str::from_utf8(&keys).unwrap(), &anchor).unwrap();
    let (status, _, lists) = app
        .call_anonymous(TestRequest::get().uri("/.well-known/kartu/status"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let lists = StatusLists::from_json(std::str::from_utf8(&lists).unwrap(), &keys).unwrap();
    (keys, lists)
}

/// The offline verdict's reason for `text`.
fn offline(app: &TestApp, docs: &(KeySet, StatusLists), text: &str) -> Reason {
    kartu_card::verify(text, &docs.0, Some(&docs.1), app.clock.now()).reason
}

/// The entry of the status list that `text` was signed on, as published.
fn published_entry(docs: &(KeySet, StatusLists), text: &str) -> Option<CardStatus> {
    let claims = kartu_card::decode(text).unwrap().claims;
    docs.1
        .get(claims.municipality())
        .and_then(|l| l.get(claims.status_index))
}

async fn online(app: &TestApp, text: &str) -> String {
    app.verify(text).await["reason"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn card(app: &TestApp, id: &str) -> Value {
    let (status, card) = app.get(&format!("/api/v1/cards/{id}")).await;
    assert_eq!(status, StatusCode::OK, "{card}");
    card["card"].clone()
}

async fn family_cards(app: &TestApp, municipality: &str, seed: u16) -> Vec<Value> {
    let family = app.register(&lithuanian_family(municipality, seed)).await;
    let issued = app.issue(family["id"].as_str().unwrap()).await;
    issued["issued"].as_array().unwrap().clone()
}

fn text_of(card: &Value) -> String {
    card["qr_text"].as_str().unwrap().to_string()
}

async fn renew(app: &TestApp, id: &str) -> Value {
    let (status, renewed) = app
        .post(&format!("/api/v1/cards/{id}/renew"), &Value::Null)
        .await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
    renewed
}

#[actix_web::test]
async fn after_a_renewal_the_old_text_is_revoked_online_and_offline_and_the_new_one_is_valid() {
    let app = TestApp::spawn();
    let cards = family_cards(&app, "ALY", 31).await;
    let old = text_of(&cards[0]);
    app.clock.advance(60);

    let renewed = renew(&app, cards[0]["id"].as_str().unwrap()).await;
    let new = text_of(&renewed);

    assert_eq!(renewed["number"], cards[0]["number"], "the number stays");
    assert_eq!(online(&app, &new).await, "valid");
    assert_eq!(online(&app, &old).await, "revoked");
    let docs = published(&app).await;
    assert_eq!(offline(&app, &docs, &new), Reason::Valid);
    assert_eq!(offline(&app, &docs, &old), Reason::Revoked);
    // The card's other texts were never touched.
    assert_eq!(online(&app, &text_of(&cards[1])).await, "valid");
}

#[actix_web::test]
async fn a_restarted_service_still_publishes_the_retired_entry_as_revoked() {
    let mut app = TestApp::spawn();
    let cards = family_cards(&app, "VAR", 32).await;
    let old = text_of(&cards[2]);
    app.clock.advance(60);
    let new = text_of(&renew(&app, cards[2]["id"].as_str().unwrap()).await);

    app.restart();

    assert_eq!(online(&app, &old).await, "revoked");
    assert_eq!(online(&app, &new).await, "valid");
    let docs = published(&app).await;
    assert_eq!(published_entry(&docs, &old), Some(CardStatus::Revoked));
    assert_eq!(offline(&app, &docs, &old), Reason::Revoked);
    assert_eq!(offline(&app, &docs, &new), Reason::Valid);

    // A renewal after the restart never draws the retired entry again: it stays revoked.
    app.clock.advance(60);
    let newer = text_of(&renew(&app, cards[2]["id"].as_str().unwrap()).await);
    assert_eq!(online(&app, &old).await, "revoked");
    assert_eq!(online(&app, &new).await, "revoked");
    assert_eq!(online(&app, &newer).await, "valid");
}

/// The active key of `municipality` in the running service.
fn active_kid(app: &TestApp, municipality: Municipality) -> KeyId {
    app.state
        .kartu
        .trust
        .keyring()
        .signer(municipality, app.clock.now())
        .unwrap()
        .0
        .kid
}

/// The key ring on disk, as `kartu keys …` opens it.
fn ring(app: &TestApp) -> kartu::store::keyring::Keyring {
    kartu::store::keyring::Keyring::open(&app.dir.path().join("keys")).unwrap()
}

fn resign_as_command_line(app: &TestApp, selection: &Selection) -> Report {
    let k = &app.state.kartu;
    resign::resign_cards(
        &k.db,
        &k.trust,
        &Actor::command_line(),
        selection,
        |_, _| {},
    )
    .unwrap()
}

fn console_form(path: &str, cookie: &str, csrf: &str) -> TestRequest {
    TestRequest::post()
        .uri(path)
        .cookie(actix_web::cookie::Cookie::new(
            kartu::web::console_session::SESSION_COOKIE,
            cookie.to_string(),
        ))
        .insert_header(("content-type", "application/x-www-form-urlencoded"))
        .set_payload(format!("csrf_token={csrf}"))
}

async fn reprint_page(app: &TestApp, cookie: &str) -> String {
    let (status, _, body) = app
        .call_anonymous(TestRequest::get().uri("/console/reprint").cookie(
            actix_web::cookie::Cookie::new(
                kartu::web::console_session::SESSION_COOKIE,
                cookie.to_string(),
            ),
        ))
        .await;
    assert_eq!(status, StatusCode::OK);
    String::from_utf8_lossy(&body).into_owned()
}

#[actix_web::test]
async fn after_a_key_is_withdrawn_bulk_resigning_moves_its_cards_to_the_new_key_and_cancels_the_old_texts(
) {
    // Arrange: five Alytus cards (one suspended, one printed) and five Varėna cards.
    let mut app = TestApp::spawn();
    let aly = family_cards(&app, "ALY", 33).await;
    let var = family_cards(&app, "VAR", 34).await;
    app.act_as("supervisor:ALY");
    let suspended = aly[1]["id"].as_str().unwrap().to_string();
    let (status, _) = app
        .post(
            &format!("/api/v1/cards/{suspended}/suspend"),
            &json!({"reason": "checking the documents"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    make_account(&app.state, "rasa", "clerk", "ALY", "rasa's password");
    let (cookie, csrf) = login(&app, "rasa", "rasa's password").await;
    let printed = aly[2]["id"].as_str().unwrap().to_string();
    let (status, _, _) = app
        .call_anonymous(console_form(
            &format!("/console/cards/{printed}/print"),
            &cookie,
            &csrf,
        ))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "the print is recorded");
    let leaked = active_kid(&app, Municipality::Aly);
    let by_key = Selection {
        kid: Some(leaked),
        ..Selection::default()
    };

    // While the leaked key is still the active one, nothing moves.
    let k = &app.state.kartu;
    let refused = resign::resign_cards(&k.db, &k.trust, &Actor::command_line(), &by_key, |_, _| {})
        .unwrap_err();
    assert!(
        refused.to_string().contains("kartu keys generate"),
        "{refused}"
    );

    // The key-leak runbook: a new key, the leaked one withdrawn, the service restarted.
    app.clock.advance(60);
    let mut ring = ring(&app);
    let policy = *app.state.kartu.trust.key_policy();
    kartu::app::keys::rotate(
        &app.state.kartu.db,
        &Actor::command_line(),
        &mut ring,
        Municipality::Aly,
        &policy,
    )
    .unwrap();
    kartu::app::keys::withdraw(
        &app.state.kartu.db,
        &Actor::command_line(),
        &mut ring,
        &leaked,
    )
    .unwrap();
    app.restart();
    let admin_only = resign::resign_cards(
        &app.state.kartu.db,
        &app.state.kartu.trust,
        &Actor::of_token(&some_token(&app, "supervisor")),
        &by_key,
        |_, _| {},
    );
    assert!(
        matches!(admin_only, Err(kartu::app::error::Error::Forbidden(_))),
        "{admin_only:?}"
    );

    // Act
    let mut seen = Vec::new();
    let k = &app.state.kartu;
    let report = resign::resign_cards(&k.db, &k.trust, &Actor::command_line(), &by_key, |d, t| {
        seen.push((d, t))
    })
    .unwrap();

    // Assert: the counts, the progress and the printed card.
    assert_eq!(report.selected, 5);
    assert_eq!(report.resigned, 5);
    assert_eq!(report.suspended, 1);
    assert_eq!(report.by_municipality.get(&Municipality::Aly), Some(&5));
    assert_eq!(seen.first(), Some(&(0, 5)));
    assert_eq!(seen.last(), Some(&(5, 5)));
    assert_eq!(
        report
            .to_reprint
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
        vec![aly[2]["number"].as_str().unwrap().to_string()]
    );
    let docs = published(&app).await;
    for before in &aly {
        let id = before["id"].as_str().unwrap();
        let after = card(&app, id).await;
        let (old, new) = (text_of(before), text_of(&after));
        assert_eq!(after["number"], before["number"], "the number stays");
        assert_ne!(after["kid"], before["kid"]);
        assert_eq!(after["valid_until"], before["valid_until"], "the end stays");
        let expected = if id == suspended {
            "suspended"
        } else {
            "valid"
        };
        assert_eq!(
            after["status"],
            if id == suspended {
                "suspended"
            } else {
                "active"
            }
        );
        assert_eq!(online(&app, &new).await, expected, "{id}");
        assert_eq!(offline(&app, &docs, &new).code(), expected, "{id}");
        assert_ne!(online(&app, &old).await, "valid", "{id}");
        assert!(!kartu_card::verify(&old, &docs.0, Some(&docs.1), app.clock.now()).is_valid());
        assert_eq!(
            published_entry(&docs, &old),
            Some(CardStatus::Revoked),
            "the old entry is revoked even for a till that still trusts the old key"
        );
    }
    app.act_as("supervisor:VAR");
    for untouched in &var {
        let after = card(&app, untouched["id"].as_str().unwrap()).await;
        assert_eq!(after["qr_text"], untouched["qr_text"], "another key's card");
    }

    // A second run finds nothing left to do.
    let again = resign_as_command_line(&app, &by_key);
    assert_eq!((again.selected, again.resigned), (0, 0));

    // One audit record per run, with its counts.
    app.act_as("admin");
    let (_, audit) = app.get("/api/v1/audit?per_page=500").await;
    let runs: Vec<&Value> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "card.resign")
        .collect();
    assert_eq!(runs.len(), 2, "{audit}");
    let first = runs
        .iter()
        .find(|r| r["after"]["resigned"] == 5)
        .expect("the first run's record");
    assert_eq!(first["after"]["suspended"], 1);
    assert_eq!(first["after"]["by_municipality"]["ALY"], 5);
    assert_eq!(first["after"]["printed"], json!([aly[2]["number"]]));
    assert_eq!(first["after"]["complete"], true);

    // The console lists the printed card until it is printed again.
    let (cookie, csrf) = login(&app, "rasa", "rasa's password").await;
    let number = aly[2]["number"].as_str().unwrap();
    assert!(reprint_page(&app, &cookie).await.contains(number));
    let (status, _, _) = app
        .call_anonymous(console_form(
            &format!("/console/cards/{printed}/print"),
            &cookie,
            &csrf,
        ))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(!reprint_page(&app, &cookie).await.contains(number));
}

/// An API token of `role` for Alytus, as an actor.
fn some_token(app: &TestApp, role: &str) -> kartu::store::api_token::ApiToken {
    let secret = &app.tokens[&format!("{role}:ALY")];
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    kartu::store::api_token::find_live(
        &mut conn,
        &kartu::domain::secret::secret_hash(secret),
        app.clock.now(),
    )
    .unwrap()
    .unwrap()
}

#[actix_web::test]
async fn resigning_the_cards_valid_from_before_a_date_revokes_their_old_texts_though_the_old_key_is_still_trusted(
) {
    let mut app = TestApp::spawn();
    let cards = family_cards(&app, "ELK", 35).await;
    let today = kartu::domain::calendar::local_today(Municipality::Elk, app.clock.now());
    let by_date = Selection {
        municipality: Some(Municipality::Elk),
        before: Some(today.next_day().unwrap()),
        ..Selection::default()
    };
    let k = &app.state.kartu;
    let future = resign::resign_cards(&k.db, &k.trust, &Actor::command_line(), &by_date, |_, _| {})
        .unwrap_err();
    assert!(
        matches!(&future, kartu::app::error::Error::Invalid(f) if f[0].field == "before" && f[0].message.contains("after today")),
        "{future:?}"
    );

    // A day later, after a routine rotation: the old key stays published.
    app.clock.advance(86_400);
    let mut ring = ring(&app);
    let policy = *app.state.kartu.trust.key_policy();
    kartu::app::keys::rotate(
        &app.state.kartu.db,
        &Actor::command_line(),
        &mut ring,
        Municipality::Elk,
        &policy,
    )
    .unwrap();
    app.restart();
    let report = resign_as_command_line(
        &app,
        &Selection {
            before: Some(today.next_day().unwrap()),
            ..by_date.clone()
        },
    );

    assert_eq!(report.resigned, 5);
    assert!(report.to_reprint.is_empty());
    let docs = published(&app).await;
    for before in &cards {
        let old = text_of(before);
        let new = text_of(&card(&app, before["id"].as_str().unwrap()).await);
        assert_eq!(online(&app, &old).await, "revoked");
        assert_eq!(offline(&app, &docs, &old), Reason::Revoked);
        assert_eq!(online(&app, &new).await, "valid");
        assert_eq!(offline(&app, &docs, &new), Reason::Valid);
    }
    let again = resign_as_command_line(
        &app,
        &Selection {
            before: Some(today.next_day().unwrap()),
            ..by_date
        },
    );
    assert_eq!(
        again.resigned, 0,
        "the re-signed cards are valid from today"
    );
}

#[actix_web::test]
async fn kartu_cards_resign_prints_its_counts_and_card_numbers_and_refuses_the_active_key() {
    let mut app = TestApp::spawn();
    let cards = family_cards(&app, "ALY", 36).await;
    let kid = active_kid(&app, Municipality::Aly).to_hex();
    let keys_dir = app.dir.path().join("keys");
    let database_url = app.database_url.clone();
    let kartu = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_kartu"))
            .args(args)
            .args(["--database-url", &database_url])
            .arg("--keys-dir")
            .arg(&keys_dir)
            .env_remove("DATABASE_URL")
            .output()
            .unwrap()
    };

    let refused = kartu(&["cards", "resign", "--kid", &kid]);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("kartu keys generate"), "{stderr}");

    let generated = kartu(&["keys", "generate", "--municipality", "ALY"]);
    assert!(generated.status.success(), "{generated:?}");
    let done = kartu(&["cards", "resign", "--kid", &kid]);
    let stdout = String::from_utf8_lossy(&done.stdout);
    assert!(done.status.success(), "{done:?}");
    assert!(stdout.contains("Re-signed 5 of 5 cards"), "{stdout}");
    assert!(
        stdout.contains("No re-signed card had been printed"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("Kazlausk") && !String::from_utf8_lossy(&done.stderr).contains("Kazlausk"),
        "card numbers only"
    );
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(
        stderr.contains("re-signed 5 of 5 cards"),
        "plain progress: {stderr}"
    );

    app.restart();
    for before in &cards {
        let new = text_of(&card(&app, before["id"].as_str().unwrap()).await);
        assert_eq!(online(&app, &new).await, "valid");
        assert_eq!(online(&app, &text_of(before)).await, "revoked");
    }
    let rerun = kartu(&["cards", "resign", "--kid", &kid]);
    assert!(rerun.status.success());
    assert!(String::from_utf8_lossy(&rerun.stdout).contains("Re-signed 0 of 0 cards"));
}
