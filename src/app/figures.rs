//! What the operators' metrics show of the service: how verifications ended, the database
//! pool, the age of the published documents, and how many cards are in each state. Counts and
//! ages only; nothing about any person or card.

use kartu_card::{Municipality, Reason};

use crate::app::error::{Context, Error};
use crate::app::{publish, Kartu};
use crate::domain::card_state::CardState;
use crate::store::card;

/// The service's figures of the moment, read without the database.
#[derive(Debug, Clone)]
pub struct Figures {
    /// Verifications since start-up, by reason.
    pub verifications: Vec<(Reason, u64)>,
    /// Connections the pool may open, has open, and has idle.
    pub pool_max: u32,
    pub pool_open: u32,
    pub pool_idle: u32,
    /// Seconds since the key set and the status lists now served were signed (`None`: they
    /// cannot be published).
    pub key_set_age: Option<i64>,
    pub status_lists_age: Option<i64>,
}

pub fn service(k: &Kartu) -> Figures {
    let now = k.now();
    let pool = k.db.pool().state();
    Figures {
        verifications: k.verify_counts.snapshot(),
        pool_max: k.db.pool().max_size(),
        pool_open: pool.connections,
        pool_idle: pool.idle_connections,
        key_set_age: publish::key_set(k).ok().map(|p| now - p.1.issued_at),
        status_lists_age: publish::status_lists(k).ok().map(|p| now - p.issued_at),
    }
}

/// How many cards each municipality has in each state, as stored (an active card past its end
/// date still counts as active). One count over every card: call it seldom.
pub fn cards_by_state(k: &Kartu) -> Result<Vec<(Municipality, CardState, i64)>, Error> {
    let rows =
        k.db.read(|conn| card::count_by_state(conn).context("counting the cards"))?;
    Ok(rows
        .into_iter()
        .filter_map(|(m, s, n)| Some((Municipality::parse(&m).ok()?, CardState::parse(&s)?, n)))
        .collect())
}
