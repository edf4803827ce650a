//! The cards to reprint: current cards of the clerk's municipality that were printed on paper and
//! then signed again (a renewal, or `kartu cards resign` after a key was replaced), so the paper
//! copy carries a text that no longer verifies. Printing a card from its page takes it off the
//! list. The act is `app::resign::reprints`.

use actix_web::{web, HttpResponse};
use askama::Template;

use crate::app::resign;
use crate::domain::calendar::rfc3339;
use crate::store::to_unix;
use crate::web::act;
use crate::web::pages::console::cards::day;
use crate::web::pages::console::ConsoleUser;
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;

/// One card on the list.
#[derive(Debug)]
pub struct Row {
    pub id: String,
    pub number: String,
    pub holder: String,
    pub municipality: String,
    /// The day its paper copy went stale.
    pub since: String,
}

#[derive(Template)]
#[template(path = "console/reprint.html")]
struct ReprintPage {
    page: Page,
    rows: Vec<Row>,
}

impl ReprintPage {
    fn heading(&self) -> String {
        self.page
            .count("reprint-count", u64::try_from(self.rows.len()).unwrap_or(0))
    }
}

pub async fn list(
    state: web::Data<AppState>,
    user: ConsoleUser,
) -> Result<HttpResponse, PageError> {
    let actor = user.actor.clone();
    let found = act(&state, move |k| resign::reprints(k, &actor))
        .await
        .map_err(|e| user.page.error(e))?;
    let rows = found
        .into_iter()
        .map(|r| Row {
            id: r.card.id.0,
            number: r.card.number.to_string(),
            holder: r.holder,
            municipality: r.card.municipality.code().to_string(),
            since: day(&rfc3339(to_unix(r.since))).to_string(),
        })
        .collect();
    let view = ReprintPage {
        page: user.page,
        rows,
    };
    view.page.ok(&view)
}
