//! Family search as the indexes answer it (trigram indexes on PostgreSQL, FTS5 and ranges of
//! lower-cased text on SQLite): a part of a name, the start of a name for one or two
//! characters, the start of a reference, names that change, and a count that stops at 1,000.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::RunQueryDsl;
use serde_json::{json, Value};

use crate::helpers::{lithuanian_family, TestApp};

async fn found(app: &TestApp, q: &str) -> Value {
    let (status, page) = app.get(&format!("/api/v1/families?q={q}")).await;
    assert_eq!(status, StatusCode::OK, "{q}: {page}");
    page
}

async fn total(app: &TestApp, q: &str) -> i64 {
    found(app, q).await["total"].as_i64().unwrap()
}

#[actix_web::test]
async fn names_match_in_part_or_by_their_start_and_follow_a_rename_and_a_removal() {
    let app = TestApp::spawn();
    let family = app.register(&lithuanian_family("ALY", 9)).await;
    let id = family["id"].as_str().unwrap();

    // Three letters or more: anywhere in a name, in any case, with or without diacritics.
    assert_eq!(total(&app, "zla").await, 1);
    assert_eq!(total(&app, "AUSKAIT").await, 1);
    assert_eq!(total(&app, "%C4%85%C5%BEuol").await, 1, "ąžuol");
    assert_eq!(total(&app, "zlx").await, 0);
    // One or two: the start of a name or of the reference.
    assert_eq!(total(&app, "ga").await, 1, "Gabija");
    assert_eq!(total(&app, "re").await, 1, "REF-9");
    assert_eq!(
        total(&app, "au").await,
        0,
        "inside a name, not at its start"
    );
    // What LIKE or an FTS5 query would read as syntax is only text.
    for q in [
        "%25",
        "_",
        "%25%25%25",
        "ka%22z",
        "%22",
        "a%22%20OR%20%22b",
        "*",
        "NEAR(a)",
    ] {
        assert_eq!(total(&app, q).await, 0, "{q}");
    }

    let gabija = family["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Gabija Kazlauskaitė")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let member = format!("/api/v1/families/{id}/members/{gabija}");
    let (status, body) = app
        .json(
            TestRequest::patch()
                .uri(&member)
                .set_json(json!({"name": "Rūta Petraitė"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(total(&app, "petrait").await, 1, "the new name is found");
    assert_eq!(total(&app, "gabij").await, 0, "the old one is not");
    assert_eq!(total(&app, "ru").await, 1, "the new name's start");

    let (status, body) = app.json(TestRequest::delete().uri(&member)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        total(&app, "petrait").await,
        0,
        "a removed member is not found"
    );
    assert_eq!(total(&app, "zla").await, 1, "the others still are");
}

#[actix_web::test]
async fn a_search_counts_up_to_a_thousand_and_says_there_are_more() {
    let app = TestApp::spawn();
    // 1,001 families straight into the database: registering them one by one would take long.
    let rows: Vec<String> = (0..1001)
        .map(|i| {
            format!(
                "('bulk-{i:04}', 'ALY', {}, 'BULK-{i:04}', '2026-01-01 {:02}:{:02}:{:02}', '2026-01-01 00:00:00')",
                1000 + i,
                i / 3600,
                i / 60 % 60,
                i % 60
            )
        })
        .collect();
    let insert = format!(
        "INSERT INTO families (id, municipality, family_number, reference, created_at, updated_at) VALUES {}",
        rows.join(", ")
    );
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    assert_eq!(diesel::sql_query(insert).execute(&mut conn).unwrap(), 1001);

    let page = found(&app, "bulk").await;
    assert_eq!(page["total"], 1000, "{}", page["total"]);
    assert_eq!(page["more"], true);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 20);
    assert_eq!(items[0]["reference"], "BULK-1000", "newest first");
    assert_eq!(items[19]["reference"], "BULK-0981");

    let page = found(&app, "bulk-100").await;
    assert_eq!(page["total"], 1, "only BULK-1000 starts so");
    assert_eq!(page["more"], false);
}

#[actix_web::test]
async fn a_page_past_the_counted_families_is_refused_with_its_field() {
    let app = TestApp::spawn();
    for (query, field) in [
        ("page=9223372036854775807", "page"),
        ("page=1001", "page"),
        ("page=0", "page"),
        ("per_page=101", "per_page"),
    ] {
        let (status, problem) = app
            .json(TestRequest::get().uri(&format!("/api/v1/families?q=kaz&{query}")))
            .await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {problem}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{query}: {problem}");
    }
    let (status, _) = app.get("/api/v1/families?q=kaz&page=1000").await;
    assert_eq!(status, StatusCode::OK);
}
