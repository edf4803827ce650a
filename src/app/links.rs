//! Family page links: a clerk makes one (its token is shown once), replaces it or revokes it;
//! the family opens its page with the token. Only the token's SHA-256 is stored, and a family
//! has at most one link in use.

use crate::app::actor::{Act, Actor};
use crate::app::audit::Entry;
use crate::app::error::{Context, Error};
use crate::app::Kartu;
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::domain::secret;
use crate::store::card::{self, Card};
use crate::store::family::{self, Family, FamilyId};
use crate::store::family_link::{self, FamilyLink};
use crate::store::member::{self, Member};
use crate::store::{new_id, DbConnection};

fn find(conn: &mut DbConnection, actor: &Actor, id: &FamilyId) -> Result<Family, Error> {
    family::find(conn, id, actor.scope())
        .context("loading the family")?
        .ok_or(Error::NotFound("family"))
}

/// An erased family gets no new page: there is nothing of it left to show.
pub fn erased() -> Error {
    Error::conflict(
        "family_erased",
        "the family's data was erased under the retention rule",
    )
}

fn record(
    tx: &mut DbConnection,
    act: Act<'_>,
    f: &Family,
    action: AuditAction,
) -> Result<(), Error> {
    let mut entry = Entry::new(action, Some(f.municipality));
    entry.family_id = Some(f.id.0.clone());
    act.record(tx, entry)
}

/// Makes a new page link for a family in the actor's scope, ending the one in use; returns the
/// token, which exists nowhere else from now on.
pub fn create(k: &Kartu, actor: &Actor, id: &FamilyId) -> Result<String, Error> {
    actor.require(Permission::HandleFamilies)?;
    let token = secret::random_secret();
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let f = find(tx, actor, id)?;
        if f.erased_at.is_some() {
            return Err(erased());
        }
        let replaced =
            family_link::revoke_current(tx, &f.id, act.at()).context("ending the old link")?;
        family_link::insert(
            tx,
            FamilyLink {
                id: new_id(),
                family_id: f.id.clone(),
                token_hash: secret::secret_hash(&token),
                created_by: actor.id().unwrap_or(&actor.name).to_string(),
                created_at: act.at(),
                revoked_at: None,
            },
        )
        .context("storing the link")?;
        let action = if replaced {
            AuditAction::FamilyLinkReplace
        } else {
            AuditAction::FamilyLinkCreate
        };
        record(tx, act, &f, action)
    })?;
    Ok(token)
}

/// Ends the page link of a family in the actor's scope; nothing happens (and nothing is
/// recorded) when it has none.
pub fn revoke(k: &Kartu, actor: &Actor, id: &FamilyId) -> Result<(), Error> {
    actor.require(Permission::HandleFamilies)?;
    let act = Act::new(actor, k.now());
    k.db.write(|tx| {
        let f = find(tx, actor, id)?;
        if !family_link::revoke_current(tx, &f.id, act.at()).context("ending the link")? {
            return Ok(());
        }
        record(tx, act, &f, AuditAction::FamilyLinkRevoke)
    })
}

/// What the family page shows: each current member with their newest card.
pub fn family_page(k: &Kartu, token: &str) -> Result<Vec<(Member, Card)>, Error> {
    if !secret::plausible(token) {
        return Err(Error::NotFound("family page"));
    }
    let hash = secret::secret_hash(token);
    k.db.read(|conn| {
        let family = family_link::family_of(conn, &hash)
            .context("looking up the link")?
            .ok_or(Error::NotFound("family page"))?;
        let members = member::of_family(conn, &family.id).context("loading the members")?;
        let mut cards = card::of_family(conn, &family.id).context("loading the cards")?;
        let mut shown = Vec::new();
        for m in members {
            // The member's newest card; older ones were replaced.
            let newest = cards
                .iter()
                .enumerate()
                .filter(|(_, c)| c.member_id == m.id)
                .max_by_key(|(_, c)| c.sequence)
                .map(|(i, _)| i);
            if let Some(i) = newest {
                shown.push((m, cards.swap_remove(i)));
            }
        }
        Ok(shown)
    })
}
