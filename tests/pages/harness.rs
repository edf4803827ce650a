//! The pieces every page test needs: the real `kartu serve` binary on a fresh SQLite file (so a
//! test can stop it to prove a page works offline), accounts made with `kartu admin create`, and
//! Debian's Chromium driven through chromedriver with exactly the flags the issue fixes.
//! Screenshots go to `target/screenshots/`.
//!
//! Without Chromium and chromedriver the tests fail, in CI and outside it alike; they never skip.

use std::path::PathBuf;
use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::chromium::{connect, start_driver, Driver};
use crate::cli::admin_create;
use crate::launcher;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The real service on a fresh SQLite database in its own directory.
pub struct Server {
    /// Declared before `dir`, so that the process is stopped before its directory is removed.
    process: launcher::Server,
    pub base: String,
    pub dir: tempfile::TempDir,
}

/// Map tiles from a port where nothing listens: every page test runs with tiles that fail, as
/// a phone without a connection to the tile server would.
const UNREACHABLE_TILES: &str = "http://127.0.0.1:9/{z}/{x}/{y}.png";

impl Server {
    pub fn start() -> Server {
        Server::start_with(&[])
    }

    /// The service with more `kartu serve` flags (e.g. `--demo`).
    pub fn start_with(args: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut all = vec!["--map-tiles-url", UNREACHABLE_TILES];
        all.extend_from_slice(args);
        let process = launcher::Server::start(
            &database_url(&dir),
            &dir.path().join("keys"),
            &all,
            &[("KARTU_LOG", "warn")],
        );
        Server {
            base: process.base.clone(),
            process,
            dir,
        }
    }

    pub fn database_url(&self) -> String {
        database_url(&self.dir)
    }

    /// Stops the service: from now on nothing answers at `base`.
    pub fn stop(&mut self) {
        self.process.stop();
    }

    /// An account made with `kartu admin create`, the password on stdin.
    pub fn account(&self, username: &str, municipality: &str, role: &str, password: &str) {
        let out = admin_create(&self.database_url(), username, municipality, role, password);
        assert!(
            out.status.success(),
            "kartu admin create: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn database_url(dir: &tempfile::TempDir) -> String {
    format!("sqlite://{}", dir.path().join("kartu.db").display())
}

/// chromedriver and one Chromium session, both stopped when the test ends however it ends.
pub struct Browser {
    _driver: Driver,
    pub client: Client,
}

impl Browser {
    /// A headless Chromium, `width` CSS pixels wide, reading `lang` first.
    pub async fn start(width: u32, lang: &str) -> Browser {
        let driver = start_driver();
        let args = [
            format!("--window-size={width},1000"),
            format!("--lang={lang}"),
        ];
        let client = connect(
            &driver,
            &args,
            json!({"intl.accept_languages": lang}),
            60_000,
        )
        .await;
        Browser {
            _driver: driver,
            client,
        }
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    }

    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
    }

    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        match self
            .client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(e) => {
                let url = self.client.current_url().await.map(|u| u.to_string());
                let text = match self.client.find(Locator::Css("body")).await {
                    Ok(body) => body.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                panic!("no element {css} ({e}) at {url:?}, which shows:\n{text}")
            }
        }
    }

    /// Clicks an element. An element found on a page that was being replaced (after a redirect)
    /// is stale: it is looked up again, a few times, before the test fails.
    pub async fn click(&self, css: &str) {
        let mut attempts = 0;
        loop {
            match self.find(css).await.click().await {
                Ok(()) => return,
                Err(_) if attempts < 3 => {
                    attempts += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("clicking {css}: {e}"),
            }
        }
    }

    /// An attribute of an element; empty when the element lacks it. A stale element (the page
    /// was replaced between finding and reading it) is looked up again, as `click` does.
    pub async fn attr(&self, css: &str, name: &str) -> String {
        let mut attempts = 0;
        loop {
            match self.find(css).await.attr(name).await {
                Ok(value) => return value.unwrap_or_default(),
                Err(_) if attempts < 3 => {
                    attempts += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("reading {name} of {css}: {e}"),
            }
        }
    }

    /// The visible text of an element, looked up again when it went stale meanwhile.
    pub async fn text(&self, css: &str) -> String {
        let mut attempts = 0;
        loop {
            match self.find(css).await.text().await {
                Ok(text) => return text,
                Err(_) if attempts < 3 => {
                    attempts += 1;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("reading the text of {css}: {e}"),
            }
        }
    }

    /// Every visible text of the page body.
    pub async fn body_text(&self) -> String {
        self.text("body").await
    }

    pub async fn path(&self) -> String {
        self.client.current_url().await.unwrap().path().to_string()
    }

    pub async fn js(&self, script: &str) -> serde_json::Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs an asynchronous script: it ends by calling `arguments[0]` with its result.
    pub async fn js_async(&self, script: &str) -> serde_json::Value {
        self.client
            .execute_async(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Saves a screenshot of the page at `width` px (full height of the content, within reason)
    /// as `target/screenshots/<name>-<width>.png`.
    pub async fn screenshot(&self, name: &str, width: u32) {
        self.client.set_window_size(width, 600).await.unwrap();
        let height = self
            .js("return Math.min(4000, Math.max(600, document.documentElement.scrollHeight));")
            .await
            .as_u64()
            .unwrap_or(1000) as u32;
        self.client
            .set_window_size(width, height + 120)
            .await
            .unwrap();
        let png = self.client.screenshot().await.unwrap();
        let dir = root().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}-{width}.png")), png).unwrap();
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}
