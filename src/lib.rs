//! The kartu service: key ring on disk, translations, and the command-line interface around the
//! card library (`kartu-card`). See ARCHITECTURE.md for the map.

pub mod api_doc;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod cli;
pub mod commands;
pub mod config;
pub mod console_session;
pub mod db;
pub mod eligibility;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod issuance;
pub mod keyring;
pub mod models;
pub mod national_id;
pub mod pages;
pub mod qr_image;
pub mod routes;
pub mod schema;
pub mod startup;
pub mod state;
pub mod throttle;
pub mod trust;
pub mod verdict;
