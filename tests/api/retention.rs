//! The retention rule on both backends: which families `kartu retention` erases (exactly those
//! nothing has happened to for N years), what a dry run does (nothing), what is left of an
//! erased family (card numbers, ids, a trail of ids), how everything that shows a member or a
//! card copes with it, and that a member who leaves a family can be registered in another.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use kartu::app::actor::{Actor, Credential};
use kartu::app::retention::{erase_expired, years_before};
use kartu::domain::access::AccountRole;
use kartu::domain::card_state::CardAct;
use kartu::store::card::CardId;
use kartu::store::family::FamilyId;
use kartu_card::Municipality;
use serde_json::{json, Value};
use time::OffsetDateTime;

use crate::helpers::{asmens_kodas, lithuanian_family, make_token, years_ago, TestApp};

const DAY: i64 = 86_400;

/// A supervisor of Alytus acting straight on the acts (API tokens expire when the clock jumps).
fn supervisor() -> Actor {
    Actor {
        name: "test supervisor".into(),
        role: AccountRole::Supervisor,
        home: Some(Municipality::Aly),
        credential: Credential::CommandLine,
        partner: None,
    }
}

fn revoke_all(app: &TestApp, family: &Value) {
    for c in family["cards"].as_array().unwrap() {
        let id = CardId(c["id"].as_str().unwrap().into());
        kartu::app::cards::change_state(
            &app.state.kartu,
            &supervisor(),
            &id,
            CardAct::Revoke,
            "moved away",
        )
        .unwrap();
    }
}

/// A family of two parents and three children who all turn 18 within a month, so every card
/// ends by itself then.
fn family_growing_up(seed: u16) -> Value {
    let p1 = years_ago(45, 0);
    let p2 = years_ago(44, 0);
    let kids = [years_ago(18, 20), years_ago(18, 25), years_ago(18, 30)];
    let mut members = vec![
        json!({"name": "Rūta Petraitienė", "role": "parent", "birth_date": p1.to_string(), "national_id": asmens_kodas(p1, seed * 10 + 1, true)}),
        json!({"name": "Jonas Petraitis", "role": "parent", "birth_date": p2.to_string(), "national_id": asmens_kodas(p2, seed * 10 + 2, false)}),
    ];
    for (i, (k, name)) in kids.iter().zip(["Ąžuolas", "Matas", "Kajus"]).enumerate() {
        members.push(json!({"name": format!("{name} Petraitis"), "role": "child", "birth_date": k.to_string(), "national_id": asmens_kodas(*k, seed * 10 + 3 + i as u16, false)}));
    }
    json!({"municipality": "ALY", "reference": format!("GROWN-{seed}"), "members": members})
}

/// A family with too few children for a card: it never gets one.
fn family_without_cards(seed: u16) -> Value {
    let p = years_ago(30, 0);
    let c = years_ago(3, 0);
    json!({"municipality": "ALY", "reference": format!("NOCARD-{seed}"), "members": [
        {"name": "Asta Nekortelė", "role": "parent", "birth_date": p.to_string(), "national_id": asmens_kodas(p, seed * 10 + 1, true)},
        {"name": "Ona Nekortelė", "role": "child", "birth_date": c.to_string(), "national_id": asmens_kodas(c, seed * 10 + 2, true)},
    ]})
}

fn id_of(v: &Value) -> FamilyId {
    FamilyId(v["id"].as_str().unwrap().into())
}

/// Moves the clock to where "N years ago" is `cutoff`.
fn move_to_cutoff(app: &TestApp, cutoff: i64, years: i32) {
    let at = OffsetDateTime::from_unix_timestamp(cutoff).unwrap();
    let target = at.replace_year(at.year() + years).unwrap().unix_timestamp();
    app.clock.advance(target - app.state.kartu.now());
    let now = app.state.kartu.now();
    assert!((years_before(now, years as u32) - cutoff).abs() < 5);
}

/// The family's audit records, straight from the database.
fn trail_of(app: &TestApp, family: &FamilyId) -> Vec<kartu::store::audit_event::AuditEvent> {
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    kartu::store::audit_event::of_family(&mut conn, &family.0).unwrap()
}

#[actix_web::test]
async fn retention_erases_exactly_the_families_nothing_happened_to_for_n_years() {
    let mut app = TestApp::spawn_configured(kartu::app::clock::Clock::system(), |c| {
        c.key_policy.max_card_days = 3650;
    });
    let t0 = app.state.kartu.now();
    let cutoff = t0 + 60 * DAY;

    // Cards revoked at once, and 59 days on: both ended before the cutoff.
    let revoked = app.register(&lithuanian_family("ALY", 1)).await;
    let revoked_late = app.register(&lithuanian_family("ALY", 2)).await;
    // Cards revoked 61 days on: one day inside the N years.
    let revoked_inside = app.register(&lithuanian_family("ALY", 3)).await;
    // Cards valid for six years: still valid.
    let valid = app.register(&lithuanian_family("ALY", 4)).await;
    // Cards that end by themselves within a month.
    let grown = app.register(&family_growing_up(5)).await;
    // No card ever; and no card, but a member added 61 days on.
    let cardless = app.register(&family_without_cards(6)).await;
    let cardless_changed = app.register(&family_without_cards(7)).await;
    let mut with_cards = Vec::new();
    for f in [&revoked, &revoked_late, &revoked_inside, &valid, &grown] {
        app.issue(f["id"].as_str().unwrap()).await;
        let (_, file) = app
            .get(&format!("/api/v1/families/{}", f["id"].as_str().unwrap()))
            .await;
        assert_eq!(file["cards"].as_array().unwrap().len(), 5, "{file}");
        with_cards.push(file);
    }
    let token =
        kartu::app::links::create(&app.state.kartu, &supervisor(), &id_of(&revoked)).unwrap();
    revoke_all(&app, &with_cards[0]);
    app.clock.advance(59 * DAY);
    revoke_all(&app, &with_cards[1]);
    app.clock.advance(2 * DAY);
    revoke_all(&app, &with_cards[2]);
    let baby = years_ago(0, -10);
    kartu::app::families::add_member(
        &app.state.kartu,
        &supervisor(),
        &id_of(&cardless_changed),
        &kartu::app::members::MemberInput {
            name: "Kūdikis Nekortelė".into(),
            role: "child".into(),
            birth_date: baby.to_string(),
            national_id: asmens_kodas(baby, 79, false),
            education_until: None,
            disability_until: None,
        },
    )
    .unwrap();
    move_to_cutoff(&app, cutoff, 5);
    let valid_until = with_cards[3]["cards"][0]["valid_until"].as_str().unwrap();
    assert!(
        OffsetDateTime::parse(valid_until, &time::format_description::well_known::Rfc3339)
            .unwrap()
            .unix_timestamp()
            > app.state.kartu.now(),
        "the premise: this family's cards are still valid ({valid_until})"
    );
    let expected = {
        let mut ids = vec![
            id_of(&revoked),
            id_of(&revoked_late),
            id_of(&grown),
            id_of(&cardless),
        ];
        ids.sort_by(|a, b| a.0.cmp(&b.0));
        ids
    };
    let ids_of = |report: &kartu::app::retention::RetentionReport| {
        let mut ids: Vec<FamilyId> = report.families.iter().map(|f| f.id.clone()).collect();
        ids.sort_by(|a, b| a.0.cmp(&b.0));
        ids
    };
    let db = &app.state.kartu.db;
    let operator = Actor::command_line();

    // A dry run lists them and changes nothing, not even the trail.
    let trail_before = trail_of(&app, &id_of(&revoked));
    let dry = erase_expired(db, &operator, 5, true).unwrap();
    assert_eq!(ids_of(&dry), expected);
    assert_eq!(dry.members(), 5 + 5 + 5 + 2);
    assert_eq!(dry.cards(), 15);
    let summary = kartu::cli::retention::summary(&dry);
    assert!(
        summary.contains("Would erase") && summary.contains("dry run"),
        "{summary}"
    );
    let after_dry = trail_of(&app, &id_of(&revoked));
    assert_eq!(after_dry.len(), trail_before.len());
    assert_eq!(
        after_dry.last().unwrap().after,
        trail_before.last().unwrap().after
    );
    app.tokens.insert(
        "supervisor:ALY".into(),
        make_token(&app.state, "root", "supervisor", "ALY", 30).0,
    );
    app.tokens.insert(
        "admin".into(),
        make_token(&app.state, "root", "admin", "ALY", 30).0,
    );
    app.act_as("supervisor:ALY");
    let (_, untouched) = app
        .get(&format!("/api/v1/families/{}", id_of(&revoked).0))
        .await;
    assert_eq!(untouched["members"].as_array().unwrap().len(), 5);

    // The run erases exactly those; a second run finds nothing more.
    let run = erase_expired(db, &operator, 5, false).unwrap();
    assert_eq!(ids_of(&run), expected);
    assert!(run.families.iter().all(|f| f.audit_records > 0));
    assert!(erase_expired(db, &operator, 5, false)
        .unwrap()
        .families
        .is_empty());

    for kept in [&revoked_inside, &valid, &cardless_changed] {
        let (status, file) = app
            .get(&format!(
                "/api/v1/families/{}",
                kept["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(file.get("erased_at").is_none(), "{file}");
        assert!(!file["members"].as_array().unwrap().is_empty());
        assert_eq!(file["reference"], kept["reference"]);
    }

    // What is left of an erased family: its number, its card numbers, no one in it.
    let id = id_of(&revoked);
    let (status, file) = app.get(&format!("/api/v1/families/{}", id.0)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(file["erased_at"].is_string(), "{file}");
    assert_eq!(file["reference"], "");
    assert_eq!(file["family_number"], revoked["family_number"]);
    assert!(file["members"].as_array().unwrap().is_empty());
    let numbers = |f: &Value| -> Vec<String> {
        f["cards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["number"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(numbers(&file), numbers(&with_cards[0]), "card numbers stay");
    let card = file["cards"][0]["id"].as_str().unwrap();
    assert_eq!(file["cards"][0]["qr_text"], "KARTU1:erased");
    let (status, _) = app.get(&format!("/api/v1/cards/{card}")).await;
    assert_eq!(status, StatusCode::OK, "the card's record still opens");
    for image in ["qr.png", "qr.svg"] {
        let (status, kind, _) = app
            .call(TestRequest::get().uri(&format!("/api/v1/cards/{card}/{image}")))
            .await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{image}");
        assert_eq!(kind.as_deref(), Some("application/problem+json"));
    }
    let (status, _, _) = app
        .call_anonymous(TestRequest::get().uri(&format!("/family/{token}")))
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the family page link is revoked"
    );
    let number = &numbers(&file)[0];
    let (_, found) = app.get(&format!("/api/v1/families?q={number}")).await;
    assert_eq!(found["total"], 0, "search skips an erased family: {found}");
    let (_, found) = app.get("/api/v1/families?q=REF-1").await;
    assert_eq!(found["total"], 0, "{found}");
    let (status, _) = app
        .post(
            &format!("/api/v1/families/{}/members", id.0),
            &json!({
            "name": "Naujas Narys", "role": "child", "birth_date": years_ago(2, 0).to_string(),
            "national_id": asmens_kodas(years_ago(2, 0), 991, false)}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "nothing is added to an erased family"
    );

    // The trail: ids, numbers, states and dates only, one family.erase, one retention.run each.
    let trail = trail_of(&app, &id);
    let text = serde_json::to_string(
        &trail
            .iter()
            .map(|r| (r.before.clone(), r.after.clone()))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    for m in revoked["members"].as_array().unwrap() {
        assert!(!text.contains(m["name"].as_str().unwrap()), "{text}");
        assert!(!text.contains(m["birth_date"].as_str().unwrap()), "{text}");
    }
    assert!(
        !text.contains("REF-1") && !text.contains("moved away"),
        "{text}"
    );
    assert!(
        text.contains(number.as_str()),
        "card numbers stay in the trail"
    );
    let erase: Vec<_> = trail
        .iter()
        .filter(|r| r.action == "family.erase")
        .collect();
    assert_eq!(erase.len(), 1);
    let counts: Value = serde_json::from_str(erase[0].after.as_deref().unwrap()).unwrap();
    assert_eq!(counts["members"], 5);
    assert_eq!(counts["cards"], 5);
    assert_eq!(counts["link_revoked"], true);
    app.act_as("admin");
    let (_, runs) = app.get("/api/v1/audit?per_page=100").await;
    let runs: Vec<&Value> = runs["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "retention.run")
        .collect();
    assert_eq!(
        runs.len(),
        2,
        "each real run is recorded, the dry run is not"
    );

    // The console's family page says when it was erased.
    kartu::app::accounts::create_account(
        db,
        &operator,
        &kartu::app::accounts::AccountInput {
            username: "vida".into(),
            municipality: "ALY".into(),
            role: "supervisor".into(),
            password: Some("vida's password".into()),
        },
    )
    .unwrap();
    let (cookie, _) = crate::helpers::login(&app, "vida", "vida's password").await;
    let (status, _, page) = app
        .call_anonymous(
            TestRequest::get()
                .uri(&format!("/console/families/{}?lang=en", id.0))
                .cookie(actix_web::cookie::Cookie::new(
                    kartu::web::console_session::SESSION_COOKIE,
                    cookie,
                )),
        )
        .await;
    let page = String::from_utf8_lossy(&page);
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("personal data was erased on"), "{page}");
    assert!(
        !page.contains("id=\"make-link\""),
        "no new link for an erased family"
    );
}

#[actix_web::test]
async fn the_audit_trail_lets_only_an_erased_familys_snapshots_change() {
    let app = TestApp::spawn();
    let family = app.register(&lithuanian_family("ALY", 8)).await;
    let id = id_of(&family);
    let record = trail_of(&app, &id)[0].id;
    let mut conn = app.state.kartu.db.pool().get().unwrap();
    let refused = kartu::store::audit_event::reduce(&mut conn, record, None, None);
    assert!(
        refused.unwrap_err().to_string().contains("append-only"),
        "a family that is not erased keeps its snapshots"
    );
    assert!(kartu::store::family::erase(
        &mut conn,
        &id,
        kartu::store::from_unix(app.state.kartu.now())
    )
    .unwrap());
    kartu::store::audit_event::reduce(&mut conn, record, None, Some("{}".into())).unwrap();
    use diesel::connection::SimpleConnection;
    for statement in [
        format!("UPDATE audit_events SET actor = 'someone else' WHERE id = {record}"),
        format!("DELETE FROM audit_events WHERE id = {record}"),
    ] {
        let error = conn.batch_execute(&statement).expect_err(&statement);
        assert!(
            error.to_string().contains("append-only"),
            "{statement}: {error}"
        );
    }
}

#[actix_web::test]
async fn a_member_removed_from_one_family_is_registered_in_another_and_gets_a_card() {
    let app = TestApp::spawn();
    let first = lithuanian_family("ALY", 11);
    let a = app.register(&first).await;
    let a_id = a["id"].as_str().unwrap();
    app.issue(a_id).await;
    let leaving = &a["members"][2];
    let (status, after) = app
        .json(TestRequest::delete().uri(&format!(
            "/api/v1/families/{a_id}/members/{}",
            leaving["id"].as_str().unwrap()
        )))
        .await;
    assert_eq!(status, StatusCode::OK, "{after}");

    let mut second = lithuanian_family("ALY", 12);
    second["members"][2] = first["members"][2].clone();
    let b = app.register(&second).await;
    let b_id = b["id"].as_str().unwrap();
    let issued = app.issue(b_id).await;
    let moved = b["members"][2]["id"].as_str().unwrap();
    assert!(
        issued["issued"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["member_id"] == moved),
        "the person who moved holds a card in the new family: {issued}"
    );

    // While they are still in the first family, a third registration is refused.
    let mut third = lithuanian_family("ALY", 13);
    third["members"][3] = first["members"][3].clone();
    let (status, problem) = app.post("/api/v1/families", &third).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
    assert!(
        problem.to_string().contains("already_registered"),
        "{problem}"
    );
}
