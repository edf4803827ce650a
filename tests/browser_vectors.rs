//! The merchant checker's verifier, `static/kartu-verify.js`, in a real headless Chromium: every
//! test vector in `tests/vectors/` must give exactly its expected reason, outcome and claims, and
//! the same key set age, status list age, key id and clock warning as the reference verifier.
//! The page also runs a few extra cases the format fixes (tests/browser/runner.js).
//!
//! Needs Debian's `chromium` and `chromium-driver` packages (`apt-get install chromium
//! chromium-driver`); without them the test fails, in CI and outside it alike. The page is served
//! from a small HTTP server on 127.0.0.1, which browsers treat as a secure context (ES modules and
//! WebCrypto need one). Nothing leaves the machine. See tests/browser/README.md.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly on the first broken step"
)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[path = "support/chromium.rs"]
mod chromium;

use chromium::{connect, start_driver, Driver};
use kartu_card::{KeySet, Policy, PublicKey, Reason, StatusLists};
use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every vector as (file stem, parsed JSON), in file order.
fn vectors() -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/vectors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            let value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, value)
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A static file server on 127.0.0.1 for the page, the verifier's modules and the vectors.

fn serve(vectors_json: Vec<u8>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let vectors_json = Arc::new(vectors_json);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let vectors_json = Arc::clone(&vectors_json);
            // One thread a connection: Chromium opens idle speculative connections.
            std::thread::spawn(move || {
                let _ = respond(stream, &vectors_json);
            });
        }
    });
    port
}

fn respond(mut stream: TcpStream, vectors_json: &[u8]) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 65536 {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
    }
    let head = String::from_utf8_lossy(&head);
    let path = head
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .split('?')
        .next()
        .unwrap_or("/");
    let file = |rel: &str| std::fs::read(root().join(rel)).ok();
    let (kind, body) = match path {
        "/" | "/runner.html" => ("text/html", file("tests/browser/runner.html")),
        "/runner.js" => ("text/javascript", file("tests/browser/runner.js")),
        "/vectors.json" => ("application/json", Some(vectors_json.to_vec())),
        // kartu-verify.js and the modules it imports (static/verify/), as the service serves them.
        _ => match static_script(path) {
            Some(rel) => ("text/javascript", file(&rel)),
            None => ("text/plain", None),
        },
    };
    let (status, body) = match body {
        Some(body) => ("200 OK", body),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// The repository path of a script under `static/` that `path` (`/static/...js`) names, or None:
/// only plain segments, never `..`, `.` or an empty one.
fn static_script(path: &str) -> Option<String> {
    let rel = path.strip_prefix("/static/")?;
    let plain = |s: &str| !s.is_empty() && s != "." && s != ".." && !s.contains('\\');
    (rel.ends_with(".js") && rel.split('/').all(plain)).then(|| format!("static/{rel}"))
}

/// Loads the page, waits for the module, runs every vector in the page and returns its report.
async fn run_in_browser(driver: &Driver, page: &str) -> Value {
    let client = connect(driver, &[], json!({}), 300_000).await;
    let outcome = async {
        client.goto(page).await?;
        client
            .execute(
                r#"
                const deadline = Date.now() + 60000;
                while (!window.kartuRunnerReady && !window.kartuLoadError && Date.now() < deadline) {
                    await new Promise((resolve) => setTimeout(resolve, 50));
                }
                if (!window.kartuRunnerReady) {
                    throw new Error('the test page did not load: ' + (window.kartuLoadError || 'timeout'));
                }
                return JSON.stringify(await window.runVectors());
                "#,
                vec![],
            )
            .await
    }
    .await;
    let _ = client.close().await;
    let text = outcome.unwrap_or_else(|e| panic!("running the vectors in Chromium failed: {e}"));
    serde_json::from_str(text.as_str().expect("the page returns a JSON string")).unwrap()
}

// ---------------------------------------------------------------------------------------------

/// What the reference verifier says about a vector: the verdict as JSON.
fn reference_verdict(vector: &Value) -> Value {
    let anchor = PublicKey::parse(vector["anchor_public_key"].as_str().unwrap()).unwrap();
    let keys = KeySet::from_json(&vector["key_set"].to_string(), &anchor).unwrap();
    let status = match &vector["status"] {
        Value::Null => None,
        bundle => Some(StatusLists::from_json(&bundle.to_string(), &keys).unwrap()),
    };
    let policy = Policy {
        clock_skew: vector["policy"]["clock_skew"].as_i64().unwrap(),
        max_age: vector["policy"]["max_age"].as_i64().unwrap(),
    };
    let verdict = kartu_card::verify_with(
        vector["text"].as_str().unwrap(),
        &keys,
        status.as_ref(),
        vector["now"].as_i64().unwrap(),
        &policy,
    );
    serde_json::to_value(verdict).unwrap()
}

#[tokio::test]
async fn kartu_verify_js_gives_every_vector_its_expected_verdict_in_chromium() {
    let started = Instant::now();
    let vectors = vectors();
    assert!(!vectors.is_empty(), "no vectors in tests/vectors");
    let port = serve(serde_json::to_vec(&vectors).unwrap());
    let driver = start_driver();
    let report = run_in_browser(&driver, &format!("http://127.0.0.1:{port}/runner.html")).await;
    drop(driver);

    assert_eq!(
        report["secure_context"],
        json!(true),
        "the page must be a secure context"
    );
    let results = report["results"].as_array().expect("results");
    assert_eq!(results.len(), vectors.len(), "one result a vector");

    let mut failures = Vec::new();
    for ((name, vector), got) in vectors.iter().zip(results) {
        assert_eq!(got["name"].as_str(), Some(name.as_str()));
        if let Some(error) = got.get("error") {
            failures.push(format!("{name}: the documents were refused: {error}"));
            continue;
        }
        let expected = &vector["expected"];
        let code = expected["reason"].as_str().unwrap();
        let reason = Reason::from_code(code).unwrap_or_else(|| panic!("{name}: unknown {code}"));
        let outcome = serde_json::to_value(reason.outcome()).unwrap();
        let reference = reference_verdict(vector);
        let compare = [
            ("reason", &got["reason"], &expected["reason"]),
            ("outcome", &got["outcome"], &outcome),
            ("valid", &got["valid"], &expected["valid"]),
            ("card", &got["card"], &expected["card"]),
            ("kid", &got["kid"], &reference["kid"]),
            ("key set age", &got["key_set_age"], &reference["key_set"]),
            (
                "status list age",
                &got["status_list_age"],
                &reference["status_list"],
            ),
            (
                "clock warning",
                &got["clock_warning"],
                &reference["clock_warning"],
            ),
        ];
        for (what, js, want) in compare {
            if js != want {
                failures.push(format!("{name}: {what}: JS gave {js}, expected {want}"));
            }
        }
    }
    let checks = report["checks"].as_array().expect("checks");
    for check in checks {
        if check["ok"] != json!(true) {
            failures.push(format!("extra case {}: {}", check["name"], check["detail"]));
        }
    }

    println!("browser: {}", report["user_agent"]);
    println!(
        "{} vectors and {} extra cases run in the page in {} ms; WebCrypto alone accepts vector \
         33's small-order R: {}",
        results.len(),
        checks.len(),
        report["milliseconds"],
        report["webcrypto_alone_accepts_vector_33"]
    );
    println!("wall time: {:.1} s", started.elapsed().as_secs_f64());
    assert!(
        failures.is_empty(),
        "{} disagreement(s) between kartu-verify.js and the vectors:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
