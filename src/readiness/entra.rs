//! Entra readiness: the Entra admin's question answered from the Entra scenarios of a run
//! (`--profile entra`, or `all`). One line per provisioning capability as the admin meets
//! it (Test Connection, creating, updating, disabling users, the manager, groups), ready
//! or broken with the failing check and Microsoft's wording where it is known; then one
//! summary line. A capability is the scenario tag it is read from, so a scenario loaded
//! with `--scenarios-dir` and tagged `entra` and `groups` counts for Groups.

use super::verdict::{CheckRef, ReadyState, entra_text};
use crate::check::{CheckOutcome, EntraConsequence, Verdict};
use crate::runner::{RunReport, ScenarioResult, StepResult};
use crate::scenario::Scenario;
use serde::{Deserialize, Serialize};

type Place<'a> = (&'a ScenarioResult, &'a StepResult, &'a CheckOutcome);

fn reference((s, st, c): &Place<'_>) -> CheckRef {
    CheckRef {
        scenario: s.id.clone(),
        step: st.name.clone(),
        check: c.check,
        status: c.verdict,
        message: c.message.clone(),
    }
}

fn place((s, st, c): &Place<'_>) -> String {
    format!(
        "{} › {} › {}: {}",
        s.id,
        st.name,
        c.check.as_str(),
        c.message
    )
}

/// The capabilities, in the admin's order: the scenario tag each is read from and its label.
const CAPABILITIES: &[(&str, &str)] = &[
    ("connect", "Test Connection"),
    ("create", "Create users"),
    ("update", "Update users"),
    ("disable", "Disable users"),
    ("manager", "Manager"),
    ("groups", "Groups"),
];

/// One line of the Entra checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntraLine {
    /// The scenario tag it is read from (`connect`, `update`, ...).
    pub capability: String,
    /// Its name for the admin.
    pub label: String,
    /// Ready, not ready, or untested.
    pub state: ReadyState,
    /// Why, in a sentence (the first failing check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// What Entra's provisioning log shows, when Microsoft's wording is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entra_says: Option<String>,
    /// The failures behind a line that is not ready.
    pub checks: Vec<CheckRef>,
    /// How many checks ran for it.
    pub checks_run: usize,
}

/// Would Entra's provisioning work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntraReadiness {
    /// One line per capability the run's Entra scenarios exercised.
    pub lines: Vec<EntraLine>,
    /// "Entra provisioning: ready for …; broken: …".
    pub summary: String,
}

/// Builds the Entra verdict of a finished run of these scenarios; `None` when no Entra
/// scenario ran.
pub fn entra_readiness(report: &RunReport, scenarios: &[Scenario]) -> Option<EntraReadiness> {
    let tagged = |id: &str, tag: &str| {
        scenarios
            .iter()
            .any(|s| s.id == id && s.has_tag("entra") && s.has_tag(tag))
    };
    let entra: Vec<&ScenarioResult> = report
        .scenarios
        .iter()
        .filter(|s| tagged(&s.id, "entra"))
        .collect();
    if entra.is_empty() {
        return None;
    }
    let mut lines = Vec::new();
    for (tag, label) in CAPABILITIES {
        let mine: Vec<Place<'_>> = entra
            .iter()
            .filter(|s| tagged(&s.id, tag))
            .flat_map(|s| {
                s.steps
                    .iter()
                    .flat_map(move |st| st.checks.iter().map(move |c| (*s, st, c)))
            })
            .collect();
        if mine.is_empty() {
            continue;
        }
        let run = mine
            .iter()
            .filter(|(_, _, c)| c.verdict != Verdict::Skipped)
            .count();
        let broken: Vec<&Place<'_>> = mine
            .iter()
            .filter(|(_, _, c)| {
                c.verdict == Verdict::Fail
                    && c.accepted.is_none()
                    && c.entra == Some(EntraConsequence::BreaksEntra)
            })
            .collect();
        let unjudged: Vec<&Place<'_>> = mine
            .iter()
            .filter(|(_, _, c)| c.verdict == Verdict::Error)
            .collect();
        let line = |state, why: Option<String>, says, checks: Vec<CheckRef>| EntraLine {
            capability: (*tag).to_owned(),
            label: (*label).to_owned(),
            state,
            why,
            entra_says: says,
            checks,
            checks_run: run,
        };
        lines.push(if let Some(first) = broken.first() {
            line(
                ReadyState::NotReady,
                Some(place(first)),
                entra_text(first.2.check, first.1),
                broken.iter().map(|p| reference(p)).collect(),
            )
        } else if let Some(first) = unjudged.first() {
            line(
                ReadyState::Untested,
                Some(place(first)),
                None,
                unjudged.iter().map(|p| reference(p)).collect(),
            )
        } else if run == 0 {
            line(
                ReadyState::Untested,
                Some("none of its checks ran".to_owned()),
                None,
                Vec::new(),
            )
        } else {
            line(ReadyState::Ready, None, None, Vec::new())
        });
    }
    let named = |state: ReadyState| {
        lines
            .iter()
            .filter(|l| l.state == state)
            .map(|l| l.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut parts = Vec::new();
    for (state, word) in [
        (ReadyState::Ready, "ready for"),
        (ReadyState::NotReady, "broken:"),
        (ReadyState::Untested, "untested:"),
    ] {
        let n = named(state);
        if !n.is_empty() {
            parts.push(format!("{word} {n}"));
        }
    }
    let summary = if parts.is_empty() {
        "Entra provisioning: nothing tested".to_owned()
    } else {
        format!("Entra provisioning: {}", parts.join("; "))
    };
    Some(EntraReadiness { lines, summary })
}
