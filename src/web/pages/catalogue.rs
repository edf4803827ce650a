//! The public catalogue of partners (`/partners`, `/partners/{id}`): where families can use the
//! card, in the reader's language, with a map; and the application to join (`apply`). No
//! sign-in; nothing here shows a draft, a proposal or an offer that has ended.
//!
//! The map is an enhancement of the list, never a replacement: each located place is an
//! element of the server-rendered list with its coordinates as data attributes, which
//! `static/catalogue.js` turns into Leaflet circle markers over the configured tiles. Without
//! Leaflet, without tiles or without script the list is the same page. The service worker
//! (`/partners-sw.js`, scope `/partners`) keeps the visited pages for offline use.

pub mod apply;

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use kartu_card::Municipality;
use serde::Deserialize;

use crate::app::catalogue::{self, CatalogueInput, CataloguePage, Listing};
use crate::domain::partner::Category;
use crate::store::offer::Offer;
use crate::store::partner::PartnerId;
use crate::web::act;
use crate::web::pages::{assets, Page, PageError};
use crate::web::state::AppState;
use crate::web::view::catalogue::partner_path;

/// Partners on one page of the catalogue.
const PER_PAGE: i64 = 20;

/// A place of a partner, as the pages show it.
#[derive(Debug)]
pub struct PlaceView {
    pub address: String,
    /// The municipality's name.
    pub municipality: String,
    pub opening_hours: String,
    /// Latitude and longitude, as the map script reads them.
    pub at: Option<(String, String)>,
}

/// An offer in the reader's language.
#[derive(Debug)]
pub struct OfferCard {
    pub discount: String,
    pub text: String,
    /// The language `text` is in, for its `lang` attribute.
    pub text_lang: &'static str,
    /// "in Polish", when the text is not in the reader's language.
    pub fallback: Option<String>,
    pub conditions: String,
    pub valid: Option<String>,
    pub roles: String,
    /// The names of the municipalities whose cards it accepts.
    pub accepts: String,
}

/// A published partner as the pages show it.
#[derive(Debug)]
pub struct PartnerCard {
    pub id: String,
    pub url: String,
    pub name: String,
    pub category: String,
    pub head_office: String,
    pub example: bool,
    pub website: String,
    pub phone: String,
    pub email: String,
    pub places: Vec<PlaceView>,
    pub offers: Vec<OfferCard>,
}

impl PartnerCard {
    pub fn located(&self) -> bool {
        self.places.iter().any(|p| p.at.is_some())
    }
}

/// The map's settings and whether any place can be shown on it.
#[derive(Debug)]
pub struct MapView {
    pub tiles: String,
    pub attribution: String,
    pub shown: bool,
}

impl MapView {
    fn of(page: &Page, partners: &[PartnerCard]) -> MapView {
        let map = &page.state().map;
        MapView {
            tiles: map.tiles_url.clone(),
            attribution: map.attribution.clone(),
            shown: partners.iter().any(PartnerCard::located),
        }
    }
}

fn offer_card(page: &Page, o: &Offer) -> OfferCard {
    let descriptions = o.descriptions();
    let shown = descriptions.shown(page.lang_code());
    let t = &page.state().translations;
    let valid = match (o.valid_from, o.valid_until) {
        (None, None) => None,
        (Some(from), None) => Some(page.t1("catalogue-valid-from", "from", &from.to_string())),
        (None, Some(until)) => Some(page.t1("catalogue-valid-until", "until", &until.to_string())),
        (Some(from), Some(until)) => Some(t.get_args(
            page.lang,
            "catalogue-valid-between",
            &[("from", from.to_string()), ("until", until.to_string())],
        )),
    };
    let accepts: Vec<String> = o
        .accepts()
        .municipalities()
        .iter()
        .map(|m| page.name_of(m))
        .collect();
    OfferCard {
        discount: o.discount().map(|d| d.to_string()).unwrap_or_default(),
        text: shown.as_ref().map_or(String::new(), |s| s.text.to_string()),
        text_lang: shown
            .as_ref()
            .and_then(|s| s.fallback)
            .unwrap_or(page.lang_code()),
        fallback: shown
            .and_then(|s| s.fallback)
            .map(|code| page.t(&format!("catalogue-fallback-{code}"))),
        conditions: o.conditions.clone(),
        valid,
        roles: page.t(&format!("catalogue-roles-{}", o.roles.code())),
        accepts: accepts.join(", "),
    }
}

pub fn partner_card(page: &Page, l: &Listing) -> PartnerCard {
    let p = &l.partner;
    PartnerCard {
        id: p.id.0.clone(),
        url: partner_path(&p.id.0),
        name: p.name.clone(),
        category: page.t(&format!("category-{}", p.category.code())),
        head_office: page.name_of(&p.municipality),
        example: p.demo,
        website: p.website.clone(),
        phone: p.phone.clone(),
        email: p.email.clone(),
        places: l
            .locations
            .iter()
            .map(|loc| PlaceView {
                address: loc.address.clone(),
                municipality: page.name_of(&loc.municipality),
                opening_hours: loc.opening_hours.clone(),
                at: loc
                    .latitude
                    .zip(loc.longitude)
                    .map(|(lat, lon)| (lat.to_string(), lon.to_string())),
            })
            .collect(),
        offers: l.offers.iter().map(|o| offer_card(page, o)).collect(),
    }
}

/// A choice of a filter: (value, label, selected).
type Choice = (String, String, bool);

fn municipality_choices(page: &Page, picked: &str) -> Vec<Choice> {
    Municipality::ALL
        .iter()
        .map(|m| (m.code().to_string(), page.name_of(m), m.code() == picked))
        .collect()
}

pub fn category_choices(page: &Page, picked: &str) -> Vec<Choice> {
    Category::ALL
        .iter()
        .map(|c| {
            let label = page.t(&format!("category-{}", c.code()));
            (c.code().to_string(), label, c.code() == picked)
        })
        .collect()
}

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    municipality: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    accepts: String,
    page: Option<i64>,
}

impl ListQuery {
    /// This search on page `n`, as a link.
    fn href(&self, n: i64) -> String {
        let query = [
            ("q", self.q.as_str()),
            ("municipality", &self.municipality),
            ("category", &self.category),
            ("accepts", &self.accepts),
        ];
        let mut kept: Vec<(&str, String)> = query
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (*k, v.to_string()))
            .collect();
        if n > 1 {
            kept.push(("page", n.to_string()));
        }
        match serde_urlencoded::to_string(&kept) {
            Ok(q) if !q.is_empty() => format!("/partners?{q}"),
            _ => "/partners".to_string(),
        }
    }

    fn filtered(&self) -> bool {
        [&self.q, &self.municipality, &self.category, &self.accepts]
            .iter()
            .any(|v| !v.trim().is_empty())
    }
}

#[derive(Template)]
#[template(path = "catalogue/list.html")]
struct CataloguePageView {
    page: Page,
    q: String,
    filtered: bool,
    municipalities: Vec<Choice>,
    accepts: Vec<Choice>,
    categories: Vec<Choice>,
    partners: Vec<PartnerCard>,
    total: u64,
    number: i64,
    pages: i64,
    previous: Option<String>,
    next: Option<String>,
    map: MapView,
}

impl CataloguePageView {
    fn count(&self) -> String {
        self.page.count("catalogue-count", self.total)
    }

    fn page_of(&self) -> String {
        self.page.state().translations.get_args(
            self.page.lang,
            "catalogue-page",
            &[
                ("page", self.number.to_string()),
                ("pages", self.pages.to_string()),
            ],
        )
    }
}

/// `/partners`: the published partners that match, 20 a page, with the map of their places.
pub async fn list(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    let query = query.into_inner();
    let input = CatalogueInput {
        text: query.q.clone(),
        municipality: query.municipality.clone(),
        category: query.category.clone(),
        accepts: query.accepts.clone(),
        page: query.page.unwrap_or(1),
        per_page: PER_PAGE,
    };
    let found: CataloguePage = act(&state, move |k| catalogue::search(k, &input))
        .await
        .map_err(|e| page.error(e))?;
    let partners: Vec<PartnerCard> = found.items.iter().map(|l| partner_card(&page, l)).collect();
    let pages = ((found.total + PER_PAGE - 1) / PER_PAGE).max(1);
    let view = CataloguePageView {
        q: query.q.trim().to_string(),
        filtered: query.filtered(),
        municipalities: municipality_choices(&page, query.municipality.trim()),
        accepts: municipality_choices(&page, query.accepts.trim()),
        categories: category_choices(&page, query.category.trim()),
        map: MapView::of(&page, &partners),
        partners,
        total: u64::try_from(found.total).unwrap_or(0),
        number: found.page,
        pages,
        previous: (found.page > 1).then(|| query.href(found.page - 1)),
        next: (found.page < pages).then(|| query.href(found.page + 1)),
        page,
    };
    view.page.ok(&view)
}

#[derive(Template)]
#[template(path = "catalogue/partner.html")]
struct PartnerPageView {
    page: Page,
    p: PartnerCard,
    map: MapView,
}

/// `/partners/{id}`: one published partner, its places and offers; the friendly 404 otherwise.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    let id = PartnerId(id.into_inner());
    let found = act(&state, move |k| catalogue::partner(k, &id))
        .await
        .map_err(|e| page.error(e))?;
    let p = partner_card(&page, &found);
    let view = PartnerPageView {
        map: MapView::of(&page, std::slice::from_ref(&p)),
        p,
        page,
    };
    view.page.ok(&view)
}

/// The service worker, served from the root so that its scope may be `/partners` itself.
pub async fn service_worker(req: HttpRequest) -> HttpResponse {
    assets::OFFLINE_SW.serve(&req)
}
