//! Making and signing a card: its number, a random free status index, the claims, the
//! signature by the municipality's active key. No card row exists without its signed text.
//! Used by issuing, reissuing and renewing (`app::cards`) and bulk re-signing (`app::resign`),
//! inside their transactions.
//!
//! Signing a card again always moves it to a new status list entry and retires the old one
//! ([`resign_in`]): the old text was signed on the old entry, so revoking that entry is what
//! makes the old text stop working. Re-signing on the same entry would leave two valid texts.

use kartu_card::{CardNumber, CardStatus, Claims, Municipality, PersonName, Role};
use rand::Rng;
use time::Date;

use crate::app::actor::Act;
use crate::app::error::{Context, Error};
use crate::app::trust::{StatusChange, Trust};
use crate::domain::calendar;
use crate::domain::card_state::CardState;
use crate::store::card::{self, Card, CardId, Paper, Resign};
use crate::store::family::Family;
use crate::store::member::Member;
use crate::store::retired_index::{self, RetiredIndex};
use crate::store::{from_unix, new_id, DbConnection};

/// Proof that this transaction holds a municipality's status list lock: drawing a free index
/// needs it, or two transactions could draw the same one on PostgreSQL. The lock holds until the
/// transaction ends (SQLite's write transactions are serial already).
#[derive(Debug)]
pub struct ListLock {
    municipality: Municipality,
}

/// Takes the status list lock of `municipality` for the rest of the transaction.
pub fn lock_list(conn: &mut DbConnection, municipality: Municipality) -> Result<ListLock, Error> {
    crate::store::lock_counter(conn, &format!("kartu-status-index-{}", municipality.code()))
        .context("locking the status list")?;
    Ok(ListLock { municipality })
}

/// A random free status index, drawn from the list's current size, or twice that once half of
/// it is in use, so the index says nothing about issue order.
fn free_status_index(
    conn: &mut DbConnection,
    lock: &ListLock,
    trust: &Trust,
) -> Result<u32, Error> {
    let municipality = lock.municipality;
    let size = trust.list_size(municipality);
    let mut rng = rand::thread_rng();
    for attempt in 0..64 {
        let bound = if attempt < 32 {
            size
        } else {
            size.saturating_mul(2).min(kartu_card::MAX_ENTRIES)
        };
        let index = rng.gen_range(0..bound);
        if !card::index_taken(conn, municipality, i64::from(index))
            .context("looking for a free status index")?
        {
            return Ok(index);
        }
    }
    Err(Error::conflict(
        "status_list_full",
        format!("no free status index for {municipality}"),
    ))
}

/// The QR text of `claims`, signed by the municipality's active key, and that key's id.
pub fn sign(trust: &Trust, claims: &Claims, now: i64) -> Result<(String, String), Error> {
    let municipality = claims.municipality();
    let keyring = trust.keyring();
    let (entry, key) = keyring.signer(municipality, now).ok_or_else(|| {
        Error::conflict(
            "no_signing_key",
            format!(
                "{municipality} has no active signing key; an administrator must run `kartu keys generate`"
            ),
        )
    })?;
    let text = kartu_card::sign(claims, entry, key).context("signing the card")?;
    Ok((text, entry.kid.to_hex()))
}

/// The end of a card valid until `until`: the end of that day in the card's municipality, and
/// never before `now`.
pub fn card_end(municipality: Municipality, until: Date, now: i64) -> i64 {
    calendar::end_of_day(municipality, until).max(now)
}

/// The claims of a card numbered `number` held by `name` as `role`, valid from the act until
/// `valid_until` (Unix seconds), on status list entry `index`.
pub fn claims(
    number: CardNumber,
    name: &str,
    role: Role,
    valid_until: i64,
    index: u32,
    act: Act<'_>,
) -> Result<Claims, Error> {
    Ok(Claims {
        number,
        holder: PersonName::parse(name).context("the stored name of the holder")?,
        role,
        valid_from: act.now,
        valid_until: valid_until.max(act.now),
        status_index: index,
    })
}

/// A card signed again: what was stored, and the status list changes to apply after commit
/// (the old entry revoked, the new one in the card's state).
#[derive(Debug)]
pub struct Resigned {
    pub kid: String,
    pub status_index: u32,
    pub changes: [StatusChange; 2],
}

/// Signs card `c` (as read, with its paper state `paper`) again in the caller's transaction:
/// for `name` as `role`, valid from now until `valid_until`, by the municipality's active key,
/// on a new free status list entry. The old entry is retired (revoked for good) in the same
/// transaction, so the old text stops working. The number and the state stay. A printed copy
/// is now stale: the card is marked for reprinting.
///
/// `Ok(None)` when the card changed since it was read (nothing was written).
#[expect(
    clippy::too_many_arguments,
    reason = "one step with everything it needs, no more"
)]
pub fn resign_in(
    conn: &mut DbConnection,
    lock: &ListLock,
    trust: &Trust,
    c: &Card,
    paper: Paper,
    (name, role): (&str, Role),
    valid_until: i64,
    act: Act<'_>,
) -> Result<Option<Resigned>, Error> {
    if lock.municipality != c.municipality {
        return Err(Error::internal(format!(
            "re-signing a card of {} under the lock of {}",
            c.municipality, lock.municipality
        )));
    }
    let old = u32::try_from(c.status_index).context("the stored status index")?;
    let index = free_status_index(conn, lock, trust)?;
    let claims = claims(c.number, name, role, valid_until, index, act)?;
    let (qr_text, kid) = sign(trust, &claims, act.now)?;
    let changes = Resign {
        valid_from: from_unix(claims.valid_from),
        valid_until: from_unix(claims.valid_until),
        kid: kid.clone(),
        status_index: i64::from(index),
        qr_text,
        printed_at: None,
        reprint_since: paper.after_resign(act.at()).reprint_since,
        updated_at: act.at(),
    };
    if !card::resign(conn, &c.id, c.status, c.status_index, paper, &changes)
        .context("storing the new signature")?
    {
        return Ok(None);
    }
    retired_index::insert(
        conn,
        RetiredIndex {
            municipality: c.municipality,
            status_index: c.status_index,
            card_id: c.id.clone(),
            retired_at: act.at(),
        },
    )
    .context("retiring the old status list entry")?;
    let entry = |index, status| StatusChange {
        municipality: c.municipality,
        index,
        status,
    };
    Ok(Some(Resigned {
        kid,
        status_index: index,
        changes: [
            entry(old, CardStatus::Revoked),
            entry(index, c.status.list_status()),
        ],
    }))
}

/// Creates, signs and stores one active card for `member`, reissue sequence `sequence`.
pub fn create_card(
    conn: &mut DbConnection,
    trust: &Trust,
    family: &Family,
    member: &Member,
    sequence: u8,
    card_until: Date,
    act: Act<'_>,
) -> Result<CardId, Error> {
    let number = CardNumber::new(
        family.municipality,
        u32::try_from(family.family_number).context("the stored family number")?,
        u8::try_from(member.member_number).context("the stored member number")?,
        sequence,
    )
    .map_err(|e| Error::conflict("card_number", e.to_string()))?;
    let lock = lock_list(conn, family.municipality)?;
    let index = free_status_index(conn, &lock, trust)?;
    let claims = claims(
        number,
        &member.name,
        member.role,
        card_end(family.municipality, card_until, act.now),
        index,
        act,
    )?;
    let (qr_text, kid) = sign(trust, &claims, act.now)?;
    let id = CardId(new_id());
    let row = Card {
        id: id.clone(),
        member_id: member.id.clone(),
        family_id: family.id.clone(),
        municipality: family.municipality,
        number,
        sequence: i32::from(sequence),
        status: CardState::Active,
        valid_from: crate::store::from_unix(claims.valid_from),
        valid_until: crate::store::from_unix(claims.valid_until),
        kid,
        status_index: i64::from(index),
        qr_text,
        holder_hash: Some(member.national_id_hash.clone()),
        created_at: act.at(),
        updated_at: act.at(),
    };
    match card::insert(conn, row) {
        Ok(()) => Ok(id),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            info,
        )) if info
            .constraint_name()
            .is_none_or(|c| c.contains("holder_hash"))
            && !info.message().contains("status_index") =>
        {
            Err(Error::conflict(
                "already_holds_card",
                format!(
                    "{} already holds an active card; renew or reissue it instead",
                    member.name
                ),
            ))
        }
        Err(e) => Err(Error::from(e).context("storing the card")),
    }
}
