//! Exit codes: one table, repeated in `--help` and the README.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | conformant: no `must` or `okta` check failed (`should` failures are reported only) |
//! | 1 | non-conformance: a `must` or `okta` check failed (or behaviour drifted from the snapshot) |
//! | 2 | bad usage or an invalid scenario |
//! | 3 | could not test: target unreachable, TLS failure, credentials refused at the first request, interrupted, objects left behind on the target, or an internal error |

use crate::check::Verdict;
use crate::runner::RunReport;

/// Conformant.
pub const OK: i32 = 0;
/// A `must` or `okta` check failed, or behaviour drifted.
pub const NONCONFORMANT: i32 = 1;
/// Bad usage or an invalid scenario.
pub const USAGE: i32 = 2;
/// Could not test.
pub const COULD_NOT_TEST: i32 = 3;

/// The table as shown in `--help`.
pub const TABLE: &str = "Exit codes:
  0  conformant: no `must` or `okta` check failed (`should` failures are only reported)
  1  non-conformance: a `must` or `okta` check failed, or behaviour drifted from the snapshot
  2  bad usage or an invalid scenario
  3  could not test: unreachable, TLS failure, credentials refused at the first request, interrupted, objects left behind, internal error";

/// The exit code a report calls for. A definite non-conformance outranks evaluation errors.
pub fn for_report(report: &RunReport) -> i32 {
    exit_code(report, true)
}

/// The exit code with drift only reported (`--drift warn`).
pub fn for_report_ignoring_drift(report: &RunReport) -> i32 {
    exit_code(report, false)
}

fn exit_code(report: &RunReport, drift_fails: bool) -> i32 {
    if report.preflight.fatal.is_some() || report.interrupted || report.stopped.is_some() {
        return COULD_NOT_TEST;
    }
    let checks = report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.checks);
    let mut error = false;
    for c in checks {
        if c.is_blocking_failure() || (drift_fails && c.verdict == Verdict::Drift) {
            return NONCONFORMANT;
        }
        error |= c.verdict == Verdict::Error;
    }
    // Objects the run could not remove are on the target still: never a clean exit.
    if error || !report.left_behind.is_empty() {
        COULD_NOT_TEST
    } else {
        OK
    }
}
