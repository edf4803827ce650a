//! Making and signing a card: its number, a random free status index, the claims, the
//! signature by the municipality's active key. No card row exists without its signed text.
//! Used by issuing, reissuing and renewing (`app::cards`), inside their transactions.

use kartu_card::{CardNumber, Claims, PersonName};
use rand::Rng;
use time::Date;

use crate::app::actor::Act;
use crate::app::error::{Context, Error};
use crate::app::trust::Trust;
use crate::domain::calendar;
use crate::domain::card_state::CardState;
use crate::store::card::{self, Card, CardId};
use crate::store::family::Family;
use crate::store::member::Member;
use crate::store::{new_id, DbConnection};

/// A random free status index, drawn from the list's current size, or twice that once half of
/// it is in use, so the index says nothing about issue order.
fn free_status_index(
    conn: &mut DbConnection,
    family: &Family,
    trust: &Trust,
) -> Result<u32, Error> {
    let municipality = family.municipality;
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
    let (entry, key) = trust.keyring().signer(municipality, now).ok_or_else(|| {
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

/// The claims of `member`'s card numbered `number`, valid from the act until `until` (the end of
/// that day in the municipality), on status list entry `index`.
pub fn claims(
    number: CardNumber,
    member: &Member,
    until: Date,
    index: u32,
    act: Act<'_>,
) -> Result<Claims, Error> {
    Ok(Claims {
        number,
        holder: PersonName::parse(&member.name).context("the stored name of the holder")?,
        role: member.role,
        valid_from: act.now,
        valid_until: calendar::end_of_day(number.municipality(), until).max(act.now),
        status_index: index,
    })
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
    // Two transactions could otherwise draw the same free index on PostgreSQL; the lock holds
    // until this transaction ends (SQLite's write transactions are serial already).
    crate::store::lock_counter(
        conn,
        &format!("kartu-status-index-{}", family.municipality.code()),
    )
    .context("locking the status list")?;
    let index = free_status_index(conn, family, trust)?;
    let claims = claims(number, member, card_until, index, act)?;
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
