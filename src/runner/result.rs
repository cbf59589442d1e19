//! The result model: what a run found, as data for the reporters (JSON, JUnit, console,
//! snapshots). Ordered deterministically: scenarios by id, steps in scenario order.

use crate::check::{CheckOutcome, Verdict};
use crate::http::{Call, SentRequest};
use serde::{Deserialize, Serialize};

/// Bodies kept in results are cut at this many bytes.
pub const MAX_KEPT_BODY: usize = 64 * 1024;

/// One request/response pair as kept for reports and snapshots.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// The request as sent (token masked).
    pub request: SentRequest,
    /// The HTTP status, when an answer came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Response headers (lower-case names).
    #[serde(default)]
    pub response_headers: Vec<(String, String)>,
    /// The response body (cut at `MAX_KEPT_BODY`, 64 KiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_body: Option<String>,
    /// Why no answer came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transport_error: Option<String>,
    /// Milliseconds from send to the end of the body.
    pub elapsed_ms: u64,
}

impl Exchange {
    /// Keeps a call for the report.
    pub fn from_call(call: &Call) -> Self {
        let (status, response_headers, response_body, transport_error) = match &call.response {
            Ok(r) => {
                let body = if r.body.is_empty() {
                    None
                } else {
                    let cut = &r.body[..r.body.len().min(MAX_KEPT_BODY)];
                    Some(String::from_utf8_lossy(cut).into_owned())
                };
                (Some(r.status), r.headers.clone(), body, None)
            }
            Err(e) => (None, Vec::new(), None, Some(e.to_string())),
        };
        Self {
            request: call.request.clone(),
            status,
            response_headers,
            response_body,
            transport_error,
            elapsed_ms: u64::try_from(call.elapsed.as_millis()).unwrap_or(u64::MAX),
        }
    }
}

impl Exchange {
    /// Drops the response body (an answer holding other people's users), saying so.
    pub fn withhold_body(&mut self) {
        if self.response_body.is_some() {
            self.response_body = Some(WITHHELD.to_owned());
        }
    }
}

/// What a report shows in place of a body that may hold users scimgate did not create.
pub const WITHHELD: &str = "(not kept: this answer may hold users scimgate did not create)";

/// One step's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepResult {
    /// The step's name.
    pub name: String,
    /// What Okta does at this step.
    pub title: String,
    /// The request catalogue id, when the scenario names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The Okta feature the step belongs to (its own, else its scenario's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feature: Option<crate::feature::OktaFeature>,
    /// The step's overall verdict (worst of its checks).
    pub verdict: Verdict,
    /// Requests made (several when paginated or iterated).
    pub exchanges: Vec<Exchange>,
    /// Check outcomes, in evaluation order.
    pub checks: Vec<CheckOutcome>,
    /// What the step found about the optional part it exercises (`capability:` steps only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<super::capability::CapabilityResult>,
}

/// One scenario's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// The scenario id, e.g. `okta/f03-create-user`.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its overall verdict.
    pub verdict: Verdict,
    /// Steps in order.
    pub steps: Vec<StepResult>,
    /// What cleanup did.
    pub cleanup: Vec<super::cleanup::CleanupOutcome>,
    /// Milliseconds the scenario took.
    pub duration_ms: u64,
    /// The run was interrupted before every step ran (the rest are skipped, saying so).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
    /// The values generated for this scenario (names, emails, ids, passwords), for snapshot
    /// normalisation. Never serialised: reports do not carry generated passwords.
    #[serde(skip)]
    pub generated: std::collections::BTreeMap<String, serde_json::Value>,
}

/// Counts per verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Passed checks.
    pub pass: u64,
    /// Failed checks that fail the run (at or above the gate, in a feature that is on).
    pub fail: u64,
    /// Failed checks below the gate: warnings.
    #[serde(default)]
    pub warn: u64,
    /// Failed checks listed as accepted deviations.
    #[serde(default)]
    pub accepted: u64,
    /// Checks that could not be evaluated.
    pub error: u64,
    /// Checks blocked by an earlier failure.
    pub blocked: u64,
    /// Checks not run.
    pub skipped: u64,
    /// Checks whose behaviour drifted from the snapshot.
    pub drift: u64,
}

impl Summary {
    /// Adds one verdict.
    pub fn add(&mut self, v: Verdict) {
        match v {
            Verdict::Pass => self.pass += 1,
            Verdict::Fail => self.fail += 1,
            Verdict::Error => self.error += 1,
            Verdict::Blocked => self.blocked += 1,
            Verdict::Skipped => self.skipped += 1,
            Verdict::Drift => self.drift += 1,
        }
    }
}

/// The worst verdict of a set: fail > error > drift > blocked > pass > skipped.
pub fn worst(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
    let rank = |v: Verdict| match v {
        Verdict::Fail => 5,
        Verdict::Error => 4,
        Verdict::Drift => 3,
        Verdict::Blocked => 2,
        Verdict::Pass => 1,
        Verdict::Skipped => 0,
    };
    verdicts
        .into_iter()
        .max_by_key(|v| rank(*v))
        .unwrap_or(Verdict::Skipped)
}

/// An object cleanup could not remove.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftBehind {
    /// User or Group.
    pub kind: crate::scenario::ResourceKind,
    /// The server's id (empty when it never became known).
    #[serde(default)]
    pub id: String,
    /// The run-prefixed name it was created with.
    pub name: String,
    /// The scenario that created it.
    pub scenario: String,
    /// What cleanup managed (`deactivated`, `failed`, `unknown`).
    pub result: super::cleanup::CleanupResult,
    /// Why it is still there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl RunReport {
    /// The left-behind objects as ledger entries, for a ledger file `cleanup` can read.
    pub fn left_behind_entries(&self) -> Vec<super::ledger::LedgerEntry> {
        self.left_behind
            .iter()
            .map(|l| {
                if l.id.is_empty() {
                    super::ledger::LedgerEntry::pending(
                        l.kind,
                        l.name.clone(),
                        self.run_prefix.clone(),
                        l.scenario.clone(),
                    )
                } else {
                    super::ledger::LedgerEntry::created(
                        l.kind,
                        l.id.clone(),
                        l.name.clone(),
                        self.run_prefix.clone(),
                        l.scenario.clone(),
                    )
                }
            })
            .collect()
    }
}

/// The preflight ("Test API Credentials") outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preflight {
    /// The status, when an answer came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The transport error, when none came.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why the run could not test at all (unreachable, credentials refused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatal: Option<String>,
}

/// Everything a run found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunReport {
    /// The report format version.
    pub format_version: u32,
    /// What makes the run fail.
    #[serde(default)]
    pub gate: crate::check::Gate,
    /// Which Okta features the run tested, and how that was decided.
    #[serde(default)]
    pub features: crate::readiness::FeatureConfig,
    /// The verdict in the admin's words (when Okta scenarios ran).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub okta_readiness: Option<crate::readiness::OktaReadiness>,
    /// The Entra verdict (when Entra scenarios ran).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entra_readiness: Option<crate::readiness::EntraReadiness>,
    /// The target's base URL.
    pub target: String,
    /// The prefix on every object created.
    pub run_prefix: String,
    /// The seed of generated values (`--seed` reproduces them).
    pub seed: u64,
    /// When the run started (RFC 3339).
    pub started_at: String,
    /// How long it took.
    pub duration_ms: u64,
    /// How many HTTP requests it made.
    pub requests: u64,
    /// How many 429 answers it waited on.
    #[serde(default)]
    pub responses_429: u64,
    /// How long it waited on 429 answers, in milliseconds.
    #[serde(default)]
    pub waited_on_429_ms: u64,
    /// Okta's "Test API Credentials" request.
    pub preflight: Preflight,
    /// Counts per verdict.
    pub summary: Summary,
    /// Scenario results by id.
    pub scenarios: Vec<ScenarioResult>,
    /// Objects left on the target with `--keep`.
    #[serde(default)]
    pub kept: Vec<super::ledger::LedgerEntry>,
    /// Objects the run meant to remove and could not (or could not find): on the target still.
    #[serde(default)]
    pub left_behind: Vec<LeftBehind>,
    /// A ledger file that holds the left-behind objects, for `scimgate cleanup --ledger`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_behind_ledger: Option<String>,
    /// The run was interrupted (Ctrl-C); what it created was still cleaned up.
    #[serde(default)]
    pub interrupted: bool,
    /// Why the run stopped early on its own ("the target is rate limiting: …"); what it
    /// created was still cleaned up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<String>,
    /// Whether drift from the snapshots fails the run (`--drift fail`, the default) or is
    /// only reported (`--drift warn`).
    #[serde(default = "yes")]
    pub drift_fails: bool,
    /// What became of each accepted deviation (`--accept`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accepted: Vec<crate::accept::AcceptOutcome>,
}

fn yes() -> bool {
    true
}

impl RunReport {
    /// Recounts [`RunReport::summary`] from the checks: a failure counts as `fail` only when
    /// it fails the run, as `accepted` when it is an accepted deviation, else as `warn`.
    pub fn recount(&mut self) {
        let mut s = Summary::default();
        for step in self.scenarios.iter().flat_map(|s| &s.steps) {
            for c in &step.checks {
                match c.verdict {
                    Verdict::Fail if c.accepted.is_some() => s.accepted += 1,
                    Verdict::Fail if !crate::readiness::fails_run(self, step, c) => s.warn += 1,
                    v => s.add(v),
                }
            }
        }
        self.summary = s;
    }
}

impl Exchange {
    fn redact(&mut self, r: &crate::secret::Redactor) {
        self.request.path = r.redact(&self.request.path);
        for (_, v) in &mut self.request.headers {
            *v = r.redact(v);
        }
        self.request.body = self.request.body.as_deref().map(|b| r.redact(b));
        for (_, v) in &mut self.response_headers {
            *v = r.redact(v);
        }
        self.response_body = self.response_body.as_deref().map(|b| r.redact(b));
        self.transport_error = self.transport_error.as_deref().map(|e| r.redact(e));
    }
}

impl ScenarioResult {
    /// Masks every secret in the result's text (requests, answers, messages, cleanup), before
    /// any reporter sees it, so that no excerpt can cut a secret in half and leave part of it.
    pub fn redact(&mut self, r: &crate::secret::Redactor) {
        for step in &mut self.steps {
            step.exchanges.iter_mut().for_each(|e| e.redact(r));
            for c in &mut step.checks {
                c.message = r.redact(&c.message);
                c.expected = c.expected.as_deref().map(|x| r.redact(x));
                c.actual = c.actual.as_deref().map(|x| r.redact(x));
            }
        }
        for c in &mut self.cleanup {
            c.id = r.redact(&c.id);
            c.name = r.redact(&c.name);
            c.detail = c.detail.as_deref().map(|d| r.redact(d));
        }
    }
}

impl Preflight {
    /// Masks every secret in the preflight's messages.
    pub fn redact(&mut self, r: &crate::secret::Redactor) {
        self.error = self.error.as_deref().map(|e| r.redact(e));
        self.fatal = self.fatal.as_deref().map(|e| r.redact(e));
    }
}
