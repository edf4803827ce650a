//! The console's partner pages in Chromium: a clerk registers a partner with a location and an
//! offer that accepts only Ełk cards (first with a mistyped NIP, shown beside its field) and a
//! supervisor publishes it; a partner account proposes a change and the clerk approves it; and
//! every new page in Lithuanian, Polish and English at 360 and 1280 px, without an English
//! sentence left on the Polish and Lithuanian ones.

use serde_json::Value;

use crate::console::{english_sentences_absent_from, shows_phrase, PASSWORD};
use crate::harness::{Browser, Server};

const ENTER: &str = "\u{E007}";

/// Signs in (the keyboard path is `console::sign_in`'s test); the browser lands on `/console`.
async fn sign_in(b: &Browser, base: &str, username: &str, password: &str) {
    b.goto(&format!("{base}/console/login")).await;
    b.fill("#username", username).await;
    b.fill("#password", &format!("{password}{ENTER}")).await;
    b.find("nav.mainnav").await;
    assert_eq!(b.path().await, "/console");
}

async fn sign_out(b: &Browser) {
    b.click("nav.mainnav form button[type=submit]").await;
    b.find("form.login").await;
}

async fn set(b: &Browser, id: &str, value: &str) {
    let script = format!(
        "document.getElementById({}).value = {};",
        Value::from(id),
        Value::from(value)
    );
    b.js(&script).await;
}

/// Opens a `<details>` form by its summary.
async fn open(b: &Browser, details: &str) {
    let open = b
        .js(&format!(
            "return document.getElementById({}).open;",
            Value::from(details)
        ))
        .await;
    if open != true {
        b.click(&format!("#{details} > summary")).await;
    }
}

/// A signed-in clerk registers the Ełk cinema, first with a mistyped NIP; the browser is left on
/// the partner's page, whose path is returned.
async fn register_cinema(b: &Browser, shots: Option<&str>) -> String {
    b.click("nav.mainnav a[href='/console/partners']").await;
    b.click("#new-partner").await;
    b.fill("#p-name", "Kino Helios Ełk").await;
    b.fill("#p-legal_id", "1234563219").await;
    set(b, "p-category", "culture").await;
    b.fill("#p-website", "https://kino.example.pl").await;
    b.fill("#p-phone", "+48 87 000 00 00").await;
    b.fill("#location-address", "ul. Wojska Polskiego 1, Ełk")
        .await;
    b.fill("#location-latitude", "53.8270").await;
    b.fill("#location-longitude", "22.3620").await;
    b.fill("#location-opening_hours", "pon.–nd. 10–22").await;
    if let Some(lang) = shots {
        b.screenshot(&format!("console-partner-new-{lang}"), 1280)
            .await;
    }
    b.click("#register-partner-submit").await;
    let error = b.text("#legal_id-err").await;
    assert!(!error.is_empty(), "the mistake is shown beside the NIP");
    assert_eq!(
        b.attr("#p-legal_id", "aria-invalid").await,
        "true",
        "and the field says so"
    );
    assert_eq!(
        b.find("#p-name")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Kino Helios Ełk"),
        "what was typed comes back"
    );
    if let Some(lang) = shots {
        b.screenshot(&format!("console-partner-new-error-{lang}"), 1280)
            .await;
        b.screenshot(&format!("console-partner-new-error-{lang}"), 360)
            .await;
    }
    b.fill("#p-legal_id", "1234563218").await;
    b.click("#register-partner-submit").await;
    b.find("#standing").await;
    b.path().await
}

/// On the partner page: an offer of 10 % that accepts only Ełk cards.
async fn add_elk_only_offer(b: &Browser) {
    open(b, "add-offer-form").await;
    b.fill("#add-offer-description_pl", "Bilety do kina").await;
    b.fill("#add-offer-description_en", "Cinema tickets").await;
    b.fill("#add-offer-percent", "10").await;
    for municipality in ["ALY", "VAR"] {
        b.click(&format!("#add-offer-accepts-{municipality}")).await;
    }
    b.click("#add-offer-submit").await;
    b.find("#notice").await;
}

#[tokio::test]
async fn a_clerk_registers_a_partner_with_an_offer_for_elk_cards_only_and_a_supervisor_publishes_it(
) {
    let server = Server::start();
    server.account("marta", "ELK", "clerk", PASSWORD);
    server.account("anna", "ELK", "supervisor", PASSWORD);
    let base = server.base.clone();
    let b = Browser::start(1280, "en").await;

    sign_in(&b, &base, "marta", PASSWORD).await;
    let partner = register_cinema(&b, None).await;
    assert!(b.text("#notice").await.contains("registered as a draft"));
    assert_eq!(b.text("#standing").await, "draft");
    assert!(
        b.js("return document.getElementById('partner-publish') === null;")
            .await
            == true,
        "a clerk has no publish button"
    );
    add_elk_only_offer(&b).await;
    assert_eq!(b.text("#notice").await, "The offer is published.");
    let offer = b.find("article.offer[data-accepts='ELK']").await;
    let text = offer.text().await.unwrap();
    assert!(
        text.contains("−10 %") && text.contains("Ełk city"),
        "{text}"
    );
    assert!(!text.contains("Alytus"), "{text}");
    sign_out(&b).await;

    sign_in(&b, &base, "anna", PASSWORD).await;
    b.goto(&format!("{base}{partner}")).await;
    b.click("#partner-publish").await;
    b.find("#notice").await;
    assert_eq!(b.text("#standing").await, "published");
    assert!(b.text("#notice").await.contains("in the catalogue"));
    b.close().await;
}

#[tokio::test]
async fn a_partner_account_proposes_a_change_and_a_clerk_approves_it() {
    let server = Server::start();
    server.account("marta", "ELK", "clerk", PASSWORD);
    let base = server.base.clone();
    let b = Browser::start(1280, "en").await;
    sign_in(&b, &base, "marta", PASSWORD).await;
    let partner = register_cinema(&b, None).await;
    add_elk_only_offer(&b).await;
    open(&b, "account-form").await;
    b.fill("#pa-username", "kino.kasa").await;
    b.click("#new-partner-account-submit").await;
    let password = b.text("#secret").await;
    assert_eq!(password.len(), 20, "a generated password, shown once");
    sign_out(&b).await;

    sign_in(&b, &base, "kino.kasa", &password).await;
    let nav = b.text("nav.mainnav").await;
    assert!(
        nav.contains("Our offers") && nav.contains("Open the checker"),
        "{nav}"
    );
    assert!(
        !nav.contains("Families") && !nav.contains("Partners"),
        "{nav}"
    );
    assert_eq!(b.attr("#open-checker", "href").await, "/check");
    let details = b
        .js("return document.querySelector('#own-published ~ article.offer details').id;")
        .await;
    let details = details.as_str().unwrap().to_string();
    let form = details.trim_end_matches("-form").to_string();
    open(&b, &details).await;
    b.fill(&format!("#{form}-percent"), "20").await;
    b.fill(&format!("#{form}-description_pl"), "Bilety do kina −20 %")
        .await;
    b.click(&format!("#{details} button[type=submit]")).await;
    assert!(b.text("#notice").await.contains("proposal is sent"));
    let waiting = b.text("article.proposal").await;
    assert!(waiting.contains("−20 %"), "{waiting}");
    sign_out(&b).await;

    sign_in(&b, &base, "marta", PASSWORD).await;
    b.goto(&format!("{base}/console/partners")).await;
    assert_eq!(
        b.text("#pending-proposals").await,
        "1 offer proposal waiting"
    );
    b.click("#pending-proposals").await;
    b.click("article.proposal form button[id^='approve-']")
        .await;
    assert!(b.text("#notice").await.contains("approved and published"));
    b.goto(&format!("{base}{partner}")).await;
    let published = b
        .js("return [...document.querySelectorAll('article.offer:not(.proposal):not(.withdrawn) .discount')].map(e => e.textContent);")
        .await;
    assert_eq!(
        published,
        serde_json::json!(["−20 %"]),
        "the change is published"
    );
    let withdrawn = b.text("article.offer.withdrawn .discount").await;
    assert_eq!(withdrawn, "−10 %", "the offer it replaced is withdrawn");
    b.close().await;
}

/// Stores what the pages need that comes from elsewhere: an application from the public form,
/// and uses counted at the partner's till (some across the border, one cell under five).
fn seed(server: &Server, partner: &str) {
    use kartu::domain::partner::{ApplicationStatus, Category};
    use kartu::store::card_use::{count, NewUse};
    use kartu::store::partner_application::{insert, Application, ApplicationId};
    use kartu_card::Municipality;

    let pool = kartu::store::pool(&server.database_url(), 1).unwrap();
    let mut conn = pool.get().unwrap();
    let now = kartu::store::from_unix(time::OffsetDateTime::now_utc().unix_timestamp());
    insert(
        &mut conn,
        Application {
            id: ApplicationId(kartu::store::new_id()),
            municipality: Municipality::Elk,
            name: "Księgarnia pod Lipą".into(),
            legal_id: "1111111111".into(),
            category: Category::Education,
            address: "ul. Mickiewicza 1, Ełk".into(),
            website: String::new(),
            phone: "+48 87 111 11 11".into(),
            email: "ksiegarnia@example.pl".into(),
            contact_name: "Anna Nowak".into(),
            message: "Chcemy dołączyć do programu.".into(),
            lang: "pl".into(),
            status: ApplicationStatus::Pending,
            decision_reason: None,
            decided_by: None,
            decided_at: None,
            partner_id: None,
            created_at: now,
        },
    )
    .unwrap();
    let id = kartu::store::partner::PartnerId(partner.to_string());
    let location =
        kartu::store::partner_location::of_partners(&mut conn, std::slice::from_ref(&id))
            .unwrap()
            .remove(0);
    let today = time::OffsetDateTime::now_utc().date();
    let months_ago = |n: i64| today - time::Duration::days(31 * n);
    for (card, uses, day) in [
        (Municipality::Elk, 23, months_ago(0)),
        (Municipality::Aly, 7, months_ago(0)),
        (Municipality::Var, 3, months_ago(0)),
        (Municipality::Aly, 12, months_ago(1)),
        (Municipality::Elk, 9, months_ago(1)),
        (Municipality::Var, 5, months_ago(2)),
    ] {
        for _ in 0..uses {
            count(
                &mut conn,
                &NewUse {
                    partner: &id,
                    location: &location.id,
                    location_municipality: Municipality::Elk,
                    card_municipality: card,
                    day,
                },
            )
            .unwrap();
        }
    }
}

/// Every sentence of the page in `lang`: none of the English ones may be left on it.
async fn no_english_left(b: &Browser, lang: &str, english: &[String], what: &str) {
    let html_lang = b.js("return document.documentElement.lang;").await;
    assert_eq!(html_lang, lang, "{what}");
    let text = b.body_text().await;
    for sentence in english {
        assert!(
            !shows_phrase(&text, sentence),
            "{lang} {what} shows English {sentence:?}"
        );
    }
}

async fn shoot(b: &Browser, name: &str, lang: &str) {
    b.screenshot(&format!("{name}-{lang}"), 1280).await;
    b.screenshot(&format!("{name}-{lang}"), 360).await;
}

#[tokio::test]
async fn every_partner_page_in_lithuanian_polish_and_english_without_english_left() {
    let server = Server::start();
    server.account("marta", "ELK", "clerk", PASSWORD);
    server.account("anna", "ELK", "supervisor", PASSWORD);
    server.account("rasa", "ALY", "clerk", PASSWORD);
    let base = server.base.clone();
    let b = Browser::start(1280, "en").await;

    // A published partner with an offer, a partner account and its proposal.
    sign_in(&b, &base, "marta", PASSWORD).await;
    let partner = register_cinema(&b, Some("en")).await;
    let partner_id = partner.rsplit('/').next().unwrap().to_string();
    add_elk_only_offer(&b).await;
    open(&b, "account-form").await;
    b.fill("#pa-username", "kino.kasa").await;
    b.click("#new-partner-account-submit").await;
    let password = b.text("#secret").await;
    shoot(&b, "console-partner-account-once", "en").await;
    sign_out(&b).await;
    sign_in(&b, &base, "anna", PASSWORD).await;
    b.goto(&format!("{base}{partner}")).await;
    b.click("#partner-publish").await;
    b.find("#notice").await;
    sign_out(&b).await;
    sign_in(&b, &base, "kino.kasa", &password).await;
    b.fill("#propose-description_lt", "Spragėsiai nemokamai")
        .await;
    b.fill("#propose-amount", "5").await;
    b.click("#propose-submit").await;
    b.find("#notice").await;
    sign_out(&b).await;
    seed(&server, &partner_id);

    let langs = ["pl", "lt", "en"];
    let english = |lang: &str| {
        if lang == "en" {
            Vec::new()
        } else {
            english_sentences_absent_from(lang)
        }
    };
    let clerk_pages = [
        ("console-partners", "/console/partners".to_string()),
        ("console-partner-new", "/console/partners/new".to_string()),
        ("console-partner", partner.clone()),
        ("console-applications", "/console/applications".to_string()),
        ("console-proposals", "/console/proposals".to_string()),
    ];
    sign_in(&b, &base, "marta", PASSWORD).await;
    for lang in langs {
        b.click(&format!("nav.langs a[data-lang={lang}]")).await;
        let english = english(lang);
        for (name, path) in &clerk_pages {
            b.goto(&format!("{base}{path}")).await;
            no_english_left(&b, lang, &english, path).await;
            shoot(&b, name, lang).await;
        }
        // The open forms of the partner page, and a till link's slip.
        b.goto(&format!("{base}{partner}")).await;
        for details in ["edit-details", "add-offer-form", "till-form"] {
            open(&b, details).await;
        }
        no_english_left(&b, lang, &english, "the partner page's forms").await;
        shoot(&b, "console-partner-forms", lang).await;
        b.fill("#till-label", "kasa 1").await;
        b.click("#new-till-submit").await;
        let link = b.attr("#till-link", "href").await;
        assert!(link.starts_with(&format!("{base}/check/till/")), "{link}");
        no_english_left(&b, lang, &english, "the till slip").await;
        shoot(&b, "console-till-slip", lang).await;
    }
    sign_out(&b).await;

    sign_in(&b, &base, "rasa", PASSWORD).await;
    for lang in langs {
        b.click(&format!("nav.langs a[data-lang={lang}]")).await;
        b.goto(&format!("{base}{partner}")).await;
        b.find("#read-only").await;
        no_english_left(&b, lang, &english(lang), "another municipality's partner").await;
        shoot(&b, "console-partner-read-only", lang).await;
    }
    sign_out(&b).await;

    sign_in(&b, &base, "kino.kasa", &password).await;
    for lang in langs {
        b.click(&format!("nav.langs a[data-lang={lang}]")).await;
        b.goto(&format!("{base}/console")).await;
        no_english_left(&b, lang, &english(lang), "the partner account's page").await;
        shoot(&b, "console-own", lang).await;
    }
    sign_out(&b).await;

    sign_in(&b, &base, "anna", PASSWORD).await;
    for lang in langs {
        b.click(&format!("nav.langs a[data-lang={lang}]")).await;
        b.goto(&format!("{base}/console/usage")).await;
        let withheld = b.text("#by-border tr[data-card='VAR'] td.withheld").await;
        let fewer = match lang {
            "pl" => "mniej niż 5",
            "lt" => "mažiau nei 5",
            _ => "fewer than 5",
        };
        assert_eq!(withheld, fewer, "3 uses are withheld, in words");
        let months = b
            .js(
                "const m = id => document.getElementById(id).value.split('-').map(Number); \
                 const [fy, fm] = m('u-from'), [uy, um] = m('u-until'); \
                 return (uy - fy) * 12 + um - fm + 1;",
            )
            .await;
        let bars = b
            .js("return document.querySelectorAll('#cross-border-chart g.bar').length;")
            .await;
        assert_eq!(bars, months, "a bar for each month of the report");
        let counted = b
            .js("return [...document.querySelectorAll('#cross-border-chart g.bar')].map(g => Number(g.dataset.uses)).filter(n => n > 0);")
            .await;
        assert_eq!(
            counted,
            serde_json::json!([5, 12, 7]),
            "cross-border uses, oldest first"
        );
        no_english_left(&b, lang, &english(lang), "the usage page").await;
        shoot(&b, "console-usage", lang).await;
        b.goto(&format!("{base}{partner}")).await;
        b.click("#partner-delete").await;
        b.find("#confirm-delete").await;
        no_english_left(&b, lang, &english(lang), "the delete confirmation").await;
        shoot(&b, "console-partner-delete", lang).await;
        b.click("#cancel-delete").await;
        b.find("#standing").await;
    }
    b.close().await;
}
