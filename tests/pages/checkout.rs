//! The checker at a partner's till, in Chromium against the real binary: set up by a till link
//! as an Ełk cinema whose one offer accepts Ełk cards only, it shows that offer for an Ełk card
//! and "only for cards of Ełk" for an Alytus card, online and again with the server stopped;
//! the uses it counts appear in the supervisor's statistics, a cell under five withheld.
//!
//! The partner, its till link and the two families are made through the acts of the
//! application on the server's own database and keys (a second process on the same SQLite
//! file), as the console would make them.

use kartu::app::actor::{Actor, Credential};
use kartu::app::families::FamilyInput;
use kartu::app::members::MemberInput;
use kartu::app::partner_input::{LocationInput, OfferInput, PartnerInput};
use kartu::app::{cards, checkout, families, offers, partners, Kartu};
use kartu::domain::access::AccountRole;
use kartu::domain::partner::PartnerAct;
use kartu_card::Municipality;

use crate::console::{sign_in, PASSWORD};
use crate::harness::{Browser, Server};
use crate::people::{asmens_kodas, pesel, years_ago};

const ENTER: &str = "\u{E007}";

fn supervisor(home: Municipality) -> Actor {
    Actor {
        name: "test supervisor".into(),
        role: AccountRole::Supervisor,
        home: Some(home),
        credential: Credential::CommandLine,
        partner: None,
    }
}

/// The application on the server's database and keys, in this process.
fn beside(server: &Server) -> actix_web::web::Data<kartu::web::state::AppState> {
    let mut config = kartu::config::ServeConfig::defaults();
    config.database_url = server.database_url();
    config.keys_dir = server.dir.path().join("keys");
    kartu::web::startup::prepare(&config).unwrap()
}

/// Registers a family of two parents and three children in `m` and issues its cards; returns
/// the QR text of the first child's card.
fn child_card(k: &Kartu, m: Municipality, seed: u16) -> String {
    let id = |d: time::Date, n: u16, female: bool| {
        if m == Municipality::Elk {
            pesel(d, seed * 10 + n, female)
        } else {
            asmens_kodas(d, seed * 10 + n, female)
        }
    };
    let person = |name: &str, role: &str, birth: time::Date, n: u16, female: bool| MemberInput {
        name: name.into(),
        role: role.into(),
        birth_date: birth.to_string(),
        national_id: id(birth, n, female),
        ..MemberInput::default()
    };
    let input = FamilyInput {
        municipality: m.code().into(),
        reference: format!("CHECKOUT-{seed}"),
        members: vec![
            person("Anna Nowak", "parent", years_ago(40, 0), 1, true),
            person("Jan Nowak", "parent", years_ago(41, 3), 2, false),
            person("Zofia Nowak", "child", years_ago(12, 0), 3, true),
            person("Piotr Nowak", "child", years_ago(9, 5), 4, false),
            person("Ewa Nowak", "child", years_ago(5, 9), 5, true),
        ],
    };
    let boss = supervisor(m);
    let file = families::register(k, &boss, &input).unwrap();
    let issued = cards::issue(k, &boss, &file.family.id).unwrap();
    issued.issued[2].qr_text.clone()
}

/// The Ełk cinema, published, and a till link for its one location; returns the token.
fn elk_cinema_till(k: &Kartu) -> String {
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
            ..LocationInput::default()
        },
    )
    .unwrap();
    offers::add(
        k,
        &boss,
        &file.partner.id,
        &OfferInput {
            description_pl: "Bilety do kina".into(),
            percent: "10".into(),
            accepts: vec!["ELK".into()],
            ..OfferInput::default()
        },
    )
    .unwrap();
    partners::set_standing(k, &boss, &file.partner.id, PartnerAct::Publish).unwrap();
    let location = &file.locations[0].id;
    checkout::create_till(k, &boss, &file.partner.id, location, "kasa 1")
        .unwrap()
        .1
}

async fn check(b: &Browser, text: &str) {
    b.fill("#code", text).await;
    b.find("#code").await.send_keys(ENTER).await.unwrap();
    b.find("#result[data-reason='valid']:not([hidden])").await;
}

async fn offers_verdict(b: &Browser) -> (String, String) {
    let applies = b.attr("#result-offers:not([hidden])", "data-applies").await;
    (applies, b.text("#result-offers").await)
}

#[tokio::test]
async fn a_till_shows_the_offer_for_an_elk_card_and_refuses_an_alytus_card_online_and_offline() {
    let mut server = Server::start();
    let state = beside(&server);
    let k = &state.kartu;
    let token = elk_cinema_till(k);
    let elk_card = child_card(k, Municipality::Elk, 61);
    let alytus_card = child_card(k, Municipality::Aly, 62);

    let b = Browser::start(1280, "pl").await;
    b.goto(&format!("{}/check/till/{token}?lang=pl", server.base))
        .await;
    b.find("#checker[data-ready='true'][data-lists='online']")
        .await;
    assert_eq!(b.path().await, "/check", "the till link opens the checker");
    b.find("#partner:not([hidden])").await;
    assert!(b.text("#partner").await.contains("Kino Jezioro"));

    check(&b, &elk_card).await;
    let (applies, text) = offers_verdict(&b).await;
    assert_eq!(applies, "true", "{text}");
    assert!(text.contains("−10 %, Bilety do kina"), "{text}");
    b.click("#use-confirm").await;
    b.find("#use-status").await;
    for _ in 0..50 {
        if !b.text("#use-status").await.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(b.text("#use-status").await, "Zapisano. Dziękujemy.");
    b.screenshot("check-till-applies-pl", 1280).await;

    check(&b, &alytus_card).await;
    let (applies, text) = offers_verdict(&b).await;
    assert_eq!(applies, "false", "{text}");
    assert!(text.contains("obejmują tylko karty: Miasto Ełk"), "{text}");
    assert_eq!(
        b.attr("#use-confirm", "hidden").await,
        "true",
        "no discount to confirm"
    );
    b.screenshot("check-till-refused-pl", 1280).await;

    // Offline: the checker opens again from its copy, with the partner's offers it kept. (Once
    // the service worker runs, a reload leaves that copy.)
    b.find("#checker[data-offline-ready='true']").await;
    b.goto(&format!("{}/check?lang=pl", server.base)).await;
    b.find("#checker[data-ready='true'][data-lists='online']")
        .await;
    server.stop();
    b.goto(&format!("{}/check?lang=pl", server.base)).await;
    b.find("#checker[data-ready='true']").await;
    b.find("#partner:not([hidden])").await;
    check(&b, &elk_card).await;
    assert_eq!(offers_verdict(&b).await.0, "true");
    b.click("#use-confirm").await;
    b.find("#use-waiting:not([hidden])").await;
    assert!(b
        .text("#use-status")
        .await
        .starts_with("Zapisano na tym urządzeniu"));
    check(&b, &alytus_card).await;
    assert_eq!(offers_verdict(&b).await.0, "false");
    b.close().await;

    // The one use counted online is in the statistics, withheld (fewer than five).
    let report = kartu::app::usage::report(k, &supervisor(Municipality::Elk), "", "").unwrap();
    assert_eq!(report.by_partner.len(), 1);
    assert_eq!(report.by_partner[0].uses, kartu::app::usage::Cell::Withheld);
}

#[tokio::test]
async fn the_uses_a_till_counts_show_in_the_statistics_page_with_a_cell_under_five_withheld() {
    let server = Server::start();
    server.account("ewa", "ELK", "supervisor", PASSWORD);
    let state = beside(&server);
    let k = &state.kartu;
    let token = elk_cinema_till(k);
    let count = |municipality: &str| {
        ureq::post(&format!("{}/api/v1/uses", server.base))
            .set("Cookie", &format!("kartu_till={token}"))
            .send_json(serde_json::json!({ "card_municipality": municipality }))
            .unwrap();
    };
    for _ in 0..5 {
        count("ELK");
    }
    for _ in 0..3 {
        count("ALY");
    }

    let b = Browser::start(1280, "pl").await;
    sign_in(&b, &server.base, "ewa").await;
    b.goto(&format!("{}/console/usage?lang=pl", server.base))
        .await;
    let at_home = b
        .text("#by-border tr[data-card='ELK'][data-at='ELK']")
        .await;
    assert!(
        at_home.contains('5'),
        "five Ełk cards in Ełk are shown: {at_home}"
    );
    let across = b
        .text("#by-border tr[data-card='ALY'][data-at='ELK']")
        .await;
    assert!(
        across.contains("mniej niż 5"),
        "three Alytus cards in Ełk are withheld: {across}"
    );
    assert!(!across.contains('3'), "never the number itself: {across}");
    let partner = b.text("#by-partner tbody").await;
    assert!(
        partner.contains("Kino Jezioro") && partner.contains('8'),
        "{partner}"
    );
    b.screenshot("console-usage-withheld-pl", 1280).await;
    b.close().await;
}
