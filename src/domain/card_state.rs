//! A card's state and the acts that change it: the one table of which act may follow which
//! state. The API, the console and the application layer all ask it.
//!
//! ```text
//!   issue ──▶ active ──suspend──▶ suspended
//!               ▲ │  ◀─reinstate──   │
//!         renew └─┤                  │
//!                 └──revoke / reissue┴──revoke──▶ revoked (for good)
//! ```
//! Reissuing revokes the lost card and issues a new one; a suspended card is not reissued, or a
//! clerk could undo a supervisor's suspension by reporting the card lost.

use std::fmt;

use kartu_card::CardStatus;

/// The state of a card as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CardState {
    Active,
    Suspended,
    /// For good: a revoked card never becomes valid again.
    Revoked,
}

impl CardState {
    pub const ALL: [CardState; 3] = [CardState::Active, CardState::Suspended, CardState::Revoked];

    pub fn code(self) -> &'static str {
        match self {
            CardState::Active => "active",
            CardState::Suspended => "suspended",
            CardState::Revoked => "revoked",
        }
    }

    pub fn parse(text: &str) -> Option<CardState> {
        CardState::ALL.into_iter().find(|s| s.code() == text)
    }

    /// The entry a status list holds for a card in this state.
    pub fn list_status(self) -> CardStatus {
        match self {
            CardState::Active => CardStatus::Valid,
            CardState::Suspended => CardStatus::Suspended,
            CardState::Revoked => CardStatus::Revoked,
        }
    }

    /// Whether a card in this state still belongs to its holder: one person holds at most one
    /// active or suspended card.
    pub fn is_current(self) -> bool {
        self != CardState::Revoked
    }

    /// The state `act` leaves this card in (for a reissue: the lost card's), or why it may not.
    pub fn after(self, act: CardAct) -> Result<CardState, TransitionError> {
        use CardAct::*;
        use CardState::*;
        match (act, self) {
            (Renew, Active) => Ok(Active),
            (Reissue, Active) | (Revoke, Active | Suspended) => Ok(Revoked),
            (Suspend, Active) => Ok(Suspended),
            (Reinstate, Suspended) => Ok(Active),
            _ => Err(TransitionError { from: self, act }),
        }
    }

    pub fn allows(self, act: CardAct) -> bool {
        self.after(act).is_ok()
    }

    /// The status a person reads: an active card past its last day reads as expired.
    pub fn shown(self, expired: bool) -> ShownStatus {
        match self {
            CardState::Active if expired => ShownStatus::Expired,
            CardState::Active => ShownStatus::Active,
            CardState::Suspended => ShownStatus::Suspended,
            CardState::Revoked => ShownStatus::Revoked,
        }
    }
}

impl fmt::Display for CardState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a card's status reads as to a clerk, a family or a merchant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShownStatus {
    Active,
    Suspended,
    Revoked,
    Expired,
}

impl ShownStatus {
    pub fn code(self) -> &'static str {
        match self {
            ShownStatus::Active => "active",
            ShownStatus::Suspended => "suspended",
            ShownStatus::Revoked => "revoked",
            ShownStatus::Expired => "expired",
        }
    }
}

/// An act on an existing card, in the order the console offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardAct {
    /// A new validity and signature; the number stays.
    Renew,
    /// The card was lost: it is revoked and a new one issued with the next sequence.
    Reissue,
    Suspend,
    Reinstate,
    Revoke,
}

impl CardAct {
    pub const ALL: [CardAct; 5] = [
        CardAct::Renew,
        CardAct::Reissue,
        CardAct::Suspend,
        CardAct::Reinstate,
        CardAct::Revoke,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CardAct::Renew => "renew",
            CardAct::Reissue => "reissue",
            CardAct::Suspend => "suspend",
            CardAct::Reinstate => "reinstate",
            CardAct::Revoke => "revoke",
        }
    }

    pub fn parse(text: &str) -> Option<CardAct> {
        CardAct::ALL.into_iter().find(|a| a.code() == text)
    }

    /// Whether the clerk must say why (every act but a renewal).
    pub fn needs_reason(self) -> bool {
        self != CardAct::Renew
    }

    /// The permission the act needs.
    pub fn permission(self) -> crate::domain::access::Permission {
        use crate::domain::access::Permission;
        match self {
            CardAct::Renew | CardAct::Reissue => Permission::HandleFamilies,
            CardAct::Suspend | CardAct::Reinstate | CardAct::Revoke => Permission::ChangeCardState,
        }
    }
}

/// An act that the card's state does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{} {from} card cannot be {}", article(*.from), past_tense(*.act))]
pub struct TransitionError {
    pub from: CardState,
    pub act: CardAct,
}

fn article(state: CardState) -> &'static str {
    match state {
        CardState::Active => "an",
        CardState::Suspended | CardState::Revoked => "a",
    }
}

fn past_tense(act: CardAct) -> &'static str {
    match act {
        CardAct::Renew => "renewed",
        CardAct::Reissue => "reissued",
        CardAct::Suspend => "suspended",
        CardAct::Reinstate => "reinstated",
        CardAct::Revoke => "revoked",
    }
}

/// What a card's history records: its issue, then each act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardEventKind {
    Issue,
    Renew,
    /// On the new card of a reissue (the lost one gets a `Revoke`).
    Reissue,
    Revoke,
    Suspend,
    Reinstate,
    /// A new signature and status list entry, the dates kept (`kartu cards resign`).
    Resign,
}

impl CardEventKind {
    pub const ALL: [CardEventKind; 7] = [
        CardEventKind::Issue,
        CardEventKind::Renew,
        CardEventKind::Reissue,
        CardEventKind::Revoke,
        CardEventKind::Suspend,
        CardEventKind::Reinstate,
        CardEventKind::Resign,
    ];

    pub fn code(self) -> &'static str {
        match self {
            CardEventKind::Issue => "issue",
            CardEventKind::Renew => "renew",
            CardEventKind::Reissue => "reissue",
            CardEventKind::Revoke => "revoke",
            CardEventKind::Suspend => "suspend",
            CardEventKind::Reinstate => "reinstate",
            CardEventKind::Resign => "resign",
        }
    }

    pub fn parse(text: &str) -> Option<CardEventKind> {
        CardEventKind::ALL.into_iter().find(|k| k.code() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::CardAct::*;
    use super::CardState::*;
    use super::*;

    #[test]
    fn the_transition_table_is_the_one_the_module_draws() {
        // (state, act) → state after, for every pair.
        let table = [
            (Active, Renew, Some(Active)),
            (Active, Reissue, Some(Revoked)),
            (Active, Suspend, Some(Suspended)),
            (Active, Reinstate, None),
            (Active, Revoke, Some(Revoked)),
            (Suspended, Renew, None),
            (Suspended, Reissue, None),
            (Suspended, Suspend, None),
            (Suspended, Reinstate, Some(Active)),
            (Suspended, Revoke, Some(Revoked)),
        ];
        for (state, act, after) in table {
            assert_eq!(state.after(act).ok(), after, "{state} {act:?}");
        }
        for act in CardAct::ALL {
            assert!(
                !Revoked.allows(act),
                "a revoked card stays revoked ({act:?})"
            );
        }
    }

    #[test]
    fn a_refused_act_says_what_the_card_is_and_what_was_asked() {
        assert_eq!(
            Revoked.after(Renew).unwrap_err().to_string(),
            "a revoked card cannot be renewed"
        );
        assert_eq!(
            Active.after(Reinstate).unwrap_err().to_string(),
            "an active card cannot be reinstated"
        );
    }

    #[test]
    fn an_active_card_past_its_last_day_reads_as_expired_and_nothing_else_does() {
        assert_eq!(Active.shown(true), ShownStatus::Expired);
        assert_eq!(Active.shown(false), ShownStatus::Active);
        assert_eq!(Suspended.shown(true), ShownStatus::Suspended);
        assert_eq!(Revoked.shown(true), ShownStatus::Revoked);
    }

    #[test]
    fn codes_read_back_and_unknown_codes_are_refused() {
        for s in CardState::ALL {
            assert_eq!(CardState::parse(s.code()), Some(s));
        }
        for a in CardAct::ALL {
            assert_eq!(CardAct::parse(a.code()), Some(a));
        }
        for k in CardEventKind::ALL {
            assert_eq!(CardEventKind::parse(k.code()), Some(k));
        }
        assert_eq!(CardState::parse("expired"), None);
        assert_eq!(CardAct::parse("issue"), None);
    }
}
