//! Offline verification: one entry point, [`verify`], that turns any text into a [`Verdict`].
//!
//! The order of the checks is part of the format (docs/card-format.md, "Verification"):
//! prefix, decoding, key lookup, signature, key permission, revocation, dates, freshness,
//! suspension. It never panics and never touches the network, a clock or a file: `now` is
//! the caller's.

use serde::{Deserialize, Serialize};

use crate::card::{decode, Claims, DecodeError};
use crate::keys::KeyId;
use crate::keyset::KeySet;
use crate::municipality::Municipality;
use crate::status_list::{CardStatus, StatusLists};

/// How tolerant a verifier is of clocks and old lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Seconds a card may be early or late and still pass its dates (default 300).
    pub clock_skew: i64,
    /// Seconds a key set or status list may be past its `next_update` before nothing it says can
    /// give a valid verdict (default three days).
    pub max_age: i64,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            clock_skew: 300,
            max_age: 3 * 24 * 3600,
        }
    }
}

/// Every answer a verifier can give. Exactly one per verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Valid,
    /// Any other QR code or text.
    NotACard,
    /// A kartu card of a format version this verifier does not know.
    UnsupportedVersion,
    /// A kartu version 1 text that does not decode.
    Malformed,
    /// Signed by a key the key set does not hold.
    UnknownKey,
    /// Signed by a key of another municipality, or outside the key's window.
    KeyNotAllowed,
    /// Forged or altered.
    BadSignature,
    NotYetValid,
    Expired,
    Revoked,
    Suspended,
    /// Cannot confirm: the key set is older than `next_update` plus the maximum age.
    KeySetStale,
    /// Cannot confirm: the status list is older than `next_update` plus the maximum age.
    StatusListStale,
    /// Cannot confirm: the status lists have no entry for this card.
    StatusUnknown,
}

/// The three colours a till shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Valid,
    Invalid,
    CannotConfirm,
}

impl Reason {
    pub const ALL: [Reason; 14] = [
        Reason::Valid,
        Reason::NotACard,
        Reason::UnsupportedVersion,
        Reason::Malformed,
        Reason::UnknownKey,
        Reason::KeyNotAllowed,
        Reason::BadSignature,
        Reason::NotYetValid,
        Reason::Expired,
        Reason::Revoked,
        Reason::Suspended,
        Reason::KeySetStale,
        Reason::StatusListStale,
        Reason::StatusUnknown,
    ];

    pub fn outcome(self) -> Outcome {
        match self {
            Reason::Valid => Outcome::Valid,
            Reason::KeySetStale | Reason::StatusListStale | Reason::StatusUnknown => {
                Outcome::CannotConfirm
            }
            _ => Outcome::Invalid,
        }
    }

    /// The snake_case code used in JSON, vectors and translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Valid => "valid",
            Reason::NotACard => "not_a_card",
            Reason::UnsupportedVersion => "unsupported_version",
            Reason::Malformed => "malformed",
            Reason::UnknownKey => "unknown_key",
            Reason::KeyNotAllowed => "key_not_allowed",
            Reason::BadSignature => "bad_signature",
            Reason::NotYetValid => "not_yet_valid",
            Reason::Expired => "expired",
            Reason::Revoked => "revoked",
            Reason::Suspended => "suspended",
            Reason::KeySetStale => "key_set_stale",
            Reason::StatusListStale => "status_list_stale",
            Reason::StatusUnknown => "status_unknown",
        }
    }

    pub fn from_code(code: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// How old a signed list is at verification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListAge {
    pub issued_at: i64,
    pub next_update: i64,
    /// Seconds since `issued_at`; negative when the device clock is behind the issuer's.
    pub age_seconds: i64,
    /// Past `next_update` plus the maximum age: nothing it says can make a card valid.
    pub stale: bool,
}

impl ListAge {
    fn new(issued_at: i64, next_update: i64, now: i64, policy: &Policy) -> ListAge {
        ListAge {
            issued_at,
            next_update,
            age_seconds: now.saturating_sub(issued_at),
            stale: now > next_update.saturating_add(policy.max_age),
        }
    }
}

/// Why the device clock looks wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockWarning {
    /// The device's clock is earlier than the time the key set or status list was issued.
    BehindIssuer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub reason: Reason,
    /// The card's claims whenever the text decodes, even when the signature fails: a till shows
    /// them as untrusted.
    pub card: Option<Claims>,
    pub kid: Option<KeyId>,
    pub key_set: ListAge,
    /// The age of the status list of the card's municipality; `None` when none was consulted.
    pub status_list: Option<ListAge>,
    pub clock_warning: Option<ClockWarning>,
}

impl Verdict {
    pub fn is_valid(&self) -> bool {
        self.reason == Reason::Valid
    }
    pub fn outcome(&self) -> Outcome {
        self.reason.outcome()
    }
}

/// Verifies a card text with the default [`Policy`].
pub fn verify(text: &str, keys: &KeySet, status: Option<&StatusLists>, now: i64) -> Verdict {
    verify_with(text, keys, status, now, &Policy::default())
}

/// Verifies a card text. `keys` must come from [`KeySet::open`] (anchor checked) and `status`
/// from [`StatusLists::open`]; `now` is Unix seconds from the device clock.
pub fn verify_with(
    text: &str,
    keys: &KeySet,
    status: Option<&StatusLists>,
    now: i64,
    policy: &Policy,
) -> Verdict {
    let key_set = ListAge::new(keys.issued_at(), keys.next_update(), now, policy);
    let mut verdict = Verdict {
        reason: Reason::Valid,
        card: None,
        kid: None,
        key_set,
        status_list: None,
        clock_warning: None,
    };
    if now.saturating_add(policy.clock_skew) < keys.issued_at() {
        verdict.clock_warning = Some(ClockWarning::BehindIssuer);
    }
    verdict.reason = check(text, keys, status, now, policy, &mut verdict);
    verdict
}

fn check(
    text: &str,
    keys: &KeySet,
    status: Option<&StatusLists>,
    now: i64,
    policy: &Policy,
    v: &mut Verdict,
) -> Reason {
    let card = match decode(text) {
        Ok(card) => card,
        Err(DecodeError::NotACard) => return Reason::NotACard,
        Err(DecodeError::UnsupportedVersion) => return Reason::UnsupportedVersion,
        Err(DecodeError::Malformed) => return Reason::Malformed,
    };
    v.card = Some(card.claims.clone());
    v.kid = Some(card.kid);
    let claims = &card.claims;
    let municipality: Municipality = claims.municipality();

    let Some(entry) = keys.get(&card.kid) else {
        return Reason::UnknownKey;
    };
    if !entry
        .public_key
        .verify_strict(&card.signing_input(), card.signature())
    {
        return Reason::BadSignature;
    }
    if entry.municipality != municipality || !entry.may_sign_at(claims.valid_from) {
        return Reason::KeyNotAllowed;
    }

    let list = status.and_then(|lists| lists.get(municipality));
    if let Some(info) = list.and_then(|l| l.signed_info()) {
        let age = ListAge::new(info.issued_at, info.next_update, now, policy);
        v.status_list = Some(age);
        if now.saturating_add(policy.clock_skew) < info.issued_at {
            v.clock_warning = Some(ClockWarning::BehindIssuer);
        }
    }
    let state = list.and_then(|l| l.get(claims.status_index));
    // A revocation is final, so even a stale list proves it.
    if state == Some(CardStatus::Revoked) {
        return Reason::Revoked;
    }
    if now.saturating_add(policy.clock_skew) < claims.valid_from {
        return Reason::NotYetValid;
    }
    if now.saturating_sub(policy.clock_skew) > claims.valid_until {
        return Reason::Expired;
    }
    if v.key_set.stale {
        return Reason::KeySetStale;
    }
    if status.is_some() {
        if v.status_list.is_some_and(|age| age.stale) {
            return Reason::StatusListStale;
        }
        match state {
            None => return Reason::StatusUnknown,
            Some(CardStatus::Suspended) => return Reason::Suspended,
            Some(_) => {}
        }
    }
    Reason::Valid
}
