//! Family page links, from the console: make one (shown once, on a printable slip with its QR
//! code), replace it, or revoke it. Each act is audited in its own transaction.

use actix_web::{post, web, HttpResponse};
use askama::Template;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use kartu_card::qr::{render_svg, Correction};

use crate::audit::{self, Entry};
use crate::auth::{self, Permission};
use crate::error::ApiError;
use crate::models::family::{self, FamilyId};
use crate::models::family_link::{self, FamilyLink};
use crate::models::{from_unix, new_id};
use crate::pages::console::{see_other, ConsoleForm};
use crate::pages::{Page, PageError};
use crate::routes::with_db;
use crate::state::AppState;

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(create).service(revoke);
}

#[derive(Template)]
#[template(path = "console/slip.html")]
struct SlipPage {
    page: Page,
    family_id: String,
    url: String,
    qr: String,
}

/// The audit record of an act on a family's link.
fn record(
    tx: &mut crate::db::DbConnection,
    clerk: &auth::Clerk,
    family: &family::Family,
    action: &'static str,
    now: i64,
) -> Result<(), ApiError> {
    audit::record(
        tx,
        clerk.who(),
        now,
        Entry {
            municipality: Some(family.municipality.clone()),
            action,
            family_id: Some(family.id.0.clone()),
            ..Entry::default()
        },
    )
}

/// Makes a new link for the family, ending the one in use; returns the token.
fn make_link(
    conn: &mut crate::db::DbConnection,
    clerk: &auth::Clerk,
    id: &FamilyId,
) -> Result<String, ApiError> {
    let f = family::find(conn, id, &clerk.scope())?.ok_or(ApiError::NotFound("family"))?;
    let token = auth::random_secret();
    let now = crate::commands::unix_now();
    crate::db::write(conn, |tx| {
        let replaced = family_link::revoke_current(tx, &f.id, from_unix(now))?;
        family_link::insert(
            tx,
            &FamilyLink {
                id: new_id(),
                family_id: f.id.clone(),
                token_hash: auth::secret_hash(&token),
                created_by: clerk.id.clone(),
                created_at: from_unix(now),
                revoked_at: None,
            },
        )?;
        let action = if replaced {
            "family_link.replace"
        } else {
            "family_link.create"
        };
        record(tx, clerk, &f, action, now)
    })?;
    Ok(token)
}

#[post("/console/families/{id}/link")]
async fn create(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let origin = form.origin;
    let (clerk, page) = form.user.allowed(Permission::HandleFamilies)?;
    let family_id = path.into_inner();
    let id = FamilyId(family_id.clone());
    let token = with_db(&state, move |conn, _| make_link(conn, &clerk, &id))
        .await
        .map_err(|e| page.error(e))?;
    let url = format!("{}/family/{token}", origin.trim_end_matches('/'));
    let svg = render_svg(&url, Correction::M, 8).map_err(|e| page.error(e.into()))?;
    let view = SlipPage {
        page,
        family_id,
        url,
        qr: format!("data:image/svg+xml;base64,{}", STANDARD.encode(svg)),
    };
    view.page.ok(&view)
}

#[post("/console/families/{id}/link/revoke")]
async fn revoke(
    state: web::Data<AppState>,
    form: ConsoleForm,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let (clerk, page) = form.user.allowed(Permission::HandleFamilies)?;
    let family_id = path.into_inner();
    let id = FamilyId(family_id.clone());
    with_db(&state, move |conn, _| {
        let f = family::find(conn, &id, &clerk.scope())?.ok_or(ApiError::NotFound("family"))?;
        let now = crate::commands::unix_now();
        crate::db::write(conn, |tx| {
            if !family_link::revoke_current(tx, &f.id, from_unix(now))? {
                return Ok(());
            }
            record(tx, &clerk, &f, "family_link.revoke", now)
        })
    })
    .await
    .map_err(|e| page.error(e))?;
    Ok(see_other(&format!(
        "/console/families/{family_id}?link=revoked"
    )))
}
