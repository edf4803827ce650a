//! The partner page's offer forms: add an offer, change or withdraw a published one, approve a
//! partner's proposal or reject it with a reason (from the partner page or the list of
//! proposals, which the form names in its hidden `from`). The acts are `app::offers`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};

use crate::app::error::Error;
use crate::app::offers;
use crate::store::offer::OfferId;
use crate::store::partner::PartnerId;
use crate::web::act;
use crate::web::pages::console::applications::proposals_page;
use crate::web::pages::console::partners::forms::OfferForm;
use crate::web::pages::console::partners::{answer, Outcome};
use crate::web::pages::console::{see_other, ConsoleForm};
use crate::web::pages::PageError;
use crate::web::state::AppState;

pub async fn add(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let id = PartnerId(path.into_inner());
    let input = OfferForm::input(&fields);
    let (by, pid) = (actor.clone(), id.clone());
    let result = act(&state, move |k| offers::add(k, &by, &pid, &input)).await;
    answer(
        &state,
        actor,
        page,
        id,
        "add-offer",
        fields,
        result,
        "offer_added",
    )
    .await
}

/// Replaces a published offer with the changed one.
pub async fn change(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let (id, offer) = path.into_inner();
    let (id, offer) = (PartnerId(id), OfferId(offer));
    let form_id = format!("change-{}", offer.0);
    let input = OfferForm::input(&fields);
    let (by, pid) = (actor.clone(), id.clone());
    let result = act(&state, move |k| {
        offers::change(k, &by, &pid, &offer, &input)
    })
    .await;
    answer(
        &state,
        actor,
        page,
        id,
        &form_id,
        fields,
        result,
        "offer_changed",
    )
    .await
}

/// `withdraw`, `approve` or `reject` (with a `reason`) an offer of a partner.
pub async fn act_on_offer(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String, String)>,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let (id, offer, wanted) = path.into_inner();
    let (id, offer) = (PartnerId(id), OfferId(offer));
    let (by, pid, oid) = (actor.clone(), id.clone(), offer.clone());
    let reason = fields.get("reason").to_string();
    let (result, done) = match wanted.as_str() {
        "withdraw" => (
            act(&state, move |k| offers::withdraw(k, &by, &pid, &oid)).await,
            "offer_withdrawn",
        ),
        "approve" => (
            act(&state, move |k| offers::approve(k, &by, &pid, &oid)).await,
            "offer_approved",
        ),
        "reject" => (
            act(&state, move |k| offers::reject(k, &by, &pid, &oid, &reason)).await,
            "offer_rejected",
        ),
        _ => return Err(page.error(Error::NotFound("page"))),
    };
    let form_id = format!("{wanted}-{}", offer.0);
    if fields.get("from") != "proposals" {
        return answer(&state, actor, page, id, &form_id, fields, result, done).await;
    }
    let (status, errors, problem) = match result {
        Ok(_) => return Ok(see_other(&format!("/console/proposals?done={done}"))),
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
    proposals_page(&state, actor, page, status, outcome).await
}
