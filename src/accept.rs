//! Accepted deviations: a baseline of known failures that do not fail the gate while their
//! fix is scheduled (`--accept FILE`, or `[[accept]]` tables in `scimgate.toml`).
//!
//! A team adopts the gate before its server is perfect by listing what fails today:
//!
//! ```toml
//! [[accept]]
//! check = "duplicate-409"                    # a check id, or "scenario › step › check"
//! scenario = "okta/spec-oin-runscope"        # optional: only in this scenario (trailing * = prefix)
//! step = "create-duplicate"                  # optional: only in this step
//! reason = "SCIM-142: the duplicate check lands in the March release"
//! until = 2027-03-01                         # optional: after this day it fails again
//! ```
//!
//! An accepted failure is still reported, as `accepted` with its reason, but does not fail the
//! run. The list is meant to shrink, so an entry fails the run again in two cases: when its
//! `until` day has passed (the failure counts as a failure again), and when the checks it names
//! ran and all passed (the entry is stale: remove it). An entry whose checks did not run in
//! this selection is only noted.
//!
//! Parsing is strict (unknown keys, unknown check ids and bad dates are errors naming the file
//! and the entry), as for scenarios.

use crate::check::{CheckId, Verdict};
use crate::runner::RunReport;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One `[[accept]]` table as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptEntry {
    /// A check id, or `scenario › step › check` (also `scenario > step > check`).
    pub check: String,
    /// Only in this scenario (exact id, or a prefix ending in `*`).
    #[serde(default)]
    pub scenario: Option<String>,
    /// Only in this step.
    #[serde(default)]
    pub step: Option<String>,
    /// Why it is accepted (a ticket, a release): shown wherever the failure is.
    pub reason: String,
    /// The last day the acceptance holds (a TOML date, `2027-03-01`, or the same as a string).
    #[serde(default)]
    pub until: Option<toml::Value>,
}

/// A parsed, checked entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    /// The check.
    pub check: CheckId,
    /// Only in this scenario (a trailing `*` makes it a prefix).
    pub scenario: Option<String>,
    /// Only in this step.
    pub step: Option<String>,
    /// Why.
    pub reason: String,
    /// The last day it holds.
    pub until: Option<jiff::civil::Date>,
    /// Where it was written (`scimgate.toml`, `accepted.toml`), for messages.
    pub source: String,
}

/// What became of one entry in a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AcceptState {
    /// It matched failures, which are reported as accepted.
    Applied,
    /// Its day has passed: what it matched fails the run again.
    Expired,
    /// What it names ran and passed: the entry fails the run until it is removed.
    Stale,
    /// Nothing it names ran in this selection.
    NotRun,
}

impl AcceptState {
    /// True when the entry itself fails the run.
    pub fn fails_run(self) -> bool {
        self == AcceptState::Stale
    }
}

/// One entry's fate, for the reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptOutcome {
    /// The entry as a label: `check`, `scenario › check` or `scenario › step › check`.
    pub entry: String,
    /// Its reason.
    pub reason: String,
    /// Its last day, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// What became of it.
    pub state: AcceptState,
    /// How many failures it matched.
    pub matched: usize,
    /// Where it was written.
    pub source: String,
}

impl AcceptOutcome {
    /// One line for people.
    pub fn line(&self) -> String {
        let until = self
            .until
            .as_deref()
            .map(|u| format!(", until {u}"))
            .unwrap_or_default();
        let what = match self.state {
            AcceptState::Applied => format!(
                "accepted {} failure(s) ({}{until})",
                self.matched, self.reason
            ),
            AcceptState::Expired => format!(
                "expired{until}: its {} failure(s) fail the run again ({})",
                self.matched, self.reason
            ),
            AcceptState::Stale => format!(
                "no longer fails: remove it from {} (it fails the run until then)",
                self.source
            ),
            AcceptState::NotRun => "did not run in this selection".to_owned(),
        };
        format!("{}: {what}", self.entry)
    }
}

impl Acceptance {
    /// Checks one entry as written in `source`; `n` is its position (1-based) for messages.
    pub fn from_entry(entry: AcceptEntry, source: &str, n: usize) -> Result<Self, String> {
        let at = format!("{source}: [[accept]] #{n}");
        let parts: Vec<&str> = entry
            .check
            .split(['›', '>'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        let (scenario, step, check) = match parts.as_slice() {
            [check] => (entry.scenario, entry.step, *check),
            [scenario, check] if entry.scenario.is_none() => {
                (Some((*scenario).to_owned()), entry.step, *check)
            }
            [scenario, step, check] if entry.scenario.is_none() && entry.step.is_none() => (
                Some((*scenario).to_owned()),
                Some((*step).to_owned()),
                *check,
            ),
            _ => {
                return Err(format!(
                    "{at}: `check = \"{}\"` must be a check id or `scenario › step › check` (and then no `scenario`/`step` keys)",
                    entry.check
                ));
            }
        };
        let check = CheckId::from_id(check)
            .ok_or_else(|| format!("{at}: unknown check `{check}` (see `scimgate list checks`)"))?;
        if entry.reason.trim().is_empty() {
            return Err(format!("{at}: `reason` is empty: say why it is accepted"));
        }
        let until =
            match entry.until {
                None => None,
                Some(v) => {
                    let text = match &v {
                        toml::Value::String(s) => s.clone(),
                        toml::Value::Datetime(d) => d.to_string(),
                        other => other.to_string(),
                    };
                    Some(text.parse::<jiff::civil::Date>().map_err(|_| {
                        format!("{at}: `until = {v}` is not a date like 2027-03-01")
                    })?)
                }
            };
        Ok(Self {
            check,
            scenario,
            step,
            reason: entry.reason,
            until,
            source: source.to_owned(),
        })
    }

    /// The entry as a label.
    pub fn label(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        parts.extend(self.scenario.as_deref());
        parts.extend(self.step.as_deref());
        parts.push(self.check.as_str());
        parts.join(" › ")
    }

    fn expired(&self, today: jiff::civil::Date) -> bool {
        self.until.is_some_and(|u| u < today)
    }

    fn matches(&self, scenario: &str, step: &str, check: CheckId) -> bool {
        check == self.check
            && self
                .scenario
                .as_deref()
                .is_none_or(|s| match s.strip_suffix('*') {
                    Some(prefix) => scenario.starts_with(prefix),
                    None => s == scenario,
                })
            && self.step.as_deref().is_none_or(|s| s == step)
    }
}

/// The `[[accept]]` tables of a TOML document.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptFile {
    #[serde(default)]
    accept: Vec<AcceptEntry>,
}

/// Checks a list of entries from one source.
pub fn from_entries(entries: Vec<AcceptEntry>, source: &str) -> Result<Vec<Acceptance>, String> {
    entries
        .into_iter()
        .enumerate()
        .map(|(i, e)| Acceptance::from_entry(e, source, i + 1))
        .collect()
}

/// Reads an `--accept FILE` (a TOML file of `[[accept]]` tables).
pub fn load(path: &Path) -> Result<Vec<Acceptance>, String> {
    let source = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| format!("{source}: {e}"))?;
    let file: AcceptFile = toml::from_str(&text).map_err(|e| toml_error(&source, &text, &e))?;
    from_entries(file.accept, &source)
}

/// A TOML error in one line: `file:line:column: message`.
pub fn toml_error(source: &str, text: &str, e: &toml::de::Error) -> String {
    let message = e.message().trim().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("{source}:{line}:{column}: {message}")
        }
        None => format!("{source}: {message}"),
    }
}

/// Marks the failures of one finished scenario that the entries accept (the runner calls
/// this before it reports the scenario, so the live line is right too). An entry past its
/// `until` day marks nothing.
pub fn mark(
    scenario: &mut crate::runner::ScenarioResult,
    entries: &[Acceptance],
    today: jiff::civil::Date,
) {
    for entry in entries.iter().filter(|e| !e.expired(today)) {
        for step in &mut scenario.steps {
            for c in &mut step.checks {
                if c.verdict == Verdict::Fail
                    && c.accepted.is_none()
                    && entry.matches(&scenario.id, &step.name, c.check)
                {
                    c.accepted = Some(Box::new(entry.reason.clone()));
                }
            }
        }
    }
}

/// What became of each entry in a finished run (whose scenarios [`mark`] has seen).
pub fn outcomes(
    report: &RunReport,
    entries: &[Acceptance],
    today: jiff::civil::Date,
) -> Vec<AcceptOutcome> {
    entries
        .iter()
        .map(|entry| {
            let (mut failed, mut ran) = (0, 0);
            for scenario in &report.scenarios {
                for step in &scenario.steps {
                    for c in step
                        .checks
                        .iter()
                        .filter(|c| entry.matches(&scenario.id, &step.name, c.check))
                    {
                        match c.verdict {
                            Verdict::Fail => failed += 1,
                            Verdict::Pass => ran += 1,
                            _ => {}
                        }
                    }
                }
            }
            let state = match (failed, ran) {
                (0, 0) => AcceptState::NotRun,
                (0, _) => AcceptState::Stale,
                _ if entry.expired(today) => AcceptState::Expired,
                _ => AcceptState::Applied,
            };
            AcceptOutcome {
                entry: entry.label(),
                reason: entry.reason.clone(),
                until: entry.until.map(|u| u.to_string()),
                state,
                matched: failed,
                source: entry.source.clone(),
            }
        })
        .collect()
}

/// Today, in the local time zone (what `until` days are compared with).
pub fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Acceptance>, String> {
        let file: AcceptFile =
            toml::from_str(text).map_err(|e| toml_error("accepted.toml", text, &e))?;
        from_entries(file.accept, "accepted.toml")
    }

    #[test]
    fn entries_parse_in_both_spellings() {
        let got = parse(
            "[[accept]]\ncheck = \"create-201\"\nreason = \"SCIM-1\"\nuntil = 2027-03-01\n\n\
             [[accept]]\ncheck = \"okta/f03-create-user › create › create-201\"\nreason = \"SCIM-2\"\nuntil = \"2027-04-01\"\n",
        )
        .unwrap();
        assert_eq!(got[0].check, CheckId::Create201);
        assert_eq!(got[0].until, Some(jiff::civil::date(2027, 3, 1)));
        assert_eq!(got[1].scenario.as_deref(), Some("okta/f03-create-user"));
        assert_eq!(got[1].step.as_deref(), Some("create"));
        assert_eq!(got[1].label(), "okta/f03-create-user › create › create-201");
    }

    #[test]
    fn mistakes_are_one_line_errors_naming_the_place() {
        for (text, want) in [
            (
                "[[accept]]\ncheck = \"create-2001\"\nreason = \"x\"\n",
                "accepted.toml: [[accept]] #1: unknown check `create-2001`",
            ),
            (
                "[[accept]]\ncheck = \"create-201\"\nreason = \"x\"\nutil = 2027-01-01\n",
                "accepted.toml:4:1: unknown field `util`",
            ),
            (
                "[[accept]]\ncheck = \"create-201\"\nreason = \" \"\n",
                "`reason` is empty",
            ),
            (
                "[[accept]]\ncheck = \"create-201\"\nreason = \"x\"\nuntil = \"soon\"\n",
                "is not a date like 2027-03-01",
            ),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains(want), "{e}");
            assert!(!e.contains('\n'), "{e}");
        }
    }
}
