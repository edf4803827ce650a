//! `kartu serve --demo`: a development checkout shows a catalogue with a few clearly-marked
//! example partners; a production service never makes them.

use kartu::app::catalogue::{self, CatalogueInput};
use kartu::app::clock::Clock;

use crate::helpers::{test_config, test_database, TestApp};

fn everything() -> CatalogueInput {
    CatalogueInput {
        page: 1,
        per_page: 100,
        ..CatalogueInput::default()
    }
}

#[actix_web::test]
async fn a_demo_service_shows_two_marked_example_partners_in_each_municipality() {
    let app = TestApp::spawn_configured(Clock::system(), |c| c.demo = true);
    let page = catalogue::search(&app.state.kartu, &everything()).unwrap();
    assert_eq!(page.total, 6, "two per municipality");
    for m in kartu_card::Municipality::ALL {
        let here: Vec<_> = page
            .items
            .iter()
            .filter(|l| l.partner.municipality == m)
            .collect();
        assert_eq!(here.len(), 2, "{m}");
    }
    for listing in &page.items {
        let name = &listing.partner.name;
        assert!(
            name.starts_with("Pavyzdys:") || name.starts_with("Przykład:"),
            "{name} is not marked as an example"
        );
        assert!(listing.partner.demo);
        assert!(!listing.offers.is_empty(), "{name} has an offer");
        assert!(
            listing.locations[0].latitude.is_some(),
            "{name} is on the map"
        );
    }
    // A second start on the same database makes no more.
    assert_eq!(kartu::app::demo::seed(&app.state.kartu).unwrap(), 0);
}

#[actix_web::test]
async fn a_service_without_demo_has_no_example_partner() {
    let app = TestApp::spawn();
    assert_eq!(
        catalogue::search(&app.state.kartu, &everything())
            .unwrap()
            .total,
        0
    );
}

#[test]
fn production_refuses_to_make_example_partners() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = test_database(dir.path());
    let mut config = test_config(dir.path(), &url);
    config.demo = true;
    config.production = true;
    config.session_key = Some("22".repeat(64));
    let refused = kartu::web::startup::prepare(&config).unwrap_err();
    assert!(format!("{refused:#}").contains("--demo"), "{refused:#}");
    assert!(
        !dir.path().join("keys").exists(),
        "refused before anything is made"
    );
    if let Some((admin, name)) = postgres {
        crate::helpers::drop_postgres(&admin, &name);
    }
}

#[actix_web::test]
async fn the_catalogue_finds_without_diacritics_or_case_and_filters_through_its_own_columns() {
    let app = TestApp::spawn_configured(Clock::system(), |c| c.demo = true);
    let find = |text: &str, municipality: &str, accepts: &str| {
        let page = catalogue::search(
            &app.state.kartu,
            &CatalogueInput {
                text: text.into(),
                municipality: municipality.into(),
                accepts: accepts.into(),
                ..everything()
            },
        )
        .unwrap();
        let mut names: Vec<String> = page.items.into_iter().map(|l| l.partner.name).collect();
        names.sort();
        names
    };
    assert_eq!(find("KAVINE", "", ""), ["Pavyzdys: Kavinė „Vaivorykštė“"]);
    assert_eq!(
        find("elk", "", "").len(),
        2,
        "\"elk\" finds the partners in Ełk"
    );
    assert_eq!(find("lyck", "", "").len(), 2, "and so does Ełk's old name");
    assert_eq!(
        find("dviraci", "", ""),
        ["Pavyzdys: Dviračių nuoma „Dainava“"]
    );
    assert!(
        find("zz", "", "").is_empty(),
        "two letters: no trigram, still correct"
    );
    assert_eq!(find("", "VAR", "").len(), 2);
    // The bike hire accepts Alytus and Varėna cards only; the cinema Ełk's only.
    assert_eq!(find("", "", "ELK").len(), 5);
    assert_eq!(find("", "", "VAR").len(), 5);
    assert_eq!(find("kino", "", "VAR"), Vec::<String>::new());

    // Withdrawing the cinema's one offer takes it out of "accepts Ełk cards" at once.
    let k = &app.state.kartu;
    let cinema = catalogue::search(
        k,
        &CatalogueInput {
            text: "kino".into(),
            ..everything()
        },
    )
    .unwrap()
    .items
    .remove(0);
    let boss = kartu::app::actor::Actor {
        name: "test".into(),
        role: kartu::domain::access::AccountRole::Supervisor,
        home: Some(kartu_card::Municipality::Elk),
        credential: kartu::app::actor::Credential::CommandLine,
        partner: None,
    };
    kartu::app::offers::withdraw(k, &boss, &cinema.partner.id, &cinema.offers[0].id).unwrap();
    assert_eq!(find("", "", "ELK").len(), 4);
}
