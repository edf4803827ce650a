//! Registering, finding and changing families, and every way a request can be wrong.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::helpers::{asmens_kodas, date, lithuanian_family, TestApp};

#[actix_web::test]
async fn a_family_of_five_is_registered_with_its_eligibility_and_no_national_id_in_the_answer() {
    let app = TestApp::spawn();
    let body = lithuanian_family("ALY", 1);
    let family = app.register(&body).await;
    assert_eq!(family["municipality"], "ALY");
    assert_eq!(family["members"].as_array().unwrap().len(), 5);
    assert_eq!(family["eligibility"]["qualifies"], true);
    assert_eq!(family["eligibility"]["qualifying_children"], 3);
    assert_eq!(family["members"][0]["name_ascii"], "Zydrune Kazlauskiene");
    let text = family.to_string();
    for m in body["members"].as_array().unwrap() {
        assert!(
            !text.contains(m["national_id"].as_str().unwrap()),
            "a national ID leaked into the answer"
        );
    }
}

#[actix_web::test]
async fn a_family_with_two_children_is_registered_but_does_not_qualify_and_says_why() {
    let app = TestApp::spawn();
    let mut body = lithuanian_family("VAR", 2);
    body["members"].as_array_mut().unwrap().pop();
    let family = app.register(&body).await;
    assert_eq!(family["eligibility"]["qualifies"], false);
    assert!(family["eligibility"]["refusal"].is_string(), "{family}");
    assert!(
        family["eligibility"]["refusal_message"]
            .as_str()
            .unwrap()
            .len()
            > 10
    );
    let issued = app.issue(family["id"].as_str().unwrap()).await;
    assert_eq!(issued["issued"].as_array().unwrap().len(), 0);
    assert_eq!(issued["skipped"].as_array().unwrap().len(), 4);
}

pub(crate) async fn problem(app: &TestApp, req: TestRequest) -> (StatusCode, Value) {
    let (status, content_type, body) = app.call(req).await;
    assert_eq!(
        content_type.as_deref(),
        Some("application/problem+json"),
        "{status}: {}",
        String::from_utf8_lossy(&body)
    );
    (status, serde_json::from_slice(&body).unwrap())
}

pub(crate) fn field_codes(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .map(|x| {
                    (
                        x["field"].as_str().unwrap().to_string(),
                        x["code"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[actix_web::test]
async fn a_mistyped_national_id_is_refused_naming_the_member_and_nothing_is_stored() {
    let app = TestApp::spawn();
    let mut body = lithuanian_family("ALY", 3);
    let good = body["members"][2]["national_id"]
        .as_str()
        .unwrap()
        .to_string();
    let last = good.chars().last().unwrap().to_digit(10).unwrap();
    body["members"][2]["national_id"] = json!(format!("{}{}", &good[..10], (last + 1) % 10));
    let (status, p) = problem(
        &app,
        TestRequest::post().uri("/api/v1/families").set_json(&body),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = field_codes(&p);
    assert_eq!(fields.len(), 1, "{p}");
    assert_eq!(fields[0].0, "members[2].national_id");
    assert!(
        !p.to_string().contains(&good[..10]),
        "the number is echoed back"
    );
    let (_, page) = app.get("/api/v1/families?q=Kazlausk").await;
    assert_eq!(page["total"], 0, "half a family was stored");
}

#[actix_web::test]
async fn unknown_municipality_impossible_dates_and_wrong_types_each_name_their_field() {
    let app = TestApp::spawn();
    let mut body = lithuanian_family("ALY", 4);
    body["municipality"] = json!("VNO");
    let (status, p) = problem(
        &app,
        TestRequest::post().uri("/api/v1/families").set_json(&body),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&p),
        vec![("municipality".into(), "unknown_municipality".into())]
    );

    let mut body = lithuanian_family("ALY", 4);
    body["members"][1]["birth_date"] = json!("1988-02-30");
    body["members"][3]["education_until"] = json!("next summer");
    let (status, p) = problem(
        &app,
        TestRequest::post().uri("/api/v1/families").set_json(&body),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = field_codes(&p);
    assert!(
        fields.contains(&("members[1].birth_date".into(), "impossible_date".into())),
        "{p}"
    );
    assert!(
        fields.contains(&("members[3].education_until".into(), "date_format".into())),
        "{p}"
    );

    let mut body = lithuanian_family("ALY", 4);
    body["members"][0]["role"] = json!(7);
    let (status, p) = problem(
        &app,
        TestRequest::post().uri("/api/v1/families").set_json(&body),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(field_codes(&p)[0].0, "members[0].role");

    let mut body = lithuanian_family("ALY", 4);
    body["members"][0]
        .as_object_mut()
        .unwrap()
        .remove("birth_date");
    let (_, p) = problem(
        &app,
        TestRequest::post().uri("/api/v1/families").set_json(&body),
    )
    .await;
    assert_eq!(field_codes(&p)[0].0, "members[0].birth_date", "{p}");
}

#[actix_web::test]
async fn broken_json_a_wrong_media_type_and_an_oversized_body_get_problems_not_500s() {
    let app = TestApp::spawn();
    let (status, p) = problem(
        &app,
        TestRequest::post()
            .uri("/api/v1/families")
            .insert_header(("content-type", "application/json"))
            .set_payload("{\"municipality\": "),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(p["code"], "malformed_json");

    let (status, _) = problem(
        &app,
        TestRequest::post()
            .uri("/api/v1/families")
            .insert_header(("content-type", "text/plain"))
            .set_payload("hello"),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let huge = format!("{{\"payload\": \"{}\"}}", "A".repeat(200 * 1024));
    let (status, _) = problem(
        &app,
        TestRequest::post()
            .uri("/api/v1/verify")
            .insert_header(("content-type", "application/json"))
            .set_payload(huge),
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    let (status, p) = problem(
        &app,
        TestRequest::get().uri("/api/v1/families/no-such-family"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(p["status"], 404);

    let (status, _) = problem(
        &app,
        TestRequest::get().uri("/api/v1/families?per_page=1000"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = problem(&app, TestRequest::get().uri("/api/v1/families?page=abc")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[actix_web::test]
async fn the_same_person_cannot_be_registered_twice() {
    let app = TestApp::spawn();
    let first = lithuanian_family("ALY", 5);
    app.register(&first).await;
    let mut second = lithuanian_family("VAR", 6);
    second["members"][4] = first["members"][4].clone();
    // A Varėna clerk cannot see the Alytus family, but still cannot register its member again.
    app.act_as("supervisor:VAR");
    let (status, p) = problem(
        &app,
        TestRequest::post()
            .uri("/api/v1/families")
            .set_json(&second),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        field_codes(&p),
        vec![("members[4].national_id".into(), "already_registered".into())]
    );
}

#[actix_web::test]
async fn families_are_found_by_name_in_any_letters_by_reference_and_by_card_number() {
    let app = TestApp::spawn();
    app.register(&lithuanian_family("ALY", 9)).await;
    let family = app.register(&lithuanian_family("ELK", 7)).await;
    app.register(&lithuanian_family("ELK", 8)).await;
    let id = family["id"].as_str().unwrap();

    let (_, page) = app.get("/api/v1/families?q=ZYDRUNE").await;
    assert_eq!(page["total"], 2);
    let (_, page) = app.get("/api/v1/families?q=%C5%BDydr%C5%AB").await; // "Žydrū"
    assert_eq!(page["total"], 2);
    let (_, page) = app.get("/api/v1/families?q=REF-7").await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], id);
    let (_, page) = app
        .get("/api/v1/families?q=zydrune&per_page=1&page=2")
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["total"], 2);

    let issued = app.issue(id).await;
    let number = issued["issued"][0]["number"].as_str().unwrap();
    let (_, page) = app.get(&format!("/api/v1/families?q={number}")).await;
    assert_eq!(page["total"], 1);
    assert_eq!(page["items"][0]["id"], id);

    // An Alytus clerk finds only the Alytus family, and not the Ełk card number.
    app.act_as("clerk:ALY");
    let (_, page) = app.get("/api/v1/families?q=zydrune").await;
    assert_eq!(page["total"], 1);
    let (_, page) = app.get(&format!("/api/v1/families?q={number}")).await;
    assert_eq!(page["total"], 0);
}

#[actix_web::test]
async fn members_are_added_changed_and_removed() {
    let app = TestApp::spawn();
    let mut body = lithuanian_family("ALY", 9);
    body["members"].as_array_mut().unwrap().pop();
    let family = app.register(&body).await;
    let id = family["id"].as_str().unwrap();
    assert_eq!(family["eligibility"]["qualifies"], false);

    let baby = date("2024-06-01");
    let (status, family) = app
        .post(&format!("/api/v1/families/{id}/members"), &json!({"name": "Rūta", "role": "child", "birth_date": "2024-06-01", "national_id": asmens_kodas(baby, 99, true)}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{family}");
    assert_eq!(family["eligibility"]["qualifies"], true);
    let ruta = family["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Rūta")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    let (status, family) = app
        .json(
            TestRequest::patch()
                .uri(&format!("/api/v1/families/{id}/members/{ruta}"))
                .set_json(json!({"name": "Rūta Kazlauskaitė", "disability_until": "2030-01-01"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{family}");
    let member = family["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == ruta.as_str())
        .unwrap()
        .clone();
    assert_eq!(member["name"], "Rūta Kazlauskaitė");
    assert_eq!(member["disability_until"], "2030-01-01");

    let (status, family) = app
        .json(TestRequest::delete().uri(&format!("/api/v1/families/{id}/members/{ruta}")))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(family["members"].as_array().unwrap().len(), 4);
    assert_eq!(family["eligibility"]["qualifies"], false);
}

#[actix_web::test]
async fn concurrent_registrations_all_succeed_with_distinct_family_numbers() {
    // PostgreSQL's default isolation once let two of these pick the same number (409).
    let app = TestApp::spawn();
    app.act_as("supervisor:VAR");
    let bodies: Vec<_> = (40..48)
        .map(|seed| lithuanian_family("VAR", seed))
        .collect();
    let calls = bodies
        .iter()
        .map(|b| app.call(TestRequest::post().uri("/api/v1/families").set_json(b)));
    let results = futures_util::future::join_all(calls).await;
    let mut numbers = Vec::new();
    for (status, _, body) in results {
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
        numbers.push(body["family_number"].as_i64().unwrap());
    }
    numbers.sort_unstable();
    assert_eq!(numbers, (1..=8).collect::<Vec<_>>());
}
