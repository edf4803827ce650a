//! The `kartu` binary's commands as the integration tests run them (included with `#[path]`).

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `kartu admin create`, the password written to its stdin as an operator would pipe it.
pub fn admin_create(
    database_url: &str,
    username: &str,
    municipality: &str,
    role: &str,
    password: &str,
) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kartu"))
        .args(["admin", "create", "--username", username])
        .args(["--municipality", municipality, "--role", role])
        .args(["--database-url", database_url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{password}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}
