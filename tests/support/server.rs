//! The real `kartu serve` binary on port 0, as the integration tests start it (included with
//! `#[path]`): one launcher for the API test that reads its log and the page tests that stop it.
//!
//! The process runs without `KARTU_ID_HASH_SECRET` from the test's own environment. Everything it
//! prints, on stdout and stderr, is kept as lines, from the first line on, so that a test can
//! read the whole log and a server that never reports its port fails with what it said.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How long `kartu serve` gets to report its port (a cold debug binary on a busy machine).
const STARTUP: Duration = Duration::from_secs(60);

/// How long a stopped server's last lines get to arrive from the pipes.
const LAST_LINES: Duration = Duration::from_secs(5);

/// A running `kartu serve`; stopped (killed and waited for) when dropped.
pub struct Server {
    child: Option<Child>,
    /// `http://127.0.0.1:<port>`, as the process reported it.
    pub base: String,
    lines: Receiver<String>,
    /// Every line received so far, in the order it arrived.
    seen: Vec<String>,
}

impl Server {
    /// Starts `kartu serve --listen 127.0.0.1:0 --database-url <database_url> --keys-dir
    /// <keys_dir>`, then `args`, with `env` set, and waits for `kartu listening on <base>`.
    pub fn start(
        database_url: &str,
        keys_dir: &Path,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_kartu"));
        command
            .args(["serve", "--listen", "127.0.0.1:0", "--database-url"])
            .arg(database_url)
            .arg("--keys-dir")
            .arg(keys_dir)
            .args(args)
            .env_remove("KARTU_ID_HASH_SECRET")
            .envs(env.iter().map(|(k, v)| (OsStr::new(k), OsStr::new(v))))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("kartu serve starts");
        let (tx, rx) = channel();
        read_lines(child.stdout.take().expect("piped stdout"), tx.clone());
        read_lines(child.stderr.take().expect("piped stderr"), tx);
        let mut server = Server {
            child: Some(child),
            base: String::new(),
            lines: rx,
            seen: Vec::new(),
        };
        server.base = server.wait_for_port();
        server
    }

    /// Reads lines until `kartu listening on `; every line, that one too, stays in `seen`.
    fn wait_for_port(&mut self) -> String {
        let deadline = Instant::now() + STARTUP;
        let why = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    let url = line
                        .strip_prefix("kartu listening on ")
                        .map(|url| url.trim().to_string());
                    self.seen.push(line);
                    if let Some(url) = url {
                        return url;
                    }
                }
                // Both pipes closed: the process has exited.
                Err(RecvTimeoutError::Disconnected) => break "ended".to_string(),
                Err(RecvTimeoutError::Timeout) => {
                    break format!("ran for {} s", STARTUP.as_secs());
                }
            }
        };
        let status = self.stop_process();
        panic!(
            "kartu serve {why} without reporting its port ({status}); it printed:\n{}",
            self.seen.join("\n")
        );
    }

    /// Kills and waits for the process; returns how it ended.
    fn stop_process(&mut self) -> String {
        match self.child.take() {
            Some(mut child) => {
                let _ = child.kill();
                match child.wait() {
                    Ok(status) => status.to_string(),
                    Err(e) => format!("wait failed: {e}"),
                }
            }
            None => "stopped".to_string(),
        }
    }

    /// The process id, for a signal (SIGHUP, SIGTERM).
    #[allow(dead_code, reason = "the page tests send no signals")]
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Waits at most `within` for the process to end by itself (after a signal); its exit
    /// status, or `None` if it is still running.
    #[allow(dead_code, reason = "the page tests send no signals")]
    pub fn wait_for_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        loop {
            let child = self.child.as_mut()?;
            if let Ok(Some(status)) = child.try_wait() {
                self.child = None;
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the service: from now on nothing answers at `base`. Stopping twice is harmless.
    pub fn stop(&mut self) {
        self.stop_process();
    }

    /// Every line the process printed so far, on stdout and stderr, from its first line on.
    /// After [`stop`](Self::stop) this is all it ever printed: the lines still in the pipes
    /// are waited for (a few seconds at most).
    #[allow(
        dead_code,
        reason = "the API test reads the log; the page tests only start and stop the server"
    )]
    pub fn lines(&mut self) -> Vec<String> {
        if self.child.is_some() {
            self.seen.extend(self.lines.try_iter());
        } else {
            let deadline = Instant::now() + LAST_LINES;
            loop {
                let left = deadline.saturating_duration_since(Instant::now());
                match self.lines.recv_timeout(left) {
                    Ok(line) => self.seen.push(line),
                    Err(_) => break,
                }
            }
        }
        self.seen.clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Sends each line of `pipe` to `tx` until the pipe closes, on a thread of its own.
fn read_lines(pipe: impl Read + Send + 'static, tx: Sender<String>) {
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
}
