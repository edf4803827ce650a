//! The family page in Chromium: a clerk hands the family a link on a printed slip; the page shows
//! every card's QR code, keeps showing them after the server is stopped, carries no national ID
//! or birth date, and stops working when the clerk revokes the link.

use crate::console::{
    english_sentences_absent_from, family_of_five, family_with_cards, shows_phrase,
};
use crate::harness::{Browser, Server};

const QR_COUNT: &str = "return [...document.querySelectorAll('img.family-qr')]\
    .filter((i) => i.complete && i.naturalWidth > 0).length;";

#[tokio::test]
async fn the_family_page_shows_five_qr_codes_and_still_shows_them_with_the_server_stopped() {
    let mut server = Server::start();
    server.account("rasa", "ALY", "clerk", crate::console::PASSWORD);
    let b = Browser::start(360, "lt").await;
    let base = server.base.clone();
    family_with_cards(&b, &base, "rasa").await;
    let people = family_of_five();
    b.click("#make-link").await;
    let link = b.attr("#family-link", "href").await;
    assert!(link.starts_with(&format!("{base}/family/")), "{link}");
    let token = link.rsplit('/').next().unwrap().to_string();
    assert!(token.len() >= 43, "at least 256 bits, base64url: {token}");
    b.screenshot("console-slip-lt", 360).await;

    // The family opens the link on their phone (here: the same browser, signed out).
    b.js("document.cookie = 'kartu_session=; path=/; max-age=0';")
        .await;
    b.goto(&link).await;
    assert_eq!(b.js(QR_COUNT).await, 5, "one QR code per card");
    let source = b.client.source().await.unwrap();
    for (_, _, birth, id) in &people {
        assert!(
            !source.contains(id.as_str()),
            "the family page shows a national ID"
        );
        assert!(
            !source.contains(birth.as_str()),
            "the family page shows a birth date"
        );
    }
    let manifest = b
        .js("return document.querySelector('link[rel=manifest]').href;")
        .await;
    assert!(manifest
        .as_str()
        .unwrap()
        .ends_with("/manifest.webmanifest"));

    // Once the worker runs, a reload goes through it and leaves a copy for offline use.
    b.js_async(
        "const done = arguments[0]; \
          const wait = () => document.documentElement.dataset.offlineReady === 'true' \
            ? done(true) : setTimeout(wait, 50); wait();",
    )
    .await;
    b.goto(&link).await;
    assert_eq!(b.js(QR_COUNT).await, 5);
    assert_eq!(
        b.attr("#where-to-use", "href").await,
        "/partners",
        "where to use the card"
    );
    for lang in ["lt", "pl", "en"] {
        b.goto(&format!("{link}?lang={lang}")).await;
        b.screenshot(&format!("family-{lang}"), 360).await;
        b.screenshot(&format!("family-{lang}"), 1280).await;
        if lang != "en" {
            let text = b.body_text().await;
            for sentence in english_sentences_absent_from(lang) {
                assert!(
                    !shows_phrase(&text, &sentence),
                    "{lang} family page shows {sentence:?}"
                );
            }
        }
    }

    server.stop();
    assert!(
        ureq::get(&format!("{base}/healthz")).call().is_err(),
        "the server is really stopped"
    );
    b.goto(&link).await;
    assert_eq!(
        b.js(QR_COUNT).await,
        5,
        "the QR codes are there with the server stopped"
    );
    let heading = b.text("h1").await;
    assert!(!heading.is_empty());
    b.screenshot("family-offline-en", 360).await;
    b.close().await;
}

#[tokio::test]
async fn a_revoked_link_no_longer_opens_the_family_page() {
    let server = Server::start();
    server.account("rasa", "ALY", "clerk", crate::console::PASSWORD);
    let b = Browser::start(1280, "en").await;
    let base = server.base.clone();
    let family_path = family_with_cards(&b, &base, "rasa").await;
    b.click("#make-link").await;
    let first = b.attr("#family-link", "href").await;

    // Replacing the link ends the first one.
    b.goto(&format!("{base}{family_path}")).await;
    b.click("#make-link").await;
    let second = b.attr("#family-link", "href").await;
    assert_ne!(first, second);
    let status = |url: &str| match ureq::get(url).call() {
        Ok(r) => r.status(),
        Err(ureq::Error::Status(code, _)) => code,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(status(&first), 404);
    assert_eq!(status(&second), 200);

    b.goto(&format!("{base}{family_path}")).await;
    b.click("#revoke-link").await;
    assert!(b.text("#notice").await.contains("revoked"));
    assert_eq!(status(&second), 404);
    b.goto(&second).await;
    assert!(b.text("h1").await.contains("Not found"));
    b.close().await;
}
