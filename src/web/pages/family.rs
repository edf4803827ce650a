//! The family page, `/family/<token>`: every card of a family with a large QR code, to show at
//! a till from a phone. The token is 256 random bits handed to the family on a printed slip; only
//! its hash is stored, and the clerk can revoke or replace it.
//!
//! A web app manifest and a service worker (`/family/sw.js`) keep the page and its QR codes (drawn
//! into the page as data: images) usable with no connection once it has been opened. The page
//! never carries a national ID or a birth date.
//!
//! From 30 days before a card ends, a banner says so and what to bring to the office
//! (`app::due::card_notices`); it is part of the page, so the copy kept offline shows it too.

use actix_web::{web, HttpRequest, HttpResponse};
use askama::Template;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kartu_card::qr::{render_svg, Correction};
use serde_json::json;

use crate::app::due::{self, CardNotice};
use crate::app::links;
use crate::domain::calendar::human_time;
use crate::domain::secret;
use crate::web::act;
use crate::web::error::ApiError;
use crate::web::pages::console::cards::day;
use crate::web::pages::{assets, Page, PageError};
use crate::web::state::AppState;
use crate::web::view::CardView;

/// One card as the family page shows it.
#[derive(Debug)]
pub struct FamilyCard {
    pub number: String,
    pub holder: String,
    pub holder_ascii: String,
    pub role: String,
    pub municipality: String,
    pub valid_from: String,
    pub valid_until: String,
    /// `active`, `suspended`, `revoked` or `expired`.
    pub status: String,
    /// The QR code as an SVG data: URI, so the page works offline without other requests.
    pub qr: String,
}

#[derive(Template)]
#[template(path = "family.html")]
struct FamilyPage {
    page: Page,
    token: String,
    cards: Vec<FamilyCard>,
    /// The cards that end within 30 days.
    notices: Vec<CardNotice>,
    /// When the page was made, for "status as of".
    as_of: String,
}

impl FamilyPage {
    fn card_count(&self) -> u64 {
        self.cards.len() as u64
    }

    /// The banner of a card that ends soon, in the reader's language.
    fn notice(&self, n: &CardNotice) -> String {
        self.page.state().translations.get_args(
            self.page.lang,
            &format!("family-due-{}", n.advice.code()),
            &[("name", n.holder.clone()), ("date", n.ends.to_string())],
        )
    }
}

async fn cards_of(
    state: &web::Data<AppState>,
    token: String,
) -> Result<(Vec<FamilyCard>, Vec<CardNotice>), ApiError> {
    let (rows, notices) = act(state, move |k| {
        let rows = links::family_page(k, &token)?;
        let notices = due::card_notices(k, &rows);
        Ok((rows, notices))
    })
    .await?;
    let now = state.kartu.now();
    let mut shown = Vec::new();
    for (m, c) in &rows {
        let svg = render_svg(&c.qr_text, Correction::M, 8)
            .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("drawing a QR code")))?;
        let view = CardView::new(c, now);
        shown.push(FamilyCard {
            number: view.number.clone(),
            holder_ascii: kartu_card::transliterate(&m.name),
            holder: m.name.clone(),
            role: m.role.code().to_string(),
            municipality: view.municipality.clone(),
            valid_from: day(&view.valid_from).to_string(),
            valid_until: day(&view.valid_until).to_string(),
            status: view.shown_status().to_string(),
            qr: format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg)),
        });
    }
    Ok((shown, notices))
}

pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    let token = token.into_inner();
    let (cards, notices) = cards_of(&state, token.clone())
        .await
        .map_err(|e| page.error(e))?;
    let view = FamilyPage {
        page,
        token,
        cards,
        notices,
        as_of: human_time(state.kartu.now()),
    };
    let mut response = view.page.ok(&view)?;
    response.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("x-robots-tag"),
        actix_web::http::header::HeaderValue::from_static("noindex, nofollow"),
    );
    Ok(response)
}

/// The web app manifest, so the family can add their page to the home screen.
pub async fn manifest(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    let token = token.into_inner();
    if !secret::plausible(&token) {
        return Err(page.error(ApiError::NotFound("family page")));
    }
    let start = format!("/family/{token}");
    let body = json!({
        "name": page.t("programme-name"),
        "short_name": page.t("app-name"),
        "lang": page.lang_code(),
        "start_url": start,
        "scope": start,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5394",
        "icons": [{"src": "/static/icon.svg", "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    });
    Ok(HttpResponse::Ok()
        .content_type("application/manifest+json")
        .insert_header(("Cache-Control", "no-cache"))
        .body(body.to_string()))
}

/// The service worker, served from `/family/` so that its scope covers the family pages.
pub async fn service_worker(req: HttpRequest) -> HttpResponse {
    assets::OFFLINE_SW.serve(&req)
}
