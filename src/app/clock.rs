//! The one place the service asks for the time. Every act, extractor and published document
//! reads [`Clock::now`], and the abuse limits measure their intervals with [`Clock::instant`];
//! nothing else calls the system clock, so a test can set the time or move it on instead of
//! sleeping. (Only the request log's duration is measured with `Instant` directly.)

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Unix seconds from the system clock, or a time a test has set; cheap to clone (shared).
#[derive(Debug, Clone)]
pub struct Clock(Arc<Source>);

#[derive(Debug)]
enum Source {
    /// The system clock, plus seconds a test has moved it on.
    System { offset: AtomicI64 },
    /// A time that changes only when set or moved on.
    Fixed {
        at: AtomicI64,
        /// When it was made, in both kinds of time, so that `instant` follows `at`.
        start: (i64, Instant),
    },
}

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(Source::System {
            offset: AtomicI64::new(0),
        }))
    }

    /// A clock that stands at `unix` until it is moved.
    pub fn fixed(unix: i64) -> Clock {
        Clock(Arc::new(Source::Fixed {
            at: AtomicI64::new(unix),
            start: (unix, Instant::now()),
        }))
    }

    /// Unix seconds now.
    pub fn now(&self) -> i64 {
        match &*self.0 {
            Source::System { offset } => {
                system_now().saturating_add(offset.load(Ordering::Relaxed))
            }
            Source::Fixed { at, .. } => at.load(Ordering::Relaxed),
        }
    }

    /// A monotonic point in time, for measuring intervals (a login lockout fading, a rate
    /// limit refilling); it moves on with [`advance`](Clock::advance) too.
    pub fn instant(&self) -> Instant {
        let (base, seconds) = match &*self.0 {
            Source::System { offset } => (Instant::now(), offset.load(Ordering::Relaxed)),
            Source::Fixed { at, start } => (start.1, at.load(Ordering::Relaxed) - start.0),
        };
        let shift = Duration::from_secs(seconds.unsigned_abs());
        if seconds >= 0 {
            base.checked_add(shift).unwrap_or(base)
        } else {
            base.checked_sub(shift).unwrap_or(base)
        }
    }

    /// Moves the clock on by `seconds` (back, when negative), for every holder of it.
    pub fn advance(&self, seconds: i64) {
        match &*self.0 {
            Source::System { offset } => {
                offset.fetch_add(seconds, Ordering::Relaxed);
            }
            Source::Fixed { at, .. } => {
                at.fetch_add(seconds, Ordering::Relaxed);
            }
        }
    }
}

fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use super::Clock;

    #[test]
    fn a_fixed_clock_moves_only_when_told_and_every_clone_sees_it() {
        let clock = Clock::fixed(1_800_000_000);
        let shared = clock.clone();
        assert_eq!(clock.now(), 1_800_000_000);
        let before = clock.instant();
        shared.advance(90);
        assert_eq!(clock.now(), 1_800_000_090);
        assert_eq!(clock.instant() - before, std::time::Duration::from_secs(90));
    }

    #[test]
    fn the_system_clock_can_be_moved_on_for_a_test() {
        let clock = Clock::system();
        let before = clock.now();
        clock.advance(3600);
        assert!(clock.now() >= before + 3600);
    }
}
