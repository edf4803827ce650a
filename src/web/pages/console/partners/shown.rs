//! How a partner's offers and till links read on a console page, in the reader's language. The
//! words come from `locales/`; the discount reads the same in every language (`Discount`'s
//! `Display`).

use crate::domain::calendar::human_time;
use crate::store::offer::Offer;
use crate::store::partner_location::Location;
use crate::store::partner_till::Till;
use crate::store::to_unix;
use crate::web::pages::Page;

/// One offer, as a page shows it.
#[derive(Debug, Clone)]
pub struct OfferRow {
    pub id: String,
    /// `proposed`, `published`, `withdrawn` or `rejected`.
    pub status: &'static str,
    pub description: String,
    /// "in Polish" and the like, when the description is not in the reader's language.
    pub fallback: Option<String>,
    pub discount: String,
    pub conditions: String,
    /// `YYYY-MM-DD`, or empty.
    pub valid_from: String,
    pub valid_until: String,
    /// Whose cards in a family: the roles in words.
    pub roles: String,
    /// The municipalities whose cards it accepts, by name.
    pub accepts: Vec<String>,
    /// Their codes, space-separated (`ALY VAR ELK`).
    pub accepts_codes: String,
    /// Whether it accepts the cards of every municipality.
    pub accepts_all: bool,
    /// The offer a proposal or a change replaces.
    pub replaces: Option<String>,
    /// Why a proposal was rejected.
    pub reason: Option<String>,
    /// When it was written, for people.
    pub written: String,
}

impl OfferRow {
    pub fn new(page: &Page, o: &Offer) -> OfferRow {
        let descriptions = o.descriptions();
        let shown = descriptions.shown(page.lang_code());
        let accepted = o.accepts().municipalities();
        OfferRow {
            id: o.id.0.clone(),
            status: o.status.code(),
            description: shown.as_ref().map_or("", |s| s.text).to_string(),
            fallback: shown
                .and_then(|s| s.fallback)
                .map(|lang| page.t(&format!("offer-in-{lang}"))),
            discount: o.discount().map(|d| d.to_string()).unwrap_or_default(),
            conditions: o.conditions.clone(),
            valid_from: o.valid_from.map(|d| d.to_string()).unwrap_or_default(),
            valid_until: o.valid_until.map(|d| d.to_string()).unwrap_or_default(),
            roles: page.t(&format!("offer-roles-{}", o.roles.code())),
            accepts: accepted.iter().map(|m| page.name_of(m)).collect(),
            accepts_codes: accepted
                .iter()
                .map(|m| m.code())
                .collect::<Vec<_>>()
                .join(" "),
            accepts_all: accepted.len() == kartu_card::Municipality::ALL.len(),
            replaces: o.replaces.as_ref().map(|r| r.0.clone()),
            reason: o.decision_reason.clone(),
            written: human_time(to_unix(o.created_at)),
        }
    }

    /// The accepted municipalities' names, joined.
    pub fn accepts_names(&self) -> String {
        self.accepts.join(", ")
    }
}

/// A till link in use, as the partner page lists it.
#[derive(Debug, Clone)]
pub struct TillRow {
    pub id: String,
    pub label: String,
    /// The address of its location.
    pub location: String,
    pub created: String,
}

impl TillRow {
    pub fn new(t: &Till, locations: &[Location]) -> TillRow {
        TillRow {
            id: t.id.0.clone(),
            label: t.label.clone(),
            location: locations
                .iter()
                .find(|l| l.id == t.location_id)
                .map_or_else(String::new, |l| l.address.clone()),
            created: human_time(to_unix(t.created_at)),
        }
    }
}
