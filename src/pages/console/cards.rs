//! Console pages for one card: its QR and history, the acts on it (renew, reissue, suspend,
//! revoke, reinstate; every act but renew needs a reason), and its ID-1 print view.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use askama::Template;

use crate::auth::Permission;
use crate::error::ApiError;
use crate::issuance::StateAction;
use crate::models::card::CardId;
use crate::pages::console::{see_other, ConsoleForm, ConsoleUser};
use crate::pages::{Page, PageError};
use crate::routes::cards::{change_card_state, detail, reissue_card, renew_card};
use crate::routes::dto::{CardDetail, ReasonBody};
use crate::state::AppState;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(show).service(print).service(act_on_card);
}

#[derive(Template)]
#[template(path = "console/card.html")]
struct CardPage {
    page: Page,
    card: CardDetail,
    /// The act whose form came back with a problem, and the problem's message key.
    problem: Option<(String, String)>,
    notice: Option<String>,
}

impl CardPage {
    fn valid_from(&self) -> &str {
        day(&self.card.card.valid_from)
    }

    fn valid_until(&self) -> &str {
        day(&self.card.card.valid_until)
    }

    /// The acts this clerk may take on this card now, in the order they are offered.
    fn acts(&self) -> Vec<&'static str> {
        let c = &self.card.card;
        let mut acts = Vec::new();
        if self.page.may_handle_families() && c.status == "active" {
            acts.extend(["renew", "reissue"]);
        }
        if self.page.may_change_state() {
            match c.status.as_str() {
                "active" => acts.extend(["suspend", "revoke"]),
                "suspended" => acts.extend(["reinstate", "revoke"]),
                _ => {}
            }
        }
        acts
    }

    fn problem_of(&self, act: &str) -> Option<String> {
        self.problem
            .as_ref()
            .filter(|(a, _)| a == act)
            .map(|(_, key)| self.page.t(key))
    }
}

/// `2026-11-22T10:00:00Z` as `2026-11-22`.
pub fn day(rfc3339: &str) -> &str {
    rfc3339.get(..10).unwrap_or(rfc3339)
}

async fn load(
    state: &web::Data<AppState>,
    user: &ConsoleUser,
    id: String,
) -> Result<CardDetail, PageError> {
    user.clerk
        .require(Permission::HandleFamilies)
        .map_err(|e| user.page.error(e))?;
    detail(state, user.clerk.clone(), CardId(id))
        .await
        .map_err(|e| user.page.error(e))
}

#[derive(Debug, serde::Deserialize)]
struct ShowQuery {
    done: Option<String>,
}

#[get("/console/cards/{id}")]
async fn show(
    state: web::Data<AppState>,
    user: ConsoleUser,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, PageError> {
    let card = load(&state, &user, path.into_inner()).await?;
    let notice = query
        .done
        .as_deref()
        .filter(|d| ACTS.contains(d))
        .map(|d| user.page.t(&format!("card-done-{d}")));
    let view = CardPage {
        page: user.page,
        card,
        problem: None,
        notice,
    };
    view.page.ok(&view)
}

const ACTS: [&str; 5] = ["renew", "reissue", "suspend", "revoke", "reinstate"];

#[post("/console/cards/{id}/{act}")]
async fn act_on_card(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, act) = path.into_inner();
    let reason = ReasonBody {
        reason: form.get("reason").to_string(),
    };
    let user = form.user;
    let (clerk, page) = (user.clerk.clone(), user.page.clone());
    let needs = |permission| clerk.require(permission).map_err(|e| page.error(e));
    let card_id = CardId(id.clone());
    let result = match act.as_str() {
        "renew" => {
            needs(Permission::HandleFamilies)?;
            renew_card(&state, clerk.clone(), card_id)
                .await
                .map(|c| c.id)
        }
        "reissue" => {
            needs(Permission::HandleFamilies)?;
            match reason.parse() {
                Ok(reason) => reissue_card(&state, clerk.clone(), card_id, reason)
                    .await
                    .map(|r| r.new.id),
                Err(e) => Err(e),
            }
        }
        "suspend" | "revoke" | "reinstate" => {
            needs(Permission::ChangeCardState)?;
            let action = match act.as_str() {
                "suspend" => StateAction::Suspend,
                "revoke" => StateAction::Revoke,
                _ => StateAction::Reinstate,
            };
            match reason.parse() {
                Ok(reason) => change_card_state(&state, clerk.clone(), card_id, action, reason)
                    .await
                    .map(|c| c.id),
                Err(e) => Err(e),
            }
        }
        _ => return Err(page.error(ApiError::NotFound("page"))),
    };
    let problem = match result {
        Ok(shown) => return Ok(see_other(&format!("/console/cards/{shown}?done={act}"))),
        Err(ApiError::Validation(_)) => "field-invalid_reason".to_string(),
        Err(ApiError::Conflict { code, .. }) => format!("conflict-{code}"),
        Err(other) => return Err(page.error(other)),
    };
    let card = load(&state, &user, id).await?;
    let view = CardPage {
        page,
        card,
        problem: Some((act, problem)),
        notice: None,
    };
    view.page.respond(StatusCode::UNPROCESSABLE_ENTITY, &view)
}

#[derive(Template)]
#[template(path = "console/card_print.html")]
struct PrintPage {
    page: Page,
    card: CardDetail,
}

impl PrintPage {
    fn valid_from(&self) -> &str {
        day(&self.card.card.valid_from)
    }

    fn valid_until(&self) -> &str {
        day(&self.card.card.valid_until)
    }

    fn lt(&self, key: &str) -> String {
        self.page.in_lang(crate::i18n::Lang::Lt, key)
    }

    fn pl(&self, key: &str) -> String {
        self.page.in_lang(crate::i18n::Lang::Pl, key)
    }
}

/// The card at ID-1 size (85.60 × 53.98 mm) for printing: the programme's name in LT and PL, the
/// holder's name in its letters with the transliteration, number, role, municipality, validity
/// and the QR code with its quiet zone.
#[get("/console/cards/{id}/print")]
async fn print(
    state: web::Data<AppState>,
    user: ConsoleUser,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let card = load(&state, &user, path.into_inner()).await?;
    let view = PrintPage {
        page: user.page,
        card,
    };
    view.page.ok(&view)
}
