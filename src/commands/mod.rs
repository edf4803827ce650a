//! The subcommands of the `kartu` binary. Each takes its parsed arguments and does its work;
//! `main` only dispatches and turns errors into exit codes.

pub mod admin;
pub mod keys;
pub mod verify;

/// Unix seconds from the system clock.
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
