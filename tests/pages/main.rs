//! The faces of the service in a real headless Chromium: the clerk console, the family page,
//! the merchant checker and the partner catalogue, in LT, PL and EN. See harness.rs for what
//! they need.

#![expect(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly on the first broken step"
)]

mod catalogue;
mod check;
mod checkout;
#[path = "../support/chromium.rs"]
mod chromium;
#[path = "../support/cli.rs"]
mod cli;
mod console;
mod family;
mod harness;
#[path = "../support/server.rs"]
mod launcher;
mod partners;
#[path = "../support/people.rs"]
mod people;
