//! The audit trail: one record per act, written in the act's own transaction, so there is no
//! act without its record. Records are only ever inserted (see `models::audit_event`).
//!
//! Before and after states are JSON snapshots made here, from rows that hold no national ID
//! (only its keyed hash, which is left out too).

use serde_json::{json, Value};

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::models::audit_event::{self, NewAuditEvent};
use crate::models::card::Card;
use crate::models::member::Member;
use crate::models::{from_unix, to_unix};
use crate::verdict::rfc3339;

/// One act, as recorded.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub municipality: Option<String>,
    pub action: &'static str,
    pub family_id: Option<String>,
    pub card_id: Option<String>,
    pub subject_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

/// Who did it: an account or token id (none for an unknown login name) and a name.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub id: Option<&'a str>,
    pub name: &'a str,
}

pub fn record(
    conn: &mut DbConnection,
    who: Who<'_>,
    now: i64,
    entry: Entry,
) -> Result<(), ApiError> {
    audit_event::insert(
        conn,
        &NewAuditEvent {
            at: from_unix(now),
            actor_id: who.id.map(str::to_string),
            actor: who.name.to_string(),
            municipality: entry.municipality,
            action: entry.action.to_string(),
            family_id: entry.family_id,
            card_id: entry.card_id,
            subject_id: entry.subject_id,
            before: entry.before.map(|v| v.to_string()),
            after: entry.after.map(|v| v.to_string()),
        },
    )?;
    Ok(())
}

pub fn card_snapshot(c: &Card) -> Value {
    json!({
        "number": c.number,
        "sequence": c.sequence,
        "status": c.status,
        "valid_from": rfc3339(to_unix(c.valid_from)),
        "valid_until": rfc3339(to_unix(c.valid_until)),
        "kid": c.kid,
    })
}

pub fn member_snapshot(m: &Member) -> Value {
    json!({
        "member_number": m.member_number,
        "name": m.name,
        "role": m.role,
        "birth_date": m.birth_date.to_string(),
        "education_until": m.education_until.map(|d| d.to_string()),
        "disability_until": m.disability_until.map(|d| d.to_string()),
        "removed": m.removed_at.is_some(),
    })
}
