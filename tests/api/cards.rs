//! Issuing, showing, renewing, reissuing, revoking, suspending and reinstating cards, and what
//! online verification says after each.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::helpers::{lithuanian_family, TestApp};

async fn family_with_cards(app: &TestApp, municipality: &str, seed: u16) -> (String, Vec<Value>) {
    let family = app.register(&lithuanian_family(municipality, seed)).await;
    let id = family["id"].as_str().unwrap().to_string();
    let issued = app.issue(&id).await;
    (id, issued["issued"].as_array().unwrap().clone())
}

#[actix_web::test]
async fn every_member_of_a_qualifying_family_gets_a_signed_card_that_verifies_online() {
    let app = TestApp::spawn();
    let (_, cards) = family_with_cards(&app, "ELK", 1).await;
    assert_eq!(cards.len(), 5);
    for card in &cards {
        assert_eq!(card["status"], "active");
        assert!(card["number"].as_str().unwrap().starts_with("ELK-"));
        let verdict = app.verify(card["qr_text"].as_str().unwrap()).await;
        assert_eq!(verdict["valid"], true, "{verdict}");
        assert_eq!(verdict["card"]["number"], card["number"]);
    }
    let numbers: std::collections::HashSet<_> = cards
        .iter()
        .map(|c| c["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers.len(), 5);
}

#[actix_web::test]
async fn issuing_twice_gives_no_second_card() {
    let app = TestApp::spawn();
    let (id, _) = family_with_cards(&app, "ALY", 2).await;
    let again = app.issue(&id).await;
    assert_eq!(again["issued"].as_array().unwrap().len(), 0);
    assert!(
        again["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["reason"] == "already_has_card"),
        "{again}"
    );
}

#[actix_web::test]
async fn concurrent_issue_requests_still_give_one_card_per_person() {
    let app = TestApp::spawn();
    let family = app.register(&lithuanian_family("VAR", 3)).await;
    let id = family["id"].as_str().unwrap().to_string();
    let uri = format!("/api/v1/families/{id}/cards");
    let calls = (0..4).map(|_| app.call(TestRequest::post().uri(&uri)));
    let results = futures_util::future::join_all(calls).await;
    let mut issued = 0;
    for (status, _, body) in results {
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert!(
            status == StatusCode::OK || status == StatusCode::CONFLICT,
            "{status}: {body}"
        );
        if status == StatusCode::OK {
            issued += body["issued"].as_array().unwrap().len();
        }
    }
    let (_, family) = app.get(&format!("/api/v1/families/{id}")).await;
    assert_eq!(family["cards"].as_array().unwrap().len(), 5);
    assert_eq!(issued, 5);
}

#[actix_web::test]
async fn the_qr_png_decodes_to_the_card_text_and_the_svg_is_an_svg() {
    let app = TestApp::spawn();
    let (_, cards) = family_with_cards(&app, "ALY", 4).await;
    let card = &cards[2];
    let (status, content_type, png) = app
        .call(TestRequest::get().uri(card["qr_png"].as_str().unwrap()))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("image/png"));
    assert_eq!(
        kartu::app::qr_image::decode_png(&png, kartu::app::qr_image::Budget::PHOTO).unwrap(),
        card["qr_text"].as_str().unwrap()
    );
    let (status, content_type, svg) = app
        .call(TestRequest::get().uri(card["qr_svg"].as_str().unwrap()))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type.as_deref(), Some("image/svg+xml"));
    assert!(String::from_utf8_lossy(&svg).contains("<svg"));
}

#[actix_web::test]
async fn revoke_suspend_and_reinstate_show_in_online_verification_with_their_history() {
    let app = TestApp::spawn();
    let (_, cards) = family_with_cards(&app, "VAR", 5).await;
    let (a, b) = (&cards[0], &cards[1]);
    let (a_id, b_id) = (a["id"].as_str().unwrap(), b["id"].as_str().unwrap());

    let (status, view) = app
        .post(
            &format!("/api/v1/cards/{b_id}/suspend"),
            &json!({"reason": "documents being checked"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["status"], "suspended");
    assert_eq!(
        app.verify(b["qr_text"].as_str().unwrap()).await["reason"],
        "suspended"
    );
    let (status, _) = app
        .post(
            &format!("/api/v1/cards/{b_id}/reinstate"),
            &json!({"reason": "documents fine"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.verify(b["qr_text"].as_str().unwrap()).await["reason"],
        "valid"
    );

    let (status, _) = app
        .post(
            &format!("/api/v1/cards/{a_id}/revoke"),
            &json!({"reason": "family moved away"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let verdict = app
        .json(
            TestRequest::post()
                .uri("/api/v1/verify")
                .insert_header(("Accept-Language", "pl-PL,pl;q=0.9"))
                .set_json(json!({"payload": a["qr_text"]})),
        )
        .await
        .1;
    assert_eq!(verdict["reason"], "revoked");
    assert_eq!(verdict["message"], "Karta unieważniona");

    let (status, p) = app
        .post(
            &format!("/api/v1/cards/{a_id}/reinstate"),
            &json!({"reason": "oops"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a revoked card stays revoked: {p}"
    );
    let (status, p) = app
        .post(
            &format!("/api/v1/cards/{a_id}/revoke"),
            &json!({"reason": ""}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{p}");

    let (_, detail) = app.get(&format!("/api/v1/cards/{b_id}")).await;
    let kinds: Vec<_> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(kinds, ["issue", "suspend", "reinstate"]);
    assert_eq!(detail["events"][1]["reason"], "documents being checked");
    assert_eq!(detail["events"][1]["actor"], "token:test supervisor VAR");
}

#[actix_web::test]
async fn a_reissued_card_has_the_next_sequence_and_the_old_one_is_revoked() {
    let app = TestApp::spawn();
    let (_, cards) = family_with_cards(&app, "ELK", 6).await;
    let old = &cards[3];
    let (status, r) = app
        .post(
            &format!("/api/v1/cards/{}/reissue", old["id"].as_str().unwrap()),
            &json!({"reason": "lost"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["old"]["status"], "revoked");
    assert_eq!(r["new"]["sequence"], 2);
    let old_number = old["number"].as_str().unwrap();
    let new_number = r["new"]["number"].as_str().unwrap();
    assert_eq!(
        &old_number[..13],
        &new_number[..13],
        "same family and member"
    );
    assert_ne!(old_number, new_number);
    assert_eq!(
        app.verify(old["qr_text"].as_str().unwrap()).await["reason"],
        "revoked"
    );
    assert_eq!(
        app.verify(r["new"]["qr_text"].as_str().unwrap()).await["reason"],
        "valid"
    );
}

#[actix_web::test]
async fn a_renewed_card_keeps_its_number_and_gets_a_new_signature() {
    let app = TestApp::spawn();
    let (_, cards) = family_with_cards(&app, "ALY", 7).await;
    let card = &cards[0];
    // A renewal a little later: the clock moves on, nobody waits.
    app.clock.advance(2);
    let (status, renewed) = app
        .post(
            &format!("/api/v1/cards/{}/renew", card["id"].as_str().unwrap()),
            &Value::Null,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
    assert_eq!(renewed["number"], card["number"]);
    assert_ne!(renewed["qr_text"], card["qr_text"]);
    assert_ne!(renewed["valid_from"], card["valid_from"]);
    assert_eq!(
        app.verify(renewed["qr_text"].as_str().unwrap()).await["valid"],
        true
    );
}

#[actix_web::test]
async fn removing_a_member_revokes_their_card() {
    let app = TestApp::spawn();
    let (id, cards) = family_with_cards(&app, "VAR", 8).await;
    let card = &cards[4];
    let (status, _) = app
        .json(TestRequest::delete().uri(&format!(
            "/api/v1/families/{id}/members/{}",
            card["member_id"].as_str().unwrap()
        )))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        app.verify(card["qr_text"].as_str().unwrap()).await["reason"],
        "revoked"
    );
}

#[actix_web::test]
async fn verification_answers_every_kind_of_text_without_an_error() {
    let app = TestApp::spawn();
    for (text, reason) in [
        ("https://example.com", "not_a_card"),
        ("", "not_a_card"),
        ("KARTU9:AAAA", "unsupported_version"),
        ("KARTU1:@@@", "malformed"),
    ] {
        let verdict = app.verify(text).await;
        assert_eq!(verdict["reason"], reason, "{text}");
        assert_eq!(verdict["valid"], false);
        assert!(verdict.get("card").is_none());
    }
    let (_, cards) = family_with_cards(&app, "ALY", 9).await;
    let text = cards[0]["qr_text"].as_str().unwrap();
    let mut forged = text.to_string();
    let i = forged.len() - 10;
    let c = if &forged[i..=i] == "A" { "B" } else { "A" };
    forged.replace_range(i..=i, c);
    assert_eq!(app.verify(&forged).await["reason"], "bad_signature");
}

#[actix_web::test]
async fn a_clerk_acting_on_a_stale_view_of_a_card_cannot_undo_a_revocation() {
    // Arrange: a suspended card, read by two clerks at once.
    let app = TestApp::spawn();
    let (_, cards) = family_with_cards(&app, "ALY", 41).await;
    let id = cards[0]["id"].as_str().unwrap().to_string();
    let (status, _) = app
        .post(
            &format!("/api/v1/cards/{id}/suspend"),
            &json!({"reason": "checking documents"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    let card_id = kartu::store::card::CardId(id.clone());
    let stale = kartu::store::card::get(&mut conn, &card_id).unwrap();
    let clerk = kartu::app::actor::Actor::command_line();
    let act = kartu::app::actor::Act::new(&clerk, app.state.kartu.now());

    // Act: the first clerk revokes; the second, still seeing "suspended", reinstates.
    use kartu::domain::card_state::CardAct;
    let revoked = kartu::app::cards::transition(&mut conn, &stale, CardAct::Revoke, "fraud", act);
    let reinstated =
        kartu::app::cards::transition(&mut conn, &stale, CardAct::Reinstate, "ok", act);

    // Assert
    assert!(revoked.is_ok(), "{revoked:?}");
    let error = reinstated.expect_err("a stale reinstatement must fail");
    assert!(
        format!("{error:?}").contains("changed_meanwhile"),
        "{error:?}"
    );
    let (_, detail) = app.get(&format!("/api/v1/cards/{id}")).await;
    assert_eq!(detail["card"]["status"], "revoked");
    let kinds: Vec<_> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        kinds,
        ["issue", "suspend", "revoke"],
        "no event for the act that did not happen"
    );
}
