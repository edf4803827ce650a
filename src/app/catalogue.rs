//! The public catalogue: the published partners with their current locations and offers, for
//! families (`/partners`), the open-data exports and the JSON API. No sign-in; nothing here
//! shows a draft, a withdrawn partner, a proposal or an offer that has ended.

use std::collections::HashMap;

use kartu_card::Municipality;

use crate::app::error::{Context, Error};
use crate::app::input::Fields;
use crate::app::Kartu;
use crate::domain::calendar;
use crate::domain::partner::{Category, OfferStatus, PartnerStatus};
use crate::store::offer::{self, Offer};
use crate::store::partner::{self, Partner, PartnerFilter, PartnerId};
use crate::store::partner_location::{self, Location};
use crate::store::DbConnection;

/// A search of the catalogue, as the visitor asked it.
#[derive(Debug, Clone, Default)]
pub struct CatalogueInput {
    /// Any part of a name, an address or a place, with or without diacritics.
    pub text: String,
    /// `ALY`, `VAR` or `ELK`: partners with a location there.
    pub municipality: String,
    pub category: String,
    /// `ALY`, `VAR` or `ELK`: partners with an offer for that municipality's cards.
    pub accepts: String,
    pub page: i64,
    pub per_page: i64,
}

/// A published partner as the catalogue shows it.
#[derive(Debug, Clone)]
pub struct Listing {
    pub partner: Partner,
    pub locations: Vec<Location>,
    /// Published offers that have not ended, oldest first.
    pub offers: Vec<Offer>,
}

#[derive(Debug)]
pub struct CataloguePage {
    pub items: Vec<Listing>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

fn optional_municipality(
    fields: &mut Fields,
    field: &str,
    text: &str,
) -> Option<Option<Municipality>> {
    match text.trim() {
        "" => Some(None),
        code => fields.municipality(field, code).map(Some),
    }
}

/// The locations and current offers of `partners`, in their order.
fn listings(
    conn: &mut DbConnection,
    partners: Vec<Partner>,
    now: i64,
) -> Result<Vec<Listing>, Error> {
    let ids: Vec<PartnerId> = partners.iter().map(|p| p.id.clone()).collect();
    let mut locations: HashMap<PartnerId, Vec<Location>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for l in partner_location::of_partners(conn, chunk).context("loading locations")? {
            locations.entry(l.partner_id.clone()).or_default().push(l);
        }
    }
    let mut offers: HashMap<PartnerId, Vec<Offer>> = HashMap::new();
    for chunk in ids.chunks(500) {
        for o in
            offer::of_partners(conn, chunk, &[OfferStatus::Published]).context("loading offers")?
        {
            offers.entry(o.partner_id.clone()).or_default().push(o);
        }
    }
    Ok(partners
        .into_iter()
        .map(|p| {
            let today = calendar::local_today(p.municipality, now);
            let current = offers
                .remove(&p.id)
                .unwrap_or_default()
                .into_iter()
                .filter(|o| o.valid_until.is_none_or(|until| until >= today))
                .collect();
            Listing {
                locations: locations.remove(&p.id).unwrap_or_default(),
                offers: current,
                partner: p,
            }
        })
        .collect())
}

/// One page (from 1, 1–100 a page) of the published partners that match, by name.
pub fn search(k: &Kartu, input: &CatalogueInput) -> Result<CataloguePage, Error> {
    let mut fields = Fields::default();
    let text = fields.plain("q", &input.text, 100, false);
    let located_in = optional_municipality(&mut fields, "municipality", &input.municipality);
    let accepts = optional_municipality(&mut fields, "accepts", &input.accepts);
    let category = match input.category.trim() {
        "" => Some(None),
        c => match Category::parse(c) {
            Some(c) => Some(Some(c)),
            None => {
                fields.push(
                    "category",
                    "unknown_category",
                    "pick a category from the list",
                );
                None
            }
        },
    };
    let (page, per_page) = (input.page, input.per_page);
    if !(1..=10_000).contains(&page) || !(1..=100).contains(&per_page) {
        fields.push(
            "per_page",
            "out_of_range",
            "page from 1 to 10000, per_page from 1 to 100",
        );
    }
    fields.finish()?;
    let (Some(text), Some(located_in), Some(accepts), Some(category)) =
        (text, located_in, accepts, category)
    else {
        return Err(Error::internal(
            "a parsed field was missing without an error",
        ));
    };
    let needle = kartu_card::transliterate(&text).to_lowercase();
    let filter = PartnerFilter {
        text: Some(needle).filter(|t| !t.is_empty()),
        located_in,
        category,
        accepts,
        statuses: vec![PartnerStatus::Published],
    };
    let now = k.now();
    let (items, total) = k.db.read(|conn| {
        let (partners, total) = partner::search(conn, &filter, (page - 1) * per_page, per_page)
            .context("searching partners")?;
        Ok((listings(conn, partners, now)?, total))
    })?;
    Ok(CataloguePage {
        items,
        page,
        per_page,
        total,
    })
}

/// A published partner with its locations and current offers.
pub fn partner(k: &Kartu, id: &PartnerId) -> Result<Listing, Error> {
    // An id is ours (a UUID); one with a control character in it names no partner, and
    // PostgreSQL would refuse a NUL in the query rather than find nothing.
    if id.0.chars().any(char::is_control) {
        return Err(Error::NotFound("partner"));
    }
    let now = k.now();
    k.db.read(|conn| {
        let p = partner::find_published(conn, id)
            .context("loading the partner")?
            .ok_or(Error::NotFound("partner"))?;
        listings(conn, vec![p], now)?
            .pop()
            .ok_or(Error::NotFound("partner"))
    })
}

/// Every published partner with its locations and current offers, by name: the open data.
pub fn everything(k: &Kartu) -> Result<Vec<Listing>, Error> {
    let now = k.now();
    k.db.read(|conn| {
        let partners = partner::all_published(conn).context("loading partners")?;
        listings(conn, partners, now)
    })
}
