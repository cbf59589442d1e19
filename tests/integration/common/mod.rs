//! Shared helpers for the integration tests: run scenarios in-process against the embedded
//! reference server, and collect what failed.
#![allow(dead_code)]

pub mod expected;
pub mod proxy;

use scimgate::check::{CheckId, Gate, Verdict};
use scimgate::http::{ClientOptions, HttpClient};
use scimgate::reference::{Fault, RunningServer, ServeOptions, spawn};
use scimgate::runner::{RunOptions, RunReport, Runner};
use scimgate::scenario::{Scenario, builtin_scenarios};
use scimgate::secret::Secret;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

/// Starts the reference server with these faults.
pub async fn server(faults: &[Fault]) -> RunningServer {
    spawn(ServeOptions {
        faults: faults.to_vec(),
        ..ServeOptions::default()
    })
    .await
    .expect("reference server starts")
}

/// A client for a running server.
pub fn client(server: &RunningServer, timeout: Duration) -> HttpClient {
    let mut o = ClientOptions::new(
        url::Url::parse(server.base_url()).unwrap(),
        Secret::new(server.token()),
    );
    o.timeout = timeout;
    HttpClient::new(o).unwrap()
}

/// Built-in scenarios, slow ones included when asked.
pub fn scenarios(include_slow: bool) -> Vec<Scenario> {
    builtin_scenarios()
        .unwrap()
        .into_iter()
        .filter(|s| include_slow || !s.has_tag("slow"))
        .collect()
}

/// Built-in scenarios of one profile (by its tag, `okta` or `rfc`), slow ones when asked.
pub fn profile(tag: &str, include_slow: bool) -> Vec<Scenario> {
    scenarios(include_slow)
        .into_iter()
        .filter(|s| s.has_tag(tag))
        .collect()
}

/// The one built-in scenario with this id (slow ones included), as a list to run.
pub fn scenario(id: &str) -> Vec<Scenario> {
    let one: Vec<Scenario> = scenarios(true).into_iter().filter(|s| s.id == id).collect();
    assert_eq!(one.len(), 1, "no built-in scenario {id}");
    one
}

/// Asserts the reference server holds no User and no Group: the run cleaned up after itself.
pub async fn assert_left_empty(server: &RunningServer) {
    let client = client(server, Duration::from_secs(5));
    for endpoint in ["/Users", "/Groups"] {
        let call = client
            .send(&scimgate::http::RequestSpec::new(
                scimgate::http::Method::Get,
                endpoint,
            ))
            .await;
        let body = call.response.unwrap().json().unwrap();
        assert_eq!(body["totalResults"], 0, "{endpoint} left behind: {body}");
    }
}

/// Runs scenarios against a fresh reference server with these faults.
pub async fn run_reference(
    faults: &[Fault],
    scenarios: &[Scenario],
    jobs: usize,
    timeout: Duration,
) -> (RunReport, RunningServer) {
    run_reference_at(faults, scenarios, jobs, timeout, RunOptions::default().gate).await
}

/// [`run_reference`] at this gate.
pub async fn run_reference_at(
    faults: &[Fault],
    scenarios: &[Scenario],
    jobs: usize,
    timeout: Duration,
    gate: Gate,
) -> (RunReport, RunningServer) {
    let server = server(faults).await;
    let runner = Runner::new(
        Arc::new(client(&server, timeout)),
        RunOptions {
            seed: 42,
            jobs,
            gate,
            ..RunOptions::default()
        },
    );
    let report = runner.run(scenarios, Arc::new(|_| {})).await;
    (report, server)
}

/// Runs a profile (slow scenarios included, two at a time) against a clean reference server
/// at this gate and asserts what a conformant server gives: no check short of pass, exit 0,
/// more than `min_pass` passes, every object the run created deleted and the server left
/// empty. Returns the report for the profile's own assertions.
pub async fn assert_profile_passes_clean(tag: &str, gate: Gate, min_pass: u64) -> RunReport {
    let scenarios = profile(tag, true);
    let (report, server) =
        run_reference_at(&[], &scenarios, 2, Duration::from_secs(30), gate).await;
    assert_eq!(problems(&report), Vec::<String>::new());
    assert_eq!(scimgate::exit::for_report(&report), scimgate::exit::OK);
    assert_eq!(report.scenarios.len(), scenarios.len());
    assert!(report.summary.pass > min_pass, "{:?}", report.summary);
    for s in &report.scenarios {
        for c in &s.cleanup {
            assert_eq!(c.result, "deleted", "{} {:?}", s.id, c);
        }
    }
    assert_left_empty(&server).await;
    server.shutdown().await;
    report
}

/// One profile's fault table: which faults its traffic meets and the checks each must fail.
pub struct FaultTable {
    /// The profile's tag (`okta`, `rfc`, `entra`).
    pub profile: &'static str,
    /// Its rows (`expected::okta_expected`, ...): `None` for a fault it does not run.
    pub expected: fn(Fault) -> Option<&'static [CheckId]>,
    /// The gate the runs use.
    pub gate: Gate,
    /// When the table also holds the exit code: whether a failure of this check fails the
    /// run at the gate (`Gate::counts`, `Gate::counts_in_entra`).
    pub exit: Option<fn(Gate, CheckId) -> bool>,
    /// Whether the `oin` gate's exit code must agree with the readiness report's OIN line
    /// (exit 1 at `oin` exactly when Okta breaks or an OIN test step fails).
    pub oin_agrees: bool,
}

/// Runs the profile against the reference server once per fault its table names (one
/// scenario at a time per server, so that list sizes do not depend on timing; three servers
/// at once) and returns one line per fault whose failed checks, or exit code, differ from
/// its row.
pub async fn fault_table_mismatches(table: FaultTable) -> Vec<String> {
    use futures_util::StreamExt;
    let scenarios = profile(table.profile, false);
    let scenarios = &scenarios;
    let table = &table;
    let results: Vec<Vec<String>> = futures_util::stream::iter(Fault::ALL.iter().copied())
        .filter_map(|fault| async move { (table.expected)(fault).map(|want| (fault, want)) })
        .map(|(fault, want)| async move {
            let (report, server) =
                run_reference_at(&[fault], scenarios, 1, Duration::from_secs(30), table.gate).await;
            server.shutdown().await;
            let got = failed_checks(&report);
            let want: BTreeSet<CheckId> = want.iter().copied().collect();
            let mut wrong = Vec::new();
            if got != want {
                let shown: Vec<String> = problems(&report)
                    .into_iter()
                    .filter(|p| !p.contains(": blocked "))
                    .collect();
                wrong.push(format!(
                    "fault {}: failed {got:?}, expected {want:?}\n  {}",
                    fault.name(),
                    shown.join("\n  ")
                ));
            }
            if let Some(counts) = table.exit {
                let exit = scimgate::exit::for_report(&report);
                let want_exit = i32::from(want.iter().any(|c| counts(table.gate, *c)));
                if exit != want_exit {
                    wrong.push(format!(
                        "fault {}: exit {exit}, expected {want_exit}",
                        fault.name()
                    ));
                }
            }
            if table.oin_agrees {
                let at_okta = scimgate::exit::for_report(&report);
                let oin_fails = report
                    .okta_readiness
                    .as_ref()
                    .is_some_and(|r| !r.oin.failing.is_empty());
                let mut at_oin = report.clone();
                at_oin.gate = Gate::Oin;
                let got = scimgate::exit::for_report(&at_oin);
                let want = i32::from(at_okta == 1 || oin_fails);
                if at_okta <= 1 && got != want {
                    wrong.push(format!(
                        "fault {}: exit {got} at the oin gate, but the OIN line says {:?} (exit {at_okta} at okta)",
                        fault.name(),
                        report.okta_readiness.as_ref().map(|r| &r.oin.failing)
                    ));
                }
            }
            wrong
        })
        .buffer_unordered(3)
        .collect()
        .await;
    results.into_iter().flatten().collect()
}

/// The ids of every check that failed anywhere in the report.
pub fn failed_checks(report: &RunReport) -> BTreeSet<CheckId> {
    report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.checks)
        .filter(|c| c.verdict == Verdict::Fail)
        .map(|c| c.check)
        .collect()
}

/// Every non-pass check, as `scenario › step › check: verdict message`, for assertion messages.
pub fn problems(report: &RunReport) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(f) = &report.preflight.fatal {
        out.push(format!("preflight: {f}"));
    }
    for s in &report.scenarios {
        for st in &s.steps {
            for c in &st.checks {
                if !matches!(c.verdict, Verdict::Pass | Verdict::Skipped) {
                    out.push(format!(
                        "{} › {} › {}: {} {}",
                        s.id,
                        st.name,
                        c.check.as_str(),
                        c.verdict.as_str(),
                        c.message
                    ));
                }
            }
        }
    }
    out
}

/// The scimgate binary with no target or token from the environment and no colour.
pub fn scimgate() -> std::process::Command {
    use assert_cmd::cargo::CommandCargoExt;
    let mut c = std::process::Command::cargo_bin("scimgate").expect("the scimgate binary");
    c.env_remove("SCIMGATE_TOKEN")
        .env_remove("SCIMGATE_BASE_URL")
        .env("NO_COLOR", "1");
    c
}

/// Runs a command to completion off the async runtime (the test's own server keeps serving).
pub async fn output(mut cmd: std::process::Command) -> std::process::Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("the command runs"))
        .await
        .expect("the command's thread")
}

/// The failed checks of a run as `scenario › step › check`, and every check that is neither
/// passed nor failed nor blocked by one of them (an error, a skip, a block with another root).
pub fn entra_outcome(report: &RunReport) -> (Vec<String>, Vec<String>) {
    let mut failed = Vec::new();
    let mut other = Vec::new();
    for s in &report.scenarios {
        for st in &s.steps {
            for c in &st.checks {
                let place = format!("{} › {} › {}", s.id, st.name, c.check.as_str());
                match c.verdict {
                    Verdict::Pass => {}
                    Verdict::Fail => failed.push(place),
                    Verdict::Blocked => {}
                    _ => other.push(format!("{place}: {} {}", c.verdict.as_str(), c.message)),
                }
            }
        }
        for c in &s.cleanup {
            assert_eq!(c.result, "deleted", "{} {:?}", s.id, c);
        }
    }
    (failed, other)
}

/// Each Entra capability's state in the readiness report, by label.
pub fn entra_lines(report: &RunReport) -> Vec<(String, scimgate::readiness::ReadyState)> {
    report
        .entra_readiness
        .as_ref()
        .expect("an Entra section")
        .lines
        .iter()
        .map(|l| (l.label.clone(), l.state))
        .collect()
}
