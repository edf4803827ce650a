//! The checker at a partner's till: `GET /api/v1/checker` (which partner and location it is,
//! and that partner's current offers, for the checker to keep offline) and `POST /api/v1/uses`
//! (a use the cashier confirmed, counted; queued offline and sent later). The checker is a till
//! link's cookie (`/check/till/<token>` sets it) or a signed-in partner account.

use actix_web::cookie::Cookie;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::app::checkout::{self, Checkout};
use crate::store::partner_location::LocationId;
use crate::web::act;
use crate::web::auth::{Caller, TILL_COOKIE};
use crate::web::error::{ApiError, Problem};
use crate::web::extract::ApiJson;
use crate::web::request::{api_lang, is_cross_site};
use crate::web::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
pub struct CheckerQuery {
    /// A partner account's location (its first when absent).
    pub location: Option<String>,
    /// `lt`, `pl` or `en`: the language of the offers' descriptions.
    pub lang: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckerPartner {
    pub id: String,
    pub name: String,
    pub municipality: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckerLocation {
    pub id: String,
    pub address: String,
    pub municipality: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckerOffer {
    pub id: String,
    /// The description in the language asked for, or in another when it has none.
    pub description: String,
    /// The description's language when it is not the one asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description_lang: Option<String>,
    /// `−10 %`, `−5.00 EUR`.
    pub discount: String,
    pub conditions: String,
    /// `parent`, `child` or `both`.
    pub roles: String,
    /// The municipalities whose cards it accepts.
    pub accepts: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
}

/// Where a checker stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckerView {
    /// `till` (a till link) or `partner` (a signed-in partner account).
    pub via: String,
    pub partner: CheckerPartner,
    pub location: CheckerLocation,
    pub locations: Vec<CheckerLocation>,
    /// The partner's current offers; none while the partner is not in the programme.
    pub offers: Vec<CheckerOffer>,
    /// A partner account's session sends this back as `X-CSRF-Token` with each use it counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub csrf_token: Option<String>,
}

fn location_view(l: &crate::store::partner_location::Location) -> CheckerLocation {
    CheckerLocation {
        id: l.id.0.clone(),
        address: l.address.clone(),
        municipality: l.municipality.code().to_string(),
    }
}

impl CheckerView {
    fn new(c: &Checkout, caller: &Caller, lang: &str) -> CheckerView {
        let offers = c
            .offers
            .iter()
            .filter_map(|o| {
                let descriptions = o.descriptions();
                let shown = descriptions.shown(lang)?;
                Some(CheckerOffer {
                    id: o.id.0.clone(),
                    description: shown.text.to_string(),
                    description_lang: shown.fallback.map(str::to_string),
                    discount: o.discount()?.to_string(),
                    conditions: o.conditions.clone(),
                    roles: o.roles.code().to_string(),
                    accepts: o
                        .accepts()
                        .municipalities()
                        .iter()
                        .map(|m| m.code().to_string())
                        .collect(),
                    valid_from: o.valid_from.map(|d| d.to_string()),
                    valid_until: o.valid_until.map(|d| d.to_string()),
                })
            })
            .collect();
        let (via, csrf_token) = match caller {
            Caller::Till(_) => ("till", None),
            Caller::Partner(actor) => ("partner", actor.csrf().map(str::to_string)),
        };
        CheckerView {
            via: via.to_string(),
            partner: CheckerPartner {
                id: c.partner.id.0.clone(),
                name: c.partner.name.clone(),
                municipality: c.partner.municipality.code().to_string(),
            },
            location: location_view(&c.location),
            locations: c.locations.iter().map(location_view).collect(),
            offers,
            csrf_token,
        }
    }
}

/// Which partner and location this checker is, with the partner's current offers.
#[utoipa::path(get, path = "/api/v1/checker", tag = "checker", params(CheckerQuery),
    responses((status = 200, body = CheckerView), (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn context(
    req: HttpRequest,
    state: web::Data<AppState>,
    query: web::Query<CheckerQuery>,
) -> Result<HttpResponse, ApiError> {
    let caller = Caller::of(&req).await?;
    let lang = api_lang(&req).code();
    let location = query.location.clone().map(LocationId);
    let (view, gone) = act(&state, move |k| {
        let found = checkout::context(k, caller.checker(location.as_ref()));
        Ok(match found {
            Ok(c) => (
                Ok(CheckerView::new(&c, &caller, lang)),
                matches!(caller, Caller::Till(_)),
            ),
            Err(e) => (Err(e), matches!(caller, Caller::Till(_))),
        })
    })
    .await?;
    match view {
        Ok(view) => Ok(HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(view)),
        // A revoked till link: forget it, so the checker goes back to checking cards only.
        Err(crate::app::error::Error::Unauthenticated) if gone => {
            let mut response = actix_web::ResponseError::error_response(&ApiError::Unauthorized);
            let mut cookie = Cookie::build(TILL_COOKIE, "").path("/").finish();
            cookie.make_removal();
            let _ = response.add_removal_cookie(&cookie);
            Ok(response)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UseBody {
    /// `ALY`, `VAR` or `ELK`: the card's municipality (from its number). Nothing else about the
    /// card is sent.
    pub card_municipality: String,
    /// The partner's local date the cashier confirmed it, `YYYY-MM-DD` (within the last 7
    /// days); today when absent.
    #[serde(default)]
    pub day: String,
    /// A partner account's location (its first when absent).
    pub location: Option<String>,
}

/// Count a use of the card that the cashier confirmed (no card number, no name, no time of day).
#[utoipa::path(post, path = "/api/v1/uses", tag = "checker", request_body = UseBody,
    responses((status = 204, description = "Counted"), (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")))]
pub async fn record_use(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ApiJson<UseBody>,
) -> Result<HttpResponse, ApiError> {
    if is_cross_site(&req) {
        return Err(ApiError::Forbidden("count a use from another site"));
    }
    let caller = Caller::of(&req).await?;
    let body = body.0;
    act(&state, move |k| {
        let location = body.location.map(LocationId);
        checkout::record_use(
            k,
            caller.checker(location.as_ref()),
            &body.card_municipality,
            &body.day,
        )
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
