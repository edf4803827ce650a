//! Issuance load through the HTTP API (scripts/bench-http.sh). First registers `--families`
//! families of two parents and three children (setup, timed separately and not part of the
//! result), then issues their cards with `POST /api/v1/families/{id}/cards` from `--threads`
//! client threads, each family once, and prints families/s, cards/s and the latency of one
//! issuance request. Every answer must be 200 with 5 issued cards; anything else is counted as
//! an error and makes the program exit with status 1.
//!
//! ```text
//! cargo run --release --example issue_load -- --base-url http://127.0.0.1:8080 --families 2000 --threads 16
//! ```
//! With `--token ALY=… --token VAR=… --token ELK=…` (clerk API tokens from `kartu admin token`)
//! every request carries its municipality's token. National IDs are synthetic but valid
//! (asmens kodas for ALY and VAR, PESEL for ELK) and unique for up to 30,000 families, so run it
//! against a fresh database each time.

// A benchmark helper may stop on the first surprise: it is not production code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
// The test suite's synthetic national ID numbers, so the load uses the same valid ones.
#[path = "../tests/support/people.rs"]
mod people;
use people::{asmens_kodas, pesel, years_ago};
use serde_json::{json, Value};

#[derive(Debug, Parser)]
struct Args {
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    base_url: String,
    #[arg(long, default_value_t = 2000)]
    families: usize,
    /// Client threads, each with its own keep-alive connection.
    #[arg(long, default_value_t = 16)]
    threads: usize,
    /// Families issued before the clock starts (taken from `--families`).
    #[arg(long, default_value_t = 100)]
    warmup: usize,
    /// The service's process id: its CPU time (user + system, from /proc) during the timed
    /// part is reported per family.
    #[arg(long)]
    service_pid: Option<u32>,
    /// `MUN=TOKEN`: an API token (`kartu admin token --role clerk`) sent as `Authorization:
    /// Bearer` with every request for that municipality's families (ALY, VAR, ELK). Without
    /// tokens no Authorization header is sent.
    #[arg(long = "token", value_name = "MUN=TOKEN")]
    tokens: Vec<String>,
}

const MUNICIPALITIES: [&str; 3] = ["ALY", "VAR", "ELK"];

/// The municipality of family `i`.
fn municipality(i: usize) -> &'static str {
    MUNICIPALITIES[i % 3]
}

/// The `Authorization` header value for each municipality, if a token was given.
fn auth_headers(tokens: &[String]) -> [Option<String>; 3] {
    let mut headers = [None, None, None];
    for t in tokens {
        let (m, token) = t.split_once('=').expect("--token MUN=TOKEN");
        let slot = MUNICIPALITIES
            .iter()
            .position(|x| *x == m)
            .expect("--token for ALY, VAR or ELK");
        headers[slot] = Some(format!("Bearer {token}"));
    }
    headers
}

/// A request with the family's municipality's token, if any.
fn authorized(request: ureq::Request, auth: &[Option<String>; 3], i: usize) -> ureq::Request {
    match &auth[i % 3] {
        Some(value) => request.set("Authorization", value),
        None => request,
    }
}

/// User + system CPU seconds of a process so far, from /proc/<pid>/stat (Linux).
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    // The kernel reports clock ticks, 100 a second on every Linux this runs on (CLK_TCK).
    Some(ticks / 100.0)
}

/// Family `i`: two parents and three children under 18, qualifying today. Every member's
/// (birth date, serial) pair is unique across families: serial `i % 1000`, dates moved back by
/// `i / 1000` days.
fn family(i: usize) -> Value {
    let municipality = municipality(i);
    let serial = u16::try_from(i % 1000).unwrap();
    let shift = i64::try_from(i / 1000).unwrap();
    let members = [
        (
            "Žydrūnė Kazlauskienė",
            "parent",
            years_ago(40, -shift),
            true,
        ),
        ("Łukasz Kazlauskas", "parent", years_ago(38, -shift), false),
        ("Ąžuolas Kazlauskas", "child", years_ago(12, -shift), false),
        ("Gabija Kazlauskaitė", "child", years_ago(9, -shift), true),
        ("Šarūnas Kazlauskas", "child", years_ago(4, -shift), false),
    ];
    let members: Vec<Value> = members
        .iter()
        .map(|(name, role, birth, female)| {
            let id = if municipality == "ELK" {
                pesel(*birth, serial, *female)
            } else {
                asmens_kodas(*birth, serial, *female)
            };
            json!({"name": name, "role": role, "birth_date": birth.to_string(), "national_id": id})
        })
        .collect();
    json!({"municipality": municipality, "reference": format!("BENCH-{i}"), "members": members})
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1].as_secs_f64() * 1000.0
}

/// Runs `work(i)` for every `i` in `range` on `threads` threads, each with its own agent.
/// Returns the latencies and the number of failed calls.
fn run<F>(threads: usize, range: std::ops::Range<usize>, work: F) -> (Vec<Duration>, usize)
where
    F: Fn(&ureq::Agent, usize) -> Result<(), String> + Send + Sync + 'static,
{
    let next = Arc::new(AtomicUsize::new(range.start));
    let work = Arc::new(work);
    let errors = Arc::new(Mutex::new(Vec::<String>::new()));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let next = Arc::clone(&next);
            let work = Arc::clone(&work);
            let errors = Arc::clone(&errors);
            let end = range.end;
            std::thread::spawn(move || {
                let agent = ureq::AgentBuilder::new()
                    .timeout(Duration::from_secs(60))
                    .build();
                let mut latencies = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= end {
                        break;
                    }
                    let started = Instant::now();
                    match work(&agent, i) {
                        Ok(()) => latencies.push(started.elapsed()),
                        Err(e) => errors.lock().unwrap().push(e),
                    }
                }
                latencies
            })
        })
        .collect();
    let latencies: Vec<Duration> = handles
        .into_iter()
        .flat_map(|h| h.join().expect("a client thread"))
        .collect();
    let errors = errors.lock().unwrap();
    for e in errors.iter().take(5) {
        eprintln!("error: {e}");
    }
    (latencies, errors.len())
}

fn call(result: Result<ureq::Response, ureq::Error>) -> Result<ureq::Response, String> {
    match result {
        Ok(r) => Ok(r),
        Err(ureq::Error::Status(code, r)) => Err(format!(
            "HTTP {code}: {}",
            r.into_string().unwrap_or_default()
        )),
        Err(e) => Err(e.to_string()),
    }
}

fn main() {
    let args = Args::parse();
    assert!(
        args.families <= 30_000,
        "IDs are unique for 30,000 families at most"
    );
    assert!(args.warmup < args.families);
    let base = args.base_url.trim_end_matches('/').to_string();
    let auth = Arc::new(auth_headers(&args.tokens));
    let ids: Arc<Vec<Mutex<Option<String>>>> =
        Arc::new((0..args.families).map(|_| Mutex::new(None)).collect());

    // Setup: register every family (not part of the result).
    let started = Instant::now();
    // Before commit 740f236, two concurrent registrations in one municipality on PostgreSQL
    // could draw the same family number and one answered 409; such a registration is retried
    // and counted, since setup is not what is measured.
    let retries = Arc::new(AtomicUsize::new(0));
    let (_, failed) = {
        let ids = Arc::clone(&ids);
        let retries = Arc::clone(&retries);
        let url = format!("{base}/api/v1/families");
        let auth = Arc::clone(&auth);
        run(args.threads, 0..args.families, move |agent, i| {
            let mut attempt = 0;
            let r = loop {
                match call(authorized(agent.post(&url), &auth, i).send_json(family(i))) {
                    Err(e)
                        if e.contains("HTTP 409")
                            && e.contains("family_number")
                            && attempt < 50 =>
                    {
                        attempt += 1;
                        retries.fetch_add(1, Ordering::Relaxed);
                    }
                    other => break other?,
                }
            };
            if r.status() != 201 {
                return Err(format!("register: HTTP {}", r.status()));
            }
            let v: Value = r.into_json().map_err(|e| e.to_string())?;
            let id = v["id"].as_str().ok_or("no id")?.to_string();
            *ids[i].lock().unwrap() = Some(id);
            Ok(())
        })
    };
    let setup = started.elapsed().as_secs_f64();
    println!(
        "setup: registered {} families in {setup:.1} s ({:.1}/s), {failed} failed, {} retried after a 409 family-number conflict",
        args.families - failed,
        (args.families - failed) as f64 / setup,
        retries.load(Ordering::Relaxed),
    );
    assert_eq!(failed, 0, "registration failed");

    let issue = {
        let ids = Arc::clone(&ids);
        let base = base.clone();
        let auth = Arc::clone(&auth);
        move |agent: &ureq::Agent, i: usize| -> Result<(), String> {
            let id = ids[i].lock().unwrap().clone().ok_or("unregistered")?;
            let url = format!("{base}/api/v1/families/{id}/cards");
            let r = call(authorized(agent.post(&url), &auth, i).call())?;
            if r.status() != 200 {
                return Err(format!("issue: HTTP {}", r.status()));
            }
            let v: Value = r.into_json().map_err(|e| e.to_string())?;
            let issued = v["issued"].as_array().map_or(0, Vec::len);
            if issued != 5 {
                return Err(format!("issue: {issued} cards instead of 5: {v}"));
            }
            Ok(())
        }
    };
    let issue = Arc::new(issue);

    // Warm-up: the first families, untimed.
    let (_, warm_failed) = {
        let issue = Arc::clone(&issue);
        run(args.threads, 0..args.warmup, move |a, i| issue(a, i))
    };

    let cpu_before = args.service_pid.and_then(cpu_seconds);
    let started = Instant::now();
    let (mut latencies, failed) = {
        let issue = Arc::clone(&issue);
        run(args.threads, args.warmup..args.families, move |a, i| {
            issue(a, i)
        })
    };
    let elapsed = started.elapsed().as_secs_f64();
    let cpu_after = args.service_pid.and_then(cpu_seconds);
    latencies.sort_unstable();
    let families = latencies.len();
    let service_cpu = match (cpu_before, cpu_after) {
        (Some(b), Some(a)) => format!(
            " service_cpu_s={:.2} service_cpu_ms_per_family={:.2}",
            a - b,
            (a - b) * 1000.0 / families.max(1) as f64
        ),
        _ => String::new(),
    };
    println!(
        "issue_load threads={} families={families} cards={} errors={} seconds={elapsed:.2} families_per_s={:.1} cards_per_s={:.1} p50_ms={:.2} p99_ms={:.2} max_ms={:.2}{service_cpu}",
        args.threads,
        families * 5,
        failed + warm_failed,
        families as f64 / elapsed,
        (families * 5) as f64 / elapsed,
        percentile(&latencies, 50.0),
        percentile(&latencies, 99.0),
        percentile(&latencies, 100.0),
    );

    // One issued card, checked through the verify endpoint.
    let last = args.families - 1;
    if let Some(id) = ids[last].lock().unwrap().clone() {
        let url = format!("{base}/api/v1/families/{id}");
        let r = call(authorized(ureq::get(&url), &auth, last).call()).expect("family");
        let v: Value = r.into_json().expect("JSON");
        let text = v["cards"][0]["qr_text"].as_str().map(str::to_string);
        if let Some(text) = text {
            let r = call(
                ureq::post(&format!("{base}/api/v1/verify")).send_json(json!({"payload": text})),
            )
            .expect("verify");
            let v: Value = r.into_json().expect("JSON");
            println!("check: an issued card verifies as {}", v["reason"]);
        } else {
            println!("check: no qr_text in the family view");
        }
    }
    if failed + warm_failed > 0 {
        std::process::exit(1);
    }
}
