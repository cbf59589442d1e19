//! Comparing two runs of the same scenarios step by step through their normalised
//! transcripts: `scimgate diff` (staging against production, say) and library users.

use super::transcript::{sections, transcript};
use super::unified_diff;
use crate::runner::RunReport;

/// One step that behaves differently on the two targets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepDifference {
    /// The scenario.
    pub scenario: String,
    /// The step.
    pub step: String,
    /// A unified diff, left to right.
    pub diff: String,
}

/// The steps whose normalised transcripts differ between two reports.
pub fn differences(left: &RunReport, right: &RunReport) -> Vec<StepDifference> {
    let mut out = Vec::new();
    for l in &left.scenarios {
        let Some(r) = right.scenarios.iter().find(|r| r.id == l.id) else {
            continue;
        };
        let (lt, rt) = (
            sections(&transcript(left, l)),
            sections(&transcript(right, r)),
        );
        for (name, text) in lt.iter().skip(1) {
            let other = rt
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, t)| t.as_str())
                .unwrap_or("");
            if text.trim_end() != other.trim_end() {
                out.push(StepDifference {
                    scenario: l.id.clone(),
                    step: name.clone(),
                    diff: unified_diff(text, other, "left", "right"),
                });
            }
        }
    }
    out
}
