//! `snapshot` (`--snapshots DIR`): a step's normalised transcript against the one its
//! snapshot holds. A difference is drift, not a failure (the gate decides, `--drift`); the
//! snapshot store (`snapshot/store.rs`) finds the sections to compare and this module judges
//! them.

use super::catalogue::CheckId;
use super::outcome::{CheckOutcome, Verdict};
use crate::snapshot::unified_diff;

/// The drift outcome for a step whose section was `before` in the snapshot and is `after`
/// now, or `None` when they agree (trailing blank lines aside).
pub(crate) fn eval_snapshot(before: &str, after: &str) -> Option<CheckOutcome> {
    if before.trim_end() == after.trim_end() {
        return None;
    }
    let message = if before.is_empty() {
        "a new step, not in the snapshot"
    } else {
        "behaviour changed since the snapshot"
    };
    let mut o = CheckOutcome::pass(CheckId::Snapshot, message);
    o.verdict = Verdict::Drift;
    o.expected = Some(before.trim_end().to_owned());
    o.actual = Some(unified_diff(before, after, "snapshot", "this run"));
    Some(o)
}
