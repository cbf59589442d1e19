//! The verdict in the admin's words: for each Okta feature, ready, not ready or off (and why,
//! and what to set in Okta), with the checks behind each line; then whether Okta's own OIN
//! tests would pass, and how the target stands against RFC 7643/7644. Derived from a finished
//! [`RunReport`]; the console, JSON (`okta_readiness`) and the exit code all read it.

use super::config::FeatureState;
use crate::check::{CheckId, CheckOutcome, Consequence, Gate, RfcLevel, Verdict};
use crate::feature::OktaFeature;
use crate::runner::{RunReport, ScenarioResult, StepResult};
use serde::{Deserialize, Serialize};

/// One check behind a readiness line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRef {
    /// The scenario.
    pub scenario: String,
    /// The step.
    pub step: String,
    /// The check.
    pub check: CheckId,
    /// Its verdict.
    pub status: Verdict,
    /// Its message.
    pub message: String,
}

/// Where a feature stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReadyState {
    /// Everything Okta needs of it works.
    Ready,
    /// Something Okta needs of it is broken.
    NotReady,
    /// It could not be judged (transport trouble, a prerequisite failed, nothing ran).
    Untested,
    /// The vendor does not enable it (declared or inferred).
    Off,
}

impl ReadyState {
    /// The label used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            ReadyState::Ready => "ready",
            ReadyState::NotReady => "not ready",
            ReadyState::Untested => "untested",
            ReadyState::Off => "off",
        }
    }
}

/// One line of the admin's checklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeatureReadiness {
    /// The feature.
    pub feature: OktaFeature,
    /// Its name in Okta.
    pub label: String,
    /// Where it stands.
    pub state: ReadyState,
    /// Why, in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<String>,
    /// What to do (or set in Okta).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
    /// What Okta would show, when its text is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub okta_says: Option<String>,
    /// The checks behind the line: the failures when not ready, else the count passed.
    pub checks: Vec<CheckRef>,
    /// How many checks ran for it.
    pub checks_run: usize,
}

/// Would Okta's OIN tests pass.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OinReadiness {
    /// True when the SPEC test's steps ran and no check tied to one of them failed.
    pub pass: bool,
    /// Whether any step of Okta's SPEC test (`okta/spec`) ran in this run.
    #[serde(default = "yes")]
    pub tested: bool,
    /// `SPEC 8 (duplicate-409: answered 400 where 409 was expected)`, one per check.
    pub failing: Vec<String>,
}

/// How the target stands against the RFCs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RfcStanding {
    /// The checks of RFC MUSTs that failed.
    pub must_broken: Vec<CheckId>,
    /// The checks of RFC SHOULDs that failed.
    pub should_broken: Vec<CheckId>,
}

/// The verdict in the admin's words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OktaReadiness {
    /// How the features were chosen: `declared`, `inferred` or `all`.
    pub configuration: String,
    /// The gate the exit code follows.
    pub gate: Gate,
    /// The admin's checklist, one line per feature.
    pub features: Vec<FeatureReadiness>,
    /// Okta's OIN tests.
    pub oin: OinReadiness,
    /// RFC 7643/7644.
    pub rfc: RfcStanding,
    /// The three lines in one: "Okta provisioning: … · OIN tests: … · RFC 7643/7644: …".
    pub summary: String,
}

type Place<'a> = (&'a ScenarioResult, &'a StepResult, &'a CheckOutcome);

fn places(report: &RunReport) -> impl Iterator<Item = Place<'_>> {
    report.scenarios.iter().flat_map(|s| {
        s.steps
            .iter()
            .flat_map(move |st| st.checks.iter().map(move |c| (s, st, c)))
    })
}

fn check_ref((s, st, c): Place<'_>) -> CheckRef {
    CheckRef {
        scenario: s.id.clone(),
        step: st.name.clone(),
        check: c.check,
        status: c.verdict,
        message: c.message.clone(),
    }
}

/// True when this failure fails the run: it counts at the gate and its step's feature is on.
pub fn fails_run(report: &RunReport, step: &StepResult, c: &CheckOutcome) -> bool {
    c.fails_gate(report.gate) && report.features.is_on(step.feature)
}

/// Okta's text for a failure, with the answer's reason phrase and detail filled in.
pub fn okta_text(check: CheckId, step: &StepResult) -> Option<String> {
    fill_says(check.okta_says()?, step)
}

/// What Entra's provisioning logs show for a failure (Microsoft's wording), with the
/// answer's reason phrase and detail filled in.
pub fn entra_text(check: CheckId, step: &StepResult) -> Option<String> {
    fill_says(check.entra_says()?, step)
}

/// The IdP's wording is a template: `<status>` and `<detail>` stand for the last answer's
/// reason phrase and SCIM Error detail.
fn fill_says(says: &str, step: &StepResult) -> Option<String> {
    let ex = step.exchanges.last();
    let status = ex.and_then(|e| e.status);
    let reason = status
        .and_then(|s| axum::http::StatusCode::from_u16(s).ok())
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    let detail = ex
        .and_then(|e| e.response_body.as_deref())
        .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
        .and_then(|v| {
            crate::check::pointer_ci(&v, "/detail").and_then(|d| d.as_str().map(str::to_owned))
        })
        .unwrap_or_else(|| "(no detail)".to_owned());
    Some(
        says.replace("<status>", reason)
            .replace("<detail>", &detail),
    )
}

/// The Okta features the run's scenarios exercise (their own and their steps').
fn exercised(report: &RunReport) -> Vec<OktaFeature> {
    let mut out: Vec<OktaFeature> = report
        .scenarios
        .iter()
        .flat_map(|s| s.steps.iter().filter_map(|st| st.feature))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Builds the verdict of a finished run; `None` when no Okta scenario ran.
pub fn readiness(report: &RunReport) -> Option<OktaReadiness> {
    let features = exercised(report);
    if features.is_empty() && !report.features.features.values().any(|s| !s.is_on()) {
        return None;
    }
    let mut lines = Vec::new();
    for f in OktaFeature::ALL {
        let state = report.features.state(*f);
        let mine: Vec<Place<'_>> = places(report)
            .filter(|(_, st, _)| st.feature == Some(*f))
            .collect();
        if let FeatureState::Off { why, advice, by } = &state {
            lines.push(FeatureReadiness {
                feature: *f,
                label: f.label().to_owned(),
                state: ReadyState::Off,
                why: Some(if by == "inferred" {
                    format!("{why} (inferred: Okta itself does not read that document)")
                } else {
                    why.clone()
                }),
                advice: Some(advice.clone()),
                okta_says: None,
                checks: Vec::new(),
                checks_run: 0,
            });
            continue;
        }
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
                c.verdict == Verdict::Fail && c.check.consequence() == Consequence::BreaksOkta
            })
            .collect();
        let unjudged: Vec<&Place<'_>> = mine
            .iter()
            .filter(|(_, _, c)| c.verdict == Verdict::Error)
            .collect();
        let line = if let Some(first) = broken.first() {
            let (s, st, c) = **first;
            FeatureReadiness {
                feature: *f,
                label: f.label().to_owned(),
                state: ReadyState::NotReady,
                why: Some(format!(
                    "{} › {} › {}: {}",
                    s.id,
                    st.name,
                    c.check.as_str(),
                    c.message
                )),
                advice: Some(format!(
                    "fix the server before enabling {} in Okta: {}",
                    f.label(),
                    c.hint()
                )),
                okta_says: okta_text(c.check, st),
                checks: broken.iter().map(|p| check_ref(**p)).collect(),
                checks_run: run,
            }
        } else if let Some(first) = unjudged.first() {
            let (s, st, c) = **first;
            FeatureReadiness {
                feature: *f,
                label: f.label().to_owned(),
                state: ReadyState::Untested,
                why: Some(format!(
                    "{} › {} › {}: {}",
                    s.id,
                    st.name,
                    c.check.as_str(),
                    c.message
                )),
                advice: Some("run again once the cause above is fixed".to_owned()),
                okta_says: None,
                checks: unjudged.iter().map(|p| check_ref(**p)).collect(),
                checks_run: run,
            }
        } else if run == 0 {
            FeatureReadiness {
                feature: *f,
                label: f.label().to_owned(),
                state: ReadyState::Untested,
                why: Some("none of its checks ran".to_owned()),
                advice: None,
                okta_says: None,
                checks: Vec::new(),
                checks_run: 0,
            }
        } else {
            FeatureReadiness {
                feature: *f,
                label: f.label().to_owned(),
                state: ReadyState::Ready,
                why: None,
                advice: Some(format!("{} can be enabled in Okta", f.label())),
                okta_says: None,
                checks: Vec::new(),
                checks_run: run,
            }
        };
        lines.push(line);
    }
    // OIN: every failed check tied to an OIN test step, once per check, counted only where
    // it failed on a step of the SPEC test itself (a `duplicate-refused` failing in F7's
    // re-assignment is not SPEC 8 failing).
    let mut oin: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    let oin_tested =
        places(report).any(|(_, st, c)| is_spec_step(st) && c.verdict != Verdict::Skipped);
    for (_, st, c) in places(report) {
        if c.verdict != Verdict::Fail
            || !is_spec_step(st)
            || !report.features.is_on(st.feature)
            || seen.contains(&c.check)
        {
            continue;
        }
        if let Some(step) = c
            .check
            .oin()
            .filter(|_| c.check.consequence() != Consequence::OktaUnaffected)
        {
            seen.push(c.check);
            oin.push(format!(
                "{step} ({}: {})",
                c.check.as_str(),
                short(&c.message)
            ));
        }
    }
    let mut must = Vec::new();
    let mut should = Vec::new();
    for (_, _, c) in places(report).filter(|(_, _, c)| c.verdict == Verdict::Fail) {
        let list = match c.check.rfc() {
            RfcLevel::Must => &mut must,
            RfcLevel::Should => &mut should,
            RfcLevel::NotRfc => continue,
        };
        if !list.contains(&c.check) {
            list.push(c.check);
        }
    }
    let summary = summary_line(&lines, &oin, oin_tested, must.len(), should.len());
    Some(OktaReadiness {
        configuration: report.features.by.clone(),
        gate: report.gate,
        features: lines,
        oin: OinReadiness {
            pass: oin_tested && oin.is_empty(),
            tested: oin_tested,
            failing: oin,
        },
        rfc: RfcStanding {
            must_broken: must,
            should_broken: should,
        },
        summary,
    })
}

/// A step of Okta's SPEC test: its `source` names the SPEC step it replays.
pub fn is_spec_step(st: &StepResult) -> bool {
    st.source
        .as_deref()
        .is_some_and(|s| s.trim_start().starts_with("SPEC "))
}

fn yes() -> bool {
    true
}

fn summary_line(
    lines: &[FeatureReadiness],
    oin: &[String],
    oin_tested: bool,
    must: usize,
    should: usize,
) -> String {
    let named = |state: ReadyState| {
        lines
            .iter()
            .filter(|l| l.state == state && l.feature != OktaFeature::TestApiCredentials)
            .map(|l| l.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut okta = Vec::new();
    for (state, word) in [
        (ReadyState::Ready, "ready for"),
        (ReadyState::NotReady, "not ready for"),
        (ReadyState::Untested, "untested"),
        (ReadyState::Off, "off"),
    ] {
        let n = named(state);
        if !n.is_empty() {
            okta.push(format!("{word} {n}"));
        }
    }
    let credentials = lines
        .iter()
        .find(|l| l.feature == OktaFeature::TestApiCredentials)
        .map(|l| l.state);
    if credentials == Some(ReadyState::NotReady) {
        okta.insert(0, "Test API Credentials fails".to_owned());
    }
    let okta = if okta.is_empty() {
        "nothing tested".to_owned()
    } else {
        okta.join("; ")
    };
    let oin = match oin {
        [] if !oin_tested => "not run (okta/spec is not in this run)".to_owned(),
        [] => "would pass".to_owned(),
        [one] => format!("{one} would fail"),
        many => format!("{} would fail ({} more)", many[0], many.len() - 1),
    };
    let rfc = match (must, should) {
        (0, 0) => "no rule broken".to_owned(),
        (m, 0) => format!("{m} MUST broken"),
        (0, s) => format!("{s} SHOULD broken"),
        (m, s) => format!("{m} MUST and {s} SHOULD broken"),
    };
    format!("Okta provisioning: {okta} · OIN tests: {oin} · RFC 7643/7644: {rfc}")
}

/// A message on one line, cut at 120 characters.
fn short(message: &str) -> String {
    let one = message.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 120 {
        format!("{}…", one.chars().take(120).collect::<String>())
    } else {
        one
    }
}
