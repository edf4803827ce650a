//! Debian's Chromium driven through chromedriver, for the browser test binaries (included with
//! `#[path]`): the binaries, a chromedriver stopped when dropped, and a session started with
//! exactly the flags the project fixes. Without Chromium and chromedriver the tests fail, in CI
//! and outside it alike; they never skip.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::{json, Value};

/// Exactly the flags Chromium is started with (chromedriver adds its own automation flags).
pub const CHROMIUM_FLAGS: [&str; 9] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

pub const INSTALL_HINT: &str = "install Debian's browser and driver with \
     `apt-get install chromium chromium-driver` (or point KARTU_CHROMIUM and KARTU_CHROMEDRIVER \
     at them)";

/// Chromium itself and chromedriver. Debian's /usr/bin/chromium is a shell wrapper that adds
/// flags of its own from /etc/chromium.d, so the binary behind it is preferred.
pub fn binaries() -> (PathBuf, PathBuf) {
    let pick = |var: &str, candidates: &[&str]| -> Option<PathBuf> {
        match std::env::var_os(var) {
            Some(path) => Some(PathBuf::from(path)),
            None => candidates.iter().map(PathBuf::from).find(|p| p.is_file()),
        }
    };
    let chromium = pick(
        "KARTU_CHROMIUM",
        &["/usr/lib/chromium/chromium", "/usr/bin/chromium"],
    );
    let driver = pick("KARTU_CHROMEDRIVER", &["/usr/bin/chromedriver"]);
    match (chromium, driver) {
        (Some(c), Some(d)) if c.is_file() && d.is_file() => (c, d),
        (c, d) => panic!(
            "the browser tests need Chromium and chromedriver (found chromium: {c:?}, \
             chromedriver: {d:?}; CI={}): {INSTALL_HINT}",
            std::env::var("CI").unwrap_or_default()
        ),
    }
}

/// A running chromedriver, stopped when dropped.
pub struct Driver {
    child: Child,
    pub port: u16,
    pub log: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver on a free port and waits until it listens.
pub fn start_driver() -> Driver {
    let (_, driver) = binaries();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = std::env::temp_dir().join(format!(
        "kartu-chromedriver-{}-{port}.log",
        std::process::id()
    ));
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .arg(format!("--log-path={}", log.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}; {INSTALL_HINT}", driver.display()));
    let driver = Driver { child, port, log };
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "chromedriver did not listen on port {port} within 30 s (log: {})",
            driver.log.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    driver
}

/// A Chromium session with the fixed flags plus `extra_args`, Chrome preferences `prefs`, and a
/// script timeout of `script_ms`.
pub async fn connect(
    driver: &Driver,
    extra_args: &[String],
    prefs: Value,
    script_ms: u64,
) -> Client {
    let (chromium, _) = binaries();
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
    args.extend_from_slice(extra_args);
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), json!("chrome"));
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": chromium, "args": args, "prefs": prefs }),
    );
    caps.insert(
        "timeouts".into(),
        json!({ "script": script_ms, "pageLoad": 60_000 }),
    );
    ClientBuilder::rustls()
        .expect("fantoccini's rustls client needs the system's CA roots: apt-get install ca-certificates")
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .unwrap_or_else(|e| {
            panic!(
                "chromedriver could not start Chromium: {e} (log: {}); {INSTALL_HINT}",
                driver.log.display()
            )
        })
}
