//! Console pages for one card: its QR and history, the acts on it (renew, reissue, suspend,
//! revoke, reinstate; every act but renew needs a reason), and its ID-1 print view.
//!
//! The card page's "Print" button is a form: posting it records the print (`cards::mark_printed`)
//! and then shows the print view. A clerk presses it to print, so that is when a paper copy is
//! counted; the print view itself (a GET) changes nothing, so reloading or prefetching it does
//! not. A card signed again after its print is listed on `/console/reprint` (`reprint.rs`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::app::cards;
use crate::app::error::Error;
use crate::domain::card_state::{CardAct, CardState};
use crate::store::card::CardId;
use crate::web::act;
use crate::web::pages::console::{see_other, ConsoleForm, ConsoleUser};
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;
use crate::web::view::CardDetail;

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

    /// The acts this clerk may take on this card now, in the order they are offered: what the
    /// card's state allows (`CardState::allows`) and the clerk's role permits.
    fn acts(&self) -> Vec<&'static str> {
        let Some(state) = CardState::parse(&self.card.card.status) else {
            return Vec::new();
        };
        let may = |a: CardAct| {
            self.page
                .user
                .as_ref()
                .is_some_and(|u| u.may(a.permission()))
        };
        CardAct::ALL
            .into_iter()
            .filter(|a| state.allows(*a) && may(*a))
            .map(CardAct::code)
            .collect()
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
    let actor = user.actor.clone();
    let id = CardId(id);
    let file = act(state, move |k| cards::detail(k, &actor, &id))
        .await
        .map_err(|e| user.page.error(e))?;
    Ok(CardDetail::new(&file, state.kartu.now()))
}

#[derive(Debug, serde::Deserialize)]
pub struct ShowQuery {
    done: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    user: ConsoleUser,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, PageError> {
    let card = load(&state, &user, path.into_inner()).await?;
    let notice = query
        .done
        .as_deref()
        .and_then(CardAct::parse)
        .map(|d| user.page.t(&format!("card-done-{}", d.code())));
    let view = CardPage {
        page: user.page,
        card,
        problem: None,
        notice,
    };
    view.page.ok(&view)
}

pub async fn act_on_card(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (id, name) = path.into_inner();
    let reason = form.get("reason").to_string();
    let user = form.user;
    let (actor, page) = (user.actor.clone(), user.page.clone());
    let Some(what) = CardAct::parse(&name) else {
        return Err(page.error(Error::NotFound("page")));
    };
    let card_id = CardId(id.clone());
    let result = act(&state, move |k| match what {
        CardAct::Renew => cards::renew(k, &actor, &card_id).map(|c| c.id),
        CardAct::Reissue => cards::reissue(k, &actor, &card_id, &reason).map(|(_, new)| new.id),
        CardAct::Suspend | CardAct::Reinstate | CardAct::Revoke => {
            cards::change_state(k, &actor, &card_id, what, &reason).map(|c| c.id)
        }
    })
    .await;
    let problem = match result {
        Ok(shown) => {
            return Ok(see_other(&format!(
                "/console/cards/{}?done={}",
                shown.0,
                what.code()
            )))
        }
        Err(Error::Invalid(_)) => "field-invalid_reason".to_string(),
        Err(Error::Conflict { code, .. }) => format!("conflict-{code}"),
        Err(other) => return Err(page.error(other)),
    };
    let card = load(&state, &user, id).await?;
    let view = CardPage {
        page,
        card,
        problem: Some((what.code().to_string(), problem)),
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

/// Records that the card is being printed, then shows the print view (303).
pub async fn mark_printed(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = (form.user.actor.clone(), form.user.page.clone());
    let id = CardId(path.into_inner());
    let printed = act(&state, move |k| cards::mark_printed(k, &actor, &id))
        .await
        .map_err(|e| page.error(e))?;
    Ok(see_other(&format!("/console/cards/{}/print", printed.id.0)))
}

/// The card at ID-1 size (85.60 × 53.98 mm) for printing: the programme's name in LT and PL, the
/// holder's name in its letters with the transliteration, number, role, municipality, validity
/// and the QR code with its quiet zone.
pub async fn print(
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
