//! The merchant checker (`/check`) in Chromium: a valid card online and with the server stopped,
//! a revoked card after refreshing the lists, a forged card, any other text, lists past their
//! maximum age, the photo fallback, and every language at 360 px and 1280 px.
//!
//! Cards come from the API, signed in as a supervisor with ureq, as a clerk's console would make
//! them.

use std::io::Read;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde_json::{json, Value};

use crate::console::{english_sentences_absent_from, family_of_five};
use crate::harness::{Browser, Server};

const PASSWORD: &str = "a long password!";
const ENTER: &str = "\u{E007}";

/// A supervisor's API session: the session cookie and the CSRF token.
struct Api {
    base: String,
    cookie: String,
    csrf: String,
}

impl Api {
    fn sign_in(server: &Server, username: &str) -> Api {
        server.account(username, "ALY", "supervisor", PASSWORD);
        let response = ureq::post(&format!("{}/api/v1/session", server.base))
            .send_json(json!({ "username": username, "password": PASSWORD }))
            .unwrap();
        let cookie = response
            .all("set-cookie")
            .into_iter()
            .find(|c| c.starts_with("kartu_session="))
            .and_then(|c| c.split(';').next())
            .unwrap()
            .to_string();
        let body: Value = response.into_json().unwrap();
        Api {
            base: server.base.clone(),
            cookie,
            csrf: body["csrf_token"].as_str().unwrap().to_string(),
        }
    }

    fn post(&self, path: &str, body: Value) -> Value {
        ureq::post(&format!("{}{path}", self.base))
            .set("Cookie", &self.cookie)
            .set("X-CSRF-Token", &self.csrf)
            .send_json(body)
            .unwrap_or_else(|e| panic!("POST {path}: {e}"))
            .into_json()
            .unwrap()
    }

    fn get_bytes(&self, path: &str) -> Vec<u8> {
        let mut out = Vec::new();
        ureq::get(&format!("{}{path}", self.base))
            .set("Cookie", &self.cookie)
            .call()
            .unwrap_or_else(|e| panic!("GET {path}: {e}"))
            .into_reader()
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    /// Registers the family of five in Alytus and issues their cards; returns the cards.
    fn family_cards(&self) -> Vec<Value> {
        let members: Vec<Value> = family_of_five()
            .into_iter()
            .map(|(name, role, birth, id)| {
                json!({ "name": name, "role": role, "birth_date": birth, "national_id": id })
            })
            .collect();
        let family = self.post(
            "/api/v1/families",
            json!({ "municipality": "ALY", "reference": "CHECK-1", "members": members }),
        );
        let id = family["id"].as_str().unwrap();
        let issued = self.post(&format!("/api/v1/families/{id}/cards"), json!({}));
        let cards = issued["issued"].as_array().unwrap().clone();
        assert_eq!(cards.len(), 5);
        cards
    }

    fn revoke(&self, card: &Value) {
        let id = card["id"].as_str().unwrap();
        self.post(
            &format!("/api/v1/cards/{id}/revoke"),
            json!({ "reason": "reported lost" }),
        );
    }
}

fn qr(card: &Value) -> &str {
    card["qr_text"].as_str().unwrap()
}

/// The checker open in `lang`, its lists loaded from the server.
async fn open_checker(server: &Server, width: u32, lang: &str) -> Browser {
    let b = Browser::start(width, lang).await;
    b.goto(&format!("{}/check?lang={lang}", server.base)).await;
    b.find("#checker[data-ready='true'][data-lists='online']")
        .await;
    b
}

/// Types a code into the field and presses Enter, as a keyboard-wedge scanner does; waits for
/// the verdict with `reason`.
async fn check(b: &Browser, text: &str, reason: &str) {
    b.fill("#code", text).await;
    b.find("#code").await.send_keys(ENTER).await.unwrap();
    b.find(&format!("#result[data-reason='{reason}']:not([hidden])"))
        .await;
}

async fn outcome_class(b: &Browser) -> String {
    b.find("#result")
        .await
        .attr("class")
        .await
        .unwrap()
        .unwrap_or_default()
}

async fn refresh_lists(b: &Browser, expect: &str) {
    b.click("#refresh").await;
    b.find(&format!("#checker[data-lists='{expect}']")).await;
}

#[tokio::test]
async fn a_valid_card_checks_green_online_and_again_with_the_server_stopped() {
    let mut server = Server::start();
    let api = Api::sign_in(&server, "vaida");
    let cards = api.family_cards();
    let b = open_checker(&server, 1280, "en").await;

    let focused = b.js("return document.activeElement.id;").await;
    assert_eq!(focused, "code", "the field has focus for a scanner");
    let requests_before = b
        .js("return performance.getEntriesByType('resource').length;")
        .await
        .as_u64()
        .unwrap();
    check(&b, qr(&cards[0]), "valid").await;
    assert!(outcome_class(&b).await.contains("result-valid"));
    let result = b.text("#result").await;
    for expected in [
        "VALID",
        "Valid card",
        "Žydrūnė Kazlauskienė",
        "Zydrune Kazlauskiene",
        "parent",
        "Alytus city",
        cards[0]["number"].as_str().unwrap(),
    ] {
        assert!(result.contains(expected), "{expected:?} missing: {result}");
    }
    // What the page fetched meanwhile (the service worker's set-up or an icon may finish
    // loading now): nothing asked the server about the card.
    let fetched = b
        .js(&format!(
            "return performance.getEntriesByType('resource').slice({requests_before}).map(e => e.name);"
        ))
        .await;
    let code = qr(&cards[0]);
    for url in fetched.as_array().unwrap() {
        let url = url.as_str().unwrap();
        assert!(
            !url.contains("/api/") && !url.contains("/check/photo") && !url.contains(&code[5..40]),
            "a check sends nothing to the server, yet it fetched {url}"
        );
    }
    let selected = b
        .js("const f = document.getElementById('code'); return document.activeElement === f && f.selectionStart === 0 && f.selectionEnd === f.value.length;")
        .await;
    assert_eq!(selected, true, "the next scan replaces the last one");

    // Once the service worker runs, a reload leaves a copy of the page for offline use.
    b.find("#checker[data-offline-ready='true']").await;
    b.goto(&format!("{}/check?lang=en", server.base)).await;
    b.find("#checker[data-ready='true'][data-lists='online']")
        .await;

    server.stop();
    refresh_lists(&b, "offline").await;
    assert!(b.text("#lists-state").await.contains("Offline"));
    check(&b, "not a card at all", "not_a_card").await;
    check(&b, qr(&cards[2]), "valid").await;
    assert!(outcome_class(&b).await.contains("result-valid"));
    assert!(b.text("#result").await.contains("Ąžuolas Kazlauskas"));
    let saved = b
        .js("return localStorage.getItem('kartu.check.lists.v1') !== null;")
        .await;
    assert_eq!(saved, true, "the lists are kept on the device");

    // Opened afresh with the server stopped: the page comes from the offline copy, the lists
    // from the device, and a card still checks green.
    b.goto(&format!("{}/check?lang=en", server.base)).await;
    b.find("#checker[data-ready='true'][data-lists='offline']")
        .await;
    check(&b, qr(&cards[3]), "valid").await;
    assert!(outcome_class(&b).await.contains("result-valid"));
    b.close().await;
}

#[tokio::test]
async fn a_revoked_card_shows_as_revoked_after_refreshing_the_lists() {
    let server = Server::start();
    let api = Api::sign_in(&server, "jonas");
    let cards = api.family_cards();
    let b = open_checker(&server, 1280, "en").await;
    check(&b, qr(&cards[1]), "valid").await;

    api.revoke(&cards[1]);
    refresh_lists(&b, "online").await;
    check(&b, qr(&cards[1]), "revoked").await;
    assert!(outcome_class(&b).await.contains("result-invalid"));
    let result = b.text("#result").await;
    assert!(result.contains("NOT VALID"), "{result}");
    assert!(result.contains("The card has been revoked"), "{result}");
    b.screenshot("check-revoked-en", 360).await;
    b.close().await;
}

/// The card text with one letter of the signed holder name changed.
fn forged(text: &str) -> String {
    let body = text.strip_prefix("KARTU1:").unwrap();
    let mut bytes = URL_SAFE_NO_PAD.decode(body).unwrap();
    let n = usize::from(bytes[29]);
    let at = (30..30 + n)
        .find(|&i| bytes[i].is_ascii_lowercase() && bytes[i] != b'z')
        .unwrap();
    bytes[at] += 1;
    format!("KARTU1:{}", URL_SAFE_NO_PAD.encode(bytes))
}

#[tokio::test]
async fn a_forged_card_is_a_bad_signature_and_any_other_text_is_not_a_card() {
    let server = Server::start();
    let api = Api::sign_in(&server, "ruta");
    let cards = api.family_cards();
    let b = open_checker(&server, 1280, "en").await;

    check(&b, &forged(qr(&cards[3])), "bad_signature").await;
    assert!(outcome_class(&b).await.contains("result-invalid"));
    let result = b.text("#result").await;
    assert!(result.contains("Forged or altered card"), "{result}");
    assert!(
        result.contains("not confirmed by a valid signature"),
        "the altered details are marked untrusted: {result}"
    );

    for other in [
        "https://example.org/kartu",
        "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH",
        "kartu1:AQ",
    ] {
        check(&b, other, "not_a_card").await;
        assert!(outcome_class(&b).await.contains("result-invalid"));
        assert!(b
            .text("#result-reason")
            .await
            .contains("not a large family card"));
    }
    b.close().await;
}

#[tokio::test]
async fn lists_past_their_maximum_age_never_show_green() {
    let server = Server::start();
    let api = Api::sign_in(&server, "egle");
    let cards = api.family_cards();
    let b = open_checker(&server, 1280, "en").await;
    check(&b, qr(&cards[4]), "valid").await;

    // The status lists are valid for 24 hours and may be three days older: five days on they
    // are stale. Twelve days on, the key set (seven days and three) is stale too.
    for (days, reason) in [(5, "status_list_stale"), (12, "key_set_stale")] {
        b.js(&format!(
            "if (!window.realNow) window.realNow = Date.now; \
             Date.now = () => window.realNow() + {days} * 86400 * 1000;"
        ))
        .await;
        check(&b, qr(&cards[4]), reason).await;
        let class = outcome_class(&b).await;
        assert!(
            class.contains("result-cannot_confirm"),
            "{days} days: {class}"
        );
        let result = b.text("#result").await;
        assert!(result.contains("CANNOT CONFIRM"), "{result}");
        assert!(result.contains("out of date"), "{result}");
        assert!(
            result.contains("clock differs from the server's"),
            "the clock far from the server's is pointed out: {result}"
        );
    }
    b.screenshot("check-stale-en", 1280).await;
    b.close().await;
}

#[tokio::test]
async fn without_barcode_detector_a_photo_is_read_and_checked_by_the_server() {
    let server = Server::start();
    let api = Api::sign_in(&server, "marius");
    let cards = api.family_cards();
    let b = open_checker(&server, 360, "en").await;

    let has_detector = b.js("return 'BarcodeDetector' in window;").await;
    assert_eq!(
        has_detector, false,
        "this Chromium reads no QR codes itself, so the photo fallback is offered"
    );
    assert!(b.find("#photo-tool").await.is_displayed().await.unwrap());
    assert!(
        !b.find("#camera-start").await.is_displayed().await.unwrap(),
        "no camera button without BarcodeDetector"
    );
    let id = cards[0]["id"].as_str().unwrap();
    let png = api.get_bytes(&format!("/api/v1/cards/{id}/qr.png"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("card.png");
    std::fs::write(&path, &png).unwrap();
    b.find("#photo")
        .await
        .send_keys(path.to_str().unwrap())
        .await
        .unwrap();
    b.find("#result[data-reason='valid']:not([hidden])").await;
    let result = b.text("#result").await;
    assert!(result.contains("Žydrūnė Kazlauskienė"), "{result}");
    assert!(result.contains("Checked by the server"), "{result}");
    b.close().await;

    // Bad input answers a problem document, never a verdict.
    let url = format!("{}/check/photo", server.base);
    let problem = |result: Result<ureq::Response, ureq::Error>| -> (u16, Value) {
        match result {
            Err(ureq::Error::Status(status, response)) => {
                assert_eq!(
                    response.content_type(),
                    "application/problem+json",
                    "{status}"
                );
                (status, response.into_json().unwrap())
            }
            other => panic!("expected a problem, got {other:?}"),
        }
    };
    let (status, doc) = problem(
        ureq::post(&url)
            .set("Content-Type", "text/plain")
            .send_string(qr(&cards[0])),
    );
    assert_eq!((status, doc["code"].as_str()), (400, Some("not_png")));
    let (status, doc) = problem(
        ureq::post(&url)
            .set("Content-Type", "image/png")
            .send_bytes(b"GIF89a not a png"),
    );
    assert_eq!(
        (status, doc["code"].as_str()),
        (400, Some("unreadable_image"))
    );
    let mut blank = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut blank, 64, 64);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&[255u8; 64 * 64]).unwrap();
    }
    let (status, doc) = problem(
        ureq::post(&url)
            .set("Content-Type", "image/png")
            .send_bytes(&blank),
    );
    assert_eq!(status, 422);
    assert_eq!(doc["errors"][0]["code"], "no_qr_code");
    let (status, doc) = problem(
        ureq::post(&url)
            .set("Content-Type", "image/png")
            .send_bytes(&vec![0u8; 4 * 1024 * 1024 + 1]),
    );
    assert_eq!((status, doc["code"].as_str()), (413, Some("too_large")));
}

#[tokio::test]
async fn the_checker_speaks_lithuanian_polish_and_english_at_360_and_1280_px() {
    let server = Server::start();
    let api = Api::sign_in(&server, "ona");
    let cards = api.family_cards();
    for lang in ["en", "lt", "pl"] {
        let b = open_checker(&server, 1280, lang).await;
        let html_lang = b.js("return document.documentElement.lang;").await;
        assert_eq!(html_lang, lang);
        check(&b, qr(&cards[3]), "valid").await;
        b.screenshot(&format!("check-valid-{lang}"), 1280).await;
        b.screenshot(&format!("check-valid-{lang}"), 360).await;
        let overflow = b
            .js("return document.documentElement.scrollWidth > document.documentElement.clientWidth;")
            .await;
        assert_eq!(
            overflow, false,
            "{lang}: nothing scrolls sideways at 360 px"
        );
        if lang != "en" {
            let english = english_sentences_absent_from(lang);
            let text = b.body_text().await;
            for sentence in &english {
                assert!(
                    !text.contains(sentence.as_str()),
                    "{lang} /check shows English {sentence:?}"
                );
            }
        }
        check(&b, "https://example.org/", "not_a_card").await;
        b.screenshot(&format!("check-not-a-card-{lang}"), 360).await;
        b.close().await;
    }
}
