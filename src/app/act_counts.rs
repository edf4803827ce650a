//! Acts counted by kind for the operators' metrics (`kartu_acts_total{act}`), only once they
//! have committed: [`noted`] keeps each act the audit trail records in this thread's pending
//! list, and the write transaction counts them after its commit ([`committed`]) or forgets them
//! after a rollback ([`forget`]). Nothing about who or what is counted, only how many of a kind.
//! Without a metrics recorder installed the counters are no-ops.

use std::cell::RefCell;

use crate::domain::audit_action::AuditAction;

thread_local! {
    static PENDING: RefCell<Vec<AuditAction>> = const { RefCell::new(Vec::new()) };
}

/// An act recorded in the transaction under way on this thread.
pub fn noted(action: AuditAction) {
    PENDING.with(|p| p.borrow_mut().push(action));
}

/// The transaction committed: its acts count.
pub fn committed() {
    for action in PENDING.with(|p| std::mem::take(&mut *p.borrow_mut())) {
        metrics::counter!("kartu_acts_total", "act" => action.code()).increment(1);
    }
}

/// The transaction rolled back, or is about to begin: nothing pending counts.
pub fn forget() {
    PENDING.with(|p| p.borrow_mut().clear());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rolled_back_act_is_never_counted_and_a_committed_one_once() {
        let recorder = metrics_exporter_prometheus::PrometheusBuilder::new().build_recorder();
        let handle = recorder.handle();
        let act = AuditAction::ALL[0];
        metrics::with_local_recorder(&recorder, || {
            noted(act);
            forget();
            committed();
            noted(act);
            noted(act);
            committed();
            committed();
        });
        let text = handle.render();
        let line = format!("kartu_acts_total{{act=\"{}\"}} 2", act.code());
        assert!(text.contains(&line), "{text}");
    }
}
