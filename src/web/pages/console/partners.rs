//! Console pages for partners: find them (every municipality's), register one with its first
//! location, and the partner page with everything about it (details, locations, offers, partner
//! accounts, till links) and the forms a clerk of its municipality may use; another
//! municipality's partner reads the same, without forms. Supervisors publish, withdraw and
//! delete (deleting asks once more). The acts are `app::partners`, `app::offers` and
//! `app::checkout`, each checking its own permission and scope; a form that comes back with a
//! problem shows it beside its field, as typed.

pub mod forms;
pub mod locations;
pub mod offers;
pub mod shown;
pub mod tills;

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use serde::Deserialize;

use crate::app::actor::Actor;
use crate::app::error::{Error, FieldError};
use crate::app::partners::{self, PartnerFile, PartnerPage as Found};
use crate::app::{applications, offers as offer_acts};
use crate::domain::access::Permission;
use crate::domain::calendar::human_time;
use crate::domain::partner::{Category, OfferStatus, PartnerAct};
use crate::store::account::Account;
use crate::store::partner::{Partner, PartnerId};
use crate::store::partner_location::Location;
use crate::store::to_unix;
use crate::web::act;
use crate::web::pages::console::{see_other, ConsoleForm, ConsoleUser, FormFields};
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;

use forms::{LocationForm, OfferForm, PartnerForm};
use shown::{OfferRow, TillRow};

/// What a redirect after a form may ask a page to say (`?done=<code>`), each
/// `partner-done-<code>`; nothing else a link carries is shown.
const DONE: &[&str] = &[
    "registered",
    "changed",
    "published",
    "withdrawn",
    "deleted",
    "location_added",
    "location_changed",
    "location_removed",
    "offer_added",
    "offer_changed",
    "offer_withdrawn",
    "offer_approved",
    "offer_rejected",
    "offer_proposed",
    "till_revoked",
    "account_created",
    "application_accepted",
    "application_rejected",
];

/// The notice for `?done=`, if it is one of [`DONE`].
pub fn done_notice(page: &Page, done: Option<&str>) -> Option<String> {
    done.filter(|d| DONE.contains(d))
        .map(|d| page.t(&format!("partner-done-{d}")))
}

/// The category codes, in the order the select offers them.
pub fn category_codes() -> Vec<&'static str> {
    Category::ALL.iter().map(|c| c.code()).collect()
}

#[derive(Template)]
#[template(path = "console/partners.html")]
struct ListPage {
    page: Page,
    query: String,
    found: Found,
    applications: u64,
    proposals: u64,
    notice: Option<String>,
}

impl ListPage {
    fn total(&self) -> u64 {
        u64::try_from(self.found.total).unwrap_or(0)
    }

    fn pages(&self) -> i64 {
        ((self.found.total + self.found.per_page - 1) / self.found.per_page).max(1)
    }

    fn page_link(&self, n: i64) -> String {
        let mut pairs = vec![("page", n.to_string())];
        if !self.query.is_empty() {
            pairs.insert(0, ("q", self.query.clone()));
        }
        format!(
            "/console/partners?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    }
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
    done: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    user: ConsoleUser,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = (user.actor, user.page);
    let query = query.into_inner();
    let text: String = query.q.trim().chars().take(100).collect();
    let number = query.page.unwrap_or(1);
    let wanted = text.clone();
    let (found, applications, proposals) = act(&state, move |k| {
        let found = partners::list(k, &actor, &wanted, number)?;
        let applications = applications::pending(k, &actor)?.len();
        let proposals = offer_acts::pending(k, &actor)?.len();
        Ok((found, applications as u64, proposals as u64))
    })
    .await
    .map_err(|e| page.error(e))?;
    let view = ListPage {
        notice: done_notice(&page, query.done.as_deref()),
        page,
        query: text,
        found,
        applications,
        proposals,
    };
    view.page.ok(&view)
}

#[derive(Template)]
#[template(path = "console/partner_new.html")]
struct NewPage {
    page: Page,
    /// `LT` or `PL`: which identifier the clerk's partners have.
    country: &'static str,
    details: PartnerForm,
    location: LocationForm,
    problem: Option<String>,
}

impl NewPage {
    fn categories(&self) -> Vec<&'static str> {
        category_codes()
    }

    fn error_count(&self) -> u64 {
        self.details.errors.len() as u64
    }
}

fn new_page(
    page: Page,
    actor: &Actor,
    fields: Option<&FormFields>,
    errors: Vec<FieldError>,
    problem: Option<String>,
) -> NewPage {
    let home = actor.home.unwrap_or(kartu_card::Municipality::Aly);
    let blank = LocationForm::blank("location", "", "location.", home);
    let (details, location) = match fields {
        Some(f) => (
            PartnerForm::typed(f, errors.clone()),
            blank.typed(f, errors),
        ),
        None => (PartnerForm::default(), blank),
    };
    NewPage {
        page,
        country: home.country().code(),
        details,
        location,
        problem,
    }
}

pub async fn new_form(user: ConsoleUser) -> Result<HttpResponse, PageError> {
    let (actor, page) = user.allowed(Permission::ManagePartners)?;
    let view = new_page(page, &actor, None, Vec::new(), None);
    view.page.ok(&view)
}

pub async fn register(
    state: web::Data<AppState>,
    form: ConsoleForm,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let input = PartnerForm::input(&fields);
    let location = LocationForm::input(&fields, "location.");
    let by = actor.clone();
    let result = act(&state, move |k| {
        partners::register(k, &by, &input, &location)
    })
    .await;
    let (status, errors, problem) = match result {
        Ok(file) => {
            return Ok(see_other(&format!(
                "/console/partners/{}?done=registered",
                file.partner.id.0
            )))
        }
        Err(Error::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
        Err(Error::Conflict { code, .. }) => (
            StatusCode::CONFLICT,
            Vec::new(),
            Some(page.conflict("partner", code)),
        ),
        Err(other) => return Err(page.error(other)),
    };
    let view = new_page(page, &actor, Some(&fields), errors, problem);
    view.page.respond(status, &view)
}

/// What a form of the partner page left behind: the form (by its id on the page), as typed,
/// with its problems; or a secret to show once.
#[derive(Debug, Default)]
pub struct Outcome {
    pub form: Option<String>,
    pub fields: FormFields,
    pub errors: Vec<FieldError>,
    /// A conflict, in words.
    pub problem: Option<String>,
    pub notice: Option<String>,
    /// A partner account just made and its generated password.
    pub secret: Option<(String, String)>,
}

impl Outcome {
    fn failed(&self, form: &str) -> bool {
        self.form.as_deref() == Some(form)
    }
}

#[derive(Template)]
#[template(path = "console/partner.html")]
struct PartnerView {
    page: Page,
    partner: Partner,
    country: &'static str,
    /// The clerk may change this partner (one of their own municipality's).
    editable: bool,
    /// The supervisor may publish, withdraw and delete it.
    publishable: bool,
    /// The standing acts open now: `publish`, `withdraw`, `delete`.
    acts: Vec<&'static str>,
    details: PartnerForm,
    locations: Vec<(Location, LocationForm)>,
    add_location: LocationForm,
    published: Vec<(OfferRow, OfferForm)>,
    proposed: Vec<OfferRow>,
    withdrawn: Vec<OfferRow>,
    add_offer: OfferForm,
    accounts: Vec<Account>,
    tills: Vec<TillRow>,
    outcome: Outcome,
}

impl PartnerView {
    fn new(page: Page, actor: &Actor, file: PartnerFile, outcome: Outcome) -> PartnerView {
        let p = &file.partner;
        let editable =
            actor.may(Permission::ManagePartners) && actor.scope().includes(p.municipality);
        let base = format!("/console/partners/{}", p.id.0);
        let typed = |id: &str| {
            outcome
                .failed(id)
                .then(|| (outcome.fields.clone(), outcome.errors.clone()))
        };
        let details = match typed("details") {
            Some((f, e)) => PartnerForm::typed(&f, e),
            None => PartnerForm::of(p),
        };
        let locations = file
            .locations
            .iter()
            .map(|l| {
                let id = format!("loc-{}", l.id.0);
                let form = LocationForm::of(l, &id, &format!("{base}/locations/{}", l.id.0));
                let form = match typed(&id) {
                    Some((f, e)) => form.typed(&f, e),
                    None => form,
                };
                (l.clone(), form)
            })
            .collect();
        let add_location = LocationForm::blank(
            "add-location",
            &format!("{base}/locations"),
            "",
            p.municipality,
        );
        let add_location = match typed("add-location") {
            Some((f, e)) => add_location.typed(&f, e),
            None => add_location,
        };
        let rows = |status: OfferStatus| -> Vec<OfferRow> {
            file.offers
                .iter()
                .filter(|o| o.status == status)
                .map(|o| OfferRow::new(&page, o))
                .collect()
        };
        let published = file
            .offers
            .iter()
            .filter(|o| o.status == OfferStatus::Published)
            .map(|o| {
                let id = format!("change-{}", o.id.0);
                let form =
                    OfferForm::of(o, &id, &format!("{base}/offers/{}", o.id.0), p.municipality);
                let form = match typed(&id) {
                    Some((f, e)) => form.typed(&f, e),
                    None => form,
                };
                (OfferRow::new(&page, o), form)
            })
            .collect();
        let add_offer = OfferForm::blank("add-offer", &format!("{base}/offers"), p.municipality);
        let add_offer = match typed("add-offer") {
            Some((f, e)) => add_offer.typed(&f, e),
            None => add_offer,
        };
        PartnerView {
            country: p.municipality.country().code(),
            editable,
            publishable: editable && actor.may(Permission::PublishPartners),
            acts: [
                PartnerAct::Publish,
                PartnerAct::Withdraw,
                PartnerAct::Delete,
            ]
            .into_iter()
            .filter(|a| p.status.after(*a).is_some())
            .map(PartnerAct::code)
            .collect(),
            details,
            locations,
            add_location,
            published,
            proposed: rows(OfferStatus::Proposed),
            withdrawn: rows(OfferStatus::Withdrawn),
            add_offer,
            tills: file
                .tills
                .iter()
                .map(|t| TillRow::new(t, &file.locations))
                .collect(),
            accounts: file.accounts,
            partner: file.partner,
            outcome,
            page,
        }
    }

    fn categories(&self) -> Vec<&'static str> {
        category_codes()
    }

    /// `54.3962, 24.0459`, or a dash.
    fn coordinates(&self, l: &Location) -> String {
        match (l.latitude, l.longitude) {
            (Some(lat), Some(lon)) => format!("{lat}, {lon}"),
            _ => "—".to_string(),
        }
    }

    fn registered(&self) -> String {
        human_time(to_unix(self.partner.created_at))
    }

    /// The conflict a form came back with, shown beside it.
    fn problem_of(&self, form: &str) -> Option<String> {
        self.outcome
            .problem
            .clone()
            .filter(|_| self.outcome.failed(form))
    }

    /// The problems of one field of a form that has no form struct (reasons, accounts, tills).
    fn err(&self, form: &str, field: &str) -> Vec<String> {
        if self.outcome.failed(form) {
            self.page.field_errors(&self.outcome.errors, field)
        } else {
            Vec::new()
        }
    }

    /// What was typed into one field of such a form.
    fn typed(&self, form: &str, field: &str) -> String {
        if self.outcome.failed(form) {
            self.outcome.fields.get(field).to_string()
        } else {
            String::new()
        }
    }

    /// Whether a form (a `<details>`) is open: the one that came back with a problem.
    fn is_open(&self, form: &str) -> bool {
        self.outcome.failed(form)
    }
}

/// The partner page, after `outcome`, answered with `status`.
pub async fn partner_page(
    state: &web::Data<AppState>,
    actor: Actor,
    page: Page,
    id: PartnerId,
    status: StatusCode,
    outcome: Outcome,
) -> Result<HttpResponse, PageError> {
    let by = actor.clone();
    let file = act(state, move |k| partners::view(k, &by, &id))
        .await
        .map_err(|e| page.error(e))?;
    let view = PartnerView::new(page, &actor, file, outcome);
    view.page.respond(status, &view)
}

/// Answers a form of the partner page: success redirects to the page with its notice; a field
/// problem or a conflict shows the page again with the form (`form`) as it was typed.
#[expect(
    clippy::too_many_arguments,
    reason = "one answer for every form of the page"
)]
pub async fn answer<T>(
    state: &web::Data<AppState>,
    actor: Actor,
    page: Page,
    id: PartnerId,
    form: &str,
    fields: FormFields,
    result: Result<T, Error>,
    done: &str,
) -> Result<HttpResponse, PageError> {
    let (status, errors, problem) = match result {
        Ok(_) => {
            return Ok(see_other(&format!(
                "/console/partners/{}?done={done}",
                id.0
            )))
        }
        Err(Error::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors, None),
        Err(Error::Conflict { code, .. }) => (
            StatusCode::CONFLICT,
            Vec::new(),
            Some(page.conflict("partner", code)),
        ),
        Err(other) => return Err(page.error(other)),
    };
    let outcome = Outcome {
        form: Some(form.to_string()),
        fields,
        errors,
        problem,
        ..Outcome::default()
    };
    partner_page(state, actor, page, id, status, outcome).await
}

#[derive(Debug, Deserialize)]
pub struct ShowQuery {
    done: Option<String>,
}

pub async fn show(
    state: web::Data<AppState>,
    user: ConsoleUser,
    path: web::Path<String>,
    query: web::Query<ShowQuery>,
) -> Result<HttpResponse, PageError> {
    let outcome = Outcome {
        notice: done_notice(&user.page, query.done.as_deref()),
        ..Outcome::default()
    };
    let id = PartnerId(path.into_inner());
    partner_page(&state, user.actor, user.page, id, StatusCode::OK, outcome).await
}

pub async fn change(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let id = PartnerId(path.into_inner());
    let input = PartnerForm::input(&fields);
    let (by, pid) = (actor.clone(), id.clone());
    let result = act(&state, move |k| partners::change(k, &by, &pid, &input)).await;
    answer(
        &state, actor, page, id, "details", fields, result, "changed",
    )
    .await
}

#[derive(Template)]
#[template(path = "console/partner_delete.html")]
struct DeletePage {
    page: Page,
    partner: Partner,
}

/// Publishes, withdraws or deletes a partner (`/console/partners/{id}/{act}`). Deleting is for
/// good, so its button first shows a page that asks once more (`confirm=yes`).
pub async fn standing(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let confirmed = form.get("confirm") == "yes";
    let fields = form.fields;
    let (actor, page) = form.user.allowed(Permission::PublishPartners)?;
    let (id, wanted) = path.into_inner();
    let id = PartnerId(id);
    let Some(what) = PartnerAct::parse(&wanted) else {
        return Err(page.error(Error::NotFound("page")));
    };
    if what == PartnerAct::Delete && !confirmed {
        let (by, pid) = (actor.clone(), id.clone());
        let file = act(&state, move |k| partners::view(k, &by, &pid))
            .await
            .map_err(|e| page.error(e))?;
        let view = DeletePage {
            page,
            partner: file.partner,
        };
        return view.page.ok(&view);
    }
    let (by, pid) = (actor.clone(), id.clone());
    let result = act(&state, move |k| partners::set_standing(k, &by, &pid, what)).await;
    match (what, result) {
        (PartnerAct::Delete, Ok(_)) => Ok(see_other("/console/partners?done=deleted")),
        (_, result) => {
            let done = match what {
                PartnerAct::Publish => "published",
                _ => "withdrawn",
            };
            answer(&state, actor, page, id, "standing", fields, result, done).await
        }
    }
}
