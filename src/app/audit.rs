//! The audit trail: one record per act, written in the act's own transaction, so there is no
//! act without its record. Records are only ever inserted (see `store::audit_event`).
//!
//! Before and after states are JSON snapshots made here, from rows that hold no national ID
//! (only its keyed hash, which is left out too).

use kartu_card::Municipality;
use serde_json::{json, Value};

use crate::app::error::{Context, Error};
use crate::domain::audit_action::AuditAction;
use crate::domain::calendar::rfc3339;
use crate::store::audit_event::{self, NewAuditEvent};
use crate::store::card::Card;
use crate::store::member::Member;
use crate::store::{from_unix, to_unix, DbConnection};

/// One act, as recorded.
#[derive(Debug, Clone)]
pub struct Entry {
    pub action: AuditAction,
    pub municipality: Option<Municipality>,
    pub family_id: Option<String>,
    pub card_id: Option<String>,
    pub subject_id: Option<String>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Entry {
    /// A record of `action` in `municipality`, with nothing else yet.
    pub fn new(action: AuditAction, municipality: Option<Municipality>) -> Entry {
        Entry {
            action,
            municipality,
            family_id: None,
            card_id: None,
            subject_id: None,
            before: None,
            after: None,
        }
    }
}

/// Who did it: an account or token id (none for an unknown login name or the command line) and
/// a name.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub id: Option<&'a str>,
    pub name: &'a str,
}

/// The stored form of `entry`, done by `who` at `now`.
pub fn row(who: Who<'_>, now: i64, entry: Entry) -> NewAuditEvent {
    crate::app::act_counts::noted(entry.action);
    NewAuditEvent {
        at: from_unix(now),
        actor_id: who.id.map(str::to_string),
        actor: who.name.to_string(),
        municipality: entry.municipality.map(|m| m.code().to_string()),
        action: entry.action,
        family_id: entry.family_id,
        card_id: entry.card_id,
        subject_id: entry.subject_id,
        before: entry.before.map(|v| v.to_string()),
        after: entry.after.map(|v| v.to_string()),
    }
}

pub fn record(conn: &mut DbConnection, who: Who<'_>, now: i64, entry: Entry) -> Result<(), Error> {
    audit_event::insert(conn, row(who, now, entry)).context("writing the audit record")
}

/// Records many acts at once (an import's batch), in the caller's transaction.
pub fn record_many(
    conn: &mut DbConnection,
    who: Who<'_>,
    now: i64,
    entries: Vec<Entry>,
) -> Result<(), Error> {
    let rows: Vec<NewAuditEvent> = entries.into_iter().map(|e| row(who, now, e)).collect();
    audit_event::insert_many(conn, &rows).context("writing the audit records")
}

pub fn card_snapshot(c: &Card) -> Value {
    json!({
        "number": c.number.to_string(),
        "sequence": c.sequence,
        "status": c.status.code(),
        "valid_from": rfc3339(to_unix(c.valid_from)),
        "valid_until": rfc3339(to_unix(c.valid_until)),
        "kid": c.kid,
    })
}

pub fn member_snapshot(m: &Member) -> Value {
    json!({
        "member_number": m.member_number,
        "name": m.name,
        "role": m.role.code(),
        "birth_date": m.birth_date.to_string(),
        "education_until": m.education_until.map(|d| d.to_string()),
        "disability_until": m.disability_until.map(|d| d.to_string()),
        "removed": m.removed_at.is_some(),
    })
}
