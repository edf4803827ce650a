//! Bulk re-signing (`kartu cards resign`): every active or suspended card of a key (after the
//! key leaked and was withdrawn, or before it ends), or of a municipality valid from before a
//! date, signed again by the municipality's active key. Each card keeps its number, its state
//! and its end date, and moves to a new status list entry; its old entry is revoked in the same
//! transaction ([`signing::resign_in`]), so the old text stops working even where the old key is
//! still trusted.
//!
//! The cards go in batches, one transaction each, in id order. A re-signed card no longer
//! matches the selection (its key, or its `valid_from`, changed), so a run that was interrupted
//! is resumed by running it again. The act is recorded once per run, with its counts and the
//! numbers of the cards that had been printed on paper (to reprint), also when a batch fails.
//! [`reprints`] lists the cards still to reprint for the console.

use std::collections::BTreeMap;

use kartu_card::{CardNumber, KeyId, Municipality};
use serde_json::json;
use time::{Date, PrimitiveDateTime};

use crate::app::actor::{Act, Actor};
use crate::app::audit::Entry;
use crate::app::error::{Context, Error};
use crate::app::signing;
use crate::app::trust::{StatusChange, Trust};
use crate::app::{Db, Kartu};
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::domain::calendar;
use crate::domain::card_state::{CardEventKind, CardState};
use crate::store::card::{self, Card, ResignFilter};
use crate::store::card_event::{self, NewCardEvent};
use crate::store::from_unix;

/// Cards re-signed per transaction.
pub const BATCH: i64 = 500;

/// Which cards to re-sign: those signed by `kid`, and/or of `municipality` valid from before
/// `before` (a local date, at most today). At least the key or the municipality with a date.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub kid: Option<KeyId>,
    pub municipality: Option<Municipality>,
    pub before: Option<Date>,
}

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// The cards the selection took when the run began.
    pub selected: u64,
    pub resigned: u64,
    /// Of those re-signed, the suspended ones (they stay suspended on their new entry).
    pub suspended: u64,
    /// Cards changed by someone else while the run read them; a second run takes them.
    pub skipped: u64,
    pub by_municipality: BTreeMap<Municipality, u64>,
    /// The key that signed the new texts.
    pub new_kid: String,
    /// The re-signed cards whose paper copy is now stale, in the order they were re-signed.
    pub to_reprint: Vec<CardNumber>,
}

/// The one municipality a selection is about, its filter and the key that signs.
struct Plan {
    municipality: Municipality,
    filter: ResignFilter,
    signer: KeyId,
}

fn plan(trust: &Trust, actor: &Actor, selection: &Selection, now: i64) -> Result<Plan, Error> {
    let key_municipality = match &selection.kid {
        Some(kid) => Some(
            trust
                .keyring()
                .entries()
                .iter()
                .find(|e| &e.key.kid == kid)
                .map(|e| e.key.municipality)
                .ok_or_else(|| {
                    Error::field(
                        "kid",
                        "unknown_key",
                        format!("no key {kid} in the key ring"),
                    )
                })?,
        ),
        None => None,
    };
    let municipality =
        match (key_municipality, selection.municipality) {
            (Some(k), Some(m)) if k != m => {
                return Err(Error::field(
                    "municipality",
                    "other_municipality",
                    format!("key {} is a key of {k}, not of {m}", kid_hex(selection)),
                ))
            }
            (Some(m), _) | (None, Some(m)) => m,
            (None, None) => return Err(Error::field(
                "kid",
                "required",
                "name the key (--kid), or the municipality and a date (--municipality, --before)",
            )),
        };
    if selection.kid.is_none() && selection.before.is_none() {
        return Err(Error::field(
            "before",
            "required",
            "without a key, name the date the cards must be valid from before (--before)",
        ));
    }
    if !actor.scope().includes(municipality) {
        return Err(Error::Forbidden(
            "re-sign the cards of another municipality",
        ));
    }
    let today = calendar::local_today(municipality, now);
    let valid_from_before = match selection.before {
        Some(before) if before > today => {
            return Err(Error::field(
                "before",
                "in_future",
                format!("{before} is after today ({today}): a run would take its own new cards"),
            ))
        }
        Some(before) => Some(from_unix(start_of_day(municipality, before))),
        None => None,
    };
    let signer = match trust.keyring().signer(municipality, now) {
        None => {
            return Err(Error::conflict(
                "no_signing_key",
                format!(
                    "{municipality} has no active signing key: run `kartu keys generate --municipality {municipality}` first"
                ),
            ))
        }
        Some((entry, _)) if Some(&entry.kid) == selection.kid.as_ref() => {
            return Err(Error::conflict(
                "key_still_active",
                format!(
                    "{} is still the active key of {municipality}: run `kartu keys generate --municipality {municipality}` first, so the cards move to a new key",
                    entry.kid
                ),
            ))
        }
        Some((entry, _)) => entry.kid,
    };
    Ok(Plan {
        municipality,
        filter: ResignFilter {
            kid: selection.kid.map(|k| k.to_hex()),
            municipality: Some(municipality),
            valid_from_before,
            now: from_unix(now),
            scope: actor.scope(),
        },
        signer,
    })
}

fn kid_hex(selection: &Selection) -> String {
    selection.kid.map(|k| k.to_hex()).unwrap_or_default()
}

/// The first second of `date` in the municipality.
fn start_of_day(municipality: Municipality, date: Date) -> i64 {
    date.previous_day()
        .map_or(i64::MIN, |d| calendar::end_of_day(municipality, d))
        .saturating_add(1)
}

/// Re-signs the cards `selection` takes, [`BATCH`] a transaction, calling `progress(done,
/// total)` after each. Needs the administrator's permission (the command line has it). The
/// status list changes go to `trust` after each commit; a server running beside the command
/// line loads them when it starts again.
pub fn resign_cards(
    db: &Db,
    trust: &Trust,
    actor: &Actor,
    selection: &Selection,
    mut progress: impl FnMut(u64, u64),
) -> Result<Report, Error> {
    actor.require(Permission::ManageAccounts)?;
    let act = Act::new(actor, db.now());
    let plan = plan(trust, actor, selection, act.now)?;
    let selected = db.read(|conn| {
        card::count_to_resign(conn, &plan.filter).context("counting the cards to re-sign")
    })?;
    let mut report = Report {
        selected: u64::try_from(selected).unwrap_or(0),
        new_kid: plan.signer.to_hex(),
        ..Report::default()
    };
    progress(0, report.selected);
    let mut after = None;
    let outcome = loop {
        let batch = db.write(|tx| resign_batch(tx, trust, &plan, after.as_ref(), act));
        match batch {
            Ok(done) => {
                if let Err(e) = trust
                    .apply(&done.changes)
                    .context("updating the status lists")
                {
                    break Err(e);
                }
                report.add(&done, plan.municipality);
                progress(
                    report.resigned + report.skipped,
                    report.selected.max(report.resigned + report.skipped),
                );
                match done.last {
                    Some(last) if done.read == BATCH => after = Some(last),
                    _ => break Ok(()),
                }
            }
            Err(e) => break Err(e),
        }
    };
    let failure = outcome.as_ref().err().map(ToString::to_string);
    db.write(|tx| {
        let mut entry = Entry::new(AuditAction::CardResign, Some(plan.municipality));
        entry.after = Some(json!({
            "kid": selection.kid.map(|k| k.to_hex()),
            "municipality": plan.municipality.code(),
            "before": selection.before.map(|d| d.to_string()),
            "new_kid": report.new_kid,
            "selected": report.selected,
            "resigned": report.resigned,
            "suspended": report.suspended,
            "skipped": report.skipped,
            "by_municipality": report.by_municipality.iter()
                .map(|(m, n)| (m.code().to_string(), json!(n)))
                .collect::<serde_json::Map<_, _>>(),
            "printed": report.to_reprint.iter().map(ToString::to_string).collect::<Vec<_>>(),
            "complete": failure.is_none(),
            "error": failure,
        }));
        act.record(tx, entry)
    })
    .context("recording the re-signing")?;
    outcome.map(|()| report)
}

/// One committed batch.
struct Batch {
    read: i64,
    last: Option<card::CardId>,
    resigned: Vec<(Card, bool)>,
    skipped: u64,
    changes: Vec<StatusChange>,
}

impl Report {
    fn add(&mut self, batch: &Batch, municipality: Municipality) {
        for (c, printed) in &batch.resigned {
            self.resigned += 1;
            if c.status == CardState::Suspended {
                self.suspended += 1;
            }
            if *printed {
                self.to_reprint.push(c.number);
            }
        }
        if !batch.resigned.is_empty() {
            *self.by_municipality.entry(municipality).or_default() +=
                u64::try_from(batch.resigned.len()).unwrap_or(0);
        }
        self.skipped += batch.skipped;
    }
}

fn resign_batch(
    tx: &mut crate::store::DbConnection,
    trust: &Trust,
    plan: &Plan,
    after: Option<&card::CardId>,
    act: Act<'_>,
) -> Result<Batch, Error> {
    let lock = signing::lock_list(tx, plan.municipality)?;
    let rows =
        card::to_resign(tx, &plan.filter, after, BATCH).context("reading the cards to re-sign")?;
    let mut batch = Batch {
        read: i64::try_from(rows.len()).unwrap_or(BATCH),
        last: rows.last().map(|r| r.card.id.clone()),
        resigned: Vec::with_capacity(rows.len()),
        skipped: 0,
        changes: Vec::with_capacity(rows.len() * 2),
    };
    let mut events = Vec::with_capacity(rows.len());
    for row in rows {
        let c = &row.card;
        let Some(done) = signing::resign_in(
            tx,
            &lock,
            trust,
            c,
            row.paper,
            (&row.holder_name, row.holder_role),
            crate::store::to_unix(c.valid_until),
            act,
        )?
        else {
            batch.skipped += 1;
            continue;
        };
        events.push(NewCardEvent {
            card_id: c.id.clone(),
            kind: CardEventKind::Resign,
            reason: Some(format!("key {} replaced by {}", c.kid, done.kid)),
            actor: act.actor.name.clone(),
            at: act.at(),
        });
        batch.changes.extend(done.changes);
        batch
            .resigned
            .push((row.card, row.paper.after_resign(act.at()).needs_reprint()));
    }
    card_event::insert_all(tx, events).context("recording the card events")?;
    Ok(batch)
}

/// A card whose printed copy no longer matches its text.
#[derive(Debug, Clone)]
pub struct Reprint {
    pub card: Card,
    pub holder: String,
    pub since: PrimitiveDateTime,
}

/// The current cards in the actor's scope that were printed and then signed again: their paper
/// copies show a text that no longer verifies. Printing one from the print view takes it off.
pub fn reprints(k: &Kartu, actor: &Actor) -> Result<Vec<Reprint>, Error> {
    actor.require(Permission::HandleFamilies)?;
    k.db.read(|conn| {
        Ok(card::to_reprint(conn, actor.scope())
            .context("listing the cards to reprint")?
            .into_iter()
            .map(|(card, holder, since)| Reprint {
                card,
                holder,
                since,
            })
            .collect())
    })
}
