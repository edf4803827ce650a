//! The service's integration tests: one binary, each test on a fresh database (see helpers.rs).
#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly on the first broken step"
)]

mod applications;
mod audit;
mod authorization;
mod cards;
mod catalogue;
mod checkout;
#[path = "../support/cli.rs"]
mod cli;
mod console;
mod console_partners;
mod contracts;
mod demo;
mod families;
mod helpers;
#[path = "../support/server.rs"]
mod launcher;
mod migrations;
#[path = "../support/people.rs"]
mod people;
mod publish;
mod resign;
mod server;
mod sessions;
