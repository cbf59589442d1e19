//! The self-test of the Okta profile (the RFC profile has its own, `rfc_profile.rs`): every
//! scenario passes against the embedded reference server, and each of the
//! server's faults makes exactly the checks that name its rule fail: proof that each check
//! catches what it claims, and that one broken rule gives one kind of failure, not a cascade.

mod common;

use common::{failed_checks, problems, profile, run_reference};
use scimgate::check::CheckId::{self, *};
use scimgate::reference::Fault;
use std::collections::BTreeSet;
use std::time::Duration;

#[tokio::test]
async fn reference_server_passes_every_scenario_and_is_left_clean() {
    let all = profile("okta", true);
    let (report, server) = run_reference(&[], &all, 2, Duration::from_secs(30)).await;
    assert_eq!(problems(&report), Vec::<String>::new());
    assert_eq!(scimgate::exit::for_report(&report), scimgate::exit::OK);
    assert_eq!(report.scenarios.len(), all.len());
    assert!(report.summary.pass > 400, "{:?}", report.summary);
    // Every object the run created was deleted.
    for s in &report.scenarios {
        for c in &s.cleanup {
            assert_eq!(c.result, "deleted", "{} {:?}", s.id, c);
        }
    }
    common::assert_left_empty(&server).await;
    server.shutdown().await;
}

/// The Okta-profile checks each fault makes fail (empty: the Okta traffic does not meet it).
/// An exhaustive match: a new fault does not build until it has its row.
fn okta_expected(fault: Fault) -> Option<&'static [CheckId]> {
    Some(match fault {
        Fault::CreateAnswers200 => &[Create201],
        Fault::CreateWithoutLocation => &[CreateLocation],
        Fault::CreateEmptyBody => &[CreateReturnsResource],
        Fault::CreateWithoutId => &[CreateReturnsResource],
        Fault::DuplicatesAllowed => &[DuplicateRefused],
        Fault::DuplicateAnswers500 => &[DuplicateRefused],
        Fault::UserNameFilterCaseSensitive => &[FilterCaseInsensitive],
        Fault::FilterIgnored => &[FilterNoMatch, FilterCaseInsensitive],
        Fault::NoMatchHtml404 => &[FilterNoMatch, ListResponse],
        Fault::PagingFieldsAsStrings => &[ListResponse],
        Fault::ListWithoutSchemas => &[ListResponse],
        Fault::StartIndexIgnored => &[PagingComplete],
        Fault::CountIgnored => &[PagingCount, PagingComplete],
        Fault::TotalResultsWrong => &[PagingComplete],
        Fault::UnstableOrder => &[PagingComplete],
        Fault::UnknownIdAnswers200 => &[UnknownId404, Deleted404],
        Fault::ErrorStatusAsNumber => &[ErrorStatus],
        Fault::ErrorWithoutSchemas => &[ErrorBody],
        Fault::AnyTokenAccepted => &[BadToken401],
        Fault::UnauthorizedAsHtml => &[JsonBody],
        Fault::PatchActiveIgnored => &[Echo, ReadBack],
        Fault::NoPathPatchRefused => &[Patch200Or204, GroupRenameAccepted],
        Fault::PutIgnoresName => &[Echo, ReadBack],
        Fault::PutRefusesReadOnly => &[Replace200],
        Fault::PasswordReturned => &[PasswordNeverReturned],
        Fault::ContentTypeJson => &[MediaType],
        Fault::MemberAddIgnored => &[Members],
        Fault::MemberRemoveFilterRefused => &[Patch200Or204],
        Fault::RenameWithIdRefused => &[GroupRenameAccepted],
        Fault::DeleteAnswers200 => &[Delete204],
        Fault::DeactivateDeletes => &[DeactivateKeepsUser, FilterMatch],
        Fault::ReactivateIgnored => &[ReadBack],
        Fault::MetaMissing => &[Meta],
        Fault::GroupGetOmitsMembers => &[Members],
        Fault::StaleReadAfterPut => &[ReadBack, Members],
        Fault::LocationMismatch => &[CreateLocation],
        // RFC-profile faults: Okta's traffic does not exercise these rules (see rfc_profile.rs).
        Fault::PatchNotAtomic => &[],
        Fault::PutCreates => &[],
        Fault::IfNoneMatchIgnored => &[],
        Fault::IfMatchIgnored => &[],
        Fault::StartIndexBelowOneRefused => &[],
        Fault::CountZeroIgnored => &[],
        Fault::SortIgnored => &[],
        Fault::ExcludedAttributesIgnored => &[],
        Fault::WwwAuthenticateMissing => &[WwwAuthenticate],
        Fault::PatchAddReplaces => &[Members],
        Fault::RemoveFilterRemovesAll => &[Members],
        Fault::ReplaceComplexClears => &[],
        Fault::ScimTypeMissing => &[DuplicateScimType],
        Fault::SchemasListMessages => &[],
        Fault::AttributesIgnored => &[],
        Fault::SpcWithoutAuthenticationSchemes => &[],
        Fault::EtagUnquoted => &[],
        Fault::BrokenJsonAnswers500 => &[],
        Fault::VersionNotBumped => &[],
        Fault::ValuePathTermsSplit => &[],
        Fault::FilterNotIgnored => &[],
        // Okta's SPEC test sends its create with Content-Type: application/json.
        Fault::JsonContentTypeRefused => &[Create201, CreateReturnsResource],
        // RFC-profile faults: Okta's traffic never meets them. spc-denies-patch included: the Okta
        // flows send PATCH whatever the ServiceProviderConfig says, and it works.
        Fault::AcceptJsonRefused => &[],
        Fault::AcceptAnyRefused => &[],
        Fault::WrongMethodAnswers200 => &[],
        Fault::DiscoveryPaged => &[],
        Fault::DiscoveryFilterAnswered => &[],
        Fault::SpcDeniesPatch => &[],
        Fault::MeWithoutLocation => &[],
        Fault::MeAnswers500 => &[],
        Fault::DeletedStillListed => &[],
        Fault::UnknownEndpointAnswers200 => &[],
        // The Okta profile runs on the /scim/v2 base; the fault breaks only the unversioned /api/v2.
        Fault::VersionSegment404 => &[],
        Fault::BulkCircular500 => &[],
        Fault::ImmutablePatchApplied => &[],
        Fault::ResourceTypeWithoutEndpoint => &[],
        Fault::SchemaByIdAnswersList => &[],
        Fault::BulkIdsNotResolved => &[],
        Fault::FailOnErrorsIgnored => &[],
        Fault::BulkLimitIgnored => &[],
        Fault::BulkStatusAsNumber => &[],
        Fault::BulkErrorWithoutResponse => &[],
        Fault::IntegerAsString => &[],
        Fault::UndeclaredAttributeReturned => &[],
        Fault::ExtensionAttributesAtTopLevel => &[],
        Fault::ImmutableChangeIgnored => &[],
        Fault::ImmutableChangeApplied => &[],
        Fault::ImmutableUnsetNotApplied => &[],
        // Configurations Okta works with while the feature stays off (inferred from discovery).
        Fault::NoGroups => &[],
        Fault::PasswordChangeRefused => &[],
        // Okta works; its OIN test steps 6 and 7 fail (username-exact is fails-oin).
        Fault::UsernameLowercased => &[UsernameExact],
        // Timing: proved by its own tests, not by the table.
        Fault::SlowResponses => return None,
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn each_fault_fails_exactly_the_checks_naming_its_rule() {
    use futures_util::StreamExt;
    // One scenario at a time per server (list sizes must not depend on timing); three
    // servers at once.
    let results: Vec<Vec<String>> = futures_util::stream::iter(Fault::ALL.iter().copied())
        .filter_map(|fault| async move { okta_expected(fault).map(|want| (fault, want)) })
        .map(|(fault, want)| async move {
            let (report, server) = run_reference(
                &[fault],
                &profile("okta", false),
                1,
                Duration::from_secs(30),
            )
            .await;
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
            let exit = scimgate::exit::for_report(&report);
            let want_exit = if want.iter().any(|c| scimgate::check::Gate::Okta.counts(*c)) {
                1
            } else {
                0
            };
            if exit != want_exit {
                wrong.push(format!(
                    "fault {}: exit {exit}, expected {want_exit}",
                    fault.name()
                ));
            }
            wrong
        })
        .buffer_unordered(3)
        .collect()
        .await;
    let wrong: Vec<String> = results.into_iter().flatten().collect();
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
    let only_s10 = include_str!("../scenarios/okta/spec.yaml");
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
