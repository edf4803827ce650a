//! Abuse limits kept in memory: a login lockout that fades, and a per-address rate limit for
//! the public verify endpoint. Both are keyed by strings or addresses and forget idle keys.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// Entries kept before idle ones are swept.
const SWEEP_AT: usize = 10_000;

/// Failed logins per key (an account name, a client address). Each failure adds one; the count
/// halves every `half_life`. When `limit` failures come in quick succession (the faded count is
/// within half a failure of the limit) the key is locked until the count has faded below that,
/// so a lockout grows with persistence and ends on its own.
#[derive(Debug)]
pub struct LoginThrottle {
    limit: f64,
    half_life: Duration,
    failures: Mutex<HashMap<String, (f64, Instant)>>,
}

impl LoginThrottle {
    pub fn new(limit: u32, half_life: Duration) -> LoginThrottle {
        LoginThrottle {
            limit: f64::from(limit.max(1)) - 0.5,
            half_life: half_life.max(Duration::from_secs(1)),
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn decayed(&self, score: f64, since: Instant, now: Instant) -> f64 {
        let halves =
            now.saturating_duration_since(since).as_secs_f64() / self.half_life.as_secs_f64();
        score * 0.5f64.powf(halves)
    }

    /// Seconds to wait before `key` may try again, or None when it may try now.
    pub fn locked_for(&self, key: &str, now: Instant) -> Option<u64> {
        let map = self.failures.lock().ok()?;
        let (score, since) = map.get(key)?;
        self.wait(self.decayed(*score, *since, now))
    }

    fn wait(&self, score: f64) -> Option<u64> {
        if score < self.limit {
            return None;
        }
        // score · 2^(-t/h) < limit  ⇔  t > h · log2(score / limit)
        let wait = self.half_life.as_secs_f64() * (score / self.limit).log2();
        Some(wait.ceil().max(1.0) as u64)
    }

    /// Counts an attempt for `key` as a failure before it is checked, in one step with the
    /// lockout test, so that parallel guesses are counted as they come and not after their
    /// (slow) checks: Err(seconds to wait) when `key` is locked, and then nothing is counted.
    /// A success takes the count back ([`succeed`](Self::succeed),
    /// [`refund`](Self::refund)).
    pub fn attempt(&self, key: &str, now: Instant) -> Result<(), u64> {
        let Ok(mut map) = self.failures.lock() else {
            return Ok(());
        };
        if map.len() >= SWEEP_AT {
            map.retain(|_, (score, since)| self.decayed(*score, *since, now) >= 0.5);
        }
        let entry = map.entry(key.to_string()).or_insert((0.0, now));
        let score = self.decayed(entry.0, entry.1, now);
        if let Some(wait) = self.wait(score) {
            return Err(wait);
        }
        *entry = (score + 1.0, now);
        Ok(())
    }

    pub fn fail(&self, key: &str, now: Instant) {
        if let Ok(mut map) = self.failures.lock() {
            if map.len() >= SWEEP_AT {
                map.retain(|_, (score, since)| self.decayed(*score, *since, now) >= 0.5);
            }
            let entry = map.entry(key.to_string()).or_insert((0.0, now));
            *entry = (self.decayed(entry.0, entry.1, now) + 1.0, now);
        }
    }

    /// A success: `key`'s failures are forgotten.
    pub fn succeed(&self, key: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(key);
        }
    }

    /// A success that leaves earlier failures standing: the attempt counted for it is taken
    /// back (a shared office's address keeps the other people's failures).
    pub fn refund(&self, key: &str, now: Instant) {
        if let Ok(mut map) = self.failures.lock() {
            if let Some(entry) = map.get_mut(key) {
                *entry = ((self.decayed(entry.0, entry.1, now) - 1.0).max(0.0), now);
            }
        }
    }
}

/// At most `capacity` holders at once (argon2 checks, 19 MiB each; photo decodes): the others
/// wait up to a time limit and are then turned away. Clones share their places.
#[derive(Debug, Clone)]
pub struct Gate(Arc<Places>);

#[derive(Debug)]
struct Places {
    capacity: usize,
    inside: Mutex<usize>,
    left: Condvar,
}

/// A place in a [`Gate`], given back when dropped (it may be sent to another thread).
#[derive(Debug)]
pub struct Pass(Gate);

impl Drop for Pass {
    fn drop(&mut self) {
        let places = &self.0 .0;
        if let Ok(mut inside) = places.inside.lock() {
            *inside -= 1;
        }
        places.left.notify_one();
    }
}

impl Gate {
    pub fn new(capacity: usize) -> Gate {
        Gate(Arc::new(Places {
            capacity: capacity.max(1),
            inside: Mutex::new(0),
            left: Condvar::new(),
        }))
    }

    /// A place, waiting up to `patience` for one; None when the gate stayed full.
    pub fn enter(&self, patience: Duration) -> Option<Pass> {
        let places = &self.0;
        let inside = places.inside.lock().ok()?;
        let (mut inside, _) = places
            .left
            .wait_timeout_while(inside, patience, |n| *n >= places.capacity)
            .ok()?;
        if *inside >= places.capacity {
            return None;
        }
        *inside += 1;
        Some(Pass(self.clone()))
    }
}

/// A token bucket per client address: `per_minute` requests a minute on average, bursts up to
/// `burst`. `per_minute == 0` turns the limit off (for load tests).
#[derive(Debug)]
pub struct RateLimit {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl RateLimit {
    pub fn new(per_minute: u32, burst: u32) -> RateLimit {
        RateLimit {
            per_second: f64::from(per_minute) / 60.0,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// `per_hour` requests an hour on average, bursts up to `burst` (for forms, which people
    /// send rarely).
    pub fn per_hour(per_hour: u32, burst: u32) -> RateLimit {
        RateLimit {
            per_second: f64::from(per_hour) / 3600.0,
            burst: f64::from(burst.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn is_off(&self) -> bool {
        self.per_second == 0.0
    }

    /// Takes one request from `addr`'s bucket; Err(seconds to wait) when it is empty.
    pub fn check(&self, addr: IpAddr, now: Instant) -> Result<(), u64> {
        if self.is_off() {
            return Ok(());
        }
        let Ok(mut map) = self.buckets.lock() else {
            return Ok(());
        };
        if map.len() >= SWEEP_AT {
            let full_after = self.burst / self.per_second;
            map.retain(|_, (_, since)| {
                now.saturating_duration_since(*since).as_secs_f64() < full_after
            });
        }
        let (tokens, since) = map.entry(addr).or_insert((self.burst, now));
        let refill = now.saturating_duration_since(*since).as_secs_f64() * self.per_second;
        let available = (*tokens + refill).min(self.burst);
        if available >= 1.0 {
            *tokens = available - 1.0;
            *since = now;
            Ok(())
        } else {
            Err(((1.0 - available) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lockout_starts_at_the_limit_and_fades_with_time() {
        let throttle = LoginThrottle::new(5, Duration::from_secs(60));
        let t0 = Instant::now();
        for _ in 0..4 {
            throttle.fail("ona", t0);
        }
        assert_eq!(
            throttle.locked_for("ona", t0),
            None,
            "four failures are allowed"
        );
        throttle.fail("ona", t0);
        let wait = throttle
            .locked_for("ona", t0)
            .expect("the fifth failure locks");
        assert!(wait >= 1, "{wait}");
        assert_eq!(
            throttle.locked_for("jonas", t0),
            None,
            "other keys are not affected"
        );
        // Five failures halve to 2.5 after one half-life: unlocked again.
        assert_eq!(
            throttle.locked_for("ona", t0 + Duration::from_secs(61)),
            None
        );
        // Persistence makes the lockout longer.
        for _ in 0..15 {
            throttle.fail("ona", t0);
        }
        assert!(throttle.locked_for("ona", t0).unwrap() > 100);
        throttle.succeed("ona");
        assert_eq!(throttle.locked_for("ona", t0), None);
    }

    #[test]
    fn a_bucket_allows_its_burst_then_refills_at_its_rate() {
        let limit = RateLimit::new(60, 3);
        let addr: IpAddr = "192.0.2.1".parse().unwrap();
        let other: IpAddr = "192.0.2.2".parse().unwrap();
        let t0 = Instant::now();
        assert!((0..3).all(|_| limit.check(addr, t0).is_ok()));
        assert_eq!(limit.check(addr, t0), Err(1));
        assert!(limit.check(other, t0).is_ok());
        assert!(limit.check(addr, t0 + Duration::from_secs(1)).is_ok());
        assert!(RateLimit::new(0, 1).check(addr, t0).is_ok());
    }

    #[test]
    fn attempts_are_counted_before_they_are_checked_and_a_success_takes_its_own_back() {
        let throttle = LoginThrottle::new(5, Duration::from_secs(60));
        let t0 = Instant::now();
        // Five attempts in flight at once are let through; the sixth is refused before any of
        // them has been checked, and is not counted.
        assert!((0..5).all(|_| throttle.attempt("ona", t0).is_ok()));
        let wait = throttle.attempt("ona", t0).expect_err("the sixth waits");
        assert!(wait >= 1);
        assert_eq!(throttle.locked_for("ona", t0), Some(wait));
        // A refund takes one attempt back: four remain, so one more may try.
        throttle.refund("ona", t0);
        assert_eq!(throttle.locked_for("ona", t0), None);
        assert!(throttle.attempt("ona", t0).is_ok());
        assert!(throttle.attempt("ona", t0).is_err());
        throttle.succeed("ona");
        assert!(throttle.attempt("ona", t0).is_ok());
    }

    #[test]
    fn a_gate_lets_in_its_capacity_and_turns_the_rest_away_until_a_place_is_given_back() {
        let gate = Gate::new(2);
        let a = gate.enter(Duration::ZERO).expect("first");
        let _b = gate.enter(Duration::ZERO).expect("second");
        assert!(gate.enter(Duration::from_millis(20)).is_none(), "full");
        drop(a);
        assert!(
            gate.enter(Duration::ZERO).is_some(),
            "a place was given back"
        );
        // A waiter gets the place another thread gives back.
        std::thread::scope(|scope| {
            let held = gate.enter(Duration::ZERO).expect("the freed place");
            let waiter = scope.spawn(|| gate.enter(Duration::from_secs(10)).is_some());
            std::thread::sleep(Duration::from_millis(50));
            drop(held);
            assert!(waiter.join().unwrap());
        });
    }
}
