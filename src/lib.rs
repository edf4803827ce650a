//! The kartu service, in layers whose arrows point inward only (see ARCHITECTURE.md):
//!
//! - `domain`: pure rules and typed values (eligibility, national IDs, card states, roles);
//! - `store`: diesel models and queries, SQLite or PostgreSQL, and the key ring on disk;
//! - `app`: the acts of the service, one function each (scope, permission, transaction,
//!   audit record, the in-memory trust state after the commit);
//! - `web` (the JSON API and the pages) and `cli`: adapters that parse input, call one act and
//!   render its result.
//!
//! `i18n` (translations, verdicts in words) and `config` (the `serve` flags) are shared by the
//! adapters. The card format itself is the `kartu-card` crate.

pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod store;
pub mod web;
