//! Exit codes: one table, repeated in `--help` and the README.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | conformant at the gate: no check at or above `--gate` failed in a feature that is on (other failures are reported as warnings) |
//! | 1 | non-conformance: a check at or above `--gate` failed (`okta`: breaks Okta; `oin`: or fails Okta's OIN tests; `rfc`: or breaks an RFC MUST), or behaviour drifted from the snapshot |
//! | 2 | bad usage or an invalid scenario |
//! | 3 | could not test: target unreachable, TLS failure, credentials refused at the first request, interrupted, objects left behind on the target, or an internal error |

use crate::check::Verdict;
use crate::runner::RunReport;

/// Conformant at the gate.
pub const OK: i32 = 0;
/// A check at or above the gate failed, or behaviour drifted.
pub const NONCONFORMANT: i32 = 1;
/// Bad usage or an invalid scenario.
pub const USAGE: i32 = 2;
/// Could not test.
pub const COULD_NOT_TEST: i32 = 3;

/// The table as shown in `--help`.
pub const TABLE: &str = "Exit codes:
  0  conformant at the gate: no check at or above --gate failed (the rest are warnings)
  1  non-conformance: a check at or above --gate failed (okta: breaks Okta; oin: or fails
     Okta's OIN tests; rfc: or breaks an RFC MUST), or behaviour drifted from the snapshot
  2  bad usage or an invalid scenario
  3  could not test: unreachable, TLS failure, credentials refused at the first request, interrupted, objects left behind, internal error";

/// The exit code a report calls for. A definite non-conformance outranks evaluation errors;
/// drift counts unless the run was told `--drift warn` ([`RunReport::drift_fails`]), and an
/// accepted deviation that no longer fails counts as a non-conformance (the list must shrink).
pub fn for_report(report: &RunReport) -> i32 {
    if report.preflight.fatal.is_some() || report.interrupted || report.stopped.is_some() {
        return COULD_NOT_TEST;
    }
    let mut error = false;
    for step in report.scenarios.iter().flat_map(|s| &s.steps) {
        for c in &step.checks {
            if crate::readiness::fails_run(report, step, c)
                || (report.drift_fails && c.verdict == Verdict::Drift)
            {
                return NONCONFORMANT;
            }
            error |= c.verdict == Verdict::Error;
        }
    }
    if report.accepted.iter().any(|a| a.state.fails_run()) {
        return NONCONFORMANT;
    }
    // Objects the run could not remove are on the target still: never a clean exit.
    if error || !report.left_behind.is_empty() {
        COULD_NOT_TEST
    } else {
        OK
    }
}

/// What an exit code means for this report, in a few words ("could not test", "interrupted").
pub fn meaning(report: &RunReport, code: i32) -> &'static str {
    match code {
        OK => "conformant",
        NONCONFORMANT => "non-conformance",
        USAGE => "bad usage",
        _ if report.preflight.fatal.is_some() => "could not test",
        _ if report.stopped.is_some() => "the target is rate limiting",
        _ if report.interrupted => "interrupted",
        _ if !report.left_behind.is_empty() && report.summary.error == 0 => {
            "objects left behind on the target"
        }
        _ => "could not test",
    }
}
