//! A family's right of access (GDPR Art. 15): everything the service holds about one family,
//! for a supervisor to hand over as JSON or on paper.
//!
//! The export holds what the rows hold, with one exception: the national ID hash. It is a
//! pseudonym of the ID number (the service never has the number itself), useless to the family
//! and a way to link them across registers if it left the server, so it is never exported; the
//! export says so instead. Family page tokens are not held at all, only their hashes, which are
//! left out too: a link is exported by its dates.

use crate::app::actor::{Act, Actor};
use crate::app::audit::Entry;
use crate::app::error::{Context, Error};
use crate::app::Kartu;
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::store::audit_event::{self, AuditEvent};
use crate::store::card::{self, Card};
use crate::store::card_event::{self, CardEvent};
use crate::store::family::{self, Family, FamilyId};
use crate::store::family_link::{self, FamilyLink};
use crate::store::member::{self, Member};

/// Everything held about one family, as read in one transaction.
#[derive(Debug)]
pub struct FamilyExport {
    pub family: Family,
    /// Every member the family ever had, removed ones too, in member number order. Their
    /// `national_id_hash` is never rendered.
    pub members: Vec<Member>,
    /// Every card, with its signed QR text (the card itself).
    pub cards: Vec<Card>,
    /// The history of every card, card by card.
    pub events: Vec<CardEvent>,
    /// The family page links, by their dates (`token_hash` is never rendered).
    pub links: Vec<FamilyLink>,
    /// The audit records about the family, oldest first, with their snapshots as held.
    pub audit: Vec<AuditEvent>,
    /// When the export was made (Unix seconds) and by whom.
    pub exported_at: i64,
    pub exported_by: String,
}

/// Everything held about a family in the supervisor's scope. The export is itself recorded in
/// the audit trail (`family.export`, with counts only).
pub fn export_family(k: &Kartu, actor: &Actor, id: &FamilyId) -> Result<FamilyExport, Error> {
    actor.require(Permission::ExportFamilyData)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let family = family::find(tx, id, actor.scope())
            .context("loading the family")?
            .ok_or(Error::NotFound("family"))?;
        let members = member::all_of_family(tx, &family.id).context("loading the members")?;
        let cards = card::of_family(tx, &family.id).context("loading the cards")?;
        let mut events = Vec::new();
        for c in &cards {
            events.extend(card_event::of_card(tx, &c.id).context("loading a card's history")?);
        }
        let links = family_link::of_family(tx, &family.id).context("loading the links")?;
        let audit = audit_event::of_family(tx, &family.id.0).context("loading the trail")?;
        let mut entry = Entry::new(AuditAction::FamilyExport, Some(family.municipality));
        entry.family_id = Some(family.id.0.clone());
        entry.after = Some(serde_json::json!({
            "members": members.len(),
            "cards": cards.len(),
            "card_events": events.len(),
            "links": links.len(),
            "audit_records": audit.len(),
        }));
        act.record(tx, entry)?;
        Ok(FamilyExport {
            family,
            members,
            cards,
            events,
            links,
            audit,
            exported_at: act.now,
            exported_by: actor.name.clone(),
        })
    })
}
