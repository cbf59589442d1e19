//! Optional protocol parts a step exercises (`capability:` in a scenario): a filter operator,
//! `and`, a value path. RFC 7644 §3.4.2.2 and Table 9 let a service provider refuse a filter it
//! does not support with 400 `invalidFilter`, and `filter.supported: true` promises filtering,
//! not every operator. So a refusal in that form is not a failure: the step's checks are
//! skipped, saying so, the steps that need it are skipped too, and the capability table lists
//! it. A wrong answer (a 200 with the wrong resources, a refusal of another shape) is judged by
//! the step's checks as usual.

use super::result::{Exchange, StepResult};
use crate::check::{CheckOutcome, Verdict, get_ci};
use crate::scenario::{CapabilitySpec, StepSpec};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What a capability step found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapabilityResult {
    /// Its name, e.g. `sw`.
    pub name: String,
    /// Okta sends it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub okta: bool,
    /// What the target did with it.
    pub state: CapabilityState,
    /// The refusal as the target worded it, or why it was not tried.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The states a capability can be in, in the order the table lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CapabilityState {
    /// Answered, and answered right.
    Supported,
    /// Refused with 400 invalidFilter, as the RFC allows.
    Refused,
    /// Answered wrongly: the step's checks fail.
    Wrong,
    /// Not tried (its prerequisites were refused, failed or not advertised).
    Untested,
}

impl CapabilityState {
    /// The table's label.
    pub fn label(self) -> &'static str {
        match self {
            CapabilityState::Supported => "supported",
            CapabilityState::Refused => "refused with invalidFilter",
            CapabilityState::Wrong => "answered wrongly",
            CapabilityState::Untested => "untested",
        }
    }
}

/// The refusal's wording when `ex` is a 400 with scimType `invalidFilter`: `detail` (or the
/// status alone when the Error has none).
fn refusal(ex: &Exchange) -> Option<String> {
    if ex.status != Some(400) {
        return None;
    }
    let body: Value = serde_json::from_str(ex.response_body.as_deref()?).ok()?;
    let scim_type = get_ci(&body, "scimType").and_then(Value::as_str)?;
    if !scim_type.eq_ignore_ascii_case("invalidFilter") {
        return None;
    }
    Some(match get_ci(&body, "detail").and_then(Value::as_str) {
        Some(d) if !d.trim().is_empty() => format!("400 invalidFilter: \"{}\"", d.trim()),
        _ => "400 invalidFilter".to_owned(),
    })
}

/// Judges a capability step that was sent: a refusal in the allowed form turns the step's own
/// checks into skips (the checks every answer gets stay) and returns the reason the steps
/// needing it are skipped for.
pub(crate) fn judge(
    spec: &CapabilitySpec,
    step: &StepSpec,
    result: &mut StepResult,
) -> Option<String> {
    let refused = result.exchanges.last().and_then(refusal);
    let own: Vec<_> = step.expect.iter().map(|c| c.id()).collect();
    let Some(detail) = refused else {
        let mine = || result.checks.iter().filter(|c| own.contains(&c.check));
        let state = if mine().any(|c| c.verdict == Verdict::Fail) {
            CapabilityState::Wrong
        } else if mine().all(|c| c.verdict == Verdict::Pass) {
            CapabilityState::Supported
        } else {
            CapabilityState::Untested
        };
        result.capability = Some(CapabilityResult {
            name: spec.name.clone(),
            okta: spec.okta,
            state,
            detail: None,
        });
        return None;
    };
    let why = format!(
        "the target refuses `{}` ({detail}); RFC 7644 §3.4.2.2 and Table 9 let it refuse a filter it does not support, so this is listed under filter support, not failed",
        spec.name
    );
    for c in result.checks.iter_mut().filter(|c| own.contains(&c.check)) {
        *c = CheckOutcome::skipped(c.check, why.clone());
    }
    result.verdict = crate::runner::worst(result.checks.iter().map(|c| c.verdict));
    result.capability = Some(CapabilityResult {
        name: spec.name.clone(),
        okta: spec.okta,
        state: CapabilityState::Refused,
        detail: Some(detail.clone()),
    });
    Some(format!(
        "it needs `{}`, which the target refuses ({detail})",
        spec.name
    ))
}

/// The capability of a step that was not sent: untested, saying why.
pub(crate) fn untested(step: &StepSpec, why: &str) -> Option<CapabilityResult> {
    step.capability.as_ref().map(|c| CapabilityResult {
        name: c.name.clone(),
        okta: c.okta,
        state: CapabilityState::Untested,
        detail: Some(why.to_owned()),
    })
}
