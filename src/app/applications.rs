//! Applications to join: a business fills in the public form (no account; the web limits how
//! often an address may send it, and a honeypot field catches bots); a clerk of the municipality
//! it names accepts it, which makes a draft partner, or rejects it with a reason. Nothing is
//! published because of an application.

use crate::app::actor::{Act, Actor};
use crate::app::audit::{self, Entry, Who};
use crate::app::error::{Context, Error};
use crate::app::input::{self, Fields};
use crate::app::partner_input::{LocationInput, PartnerInput};
use crate::app::partners::{self, insert_partner};
use crate::app::Kartu;
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::domain::partner::ApplicationStatus;
use crate::store::partner::Partner;
use crate::store::partner_application::{self, Application, ApplicationId};
use crate::store::{from_unix, new_id};

/// The most applications the public form takes in a day, from everyone together: a bound on
/// what a flood can store, whatever addresses it comes from.
pub const DAILY_LIMIT: i64 = 500;

/// An application as the business typed it.
#[derive(Debug, Clone, Default)]
pub struct ApplicationInput {
    /// Where the head office is: `ALY`, `VAR` or `ELK`.
    pub municipality: String,
    pub name: String,
    pub legal_id: String,
    pub category: String,
    pub address: String,
    pub website: String,
    pub phone: String,
    pub email: String,
    pub contact_name: String,
    pub message: String,
    /// The language of the form: `lt`, `pl` or `en`.
    pub lang: String,
}

/// Takes an application from the public form. Returns false, storing nothing, when the form's
/// honeypot field was filled in (a bot; it is told nothing different).
pub fn apply(k: &Kartu, input: &ApplicationInput, honeypot: &str) -> Result<bool, Error> {
    let mut fields = Fields::default();
    let municipality = fields.municipality("municipality", input.municipality.trim());
    let partner = municipality.and_then(|m| {
        PartnerInput {
            name: input.name.clone(),
            legal_id: input.legal_id.clone(),
            category: input.category.clone(),
            website: input.website.clone(),
            phone: input.phone.clone(),
            email: input.email.clone(),
        }
        .parse(m.country(), &mut fields)
    });
    let address = fields.plain("address", &input.address, 300, true);
    if input.email.trim().is_empty() {
        fields.push("email", "required", "fill this in");
    }
    let contact = fields.plain("contact_name", &input.contact_name, 200, true);
    let message = fields.plain("message", &input.message, 2000, false);
    let lang = match input.lang.trim() {
        l @ ("lt" | "pl" | "en") => l.to_string(),
        _ => "en".to_string(),
    };
    fields.finish()?;
    if !honeypot.trim().is_empty() {
        return Ok(false);
    }
    let (Some(municipality), Some(partner), Some(address), Some(contact), Some(message)) =
        (municipality, partner, address, contact, message)
    else {
        return Err(Error::internal(
            "a parsed field was missing without an error",
        ));
    };
    let now = k.now();
    k.db.write(|tx| {
        let today = partner_application::count_since(tx, from_unix(now - 86_400))
            .context("counting today's applications")?;
        if today >= DAILY_LIMIT {
            return Err(Error::TooManyAttempts(3600));
        }
        let row = Application {
            id: ApplicationId(new_id()),
            municipality,
            name: partner.name,
            legal_id: partner.legal_id.to_string(),
            category: partner.category,
            address,
            website: partner.website,
            phone: partner.phone,
            email: partner.email,
            contact_name: contact,
            message,
            lang,
            status: ApplicationStatus::Pending,
            decision_reason: None,
            decided_by: None,
            decided_at: None,
            partner_id: None,
            created_at: from_unix(now),
        };
        let mut entry = Entry::new(AuditAction::ApplicationSubmit, Some(municipality));
        entry.subject_id = Some(row.id.0.clone());
        entry.after = Some(serde_json::json!({"name": row.name, "legal_id": row.legal_id}));
        partner_application::insert(tx, row).context("storing the application")?;
        let public = Who {
            id: None,
            name: "public form",
        };
        audit::record(tx, public, now, entry)
    })?;
    Ok(true)
}

/// The pending applications to the actor's municipality, oldest first.
pub fn pending(k: &Kartu, actor: &Actor) -> Result<Vec<Application>, Error> {
    actor.require(Permission::ManagePartners)?;
    let scope = actor.scope().codes();
    k.db.read(|conn| {
        partner_application::of(conn, &scope, &[ApplicationStatus::Pending])
            .context("loading applications")
    })
}

fn find(
    tx: &mut crate::store::DbConnection,
    actor: &Actor,
    id: &ApplicationId,
) -> Result<Application, Error> {
    actor.require(Permission::ManagePartners)?;
    partner_application::find(tx, id)
        .context("loading the application")?
        .filter(|a| actor.scope().includes(a.municipality))
        .ok_or(Error::NotFound("application"))
}

fn undecided() -> Error {
    Error::conflict(
        "already_decided",
        "this application has been decided already",
    )
}

/// Accepts an application: its business becomes a draft partner with the address as its first
/// location, for a clerk to complete and a supervisor to publish.
pub fn accept(k: &Kartu, actor: &Actor, id: &ApplicationId) -> Result<Partner, Error> {
    actor.require(Permission::ManagePartners)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let a = find(tx, actor, id)?;
        if a.status != ApplicationStatus::Pending {
            return Err(undecided());
        }
        let mut fields = Fields::default();
        let partner = PartnerInput {
            name: a.name.clone(),
            legal_id: a.legal_id.clone(),
            category: a.category.code().to_string(),
            website: a.website.clone(),
            phone: a.phone.clone(),
            email: a.email.clone(),
        }
        .parse(a.municipality.country(), &mut fields);
        let location = LocationInput {
            address: a.address.clone(),
            municipality: a.municipality.code().to_string(),
            ..LocationInput::default()
        }
        .parse("location.", &mut fields);
        fields.finish()?;
        let (Some(partner), Some(location)) = (partner, location) else {
            return Err(Error::internal("a stored application no longer reads"));
        };
        let p = insert_partner(tx, a.municipality, &partner, &location, false, act)?;
        let by = actor.id().unwrap_or(&actor.name).to_string();
        if !partner_application::decide(
            tx,
            id,
            ApplicationStatus::Accepted,
            None,
            &by,
            Some(&p.id),
            act.at(),
        )
        .context("deciding the application")?
        {
            return Err(undecided());
        }
        partners::record(
            tx,
            act,
            AuditAction::ApplicationAccept,
            &p,
            None,
            Some(serde_json::json!({"application": id.0})),
        )?;
        Ok(p)
    })
}

/// Rejects an application, with a reason.
pub fn reject(k: &Kartu, actor: &Actor, id: &ApplicationId, reason: &str) -> Result<(), Error> {
    actor.require(Permission::ManagePartners)?;
    let reason = input::reason(reason)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let a = find(tx, actor, id)?;
        let by = actor.id().unwrap_or(&actor.name).to_string();
        if !partner_application::decide(
            tx,
            id,
            ApplicationStatus::Rejected,
            Some(&reason),
            &by,
            None,
            act.at(),
        )
        .context("deciding the application")?
        {
            return Err(undecided());
        }
        let mut entry = Entry::new(AuditAction::ApplicationReject, Some(a.municipality));
        entry.subject_id = Some(a.id.0.clone());
        entry.after = Some(serde_json::json!({"name": a.name, "reason": reason}));
        act.record(tx, entry)
    })
}
