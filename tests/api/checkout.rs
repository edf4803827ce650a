//! The checker at a partner's till: a till link sets it up, it learns the partner's offers, and
//! it counts the uses a cashier confirms — only counts, never an audit record, never anything
//! about the card but its municipality.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use kartu::app::actor::{Actor, Credential};
use kartu::app::partner_input::{LocationInput, OfferInput, PartnerInput};
use kartu::app::{checkout, offers, partners, usage};
use kartu::domain::access::AccountRole;
use kartu::domain::partner::PartnerAct;
use kartu_card::Municipality;
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// A supervisor of `home`, acting on the application directly (the console's acts).
fn supervisor(home: Municipality) -> Actor {
    Actor {
        name: "test supervisor".into(),
        role: AccountRole::Supervisor,
        home: Some(home),
        credential: Credential::CommandLine,
        partner: None,
    }
}

/// A published cinema in Ełk whose one offer accepts Ełk cards only; returns its id, its first
/// location's id and a till link's token for that location.
fn elk_cinema(app: &TestApp) -> (String, String, String) {
    let k = &app.state.kartu;
    let boss = supervisor(Municipality::Elk);
    let file = partners::register(
        k,
        &boss,
        &PartnerInput {
            name: "Kino Jezioro".into(),
            legal_id: "1234563218".into(),
            category: "culture".into(),
            ..PartnerInput::default()
        },
        &LocationInput {
            address: "ul. Wojska Polskiego 1, Ełk".into(),
            municipality: "ELK".into(),
            latitude: "53.8253".into(),
            longitude: "22.3622".into(),
            opening_hours: String::new(),
        },
    )
    .unwrap();
    let id = file.partner.id.clone();
    offers::add(
        k,
        &boss,
        &id,
        &OfferInput {
            description_pl: "Bilety do kina".into(),
            description_en: "Cinema tickets".into(),
            percent: "10".into(),
            accepts: vec!["ELK".into()],
            ..OfferInput::default()
        },
    )
    .unwrap();
    partners::set_standing(k, &boss, &id, PartnerAct::Publish).unwrap();
    let location = file.locations[0].id.clone();
    let (_, token) = checkout::create_till(k, &boss, &id, &location, "till 1").unwrap();
    (id.0, location.0, token)
}

async fn as_till(app: &TestApp, req: TestRequest, token: &str) -> (StatusCode, Value) {
    let req = req.cookie(actix_web::cookie::Cookie::new(
        "kartu_till",
        token.to_string(),
    ));
    let (status, _, body) = app.call_anonymous(req).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn count_use(body: Value) -> TestRequest {
    TestRequest::post()
        .uri("/api/v1/uses")
        .insert_header(("content-type", "application/json"))
        .set_payload(body.to_string())
}

#[actix_web::test]
async fn a_till_link_sets_the_checker_up_and_its_offers_say_whose_cards_they_accept() {
    let app = TestApp::spawn();
    let (partner, location, token) = elk_cinema(&app);

    let (status, _, _) = app
        .call_anonymous(TestRequest::get().uri(&format!("/check/till/{token}")))
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (status, view) = as_till(
        &app,
        TestRequest::get().uri("/api/v1/checker?lang=pl"),
        &token,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{view}");
    assert_eq!(view["via"], "till");
    assert_eq!(view["partner"]["id"], partner.as_str());
    assert_eq!(view["location"]["id"], location.as_str());
    assert_eq!(view["offers"][0]["description"], "Bilety do kina");
    assert_eq!(view["offers"][0]["discount"], "−10 %");
    assert_eq!(view["offers"][0]["accepts"], json!(["ELK"]));
    assert!(
        view.get("csrf_token").is_none(),
        "a till needs no CSRF token: {view}"
    );

    let (_, english) = as_till(
        &app,
        TestRequest::get().uri("/api/v1/checker?lang=lt"),
        &token,
    )
    .await;
    assert_eq!(
        english["offers"][0]["description"], "Cinema tickets",
        "English before Polish"
    );
    assert_eq!(english["offers"][0]["description_lang"], "en");
}

#[actix_web::test]
async fn uses_are_counted_without_an_audit_record_and_a_cell_under_five_is_withheld() {
    let app = TestApp::spawn();
    let (_, _, token) = elk_cinema(&app);
    let audit_before = audit_rows(&app);
    for municipality in [
        "ELK", "ELK", "ELK", "ELK", "ALY", "ALY", "ALY", "ALY", "ALY",
    ] {
        let (status, body) = as_till(
            &app,
            count_use(json!({"card_municipality": municipality})),
            &token,
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
    }
    assert_eq!(
        audit_rows(&app),
        audit_before,
        "counting a use writes no audit record"
    );

    let report = usage::report(&app.state.kartu, &supervisor(Municipality::Elk), "", "").unwrap();
    let partner_cell = &report.by_partner[0];
    assert_eq!(partner_cell.uses, usage::Cell::Shown(9));
    let cross: Vec<_> = report
        .by_border
        .iter()
        .filter(|b| b.crosses_the_border())
        .collect();
    assert_eq!(cross.len(), 1);
    assert_eq!(cross[0].card_municipality, Municipality::Aly);
    assert_eq!(cross[0].uses, usage::Cell::Shown(5));
    let home: Vec<_> = report
        .by_border
        .iter()
        .filter(|b| !b.crosses_the_border())
        .collect();
    assert_eq!(
        home[0].uses,
        usage::Cell::Withheld,
        "4 Ełk cards in Ełk: too few to show"
    );
}

fn audit_rows(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    use kartu::store::schema::audit_events::dsl::*;
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    audit_events.count().get_result(&mut conn).unwrap()
}

#[actix_web::test]
async fn a_use_is_refused_for_a_day_out_of_range_an_unknown_municipality_or_a_partner_out_of_the_programme(
) {
    let app = TestApp::spawn();
    let (partner, _, token) = elk_cinema(&app);
    let today = kartu::domain::calendar::local_today(Municipality::Elk, app.state.kartu.now());
    for (body, field) in [
        (
            json!({"card_municipality": "ELK", "day": (today + time::Duration::days(1)).to_string()}),
            "day",
        ),
        (
            json!({"card_municipality": "ELK", "day": (today - time::Duration::days(8)).to_string()}),
            "day",
        ),
        (json!({"card_municipality": "WAW"}), "card_municipality"),
        (
            json!({"card_municipality": "ELK\u{0}"}),
            "card_municipality",
        ),
    ] {
        let (status, problem) = as_till(&app, count_use(body.clone()), &token).await;
        assert_eq!(
            status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {problem}"
        );
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    let week_ago = (today - time::Duration::days(7)).to_string();
    let (status, _) = as_till(
        &app,
        count_use(json!({"card_municipality": "ELK", "day": week_ago})),
        &token,
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "a use confirmed offline a week ago still counts"
    );

    let id = kartu::store::partner::PartnerId(partner);
    partners::set_standing(
        &app.state.kartu,
        &supervisor(Municipality::Elk),
        &id,
        PartnerAct::Withdraw,
    )
    .unwrap();
    let (status, problem) =
        as_till(&app, count_use(json!({"card_municipality": "ELK"})), &token).await;
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    let (_, view) = as_till(&app, TestRequest::get().uri("/api/v1/checker"), &token).await;
    assert_eq!(
        view["offers"],
        json!([]),
        "a withdrawn partner's offers do not apply"
    );
}

#[actix_web::test]
async fn a_revoked_till_link_stops_at_once_and_the_checker_forgets_it() {
    let app = TestApp::spawn();
    let (partner, _, token) = elk_cinema(&app);
    let k = &app.state.kartu;
    let id = kartu::store::partner::PartnerId(partner);
    let till = kartu::store::partner_till::of_partner(&mut k.db.pool().get().unwrap(), &id)
        .unwrap()
        .remove(0);
    checkout::revoke_till(k, &supervisor(Municipality::Elk), &id, &till.id).unwrap();

    let (status, _, _) = app
        .call_anonymous(
            TestRequest::get()
                .uri(&format!("/check/till/{token}"))
                .insert_header(("accept", "text/html")),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let req = TestRequest::get()
        .uri("/api/v1/checker")
        .cookie(actix_web::cookie::Cookie::new("kartu_till", token.clone()));
    let service = actix_web::test::init_service(kartu::web::startup::app(app.state.clone())).await;
    let resp = actix_web::test::call_service(&service, req.to_request()).await;
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    let removal = resp
        .response()
        .cookies()
        .find(|c| c.name() == "kartu_till")
        .expect("the cookie is removed");
    assert_eq!(removal.value(), "");
    let (status, _) = as_till(&app, count_use(json!({"card_municipality": "ELK"})), &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_partner_account_checks_as_its_partner_and_counts_with_its_csrf_token() {
    let app = TestApp::spawn();
    let (partner, _, _) = elk_cinema(&app);
    let id = kartu::store::partner::PartnerId(partner.clone());
    partners::create_account(
        &app.state.kartu,
        &supervisor(Municipality::Elk),
        &id,
        "kino",
        Some("the cinema's password"),
    )
    .unwrap();
    let (cookie, csrf) = crate::helpers::login(&app, "kino", "the cinema's password").await;
    let session = |req: TestRequest| {
        req.cookie(actix_web::cookie::Cookie::new(
            kartu::web::console_session::SESSION_COOKIE,
            cookie.clone(),
        ))
    };
    let (status, _, body) = app
        .call_anonymous(session(TestRequest::get().uri("/api/v1/checker")))
        .await;
    assert_eq!(status, StatusCode::OK);
    let view: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(view["via"], "partner");
    assert_eq!(view["partner"]["id"], partner.as_str());
    assert_eq!(view["csrf_token"], csrf.as_str());

    let (status, _, _) = app
        .call_anonymous(session(count_use(json!({"card_municipality": "ALY"}))))
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "a session's use needs its CSRF token"
    );
    let (status, _, _) = app
        .call_anonymous(
            session(count_use(json!({"card_municipality": "ALY"})))
                .insert_header((kartu::web::auth::CSRF_HEADER, csrf.clone())),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    // A partner with two places: the till names the one it is at.
    let file = partners::add_location(
        &app.state.kartu,
        &supervisor(Municipality::Elk),
        &id,
        &LocationInput {
            address: "ul. Mickiewicza 5, Ełk".into(),
            municipality: "ELK".into(),
            ..LocationInput::default()
        },
    )
    .unwrap();
    let second = file.locations[1].id.0.clone();
    let (_, _, body) = app
        .call_anonymous(session(
            TestRequest::get().uri(&format!("/api/v1/checker?location={second}")),
        ))
        .await;
    let view: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(view["location"]["id"], second.as_str());
    assert_eq!(view["locations"].as_array().unwrap().len(), 2);
    let (status, _, _) = app
        .call_anonymous(session(
            TestRequest::get().uri("/api/v1/checker?location=elsewhere"),
        ))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a place of another partner is not found"
    );

    // A clerk is no partner: the checker knows no partner for them.
    let (status, _) = app.get("/api/v1/checker").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn an_unknown_till_link_is_the_friendly_not_found_page() {
    let token = kartu::domain::secret::random_secret();
    let app = TestApp::spawn();
    let (status, _, _) = app
        .call_anonymous(
            TestRequest::get()
                .uri(&format!("/check/till/{token}"))
                .insert_header(("accept", "text/html")),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "an unknown till link is not found"
    );
}
