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
mod bad_input;
mod cards;
mod catalogue;
mod checkout;
#[path = "../support/cli.rs"]
mod cli;
mod console;
mod console_partners;
mod contracts;
mod demo;
mod due;
mod families;
mod family_search;
mod faults;
mod hardening;
mod helpers;
mod import;
mod instances;
#[path = "../support/server.rs"]
mod launcher;
mod migrations;
mod operations;
#[path = "../support/people.rs"]
mod people;
mod photos;
mod privacy;
mod publish;
#[path = "../support/register.rs"]
mod register;
mod resign;
mod retention;
mod server;
mod sessions;
