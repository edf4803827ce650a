//! The baseline of the verify-endpoint load test (scripts/bench-http.sh): a bare actix-web
//! handler that only parses the JSON body `{"payload": …}`, decodes the card text and checks its
//! signature with `verify_strict` against one fixed public key, then answers `{"valid":…}`.
//! No key set lookup, no status list, no translation, no middleware, no logging.
//!
//! ```text
//! cargo run --release --example bare_verify -- --listen 127.0.0.1:8081 --workers 2 \
//!     --keys-dir DIR --payload 'KARTU1:…'     # the service's key ring and one of its cards
//! cargo run --release --example bare_verify -- --listen 127.0.0.1:8081   # own key and card
//! ```
//! With `--keys-dir` and `--payload` the fixed key is the ring's public key whose id the card
//! names, so the bare handler verifies exactly the payload the service verifies. Without them
//! it signs a card of its own with a key from a fixed seed and prints its QR text.

// A benchmark helper may stop on the first surprise: it is not production code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use actix_web::{web, App, HttpResponse, HttpServer};
use clap::Parser;
use kartu_card::{
    decode, sign, CardNumber, Claims, KeyEntry, Municipality, PersonName, PublicKey, Role,
    SigningKey,
};
use serde::Deserialize;

#[derive(Debug, Parser)]
struct Args {
    #[arg(long, default_value = "127.0.0.1:8081")]
    listen: String,
    /// HTTP worker threads (0: actix's default, one per core).
    #[arg(long, default_value_t = 0)]
    workers: usize,
    /// The service's keys directory; with `--payload`, verify against its key.
    #[arg(long, requires = "payload")]
    keys_dir: Option<PathBuf>,
    /// The card text the load test posts.
    #[arg(long, requires = "keys_dir")]
    payload: Option<String>,
}

#[derive(Debug, Deserialize)]
struct VerifyRequest {
    payload: String,
}

async fn verify(key: web::Data<PublicKey>, body: web::Json<VerifyRequest>) -> HttpResponse {
    let valid = match decode(&body.payload) {
        Ok(card) => key.verify_strict(&card.signing_input(), card.signature()),
        Err(_) => false,
    };
    HttpResponse::Ok().json(serde_json::json!({ "valid": valid }))
}

/// The fixed key and the payload it verifies.
fn key_and_payload(args: &Args) -> (PublicKey, String) {
    if let (Some(dir), Some(payload)) = (&args.keys_dir, &args.payload) {
        let ring = kartu::store::keyring::Keyring::open(dir).expect("open the key ring");
        let card = decode(payload).expect("the payload decodes");
        let entry = ring
            .entries()
            .iter()
            .find(|e| e.key.kid == card.kid)
            .expect("the ring holds the card's key");
        return (entry.key.public_key, payload.clone());
    }
    let now = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock after 1970")
            .as_secs(),
    )
    .expect("time fits");
    let key = SigningKey::from_seed(&[42u8; 32]);
    let entry = KeyEntry::new(
        Municipality::Aly,
        key.public_key(),
        now - 3600,
        now + 365 * 86_400,
    );
    let claims = Claims {
        number: CardNumber::new(Municipality::Aly, 4217, 3, 1).expect("card number"),
        holder: PersonName::parse("Gintarė Žemaitytė-Kazlauskienė").expect("name"),
        role: Role::Parent,
        valid_from: now,
        valid_until: now + 365 * 86_400,
        status_index: 12_345,
    };
    let text = sign(&claims, &entry, &key).expect("sign");
    (key.public_key(), text)
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let (key, payload) = key_and_payload(&args);
    let card = decode(&payload).expect("the payload decodes");
    assert!(
        key.verify_strict(&card.signing_input(), card.signature()),
        "the payload's signature does not verify with the fixed key"
    );
    println!("payload {payload}");
    let key = web::Data::new(key);
    actix_web::rt::System::new().block_on(async move {
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(key.clone())
                .route("/api/v1/verify", web::post().to(verify))
        })
        .bind(&args.listen)?;
        if args.workers > 0 {
            server = server.workers(args.workers);
        }
        println!("bare_verify listening on http://{}", args.listen);
        server.run().await
    })
}
