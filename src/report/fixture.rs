//! A synthetic [`RunReport`] for the reporter tests, built by hand so every verdict, a cleanup
//! leftover, a `--keep` entry and an echoed secret are all present, plus the test that the
//! secret reaches none of the three outputs.
//!
//! The report has two scenarios:
//!
//! ```text
//! okta/f01-list-users   list: list-response, json-body, media-type           all pass
//! okta/f03-create-user  create: json-body pass, create-201 fail (must), echo fail (should)
//!                       read: get-200 error (body echoes the token), media-type pass
//!                       deactivate: deactivate-keeps-user, read-back blocked
//!                       filter: filter-match pass, filter-case-insensitive skipped
//! ```

use crate::check::{CheckId, CheckOutcome};
use crate::http::{Method, SentRequest};
use crate::runner::{
    CleanupOutcome, Exchange, LedgerEntry, Preflight, RunEvent, RunReport, ScenarioResult,
    StepResult, Summary, worst,
};
use crate::scenario::ResourceKind;
use crate::secret::{Redactor, Secret};
use std::io::Write;
use std::sync::{Arc, Mutex};

/// The token of the synthetic run; it must never reach an output.
pub(super) const TOKEN: &str = "tok_SECRET_123456789";

/// A redactor that knows [`TOKEN`].
pub(super) fn redactor() -> Redactor {
    Redactor::new([&Secret::new(TOKEN)])
}

fn exchange(method: Method, path: &str, sent: Option<&str>, status: u16, body: &str) -> Exchange {
    Exchange {
        request: SentRequest {
            method,
            path: path.to_owned(),
            headers: vec![("authorization".to_owned(), "Bearer ***".to_owned())],
            body: sent.map(str::to_owned),
        },
        status: Some(status),
        response_headers: vec![(
            "content-type".to_owned(),
            "application/scim+json".to_owned(),
        )],
        response_body: Some(body.to_owned()),
        transport_error: None,
        elapsed_ms: 12,
    }
}

fn step(
    name: &str,
    title: &str,
    exchanges: Vec<Exchange>,
    checks: Vec<CheckOutcome>,
) -> StepResult {
    StepResult {
        name: name.to_owned(),
        title: title.to_owned(),
        source: None,
        feature: None,
        verdict: worst(checks.iter().map(|c| c.verdict)),
        exchanges,
        checks,
        capability: None,
    }
}

fn scenario(
    id: &str,
    title: &str,
    steps: Vec<StepResult>,
    cleanup: Vec<CleanupOutcome>,
    ms: u64,
) -> ScenarioResult {
    ScenarioResult {
        id: id.to_owned(),
        title: title.to_owned(),
        verdict: worst(steps.iter().map(|s| s.verdict)),
        steps,
        cleanup,
        duration_ms: ms,
        interrupted: false,
        generated: Default::default(),
    }
}

fn all_pass() -> ScenarioResult {
    let list = exchange(
        Method::Get,
        "/Users?startIndex=1&count=100",
        None,
        200,
        r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"Resources":[]}"#,
    );
    let checks = vec![
        CheckOutcome::pass(CheckId::ListResponse, "a ListResponse with totalResults 0"),
        CheckOutcome::pass(CheckId::JsonBody, "the body is JSON"),
        CheckOutcome::pass(CheckId::MediaType, "served as application/scim+json"),
    ];
    scenario(
        "okta/f01-list-users",
        "Import users",
        vec![step("list", "List users", vec![list], checks)],
        vec![],
        41,
    )
}

fn with_failures() -> ScenarioResult {
    let sent = r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"sg-7f3a-barbara@example.com","name":{"givenName":"Barbara"}}"#;
    let created = "{\n  \"id\": \"u-42\",\n  \"userName\": \"sg-7f3a-barbara@example.com\",\n  \"name\": {\"givenName\": \"barbara\"}\n}";
    let create = step(
        "create",
        "Create the user",
        vec![exchange(Method::Post, "/Users", Some(sent), 200, created)],
        vec![
            CheckOutcome::pass(CheckId::JsonBody, "the body is JSON"),
            CheckOutcome::fail(
                CheckId::Create201,
                "answered 200 where 201 was expected",
                "201",
                "200",
            ),
            CheckOutcome::fail(
                CheckId::Echo,
                "`name.givenName` came back changed",
                "\"Barbara\"",
                "\"barbara\"",
            ),
        ],
    );
    let echoed = format!(r#"{{"detail":"no user for token {TOKEN}"}}"#);
    let read = step(
        "read",
        "Read the user back",
        vec![exchange(Method::Get, "/Users/u-42", None, 200, &echoed)],
        vec![
            CheckOutcome::error(
                CheckId::Get200,
                format!("the 200 body has no resource: {echoed}"),
            ),
            CheckOutcome::pass(CheckId::MediaType, "served as application/scim+json"),
        ],
    );
    let root = "step `read` (`get-200` error)";
    let deactivate = step(
        "deactivate",
        "Deactivate the user",
        vec![],
        vec![
            CheckOutcome::blocked(CheckId::DeactivateKeepsUser, root),
            CheckOutcome::blocked(CheckId::ReadBack, root),
        ],
    );
    let filter = step(
        "filter",
        "Find the user by userName",
        vec![exchange(
            Method::Get,
            "/Users?filter=userName%20eq%20%22sg-7f3a-barbara%40example.com%22",
            None,
            200,
            r#"{"totalResults":1,"Resources":[{"id":"u-42"}]}"#,
        )],
        vec![
            CheckOutcome::pass(CheckId::FilterMatch, "found 1 match"),
            CheckOutcome::skipped(CheckId::FilterCaseInsensitive, "not selected (--checks)"),
        ],
    );
    let cleanup = vec![CleanupOutcome {
        kind: ResourceKind::User,
        id: "u-42".to_owned(),
        name: "sg-7f3a-barbara@example.com".to_owned(),
        result: crate::runner::CleanupResult::Deactivated,
        detail: Some("DELETE answered 405; the user was deactivated instead".to_owned()),
    }];
    scenario(
        "okta/f03-create-user",
        "Create a user",
        vec![create, read, deactivate, filter],
        cleanup,
        132,
    )
}

/// The synthetic report.
pub(crate) fn report() -> RunReport {
    let scenarios = vec![all_pass(), with_failures()];
    let mut report = RunReport {
        format_version: crate::report::JSON_FORMAT_VERSION,
        gate: crate::check::Gate::Okta,
        features: crate::readiness::FeatureConfig::default(),
        okta_readiness: None,
        entra_readiness: None,
        target: "https://scim.example.com/scim/v2/".to_owned(),
        run_prefix: "sg-7f3a".to_owned(),
        seed: 7,
        started_at: "2026-01-02T03:04:05Z".to_owned(),
        duration_ms: 410,
        requests: 48,
        responses_429: 0,
        waited_on_429_ms: 0,
        interrupted: false,
        stopped: None,
        preflight: Preflight {
            status: Some(200),
            error: None,
            fatal: None,
        },
        summary: Summary::default(),
        scenarios,
        kept: vec![LedgerEntry {
            kind: ResourceKind::Group,
            id: "g-9".to_owned(),
            name: "sg-7f3a-admins".to_owned(),
            prefix: "sg-7f3a".to_owned(),
            scenario: "okta/f03-create-user".to_owned(),
            state: crate::runner::EntryState::Created,
        }],
        left_behind: vec![crate::runner::LeftBehind {
            kind: ResourceKind::User,
            id: "u-42".to_owned(),
            name: "sg-7f3a-barbara@example.com".to_owned(),
            scenario: "okta/f03-create-user".to_owned(),
            result: crate::runner::CleanupResult::Deactivated,
            detail: Some("DELETE answered 405; the user was deactivated instead".to_owned()),
        }],
        left_behind_ledger: Some("scimgate-left-behind-sg-7f3a.jsonl".to_owned()),
        drift_fails: true,
        accepted: Vec::new(),
    };
    report.recount();
    report
}

/// The events a run of [`report`] would emit, in order.
pub(super) fn events(report: &RunReport) -> Vec<RunEvent> {
    let mut events = vec![
        RunEvent::RunStarted {
            target: report.target.clone(),
            scenarios: report.scenarios.len(),
            prefix: report.run_prefix.clone(),
            seed: report.seed,
        },
        RunEvent::PreflightDone { outcome: Ok(200) },
    ];
    for s in &report.scenarios {
        events.push(RunEvent::ScenarioStarted { id: s.id.clone() });
        events.push(RunEvent::ScenarioFinished {
            result: Box::new(s.clone()),
        });
    }
    events
}

/// The number of checks in a report.
pub(super) fn check_count(report: &RunReport) -> usize {
    report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .map(|s| s.checks.len())
        .sum()
}

/// An in-memory console the test can read back after handing a copy to the reporter.
#[derive(Clone, Default)]
pub(super) struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    /// Everything written so far.
    pub(super) fn text(&self) -> String {
        String::from_utf8(self.0.lock().unwrap().clone()).unwrap()
    }
}

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// insta settings that keep the reporter snapshots in the top-level `snapshots/` folder.
pub(super) fn snapshot_settings() -> insta::Settings {
    let mut s = insta::Settings::clone_current();
    s.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    s.set_prepend_module_to_snapshot(false);
    s
}

mod tests {
    use super::*;
    use crate::report::{ConsoleReporter, write_json, write_junit};

    #[test]
    fn the_fixture_covers_every_case_the_reporters_handle() {
        let r = report();
        let s = r.summary;
        assert_eq!(
            (
                s.pass, s.fail, s.warn, s.error, s.blocked, s.skipped, s.drift
            ),
            (6, 1, 1, 1, 2, 1, 0)
        );
        assert_eq!(crate::exit::for_report(&r), crate::exit::NONCONFORMANT);
        assert!(
            serde_json::to_string(&r).unwrap().contains(TOKEN),
            "the fixture must carry the secret"
        );
    }

    #[test]
    fn the_token_reaches_no_output() {
        let r = report();
        let mut json = Vec::new();
        write_json(&r, &redactor(), &mut json).unwrap();
        let mut junit = Vec::new();
        write_junit(&r, &redactor(), &mut junit).unwrap();
        let buf = Buffer::default();
        let console = ConsoleReporter::new(Box::new(buf.clone()), false, true, redactor());
        for e in events(&r) {
            console.on_event(&e);
        }
        console.finish(&r);
        let outputs = [
            ("json", String::from_utf8(json).unwrap()),
            ("junit", String::from_utf8(junit).unwrap()),
            ("console", buf.text()),
        ];
        for (name, text) in outputs {
            assert!(!text.contains(TOKEN), "{name} leaks the token:\n{text}");
            assert!(
                !text.contains("SECRET_123"),
                "{name} leaks part of the token"
            );
            assert!(
                text.contains("no user for token ***"),
                "{name} does not show the mask:\n{text}"
            );
        }
    }
}
