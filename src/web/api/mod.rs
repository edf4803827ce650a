//! The JSON API under `/api/v1`, the published trust documents under `/.well-known/kartu/`, and
//! the probes. One file per resource; each handler parses its input, calls one act and renders
//! its result. Request bodies are in `bodies`, answers in `web::view`; the OpenAPI document is
//! `doc`. Errors are RFC 9457 problem documents (`web::error`).

pub mod accounts;
pub mod audit;
pub mod bodies;
pub mod cards;
pub mod catalogue;
pub mod checkout;
pub mod doc;
pub mod due;
pub mod families;
pub mod health;
pub mod privacy;
pub mod session;
pub mod usage;
pub mod verify;
pub mod well_known;
