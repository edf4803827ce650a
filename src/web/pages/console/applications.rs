//! Console pages for what waits for a clerk of a municipality: applications to join (from the
//! public form), which a clerk accepts (making a draft partner, whose page opens next) or
//! rejects with a reason; and partners' proposals of offers, approved or rejected with a reason
//! here or on the partner's page. The acts are `app::applications` and `app::offers`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::actor::Actor;
use crate::app::error::Error;
use crate::app::{applications, offers};
use crate::domain::calendar::human_time;
use crate::store::partner::Partner;
use crate::store::partner_application::{Application, ApplicationId};
use crate::store::to_unix;
use crate::web::act;
use crate::web::pages::console::partners::shown::OfferRow;
use crate::web::pages::console::partners::{done_notice, Outcome};
use crate::web::pages::console::{see_other, ConsoleForm, ConsoleUser};
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;

#[derive(Debug, Deserialize)]
pub struct DoneQuery {
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "console/applications.html")]
struct ApplicationsPage {
    page: Page,
    items: Vec<Application>,
    outcome: Outcome,
}

impl ApplicationsPage {
    fn count(&self) -> u64 {
        self.items.len() as u64
    }

    fn received(&self, a: &Application) -> String {
        human_time(to_unix(a.created_at))
    }

    fn err(&self, form: &str, field: &str) -> Vec<String> {
        if self.outcome.form.as_deref() == Some(form) {
            self.page.field_errors(&self.outcome.errors, field)
        } else {
            Vec::new()
        }
    }

    fn problem_of(&self, form: &str) -> Option<String> {
        self.outcome
            .problem
            .clone()
            .filter(|_| self.outcome.form.as_deref() == Some(form))
    }
}

async fn applications_page(
    state: &web::Data<AppState>,
    actor: Actor,
    page: Page,
    status: StatusCode,
    outcome: Outcome,
) -> Result<HttpResponse, PageError> {
    let items = act(state, move |k| applications::pending(k, &actor))
        .await
        .map_err(|e| page.error(e))?;
    let view = ApplicationsPage {
        page,
        items,
        outcome,
    };
    view.page.respond(status, &view)
}

pub async fn list(
    state: web::Data<AppState>,
    user: ConsoleUser,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let outcome = Outcome {
        notice: done_notice(&user.page, query.done.as_deref()),
        ..Outcome::default()
    };
    applications_page(&state, user.actor, user.page, StatusCode::OK, outcome).await
}

/// `accept` (the new draft partner's page opens) or `reject` (with a `reason`) an application.
pub async fn decide(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let (id, wanted) = path.into_inner();
    let form_id = format!("{wanted}-{id}");
    let (by, id) = (actor.clone(), ApplicationId(id));
    let reason = fields.get("reason").to_string();
    let result = match wanted.as_str() {
        "accept" => act(&state, move |k| applications::accept(k, &by, &id))
            .await
            .map(|p| format!("/console/partners/{}?done=application_accepted", p.id.0)),
        "reject" => act(&state, move |k| applications::reject(k, &by, &id, &reason))
            .await
            .map(|()| "/console/applications?done=application_rejected".to_string()),
        _ => return Err(page.error(Error::NotFound("page"))),
    };
    let (status, errors, problem) = match result {
        Ok(next) => return Ok(see_other(&next)),
        Err(Error::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
        Err(Error::Conflict { code, .. }) => (
            StatusCode::CONFLICT,
            Vec::new(),
            Some(page.conflict("partner", code)),
        ),
        Err(other) => return Err(page.error(other)),
    };
    let outcome = Outcome {
        form: Some(form_id),
        fields,
        errors,
        problem,
        ..Outcome::default()
    };
    applications_page(&state, actor, page, status, outcome).await
}

#[derive(Template)]
#[template(path = "console/proposals.html")]
struct ProposalsPage {
    page: Page,
    items: Vec<(Partner, OfferRow)>,
    outcome: Outcome,
}

impl ProposalsPage {
    fn count(&self) -> u64 {
        self.items.len() as u64
    }

    fn err(&self, form: &str, field: &str) -> Vec<String> {
        if self.outcome.form.as_deref() == Some(form) {
            self.page.field_errors(&self.outcome.errors, field)
        } else {
            Vec::new()
        }
    }

    fn problem_of(&self, form: &str) -> Option<String> {
        self.outcome
            .problem
            .clone()
            .filter(|_| self.outcome.form.as_deref() == Some(form))
    }
}

/// The proposals waiting for the actor's municipality, after `outcome`.
pub async fn proposals_page(
    state: &web::Data<AppState>,
    actor: Actor,
    page: Page,
    status: StatusCode,
    outcome: Outcome,
) -> Result<HttpResponse, PageError> {
    let found = act(state, move |k| offers::pending(k, &actor))
        .await
        .map_err(|e| page.error(e))?;
    let items = found
        .into_iter()
        .map(|(p, o)| {
            let row = OfferRow::new(&page, &o);
            (p, row)
        })
        .collect();
    let view = ProposalsPage {
        page,
        items,
        outcome,
    };
    view.page.respond(status, &view)
}

pub async fn proposals(
    state: web::Data<AppState>,
    user: ConsoleUser,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let outcome = Outcome {
        notice: done_notice(&user.page, query.done.as_deref()),
        ..Outcome::default()
    };
    proposals_page(&state, user.actor, user.page, StatusCode::OK, outcome).await
}
