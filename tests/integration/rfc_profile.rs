//! The self-test of the RFC 7643/7644 profile (`--profile rfc`, scenarios under
//! `scenarios/rfc/`): the reference server passes all of it and is left clean, each of the
//! server's faults that breaks an RFC rule fails exactly the checks naming that rule, and a
//! capability the target does not advertise is `skipped`, not failed.

use crate::common;

use common::{failed_checks, problems, profile, run_reference};
use scimgate::check::CheckId::{self, *};
use scimgate::check::Verdict;
use scimgate::http::{ClientOptions, HttpClient};
use scimgate::reference::{Fault, RunningServer};
use scimgate::runner::{RunOptions, RunReport, Runner};
use scimgate::scenario::Scenario;
use scimgate::secret::Secret;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

#[tokio::test]
async fn reference_server_passes_the_rfc_profile_and_is_left_clean() {
    assert!(profile("rfc", true).len() >= 5);
    let gate = scimgate::runner::RunOptions::default().gate;
    common::assert_profile_passes_clean("rfc", gate, 300).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_fault_fails_exactly_the_checks_naming_its_rule() {
    let wrong = common::fault_table_mismatches(common::FaultTable {
        profile: "rfc",
        expected: common::expected::rfc_expected,
        gate: scimgate::runner::RunOptions::default().gate,
        exit: None,
        oin_agrees: false,
    })
    .await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn a_capability_not_advertised_is_skipped_with_the_steps_that_need_it() {
    let text = r#"
title: capability off
source: test
tags: [rfc]
vars:
  off: {kind: value, value: {etag: {supported: false}}}
steps:
  - name: etag-read
    title: needs ETags
    requires: "{{off.etag.supported}}"
    request: {method: GET, path: /ServiceProviderConfig}
    expect:
      - check: etag-header
  - name: after
    title: needs the skipped step
    needs: [etag-read]
    request: {method: GET, path: /ServiceProviderConfig}
    expect:
      - check: spc-valid
  - name: unrelated
    title: runs
    request: {method: GET, path: /ServiceProviderConfig}
    expect:
      - check: spc-valid
"#;
    let scenario = scimgate::scenario::parse_scenario("rfc/off", "test", text).unwrap();
    let (report, server) = run_reference(&[], &[scenario], 1, Duration::from_secs(30)).await;
    let steps = &report.scenarios[0].steps;
    for st in &steps[..2] {
        assert_eq!(st.verdict, Verdict::Skipped, "{}", st.name);
        assert!(st.exchanges.is_empty(), "{} sent a request", st.name);
        assert!(st.checks.iter().all(|c| c.verdict == Verdict::Skipped));
        assert!(
            st.checks[0].message.contains("does not advertise"),
            "{:?}",
            st.checks
        );
    }
    assert_eq!(steps[2].verdict, Verdict::Pass);
    assert_eq!(scimgate::exit::for_report(&report), scimgate::exit::OK);
    server.shutdown().await;
}

#[tokio::test]
async fn a_negated_requirement_runs_only_when_the_capability_is_absent() {
    let text = r#"
title: capability off
source: test
tags: [rfc]
vars:
  caps: {kind: value, value: {etag: {supported: false}, patch: {supported: true}}}
steps:
  - name: without-etag
    title: runs, the target has no ETags
    requires: "!{{caps.etag.supported}}"
    request: {method: GET, path: /ServiceProviderConfig}
    expect:
      - check: spc-valid
  - name: without-patch
    title: skipped, the target has PATCH
    requires: "!{{caps.patch.supported}}"
    request: {method: GET, path: /ServiceProviderConfig}
    expect:
      - check: spc-valid
"#;
    let scenario = scimgate::scenario::parse_scenario("rfc/neg", "test", text).unwrap();
    let (report, server) = run_reference(&[], &[scenario], 1, Duration::from_secs(30)).await;
    let steps = &report.scenarios[0].steps;
    assert_eq!(steps[0].verdict, Verdict::Pass);
    assert_eq!(steps[1].verdict, Verdict::Skipped);
    assert!(steps[1].exchanges.is_empty());
    assert!(
        steps[1].checks[0]
            .message
            .contains("advertises `caps.patch.supported`"),
        "{:?}",
        steps[1].checks
    );
    server.shutdown().await;
}

/// Runs scenarios against a fresh reference server through its unversioned base (`/api`),
/// where the version-segment steps run instead of being skipped.
async fn run_unversioned(faults: &[Fault], scenarios: &[Scenario]) -> (RunReport, RunningServer) {
    let server = common::server(faults).await;
    let mut options = ClientOptions::new(
        url::Url::parse(&server.unversioned_base_url()).unwrap(),
        Secret::new(server.token()),
    );
    options.timeout = Duration::from_secs(30);
    let runner = Runner::new(
        Arc::new(HttpClient::new(options).unwrap()),
        RunOptions {
            seed: 42,
            jobs: 1,
            ..RunOptions::default()
        },
    );
    let report = runner.run(scenarios, Arc::new(|_| {})).await;
    (report, server)
}

fn version_steps(report: &RunReport) -> Vec<&scimgate::runner::StepResult> {
    report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .filter(|st| st.name.starts_with("version-segment"))
        .collect()
}

#[tokio::test]
async fn on_an_unversioned_base_the_version_segment_is_probed_and_the_profile_passes() {
    let (report, server) = run_unversioned(&[], &profile("rfc", false)).await;
    assert_eq!(problems(&report), Vec::<String>::new());
    let steps = version_steps(&report);
    assert_eq!(steps.len(), 2);
    for st in steps {
        assert_eq!(st.verdict, Verdict::Pass, "{}", st.name);
        assert!(
            st.exchanges[0].request.path.starts_with("/v2/"),
            "{:?}",
            st.exchanges[0]
        );
    }
    server.shutdown().await;
}

#[tokio::test]
async fn on_an_unversioned_base_a_404_for_the_version_segment_fails_only_version_segment() {
    let (report, server) =
        run_unversioned(&[Fault::VersionSegment404], &profile("rfc", false)).await;
    assert_eq!(
        failed_checks(&report),
        BTreeSet::from([VersionSegment]),
        "{:#?}",
        problems(&report)
    );
    server.shutdown().await;
}

#[tokio::test]
async fn on_the_v2_base_the_version_segment_steps_are_skipped_with_the_reason() {
    let protocol: Vec<_> = profile("rfc", false)
        .into_iter()
        .filter(|s| s.id == "rfc/n-protocol")
        .collect();
    let (report, server) = run_reference(&[], &protocol, 1, Duration::from_secs(30)).await;
    let steps = version_steps(&report);
    assert_eq!(steps.len(), 2);
    for st in steps {
        assert_eq!(st.verdict, Verdict::Skipped, "{}", st.name);
        assert!(st.exchanges.is_empty());
        assert_eq!(
            st.checks[0].message,
            "the base URL already ends in /v2: the version segment is part of it"
        );
    }
    server.shutdown().await;
}

#[test]
fn every_rfc_check_names_its_checklist_row() {
    let rfc: BTreeSet<CheckId> = profile("rfc", true)
        .iter()
        .flat_map(|s| &s.file.steps)
        .flat_map(|st| &st.expect)
        .map(|c| c.id())
        .collect();
    for c in &rfc {
        assert!(c.rule().contains("RFC"), "{}", c.as_str());
    }
    // Each new rfc-only check carries a checklist id such as (G19) in its rule.
    for c in CheckId::ALL
        .iter()
        .filter(|c| c.rule().contains('(') && rfc.contains(c) && !c.rule().contains("Okta"))
    {
        assert!(
            c.rule().chars().any(|ch| ch.is_ascii_digit()),
            "{}",
            c.as_str()
        );
    }
}

#[tokio::test]
async fn what_a_bulk_request_creates_is_cleaned_up_even_past_the_error_limit() {
    // With failOnErrors ignored the create after the limit happens; the ledger still has it.
    let bulk = common::scenario("rfc/k-bulk");
    let (report, server) = run_reference(
        &[Fault::FailOnErrorsIgnored],
        &bulk,
        1,
        Duration::from_secs(30),
    )
    .await;
    let cleanup = &report.scenarios[0].cleanup;
    assert_eq!(cleanup.len(), 4, "{cleanup:?}");
    assert!(cleanup.iter().all(|c| c.result == "deleted"), "{cleanup:?}");
    assert!(cleanup.iter().any(|c| c.name.contains(".bulk-late@")));
    common::assert_left_empty(&server).await;
    server.shutdown().await;
}

#[tokio::test]
async fn a_repeat_over_its_limit_is_skipped_not_sent() {
    let text = r#"
title: huge limit
source: test
tags: [rfc]
vars:
  big: {kind: value, value: {maxOperations: 5000}}
steps:
  - name: over-limit
    title: would send 5001 operations
    repeat:
      count: "{{big.maxOperations}}"
      plus: 1
      at_most: 1001
      into: ops
      item: {"method": "DELETE", "path": "/Users/absent-{{repeat.index}}"}
    request:
      method: POST
      path: /Bulk
      body: {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": "{{ops}}"}
    expect:
      - check: bulk-limits-413
        limit: "{{big.maxOperations}}"
"#;
    let scenario = scimgate::scenario::parse_scenario("rfc/huge", "test", text).unwrap();
    let (report, server) = run_reference(&[], &[scenario], 1, Duration::from_secs(30)).await;
    let step = &report.scenarios[0].steps[0];
    assert_eq!(step.verdict, Verdict::Skipped);
    assert!(step.exchanges.is_empty());
    assert!(
        step.checks[0]
            .message
            .contains("more than its limit of 1001"),
        "{:?}",
        step.checks
    );
    server.shutdown().await;
}

/// Every check of the report that is `blocked`, as `scenario › step › check`.
fn blocked(report: &RunReport) -> Vec<String> {
    let mut out = Vec::new();
    for s in &report.scenarios {
        for st in &s.steps {
            for c in st.checks.iter().filter(|c| c.verdict == Verdict::Blocked) {
                out.push(format!("{} › {} › {}", s.id, st.name, c.check.as_str()));
            }
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_offering_only_eq_gets_a_capability_table_not_failures() {
    let (report, server) = run_reference(
        &[Fault::EqOnlyFilters],
        &profile("rfc", false),
        2,
        Duration::from_secs(30),
    )
    .await;
    server.shutdown().await;
    assert!(failed_checks(&report).is_empty(), "{:?}", problems(&report));
    assert_eq!(blocked(&report), Vec::<String>::new());
    let caps: Vec<(String, scimgate::runner::CapabilityState)> = report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .filter_map(|st| st.capability.as_ref())
        .map(|c| (c.name.clone(), c.state))
        .collect();
    use scimgate::runner::CapabilityState::*;
    let state = |n: &str| caps.iter().find(|(name, _)| name == n).map(|(_, s)| *s);
    assert_eq!(state("eq on userName"), Some(Supported));
    assert_eq!(state("eq on displayName"), Some(Supported));
    assert_eq!(state("sw"), Some(Refused));
    assert_eq!(state("or"), Some(Refused));
    assert_eq!(state("ne"), Some(Untested));
    // A paging test scoped by `or` is skipped, saying why, not blocked or failed.
    let g3 = report
        .scenarios
        .iter()
        .find(|s| s.id == "rfc/g3-lists")
        .unwrap();
    let count_zero = g3.steps.iter().find(|s| s.name == "count-zero").unwrap();
    assert_eq!(count_zero.verdict, Verdict::Skipped);
    assert!(
        count_zero.checks[0].message.contains("needs `or`"),
        "{:?}",
        count_zero.checks
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_header_meta_or_error_type_blocks_nothing() {
    use futures_util::StreamExt;
    let faults = [
        Fault::CreateWithoutLocation,
        Fault::MetaMissing,
        Fault::ErrorStatusAsNumber,
        Fault::DiscoveryFilterAnswered,
        Fault::CreateAnswers200,
    ];
    let wrong: Vec<String> = futures_util::stream::iter(faults)
        .map(|fault| async move {
            let (report, server) =
                run_reference(&[fault], &profile("rfc", false), 2, Duration::from_secs(30)).await;
            server.shutdown().await;
            // Without a first `meta`, whether a write moved it on cannot be judged: that one
            // check is blocked, by name; every other step still runs.
            let b: Vec<String> = blocked(&report)
                .into_iter()
                .filter(|b| !(fault == Fault::MetaMissing && b.ends_with("› meta-updated")))
                .collect();
            (!b.is_empty()).then(|| format!("{}: {b:?}", fault.name()))
        })
        .buffer_unordered(3)
        .filter_map(|x| async move { x })
        .collect()
        .await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_create_is_one_failure_quoting_the_server_and_naming_the_attribute() {
    let (report, server) = run_reference(
        &[Fault::CreateRequiresFormatted],
        &common::scenario("rfc/h-writes"),
        1,
        Duration::from_secs(30),
    )
    .await;
    server.shutdown().await;
    let create = report.scenarios[0]
        .steps
        .iter()
        .find(|s| s.name == "create-writer")
        .unwrap();
    let failed: Vec<_> = create
        .checks
        .iter()
        .filter(|c| c.verdict == Verdict::Fail)
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    let f = failed[0];
    assert_eq!(f.check, Create201);
    assert!(
        f.message
            .contains("400 invalidValue: \"Field 'formatted' is required\"")
            && f.message
                .contains("it names `formatted`, which the request did not carry"),
        "{}",
        f.message
    );
    assert!(
        f.hint().starts_with("Do not require `formatted`"),
        "{}",
        f.hint()
    );
    // The steps that need the user are blocked by the create, each naming it.
    let blocked_by: Vec<&str> = report.scenarios[0]
        .steps
        .iter()
        .flat_map(|s| &s.checks)
        .filter(|c| c.verdict == Verdict::Blocked)
        .map(|c| c.message.as_str())
        .collect();
    assert!(!blocked_by.is_empty());
    assert!(
        blocked_by
            .iter()
            .all(|m| m.contains("create-201") || m.contains("create-writer")),
        "{blocked_by:?}"
    );
}
