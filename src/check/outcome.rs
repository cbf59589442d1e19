//! What a check concluded. A failed check is data: expected, actual and a message, never an
//! `Err`.

use super::catalogue::{CheckId, Severity};
use serde::{Deserialize, Serialize};

/// The verdict of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The server did what the rule asks.
    Pass,
    /// The server broke the rule.
    Fail,
    /// scimgate could not evaluate (transport trouble, unusable data).
    Error,
    /// A prerequisite failed; the root cause is named in the message.
    Blocked,
    /// Not run (not selected, or a capability the target does not advertise).
    Skipped,
    /// Behaviour changed against the stored snapshot.
    Drift,
}

impl Verdict {
    /// The label used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Error => "error",
            Verdict::Blocked => "blocked",
            Verdict::Skipped => "skipped",
            Verdict::Drift => "drift",
        }
    }
}

/// One check's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// Which check.
    pub check: CheckId,
    /// Its severity (from the catalogue).
    pub severity: Severity,
    /// The verdict.
    pub verdict: Verdict,
    /// One line saying what happened.
    pub message: String,
    /// What the rule expects (on failures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What the server did (on failures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
}

impl CheckOutcome {
    fn new(check: CheckId, verdict: Verdict, message: impl Into<String>) -> Self {
        Self {
            check,
            severity: check.severity(),
            verdict,
            message: message.into(),
            expected: None,
            actual: None,
        }
    }

    /// A pass.
    pub fn pass(check: CheckId, message: impl Into<String>) -> Self {
        Self::new(check, Verdict::Pass, message)
    }

    /// A failure with what was expected and what came.
    pub fn fail(
        check: CheckId,
        message: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        let mut o = Self::new(check, Verdict::Fail, message);
        o.expected = Some(expected.into());
        o.actual = Some(actual.into());
        o
    }

    /// Could not evaluate.
    pub fn error(check: CheckId, message: impl Into<String>) -> Self {
        Self::new(check, Verdict::Error, message)
    }

    /// Blocked by a named root cause.
    pub fn blocked(check: CheckId, root: impl Into<String>) -> Self {
        Self::new(
            check,
            Verdict::Blocked,
            format!("blocked by {}", root.into()),
        )
    }

    /// Not run.
    pub fn skipped(check: CheckId, reason: impl Into<String>) -> Self {
        Self::new(check, Verdict::Skipped, reason)
    }

    /// True for a failure that makes the run non-conformant.
    pub fn is_blocking_failure(&self) -> bool {
        self.verdict == Verdict::Fail && self.severity.fails_run()
    }
}
