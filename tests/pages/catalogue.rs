//! The partner catalogue in Chromium, with map tiles that never load (harness.rs): the example
//! partners of `kartu serve --demo` listed in Polish, a search without diacritics, the map with
//! a marker per place and the places' list beside it, a partner's page with its offer, no
//! Content-Security-Policy violation, the catalogue again with the server stopped, and the
//! application form with a check-digit error beside its field and then the thanks. Each page
//! in LT, PL and EN at 360 px and 1280 px goes to `target/screenshots/`.

use std::collections::HashMap;

use crate::console::shows_phrase;
use crate::harness::{root, Browser, Server};

/// The example partners `--demo` makes.
const EXAMPLES: [&str; 6] = [
    "Kavinė „Vaivorykštė“",
    "Baseinas „Dzūkija“",
    "Knygynas „Grybas“",
    "Dviračių nuoma „Dainava“",
    "Kino „Jezioro“",
    "Piekarnia „Mazurska“",
];

/// The English sentences of the catalogue (and the shared ones) that read differently in `lang`.
fn english_absent_from(lang: &str) -> Vec<String> {
    let read = |l: &str| -> HashMap<String, String> {
        let mut out = HashMap::new();
        for file in ["core", "catalogue", "family"] {
            let text =
                std::fs::read_to_string(root().join(format!("locales/{l}/{file}.ftl"))).unwrap();
            for line in text.lines() {
                if let Some((k, v)) = line.split_once(" = ") {
                    if !k.starts_with('#') && !v.contains('{') {
                        out.insert(k.trim().to_string(), v.trim().to_string());
                    }
                }
            }
        }
        out
    };
    let other = read(lang);
    read("en")
        .into_iter()
        .filter(|(k, v)| v.len() > 3 && other.get(k).is_some_and(|o| o != v))
        .map(|(_, v)| v)
        .collect()
}

async fn assert_no_english(b: &Browser, lang: &str, what: &str) {
    if lang == "en" {
        return;
    }
    let english = english_absent_from(lang);
    assert!(english.len() > 50, "the comparison covers the catalogue");
    let text = b.body_text().await;
    for sentence in &english {
        assert!(
            !shows_phrase(&text, sentence),
            "{lang} {what} shows English {sentence:?}"
        );
    }
}

/// Waits until the page's script has drawn the map or given up; returns how (`data-map`).
async fn map_state(b: &Browser) -> String {
    b.js_async(
        "const done = arguments[0]; \
         const wait = () => document.documentElement.dataset.map \
           ? done(document.documentElement.dataset.map) : setTimeout(wait, 50); wait();",
    )
    .await
    .as_str()
    .unwrap()
    .to_string()
}

/// The Content-Security-Policy violations the page has reported so far (the Reporting API keeps
/// them from the page's start); with `provoke`, after one made on purpose, to prove the watch.
async fn csp_violations(b: &Browser, provoke: bool) -> Vec<String> {
    let script = format!(
        "const done = arguments[0]; const seen = []; \
         const note = (rs) => {{ for (const r of rs) seen.push(r.body.effectiveDirective + ' ' + r.body.blockedURL); }}; \
         const watch = new ReportingObserver(note, {{ types: ['csp-violation'], buffered: true }}); \
         watch.observe(); \
         if ({provoke}) {{ const s = document.createElement('script'); s.textContent = '1'; document.body.append(s); }} \
         setTimeout(() => {{ note(watch.takeRecords()); done(seen); }}, 700);"
    );
    b.js_async(&script)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect()
}

/// How many places the page lists with coordinates, and how many of them are on screen.
async fn listed_places(b: &Browser) -> (u64, u64) {
    let all = b
        .js("return document.querySelectorAll('li.place[data-lat][data-lon]').length;")
        .await;
    let shown = b
        .js(
            "return [...document.querySelectorAll('li.place[data-lat][data-lon]')] \
             .filter((el) => el.getBoundingClientRect().height > 0 && el.innerText.trim()).length;",
        )
        .await;
    (all.as_u64().unwrap(), shown.as_u64().unwrap())
}

/// The map's markers: how many, and how many of them inside the map's box.
async fn markers(b: &Browser) -> (u64, u64) {
    let counts = b
        .js("const box = document.getElementById('map').getBoundingClientRect(); \
             const all = [...document.querySelectorAll('#map path.leaflet-interactive')]; \
             const inside = all.filter((m) => { const r = m.getBoundingClientRect(); \
               return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom; }); \
             return [all.length, inside.length];")
        .await;
    (counts[0].as_u64().unwrap(), counts[1].as_u64().unwrap())
}

async fn partner_names(b: &Browser) -> Vec<String> {
    let names = b
        .js("return [...document.querySelectorAll('#partners > li h2')].map((h) => h.innerText);")
        .await;
    names
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_example_partners_are_listed_in_polish_found_without_diacritics_and_mapped_without_tiles(
) {
    let server = Server::start_with(&["--demo"]);
    let base = server.base.clone();
    let b = Browser::start(1280, "pl").await;
    b.goto(&format!("{base}/partners?lang=pl")).await;
    assert_eq!(b.js("return document.documentElement.lang;").await, "pl");
    assert_eq!(b.text("#result-count").await, "6 partnerów");
    let names = partner_names(&b).await;
    assert_eq!(names.len(), 6, "{names:?}");
    for example in EXAMPLES {
        assert!(
            names.iter().any(|n| n.ends_with(example)),
            "{example} is not listed: {names:?}"
        );
    }
    assert!(b.text("#partners").await.contains("Bilety do kina"));

    // The tiles never load, yet the map has a marker per place, and the list shows them all.
    assert_eq!(map_state(&b).await, "ready");
    b.find("#map.leaflet-container").await;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let loaded_tiles = b
        .js(
            "return [...document.querySelectorAll('#map img.leaflet-tile')] \
             .filter((i) => i.complete && i.naturalWidth > 0).length;",
        )
        .await;
    assert_eq!(loaded_tiles, 0, "no tile can load from port 9");
    assert_eq!(markers(&b).await, (6, 6), "every marker in view");
    assert_eq!(listed_places(&b).await, (6, 6));
    assert_eq!(
        csp_violations(&b, false).await,
        Vec::<String>::new(),
        "the catalogue breaks its own Content-Security-Policy"
    );
    let provoked = csp_violations(&b, true).await;
    assert!(
        provoked.iter().any(|v| v.starts_with("script-src")),
        "the watch sees a violation: {provoked:?}"
    );

    // A search without diacritics and in capitals; then a town by its plain name.
    b.fill("#q", "DZUKIJA").await;
    b.click("#search").await;
    b.find("#clear").await;
    assert_eq!(partner_names(&b).await, ["Pavyzdys: Baseinas „Dzūkija“"]);
    assert_eq!(b.attr("#q", "value").await, "DZUKIJA");
    b.goto(&format!("{base}/partners?q=elk")).await;
    let in_elk = partner_names(&b).await;
    assert_eq!(in_elk.len(), 2, "{in_elk:?}");
    assert!(in_elk.iter().all(|n| n.starts_with("Przykład")));
    // The cinema takes only Ełk cards: not listed for an Alytus card.
    b.goto(&format!("{base}/partners?accepts=ALY")).await;
    let for_alytus = partner_names(&b).await;
    assert_eq!(for_alytus.len(), 5);
    assert!(!for_alytus.iter().any(|n| n.contains("Kino")));

    // The cinema's page: its offer in Polish, its place on the map.
    b.goto(&format!("{base}/partners?q=kino")).await;
    b.click("#partners > li h2 a").await;
    b.find("article.partner-page").await;
    assert!(b.text("h1").await.contains("Kino „Jezioro“"));
    let offer = b.text("ul.offers").await;
    assert!(
        offer.contains("−10 %") && offer.contains("Bilety do kina"),
        "{offer}"
    );
    assert!(offer.contains("Miasto Ełk"), "whose cards: {offer}");
    assert_eq!(map_state(&b).await, "ready");
    assert_eq!(markers(&b).await, (1, 1));
    assert_eq!(listed_places(&b).await, (1, 1));
    assert_eq!(csp_violations(&b, false).await, Vec::<String>::new());
    let partner = b.path().await;

    for lang in ["lt", "pl", "en"] {
        b.goto(&format!("{base}/partners?lang={lang}")).await;
        map_state(&b).await;
        assert_no_english(&b, lang, "/partners").await;
        b.screenshot(&format!("catalogue-{lang}"), 1280).await;
        b.screenshot(&format!("catalogue-{lang}"), 360).await;
        b.goto(&format!("{base}{partner}?lang={lang}")).await;
        map_state(&b).await;
        assert_no_english(&b, lang, &partner).await;
        b.screenshot(&format!("catalogue-partner-{lang}"), 1280)
            .await;
        b.screenshot(&format!("catalogue-partner-{lang}"), 360)
            .await;
    }
    b.goto(&format!(
        "{base}/partners/00000000-0000-4000-8000-000000000000"
    ))
    .await;
    assert!(
        b.find("section.error-page")
            .await
            .text()
            .await
            .unwrap()
            .len()
            > 5
    );
    b.close().await;
}

#[tokio::test]
async fn the_catalogue_opens_again_with_the_server_stopped() {
    let mut server = Server::start_with(&["--demo"]);
    let base = server.base.clone();
    let b = Browser::start(360, "en").await;
    let list = format!("{base}/partners");
    b.goto(&list).await;
    b.js_async(
        "const done = arguments[0]; \
         const wait = () => document.documentElement.dataset.offlineReady === 'true' \
           ? done(true) : setTimeout(wait, 50); wait();",
    )
    .await;
    // Under the worker now: these visits leave copies for offline use.
    b.goto(&list).await;
    map_state(&b).await;
    b.click("#partners > li h2 a").await;
    b.find("article.partner-page").await;
    let partner = format!("{base}{}", b.path().await);
    let offer = b.text("ul.offers").await;
    map_state(&b).await;

    server.stop();
    assert!(
        ureq::get(&format!("{base}/healthz")).call().is_err(),
        "the server is really stopped"
    );
    b.goto(&list).await;
    assert_eq!(b.text("h1").await, "Where to use the card");
    assert_eq!(partner_names(&b).await.len(), 6);
    assert_eq!(listed_places(&b).await, (6, 6));
    assert_eq!(
        map_state(&b).await,
        "ready",
        "Leaflet comes from the saved copy too"
    );
    b.screenshot("catalogue-offline-en", 360).await;
    assert_eq!(
        markers(&b).await,
        (6, 6),
        "the map fits its places again when its size changes"
    );
    b.goto(&partner).await;
    assert_eq!(b.text("ul.offers").await, offer);
    b.close().await;
}

/// Fills in the application form (a Polish cinema) with `legal_id`.
async fn fill_application(b: &Browser, legal_id: &str) {
    b.js("document.getElementById('a-municipality').value = 'ELK'; \
          document.getElementById('a-category').value = 'culture';")
        .await;
    b.fill("#a-name", "Kino Jezioro").await;
    b.fill("#a-legal-id", legal_id).await;
    b.fill("#a-address", "ul. Wojska Polskiego 1, Ełk").await;
    b.fill("#a-email", "kino@example.pl").await;
    b.fill("#a-contact", "Anna Nowak").await;
}

#[tokio::test]
async fn the_application_form_shows_a_check_digit_error_beside_its_field_and_then_thanks() {
    let server = Server::start();
    let base = server.base.clone();
    let b = Browser::start(360, "lt").await;
    for lang in ["lt", "pl", "en"] {
        b.goto(&format!("{base}/partners/apply?lang={lang}")).await;
        assert_no_english(&b, lang, "/partners/apply").await;
        b.screenshot(&format!("catalogue-apply-{lang}"), 360).await;
        b.screenshot(&format!("catalogue-apply-{lang}"), 1280).await;
    }
    assert_eq!(
        b.attr("#company_website_2", "tabindex").await,
        "-1",
        "the honeypot is out of the tab order"
    );
    let honeypot = b
        .js(
            "const r = document.getElementById('company_website_2').getBoundingClientRect(); \
             return r.right < 0 || r.width <= 1;",
        )
        .await;
    assert_eq!(honeypot, true, "the honeypot is off screen");

    b.goto(&format!("{base}/partners/apply?lang=lt")).await;
    fill_application(&b, "1234563219").await;
    b.click("#apply-submit").await;
    let problem = b.text("#a-legal-id-err").await;
    assert_eq!(
        problem,
        "Kontrolinis skaitmuo nesutampa: patikrinkite, ar nesuklydote rinkdami numerį."
    );
    assert_eq!(b.attr("#a-legal-id", "aria-invalid").await, "true");
    assert_eq!(b.attr("#a-name", "value").await, "Kino Jezioro", "kept");
    assert!(b.text("#form-problems").await.contains("1 klaida"));
    assert_no_english(&b, "lt", "the form with a problem").await;
    b.screenshot("catalogue-apply-problem-lt", 360).await;
    b.screenshot("catalogue-apply-problem-lt", 1280).await;

    b.fill("#a-legal-id", "1234563218").await;
    b.click("#apply-submit").await;
    assert_eq!(b.text("#thanks h1").await, "Ačiū už paraišką");
    b.screenshot("catalogue-thanks-lt", 360).await;
    b.screenshot("catalogue-thanks-lt", 1280).await;
    for lang in ["pl", "en"] {
        b.goto(&format!("{base}/partners/apply?lang={lang}")).await;
        fill_application(&b, "1234563218").await;
        b.click("#apply-submit").await;
        b.find("#thanks").await;
        assert_no_english(&b, lang, "the thanks").await;
        b.screenshot(&format!("catalogue-thanks-{lang}"), 360).await;
        b.screenshot(&format!("catalogue-thanks-{lang}"), 1280)
            .await;
    }
    b.close().await;
}

#[tokio::test]
async fn the_start_page_leads_to_the_catalogue_and_to_the_application_form() {
    let server = Server::start();
    let b = Browser::start(360, "pl").await;
    b.goto(&format!("{}/?lang=pl", server.base)).await;
    assert_eq!(b.text("#door-partners").await, "Gdzie skorzystać z karty");
    b.click("#door-apply").await;
    b.find("#apply").await;
    b.close().await;
}
