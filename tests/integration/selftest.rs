//! The self-test of the Okta profile (the RFC profile has its own, `rfc_profile.rs`): every
//! scenario passes against the embedded reference server, and each of the
//! server's faults makes exactly the checks that name its rule fail: proof that each check
//! catches what it claims, and that one broken rule gives one kind of failure, not a cascade.

use crate::common;

use common::{failed_checks, problems, run_reference};
use scimgate::check::CheckId::{self, *};
use scimgate::reference::Fault;
use std::collections::BTreeSet;
use std::time::Duration;

#[tokio::test]
async fn reference_server_passes_every_scenario_and_is_left_clean() {
    common::assert_profile_passes_clean("okta", scimgate::check::Gate::Okta, 400).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_fault_fails_exactly_the_checks_naming_its_rule() {
    let wrong = common::fault_table_mismatches(common::FaultTable {
        profile: "okta",
        expected: common::expected::okta_expected,
        gate: scimgate::check::Gate::Okta,
        exit: Some(scimgate::check::Gate::counts),
        oin_agrees: true,
    })
    .await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn slow_responses_beyond_the_timeout_are_errors_not_failures() {
    let some = common::scenario("okta/f01-test-api-credentials");
    let (report, server) = run_reference(
        &[Fault::SlowResponses],
        &some,
        1,
        Duration::from_millis(500),
    )
    .await;
    assert!(
        report
            .preflight
            .fatal
            .as_deref()
            .is_some_and(|f| f.contains("no answer within")),
        "{:?}",
        report.preflight
    );
    assert!(failed_checks(&report).is_empty());
    assert_eq!(
        scimgate::exit::for_report(&report),
        scimgate::exit::COULD_NOT_TEST
    );
    server.shutdown().await;
}

#[tokio::test]
async fn slow_responses_within_the_timeout_fail_only_the_response_time_check() {
    let only_s10 = include_str!("../../scenarios/okta/spec.yaml");
    let doc: serde_json::Value = serde_saphyr::from_str(only_s10).unwrap();
    let s10 = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "s10-groups-endpoint")
        .unwrap()
        .clone();
    let text = serde_json::json!({"title": "SPEC step 10", "source": "okta-traffic.md §3.1", "steps": [s10]}).to_string();
    let scenario =
        scimgate::scenario::parse_scenario("okta/spec-s10", "spec step 10", &text).unwrap();
    let (report, server) = run_reference(
        &[Fault::SlowResponses],
        &[scenario],
        1,
        Duration::from_secs(10),
    )
    .await;
    let want: BTreeSet<CheckId> = [ResponseTime].into_iter().collect();
    assert_eq!(failed_checks(&report), want, "{:?}", problems(&report));
    assert_eq!(
        scimgate::exit::for_report(&report),
        scimgate::exit::OK,
        "response-time fails only Okta's OIN test (an optional step), not Okta"
    );
    server.shutdown().await;
}

/// Checks no fault can make fail, each with the test that shows it failing instead.
const PROVED_ELSEWHERE: &[(CheckId, &str)] = &[
    (
        ResponseTime,
        "selftest.rs: slow_responses_within_the_timeout_fail_only_the_response_time_check",
    ),
    (
        Snapshot,
        "snapshots.rs: drift_is_reported_at_the_changed_step_and_accept_makes_the_next_run_clean",
    ),
    (
        VersionSegment,
        "rfc_profile.rs: on_an_unversioned_base_a_404_for_the_version_segment_fails_only_version_segment",
    ),
    (
        SyncGroupMember,
        "readiness.rs: a_user_missing_from_the_sync_group_fails_sync_group_member",
    ),
];

/// Every check can fail: each one is in the expected set of some fault (in any profile's
/// table, which the fault self-tests hold the runs to), or names the test that fails it.
#[test]
fn every_check_fails_under_some_fault_or_names_the_test_that_fails_it() {
    let mut covered: BTreeSet<CheckId> = BTreeSet::new();
    for fault in Fault::ALL {
        for table in [
            common::expected::okta_expected(*fault),
            common::expected::rfc_expected(*fault),
            common::expected::entra_expected(*fault),
        ]
        .into_iter()
        .flatten()
        {
            covered.extend(table.iter().copied());
        }
    }
    let elsewhere: BTreeSet<CheckId> = PROVED_ELSEWHERE.iter().map(|(c, _)| *c).collect();
    let uncovered: Vec<&str> = CheckId::ALL
        .iter()
        .filter(|c| !covered.contains(c) && !elsewhere.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        uncovered.is_empty(),
        "no fault makes these checks fail: {uncovered:?}"
    );
    let needless: Vec<&str> = elsewhere
        .iter()
        .filter(|c| covered.contains(c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        needless.is_empty(),
        "a fault already fails these; drop them from PROVED_ELSEWHERE: {needless:?}"
    );
}
