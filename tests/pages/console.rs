//! The clerk console in Chromium: sign in, register a family of five (first with a mistyped
//! national ID, shown next to its field), issue the cards, open one, print it at ID-1 size.
//! And every page in Lithuanian and Polish without an English sentence left on it.

use serde_json::Value;

use crate::harness::{root, Browser, Server};
use crate::people::{asmens_kodas, years_ago};

pub(crate) const PASSWORD: &str = "a long clerk password";

/// Two parents and three children: (name, role, birth date, asmens kodas).
pub(crate) fn family_of_five() -> Vec<(&'static str, &'static str, String, String)> {
    let people = [
        ("Žydrūnė Kazlauskienė", "parent", years_ago(40, 0), true),
        ("Łukasz Kazlauskas", "parent", years_ago(38, 3), false),
        ("Ąžuolas Kazlauskas", "child", years_ago(12, 0), false),
        ("Gabija Kazlauskaitė", "child", years_ago(9, 10), true),
        ("Šarūnas Kazlauskas", "child", years_ago(4, 20), false),
    ];
    people
        .iter()
        .enumerate()
        .map(|(i, (name, role, birth, female))| {
            (
                *name,
                *role,
                birth.to_string(),
                asmens_kodas(*birth, 700 + i as u16, *female),
            )
        })
        .collect()
}

/// The same number with its check digit changed: a typing mistake.
fn mistyped(id: &str) -> String {
    let (body, check) = id.split_at(10);
    let wrong = (check.parse::<u8>().unwrap() + 1) % 10;
    format!("{body}{wrong}")
}

pub(crate) async fn sign_in(b: &Browser, base: &str, username: &str) {
    b.goto(&format!("{base}/console")).await;
    assert_eq!(
        b.path().await,
        "/console/login",
        "an anonymous visitor is sent to sign in"
    );
    // With the keyboard alone: the name field has focus, Tab moves on, Enter signs in.
    const TAB: &str = "\u{E004}";
    const ENTER: &str = "\u{E007}";
    let focused = b.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("username")
    );
    focused
        .send_keys(&format!("{username}{TAB}"))
        .await
        .unwrap();
    let focused = b.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("id").await.unwrap().as_deref(),
        Some("password")
    );
    focused
        .send_keys(&format!("{PASSWORD}{ENTER}"))
        .await
        .unwrap();
    b.find("nav.mainnav").await;
    assert_eq!(b.path().await, "/console");
}

/// A clerk, signed in, registers `family_of_five` and issues its cards; the browser is left on
/// the family's page, whose path is returned.
pub(crate) async fn family_with_cards(b: &Browser, base: &str, username: &str) -> String {
    sign_in(b, base, username).await;
    b.click("a[href='/console/families/new']").await;
    fill_family(b, &family_of_five()).await;
    b.click("#register-submit").await;
    b.click("#issue-cards").await;
    b.find("#notice").await;
    b.path().await
}

async fn set_value(b: &Browser, id: &str, value: &str) {
    let script = format!(
        "document.getElementById({}).value = {};",
        Value::from(id),
        Value::from(value)
    );
    b.js(&script).await;
}

pub(crate) async fn fill_family(b: &Browser, people: &[(&str, &str, String, String)]) {
    b.fill("#reference", "BYLA-2026-17").await;
    for (i, (name, role, birth, id)) in people.iter().enumerate() {
        b.fill(&format!("#m{i}-name"), name).await;
        set_value(b, &format!("m{i}-role"), role).await;
        set_value(b, &format!("m{i}-birth_date"), birth).await;
        b.fill(&format!("#m{i}-national_id"), id).await;
    }
}

#[tokio::test]
async fn a_clerk_registers_a_family_of_five_issues_the_cards_and_prints_one_at_id1_size() {
    let server = Server::start();
    server.account("rasa", "ALY", "clerk", PASSWORD);
    let b = Browser::start(1280, "en").await;
    let base = server.base.clone();
    sign_in(&b, &base, "rasa").await;
    b.screenshot("console-home-en", 1280).await;

    b.click("a[href='/console/families/new']").await;
    let people = family_of_five();
    let mut with_mistake = people.clone();
    with_mistake[2].3 = mistyped(&people[2].3);
    fill_family(&b, &with_mistake).await;
    b.screenshot("console-register-en", 1280).await;
    b.click("#register-submit").await;

    // The mistake is shown next to the third member's national ID, and nothing was registered.
    let error = b.text("#m2-national_id-err").await;
    assert!(error.contains("check digit"), "{error}");
    assert_eq!(
        b.find("#m2-national_id")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        b.find("#m0-name")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some(people[0].0)
    );
    let page = b.client.source().await.unwrap();
    for (_, _, _, id) in &with_mistake {
        assert!(
            !page.contains(id.as_str()),
            "a national ID number came back in the page"
        );
    }
    b.screenshot("console-register-error-en", 1280).await;

    for (i, (_, _, _, id)) in people.iter().enumerate() {
        b.fill(&format!("#m{i}-national_id"), id).await;
    }
    b.click("#register-submit").await;
    let eligibility = b.text("#family-eligibility").await;
    assert!(eligibility.contains("Qualifies"), "{eligibility}");
    assert!(
        eligibility.contains("3 qualifying children"),
        "{eligibility}"
    );
    let title = b.js("return document.title;").await;
    assert!(
        title.as_str().unwrap().starts_with("ALY-000001 · "),
        "the family page's title: {title}"
    );
    let rows = b
        .js("return document.querySelectorAll('#members tbody tr').length;")
        .await;
    assert_eq!(rows, 5);
    let members = b.text("#members").await;
    assert!(
        members.contains("child under 18") && members.contains("parent of a qualifying family"),
        "{members}"
    );

    b.click("#issue-cards").await;
    assert_eq!(b.text("#notice").await, "5 cards issued");
    let cards = b
        .js("return document.querySelectorAll('#cards tbody tr').length;")
        .await;
    assert_eq!(cards, 5);
    b.screenshot("console-family-en", 1280).await;
    b.screenshot("console-family-en", 360).await;

    b.click("#cards tbody tr:first-child a").await;
    assert_eq!(b.text("#card-status").await, "valid");
    let qr_loaded = b
        .js("const i = document.querySelector('img.qr'); return i.complete && i.naturalWidth > 0;")
        .await;
    assert_eq!(qr_loaded, true, "the card's QR image loads");
    b.screenshot("console-card-en", 1280).await;

    b.click("#print-link").await;
    b.find("#idcard").await;
    // ID-1 is 85.60 × 53.98 mm; at CSS's 96 px to the inch that is 323.5 × 204.0 px.
    let size = b
        .js("const r = document.getElementById('idcard').getBoundingClientRect(); return [r.width, r.height];")
        .await;
    let (w, h) = (size[0].as_f64().unwrap(), size[1].as_f64().unwrap());
    assert!((w - 85.6 / 25.4 * 96.0).abs() < 0.5, "card width {w}px");
    assert!((h - 53.98 / 25.4 * 96.0).abs() < 0.5, "card height {h}px");
    let page_size = b
        .js("for (const s of document.styleSheets) for (const r of s.cssRules) if (r instanceof CSSPageRule) return r.style.size; return null;")
        .await;
    assert_eq!(page_size, "85.6mm 53.98mm", "the print page is the card");
    let card_text = b.text("#idcard").await;
    for expected in [
        "Daugiavaikės šeimos kortelė",
        "Karta Dużej Rodziny",
        "Zydrune Kazlauskiene",
    ] {
        assert!(
            card_text.contains(expected),
            "the printed card lacks {expected:?}: {card_text}"
        );
    }
    b.screenshot("console-print-en", 1280).await;
    b.close().await;
}

/// Whether `text` holds `phrase` as whole words ("administrator" is not in "administratorius").
pub(crate) fn shows_phrase(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The English messages that read differently in `lang`, without their placeholders.
pub(crate) fn english_sentences_absent_from(lang: &str) -> Vec<String> {
    let read = |l: &str| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for file in ["core", "console", "check", "family", "partners"] {
            let text =
                std::fs::read_to_string(root().join(format!("locales/{l}/{file}.ftl"))).unwrap();
            for line in text.lines() {
                if let Some((k, v)) = line.split_once(" = ") {
                    if !k.starts_with('#') && !v.contains('{') {
                        out.push((k.trim().to_string(), v.trim().to_string()));
                    }
                }
            }
        }
        out
    };
    let other: std::collections::HashMap<_, _> = read(lang).into_iter().collect();
    read("en")
        .into_iter()
        .filter(|(k, v)| v.len() > 3 && other.get(k).is_some_and(|o| o != v))
        .map(|(_, v)| v)
        .collect()
}

#[tokio::test]
async fn the_language_switch_leaves_no_english_on_the_polish_and_lithuanian_console() {
    let server = Server::start();
    server.account("piotr", "ALY", "supervisor", PASSWORD);
    let b = Browser::start(1280, "en").await;
    let base = server.base.clone();
    let family = family_with_cards(&b, &base, "piotr").await;
    b.click("#cards tbody tr:first-child a").await;
    let card = b.path().await;

    // Every console page, the start page and the not-found page, in each language at both
    // widths; on the Polish and Lithuanian pages no English sentence may be left.
    let pages = [
        ("console-home", "/console".to_string()),
        ("console-register", "/console/families/new".to_string()),
        ("console-family", family.clone()),
        ("console-export", format!("{family}/export")),
        ("console-card", card.clone()),
        ("console-print", format!("{card}/print")),
        ("console-audit", "/console/audit".to_string()),
        ("index", "/".to_string()),
        ("not-found", "/no/such/page".to_string()),
        ("console-login", "/console/login".to_string()),
    ];
    for lang in ["pl", "lt", "en"] {
        let english = if lang == "en" {
            Vec::new()
        } else {
            english_sentences_absent_from(lang)
        };
        assert!(
            lang == "en" || english.len() > 100,
            "the comparison covers the console's sentences"
        );
        b.click(&format!("nav.langs a[data-lang={lang}]")).await;
        for (name, path) in &pages {
            b.goto(&format!("{base}{path}")).await;
            let html_lang = b.js("return document.documentElement.lang;").await;
            assert_eq!(html_lang, lang, "{path}");
            // The export shows the audit records as recorded (JSON, action codes): data, not
            // sentences of the page.
            let text = if *name == "console-export" {
                b.js("const c = document.body.cloneNode(true); \
                    c.querySelectorAll('pre, code').forEach(e => e.remove()); return c.innerText;")
                    .await
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            } else {
                b.body_text().await
            };
            for sentence in &english {
                assert!(
                    !shows_phrase(&text, sentence),
                    "{lang} {path} shows English {sentence:?} in {text}"
                );
            }
            b.screenshot(&format!("{name}-{lang}"), 1280).await;
            b.screenshot(&format!("{name}-{lang}"), 360).await;
        }
    }
    b.close().await;
}

#[tokio::test]
async fn an_admin_manages_accounts_in_polish_and_lithuanian_without_english_left() {
    let server = Server::start();
    server.account("ona", "VAR", "admin", PASSWORD);
    let b = Browser::start(1280, "pl").await;
    let base = server.base.clone();
    sign_in(&b, &base, "ona").await;
    b.click("a[href='/console/accounts']").await;
    b.fill("#a-username", "jonas").await;
    b.click("#new-account button[type=submit]").await;
    let password = b.text("#secret").await;
    assert_eq!(password.len(), 20, "a generated password is shown once");
    assert!(b.text("#accounts").await.contains("jonas"));
    b.fill("#t-label", "kasa 1").await;
    b.click("#new-token button[type=submit]").await;
    assert!(b.text("#secret").await.starts_with("kartu_"));
    for lang in ["pl", "lt"] {
        b.goto(&format!("{base}/console/accounts?lang={lang}"))
            .await;
        let text = b.body_text().await;
        for sentence in english_sentences_absent_from(lang) {
            assert!(
                !shows_phrase(&text, &sentence),
                "{lang} accounts page shows {sentence:?}"
            );
        }
        b.screenshot(&format!("console-accounts-{lang}"), 1280)
            .await;
        b.screenshot(&format!("console-accounts-{lang}"), 360).await;
    }
    b.close().await;
}
