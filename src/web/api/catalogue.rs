//! The public catalogue as JSON and as open data (CSV, GeoJSON), and applications to join from
//! integrations. No sign-in: what is read is published anyway, and an application only waits for
//! a clerk. Every read answer carries an ETag of its bytes (a conditional GET answers 304) and
//! may be cached for five minutes; its offers are shown in `?lang=` or `Accept-Language`.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::IntoParams;

use crate::app::applications;
use crate::app::catalogue::{self, CatalogueInput, Listing};
use crate::app::trust::content_tag;
use crate::domain::spreadsheet::safe_cell;
use crate::i18n::Lang;
use crate::store::offer::Offer;
use crate::store::partner::PartnerId;
use crate::web::act;
use crate::web::api::bodies::ApplicationBody;
use crate::web::error::{ApiError, Problem};
use crate::web::extract::ApiJson;
use crate::web::request::{api_lang, etag_matches};
use crate::web::state::AppState;
use crate::web::view::catalogue::{partner_path, OfferView, PartnerList, PartnerView};

/// How long a cache may keep a catalogue answer.
const CACHE: &str = "public, max-age=300";

#[derive(Debug, Default, Deserialize, IntoParams)]
pub struct PartnerQuery {
    /// Any part of a name, an address or a town; diacritics and case are ignored.
    #[serde(default)]
    pub q: String,
    /// `ALY`, `VAR` or `ELK`: partners with a location there.
    #[serde(default)]
    pub municipality: String,
    /// One of the ten categories, e.g. `food`.
    #[serde(default)]
    pub category: String,
    /// `ALY`, `VAR` or `ELK`: partners with an offer for that municipality's cards.
    #[serde(default)]
    pub accepts: String,
    /// Page number, from 1.
    #[param(value_type = Option<i64>)]
    pub page: Option<String>,
    /// Results per page, 1–100 (default 20).
    #[param(value_type = Option<i64>)]
    pub per_page: Option<String>,
    /// The language of the shown descriptions: `lt`, `pl` or `en` (else `Accept-Language`).
    pub lang: Option<String>,
}

/// A whole number of the query, or `default` when it is not given.
fn number(field: &str, text: Option<&str>, default: i64) -> Result<i64, ApiError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(default),
        Some(t) => t
            .parse()
            .map_err(|_| ApiError::field(field, "invalid", "a whole number")),
    }
}

impl PartnerQuery {
    pub fn input(&self, default_per_page: i64) -> Result<CatalogueInput, ApiError> {
        Ok(CatalogueInput {
            text: self.q.clone(),
            municipality: self.municipality.clone(),
            category: self.category.clone(),
            accepts: self.accepts.clone(),
            page: number("page", self.page.as_deref(), 1)?,
            per_page: number("per_page", self.per_page.as_deref(), default_per_page)?,
        })
    }
}

/// `body` with its ETag and the catalogue's caching, or 304 when the caller holds it already.
fn cacheable(req: &HttpRequest, content_type: &str, body: Vec<u8>) -> HttpResponse {
    let etag = content_tag(&body);
    let fresh = etag_matches(req, &etag);
    let mut response = if fresh {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, CACHE))
        .insert_header((header::VARY, "Accept-Language"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
    if fresh {
        return response.finish();
    }
    response.content_type(content_type).body(body)
}

fn json_bytes(value: &impl serde::Serialize) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(value)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("writing JSON")))
}

/// Find published partners and their current offers.
#[utoipa::path(get, path = "/api/v1/partners", tag = "catalogue", params(PartnerQuery),
    responses((status = 200, body = PartnerList), (status = 304, description = "Not modified"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn search(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<PartnerQuery>,
) -> Result<HttpResponse, ApiError> {
    let input = query.input(20)?;
    let found = act(&state, move |k| catalogue::search(k, &input)).await?;
    let body = json_bytes(&PartnerList::new(&found, api_lang(&req)))?;
    Ok(cacheable(&req, "application/json", body))
}

/// One published partner with its locations and current offers.
#[utoipa::path(get, path = "/api/v1/partners/{id}", tag = "catalogue", params(("id" = String, Path)),
    responses((status = 200, body = PartnerView), (status = 304, description = "Not modified"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get(
    req: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = PartnerId(path.into_inner());
    let found = act(&state, move |k| catalogue::partner(k, &id)).await?;
    let body = json_bytes(&PartnerView::new(&found, api_lang(&req)))?;
    Ok(cacheable(&req, "application/json", body))
}

/// An offer in one line: its discount and description, then whose cards, for whom and when.
fn offer_line(o: &Offer, lang: Lang) -> String {
    let view = OfferView::new(o, lang);
    let mut line = view.discount.clone();
    if let Some(shown) = &view.shown {
        line.push(' ');
        line.push_str(&shown.text);
    }
    line.push_str(&format!(
        " (cards: {}; roles: {}",
        view.accepts.join(" "),
        view.roles
    ));
    if let Some(from) = &view.valid_from {
        line.push_str(&format!("; from {from}"));
    }
    if let Some(until) = &view.valid_until {
        line.push_str(&format!("; until {until}"));
    }
    if !view.conditions.is_empty() {
        line.push_str(&format!("; conditions: {}", view.conditions));
    }
    line.push(')');
    line
}

const CSV_HEADER: [&str; 14] = [
    "partner_id",
    "name",
    "legal_id",
    "category",
    "website",
    "phone",
    "email",
    "location_id",
    "address",
    "municipality",
    "latitude",
    "longitude",
    "opening_hours",
    "offers",
];

/// One row per location (a partner without one gets a row with the location's cells empty).
fn csv_of(listings: &[Listing], lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(CSV_HEADER)?;
    for l in listings {
        let p = &l.partner;
        let offers: Vec<String> = l.offers.iter().map(|o| offer_line(o, lang)).collect();
        let offers = offers.join(" | ");
        let partner = [
            p.id.0.as_str(),
            &p.name,
            &p.legal_id,
            p.category.code(),
            &p.website,
            &p.phone,
            &p.email,
        ];
        let degrees = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        let locations: Vec<[String; 6]> = if l.locations.is_empty() {
            vec![Default::default()]
        } else {
            l.locations
                .iter()
                .map(|loc| {
                    [
                        safe_cell(&loc.id.0),
                        safe_cell(&loc.address),
                        loc.municipality.code().to_string(),
                        // Numbers this service wrote itself; a minus sign here is a longitude.
                        degrees(loc.latitude),
                        degrees(loc.longitude),
                        safe_cell(&loc.opening_hours),
                    ]
                })
                .collect()
        };
        for location in locations {
            let mut row: Vec<String> = partner.iter().map(|t| safe_cell(t)).collect();
            row.extend(location);
            row.push(safe_cell(&offers));
            out.write_record(&row)?;
        }
    }
    Ok(out.into_inner()?)
}

/// Every published partner as CSV, one row per location.
#[utoipa::path(get, path = "/api/v1/partners.csv", tag = "catalogue",
    params(("lang" = Option<String>, Query, description = "the language of the offers: lt, pl or en")),
    responses((status = 200, content_type = "text/csv", description = "CSV with a header row"),
        (status = 304, description = "Not modified")))]
pub async fn export_csv(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let listings = act(&state, catalogue::everything).await?;
    let body = csv_of(&listings, api_lang(&req))
        .map_err(|e| ApiError::Internal(e.context("writing the CSV")))?;
    let mut response = cacheable(&req, "text/csv; charset=utf-8", body);
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        header::HeaderValue::from_static("inline; filename=\"kartu-partners.csv\""),
    );
    Ok(response)
}

/// RFC 7946: a FeatureCollection of one Point per location that has coordinates, in
/// `[longitude, latitude]` order (WGS 84, so no `crs` member).
fn geojson_of(listings: &[Listing], lang: Lang) -> Value {
    let mut features = Vec::new();
    for l in listings {
        let p = &l.partner;
        let offers: Vec<OfferView> = l.offers.iter().map(|o| OfferView::new(o, lang)).collect();
        for loc in &l.locations {
            let (Some(lat), Some(lon)) = (loc.latitude, loc.longitude) else {
                continue;
            };
            features.push(json!({
                "type": "Feature",
                "id": loc.id.0,
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "partner_id": p.id.0,
                    "name": p.name,
                    "category": p.category.code(),
                    "address": loc.address,
                    "municipality": loc.municipality.code(),
                    "opening_hours": loc.opening_hours,
                    "offers": offers,
                    "url": partner_path(&p.id.0),
                },
            }));
        }
    }
    json!({"type": "FeatureCollection", "features": features})
}

/// Every located place of a published partner as GeoJSON (RFC 7946).
#[utoipa::path(get, path = "/api/v1/partners.geojson", tag = "catalogue",
    params(("lang" = Option<String>, Query, description = "the language of the shown descriptions: lt, pl or en")),
    responses((status = 200, content_type = "application/geo+json", description = "A FeatureCollection of Points"),
        (status = 304, description = "Not modified")))]
pub async fn export_geojson(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let listings = act(&state, catalogue::everything).await?;
    let body = json_bytes(&geojson_of(&listings, api_lang(&req)))?;
    Ok(cacheable(&req, "application/geo+json", body))
}

/// Apply to join the programme (for integrations; people use the form at `/partners/apply`).
///
/// A clerk of the municipality named reads the application and answers by e-mail. Limited per
/// client address, as the form is.
#[utoipa::path(post, path = "/api/v1/applications", tag = "catalogue", request_body = ApplicationBody,
    params(("Accept-Language" = Option<String>, Header, description = "lt, pl or en: the language to answer in")),
    responses((status = 202, description = "Received; nothing more is said"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json")))]
pub async fn apply(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<ApplicationBody>,
) -> Result<HttpResponse, ApiError> {
    state
        .take_application(&req)
        .map_err(ApiError::TooManyRequests)?;
    let mut body = body.0;
    let honeypot = std::mem::take(&mut body.company_website_2);
    let input = body.input(api_lang(&req).code());
    // A filled-in honeypot stores nothing and is answered the same.
    act(&state, move |k| applications::apply(k, &input, &honeypot)).await?;
    Ok(HttpResponse::Accepted()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .finish())
}
