//! What operators get from a running `kartu serve`: Prometheus metrics on their own address, a
//! log of JSON lines that carries each request's id, and a shutdown that fails readiness first
//! and lets the requests under way finish.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::helpers::{drop_postgres, test_database};
use crate::launcher::Server;
use crate::server::first_admin_logs_in;

/// The scrape address the server printed (`kartu metrics on <url>`).
fn metrics_url(server: &mut Server) -> String {
    server
        .lines()
        .iter()
        .find_map(|l| l.strip_prefix("kartu metrics on ").map(str::to_string))
        .expect("the metrics address is printed at start-up")
}

/// Scrapes `url`, checks that it parses as the Prometheus text format, and returns its samples.
fn scrape(url: &str) -> Vec<prometheus_parse::Sample> {
    let response = ureq::get(url).call().unwrap();
    assert!(
        response.content_type().starts_with("text/plain"),
        "{}",
        response.content_type()
    );
    let text = response.into_string().unwrap();
    for line in text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (series, value) = line.rsplit_once(' ').unwrap();
        assert!(value.parse::<f64>().is_ok(), "a sample's value: {line}");
        let name: String = series.chars().take_while(|c| *c != '{').collect();
        assert!(
            !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':'),
            "a metric name: {line}"
        );
    }
    let lines = text.lines().map(|l| Ok(l.to_string()));
    prometheus_parse::Scrape::parse(lines).unwrap().samples
}

/// The value of the sample `name` whose labels include `labels`.
fn value(samples: &[prometheus_parse::Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    samples
        .iter()
        .filter(|s| s.metric == name)
        .filter(|s| labels.iter().all(|(k, v)| s.labels.get(k) == Some(*v)))
        .map(|s| match s.value {
            prometheus_parse::Value::Counter(v)
            | prometheus_parse::Value::Gauge(v)
            | prometheus_parse::Value::Untyped(v) => v,
            _ => f64::NAN,
        })
        .next()
        .unwrap_or(0.0)
}

fn verify(base: &str, payload: &str) -> ureq::Response {
    ureq::post(&format!("{base}/api/v1/verify"))
        .send_json(json!({ "payload": payload }))
        .unwrap()
}

#[test]
fn metrics_are_served_on_their_own_address_and_count_verifications_requests_and_acts() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = test_database(dir.path());
    let keys = dir.path().join("keys");
    let mut server = Server::start(&url, &keys, &["--metrics-listen", "127.0.0.1:0"], &[]);
    let base = server.base.clone();
    let metrics = metrics_url(&mut server);
    assert!(metrics.ends_with("/metrics"), "{metrics}");

    let main_address = ureq::get(&format!("{base}/metrics")).call();
    assert!(
        matches!(main_address, Err(ureq::Error::Status(404, _))),
        "the metrics are not on the public address"
    );

    let before = scrape(&metrics);
    let not_a_card = [("outcome", "not_a_card")];
    let verify_route = [
        ("route", "/api/v1/verify"),
        ("method", "POST"),
        ("status", "200"),
    ];
    assert_eq!(value(&before, "kartu_verify_total", &not_a_card), 0.0);
    for _ in 0..3 {
        verify(&base, "not a card at all");
    }
    let (_, _) = first_admin_logs_in(&base, &url);

    let after = scrape(&metrics);
    assert_eq!(value(&after, "kartu_verify_total", &not_a_card), 3.0);
    assert_eq!(
        value(&after, "kartu_http_requests_total", &verify_route)
            - value(&before, "kartu_http_requests_total", &verify_route),
        3.0
    );
    let latency = [("route", "/api/v1/verify"), ("method", "POST")];
    assert_eq!(
        value(
            &after,
            "kartu_http_request_duration_seconds_count",
            &latency
        ),
        3.0,
        "the latency histogram has a count per request"
    );
    let buckets = after
        .iter()
        .find(|s| {
            s.metric == "kartu_http_request_duration_seconds"
                && s.labels.get("route") == Some("/api/v1/verify")
        })
        .map(|s| &s.value);
    match buckets {
        Some(prometheus_parse::Value::Histogram(buckets)) => {
            assert!(buckets.len() > 5, "{buckets:?}");
            assert_eq!(buckets.last().unwrap().count, 3.0, "{buckets:?}");
        }
        other => panic!("a histogram with buckets, not a summary: {other:?}"),
    }
    // One failed and one successful login, each an act that committed.
    assert_eq!(
        value(&after, "kartu_acts_total", &[("act", "login.failure")]),
        1.0
    );
    assert_eq!(
        value(&after, "kartu_acts_total", &[("act", "login.success")]),
        1.0
    );
    assert!(value(&after, "kartu_db_pool_max", &[]) >= 1.0);
    assert!(value(&after, "kartu_key_set_age_seconds", &[]) >= 0.0);
    assert!(after
        .iter()
        .any(|s| s.metric == "kartu_status_lists_age_seconds"));
    assert_eq!(
        value(
            &after,
            "kartu_cards",
            &[("municipality", "VAR"), ("state", "active")]
        ),
        0.0
    );
    assert!(
        after
            .iter()
            .any(|s| s.metric == "kartu_cards" && s.labels.get("state") == Some("revoked")),
        "every state of every municipality is shown, zeros too"
    );
    drop(server);
    if let Some((admin, name)) = postgres {
        drop_postgres(&admin, &name);
    }
}

#[test]
fn json_log_lines_parse_and_carry_the_request_id_and_a_clients_malformed_header_is_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = test_database(dir.path());
    let keys = dir.path().join("keys");
    let mut server = Server::start(&url, &keys, &["--log-format", "json"], &[]);
    let base = server.base.clone();

    let given = ureq::post(&format!("{base}/api/v1/verify"))
        .set("X-Request-Id", "till-7.checkout_42")
        .send_json(json!({ "payload": "KARTU1:not-really" }))
        .unwrap();
    assert_eq!(given.header("x-request-id"), Some("till-7.checkout_42"));
    let made = ureq::get(&format!("{base}/healthz"))
        .set("X-Request-Id", "no spaces allowed")
        .call()
        .unwrap();
    let made_id = made.header("x-request-id").unwrap().to_string();
    assert_eq!(made_id.len(), 32, "a new id replaces one that is not plain");
    // A family token, sent with an encoded letter, is still cut from the log.
    let token = "Zm9vYmFyYmF6cXV4cXV1eHF1dXhxdXV4cXV1eA";
    let _ = ureq::get(&format!("{base}/%66amily/{token}")).call();
    // A client's malformed header is its fault: 400, and no ERROR line for anyone to flood.
    {
        let address = base.trim_start_matches("http://");
        let mut raw = TcpStream::connect(address).unwrap();
        raw.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n")
            .unwrap();
        let mut answer = String::new();
        let _ = raw.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    }
    server.stop();

    let lines = server.lines();
    let json_lines: Vec<Value> = lines
        .iter()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    assert!(
        lines.iter().all(|l| !l.contains('\u{1b}')),
        "no colour codes when the output is not a terminal"
    );
    assert!(
        !lines.iter().any(|l| l.contains(token)),
        "no family token in the log:\n{}",
        lines.join("\n")
    );
    let request = |id: &str| {
        json_lines
            .iter()
            .find(|v| v["message"] == "request" && v["span"]["request_id"] == id)
            .unwrap_or_else(|| panic!("a request line with id {id}:\n{}", lines.join("\n")))
            .clone()
    };
    let errors: Vec<&Value> = json_lines
        .iter()
        .filter(|v| v["level"] == "ERROR")
        .collect();
    assert!(errors.is_empty(), "no ERROR lines: {errors:?}");
    let verified = request("till-7.checkout_42");
    assert_eq!(verified["path"], "/api/v1/verify");
    assert_eq!(verified["status"], 200);
    assert_eq!(verified["level"], "INFO");
    assert!(verified["timestamp"].is_string());
    assert_eq!(request(&made_id)["path"], "/healthz");
    if let Some((admin, name)) = postgres {
        drop_postgres(&admin, &name);
    }
}

/// Sends a request's head and half its body on a connection of its own; the rest is sent later.
fn start_slow_verify(base: &str, body: &str) -> (TcpStream, String) {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let head = format!(
        "POST /api/v1/verify HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let (first, rest) = body.split_at(body.len() / 2);
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(first.as_bytes()).unwrap();
    (stream, rest.to_string())
}

fn status(base: &str, path: &str) -> Option<u16> {
    match ureq::get(&format!("{base}{path}"))
        .timeout(Duration::from_secs(2))
        .call()
    {
        Ok(r) => Some(r.status()),
        Err(ureq::Error::Status(code, _)) => Some(code),
        Err(_) => None,
    }
}

#[test]
fn sigterm_fails_readiness_first_then_closes_and_lets_the_requests_under_way_finish() {
    let dir = tempfile::tempdir().unwrap();
    let (url, postgres) = test_database(dir.path());
    let keys = dir.path().join("keys");
    let mut server = Server::start(&url, &keys, &["--shutdown-drain-seconds", "2"], &[]);
    let base = server.base.clone();
    assert_eq!(status(&base, "/readyz"), Some(200));

    let body = json!({ "payload": "KARTU1:half-sent-before-the-signal" }).to_string();
    let (mut in_flight, rest) = start_slow_verify(&base, &body);
    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &server.pid().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());

    // Readiness fails at once, while the service still answers everything else.
    let mut not_ready = None;
    while signalled.elapsed() < Duration::from_secs(1) {
        if status(&base, "/readyz") == Some(503) {
            not_ready = Some(signalled.elapsed());
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        not_ready.is_some(),
        "readiness failed within 1 s of SIGTERM"
    );
    assert_eq!(
        status(&base, "/healthz"),
        Some(200),
        "still serving in the drain"
    );
    assert_eq!(
        verify(&base, "not a card").status(),
        200,
        "a verification in the drain is answered"
    );

    // After the drain the listener closes; the request under way still gets its whole answer.
    let mut closed = false;
    while signalled.elapsed() < Duration::from_secs(10) {
        if TcpStream::connect(base.trim_start_matches("http://")).is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(closed, "the listener closes after the drain");
    assert!(
        signalled.elapsed() >= Duration::from_secs(2),
        "not before the drain ended"
    );
    in_flight.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    in_flight.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let (_, verdict) = answer.split_once("\r\n\r\n").unwrap();
    let verdict: Value = serde_json::from_str(verdict).unwrap();
    assert_eq!(verdict["reason"], "malformed", "{verdict}");

    let exit = server.wait_for_exit(Duration::from_secs(35));
    assert!(
        exit.is_some_and(|s| s.success()),
        "kartu serve ends cleanly after the shutdown: {exit:?}"
    );
    if let Some((admin, name)) = postgres {
        drop_postgres(&admin, &name);
    }
}
