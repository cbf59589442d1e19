//! The self-test of the Microsoft Entra ID profile (`--profile entra`, scenarios under
//! `scenarios/entra/`): the reference server passes all of it and is left clean; each
//! fault fails exactly the checks in its `entra_expected` row, and the run exits 1 at the
//! `entra` gate exactly when one of them breaks Entra; a failure in Entra's traffic counts
//! at `entra` and `rfc`, never at `okta` or `oin`; and the readiness report names the
//! broken Entra capability.

use crate::common;

use common::profile;
use scimgate::check::Gate;
use scimgate::readiness::ReadyState;
use scimgate::reference::{Fault, RunningServer};
use scimgate::runner::RunReport;
use scimgate::scenario::Scenario;
use std::time::Duration;

/// Runs scenarios against a fresh reference server with these faults, at this gate.
async fn run_at(
    faults: &[Fault],
    scenarios: &[Scenario],
    jobs: usize,
    gate: Gate,
) -> (RunReport, RunningServer) {
    common::run_reference_at(faults, scenarios, jobs, Duration::from_secs(30), gate).await
}

#[tokio::test]
async fn reference_server_passes_the_entra_profile_and_is_left_clean() {
    assert!(profile("entra", true).len() >= 9);
    let report = common::assert_profile_passes_clean("entra", Gate::Entra, 300).await;
    let ready = report.entra_readiness.as_ref().expect("an Entra section");
    assert_eq!(ready.lines.len(), 6, "{ready:?}");
    assert!(
        ready.lines.iter().all(|l| l.state == ReadyState::Ready),
        "{ready:?}"
    );
    assert!(report.okta_readiness.is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn each_fault_fails_exactly_its_entra_checks() {
    let wrong = common::fault_table_mismatches(common::FaultTable {
        profile: "entra",
        expected: common::expected::entra_expected,
        gate: Gate::Entra,
        exit: Some(Gate::counts_in_entra),
        oin_agrees: false,
    })
    .await;
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The faults that break only Entra's shapes: Okta's and the RFC profile's traffic never
/// meets them (the one exception each is in their tables, with its reason).
const ENTRA_ONLY: &[Fault] = &[
    Fault::StringBooleansRefused,
    Fault::ManagerStringRefused,
    Fault::ManagerArrayRefused,
    Fault::MemberRemoveValueClears,
    Fault::UnknownSchemaRefused,
    Fault::DottedPatchKeysRefused,
    Fault::NullsRefused,
];

#[test]
fn entra_only_faults_break_entra_and_nothing_okta_sends() {
    for fault in ENTRA_ONLY {
        let entra = common::expected::entra_expected(*fault).unwrap();
        assert!(
            entra.iter().any(|c| Gate::Entra.counts_in_entra(*c)),
            "{}: breaks nothing Entra needs",
            fault.name()
        );
        assert_eq!(
            common::expected::okta_expected(*fault),
            Some(&[][..]),
            "{}",
            fault.name()
        );
        assert_eq!(
            common::expected::rfc_expected(*fault),
            Some(&[][..]),
            "{}",
            fault.name()
        );
    }
}

#[tokio::test]
async fn an_entra_failure_counts_at_the_entra_and_rfc_gates_only_and_names_its_capability() {
    let manager = common::scenario("entra/e7-manager");
    for (gate, want) in [
        (Gate::Entra, scimgate::exit::NONCONFORMANT),
        (Gate::Rfc, scimgate::exit::NONCONFORMANT),
        (Gate::Okta, scimgate::exit::OK),
        (Gate::Oin, scimgate::exit::OK),
    ] {
        let (report, server) = run_at(&[Fault::ManagerArrayRefused], &manager, 1, gate).await;
        server.shutdown().await;
        assert_eq!(
            scimgate::exit::for_report(&report),
            want,
            "gate {}",
            gate.as_str()
        );
        let ready = report.entra_readiness.as_ref().expect("an Entra section");
        let line = ready.lines.iter().find(|l| l.label == "Manager").unwrap();
        assert_eq!(line.state, ReadyState::NotReady, "{line:?}");
        assert!(
            line.why
                .as_deref()
                .is_some_and(|w| w.contains("add-manager")),
            "{line:?}"
        );
        assert!(
            line.entra_says
                .as_deref()
                .is_some_and(|s| s.contains("manager must be an object")),
            "{line:?}"
        );
        assert!(
            ready.summary.contains("broken: Manager"),
            "{}",
            ready.summary
        );
    }
}
