//! The checker at a partner's till: which partner and location it is (from a till link a clerk
//! made, or a partner account signed in), that partner's offers, and the count of the uses a
//! cashier confirms. A use is counted, not recorded: partner, location, the card's municipality
//! and the day, nothing else, and no audit record (which would carry the time of day).

use crate::app::actor::{Act, Actor};
use crate::app::error::{Context, Error};
use crate::app::input::Fields;
use crate::app::partners::{self, record};
use crate::app::Kartu;
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::domain::calendar;
use crate::domain::partner::{OfferStatus, PartnerStatus};
use crate::domain::secret;
use crate::store::card_use::{self, NewUse};
use crate::store::offer::{self, Offer};
use crate::store::partner::{self, Partner, PartnerId};
use crate::store::partner_location::{self, Location, LocationId};
use crate::store::partner_till::{self, Till, TillId};
use crate::store::{new_id, DbConnection};

/// How far back a use confirmed offline may be dated.
pub const LATE_USE_DAYS: i64 = 7;

/// Who the checker is.
#[derive(Debug, Clone, Copy)]
pub enum Checker<'a> {
    /// A till link's token.
    Till(&'a str),
    /// A signed-in partner account, at one of its locations (its first when none is named).
    Partner(&'a Actor, Option<&'a LocationId>),
}

/// Where a checker stands: its partner, its location, and the offers that apply there.
#[derive(Debug, Clone)]
pub struct Checkout {
    pub partner: Partner,
    pub location: Location,
    /// Every current location of the partner (a partner account picks one).
    pub locations: Vec<Location>,
    /// Published offers that have not ended; none while the partner is not published.
    pub offers: Vec<Offer>,
}

fn checkout(
    conn: &mut DbConnection,
    p: Partner,
    location: Option<&LocationId>,
    now: i64,
) -> Result<Checkout, Error> {
    let locations = partner_location::of_partners(conn, std::slice::from_ref(&p.id))
        .context("loading locations")?;
    let location = match location {
        Some(id) => locations.iter().find(|l| &l.id == id).cloned(),
        None => locations.first().cloned(),
    }
    .ok_or(Error::NotFound("location"))?;
    let today = calendar::local_today(p.municipality, now);
    let offers = if p.status == PartnerStatus::Published {
        offer::of_partners(conn, std::slice::from_ref(&p.id), &[OfferStatus::Published])
            .context("loading offers")?
            .into_iter()
            .filter(|o| o.valid_until.is_none_or(|until| until >= today))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Checkout {
        partner: p,
        location,
        locations,
        offers,
    })
}

fn resolve(conn: &mut DbConnection, who: Checker<'_>, now: i64) -> Result<Checkout, Error> {
    match who {
        Checker::Till(token) => {
            if !secret::plausible(token) {
                return Err(Error::Unauthenticated);
            }
            let till = partner_till::find_live(conn, &secret::secret_hash(token))
                .context("looking up the till link")?
                .ok_or(Error::Unauthenticated)?;
            let p = partner::find(conn, &till.partner_id)
                .context("loading the partner")?
                .ok_or(Error::Unauthenticated)?;
            checkout(conn, p, Some(&till.location_id), now)
        }
        Checker::Partner(actor, location) => {
            actor.require(Permission::RecordUses)?;
            let own = actor
                .partner
                .clone()
                .ok_or(Error::Forbidden("check cards without a partner"))?;
            let p = partners::find(conn, &own)?;
            checkout(conn, p, location, now)
        }
    }
}

/// The checker's partner, location and offers.
pub fn context(k: &Kartu, who: Checker<'_>) -> Result<Checkout, Error> {
    let now = k.now();
    k.db.read(|conn| resolve(conn, who, now))
}

/// Counts one use of a card of `card_municipality` confirmed on `day` (`YYYY-MM-DD`, the
/// partner's local date; empty: today). A use may be confirmed offline and sent up to
/// [`LATE_USE_DAYS`] days later; a day in the future is refused.
pub fn record_use(
    k: &Kartu,
    who: Checker<'_>,
    card_municipality: &str,
    day: &str,
) -> Result<(), Error> {
    let mut fields = Fields::default();
    let card_municipality = fields.municipality("card_municipality", card_municipality.trim());
    let day = fields.optional_date("day", Some(day));
    fields.finish()?;
    let card_municipality =
        card_municipality.ok_or_else(|| Error::internal("a parsed field was missing"))?;
    let now = k.now();
    k.db.write(|tx| {
        let at = resolve(tx, who, now)?;
        if at.partner.status != PartnerStatus::Published {
            return Err(Error::conflict(
                "not_published",
                "this partner is not in the programme now; no use is counted",
            ));
        }
        let today = calendar::local_today(at.partner.municipality, now);
        let day = day.unwrap_or(today);
        let earliest = today - time::Duration::days(LATE_USE_DAYS);
        if day > today || day < earliest {
            return Err(Error::field(
                "day",
                "out_of_range",
                format!("a use is counted for the last {LATE_USE_DAYS} days only"),
            ));
        }
        card_use::count(
            tx,
            &NewUse {
                partner: &at.partner.id,
                location: &at.location.id,
                location_municipality: at.location.municipality,
                card_municipality,
                day,
            },
        )
        .context("counting the use")
    })
}

/// Makes a till link for one location of a partner the actor manages; returns it and its token,
/// which exists nowhere else from now on.
pub fn create_till(
    k: &Kartu,
    actor: &Actor,
    partner: &PartnerId,
    location: &LocationId,
    label: &str,
) -> Result<(Till, String), Error> {
    actor.require(Permission::ManagePartners)?;
    let mut fields = Fields::default();
    let label = fields.plain("label", label, 100, true);
    fields.finish()?;
    let label = label.ok_or_else(|| Error::internal("a parsed field was missing"))?;
    let token = secret::random_secret();
    let act = Act::new(actor, k.now());
    let till = k.db.write(|tx| {
        let p = partners::editable(tx, actor, partner)?;
        partner_location::find(tx, &p.id, location)
            .context("loading the location")?
            .ok_or(Error::NotFound("location"))?;
        let till = Till {
            id: TillId(new_id()),
            partner_id: p.id.clone(),
            location_id: location.clone(),
            label,
            token_hash: secret::secret_hash(&token),
            created_by: actor.id().unwrap_or(&actor.name).to_string(),
            created_at: act.at(),
            revoked_at: None,
        };
        partner_till::insert(tx, till.clone()).context("storing the till link")?;
        let after =
            serde_json::json!({"till": till.id.0, "label": till.label, "location": location.0});
        record(tx, act, AuditAction::TillCreate, &p, None, Some(after))?;
        Ok(till)
    })?;
    Ok((till, token))
}

/// Revokes a till link of a partner the actor manages: the till stops counting from its next
/// request.
pub fn revoke_till(
    k: &Kartu,
    actor: &Actor,
    partner: &PartnerId,
    till: &TillId,
) -> Result<(), Error> {
    actor.require(Permission::ManagePartners)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = partners::editable(tx, actor, partner)?;
        if !partner_till::revoke(tx, &p.id, till, act.at()).context("revoking the till link")? {
            return Err(Error::NotFound("till link"));
        }
        record(
            tx,
            act,
            AuditAction::TillRevoke,
            &p,
            None,
            Some(serde_json::json!({"till": till.0})),
        )
    })
}
