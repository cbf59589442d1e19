//! The JSON report (`--json FILE`, `--json -` for stdout): everything a run found, for CI systems and scripts.
//!
//! The format is versioned (`format_version`, now 2) because other programs parse it. Next to
//! the full scenario data it carries `results`, a flat list with one row per check of each
//! step in scenario and step order, so a script can filter on `status`, `consequence`, `rfc` or `fails_run` without
//! walking the tree. The whole text is passed through the [`Redactor`] before it is written:
//! the token must not appear even when a server echoed it into a body.
//!
//! ```json
//! {
//!   "format_version": 2,
//!   "exit_code": 1, "gate": "okta",
//!   "features": { "by": "inferred", "features": { "sync-password": { "state": "off", … }, … } },
//!   "okta_readiness": { "features": [ { "feature": "create-users", "label": "Create Users",
//!                         "state": "ready", "checks": [], "checks_run": 41 }, … ],
//!                       "oin": { "pass": false, "failing": ["SPEC 8 (duplicate-409: …)"] },
//!                       "rfc": { "must_broken": [], "should_broken": ["duplicate-409"] },
//!                       "summary": "Okta provisioning: ready for … · OIN tests: … · RFC 7643/7644: …" },
//!   "target": "https://scim.example.com/scim/v2/",
//!   "run_prefix": "sg-7f3a",
//!   "seed": 7,
//!   "started_at": "2026-01-02T03:04:05Z",
//!   "duration_ms": 410,
//!   "requests": 48,
//!   "preflight": { "status": 200 },
//!   "summary": { "pass": 6, "fail": 1, "warn": 1, "accepted": 0, "error": 1, "blocked": 2,
//!                "skipped": 1, "drift": 0 },
//!   "results": [
//!     {
//!       "scenario": "okta/f03-create-user",
//!       "step": "create",
//!       "check": "create-201",
//!       "status": "fail",
//!       "consequence": "breaks-okta",
//!       "oin": "SPEC 6",
//!       "rfc": "must",
//!       "fails_run": true,
//!       "message": "answered 200 where 201 was expected",
//!       "expected": "201",
//!       "actual": "200",
//!       "rule": "RFC 7644 §3.3",
//!       "hint": "Answer a successful POST /Users or /Groups with 201 Created (not 200)."
//!     }
//!   ],
//!   "capabilities": [ { "scenario": "rfc/g2-filters", "step": "op-sw", "name": "sw",
//!                       "state": "refused", "detail": "400 invalidFilter: \"…\"" } ],
//!   "scenarios": [ { "id": "okta/f03-create-user", "steps": [ … ], "cleanup": [ … ], … } ],
//!   "kept": [ { "kind": "Group", "id": "g-9", "name": "sg-7f3a-admins", … } ],
//!   "left_behind": [ { "kind": "User", "id": "u-42", "name": "sg-7f3a-barbara@example.com",
//!                      "scenario": "okta/f03-create-user", "result": "deactivated", "detail": "…" } ],
//!   "left_behind_ledger": "scimgate-left-behind-sg-7f3a.jsonl",
//!   "interrupted": false, "responses_429": 0, "waited_on_429_ms": 0,
//!   "drift_fails": true,
//!   "accepted": [ { "entry": "duplicate-409", "reason": "SCIM-142", "until": "2027-03-01",
//!                   "state": "applied", "matched": 1, "source": "scimgate.toml" } ]
//! }
//! ```
//!
//! A JSON report parses back into a [`RunReport`] (`results` is derived data and is ignored).

use crate::check::{CheckId, Consequence, Gate, RfcLevel, Verdict};
use crate::runner::{LedgerEntry, LeftBehind, Preflight, RunReport, ScenarioResult, Summary};
use crate::secret::Redactor;
use serde::Serialize;
use std::io::{self, Write};

/// The version of the JSON report format written by [`write_json`]: 2 replaced each result's
/// `severity` with `consequence`, `oin`, `rfc` and `fails_run`, and added `gate`, `features`,
/// `okta_readiness`, `exit_code`, `left_behind`.
pub const JSON_FORMAT_VERSION: u32 = 2;

/// The report as written: the run's data plus the flat `results` list.
#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    exit_code: i32,
    gate: Gate,
    features: &'a crate::readiness::FeatureConfig,
    #[serde(skip_serializing_if = "Option::is_none")]
    okta_readiness: Option<&'a crate::readiness::OktaReadiness>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entra_readiness: Option<&'a crate::readiness::EntraReadiness>,
    target: &'a str,
    run_prefix: &'a str,
    seed: u64,
    started_at: &'a str,
    duration_ms: u64,
    requests: u64,
    preflight: &'a Preflight,
    summary: &'a Summary,
    results: Vec<ResultRow<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    capabilities: Vec<super::capability::CapabilityRow<'a>>,
    scenarios: &'a [ScenarioResult],
    kept: &'a [LedgerEntry],
    left_behind: &'a [LeftBehind],
    #[serde(skip_serializing_if = "Option::is_none")]
    left_behind_ledger: Option<&'a str>,
    interrupted: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped: Option<&'a str>,
    responses_429: u64,
    waited_on_429_ms: u64,
    drift_fails: bool,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    accepted: &'a [crate::accept::AcceptOutcome],
}

/// One check of one step.
#[derive(Serialize)]
struct ResultRow<'a> {
    scenario: &'a str,
    step: &'a str,
    check: CheckId,
    status: Verdict,
    consequence: Consequence,
    /// What the failure does in Entra, on the results of Entra scenarios only.
    #[serde(skip_serializing_if = "Option::is_none")]
    entra: Option<crate::check::EntraConsequence>,
    #[serde(skip_serializing_if = "Option::is_none")]
    oin: Option<&'static str>,
    rfc: RfcLevel,
    /// True when this result fails the run (a failure at or above the gate, in a feature
    /// that is on and not an accepted deviation; drift unless `--drift warn`).
    fails_run: bool,
    /// The reason, when this failure is an accepted deviation.
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted: Option<&'a str>,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    actual: Option<&'a str>,
    rule: &'static str,
    hint: &'a str,
}

/// Writes the JSON report (pretty-printed, secrets masked, ending in a newline).
pub fn write_json(report: &RunReport, redactor: &Redactor, out: &mut dyn Write) -> io::Result<()> {
    let results = report
        .scenarios
        .iter()
        .flat_map(|s| s.steps.iter().map(move |step| (s, step)))
        .flat_map(|(s, step)| {
            step.checks.iter().map(move |c| ResultRow {
                scenario: &s.id,
                step: &step.name,
                check: c.check,
                status: c.verdict,
                consequence: c.consequence,
                entra: c.entra,
                oin: c.check.oin(),
                rfc: c.rfc,
                fails_run: crate::readiness::fails_run(report, step, c)
                    || (c.verdict == Verdict::Drift && report.drift_fails),
                accepted: c.accepted.as_deref().map(String::as_str),
                message: &c.message,
                expected: c.expected.as_deref(),
                actual: c.actual.as_deref(),
                rule: c.check.rule(),
                hint: c.hint(),
            })
        })
        .collect();
    let doc = JsonReport {
        format_version: JSON_FORMAT_VERSION,
        exit_code: crate::exit::for_report(report),
        gate: report.gate,
        features: &report.features,
        okta_readiness: report.okta_readiness.as_ref(),
        entra_readiness: report.entra_readiness.as_ref(),
        target: &report.target,
        run_prefix: &report.run_prefix,
        seed: report.seed,
        started_at: &report.started_at,
        duration_ms: report.duration_ms,
        requests: report.requests,
        preflight: &report.preflight,
        summary: &report.summary,
        results,
        capabilities: super::capability::rows(report),
        scenarios: &report.scenarios,
        kept: &report.kept,
        left_behind: &report.left_behind,
        left_behind_ledger: report.left_behind_ledger.as_deref(),
        interrupted: report.interrupted,
        stopped: report.stopped.as_deref(),
        responses_429: report.responses_429,
        waited_on_429_ms: report.waited_on_429_ms,
        drift_fails: report.drift_fails,
        accepted: &report.accepted,
    };
    let text = serde_json::to_string_pretty(&doc).map_err(io::Error::other)?;
    out.write_all(redactor.redact(&text).as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;
    use serde_json::Value;

    fn render(report: &RunReport) -> String {
        let mut out = Vec::new();
        write_json(report, &fixture::redactor(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn json_report_snapshot() {
        let text = render(&fixture::report());
        fixture::snapshot_settings().bind(|| insta::assert_snapshot!("report__json", text));
    }

    #[test]
    fn json_report_has_version_summary_and_one_result_row_per_check() {
        let report = fixture::report();
        let v: Value = serde_json::from_str(&render(&report)).unwrap();
        assert_eq!(v["format_version"], JSON_FORMAT_VERSION);
        let s = &v["summary"];
        let counts: Vec<u64> = [
            "pass", "fail", "warn", "accepted", "error", "blocked", "skipped", "drift",
        ]
        .iter()
        .map(|k| s[k].as_u64().unwrap())
        .collect();
        assert_eq!(counts, [6, 1, 1, 0, 1, 2, 1, 0]);
        let rows = v["results"].as_array().unwrap();
        assert_eq!(rows.len(), fixture::check_count(&report));
        let expected: Vec<&str> = report
            .scenarios
            .iter()
            .flat_map(|s| &s.steps)
            .flat_map(|s| &s.checks)
            .map(|c| c.verdict.as_str())
            .collect();
        let statuses: Vec<&str> = rows.iter().map(|r| r["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, expected);
        let fail = rows.iter().find(|r| r["check"] == "create-201").unwrap();
        assert_eq!(
            (
                &fail["status"],
                &fail["consequence"],
                &fail["rfc"],
                &fail["fails_run"],
                &fail["expected"],
                &fail["actual"]
            ),
            (
                &"fail".into(),
                &"breaks-okta".into(),
                &"must".into(),
                &true.into(),
                &"201".into(),
                &"200".into()
            )
        );
        let echo = rows.iter().find(|r| r["check"] == "echo").unwrap();
        assert_eq!(
            (&echo["status"], &echo["fails_run"], &echo["oin"]),
            (&"fail".into(), &false.into(), &"SPEC 6".into()),
            "a failure below the gate is reported, and does not fail the run"
        );
        assert!(
            fail["rule"]
                .as_str()
                .unwrap()
                .starts_with("RFC 7644 §3.3 · Okta: ")
        );
        assert_eq!(fail["scenario"], "okta/f03-create-user");
        assert!(
            rows.iter()
                .filter(|r| r["status"] == "pass")
                .all(|r| r.get("expected").is_none())
        );
    }

    #[test]
    fn json_report_round_trips_into_a_run_report() {
        let mut report = fixture::report();
        let back: RunReport = serde_json::from_str(&render(&report)).unwrap();
        // The fixture's echoed token comes back masked; everything else is unchanged.
        let redactor = fixture::redactor();
        for c in report
            .scenarios
            .iter_mut()
            .flat_map(|s| &mut s.steps)
            .flat_map(|s| &mut s.checks)
        {
            c.message = redactor.redact(&c.message);
        }
        for e in report
            .scenarios
            .iter_mut()
            .flat_map(|s| &mut s.steps)
            .flat_map(|s| &mut s.exchanges)
        {
            e.response_body = e.response_body.as_deref().map(|b| redactor.redact(b));
        }
        similar_asserts::assert_eq!(back, report);
    }
}
