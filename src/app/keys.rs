//! The acts on the key ring: rotating a municipality's signing key and withdrawing a leaked or
//! lost one. The ring is files (`store::keyring`); each act is recorded in the audit trail, whose
//! database is reached before anything changes, so no rotation goes unrecorded.

use kartu_card::{KeyEntry, KeyId, Municipality};

use crate::app::actor::{Act, Actor};
use crate::app::audit::Entry;
use crate::app::error::{Context, Error};
use crate::app::Db;
use crate::domain::access::Permission;
use crate::domain::audit_action::AuditAction;
use crate::store::keyring::{KeyPolicy, Keyring};

/// A new active key for `municipality`; the one it replaces stays published until the cards it
/// signed have ended.
pub fn rotate(
    db: &Db,
    actor: &Actor,
    ring: &mut Keyring,
    municipality: Municipality,
    policy: &KeyPolicy,
) -> Result<KeyEntry, Error> {
    actor.require(Permission::ManageAccounts)?;
    let act = Act::new(actor, db.now());
    let mut conn = db.conn()?;
    let retired = ring
        .signer(municipality, act.now)
        .map(|(e, _)| e.kid.to_hex());
    let entry = ring
        .rotate(municipality, act.now, policy)
        .context("rotating the key")?;
    let mut record = Entry::new(AuditAction::KeyRotate, Some(municipality));
    record.after = Some(
        serde_json::json!({"kid": entry.kid.to_hex(), "not_before": entry.not_before,
        "not_after": entry.not_after, "retired": retired}),
    );
    act.record(&mut conn, record)
        .context("the key changed but recording it failed")?;
    Ok(entry)
}

/// Withdraws a key: it is never published again and its private file is deleted.
pub fn withdraw(
    db: &Db,
    actor: &Actor,
    ring: &mut Keyring,
    kid: &KeyId,
) -> Result<KeyEntry, Error> {
    actor.require(Permission::ManageAccounts)?;
    let act = Act::new(actor, db.now());
    let mut conn = db.conn()?;
    let entry = ring.withdraw(kid, act.now).context("withdrawing the key")?;
    let mut record = Entry::new(AuditAction::KeyWithdraw, Some(entry.municipality));
    record.after = Some(serde_json::json!({"kid": entry.kid.to_hex()}));
    act.record(&mut conn, record)
        .context("the key changed but recording it failed")?;
    Ok(entry)
}
