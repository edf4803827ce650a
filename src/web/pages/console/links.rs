//! Family page links, from the console: make one (shown once, on a printable slip with its QR
//! code), replace it, or revoke it. The acts are `app::links`.

use actix_web::{web, HttpResponse};
use askama::Template;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kartu_card::qr::{render_svg, Correction};

use crate::app::links;
use crate::store::family::FamilyId;
use crate::web::act;
use crate::web::error::ApiError;
use crate::web::pages::console::{see_other, ConsoleForm};
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "console/slip.html")]
struct SlipPage {
    page: Page,
    family_id: String,
    url: String,
    qr: String,
}

pub async fn create(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let origin = form.origin;
    let (actor, page) = (form.user.actor, form.user.page);
    let family_id = path.into_inner();
    let id = FamilyId(family_id.clone());
    let token = act(&state, move |k| links::create(k, &actor, &id))
        .await
        .map_err(|e| page.error(e))?;
    let url = format!("{}/family/{token}", origin.trim_end_matches('/'));
    let svg = render_svg(&url, Correction::M, 8).map_err(|e| {
        page.error(ApiError::Internal(
            anyhow::Error::new(e).context("drawing the link's QR code"),
        ))
    })?;
    let view = SlipPage {
        page,
        family_id,
        url,
        qr: format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg)),
    };
    view.page.ok(&view)
}

pub async fn revoke(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (actor, page) = (form.user.actor, form.user.page);
    let family_id = path.into_inner();
    let id = FamilyId(family_id.clone());
    act(&state, move |k| links::revoke(k, &actor, &id))
        .await
        .map_err(|e| page.error(e))?;
    Ok(see_other(&format!(
        "/console/families/{family_id}?link=revoked"
    )))
}
