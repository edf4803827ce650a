//! The domain: pure rules and typed values. Who qualifies and until when (`eligibility`),
//! national ID numbers (`national_id`), local dates (`calendar`), what a card's state may become
//! (`card_state`), who may do what where (`access`), the names of audited acts
//! (`audit_action`), passwords and secrets (`password`, `secret`).
//!
//! Nothing here touches the network, a database, a file or the clock: every fact and every
//! time comes from the caller, so each result can be reproduced in a test. The domain imports
//! neither actix nor diesel; `store::sql_types` maps its values to columns.

pub mod access;
pub mod audit_action;
pub mod calendar;
pub mod card_state;
pub mod eligibility;
pub mod legal_id;
pub mod national_id;
pub mod offer;
pub mod partner;
pub mod password;
pub mod register_csv;
pub mod secret;
pub mod spreadsheet;
