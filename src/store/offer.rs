//! `offers`: a partner's discounts. A partner account's change is a new row in `proposed`,
//! naming the published offer it `replaces`; a clerk's approval publishes it and withdraws the
//! one it replaces, in one transaction.

use diesel::prelude::*;
use diesel_derive_newtype::DieselNewType;
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime};

use crate::domain::offer::{Acceptance, Currency, Descriptions, Discount, OfferRoles, Terms};
use crate::domain::partner::{OfferStatus, PartnerStatus};
use crate::store::partner::PartnerId;
use crate::store::schema::{offers, partners};
use crate::store::sql_types::Stored;
use crate::store::DbConnection;

#[derive(Debug, Clone, PartialEq, Eq, Hash, DieselNewType, Serialize, Deserialize)]
pub struct OfferId(pub String);

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = offers)]
pub struct Offer {
    pub id: OfferId,
    pub partner_id: PartnerId,
    #[diesel(deserialize_as = Stored<OfferStatus>, serialize_as = Stored<OfferStatus>)]
    pub status: OfferStatus,
    pub replaces: Option<OfferId>,
    pub description_lt: Option<String>,
    pub description_pl: Option<String>,
    pub description_en: Option<String>,
    pub percent: Option<i32>,
    pub amount_minor: Option<i64>,
    /// `EUR` or `PLN`, with `amount_minor` (a CHECK holds the pair together).
    pub currency: Option<String>,
    pub conditions: String,
    pub valid_from: Option<Date>,
    pub valid_until: Option<Date>,
    #[diesel(deserialize_as = Stored<OfferRoles>, serialize_as = Stored<OfferRoles>)]
    pub roles: OfferRoles,
    pub accepts_aly: bool,
    pub accepts_var: bool,
    pub accepts_elk: bool,
    pub proposed_by: Option<String>,
    pub decision_reason: Option<String>,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
}

impl Offer {
    pub fn descriptions(&self) -> Descriptions {
        Descriptions {
            lt: self.description_lt.clone(),
            pl: self.description_pl.clone(),
            en: self.description_en.clone(),
        }
    }

    pub fn accepts(&self) -> Acceptance {
        Acceptance {
            alytus: self.accepts_aly,
            varena: self.accepts_var,
            elk: self.accepts_elk,
        }
    }

    /// The discount; None only for a row the table's CHECK constraints would have refused.
    pub fn discount(&self) -> Option<Discount> {
        match (self.percent, self.amount_minor, self.currency.as_deref()) {
            (Some(p), None, None) => u8::try_from(p).ok().map(Discount::Percent),
            (None, Some(minor), Some(c)) => {
                Currency::parse(c).map(|currency| Discount::Amount { minor, currency })
            }
            _ => None,
        }
    }

    pub fn terms(&self) -> Option<Terms> {
        Some(Terms {
            discount: self.discount()?,
            roles: self.roles,
            accepts: self.accepts(),
            valid_from: self.valid_from,
            valid_until: self.valid_until,
        })
    }
}

pub fn insert(conn: &mut DbConnection, offer: Offer) -> QueryResult<()> {
    diesel::insert_into(offers::table)
        .values(offer)
        .execute(conn)
        .map(|_| ())
}

/// The offers of these partners in one of `statuses`, oldest first.
pub fn of_partners(
    conn: &mut DbConnection,
    partners: &[PartnerId],
    statuses: &[OfferStatus],
) -> QueryResult<Vec<Offer>> {
    let statuses: Vec<&str> = statuses.iter().map(|s| s.code()).collect();
    offers::table
        .filter(offers::partner_id.eq_any(partners))
        .filter(offers::status.eq_any(statuses))
        .order((offers::created_at, offers::id))
        .select(Offer::as_select())
        .load(conn)
}

pub fn find(
    conn: &mut DbConnection,
    partner: &PartnerId,
    id: &OfferId,
) -> QueryResult<Option<Offer>> {
    offers::table
        .filter(offers::id.eq(id))
        .filter(offers::partner_id.eq(partner))
        .select(Offer::as_select())
        .first(conn)
        .optional()
}

/// Proposals waiting for a clerk, of partners in `municipalities`, oldest first.
pub fn proposed(conn: &mut DbConnection, partners: &[PartnerId]) -> QueryResult<Vec<Offer>> {
    of_partners(conn, partners, &[OfferStatus::Proposed])
}

/// Proposals waiting for a clerk, of the partners (not deleted) of `municipalities`, oldest
/// first.
pub fn proposed_in(conn: &mut DbConnection, municipalities: &[&str]) -> QueryResult<Vec<Offer>> {
    let in_scope = partners::table
        .filter(partners::municipality.eq_any(municipalities))
        .filter(partners::status.ne(PartnerStatus::Deleted.code()))
        .select(partners::id);
    offers::table
        .filter(offers::status.eq(OfferStatus::Proposed.code()))
        .filter(offers::partner_id.eq_any(in_scope))
        .order((offers::created_at, offers::id))
        .select(Offer::as_select())
        .load(conn)
}

/// Moves an offer from `from` to `to` (with a reason for a rejection); false when it is no
/// longer in `from`.
pub fn set_status(
    conn: &mut DbConnection,
    id: &OfferId,
    from: OfferStatus,
    to: OfferStatus,
    reason: Option<&str>,
    at: PrimitiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        offers::table
            .filter(offers::id.eq(id))
            .filter(offers::status.eq(from.code())),
    )
    .set((
        offers::status.eq(to.code()),
        offers::decision_reason.eq(reason),
        offers::updated_at.eq(at),
    ))
    .execute(conn)
    .map(|n| n == 1)
}
