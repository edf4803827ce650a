//! Writing one batch of an import: families, members, and with `issue` their cards, each with
//! the same audit records and card events as a clerk's registration and issuance, in one
//! transaction with multi-row inserts. When the batch fails on a record the database refuses
//! (a person registered meanwhile, say), each of its families is tried alone, so only that
//! family is refused. A dry run is the same transaction, rolled back.

use std::collections::HashSet;

use kartu_card::{CardNumber, Municipality};
use rand::Rng;

use crate::app::actor::Act;
use crate::app::audit::{self, card_snapshot, member_snapshot, Entry};
use crate::app::error::{Context, Error};
use crate::app::import::{ImportOptions, Problem};
use crate::app::members::{self, NewMember};
use crate::app::signing;
use crate::app::trust::{list_size, StatusChange};
use crate::app::Kartu;
use crate::domain::audit_action::AuditAction;
use crate::domain::card_state::{CardEventKind, CardState};
use crate::store::card::{self, Card, CardId};
use crate::store::card_event::{self, NewCardEvent};
use crate::store::family::{self, Family, FamilyId};
use crate::store::member::{self, Member, MemberId};
use crate::store::{from_unix, new_id, DbConnection};

/// A member whose row passed every check.
#[derive(Debug)]
pub struct PlannedMember {
    pub line: u64,
    pub new: NewMember,
    /// The keyed hash of their national ID number.
    pub id_hash: Vec<u8>,
}

/// A family whose rows passed every check, ready to store.
#[derive(Debug)]
pub struct Planned {
    pub reference: String,
    pub members: Vec<PlannedMember>,
}

/// What one batch did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub registered: usize,
    pub cards_issued: usize,
    pub already_present: Vec<String>,
    /// By the family's position in the file's families, with the rows' problems.
    pub refused: Vec<(usize, Vec<Problem>)>,
    pub without_cards: Vec<Problem>,
}

/// Writes a batch (or, in a dry run, finds what writing it would do).
pub fn write(
    k: &Kartu,
    act: Act<'_>,
    municipality: Municipality,
    batch: &[(usize, Planned)],
    options: ImportOptions,
) -> Result<Outcome, Error> {
    match attempt(k, act, municipality, batch, options) {
        Ok(outcome) => Ok(outcome),
        Err(Error::Conflict { .. } | Error::Invalid(_)) if batch.len() > 1 => {
            let mut all = Outcome::default();
            for one in batch {
                match attempt(k, act, municipality, std::slice::from_ref(one), options) {
                    Ok(o) => {
                        all.registered += o.registered;
                        all.cards_issued += o.cards_issued;
                        all.already_present.extend(o.already_present);
                        all.refused.extend(o.refused);
                        all.without_cards.extend(o.without_cards);
                    }
                    Err(e @ (Error::Conflict { .. } | Error::Invalid(_))) => {
                        all.refused.push((one.0, vec![refusal(&one.1, &e)]));
                    }
                    Err(e) => return Err(e),
                }
            }
            Ok(all)
        }
        Err(e @ (Error::Conflict { .. } | Error::Invalid(_))) if batch.len() == 1 => Ok(Outcome {
            refused: vec![(batch[0].0, vec![refusal(&batch[0].1, &e)])],
            ..Outcome::default()
        }),
        Err(e) => Err(e),
    }
}

fn refusal(p: &Planned, e: &Error) -> Problem {
    Problem {
        line: p.members.first().map_or(0, |m| m.line),
        reference: p.reference.clone(),
        field: String::new(),
        code: "refused_by_database".into(),
        message: e.to_string(),
    }
}

/// One transaction over the batch; rolled back in a dry run, keeping what it found.
fn attempt(
    k: &Kartu,
    act: Act<'_>,
    municipality: Municipality,
    batch: &[(usize, Planned)],
    options: ImportOptions,
) -> Result<Outcome, Error> {
    let mut found = None;
    let result = k.db.write(|tx| {
        let (outcome, changes) = store_batch(tx, k, act, municipality, batch, options)?;
        if options.dry_run {
            found = Some(outcome);
            return Err(Error::conflict("dry_run", "a dry run changes nothing"));
        }
        Ok((outcome, changes))
    });
    match (result, found) {
        (Ok((outcome, changes)), _) => {
            k.trust
                .apply(&changes)
                .context("updating the status list")?;
            Ok(outcome)
        }
        (Err(_), Some(outcome)) => Ok(outcome),
        (Err(e), None) => Err(e),
    }
}

fn store_batch(
    tx: &mut DbConnection,
    k: &Kartu,
    act: Act<'_>,
    municipality: Municipality,
    batch: &[(usize, Planned)],
    options: ImportOptions,
) -> Result<(Outcome, Vec<StatusChange>), Error> {
    // Two imports of one municipality at once would both find a reference absent.
    crate::store::lock_counter(tx, &format!("kartu-import-{}", municipality.code()))
        .context("locking the municipality's imports")?;
    let mut outcome = Outcome::default();
    let references: Vec<String> = batch.iter().map(|(_, p)| p.reference.clone()).collect();
    let present: HashSet<String> = family::references_in_use(tx, municipality, &references)
        .context("looking for the references")?
        .into_iter()
        .collect();
    let hashes: Vec<Vec<u8>> = batch
        .iter()
        .flat_map(|(_, p)| p.members.iter().map(|m| m.id_hash.clone()))
        .collect();
    let registered: HashSet<Vec<u8>> = member::registered_hashes(tx, &hashes)
        .context("looking for people registered already")?
        .into_iter()
        .collect();
    let mut to_store = Vec::new();
    for (i, p) in batch {
        if present.contains(&p.reference) {
            outcome.already_present.push(p.reference.clone());
            continue;
        }
        let taken: Vec<Problem> = p
            .members
            .iter()
            .filter(|m| registered.contains(&m.id_hash))
            .map(|m| Problem {
                line: m.line,
                reference: p.reference.clone(),
                field: "national_id".into(),
                code: "already_registered".into(),
                message: "this person is already registered in a family; find that family instead"
                    .into(),
            })
            .collect();
        if taken.is_empty() {
            to_store.push(p);
        } else {
            outcome.refused.push((*i, taken));
        }
    }
    if to_store.is_empty() {
        return Ok((outcome, Vec::new()));
    }
    let (families, members) = rows(tx, municipality, &to_store, act)?;
    family::insert_many(tx, &families).context("storing the families")?;
    member::insert_many(tx, &members).context("storing the members")?;
    let mut entries = Vec::with_capacity(families.len());
    let mut offset = 0;
    let mut by_family: Vec<&[Member]> = Vec::with_capacity(families.len());
    for (f, p) in families.iter().zip(&to_store) {
        let of = &members[offset..offset + p.members.len()];
        offset += p.members.len();
        by_family.push(of);
        let mut entry = Entry::new(AuditAction::FamilyRegister, Some(municipality));
        entry.family_id = Some(f.id.0.clone());
        entry.after = Some(serde_json::json!({
            "family_number": f.family_number,
            "reference": f.reference,
            "members": of.iter().map(member_snapshot).collect::<Vec<_>>(),
            "import": true,
        }));
        entries.push(entry);
    }
    audit::record_many(tx, act.actor.who(), act.now, entries)
        .context("recording the registrations")?;
    outcome.registered = families.len();
    let mut changes = Vec::new();
    if options.issue {
        changes = issue_cards(
            tx,
            k,
            act,
            municipality,
            &families,
            &by_family,
            &to_store,
            &mut outcome,
        )?;
    }
    Ok((outcome, changes))
}

/// The rows of the families and their members, numbered after the municipality's last family.
fn rows(
    tx: &mut DbConnection,
    municipality: Municipality,
    planned: &[&Planned],
    act: Act<'_>,
) -> Result<(Vec<Family>, Vec<Member>), Error> {
    let first = family::next_number(tx, municipality).context("numbering the families")?;
    let last = i64::from(first) + i64::try_from(planned.len()).unwrap_or(i64::MAX) - 1;
    if last > i64::from(kartu_card::MAX_FAMILY) {
        return Err(Error::conflict(
            "family_numbers_exhausted",
            format!("{municipality} has too few family numbers left for this file"),
        ));
    }
    let mut families = Vec::with_capacity(planned.len());
    let mut members = Vec::new();
    for (n, p) in (first..).zip(planned) {
        let id = FamilyId(new_id());
        families.push(Family {
            id: id.clone(),
            municipality,
            family_number: n,
            reference: p.reference.clone(),
            created_at: act.at(),
            updated_at: act.at(),
            erased_at: None,
        });
        for (number, m) in (1..).zip(&p.members) {
            members.push(Member {
                id: MemberId(new_id()),
                family_id: id.clone(),
                member_number: number,
                name: m.new.name.to_string(),
                name_ascii: m.new.name.transliterate().to_lowercase(),
                role: m.new.role,
                birth_date: m.new.birth_date,
                education_until: m.new.education_until,
                disability_until: m.new.disability_until,
                national_id_hash: m.id_hash.clone(),
                removed_at: None,
                created_at: act.at(),
                updated_at: act.at(),
                erased_at: None,
            });
        }
    }
    Ok((families, members))
}

/// Issues a card to each qualifying member of the stored families, as `cards::issue` would.
#[expect(
    clippy::too_many_arguments,
    reason = "one step of one batch, with its inputs"
)]
fn issue_cards(
    tx: &mut DbConnection,
    k: &Kartu,
    act: Act<'_>,
    municipality: Municipality,
    families: &[Family],
    members_of: &[&[Member]],
    planned: &[&Planned],
    outcome: &mut Outcome,
) -> Result<Vec<StatusChange>, Error> {
    let mut wanted = Vec::new();
    for ((f, members), p) in families.iter().zip(members_of).zip(planned) {
        let assessment = members::assess(members, municipality, &k.rules, act.now);
        let before = wanted.len();
        for (m, a) in members.iter().zip(&assessment.members) {
            if let Some(until) = a.card_until.filter(|_| a.qualifies) {
                wanted.push((f, m, until));
            }
        }
        if wanted.len() == before {
            let (code, message) = match &assessment.refusal {
                Some(r) => (r.code().to_string(), r.to_string()),
                None => ("not_eligible".into(), "no member qualifies now".into()),
            };
            outcome.without_cards.push(Problem {
                line: p.members.first().map_or(0, |m| m.line),
                reference: f.reference.clone(),
                field: String::new(),
                code,
                message,
            });
        }
    }
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let indexes = free_indexes(tx, k, municipality, wanted.len())?;
    let mut cards = Vec::with_capacity(wanted.len());
    let mut events = Vec::with_capacity(wanted.len());
    let mut entries = Vec::with_capacity(wanted.len());
    let mut changes = Vec::with_capacity(wanted.len());
    for ((f, m, until), index) in wanted.into_iter().zip(indexes) {
        let number = CardNumber::new(
            municipality,
            u32::try_from(f.family_number).context("the family number")?,
            u8::try_from(m.member_number).context("the member number")?,
            1,
        )
        .map_err(|e| Error::conflict("card_number", e.to_string()))?;
        let valid_until = signing::card_end(municipality, until, act.now);
        let claims = signing::claims(number, &m.name, m.role, valid_until, index, act)?;
        let (qr_text, kid) = signing::sign(&k.trust, &claims, act.now)?;
        let id = CardId(new_id());
        let row = Card {
            id: id.clone(),
            member_id: m.id.clone(),
            family_id: f.id.clone(),
            municipality,
            number,
            sequence: 1,
            status: CardState::Active,
            valid_from: from_unix(claims.valid_from),
            valid_until: from_unix(claims.valid_until),
            kid,
            status_index: i64::from(index),
            qr_text,
            holder_hash: Some(m.national_id_hash.clone()),
            created_at: act.at(),
            updated_at: act.at(),
        };
        events.push(NewCardEvent {
            card_id: id.clone(),
            kind: CardEventKind::Issue,
            reason: None,
            actor: act.actor.name.clone(),
            at: act.at(),
        });
        let mut entry = Entry::new(AuditAction::CardIssue, Some(municipality));
        entry.family_id = Some(f.id.0.clone());
        entry.card_id = Some(id.0.clone());
        entry.subject_id = Some(m.id.0.clone());
        entry.after = Some(card_snapshot(&row));
        entries.push(entry);
        changes.push(StatusChange {
            municipality,
            index,
            status: kartu_card::CardStatus::Valid,
        });
        cards.push(row);
    }
    card::insert_many(tx, &cards).context("storing the cards")?;
    card_event::insert_all(tx, events).context("recording the card events")?;
    audit::record_many(tx, act.actor.who(), act.now, entries).context("recording the issues")?;
    outcome.cards_issued = cards.len();
    Ok(changes)
}

/// `n` distinct random free entries of the municipality's status list, drawn as
/// `signing::create_card` draws one: from a list at least twice the entries in use, so an index
/// says nothing about the order of issue.
fn free_indexes(
    tx: &mut DbConnection,
    k: &Kartu,
    municipality: Municipality,
    n: usize,
) -> Result<Vec<u32>, Error> {
    crate::store::lock_counter(tx, &format!("kartu-status-index-{}", municipality.code()))
        .context("locking the status list")?;
    let used = card::indexes_used(tx, municipality).context("counting the list's entries")?;
    let needed = u32::try_from(used)
        .unwrap_or(u32::MAX)
        .saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
    if needed >= kartu_card::MAX_ENTRIES {
        return Err(Error::conflict(
            "status_list_full",
            format!("no free status index for {municipality}"),
        ));
    }
    let bound = k.trust.list_size(municipality).max(list_size(needed));
    let mut rng = rand::thread_rng();
    let mut chosen: Vec<u32> = Vec::with_capacity(n);
    let mut seen: HashSet<u32> = HashSet::with_capacity(n);
    for _round in 0..64 {
        let missing = n - chosen.len();
        if missing == 0 {
            break;
        }
        let mut candidates = Vec::with_capacity(missing);
        while candidates.len() < missing {
            let index = rng.gen_range(0..bound);
            if seen.insert(index) {
                candidates.push(index);
            }
        }
        let asked: Vec<i64> = candidates.iter().map(|&i| i64::from(i)).collect();
        let taken: HashSet<i64> = card::indexes_taken(tx, municipality, &asked)
            .context("looking for free status indexes")?
            .into_iter()
            .collect();
        chosen.extend(
            candidates
                .into_iter()
                .filter(|&i| !taken.contains(&i64::from(i))),
        );
    }
    if chosen.len() < n {
        return Err(Error::conflict(
            "status_list_full",
            format!("no free status index for {municipality}"),
        ));
    }
    Ok(chosen)
}
