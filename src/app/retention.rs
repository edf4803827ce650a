//! The retention rule: a family nothing has happened to for N years (its cards all ended, it
//! was not changed) is erased. The rows stay, so card numbers and the audit trail keep naming
//! the same ids; what identifies a person goes: members' names, birth dates, certificate dates
//! and ID hashes, the cards' QR texts (which carry the holder's name), the family's reference,
//! and every name, date of birth, reference or free text in the family's audit snapshots.
//!
//! Run from the command line (`kartu retention`), one transaction per family, each recorded
//! (`family.erase`, ids and counts only), and the run itself recorded (`retention.run`). A dry
//! run lists what would be erased and writes nothing, not even its own record.

use kartu_card::Municipality;
use serde_json::{Map, Value};
use time::{Month, OffsetDateTime};

use crate::app::actor::{Act, Actor};
use crate::app::audit::Entry;
use crate::app::error::{Context, Error};
use crate::app::Db;
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::domain::calendar::rfc3339;
use crate::store::audit_event;
use crate::store::card;
use crate::store::family::{self, Family, FamilyId};
use crate::store::family_link;
use crate::store::member;
use crate::store::{from_unix, DbConnection};

/// The years `--older-than-years` may ask for.
pub const YEARS: std::ops::RangeInclusive<u32> = 1..=50;

/// One family the run erased (or, in a dry run, would erase).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasedFamily {
    pub id: FamilyId,
    pub municipality: Municipality,
    pub family_number: i32,
    pub members: usize,
    pub cards: usize,
    /// Audit records whose snapshots were (or would be) reduced to ids.
    pub audit_records: usize,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct RetentionReport {
    pub older_than_years: u32,
    /// Families nothing has happened to since this time (Unix seconds) are erased.
    pub cutoff: i64,
    pub dry_run: bool,
    pub families: Vec<ErasedFamily>,
}

impl RetentionReport {
    pub fn members(&self) -> usize {
        self.families.iter().map(|f| f.members).sum()
    }

    pub fn cards(&self) -> usize {
        self.families.iter().map(|f| f.cards).sum()
    }
}

/// Erases every family in the actor's scope that nothing has happened to for
/// `older_than_years` (see `store::family::expired`); with `dry_run`, only lists them.
pub fn erase_expired(
    db: &Db,
    actor: &Actor,
    older_than_years: u32,
    dry_run: bool,
) -> Result<RetentionReport, Error> {
    actor.require(Permission::EraseExpiredData)?;
    if !YEARS.contains(&older_than_years) {
        return Err(Error::field(
            "older_than_years",
            "out_of_range",
            "keep families between 1 and 50 years",
        ));
    }
    let act = Act::new(actor, db.now());
    let cutoff = years_before(act.now, older_than_years);
    let scope = actor.scope();
    let found = db.read(|conn| {
        family::expired(conn, scope, from_unix(cutoff), None).context("finding expired families")
    })?;
    let mut report = RetentionReport {
        older_than_years,
        cutoff,
        dry_run,
        families: Vec::new(),
    };
    for f in found {
        let erased = if dry_run {
            Some(db.read(|conn| would_erase(conn, &f))?)
        } else {
            db.write(|tx| {
                // Something may have happened to the family since the list was read.
                let still = family::expired(tx, scope, from_unix(cutoff), Some(&f.id))
                    .context("checking the family again")?;
                match still.into_iter().next() {
                    Some(f) => erase(tx, act, &f),
                    None => Ok(None),
                }
            })?
        };
        report.families.extend(erased);
    }
    if !dry_run {
        let mut entry = Entry::new(AuditAction::RetentionRun, None);
        entry.after = Some(serde_json::json!({
            "older_than_years": older_than_years,
            "cutoff": rfc3339(cutoff),
            "families": report.families.len(),
            "members": report.members(),
            "cards": report.cards(),
        }));
        db.write(|tx| act.record(tx, entry))?;
    }
    Ok(report)
}

/// What erasing the family would touch, read without changing anything.
fn would_erase(conn: &mut DbConnection, f: &Family) -> Result<ErasedFamily, Error> {
    let members = member::all_of_family(conn, &f.id).context("counting the members")?;
    let cards = card::of_family(conn, &f.id).context("counting the cards")?;
    let audit = audit_event::of_family(conn, &f.id.0).context("reading the trail")?;
    Ok(ErasedFamily {
        id: f.id.clone(),
        municipality: f.municipality,
        family_number: f.family_number,
        members: members.len(),
        cards: cards.len(),
        audit_records: audit.iter().filter(|r| reduces(r)).count(),
    })
}

/// Erases one family in the caller's transaction, with its `family.erase` record; none when
/// another run erased it meanwhile.
fn erase(tx: &mut DbConnection, act: Act<'_>, f: &Family) -> Result<Option<ErasedFamily>, Error> {
    // First, so that the trail's triggers let the family's snapshots be reduced.
    if !family::erase(tx, &f.id, act.at()).context("erasing the family")? {
        return Ok(None);
    }
    let members = member::erase_of_family(tx, &f.id, act.at()).context("erasing the members")?;
    let cards = card::erase_of_family(tx, &f.id).context("erasing the cards' QR texts")?;
    let link_revoked =
        family_link::revoke_current(tx, &f.id, act.at()).context("revoking the family link")?;
    let mut reduced = 0;
    for record in audit_event::of_family(tx, &f.id.0).context("reading the trail")? {
        if reduces(&record) {
            audit_event::reduce(
                tx,
                record.id,
                record.before.as_deref().and_then(reduce_text),
                record.after.as_deref().and_then(reduce_text),
            )
            .context("reducing an audit record")?;
            reduced += 1;
        }
    }
    let mut entry = Entry::new(AuditAction::FamilyErase, Some(f.municipality));
    entry.family_id = Some(f.id.0.clone());
    entry.after = Some(serde_json::json!({
        "family_number": f.family_number,
        "members": members,
        "cards": cards,
        "link_revoked": link_revoked,
        "audit_records": reduced,
    }));
    act.record(tx, entry)?;
    Ok(Some(ErasedFamily {
        id: f.id.clone(),
        municipality: f.municipality,
        family_number: f.family_number,
        members,
        cards,
        audit_records: reduced,
    }))
}

/// Whether reducing the record's snapshots would change them.
fn reduces(record: &audit_event::AuditEvent) -> bool {
    let changes = |text: &Option<String>| {
        text.as_deref()
            .is_some_and(|t| reduce_text(t).as_deref() != Some(t))
    };
    changes(&record.before) || changes(&record.after)
}

/// A stored snapshot (JSON text) reduced to ids; none when nothing is left or it is not JSON.
fn reduce_text(text: &str) -> Option<String> {
    let value: Value = serde_json::from_str(text).ok()?;
    reduce(None, &value).map(|v| v.to_string())
}

/// Text values kept under these keys (and any key that is `id` or ends in `_id`): card numbers,
/// states, key ids and the dates of the card acts. Every other text (names, birth and
/// certificate dates, references, QR texts, reasons typed by a clerk) goes; numbers and yes/no
/// values stay (member and family numbers, sequences, counts).
const KEPT_TEXT: [&str; 6] = [
    "number",
    "revoked_card",
    "status",
    "kid",
    "valid_from",
    "valid_until",
];

/// A snapshot with only ids, card numbers, states, dates of acts, numbers and yes/no values.
pub fn reduce(key: Option<&str>, value: &Value) -> Option<Value> {
    match value {
        Value::String(_) => key
            .filter(|k| KEPT_TEXT.contains(k) || *k == "id" || k.ends_with("_id"))
            .map(|_| value.clone()),
        Value::Null | Value::Bool(_) | Value::Number(_) => Some(value.clone()),
        Value::Array(items) => Some(Value::Array(
            items.iter().filter_map(|v| reduce(None, v)).collect(),
        )),
        Value::Object(fields) => Some(Value::Object(
            fields
                .iter()
                .filter_map(|(k, v)| reduce(Some(k), v).map(|v| (k.clone(), v)))
                .collect::<Map<String, Value>>(),
        )),
    }
}

/// `unix` moved back by whole calendar years (UTC); 29 February becomes the 28th.
pub fn years_before(unix: i64, years: u32) -> i64 {
    let Ok(t) = OffsetDateTime::from_unix_timestamp(unix) else {
        return unix;
    };
    let year = t.year() - i32::try_from(years).unwrap_or(i32::MAX);
    let moved = t.replace_year(year).or_else(|_| {
        t.replace_day(28)
            .and_then(|t| t.replace_month(Month::February))
            .and_then(|t| t.replace_year(year))
    });
    moved.map_or(unix, OffsetDateTime::unix_timestamp)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_snapshot_keeps_ids_numbers_states_and_card_dates_and_nothing_personal() {
        let registered = json!({
            "family_number": 7,
            "reference": "SOC-2020-17",
            "members": [
                {"member_number": 1, "name": "Žydrūnė", "role": "parent",
                 "birth_date": "1985-01-01", "disability_until": "2030-01-01", "removed": false},
            ],
        });
        assert_eq!(
            reduce(None, &registered),
            Some(json!({"family_number": 7, "members": [{"member_number": 1, "removed": false}]}))
        );
        let revoked = json!({
            "number": "ALY-000007-01-1", "sequence": 1, "status": "revoked", "kid": "00aa",
            "valid_from": "2020-01-01T00:00:00Z", "valid_until": "2021-01-01T00:00:00Z",
            "reason": "Lost by Žydrūnė on the bus", "qr_text": "KARTU1:AAAA", "card_id": "c1",
        });
        let kept = reduce(None, &revoked).unwrap();
        assert!(kept.get("reason").is_none() && kept.get("qr_text").is_none());
        assert_eq!(kept["number"], "ALY-000007-01-1");
        assert_eq!(kept["card_id"], "c1");
        assert_eq!(kept["valid_until"], "2021-01-01T00:00:00Z");
        assert_eq!(reduce_text("\"a name\""), None);
        assert_eq!(reduce_text("not json"), None);
    }

    #[test]
    fn years_before_moves_the_calendar_year_and_29_february_to_the_28th() {
        let t = |s: &str| {
            OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
                .unwrap()
                .unix_timestamp()
        };
        assert_eq!(
            years_before(t("2031-06-15T10:00:00Z"), 5),
            t("2026-06-15T10:00:00Z")
        );
        assert_eq!(
            years_before(t("2028-02-29T12:00:00Z"), 1),
            t("2027-02-28T12:00:00Z")
        );
    }
}
