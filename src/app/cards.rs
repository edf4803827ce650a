//! The acts on cards: issue a family's cards, read one, renew, reissue, suspend, reinstate and
//! revoke. Which act may follow which state is `domain::card_state`'s table.
//!
//! Each act is one transaction that records a card event and an audit record; a change of a
//! status list entry is applied to the in-memory lists only after that transaction commits.
//! Every state change is conditional on the state that was read (`UPDATE … WHERE status = …`),
//! so two clerks acting at once cannot both win.

use kartu_card::CardStatus;

use crate::app::actor::{Act, Actor};
use crate::app::audit::{card_snapshot, Entry};
use crate::app::error::{Context, Error};
use crate::app::input;
use crate::app::members;
use crate::app::signing;
use crate::app::trust::StatusChange;
use crate::app::Kartu;
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::domain::card_state::{CardAct, CardEventKind, CardState};
use crate::store::card::{self, Card, CardId};
use crate::store::card_event::{self, CardEvent, NewCardEvent};
use crate::store::family::{self, FamilyId};
use crate::store::member::{self, Member, MemberId};
use crate::store::{to_unix, DbConnection};

/// What happened to one member when a family's cards were issued.
#[derive(Debug)]
pub struct Skipped {
    pub member: MemberId,
    pub code: String,
    pub message: String,
}

#[derive(Debug)]
pub struct Issued {
    pub issued: Vec<Card>,
    pub skipped: Vec<Skipped>,
}

/// A card with its holder and its history.
#[derive(Debug)]
pub struct CardFile {
    pub card: Card,
    pub holder: Member,
    pub events: Vec<CardEvent>,
}

/// A card in the actor's scope, or not found.
fn find(conn: &mut DbConnection, actor: &Actor, id: &CardId) -> Result<Card, Error> {
    card::find(conn, id, actor.scope())
        .context("loading the card")?
        .ok_or(Error::NotFound("card"))
}

/// Records a card event.
fn event(
    conn: &mut DbConnection,
    card: &CardId,
    kind: CardEventKind,
    reason: Option<&str>,
    act: Act<'_>,
) -> Result<(), Error> {
    card_event::insert(
        conn,
        NewCardEvent {
            card_id: card.clone(),
            kind,
            reason: reason.map(str::to_string),
            actor: act.actor.name.clone(),
            at: act.at(),
        },
    )
    .context("recording the card event")
}

/// Records a card act with the card's state after it.
fn record(
    conn: &mut DbConnection,
    act: Act<'_>,
    action: AuditAction,
    id: &CardId,
    before: Option<&Card>,
    reason: Option<&str>,
) -> Result<(), Error> {
    let after = card::get(conn, id).context("reading the card back")?;
    let mut after_json = card_snapshot(&after);
    if let Some(reason) = reason {
        after_json["reason"] = reason.into();
    }
    let mut entry = Entry::new(action, Some(after.municipality));
    entry.family_id = Some(after.family_id.0.clone());
    entry.card_id = Some(after.id.0.clone());
    entry.subject_id = Some(after.member_id.0.clone());
    entry.before = before.map(card_snapshot);
    entry.after = Some(after_json);
    act.record(conn, entry)
}

/// The card was changed by another request between reading it and writing it.
fn changed_meanwhile() -> Error {
    Error::conflict(
        "changed_meanwhile",
        "the card was changed by someone else just now; reload it and try again",
    )
}

fn refused(e: crate::domain::card_state::TransitionError) -> Error {
    Error::conflict("invalid_transition", e.to_string())
}

/// The status list entry of a card.
fn list_entry(c: &Card, status: CardStatus) -> Result<StatusChange, Error> {
    Ok(StatusChange {
        municipality: c.municipality,
        index: u32::try_from(c.status_index).context("the stored status index")?,
        status,
    })
}

/// Moves a card (as read) to `to`, records `kind`, and returns its status list change.
fn set_state(
    conn: &mut DbConnection,
    c: &Card,
    to: CardState,
    kind: CardEventKind,
    reason: Option<&str>,
    act: Act<'_>,
) -> Result<StatusChange, Error> {
    // A current card holds its holder's ID hash, so that one person holds one card.
    let holder = if to.is_current() {
        Some(
            member::find_by_id(conn, &c.member_id)
                .context("loading the holder")?
                .national_id_hash,
        )
    } else {
        None
    };
    if !card::set_status(conn, &c.id, c.status, to, holder.as_deref(), act.at())
        .context("changing the card's state")?
    {
        return Err(changed_meanwhile());
    }
    event(conn, &c.id, kind, reason, act)?;
    list_entry(c, to.list_status())
}

/// Revokes a current card (as read) within a larger act: removing its holder, reissuing it.
pub fn revoke_in(
    conn: &mut DbConnection,
    c: &Card,
    reason: &str,
    act: Act<'_>,
) -> Result<StatusChange, Error> {
    c.status.after(CardAct::Revoke).map_err(refused)?;
    set_state(
        conn,
        c,
        CardState::Revoked,
        CardEventKind::Revoke,
        Some(reason),
        act,
    )
}

/// Suspends, reinstates or revokes a card as it was read, in the caller's transaction, with its
/// event and audit record. A card changed since it was read is refused (`changed_meanwhile`).
pub fn transition(
    conn: &mut DbConnection,
    c: &Card,
    what: CardAct,
    reason: &str,
    act: Act<'_>,
) -> Result<StatusChange, Error> {
    let (kind, action) = match what {
        CardAct::Suspend => (CardEventKind::Suspend, AuditAction::CardSuspend),
        CardAct::Reinstate => (CardEventKind::Reinstate, AuditAction::CardReinstate),
        CardAct::Revoke => (CardEventKind::Revoke, AuditAction::CardRevoke),
        CardAct::Renew | CardAct::Reissue => {
            return Err(Error::internal(format!(
                "{what:?} is not a change of state; it has its own act"
            )))
        }
    };
    let to = c.status.after(what).map_err(refused)?;
    if what == CardAct::Reinstate && to_unix(c.valid_until) < act.now {
        return Err(Error::conflict(
            "expired",
            "the card has expired; renew it instead",
        ));
    }
    let change = set_state(conn, c, to, kind, Some(reason), act)?;
    record(conn, act, action, &c.id, Some(c), Some(reason))?;
    Ok(change)
}

/// Suspends, reinstates or revokes a card in the actor's scope, with a reason, and publishes the
/// change in its status list.
pub fn change_state(
    k: &Kartu,
    actor: &Actor,
    id: &CardId,
    what: CardAct,
    reason: &str,
) -> Result<Card, Error> {
    actor.require(Permission::ChangeCardState)?;
    let reason = input::reason(reason)?;
    let act = Act::new(actor, k.now());
    let (change, card) = k.db.write(|tx| {
        let c = find(tx, actor, id)?;
        let change = transition(tx, &c, what, &reason, act)?;
        Ok((change, card::get(tx, id).context("reading the card back")?))
    })?;
    k.trust
        .apply(&[change])
        .context("updating the status list")?;
    Ok(card)
}

/// Issues a card to each qualifying member of the family who holds none.
pub fn issue(k: &Kartu, actor: &Actor, family_id: &FamilyId) -> Result<Issued, Error> {
    actor.require(Permission::HandleFamilies)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let f = family::find(tx, family_id, actor.scope())
            .context("loading the family")?
            .ok_or(Error::NotFound("family"))?;
        let members = member::of_family(tx, &f.id).context("loading the members")?;
        let assessment = members::assess(&members, f.municipality, &k.rules, act.now);
        let mut result = Issued {
            issued: Vec::new(),
            skipped: Vec::new(),
        };
        for (m, a) in members.iter().zip(&assessment.members) {
            let skip = |code: &str, message: String| Skipped {
                member: m.id.clone(),
                code: code.into(),
                message,
            };
            let Some(until) = a.card_until.filter(|_| a.qualifies) else {
                result
                    .skipped
                    .push(skip(a.reason.code(), a.reason.to_string()));
                continue;
            };
            if card::current_of_member(tx, &m.id)
                .context("looking for the member's card")?
                .is_some()
            {
                result.skipped.push(skip(
                    "already_has_card",
                    "already holds an active or suspended card".into(),
                ));
                continue;
            }
            let sequence = card::max_sequence(tx, &m.id)
                .context("reading the member's last card")?
                .map_or(1, |s| s + 1);
            let sequence = u8::try_from(sequence)
                .map_err(|_| Error::conflict("card_number", "reissue sequence exhausted"))?;
            let id = signing::create_card(tx, &k.trust, &f, m, sequence, until, act)?;
            event(tx, &id, CardEventKind::Issue, None, act)?;
            record(tx, act, AuditAction::CardIssue, &id, None, None)?;
            result
                .issued
                .push(card::get(tx, &id).context("reading the card back")?);
        }
        Ok(result)
    })
}

/// A card in the actor's scope, with its holder and history.
pub fn detail(k: &Kartu, actor: &Actor, id: &CardId) -> Result<CardFile, Error> {
    actor.require(Permission::HandleFamilies)?;
    k.db.read(|conn| {
        let card = find(conn, actor, id)?;
        let holder = member::find_by_id(conn, &card.member_id).context("loading the holder")?;
        let events = card_event::of_card(conn, &card.id).context("loading the history")?;
        Ok(CardFile {
            card,
            holder,
            events,
        })
    })
}

/// The signed QR text of a card in the actor's scope; not found once the retention rule erased
/// it (the card's number and history remain).
pub fn qr_text(k: &Kartu, actor: &Actor, id: &CardId) -> Result<String, Error> {
    actor.require(Permission::HandleFamilies)?;
    k.db.read(|conn| {
        let c = find(conn, actor, id)?;
        if card::is_erased(&c) {
            return Err(Error::NotFound("the card's QR code (erased)"));
        }
        Ok(c.qr_text)
    })
}

/// Renews a card: validity from now to what the holder qualifies for today, a new signature by
/// the municipality's active key on a new status list entry; the number stays. The old entry is
/// revoked in the same transaction, so the text before the renewal no longer verifies.
pub fn renew(k: &Kartu, actor: &Actor, id: &CardId) -> Result<Card, Error> {
    actor.require(Permission::HandleFamilies)?;
    let act = Act::new(actor, k.now());
    let (card, changes) = k.db.write(|tx| {
        let c = find(tx, actor, id)?;
        c.status.after(CardAct::Renew).map_err(refused)?;
        let holder = member::find_by_id(tx, &c.member_id).context("loading the holder")?;
        let until = members::card_until(tx, &k.rules, c.municipality, &holder, act.now)?;
        let lock = signing::lock_list(tx, c.municipality)?;
        let paper = card::paper(tx, &c.id).context("reading the card's paper state")?;
        let resigned = signing::resign_in(
            tx,
            &lock,
            &k.trust,
            &c,
            paper,
            (&holder.name, holder.role),
            signing::card_end(c.municipality, until, act.now),
            act,
        )?
        .ok_or_else(changed_meanwhile)?;
        event(tx, &c.id, CardEventKind::Renew, None, act)?;
        record(tx, act, AuditAction::CardRenew, &c.id, Some(&c), None)?;
        Ok((
            card::get(tx, id).context("reading the card back")?,
            resigned.changes,
        ))
    })?;
    k.trust
        .apply(&changes)
        .context("updating the status list")?;
    Ok(card)
}

/// Records that a card in the actor's scope was printed from the print view now: its paper copy
/// is current (and no longer listed for reprinting).
pub fn mark_printed(k: &Kartu, actor: &Actor, id: &CardId) -> Result<Card, Error> {
    actor.require(Permission::HandleFamilies)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let c = find(tx, actor, id)?;
        card::set_printed(tx, &c.id, act.at()).context("recording the print")?;
        let mut entry = Entry::new(AuditAction::CardPrint, Some(c.municipality));
        entry.family_id = Some(c.family_id.0.clone());
        entry.card_id = Some(c.id.0.clone());
        entry.subject_id = Some(c.member_id.0.clone());
        act.record(tx, entry)?;
        card::get(tx, id).context("reading the card back")
    })
}

/// Reissues a lost card: it is revoked and a new one with the next sequence is issued, in one
/// transaction. Returns the old card and the new one.
pub fn reissue(k: &Kartu, actor: &Actor, id: &CardId, reason: &str) -> Result<(Card, Card), Error> {
    actor.require(Permission::HandleFamilies)?;
    let reason = input::reason(reason)?;
    let act = Act::new(actor, k.now());
    let (old, new, change) = k.db.write(|tx| {
        let c = find(tx, actor, id)?;
        c.status.after(CardAct::Reissue).map_err(refused)?;
        let f = family::find(tx, &c.family_id, actor.scope())
            .context("loading the family")?
            .ok_or(Error::NotFound("card"))?;
        let holder = member::find_by_id(tx, &c.member_id).context("loading the holder")?;
        let until = members::card_until(tx, &k.rules, f.municipality, &holder, act.now)?;
        let change = revoke_in(tx, &c, &reason, act)?;
        let last = card::max_sequence(tx, &holder.id)
            .context("reading the member's last card")?
            .unwrap_or(c.sequence);
        let next = u8::try_from(last + 1)
            .map_err(|_| Error::conflict("card_number", "reissue sequence exhausted"))?;
        let new_id = signing::create_card(tx, &k.trust, &f, &holder, next, until, act)?;
        event(tx, &new_id, CardEventKind::Reissue, Some(&reason), act)?;
        // One act, one record: the lost card before, the new card after.
        record(
            tx,
            act,
            AuditAction::CardReissue,
            &new_id,
            Some(&c),
            Some(&reason),
        )?;
        let old = card::get(tx, id).context("reading the card back")?;
        let new = card::get(tx, &new_id).context("reading the new card")?;
        Ok((old, new, change))
    })?;
    k.trust
        .apply(&[change])
        .context("updating the status list")?;
    Ok((old, new))
}
