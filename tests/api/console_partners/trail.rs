//! The partner pages' other half: applications to join, the usage statistics, input that a
//! database would refuse, and the audit trail the acts leave.

use actix_web::http::StatusCode;
use kartu::app::applications::ApplicationInput;
use kartu::app::checkout::{record_use, Checker};
use kartu::domain::partner::{OfferStatus, PartnerStatus};
use kartu::store::partner::PartnerId;
use kartu_card::Municipality;
use serde_json::Value;

use super::{
    actor, add_offer, audit_actions, between, cinema, file, pairs, register, Answer, Browser,
    ELK_ONLY, NIP,
};
use crate::helpers::TestApp;

#[actix_web::test]
async fn an_accepted_application_becomes_a_draft_partner_and_a_rejection_needs_a_reason() {
    let app = TestApp::spawn();
    let apply = |name: &str, legal_id: &str| ApplicationInput {
        municipality: "VAR".into(),
        name: name.into(),
        legal_id: legal_id.into(),
        category: "education".into(),
        address: "Vilniaus g. 1, Varėna".into(),
        email: "knygynas@example.lt".into(),
        contact_name: "Ona Onaitė".into(),
        lang: "lt".into(),
        ..ApplicationInput::default()
    };
    let k = &app.state.kartu;
    assert!(
        kartu::app::applications::apply(k, &apply("Varėnos knygynas", "100000019"), "").unwrap()
    );
    assert!(kartu::app::applications::apply(k, &apply("Ne partneris", "100000001"), "").unwrap());
    let jonas = Browser::of(&app, "jonas", "clerk", "VAR").await;
    let marta = Browser::of(&app, "marta", "clerk", "ELK").await;
    assert!(
        !marta
            .get(&app, "/console/applications")
            .await
            .body
            .contains("Varėnos knygynas"),
        "another municipality's applications are not listed"
    );

    let list = jonas.get(&app, "/console/applications").await;
    assert!(
        list.body.contains("2 applications to join waiting"),
        "{}",
        list.body
    );
    let pending = kartu::app::applications::pending(k, &actor(&app, "jonas")).unwrap();
    let (books, other) = if pending[0].name == "Varėnos knygynas" {
        (&pending[0], &pending[1])
    } else {
        (&pending[1], &pending[0])
    };
    let accepted = jonas
        .post(
            &app,
            &format!("/console/applications/{}/accept", books.id.0),
            &[],
        )
        .await;
    assert_eq!(accepted.status, StatusCode::SEE_OTHER, "{}", accepted.body);
    let id = accepted
        .location
        .strip_prefix("/console/partners/")
        .and_then(|r| r.strip_suffix("?done=application_accepted"))
        .unwrap();
    let page = jonas.get(&app, &accepted.location).await;
    assert!(page.body.contains("Varėnos knygynas") && page.body.contains("Vilniaus g. 1, Varėna"));
    let draft = file(&app, "jonas", &PartnerId(id.into()));
    assert_eq!(draft.partner.status, PartnerStatus::Draft);
    assert_eq!(draft.partner.municipality, Municipality::Var);

    let reject = format!("/console/applications/{}/reject", other.id.0);
    let empty = jonas.post(&app, &reject, &[("reason", "")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty
        .body
        .contains(&format!(r#"id="reason-{}-err""#, other.id.0)));
    let done = jonas
        .post(&app, &reject, &[("reason", "Not a business")])
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER);
    let list = jonas.get(&app, "/console/applications").await;
    assert!(list.body.contains("0 applications to join waiting"));
}

#[actix_web::test]
async fn the_usage_page_withholds_a_cell_of_four_and_shows_a_cell_of_five() {
    let app = TestApp::spawn();
    let marta = Browser::of(&app, "marta", "clerk", "ELK").await;
    let anna = Browser::of(&app, "anna", "supervisor", "ELK").await;
    let mut tokens = Vec::new();
    for (name, nip) in [("Kino Helios Ełk", NIP), ("Basen Ełk", "1111111111")] {
        let mut fields = cinema(name);
        fields[1].1 = nip.to_string();
        let id = register(&app, &marta, &fields).await;
        anna.post(&app, &format!("/console/partners/{}/publish", id.0), &[])
            .await;
        let location = file(&app, "marta", &id).locations[0].id.clone();
        let slip = marta
            .post(
                &app,
                &format!("/console/partners/{}/tills", id.0),
                &[("location", &location.0), ("label", "kasa 1")],
            )
            .await;
        assert_eq!(slip.status, StatusCode::OK, "{}", slip.body);
        let token = between(&slip.body, "/check/till/", "\"").to_string();
        assert!(
            slip.body.contains("data:image/svg+xml;base64,"),
            "the slip's QR code"
        );
        tokens.push((id, token));
    }
    let k = &app.state.kartu;
    for _ in 0..5 {
        record_use(k, Checker::Till(&tokens[0].1), "ELK", "").unwrap();
    }
    for _ in 0..4 {
        record_use(k, Checker::Till(&tokens[1].1), "ALY", "").unwrap();
    }

    let page = anna.get(&app, "/console/usage").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let cell = |partner: &PartnerId| {
        between(
            &page.body,
            &format!(r#"data-partner="{}""#, partner.0),
            "</td>",
        )
        .rsplit('>')
        .next()
        .unwrap()
        .to_string()
    };
    assert_eq!(cell(&tokens[0].0), "5");
    assert_eq!(cell(&tokens[1].0), "fewer than 5");
    let border = |card: &str| {
        let row = between(
            &page.body,
            &format!(r#"data-card="{card}" data-at="ELK""#),
            "</tr>",
        );
        row.trim()
            .trim_end_matches("</td>")
            .rsplit("\">")
            .next()
            .unwrap()
            .to_string()
    };
    assert_eq!(border("ELK"), "5");
    assert_eq!(border("ALY"), "fewer than 5");
    assert!(page
        .body
        .contains(r#"<tr class="cross-border" data-card="ALY" data-at="ELK""#));
    assert!(
        !page.body.contains(r#"data-uses="4""#),
        "the chart does not count it either"
    );
    assert!(page.body.contains("<svg id=\"cross-border-chart\""));

    app.act_as("supervisor:ELK");
    let (status, report) = app.get("/api/v1/usage").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let uses = |p: &PartnerId| -> Value {
        report["by_partner"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["partner_id"] == p.0.as_str())
            .unwrap()["uses"]
            .clone()
    };
    assert_eq!(uses(&tokens[0].0), 5);
    assert_eq!(uses(&tokens[1].0), Value::Null, "withheld as null");

    let csv = anna.get(&app, "/console/usage.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let row = csv
        .body
        .lines()
        .find(|l| l.contains(&tokens[1].0 .0))
        .unwrap();
    assert!(row.ends_with(",,fewer than 5"), "{row}");
    assert!(!csv.body.contains(",4,"));
    assert_eq!(
        marta.get(&app, "/console/usage").await.status,
        StatusCode::FORBIDDEN
    );
}

#[actix_web::test]
async fn a_nul_byte_in_a_field_is_a_page_with_the_problem_not_a_server_error() {
    let app = TestApp::spawn();
    let marta = Browser::of(&app, "marta", "clerk", "ELK").await;
    let answer = marta
        .post(
            &app,
            "/console/partners",
            &pairs(&cinema("Kino\u{0}Helios")),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(answer
        .body
        .contains("remove the invisible control characters"));
    let id = register(&app, &marta, &cinema("Kino Helios Ełk")).await;
    let offer = marta
        .post(
            &app,
            &format!("/console/partners/{}/offers", id.0),
            &[("description_en", "Cinema\u{0}"), ("percent", "10")],
        )
        .await;
    assert_eq!(offer.status, StatusCode::UNPROCESSABLE_ENTITY);
    let search = marta.get(&app, "/console/partners?q=Kino%00").await;
    assert_eq!(search.status, StatusCode::UNPROCESSABLE_ENTITY);
    let usage = Browser::of(&app, "anna", "supervisor", "ELK")
        .await
        .get(&app, "/console/usage?from=2027%0001")
        .await;
    assert_eq!(usage.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        usage
            .body
            .contains("remove the invisible control characters"),
        "{}",
        usage.body
    );

    let kasa = marta
        .post(
            &app,
            &format!("/console/partners/{}/accounts", id.0),
            &[("username", "kino.kasa"), ("password", "")],
        )
        .await;
    let password = between(&kasa.body, r#"<code id="secret">"#, "<").to_string();
    let kasa = Browser::signed_in(&app, "kino.kasa", &password).await;
    kasa.post(
        &app,
        "/console/proposals",
        &[("description_en", "Popcorn"), ("percent", "5")],
    )
    .await;
    let proposal = file(&app, "marta", &id).offers[0].id.clone();
    let reject = marta
        .post(
            &app,
            &format!("/console/partners/{}/offers/{}/reject", id.0, proposal.0),
            &[("reason", "no\u{0}")],
        )
        .await;
    assert_eq!(
        reject.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reject.body
    );
    assert_eq!(
        file(&app, "marta", &id).offers[0].status,
        OfferStatus::Proposed
    );
}

#[actix_web::test]
async fn every_act_of_the_partner_pages_leaves_its_audit_record() {
    let app = TestApp::spawn();
    let marta = Browser::of(&app, "marta", "clerk", "ELK").await;
    let anna = Browser::of(&app, "anna", "supervisor", "ELK").await;
    let id = register(&app, &marta, &cinema("Kino Helios Ełk")).await;
    let base = format!("/console/partners/{}", id.0);
    let see_other = |a: Answer| assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);

    see_other(
        marta
            .post(&app, &base, &pairs(&cinema("Kino Helios")))
            .await,
    );
    see_other(
        marta
            .post(
                &app,
                &format!("{base}/locations"),
                &[
                    ("address", "ul. Kilińskiego 2, Ełk"),
                    ("municipality", "ELK"),
                ],
            )
            .await,
    );
    let locations = file(&app, "marta", &id).locations;
    let second = &locations[1].id.0;
    see_other(
        marta
            .post(
                &app,
                &format!("{base}/locations/{second}"),
                &[
                    ("address", "ul. Kilińskiego 3, Ełk"),
                    ("municipality", "ELK"),
                ],
            )
            .await,
    );
    let slip = marta
        .post(
            &app,
            &format!("{base}/tills"),
            &[("location", second), ("label", "kasa 2")],
        )
        .await;
    assert_eq!(slip.status, StatusCode::OK);
    let till = file(&app, "marta", &id).tills[0].id.0.clone();
    see_other(
        marta
            .post(&app, &format!("{base}/tills/{till}/revoke"), &[])
            .await,
    );
    see_other(
        marta
            .post(&app, &format!("{base}/locations/{second}/remove"), &[])
            .await,
    );
    let last = &locations[0].id.0;
    let refused = marta
        .post(&app, &format!("{base}/locations/{last}/remove"), &[])
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    assert!(refused
        .body
        .contains("A partner keeps at least one location"));

    add_offer(&app, &marta, &id, ELK_ONLY).await;
    let offer = file(&app, "marta", &id).offers[0].id.0.clone();
    see_other(
        marta
            .post(
                &app,
                &format!("{base}/offers/{offer}"),
                &[("description_en", "Cinema tickets"), ("percent", "15")],
            )
            .await,
    );
    let changed = file(&app, "marta", &id)
        .offers
        .into_iter()
        .find(|o| o.status == OfferStatus::Published)
        .unwrap()
        .id
        .0;
    see_other(
        marta
            .post(&app, &format!("{base}/offers/{changed}/withdraw"), &[])
            .await,
    );
    let made = marta
        .post(
            &app,
            &format!("{base}/accounts"),
            &[("username", "kino.kasa")],
        )
        .await;
    let password = between(&made.body, r#"<code id="secret">"#, "<").to_string();
    let kasa = Browser::signed_in(&app, "kino.kasa", &password).await;
    for text in ["Popcorn", "Nachos"] {
        see_other(
            kasa.post(
                &app,
                "/console/proposals",
                &[("description_en", text), ("percent", "5")],
            )
            .await,
        );
    }
    let proposals: Vec<String> = file(&app, "marta", &id)
        .offers
        .into_iter()
        .filter(|o| o.status == OfferStatus::Proposed)
        .map(|o| o.id.0)
        .collect();
    see_other(
        marta
            .post(
                &app,
                &format!("{base}/offers/{}/approve", proposals[0]),
                &[],
            )
            .await,
    );
    see_other(
        marta
            .post(
                &app,
                &format!("{base}/offers/{}/reject", proposals[1]),
                &[("reason", "One offer is enough")],
            )
            .await,
    );
    for act in ["publish", "withdraw"] {
        see_other(anna.post(&app, &format!("{base}/{act}"), &[]).await);
    }
    see_other(
        anna.post(&app, &format!("{base}/delete"), &[("confirm", "yes")])
            .await,
    );
    let k = &app.state.kartu;
    let application = ApplicationInput {
        municipality: "ELK".into(),
        name: "Księgarnia".into(),
        legal_id: "2222222222".into(),
        category: "education".into(),
        address: "ul. Mickiewicza 1, Ełk".into(),
        email: "ksiegarnia@example.pl".into(),
        contact_name: "Anna".into(),
        lang: "pl".into(),
        ..ApplicationInput::default()
    };
    kartu::app::applications::apply(k, &application, "").unwrap();
    let pending = kartu::app::applications::pending(k, &actor(&app, "marta")).unwrap();
    see_other(
        marta
            .post(
                &app,
                &format!("/console/applications/{}/accept", pending[0].id.0),
                &[],
            )
            .await,
    );

    let actions = audit_actions(&app, "supervisor:ELK").await;
    for wanted in [
        "partner.register",
        "partner.change",
        "location.add",
        "location.change",
        "location.remove",
        "till.create",
        "till.revoke",
        "offer.add",
        "offer.change",
        "offer.withdraw",
        "account.create",
        "offer.propose",
        "offer.approve",
        "offer.reject",
        "partner.publish",
        "partner.withdraw",
        "partner.delete",
        "application.submit",
        "application.accept",
    ] {
        let n = actions.iter().filter(|a| *a == wanted).count();
        let expected = match wanted {
            "offer.propose" => 2,
            // The registered partner, and the accepted application's draft.
            "partner.register" => 2,
            _ => 1,
        };
        assert_eq!(n, expected, "{wanted} in {actions:?}");
    }
}
