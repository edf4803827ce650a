//! What every handler shares: the pool, the trust state, translations and configuration.

use std::sync::atomic::{AtomicU64, Ordering};

use kartu_card::{Policy, Reason};

use crate::auth::AuthSettings;
use crate::db::Pool;
use crate::eligibility::Rules;
use crate::i18n::Translations;
use crate::national_id::IdHashSecret;
use crate::throttle::{LoginThrottle, RateLimit};
use crate::trust::Trust;

#[derive(Debug)]
pub struct AppState {
    pub pool: Pool,
    pub trust: Trust,
    pub translations: Translations,
    pub id_secret: IdHashSecret,
    pub rules: Rules,
    pub verify_policy: Policy,
    pub body_limit: usize,
    /// How many verifications gave each reason. Counts only: who was checked is never recorded.
    pub verify_counts: VerifyCounts,
    pub auth: AuthSettings,
    /// Failed logins per account name.
    pub login_throttle: LoginThrottle,
    /// Failed logins per client address; four times as many, for a shared office.
    pub address_throttle: LoginThrottle,
    /// Requests per client address on the public verify endpoint.
    pub verify_limit: RateLimit,
}

#[derive(Debug, Default)]
pub struct VerifyCounts([AtomicU64; Reason::ALL.len()]);

impl VerifyCounts {
    pub fn record(&self, reason: Reason) {
        if let Some(i) = Reason::ALL.iter().position(|r| *r == reason) {
            self.0[i].fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn snapshot(&self) -> Vec<(Reason, u64)> {
        Reason::ALL
            .iter()
            .zip(&self.0)
            .map(|(r, c)| (*r, c.load(Ordering::Relaxed)))
            .collect()
    }
}
