//! The partner page's location forms: add one, change one, remove one (a partner keeps at least
//! one). The acts are `app::partners::{add_location, change_location, remove_location}`.

use actix_web::{web, HttpResponse};

use crate::app::partners;
use crate::store::partner::PartnerId;
use crate::store::partner_location::LocationId;
use crate::web::act;
use crate::web::pages::console::partners::answer;
use crate::web::pages::console::partners::forms::LocationForm;
use crate::web::pages::console::ConsoleForm;
use crate::web::pages::PageError;
use crate::web::state::AppState;

pub async fn add(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let id = PartnerId(path.into_inner());
    let input = LocationForm::input(&fields, "");
    let (by, pid) = (actor.clone(), id.clone());
    let result = act(&state, move |k| {
        partners::add_location(k, &by, &pid, &input)
    })
    .await;
    answer(
        &state,
        actor,
        page,
        id,
        "add-location",
        fields,
        result,
        "location_added",
    )
    .await
}

pub async fn change(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let (id, location) = path.into_inner();
    let (id, location) = (PartnerId(id), LocationId(location));
    let form_id = format!("loc-{}", location.0);
    let input = LocationForm::input(&fields, "");
    let (by, pid) = (actor.clone(), id.clone());
    let result = act(&state, move |k| {
        partners::change_location(k, &by, &pid, &location, &input)
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
        "location_changed",
    )
    .await
}

pub async fn remove(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let (id, location) = path.into_inner();
    let (id, location) = (PartnerId(id), LocationId(location));
    let form_id = format!("remove-{}", location.0);
    let (by, pid) = (actor.clone(), id.clone());
    let result = act(&state, move |k| {
        partners::remove_location(k, &by, &pid, &location)
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
        "location_removed",
    )
    .await
}
