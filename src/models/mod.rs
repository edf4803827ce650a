//! One file per table: the row type, its typed id, and query functions that take the
//! connection first and return `QueryResult`.

pub mod account;
pub mod api_token;
pub mod audit_event;
pub mod card;
pub mod card_event;
pub mod family;
pub mod family_link;
pub mod member;
pub mod session;

use time::{OffsetDateTime, PrimitiveDateTime};

/// The current time as stored: UTC, without an offset, whole seconds.
pub fn now_utc() -> PrimitiveDateTime {
    from_unix(OffsetDateTime::now_utc().unix_timestamp())
}

pub fn from_unix(seconds: i64) -> PrimitiveDateTime {
    let t = OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    PrimitiveDateTime::new(t.date(), t.time())
}

pub fn to_unix(t: PrimitiveDateTime) -> i64 {
    t.assume_utc().unix_timestamp()
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
