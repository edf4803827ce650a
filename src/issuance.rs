//! The clerk's acts on families and cards, each one database transaction: register a family,
//! change its members, issue, renew, reissue, revoke, suspend and reinstate cards.
//!
//! Every card is signed with its municipality's active key before it is stored, so no card row
//! exists without its signature. Status-list changes are returned to the caller and applied to
//! the in-memory lists only after the transaction has committed.

use kartu_card::{CardNumber, CardStatus, Claims, Municipality, PersonName, Role};
use rand::Rng;
use time::{Date, PrimitiveDateTime};

use crate::audit::{self, card_snapshot, member_snapshot, Entry, Who};
use crate::calendar;
use crate::db::DbConnection;
use crate::eligibility::{self, FamilyAssessment, MemberFacts, Rules};
use crate::error::{ApiError, FieldError};
use crate::models::card::{self, Card, CardId, Resign, ACTIVE, REVOKED, SUSPENDED};
use crate::models::card_event::{self, NewCardEvent};
use crate::models::family::{self, Family, FamilyId};
use crate::models::member::{self, Member, MemberChanges, MemberId};
use crate::models::{from_unix, new_id, to_unix};
use crate::national_id::{IdHashSecret, NationalId};
use crate::trust::Trust;

/// A member as a clerk registers them, already parsed.
#[derive(Debug)]
pub struct NewMember {
    pub name: PersonName,
    pub role: Role,
    pub birth_date: Date,
    pub education_until: Option<Date>,
    pub disability_until: Option<Date>,
    pub national_id: NationalId,
}

/// A change of a card's state in a status list, to apply after commit.
pub type StatusChange = (Municipality, u32, CardStatus);

/// Who acts, and when.
#[derive(Debug, Clone, Copy)]
pub struct Act<'a> {
    /// The account or token id.
    pub actor_id: &'a str,
    /// The name shown in a card's history and the audit trail.
    pub actor: &'a str,
    pub now: i64,
}

impl<'a> Act<'a> {
    /// An act of `clerk` at `now`.
    pub fn by(clerk: &'a crate::auth::Clerk, now: i64) -> Act<'a> {
        Act {
            actor_id: &clerk.id,
            actor: clerk.name(),
            now,
        }
    }

    fn at(&self) -> PrimitiveDateTime {
        from_unix(self.now)
    }

    fn record(&self, conn: &mut DbConnection, entry: Entry) -> Result<(), ApiError> {
        let who = Who {
            id: Some(self.actor_id),
            name: self.actor,
        };
        audit::record(conn, who, self.now, entry)
    }
}

const ALL_MUNICIPALITIES: [&str; 3] = ["ALY", "VAR", "ELK"];

/// The card as it is now in this transaction.
fn card_now(conn: &mut DbConnection, id: &CardId) -> Result<Card, ApiError> {
    card::find(conn, id, &ALL_MUNICIPALITIES)?.ok_or(ApiError::NotFound("card"))
}

/// Records a card act with the card's state after it.
fn record_card_act(
    conn: &mut DbConnection,
    act: Act<'_>,
    action: &'static str,
    id: &CardId,
    before: Option<&Card>,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let after = card_now(conn, id)?;
    let mut after_json = card_snapshot(&after);
    if let Some(reason) = reason {
        after_json["reason"] = reason.into();
    }
    act.record(
        conn,
        Entry {
            municipality: Some(after.municipality.clone()),
            action,
            family_id: Some(after.family_id.0.clone()),
            card_id: Some(after.id.0.clone()),
            subject_id: Some(after.member_id.0.clone()),
            before: before.map(card_snapshot),
            after: Some(after_json),
        },
    )
}

fn family_municipality(conn: &mut DbConnection, id: &FamilyId) -> Result<String, ApiError> {
    Ok(family::find(conn, id, &ALL_MUNICIPALITIES)?
        .ok_or(ApiError::NotFound("family"))?
        .municipality)
}

/// Records a member act.
fn record_member_act(
    conn: &mut DbConnection,
    act: Act<'_>,
    action: &'static str,
    family: &FamilyId,
    before: Option<&Member>,
    after: Option<serde_json::Value>,
    member: &MemberId,
) -> Result<(), ApiError> {
    let municipality = family_municipality(conn, family)?;
    act.record(
        conn,
        Entry {
            municipality: Some(municipality),
            action,
            family_id: Some(family.0.clone()),
            subject_id: Some(member.0.clone()),
            before: before.map(member_snapshot),
            after,
            ..Entry::default()
        },
    )
}

pub fn municipality_of(code: &str) -> Result<Municipality, ApiError> {
    Municipality::parse(code)
        .map_err(|e| ApiError::Internal(format!("stored municipality {code:?}: {e}")))
}

fn role_of(code: &str) -> Result<Role, ApiError> {
    Role::parse(code).map_err(|e| ApiError::Internal(format!("stored role {code:?}: {e}")))
}

fn person_already_registered(field: String) -> ApiError {
    ApiError::Validation(vec![FieldError::new(
        field,
        "already_registered",
        "this person is already registered in a family; find that family instead",
    )])
}

/// Inserts a member; a person registered elsewhere gives a field error, not a 500.
fn insert_member(
    conn: &mut DbConnection,
    family: &FamilyId,
    new: &NewMember,
    secret: &IdHashSecret,
    field: String,
    at: PrimitiveDateTime,
) -> Result<MemberId, ApiError> {
    let number = member::next_number(conn, family)?;
    if number > i32::from(kartu_card::MAX_MEMBER) {
        return Err(ApiError::field(
            field,
            "too_many_members",
            "a family can have at most 99 members over its lifetime",
        ));
    }
    let row = Member {
        id: MemberId(new_id()),
        family_id: family.clone(),
        member_number: number,
        name: new.name.to_string(),
        name_ascii: new.name.transliterate().to_lowercase(),
        role: new.role.code().to_string(),
        birth_date: new.birth_date,
        education_until: new.education_until,
        disability_until: new.disability_until,
        national_id_hash: new.national_id.keyed_hash(secret).to_vec(),
        removed_at: None,
        created_at: at,
        updated_at: at,
    };
    match member::insert(conn, &row) {
        Ok(()) => Ok(row.id),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Err(person_already_registered(field)),
        Err(e) => Err(e.into()),
    }
}

/// Registers a family with its members.
pub fn register_family(
    conn: &mut DbConnection,
    municipality: Municipality,
    reference: &str,
    members: &[NewMember],
    secret: &IdHashSecret,
    act: Act<'_>,
) -> Result<FamilyId, ApiError> {
    let at = act.at();
    let number = family::next_number(conn, municipality.code())?;
    if number > i32::try_from(kartu_card::MAX_FAMILY).unwrap_or(i32::MAX) {
        return Err(ApiError::Conflict {
            code: "family_numbers_exhausted",
            detail: format!("{municipality} has used every family number"),
        });
    }
    let row = Family {
        id: FamilyId(new_id()),
        municipality: municipality.code().to_string(),
        family_number: number,
        reference: reference.to_string(),
        created_at: at,
        updated_at: at,
    };
    family::insert(conn, &row)?;
    for (i, m) in members.iter().enumerate() {
        insert_member(
            conn,
            &row.id,
            m,
            secret,
            format!("members[{i}].national_id"),
            at,
        )?;
    }
    let registered: Vec<_> = member::of_family(conn, &row.id)?
        .iter()
        .map(member_snapshot)
        .collect();
    act.record(
        conn,
        Entry {
            municipality: Some(row.municipality.clone()),
            action: "family.register",
            family_id: Some(row.id.0.clone()),
            after: Some(serde_json::json!({
                "family_number": row.family_number,
                "reference": row.reference,
                "members": registered,
            })),
            ..Entry::default()
        },
    )?;
    Ok(row.id)
}

pub fn add_member(
    conn: &mut DbConnection,
    family: &FamilyId,
    new: &NewMember,
    secret: &IdHashSecret,
    act: Act<'_>,
) -> Result<MemberId, ApiError> {
    let id = insert_member(conn, family, new, secret, "national_id".into(), act.at())?;
    family::touch(conn, family, act.at())?;
    let after = member::find_by_id(conn, &id)?;
    record_member_act(
        conn,
        act,
        "member.add",
        family,
        None,
        Some(member_snapshot(&after)),
        &id,
    )?;
    Ok(id)
}

pub fn change_member(
    conn: &mut DbConnection,
    family: &FamilyId,
    id: &MemberId,
    changes: MemberChanges,
    act: Act<'_>,
) -> Result<(), ApiError> {
    let before = member::find(conn, family, id)?.ok_or(ApiError::NotFound("member"))?;
    member::update(conn, id, &changes)?;
    family::touch(conn, family, act.at())?;
    let after = member::find_by_id(conn, id)?;
    record_member_act(
        conn,
        act,
        "member.change",
        family,
        Some(&before),
        Some(member_snapshot(&after)),
        id,
    )?;
    Ok(())
}

/// Removes a member; their current card is revoked in the same transaction.
pub fn remove_member(
    conn: &mut DbConnection,
    family: &FamilyId,
    id: &MemberId,
    act: Act<'_>,
) -> Result<Vec<StatusChange>, ApiError> {
    let before = member::find(conn, family, id)?.ok_or(ApiError::NotFound("member"))?;
    let mut changes = Vec::new();
    let mut revoked_card = None;
    if let Some(current) = card::current_of_member(conn, id)? {
        revoked_card = Some(current.number.clone());
        changes.push(set_state(
            conn,
            &current,
            REVOKED,
            "revoke",
            Some("member removed from the family"),
            act,
        )?);
    }
    member::remove(conn, id, act.at())?;
    family::touch(conn, family, act.at())?;
    let mut after = member_snapshot(&member::find_by_id(conn, id)?);
    after["revoked_card"] = revoked_card.into();
    record_member_act(
        conn,
        act,
        "member.remove",
        family,
        Some(&before),
        Some(after),
        id,
    )?;
    Ok(changes)
}

/// The family's eligibility today, in its municipality's local date.
pub fn assess_family(
    members: &[Member],
    municipality: Municipality,
    rules: &Rules,
    now: i64,
) -> Result<FamilyAssessment, ApiError> {
    let facts = members
        .iter()
        .map(|m| {
            Ok(MemberFacts {
                role: role_of(&m.role)?,
                birth_date: m.birth_date,
                education_until: m.education_until,
                disability_until: m.disability_until,
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(eligibility::assess(
        municipality.country(),
        &facts,
        calendar::local_today(municipality, now),
        rules,
    ))
}

/// A random free status index, drawn from the list's current size, or twice that once half of
/// it is in use, so the index says nothing about issue order.
fn free_status_index(
    conn: &mut DbConnection,
    municipality: Municipality,
    trust: &Trust,
) -> Result<u32, ApiError> {
    let size = trust.list_size(municipality);
    let mut rng = rand::thread_rng();
    for attempt in 0..64 {
        let bound = if attempt < 32 {
            size
        } else {
            size.saturating_mul(2).min(kartu_card::MAX_ENTRIES)
        };
        let index = rng.gen_range(0..bound);
        if !card::index_taken(conn, municipality.code(), i64::from(index))? {
            return Ok(index);
        }
    }
    Err(ApiError::Conflict {
        code: "status_list_full",
        detail: format!("no free status index for {municipality}"),
    })
}

fn sign_claims(trust: &Trust, claims: &Claims, now: i64) -> Result<(String, String), ApiError> {
    let municipality = claims.municipality();
    let (entry, key) = trust.keyring().signer(municipality, now).ok_or_else(|| ApiError::Conflict {
        code: "no_signing_key",
        detail: format!("{municipality} has no active signing key; an administrator must run `kartu keys generate`"),
    })?;
    let text = kartu_card::sign(claims, entry, key)?;
    Ok((text, entry.kid.to_hex()))
}

fn event(
    conn: &mut DbConnection,
    card: &CardId,
    kind: &str,
    reason: Option<&str>,
    act: Act<'_>,
) -> Result<(), ApiError> {
    card_event::insert(
        conn,
        &NewCardEvent {
            card_id: card.clone(),
            kind: kind.into(),
            reason: reason.map(str::to_string),
            actor: act.actor.into(),
            at: act.at(),
        },
    )?;
    Ok(())
}

/// What happened to one member when cards were issued.
#[derive(Debug)]
pub enum IssueResult {
    Issued(CardId),
    Skipped {
        member: MemberId,
        code: String,
        message: String,
    },
}

/// Creates, signs and stores one card.
#[allow(clippy::too_many_arguments)]
fn create_card(
    conn: &mut DbConnection,
    trust: &Trust,
    family: &Family,
    member: &Member,
    sequence: u8,
    card_until: Date,
    act: Act<'_>,
) -> Result<CardId, ApiError> {
    let municipality = municipality_of(&family.municipality)?;
    let number = CardNumber::new(
        municipality,
        u32::try_from(family.family_number)
            .map_err(|_| ApiError::Internal("family number".into()))?,
        u8::try_from(member.member_number)
            .map_err(|_| ApiError::Internal("member number".into()))?,
        sequence,
    )
    .map_err(|e| ApiError::Conflict {
        code: "card_number",
        detail: e.to_string(),
    })?;
    // Two transactions could otherwise draw the same free index on PostgreSQL; the lock holds
    // until this transaction ends (SQLite's write transactions are serial already).
    crate::db::lock_counter(conn, &format!("kartu-status-index-{}", municipality.code()))?;
    let index = free_status_index(conn, municipality, trust)?;
    let claims = Claims {
        number,
        holder: PersonName::parse(&member.name).map_err(|e| ApiError::Internal(e.to_string()))?,
        role: role_of(&member.role)?,
        valid_from: act.now,
        valid_until: calendar::end_of_day(municipality, card_until).max(act.now),
        status_index: index,
    };
    let (qr_text, kid) = sign_claims(trust, &claims, act.now)?;
    let row = Card {
        id: CardId(new_id()),
        member_id: member.id.clone(),
        family_id: family.id.clone(),
        municipality: municipality.code().into(),
        number: number.to_string(),
        sequence: i32::from(sequence),
        status: ACTIVE.into(),
        valid_from: from_unix(claims.valid_from),
        valid_until: from_unix(claims.valid_until),
        kid,
        status_index: i64::from(index),
        qr_text,
        holder_hash: Some(member.national_id_hash.clone()),
        created_at: act.at(),
        updated_at: act.at(),
    };
    match card::insert(conn, &row) {
        Ok(()) => Ok(row.id),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        )) if info
            .constraint_name()
            .is_none_or(|c| c.contains("holder_hash"))
            && !info.message().contains("status_index") =>
        {
            Err(ApiError::Conflict {
                code: "already_holds_card",
                detail: format!(
                    "{} already holds an active card; renew or reissue it instead",
                    member.name
                ),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Issues a card to every qualifying member that holds none.
pub fn issue_cards(
    conn: &mut DbConnection,
    trust: &Trust,
    rules: &Rules,
    family: &Family,
    act: Act<'_>,
) -> Result<Vec<IssueResult>, ApiError> {
    let municipality = municipality_of(&family.municipality)?;
    let members = member::of_family(conn, &family.id)?;
    let assessment = assess_family(&members, municipality, rules, act.now)?;
    let mut results = Vec::new();
    for (m, a) in members.iter().zip(&assessment.members) {
        let skip = |code: &str, message: String| IssueResult::Skipped {
            member: m.id.clone(),
            code: code.into(),
            message,
        };
        let Some(until) = a.card_until.filter(|_| a.qualifies) else {
            results.push(skip(a.reason.code(), a.reason.to_string()));
            continue;
        };
        if card::current_of_member(conn, &m.id)?.is_some() {
            results.push(skip(
                "already_has_card",
                "already holds an active or suspended card".into(),
            ));
            continue;
        }
        let sequence = card::max_sequence(conn, &m.id)?.map_or(1, |s| s + 1);
        let sequence = u8::try_from(sequence).map_err(|_| ApiError::Conflict {
            code: "card_number",
            detail: "reissue sequence exhausted".into(),
        })?;
        let id = create_card(conn, trust, family, m, sequence, until, act)?;
        event(conn, &id, "issue", None, act)?;
        record_card_act(conn, act, "card.issue", &id, None, None)?;
        results.push(IssueResult::Issued(id));
    }
    Ok(results)
}

fn card_member_family(
    conn: &mut DbConnection,
    c: &Card,
    scope: &[&str],
) -> Result<(Member, Family), ApiError> {
    let m = member::find_by_id(conn, &c.member_id)?;
    let f = family::find(conn, &c.family_id, scope)?.ok_or(ApiError::NotFound("card"))?;
    Ok((m, f))
}

fn member_card_until(
    conn: &mut DbConnection,
    rules: &Rules,
    f: &Family,
    m: &Member,
    now: i64,
) -> Result<Date, ApiError> {
    let municipality = municipality_of(&f.municipality)?;
    let members = member::of_family(conn, &f.id)?;
    let assessment = assess_family(&members, municipality, rules, now)?;
    let position = members
        .iter()
        .position(|x| x.id == m.id)
        .ok_or(ApiError::NotFound("member"))?;
    let a = &assessment.members[position];
    match a.card_until.filter(|_| a.qualifies) {
        Some(until) => Ok(until),
        None => Err(ApiError::Conflict {
            code: "not_eligible",
            detail: format!(
                "{} no longer qualifies ({}): {}",
                m.name,
                a.reason.code(),
                a.reason
            ),
        }),
    }
}

/// Renews a card: new validity from today, a new signature by the active key; same number.
pub fn renew(
    conn: &mut DbConnection,
    trust: &Trust,
    rules: &Rules,
    c: &Card,
    scope: &[&str],
    act: Act<'_>,
) -> Result<(), ApiError> {
    if c.status != ACTIVE {
        return Err(ApiError::Conflict {
            code: "invalid_transition",
            detail: format!("a {} card cannot be renewed", c.status),
        });
    }
    let (m, f) = card_member_family(conn, c, scope)?;
    let until = member_card_until(conn, rules, &f, &m, act.now)?;
    let municipality = municipality_of(&c.municipality)?;
    let claims = Claims {
        number: CardNumber::parse(&c.number).map_err(|e| ApiError::Internal(e.to_string()))?,
        holder: PersonName::parse(&m.name).map_err(|e| ApiError::Internal(e.to_string()))?,
        role: role_of(&m.role)?,
        valid_from: act.now,
        valid_until: calendar::end_of_day(municipality, until).max(act.now),
        status_index: u32::try_from(c.status_index)
            .map_err(|_| ApiError::Internal("status index".into()))?,
    };
    let (qr_text, kid) = sign_claims(trust, &claims, act.now)?;
    let stored = card::resign(
        conn,
        &c.id,
        ACTIVE,
        &Resign {
            valid_from: from_unix(claims.valid_from),
            valid_until: from_unix(claims.valid_until),
            kid,
            qr_text,
            updated_at: act.at(),
        },
    )?;
    if !stored {
        return Err(changed_meanwhile());
    }
    event(conn, &c.id, "renew", None, act)?;
    record_card_act(conn, act, "card.renew", &c.id, Some(c), None)
}

/// Reissues a lost card: the old one is revoked and a new one with the next sequence is issued,
/// in the same transaction.
pub fn reissue(
    conn: &mut DbConnection,
    trust: &Trust,
    rules: &Rules,
    c: &Card,
    reason: &str,
    scope: &[&str],
    act: Act<'_>,
) -> Result<(CardId, StatusChange), ApiError> {
    if c.status == REVOKED {
        return Err(ApiError::Conflict {
            code: "invalid_transition",
            detail: "a revoked card cannot be reissued; issue a new card".into(),
        });
    }
    let (m, f) = card_member_family(conn, c, scope)?;
    let until = member_card_until(conn, rules, &f, &m, act.now)?;
    let revoked = set_state(conn, c, REVOKED, "revoke", Some(reason), act)?;
    let next =
        u8::try_from(card::max_sequence(conn, &m.id)?.unwrap_or(c.sequence) + 1).map_err(|_| {
            ApiError::Conflict {
                code: "card_number",
                detail: "reissue sequence exhausted".into(),
            }
        })?;
    let id = create_card(conn, trust, &f, &m, next, until, act)?;
    event(conn, &id, "reissue", Some(reason), act)?;
    // One act, one record: the lost card before, the new card after.
    record_card_act(conn, act, "card.reissue", &id, Some(c), Some(reason))?;
    Ok((id, revoked))
}

/// Moves a card to `status`, records the event, and returns the status-list change.
fn set_state(
    conn: &mut DbConnection,
    c: &Card,
    status: &str,
    kind: &str,
    reason: Option<&str>,
    act: Act<'_>,
) -> Result<StatusChange, ApiError> {
    let holder = if status == REVOKED {
        None
    } else {
        Some(member::find_by_id(conn, &c.member_id)?.national_id_hash)
    };
    if !card::set_status(conn, &c.id, &c.status, status, holder.as_deref(), act.at())? {
        return Err(changed_meanwhile());
    }
    event(conn, &c.id, kind, reason, act)?;
    let list_state = match status {
        REVOKED => CardStatus::Revoked,
        SUSPENDED => CardStatus::Suspended,
        _ => CardStatus::Valid,
    };
    let index =
        u32::try_from(c.status_index).map_err(|_| ApiError::Internal("status index".into()))?;
    Ok((municipality_of(&c.municipality)?, index, list_state))
}

/// The card was changed by another request between reading it and writing it.
fn changed_meanwhile() -> ApiError {
    ApiError::Conflict {
        code: "changed_meanwhile",
        detail: "the card was changed by someone else just now; reload it and try again".into(),
    }
}

/// What a clerk may do to a card's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateAction {
    Revoke,
    Suspend,
    Reinstate,
}

pub fn change_state(
    conn: &mut DbConnection,
    c: &Card,
    action: StateAction,
    reason: &str,
    act: Act<'_>,
) -> Result<StatusChange, ApiError> {
    let (allowed, target, kind, done) = match action {
        StateAction::Revoke => (
            c.status == ACTIVE || c.status == SUSPENDED,
            REVOKED,
            "revoke",
            "revoked",
        ),
        StateAction::Suspend => (c.status == ACTIVE, SUSPENDED, "suspend", "suspended"),
        StateAction::Reinstate => (c.status == SUSPENDED, ACTIVE, "reinstate", "reinstated"),
    };
    if !allowed {
        return Err(ApiError::Conflict {
            code: "invalid_transition",
            detail: format!("a {} card cannot be {done}", c.status),
        });
    }
    if action == StateAction::Reinstate && to_unix(c.valid_until) < act.now {
        return Err(ApiError::Conflict {
            code: "expired",
            detail: "the card has expired; renew it instead".into(),
        });
    }
    let change = set_state(conn, c, target, kind, Some(reason), act)?;
    let action = match action {
        StateAction::Revoke => "card.revoke",
        StateAction::Suspend => "card.suspend",
        StateAction::Reinstate => "card.reinstate",
    };
    record_card_act(conn, act, action, &c.id, Some(c), Some(reason))?;
    Ok(change)
}
