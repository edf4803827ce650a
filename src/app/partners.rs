//! The acts on partners: register one (with its first location), change it, add, change and
//! remove its locations, publish, withdraw and delete it, and make accounts for it. Clerks
//! manage the partners of their own municipality (the head office's); every clerk may read
//! every partner; only supervisors publish, withdraw and delete.

use kartu_card::Municipality;
use serde_json::{json, Value};

use crate::app::accounts::valid_username;
use crate::app::actor::{Act, Actor};
use crate::app::audit::Entry;
use crate::app::error::{Context, Error};
use crate::app::input::Fields;
use crate::app::partner_input::{LocationFields, LocationInput, PartnerInput};
use crate::app::Kartu;
use crate::domain::access::{AccountRole, Permission};
use crate::domain::audit_action::AuditAction;
use crate::domain::partner::{OfferStatus, PartnerAct, PartnerStatus};
use crate::domain::password;
use crate::store::account::{self, Account, AccountId};
use crate::store::offer::{self, Offer};
use crate::store::partner::{self, Partner, PartnerChanges, PartnerFilter, PartnerId};
use crate::store::partner_location::{self, Location, LocationChanges, LocationId};
use crate::store::partner_till::{self, Till};
use crate::store::{new_id, DbConnection};

/// A partner with everything a clerk reads about it.
#[derive(Debug)]
pub struct PartnerFile {
    pub partner: Partner,
    pub locations: Vec<Location>,
    /// Every offer but rejected proposals, oldest first.
    pub offers: Vec<Offer>,
    /// Till links in use.
    pub tills: Vec<Till>,
    /// The partner's own accounts.
    pub accounts: Vec<Account>,
}

/// A page of partners, for the console.
#[derive(Debug)]
pub struct PartnerPage {
    pub items: Vec<Partner>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
}

/// The names a municipality goes by in LT, PL and EN (and its old German one, which maps
/// still show), as a search finds them.
fn place_names(m: Municipality) -> &'static str {
    match m {
        Municipality::Aly => "alytus alytaus olita",
        Municipality::Var => "varena varenos orany",
        Municipality::Elk => "elk elkas lyck",
    }
}

/// What a catalogue search matches for a partner: its name, addresses and places, in
/// lower-case ASCII.
pub fn search_text(name: &str, locations: &[Location]) -> String {
    let mut text = kartu_card::transliterate(name).to_lowercase();
    for l in locations {
        text.push(' ');
        text.push_str(&kartu_card::transliterate(&l.address).to_lowercase());
        text.push(' ');
        text.push_str(place_names(l.municipality));
    }
    text
}

/// Brings what the catalogue's filters read up to date after a change of the partner's name,
/// locations or offers (`store::partner::refresh_derived`).
pub fn refresh_derived(tx: &mut DbConnection, id: &PartnerId) -> Result<(), Error> {
    let p = partner::find_any(tx, id)
        .context("loading the partner")?
        .ok_or(Error::NotFound("partner"))?;
    let locations = partner_location::of_partners(tx, std::slice::from_ref(&p.id))
        .context("loading locations")?;
    partner::refresh_derived(tx, &p.id, &search_text(&p.name, &locations))
        .context("updating what the catalogue reads")
}

pub fn partner_json(p: &Partner) -> Value {
    json!({"name": p.name, "legal_id": p.legal_id, "category": p.category.code(),
           "website": p.website, "phone": p.phone, "email": p.email, "status": p.status.code(),
           "municipality": p.municipality.code()})
}

fn location_json(l: &Location) -> Value {
    json!({"address": l.address, "municipality": l.municipality.code(),
           "latitude": l.latitude, "longitude": l.longitude, "opening_hours": l.opening_hours,
           "removed": l.removed_at.is_some()})
}

/// Records an act on a partner.
pub fn record(
    tx: &mut DbConnection,
    act: Act<'_>,
    action: AuditAction,
    p: &Partner,
    before: Option<Value>,
    after: Option<Value>,
) -> Result<(), Error> {
    let mut entry = Entry::new(action, Some(p.municipality));
    entry.subject_id = Some(p.id.0.clone());
    entry.before = before;
    entry.after = after;
    act.record(tx, entry)
}

/// A partner that is not deleted, in any municipality.
pub fn find(conn: &mut DbConnection, id: &PartnerId) -> Result<Partner, Error> {
    partner::find(conn, id)
        .context("loading the partner")?
        .ok_or(Error::NotFound("partner"))
}

/// A partner the actor may change: one of their own municipality's.
pub fn editable(conn: &mut DbConnection, actor: &Actor, id: &PartnerId) -> Result<Partner, Error> {
    actor.require(Permission::ManagePartners)?;
    let p = find(conn, id)?;
    if !actor.scope().includes(p.municipality) {
        return Err(Error::Forbidden("change another municipality's partners"));
    }
    Ok(p)
}

fn file_of(conn: &mut DbConnection, partner: Partner) -> Result<PartnerFile, Error> {
    let ids = std::slice::from_ref(&partner.id);
    let locations = partner_location::of_partners(conn, ids).context("loading locations")?;
    let offers = offer::of_partners(
        conn,
        ids,
        &[
            OfferStatus::Proposed,
            OfferStatus::Published,
            OfferStatus::Withdrawn,
        ],
    )
    .context("loading offers")?;
    let tills = partner_till::of_partner(conn, &partner.id).context("loading till links")?;
    let accounts = account::of_partner(conn, &partner.id).context("loading accounts")?;
    Ok(PartnerFile {
        partner,
        locations,
        offers,
        tills,
        accounts,
    })
}

/// A partner, with its locations, offers, till links and accounts (any municipality's).
pub fn view(k: &Kartu, actor: &Actor, id: &PartnerId) -> Result<PartnerFile, Error> {
    actor.require(Permission::ManagePartners)?;
    k.db.read(|conn| {
        let p = find(conn, id)?;
        file_of(conn, p)
    })
}

/// The partners a clerk finds: by name, address or place, in any municipality, in any state
/// but deleted; 50 a page.
pub fn list(k: &Kartu, actor: &Actor, text: &str, page: i64) -> Result<PartnerPage, Error> {
    actor.require(Permission::ManagePartners)?;
    let page = page.clamp(1, 10_000);
    let per_page = 50;
    // Control characters match nothing (a NUL would fail the query on PostgreSQL).
    let text: String = kartu_card::transliterate(text.trim())
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .to_lowercase();
    let filter = PartnerFilter {
        text: Some(text).filter(|t| !t.is_empty()),
        statuses: vec![
            PartnerStatus::Draft,
            PartnerStatus::Published,
            PartnerStatus::Withdrawn,
        ],
        ..PartnerFilter::default()
    };
    let (items, total) = k.db.read(|conn| {
        partner::search(conn, &filter, (page - 1) * per_page, per_page).context("finding partners")
    })?;
    Ok(PartnerPage {
        items,
        page,
        per_page,
        total,
    })
}

fn new_location(p: &PartnerId, l: &LocationFields, act: Act<'_>) -> Location {
    Location {
        id: LocationId(new_id()),
        partner_id: p.clone(),
        address: l.address.clone(),
        municipality: l.municipality,
        latitude: l.coordinates.map(|c| c.0),
        longitude: l.coordinates.map(|c| c.1),
        opening_hours: l.opening_hours.clone(),
        removed_at: None,
        created_at: act.at(),
        updated_at: act.at(),
    }
}

/// Stores a new draft partner of `municipality` with its first location, audited; the caller
/// has checked the input and the actor. A business already registered is a field error.
pub fn insert_partner(
    tx: &mut DbConnection,
    municipality: Municipality,
    fields: &crate::app::partner_input::PartnerFields,
    location: &LocationFields,
    demo: bool,
    act: Act<'_>,
) -> Result<Partner, Error> {
    let id = PartnerId(new_id());
    let first = new_location(&id, location, act);
    let row = Partner {
        id: id.clone(),
        municipality,
        name: fields.name.clone(),
        legal_id: fields.legal_id.to_string(),
        category: fields.category,
        website: fields.website.clone(),
        phone: fields.phone.clone(),
        email: fields.email.clone(),
        status: PartnerStatus::Draft,
        search_text: search_text(&fields.name, std::slice::from_ref(&first)),
        located_aly: first.municipality == Municipality::Aly,
        located_var: first.municipality == Municipality::Var,
        located_elk: first.municipality == Municipality::Elk,
        accepts_aly: false,
        accepts_var: false,
        accepts_elk: false,
        demo,
        created_at: act.at(),
        updated_at: act.at(),
        published_at: None,
    };
    match partner::insert(tx, row.clone()) {
        Ok(()) => {}
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => {
            return Err(Error::field(
                "legal_id",
                "partner_exists",
                "this business is already a partner; find it instead",
            ))
        }
        Err(e) => return Err(Error::from(e).context("storing the partner")),
    }
    let after = location_json(&first);
    partner_location::insert(tx, first).context("storing the location")?;
    let mut snapshot = partner_json(&row);
    snapshot["location"] = after;
    record(
        tx,
        act,
        AuditAction::PartnerRegister,
        &row,
        None,
        Some(snapshot),
    )?;
    Ok(row)
}

/// Registers a partner of the actor's municipality, with its first location, as a draft.
pub fn register(
    k: &Kartu,
    actor: &Actor,
    input: &PartnerInput,
    location: &LocationInput,
) -> Result<PartnerFile, Error> {
    actor.require(Permission::ManagePartners)?;
    let Some(home) = actor.home else {
        return Err(Error::Forbidden(
            "register a partner without a municipality",
        ));
    };
    let mut fields = Fields::default();
    let partner = input.parse(home.country(), &mut fields);
    let location = location.parse("location.", &mut fields);
    fields.finish()?;
    let (Some(partner), Some(location)) = (partner, location) else {
        return Err(Error::internal(
            "a parsed field was missing without an error",
        ));
    };
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = insert_partner(tx, home, &partner, &location, false, act)?;
        file_of(tx, p)
    })
}

/// Changes a partner's name, identifier, category and contacts.
pub fn change(
    k: &Kartu,
    actor: &Actor,
    id: &PartnerId,
    input: &PartnerInput,
) -> Result<PartnerFile, Error> {
    actor.require(Permission::ManagePartners)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let before = editable(tx, actor, id)?;
        let mut fields = Fields::default();
        let parsed = input.parse(before.municipality.country(), &mut fields);
        fields.finish()?;
        let parsed = parsed.ok_or_else(|| Error::internal("a parsed field was missing"))?;
        let changes = PartnerChanges {
            name: parsed.name,
            legal_id: parsed.legal_id.to_string(),
            category: parsed.category.code().to_string(),
            website: parsed.website,
            phone: parsed.phone,
            email: parsed.email,
            updated_at: act.at(),
        };
        match partner::update(tx, id, &changes) {
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => {
                return Err(Error::field(
                    "legal_id",
                    "partner_exists",
                    "another partner has this identifier",
                ))
            }
            other => other.context("changing the partner")?,
        }
        let after = find(tx, id)?;
        refresh_derived(tx, &after.id)?;
        record(
            tx,
            act,
            AuditAction::PartnerChange,
            &after,
            Some(partner_json(&before)),
            Some(partner_json(&after)),
        )?;
        file_of(tx, after)
    })
}

/// Adds a location to a partner.
pub fn add_location(
    k: &Kartu,
    actor: &Actor,
    id: &PartnerId,
    input: &LocationInput,
) -> Result<PartnerFile, Error> {
    actor.require(Permission::ManagePartners)?;
    let mut fields = Fields::default();
    let location = input.parse("", &mut fields);
    fields.finish()?;
    let location = location.ok_or_else(|| Error::internal("a parsed field was missing"))?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = editable(tx, actor, id)?;
        let row = new_location(&p.id, &location, act);
        let after = location_json(&row);
        partner_location::insert(tx, row).context("storing the location")?;
        refresh_derived(tx, &p.id)?;
        record(tx, act, AuditAction::LocationAdd, &p, None, Some(after))?;
        file_of(tx, p)
    })
}

/// Changes one of a partner's locations.
pub fn change_location(
    k: &Kartu,
    actor: &Actor,
    id: &PartnerId,
    location: &LocationId,
    input: &LocationInput,
) -> Result<PartnerFile, Error> {
    actor.require(Permission::ManagePartners)?;
    let mut fields = Fields::default();
    let parsed = input.parse("", &mut fields);
    fields.finish()?;
    let parsed = parsed.ok_or_else(|| Error::internal("a parsed field was missing"))?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = editable(tx, actor, id)?;
        let before = partner_location::find(tx, &p.id, location)
            .context("loading the location")?
            .ok_or(Error::NotFound("location"))?;
        let changes = LocationChanges {
            address: parsed.address.clone(),
            municipality: parsed.municipality.code().to_string(),
            latitude: parsed.coordinates.map(|c| c.0),
            longitude: parsed.coordinates.map(|c| c.1),
            opening_hours: parsed.opening_hours.clone(),
            updated_at: act.at(),
        };
        partner_location::update(tx, location, &changes).context("changing the location")?;
        let after = partner_location::find(tx, &p.id, location)
            .context("reading the location back")?
            .ok_or(Error::NotFound("location"))?;
        refresh_derived(tx, &p.id)?;
        record(
            tx,
            act,
            AuditAction::LocationChange,
            &p,
            Some(location_json(&before)),
            Some(location_json(&after)),
        )?;
        file_of(tx, p)
    })
}

/// Removes one of a partner's locations; a partner keeps at least one.
pub fn remove_location(
    k: &Kartu,
    actor: &Actor,
    id: &PartnerId,
    location: &LocationId,
) -> Result<PartnerFile, Error> {
    actor.require(Permission::ManagePartners)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = editable(tx, actor, id)?;
        let before = partner_location::find(tx, &p.id, location)
            .context("loading the location")?
            .ok_or(Error::NotFound("location"))?;
        let all = partner_location::of_partners(tx, std::slice::from_ref(&p.id))
            .context("loading locations")?;
        if all.len() <= 1 {
            return Err(Error::conflict(
                "last_location",
                "a partner has at least one location; add another one first",
            ));
        }
        partner_location::remove(tx, location, act.at()).context("removing the location")?;
        refresh_derived(tx, &p.id)?;
        record(
            tx,
            act,
            AuditAction::LocationRemove,
            &p,
            Some(location_json(&before)),
            None,
        )?;
        file_of(tx, p)
    })
}

/// Publishes, withdraws or deletes a partner (supervisors of its municipality).
pub fn set_standing(
    k: &Kartu,
    actor: &Actor,
    id: &PartnerId,
    what: PartnerAct,
) -> Result<Partner, Error> {
    actor.require(Permission::PublishPartners)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let p = editable(tx, actor, id)?;
        let Some(to) = p.status.after(what) else {
            return Err(Error::conflict(
                "invalid_transition",
                format!(
                    "a {} partner cannot be {}",
                    p.status.code(),
                    match what {
                        PartnerAct::Publish => "published",
                        PartnerAct::Withdraw => "withdrawn",
                        PartnerAct::Delete => "deleted",
                    }
                ),
            ));
        };
        if !partner::set_status(tx, &p.id, p.status, to, act.at())
            .context("changing the standing")?
        {
            return Err(Error::conflict(
                "changed_meanwhile",
                "the partner was changed by someone else just now; reload it and try again",
            ));
        }
        if to == PartnerStatus::Deleted {
            // A deleted partner's accounts and till links stop working at once.
            account::disable_of_partner(tx, &p.id, act.at()).context("disabling its accounts")?;
            partner_till::revoke_all(tx, &p.id, act.at()).context("revoking its till links")?;
        }
        let action = match what {
            PartnerAct::Publish => AuditAction::PartnerPublish,
            PartnerAct::Withdraw => AuditAction::PartnerWithdraw,
            PartnerAct::Delete => AuditAction::PartnerDelete,
        };
        let after = Partner {
            status: to,
            ..p.clone()
        };
        record(
            tx,
            act,
            action,
            &after,
            Some(partner_json(&p)),
            Some(partner_json(&after)),
        )?;
        Ok(after)
    })
}

/// Makes a partner account for a partner the actor manages; returns it and, when the password
/// was generated, that password (shown once).
pub fn create_account(
    k: &Kartu,
    actor: &Actor,
    id: &PartnerId,
    username: &str,
    chosen: Option<&str>,
) -> Result<(Account, Option<String>), Error> {
    actor.require(Permission::ManagePartners)?;
    let username = username.trim().to_lowercase();
    if !valid_username(&username) {
        return Err(Error::field(
            "username",
            "invalid",
            "3–64 characters: a–z, 0–9, '.', '_', '-'",
        ));
    }
    let (password, generated) = match chosen {
        Some(p) => (p.to_string(), false),
        None => (password::generate(), true),
    };
    password::check_new(&password)
        .map_err(|p| Error::field("password", p.code(), p.to_string()))?;
    let hash = password::hash(&password)
        .map_err(|e| Error::internal(format!("hashing a password: {e}")))?;
    let act = Act::new(actor, k.now());
    let row = k.db.write(|tx| {
        let p = editable(tx, actor, id)?;
        let row = Account {
            id: AccountId(new_id()),
            username,
            municipality: p.municipality,
            role: AccountRole::Partner,
            password_hash: hash,
            disabled_at: None,
            created_at: act.at(),
            updated_at: act.at(),
            partner_id: Some(p.id.clone()),
        };
        match account::insert(tx, row.clone()) {
            Err(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            )) => return Err(Error::field("username", "taken", "this username is taken")),
            other => other.context("storing the account")?,
        }
        let mut entry = Entry::new(AuditAction::AccountCreate, Some(p.municipality));
        entry.subject_id = Some(row.id.0.clone());
        entry.after = Some(
            json!({"username": row.username, "municipality": row.municipality.code(),
            "role": row.role.code(), "partner": p.id.0, "disabled": false}),
        );
        act.record(tx, entry)?;
        Ok(row)
    })?;
    Ok((row, generated.then_some(password)))
}
