//! The audit trail: one record per act, in the act's transaction, never changed afterwards,
//! never holding a national ID; login abuse is answered 429.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::connection::SimpleConnection;
use serde_json::{json, Value};

use crate::helpers::{lithuanian_family, make_account, TestApp};

async fn audit(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, page) = app.get(&format!("/api/v1/audit?per_page=500{query}")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    page["items"].as_array().unwrap().clone()
}

#[actix_web::test]
async fn every_act_leaves_exactly_one_record_and_none_holds_a_national_id() {
    // Arrange
    let app = TestApp::spawn();
    let body = lithuanian_family("ALY", 31);
    let family = app.register(&body).await;
    let id = family["id"].as_str().unwrap();
    assert_eq!(
        audit(&app, &format!("&family={id}")).await.len(),
        1,
        "registration"
    );

    // Act: one of each act, counting the records each adds.
    let mut expected = vec![("family.register", 1)];
    let issued = app.issue(id).await;
    let cards = issued["issued"].as_array().unwrap();
    expected.push(("card.issue", cards.len()));
    let card = cards[0]["id"].as_str().unwrap();
    let member = family["members"][4]["id"].as_str().unwrap();
    let acts: Vec<(&str, String, Value)> = vec![
        (
            "card.renew",
            format!("/api/v1/cards/{card}/renew"),
            Value::Null,
        ),
        (
            "card.suspend",
            format!("/api/v1/cards/{card}/suspend"),
            json!({"reason": "checking"}),
        ),
        (
            "card.reinstate",
            format!("/api/v1/cards/{card}/reinstate"),
            json!({"reason": "fine"}),
        ),
        (
            "card.reissue",
            format!("/api/v1/cards/{card}/reissue"),
            json!({"reason": "lost"}),
        ),
        (
            "member.add",
            format!("/api/v1/families/{id}/members"),
            lithuanian_family("ALY", 32)["members"][3].clone(),
        ),
    ];
    for (action, path, body) in &acts {
        let (status, answer) = app.post(path, body).await;
        assert!(status.is_success(), "{action}: {answer}");
        expected.push((action, 1));
    }
    let (status, _) = app
        .json(
            TestRequest::patch()
                .uri(&format!("/api/v1/families/{id}/members/{member}"))
                .set_json(json!({"name": "Šarūnas Jonaitis"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    expected.push(("member.change", 1));
    let (status, _) = app
        .json(TestRequest::delete().uri(&format!("/api/v1/families/{id}/members/{member}")))
        .await;
    assert_eq!(status, StatusCode::OK);
    expected.push(("member.remove", 1));
    let (status, _) = app
        .post(
            &format!("/api/v1/cards/{card}/revoke"),
            &json!({"reason": "again"}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "the reissued card is revoked already: no act, no record"
    );

    // Assert
    let records = audit(&app, &format!("&family={id}")).await;
    for (action, count) in &expected {
        let got = records.iter().filter(|r| r["action"] == *action).count();
        assert_eq!(got, *count, "{action}: {records:#?}");
    }
    assert_eq!(
        records.len(),
        expected.iter().map(|(_, c)| c).sum::<usize>()
    );
    let renew = records
        .iter()
        .find(|r| r["action"] == "card.renew")
        .unwrap();
    assert_ne!(renew["before"]["valid_from"], Value::Null);
    assert_eq!(renew["actor"], "token:test supervisor ALY");
    let by_card = audit(&app, &format!("&card={card}")).await;
    assert!(by_card.iter().all(|r| r["card_id"] == card));
    let all = serde_json::to_string(&records).unwrap();
    for m in body["members"].as_array().unwrap() {
        assert!(
            !all.contains(m["national_id"].as_str().unwrap()),
            "a national ID reached the trail"
        );
    }
    let (_, content_type, csv) = app
        .call(TestRequest::get().uri(&format!("/api/v1/audit.csv?family={id}")))
        .await;
    assert_eq!(content_type.as_deref(), Some("text/csv; charset=utf-8"));
    assert_eq!(
        String::from_utf8_lossy(&csv).lines().count(),
        records.len() + 1,
        "a header and one line per record (no newlines inside)"
    );

    // Another municipality's supervisor sees none of it.
    app.act_as("supervisor:ELK");
    assert!(audit(&app, "").await.is_empty());
}

#[actix_web::test]
async fn the_trail_refuses_update_and_delete_in_the_database_itself() {
    let app = TestApp::spawn();
    app.register(&lithuanian_family("ALY", 33)).await;
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    for statement in [
        "UPDATE audit_events SET actor = 'someone else'",
        "DELETE FROM audit_events",
    ] {
        let error = conn.batch_execute(statement).expect_err(statement);
        assert!(
            error.to_string().contains("append-only"),
            "{statement}: {error}"
        );
    }
    drop(conn);
    assert_eq!(
        audit(&app, "").await[0]["actor"],
        "token:test supervisor ALY"
    );
}

#[actix_web::test]
async fn repeated_failed_logins_get_429_for_known_and_unknown_names_alike() {
    let app = TestApp::spawn();
    make_account(&app.state, "jonas", "clerk", "ALY", "the right password");
    let attempt = |name: &'static str, password: &'static str| {
        TestRequest::post()
            .uri("/api/v1/session")
            .peer_addr("192.0.2.7:5000".parse().unwrap())
            .set_json(json!({"username": name, "password": password}))
    };
    let mut statuses = Vec::new();
    for name in ["jonas", "nobody"] {
        for _ in 0..6 {
            statuses.push((
                name,
                app.call_anonymous(attempt(name, "wrong password"))
                    .await
                    .0
                    .as_u16(),
            ));
        }
    }
    let expected: Vec<_> = ["jonas", "nobody"]
        .into_iter()
        .flat_map(|n| [(n, 401), (n, 401), (n, 401), (n, 401), (n, 401), (n, 429)])
        .collect();
    assert_eq!(statuses, expected);
    let (status, _, _) = app
        .call_anonymous(attempt("jonas", "the right password"))
        .await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits out the lockout"
    );
}

#[actix_web::test]
async fn failed_logins_under_unknown_names_reach_admins_and_no_supervisor() {
    let app = TestApp::spawn();
    let attempt = TestRequest::post()
        .uri("/api/v1/session")
        .set_json(json!({"username": "nobody-at-all", "password": "a guess of a password"}));
    assert_eq!(
        app.call_anonymous(attempt).await.0,
        StatusCode::UNAUTHORIZED
    );
    let failures = |items: Vec<Value>| {
        items
            .into_iter()
            .filter(|e| e["action"] == "login.failure" && e["municipality"].is_null())
            .count()
    };
    app.act_as("admin");
    assert_eq!(failures(audit(&app, "").await), 1, "an admin sees it");
    app.act_as("supervisor:ALY");
    assert_eq!(
        failures(audit(&app, "").await),
        0,
        "it belongs to no municipality"
    );
    app.act_as("admin");
    let found = audit(&app, "").await;
    assert!(
        !found
            .iter()
            .any(|e| e.to_string().contains("nobody-at-all")),
        "the unknown name itself is not recorded"
    );
}
