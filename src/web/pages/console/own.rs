//! A partner account's own console: where it lands after signing in (`/console`). It shows its
//! partner's published offers, its proposals (waiting, and rejected with the clerk's reason),
//! a form to propose a new offer or a change of a published one, and the way to the checker.
//! It never shows a family, a card or another partner: the acts (`app::offers::{own,
//! propose}`) refuse any other account, and every other act refuses a partner account.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;

use crate::app::actor::Actor;
use crate::app::error::{Error, FieldError};
use crate::app::offers;
use crate::domain::partner::OfferStatus;
use crate::store::offer::OfferId;
use crate::store::partner::Partner;
use crate::web::act;
use crate::web::pages::console::partners::done_notice;
use crate::web::pages::console::partners::forms::OfferForm;
use crate::web::pages::console::partners::shown::OfferRow;
use crate::web::pages::console::{see_other, ConsoleForm, FormFields};
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "console/own.html")]
struct OwnPage {
    page: Page,
    partner: Partner,
    /// Each published offer, with the form that proposes a change of it.
    published: Vec<(OfferRow, OfferForm)>,
    waiting: Vec<OfferRow>,
    rejected: Vec<OfferRow>,
    propose: OfferForm,
    notice: Option<String>,
    /// The form that came back with a problem, and the problem in words.
    problem: Option<(String, String)>,
}

impl OwnPage {
    /// Whether a change form (a `<details>`) is open: the one that came back with a problem.
    fn is_open(&self, form: &str) -> bool {
        self.problem_of(form).is_some()
            || self
                .published
                .iter()
                .any(|(_, f)| f.id == form && !f.errors.is_empty())
    }

    fn problem_of(&self, form: &str) -> Option<String> {
        self.problem
            .as_ref()
            .filter(|(f, _)| f == form)
            .map(|(_, p)| p.clone())
    }
}

/// What came back: the form (by its id), as typed, with its problems.
#[derive(Debug, Default)]
pub struct Typed {
    pub form: String,
    pub fields: FormFields,
    pub errors: Vec<FieldError>,
    pub problem: Option<String>,
}

/// The partner account's page, after `typed`, answered with `status`.
pub async fn own_page(
    state: &web::Data<AppState>,
    actor: Actor,
    page: Page,
    status: StatusCode,
    notice: Option<String>,
    typed: Option<Typed>,
) -> Result<HttpResponse, PageError> {
    let (partner, all) = act(state, move |k| offers::own(k, &actor))
        .await
        .map_err(|e| page.error(e))?;
    let came_back = |form: OfferForm| match &typed {
        Some(t) if t.form == form.id => form.typed(&t.fields, t.errors.clone()),
        _ => form,
    };
    let rows = |status: OfferStatus| -> Vec<OfferRow> {
        all.iter()
            .filter(|o| o.status == status)
            .map(|o| OfferRow::new(&page, o))
            .collect()
    };
    let published = all
        .iter()
        .filter(|o| o.status == OfferStatus::Published)
        .map(|o| {
            let id = format!("propose-{}", o.id.0);
            let mut form = OfferForm::of(o, &id, "/console/proposals", partner.municipality);
            form.replaces = o.id.0.clone();
            (OfferRow::new(&page, o), came_back(form))
        })
        .collect();
    let propose = came_back(OfferForm::blank(
        "propose",
        "/console/proposals",
        partner.municipality,
    ));
    let view = OwnPage {
        waiting: rows(OfferStatus::Proposed),
        rejected: rows(OfferStatus::Rejected),
        published,
        propose,
        notice,
        problem: typed.and_then(|t| t.problem.map(|p| (t.form, p))),
        partner,
        page,
    };
    view.page.respond(status, &view)
}

/// The partner account's start page (`/console`).
pub async fn home(
    state: &web::Data<AppState>,
    actor: Actor,
    page: Page,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let notice = done_notice(&page, done);
    own_page(state, actor, page, StatusCode::OK, notice, None).await
}

/// A partner account proposes a new offer, or (`replaces`) a change of a published one.
pub async fn propose(
    state: web::Data<AppState>,
    form: ConsoleForm,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let input = OfferForm::input(&fields);
    let replaces = Some(fields.get("replaces").to_string())
        .filter(|r| !r.is_empty())
        .map(OfferId);
    let form_id = replaces
        .as_ref()
        .map_or_else(|| "propose".to_string(), |r| format!("propose-{}", r.0));
    let by = actor.clone();
    let result = act(&state, move |k| {
        offers::propose(k, &by, &input, replaces.as_ref())
    })
    .await;
    let (status, errors, problem) = match result {
        Ok(_) => return Ok(see_other("/console?done=offer_proposed")),
        Err(Error::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
        Err(Error::Conflict { code, .. }) => (
            StatusCode::CONFLICT,
            Vec::new(),
            Some(page.conflict("partner", code)),
        ),
        Err(other) => return Err(page.error(other)),
    };
    let typed = Typed {
        form: form_id,
        fields,
        errors,
        problem,
    };
    own_page(&state, actor, page, status, None, Some(typed)).await
}
