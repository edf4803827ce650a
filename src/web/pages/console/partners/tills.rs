//! The partner page's till links and partner accounts. A till link is shown once, on a
//! printable slip with its QR code (as a family's page link is, `console::links`); a generated
//! password once, on the page that answers the form. The acts are
//! `app::checkout::{create_till, revoke_till}` and `app::partners::create_account`.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kartu_card::qr::{render_svg, Correction};

use crate::app::error::Error;
use crate::app::{checkout, partners};
use crate::store::partner::PartnerId;
use crate::store::partner_location::LocationId;
use crate::store::partner_till::TillId;
use crate::web::act;
use crate::web::error::ApiError;
use crate::web::pages::console::partners::{answer, partner_page, Outcome};
use crate::web::pages::console::ConsoleForm;
use crate::web::pages::{Page, PageError};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "console/till_slip.html")]
struct SlipPage {
    page: Page,
    partner_id: String,
    partner_name: String,
    label: String,
    address: String,
    url: String,
    qr: String,
}

/// Makes a till link for one of the partner's locations and shows it once, on its slip.
pub async fn create_till(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let origin = form.origin;
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let id = PartnerId(path.into_inner());
    let location = LocationId(fields.get("location").to_string());
    let label = fields.get("label").to_string();
    let (by, pid) = (actor.clone(), id.clone());
    let made = act(&state, move |k| {
        let (till, token) = checkout::create_till(k, &by, &pid, &location, &label)?;
        let file = partners::view(k, &by, &pid)?;
        Ok((till, token, file))
    })
    .await;
    let (till, token, file) = match made {
        Ok(made) => made,
        Err(e @ (Error::Invalid(_) | Error::Conflict { .. })) => {
            return answer(&state, actor, page, id, "till", fields, Err::<(), _>(e), "").await
        }
        Err(other) => return Err(page.error(other)),
    };
    let url = format!("{}/check/till/{token}", origin.trim_end_matches('/'));
    let svg = render_svg(&url, Correction::M, 8).map_err(|e| {
        page.error(ApiError::Internal(
            anyhow::Error::new(e).context("drawing the till link's QR code"),
        ))
    })?;
    let address = file
        .locations
        .iter()
        .find(|l| l.id == till.location_id)
        .map_or_else(String::new, |l| l.address.clone());
    let view = SlipPage {
        page,
        partner_id: file.partner.id.0,
        partner_name: file.partner.name,
        label: till.label,
        address,
        url,
        qr: format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg)),
    };
    view.page.ok(&view)
}

pub async fn revoke_till(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let (id, till) = path.into_inner();
    let (id, till) = (PartnerId(id), TillId(till));
    let form_id = format!("revoke-till-{}", till.0);
    let (by, pid) = (actor.clone(), id.clone());
    let result = act(&state, move |k| checkout::revoke_till(k, &by, &pid, &till)).await;
    answer(
        &state,
        actor,
        page,
        id,
        &form_id,
        fields,
        result,
        "till_revoked",
    )
    .await
}

/// Makes a partner account; a generated password (none typed) is shown once, on the page.
pub async fn create_account(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (actor, page, fields) = (form.user.actor, form.user.page, form.fields);
    let id = PartnerId(path.into_inner());
    let username = fields.get("username").to_string();
    let chosen = Some(fields.get("password").to_string()).filter(|p| !p.is_empty());
    let (by, pid) = (actor.clone(), id.clone());
    let result = act(&state, move |k| {
        partners::create_account(k, &by, &pid, &username, chosen.as_deref())
    })
    .await;
    match result {
        Ok((account, Some(password))) => {
            let outcome = Outcome {
                secret: Some((account.username, password)),
                ..Outcome::default()
            };
            partner_page(&state, actor, page, id, StatusCode::OK, outcome).await
        }
        other => {
            // A typed password is never sent back with the form.
            let mut kept = fields;
            kept.forget("password");
            answer(
                &state,
                actor,
                page,
                id,
                "account",
                kept,
                other,
                "account_created",
            )
            .await
        }
    }
}
