//! The family page, `/family/<token>`: every card of a family with a large QR code, to show at
//! a till from a phone. The token is 256 random bits handed to the family on a printed slip; only
//! its hash is stored, and the clerk can revoke or replace it.
//!
//! A web app manifest and a service worker (`/family/sw.js`) keep the page and its QR codes (drawn
//! into the page as data: images) usable with no connection once it has been opened. The page
//! never carries a national ID or a birth date.

use actix_web::{get, web, HttpRequest, HttpResponse};
use askama::Template;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kartu_card::qr::{render_svg, Correction};
use serde_json::json;

use crate::auth::secret_hash;
use crate::error::ApiError;
use crate::models::{card, family_link, member};
use crate::pages::console::cards::day;
use crate::pages::{assets, Page, PageError};
use crate::routes::dto::CardView;
use crate::routes::with_db;
use crate::state::AppState;
use crate::verdict::human_time;

pub fn config(cfg: &mut web::ServiceConfig) {
    // The worker is registered before `/family/{token}` so that its path is not taken for a token.
    cfg.service(service_worker).service(manifest).service(show);
}

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
    /// When the page was made, for "status as of".
    as_of: String,
}

impl FamilyPage {
    fn card_count(&self) -> u64 {
        self.cards.len() as u64
    }
}

/// A link token has the shape `auth::random_secret` gives it; anything else is not looked up.
fn plausible(token: &str) -> bool {
    (20..=64).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn cards_of(state: &web::Data<AppState>, token: String) -> Result<Vec<FamilyCard>, ApiError> {
    if !plausible(&token) {
        return Err(ApiError::NotFound("family page"));
    }
    let hash = secret_hash(&token);
    let now = crate::commands::unix_now();
    let rows = with_db(state, move |conn, _| {
        let family =
            family_link::family_of(conn, &hash)?.ok_or(ApiError::NotFound("family page"))?;
        let members = member::of_family(conn, &family.id)?;
        let cards = card::of_family(conn, &family.id)?;
        Ok((members, cards))
    })
    .await?;
    let (members, cards) = rows;
    let mut shown = Vec::new();
    for m in &members {
        // The member's newest card; older ones were replaced.
        let Some(c) = cards
            .iter()
            .filter(|c| c.member_id == m.id)
            .max_by_key(|c| c.sequence)
        else {
            continue;
        };
        let svg = render_svg(&c.qr_text, Correction::M, 8)?;
        let view = CardView::new(c, now);
        shown.push(FamilyCard {
            number: c.number.clone(),
            holder_ascii: kartu_card::transliterate(&m.name),
            holder: m.name.clone(),
            role: m.role.clone(),
            municipality: c.municipality.clone(),
            valid_from: day(&view.valid_from).to_string(),
            valid_until: day(&view.valid_until).to_string(),
            status: view.shown_status().to_string(),
            qr: format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg)),
        });
    }
    Ok(shown)
}

#[get("/family/{token}")]
async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    let token = token.into_inner();
    let cards = cards_of(&state, token.clone())
        .await
        .map_err(|e| page.error(e))?;
    let view = FamilyPage {
        page,
        token,
        cards,
        as_of: human_time(crate::commands::unix_now()),
    };
    let mut response = view.page.ok(&view)?;
    response.headers_mut().insert(
        actix_web::http::header::HeaderName::from_static("x-robots-tag"),
        actix_web::http::header::HeaderValue::from_static("noindex, nofollow"),
    );
    Ok(response)
}

/// The web app manifest, so the family can add their page to the home screen.
#[get("/family/{token}/manifest.webmanifest")]
async fn manifest(
    req: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let page = Page::new(&req, &state);
    let token = token.into_inner();
    if !plausible(&token) {
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
#[get("/family/sw.js")]
async fn service_worker(req: HttpRequest) -> HttpResponse {
    assets::OFFLINE_SW.serve(&req)
}

#[cfg(test)]
mod tests {
    use super::plausible;

    #[test]
    fn only_token_shaped_paths_are_looked_up() {
        assert!(plausible(&crate::auth::random_secret()));
        assert!(!plausible("sw.js"));
        assert!(!plausible("short"));
        assert!(!plausible(&"a".repeat(65)));
        assert!(!plausible("aaaaaaaaaaaaaaaaaaaaaaaa/../../etc"));
    }
}
