//! The acts on offers. A clerk's offer is published at once (it shows once its partner is
//! published); a partner account proposes, and its proposal waits for a clerk, who approves it
//! (publishing it and withdrawing the offer it replaces, in one transaction) or rejects it with
//! a reason. An edit is a new offer that replaces the old one, so an offer's words never change
//! under a till that cached them.

use serde_json::{json, Value};

use crate::app::actor::{Act, Actor};
use crate::app::error::{Context, Error};
use crate::app::input::{self, Fields};
use crate::app::partner_input::{OfferFields, OfferInput};
use crate::app::partners::{self, record};
use crate::app::Kartu;
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::domain::offer::Discount;
use crate::domain::partner::OfferStatus;
use crate::store::offer::{self, Offer, OfferId};
use crate::store::partner::{Partner, PartnerId};
use crate::store::{new_id, DbConnection};

pub fn offer_json(o: &Offer) -> Value {
    json!({"id": o.id.0, "status": o.status.code(), "replaces": o.replaces.as_ref().map(|r| &r.0),
           "description_lt": o.description_lt, "description_pl": o.description_pl,
           "description_en": o.description_en, "discount": o.discount().map(|d| d.to_string()),
           "conditions": o.conditions, "valid_from": o.valid_from.map(|d| d.to_string()),
           "valid_until": o.valid_until.map(|d| d.to_string()), "roles": o.roles.code(),
           "accepts": o.accepts().municipalities().iter().map(|m| m.code()).collect::<Vec<_>>()})
}

fn row(
    partner: &PartnerId,
    fields: &OfferFields,
    status: OfferStatus,
    replaces: Option<&OfferId>,
    proposed_by: Option<&str>,
    act: Act<'_>,
) -> Offer {
    let (percent, amount_minor, currency) = match fields.terms.discount {
        Discount::Percent(p) => (Some(i32::from(p)), None, None),
        Discount::Amount { minor, currency } => {
            (None, Some(minor), Some(currency.code().to_string()))
        }
    };
    let accepts = fields.terms.accepts;
    Offer {
        id: OfferId(new_id()),
        partner_id: partner.clone(),
        status,
        replaces: replaces.cloned(),
        description_lt: fields.descriptions.lt.clone(),
        description_pl: fields.descriptions.pl.clone(),
        description_en: fields.descriptions.en.clone(),
        percent,
        amount_minor,
        currency,
        conditions: fields.conditions.clone(),
        valid_from: fields.terms.valid_from,
        valid_until: fields.terms.valid_until,
        roles: fields.terms.roles,
        accepts_aly: accepts.alytus,
        accepts_var: accepts.varena,
        accepts_elk: accepts.elk,
        proposed_by: proposed_by.map(str::to_string),
        decision_reason: None,
        created_at: act.at(),
        updated_at: act.at(),
    }
}

fn parse(input: &OfferInput) -> Result<OfferFields, Error> {
    let mut fields = Fields::default();
    let parsed = input.parse(&mut fields);
    fields.finish()?;
    parsed.ok_or_else(|| Error::internal("a parsed field was missing without an error"))
}

fn find(tx: &mut DbConnection, p: &Partner, id: &OfferId) -> Result<Offer, Error> {
    offer::find(tx, &p.id, id)
        .context("loading the offer")?
        .ok_or(Error::NotFound("offer"))
}

fn moved(
    tx: &mut DbConnection,
    o: &Offer,
    from: OfferStatus,
    to: OfferStatus,
    reason: Option<&str>,
    act: Act<'_>,
) -> Result<(), Error> {
    if !offer::set_status(tx, &o.id, from, to, reason, act.at()).context("changing the offer")? {
        return Err(Error::conflict(
            "invalid_transition",
            format!("a {} offer cannot become {}", o.status.code(), to.code()),
        ));
    }
    Ok(())
}

/// Stores a published offer of a partner, without a record (the example partners').
pub fn insert_published(
    tx: &mut DbConnection,
    partner: &PartnerId,
    fields: &OfferFields,
    act: Act<'_>,
) -> Result<(), Error> {
    offer::insert(
        tx,
        row(partner, fields, OfferStatus::Published, None, None, act),
    )
    .context("storing the offer")?;
    partners::refresh_derived(tx, partner)
}

/// Adds a published offer to a partner the actor manages.
pub fn add(
    k: &Kartu,
    actor: &Actor,
    partner: &PartnerId,
    input: &OfferInput,
) -> Result<Offer, Error> {
    actor.require(Permission::ManagePartners)?;
    let fields = parse(input)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = partners::editable(tx, actor, partner)?;
        let new = row(&p.id, &fields, OfferStatus::Published, None, None, act);
        let after = offer_json(&new);
        offer::insert(tx, new.clone()).context("storing the offer")?;
        partners::refresh_derived(tx, &p.id)?;
        record(tx, act, AuditAction::OfferAdd, &p, None, Some(after))?;
        Ok(new)
    })
}

/// Replaces a published offer of a partner the actor manages with a changed one.
pub fn change(
    k: &Kartu,
    actor: &Actor,
    partner: &PartnerId,
    id: &OfferId,
    input: &OfferInput,
) -> Result<Offer, Error> {
    actor.require(Permission::ManagePartners)?;
    let fields = parse(input)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = partners::editable(tx, actor, partner)?;
        let old = find(tx, &p, id)?;
        moved(
            tx,
            &old,
            OfferStatus::Published,
            OfferStatus::Withdrawn,
            None,
            act,
        )?;
        let new = row(
            &p.id,
            &fields,
            OfferStatus::Published,
            Some(&old.id),
            None,
            act,
        );
        let after = offer_json(&new);
        offer::insert(tx, new.clone()).context("storing the offer")?;
        partners::refresh_derived(tx, &p.id)?;
        record(
            tx,
            act,
            AuditAction::OfferChange,
            &p,
            Some(offer_json(&old)),
            Some(after),
        )?;
        Ok(new)
    })
}

/// Withdraws a published offer of a partner the actor manages.
pub fn withdraw(
    k: &Kartu,
    actor: &Actor,
    partner: &PartnerId,
    id: &OfferId,
) -> Result<Offer, Error> {
    actor.require(Permission::ManagePartners)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = partners::editable(tx, actor, partner)?;
        let old = find(tx, &p, id)?;
        moved(
            tx,
            &old,
            OfferStatus::Published,
            OfferStatus::Withdrawn,
            None,
            act,
        )?;
        partners::refresh_derived(tx, &p.id)?;
        let after = find(tx, &p, id)?;
        record(
            tx,
            act,
            AuditAction::OfferWithdraw,
            &p,
            Some(offer_json(&old)),
            Some(offer_json(&after)),
        )?;
        Ok(after)
    })
}

/// A partner account's proposal: a new offer, or a change of one of its published offers
/// (`replaces`), to be published once a clerk approves it.
pub fn propose(
    k: &Kartu,
    actor: &Actor,
    input: &OfferInput,
    replaces: Option<&OfferId>,
) -> Result<Offer, Error> {
    actor.require(Permission::ProposeOffers)?;
    let Some(own) = actor.partner.clone() else {
        return Err(Error::Forbidden("propose offers without a partner"));
    };
    let fields = parse(input)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = partners::find(tx, &own)?;
        if let Some(old) = replaces {
            let old = find(tx, &p, old)?;
            if old.status != OfferStatus::Published {
                return Err(Error::conflict(
                    "invalid_transition",
                    "only a published offer can be changed",
                ));
            }
        }
        let new = row(
            &p.id,
            &fields,
            OfferStatus::Proposed,
            replaces,
            actor.id(),
            act,
        );
        let after = offer_json(&new);
        offer::insert(tx, new.clone()).context("storing the proposal")?;
        record(tx, act, AuditAction::OfferPropose, &p, None, Some(after))?;
        Ok(new)
    })
}

/// Approves a partner's proposal: it is published, and the offer it replaces withdrawn.
pub fn approve(
    k: &Kartu,
    actor: &Actor,
    partner: &PartnerId,
    id: &OfferId,
) -> Result<Offer, Error> {
    actor.require(Permission::ManagePartners)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = partners::editable(tx, actor, partner)?;
        let proposal = find(tx, &p, id)?;
        moved(
            tx,
            &proposal,
            OfferStatus::Proposed,
            OfferStatus::Published,
            None,
            act,
        )?;
        if let Some(old) = &proposal.replaces {
            let old = find(tx, &p, old)?;
            if old.status == OfferStatus::Published {
                moved(
                    tx,
                    &old,
                    OfferStatus::Published,
                    OfferStatus::Withdrawn,
                    None,
                    act,
                )?;
            }
        }
        partners::refresh_derived(tx, &p.id)?;
        let after = find(tx, &p, id)?;
        record(
            tx,
            act,
            AuditAction::OfferApprove,
            &p,
            Some(offer_json(&proposal)),
            Some(offer_json(&after)),
        )?;
        Ok(after)
    })
}

/// Rejects a partner's proposal, with a reason the partner reads.
pub fn reject(
    k: &Kartu,
    actor: &Actor,
    partner: &PartnerId,
    id: &OfferId,
    reason: &str,
) -> Result<Offer, Error> {
    actor.require(Permission::ManagePartners)?;
    let reason = input::reason(reason)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = partners::editable(tx, actor, partner)?;
        let proposal = find(tx, &p, id)?;
        moved(
            tx,
            &proposal,
            OfferStatus::Proposed,
            OfferStatus::Rejected,
            Some(&reason),
            act,
        )?;
        let after = find(tx, &p, id)?;
        record(
            tx,
            act,
            AuditAction::OfferReject,
            &p,
            Some(offer_json(&proposal)),
            Some(offer_json(&after)),
        )?;
        Ok(after)
    })
}

/// The partner account's own partner, with its offers, proposals and rejected proposals.
pub fn own(k: &Kartu, actor: &Actor) -> Result<(Partner, Vec<Offer>), Error> {
    actor.require(Permission::ProposeOffers)?;
    let Some(own) = actor.partner.clone() else {
        return Err(Error::Forbidden("propose offers without a partner"));
    };
    k.db.read(|conn| {
        let p = partners::find(conn, &own)?;
        let offers = offer::of_partners(conn, std::slice::from_ref(&p.id), &OfferStatus::ALL)
            .context("loading offers")?;
        Ok((p, offers))
    })
}

/// The partners' proposals waiting for a clerk of the actor's municipality (the partners'
/// head offices'), oldest first, each with its partner.
pub fn pending(k: &Kartu, actor: &Actor) -> Result<Vec<(Partner, Offer)>, Error> {
    actor.require(Permission::ManagePartners)?;
    let scope = actor.scope().codes();
    k.db.read(|conn| {
        let proposals = offer::proposed_in(conn, &scope).context("loading proposals")?;
        let mut partners: Vec<Partner> = Vec::new();
        let mut out = Vec::with_capacity(proposals.len());
        for o in proposals {
            let p = match partners.iter().find(|p| p.id == o.partner_id) {
                Some(p) => p.clone(),
                None => {
                    let p = partners::find(conn, &o.partner_id)?;
                    partners.push(p.clone());
                    p
                }
            };
            out.push((p, o));
        }
        Ok(out)
    })
}
