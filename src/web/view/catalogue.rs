//! What the public catalogue answers: a published partner with its current locations and
//! offers, as `/api/v1/partners` and the GeoJSON export show it. Made from the acts' `Listing`;
//! nothing here is a draft, a proposal or an offer that has ended.

use serde::Serialize;
use utoipa::ToSchema;

use crate::app::catalogue::{CataloguePage, Listing};
use crate::i18n::Lang;
use crate::store::offer::Offer;
use crate::store::partner_location::Location;

/// The address of a partner's page in the catalogue.
pub fn partner_path(id: &str) -> String {
    format!("/partners/{id}")
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LocationView {
    pub id: String,
    pub address: String,
    /// `ALY`, `VAR` or `ELK`: where the location is.
    pub municipality: String,
    /// WGS 84 decimal degrees, when known.
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub opening_hours: String,
}

impl From<&Location> for LocationView {
    fn from(l: &Location) -> LocationView {
        LocationView {
            id: l.id.0.clone(),
            address: l.address.clone(),
            municipality: l.municipality.code().to_string(),
            latitude: l.latitude,
            longitude: l.longitude,
            opening_hours: l.opening_hours.clone(),
        }
    }
}

/// An offer's description in each language, as stored (a missing one is null).
#[derive(Debug, Serialize, ToSchema)]
pub struct DescriptionsView {
    pub lt: Option<String>,
    pub pl: Option<String>,
    pub en: Option<String>,
}

/// The description a reader of the answer's language sees.
#[derive(Debug, Serialize, ToSchema)]
pub struct ShownView {
    pub text: String,
    /// The language `text` is in (`lt`, `pl` or `en`).
    pub lang: String,
    /// True when `text` is not in the language asked for (it fell back to another).
    pub fallback: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferView {
    pub id: String,
    /// The discount as every page shows it, e.g. `−10 %` or `−5.00 EUR`.
    #[schema(example = "−10 %")]
    pub discount: String,
    /// 1–100, for a percentage.
    pub percent: Option<i32>,
    /// For a fixed amount: in the currency's minor unit (cents, grosze).
    pub amount_minor: Option<i64>,
    /// `EUR` or `PLN`, with `amount_minor`.
    pub currency: Option<String>,
    pub descriptions: DescriptionsView,
    pub shown: Option<ShownView>,
    pub conditions: String,
    /// First day, `YYYY-MM-DD` (the partner's local date).
    pub valid_from: Option<String>,
    /// Last day, inclusive.
    pub valid_until: Option<String>,
    /// `parent`, `child` or `both`.
    pub roles: String,
    /// The municipalities whose cards it accepts.
    #[schema(example = json!(["ALY", "VAR", "ELK"]))]
    pub accepts: Vec<String>,
}

impl OfferView {
    pub fn new(o: &Offer, lang: Lang) -> OfferView {
        let descriptions = o.descriptions();
        let shown = descriptions.shown(lang.code()).map(|s| ShownView {
            text: s.text.to_string(),
            lang: s.fallback.unwrap_or(lang.code()).to_string(),
            fallback: s.fallback.is_some(),
        });
        OfferView {
            id: o.id.0.clone(),
            discount: o.discount().map(|d| d.to_string()).unwrap_or_default(),
            percent: o.percent,
            amount_minor: o.amount_minor,
            currency: o.currency.clone(),
            shown,
            descriptions: DescriptionsView {
                lt: descriptions.lt,
                pl: descriptions.pl,
                en: descriptions.en,
            },
            conditions: o.conditions.clone(),
            valid_from: o.valid_from.map(|d| d.to_string()),
            valid_until: o.valid_until.map(|d| d.to_string()),
            roles: o.roles.code().to_string(),
            accepts: o
                .accepts()
                .municipalities()
                .iter()
                .map(|m| m.code().to_string())
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerView {
    pub id: String,
    pub name: String,
    /// Lithuanian company code or Polish NIP.
    pub legal_id: String,
    /// One of `food`, `clothing`, `culture`, `sport`, `health`, `education`, `transport`,
    /// `services`, `leisure`, `other`.
    pub category: String,
    /// `ALY`, `VAR` or `ELK`: the municipality of the head office, whose clerks manage it.
    pub municipality: String,
    pub website: String,
    pub phone: String,
    pub email: String,
    /// An example partner of a development service (`--demo`), not a real business.
    pub example: bool,
    /// The partner's page in the catalogue.
    #[schema(example = "/partners/0b0c5f0e-2d5b-4c59-9b57-2f4f3f9d1c11")]
    pub url: String,
    pub locations: Vec<LocationView>,
    /// Published offers that have not ended.
    pub offers: Vec<OfferView>,
}

impl PartnerView {
    pub fn new(l: &Listing, lang: Lang) -> PartnerView {
        let p = &l.partner;
        PartnerView {
            id: p.id.0.clone(),
            name: p.name.clone(),
            legal_id: p.legal_id.clone(),
            category: p.category.code().to_string(),
            municipality: p.municipality.code().to_string(),
            website: p.website.clone(),
            phone: p.phone.clone(),
            email: p.email.clone(),
            example: p.demo,
            url: partner_path(&p.id.0),
            locations: l.locations.iter().map(LocationView::from).collect(),
            offers: l.offers.iter().map(|o| OfferView::new(o, lang)).collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PartnerList {
    pub items: Vec<PartnerView>,
    pub page: i64,
    pub per_page: i64,
    /// How many partners match in all.
    pub total: i64,
}

impl PartnerList {
    pub fn new(found: &CataloguePage, lang: Lang) -> PartnerList {
        PartnerList {
            items: found
                .items
                .iter()
                .map(|l| PartnerView::new(l, lang))
                .collect(),
            page: found.page,
            per_page: found.per_page,
            total: found.total,
        }
    }
}
