//! The self-test of the RFC 7643/7644 profile (`--profile rfc`, scenarios under
//! `scenarios/rfc/`): the reference server passes all of it and is left clean, each of the
//! server's faults that breaks an RFC rule fails exactly the checks naming that rule, and a
//! capability the target does not advertise is `skipped`, not failed.

mod common;

use common::{failed_checks, problems, profile, run_reference};
use rstest::rstest;
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
    let rfc = profile("rfc", true);
    assert!(rfc.len() >= 5, "{} rfc scenarios", rfc.len());
    let (report, server) = run_reference(&[], &rfc, 2, Duration::from_secs(30)).await;
    assert_eq!(problems(&report), Vec::<String>::new());
    assert_eq!(scimgate::exit::for_report(&report), scimgate::exit::OK);
    assert!(report.summary.pass > 300, "{:?}", report.summary);
    for s in &report.scenarios {
        for c in &s.cleanup {
            assert_eq!(c.result, "deleted", "{} {:?}", s.id, c);
        }
    }
    common::assert_left_empty(&server).await;
    server.shutdown().await;
}

#[rstest]
#[case::create_answers_200(Fault::CreateAnswers200, &[Create201])]
#[case::create_without_location(Fault::CreateWithoutLocation, &[CreateLocation])]
#[case::location_mismatch(Fault::LocationMismatch, &[CreateLocation])]
// The create step judges its body three ways (meta, readOnly id, attribute names).
#[case::create_empty_body(Fault::CreateEmptyBody, &[AttributeNamesCi, Meta, ReadOnlyIgnored])]
#[case::create_without_id(Fault::CreateWithoutId, &[ResourceSchema])]
#[case::duplicates_allowed(Fault::DuplicatesAllowed, &[DuplicateRefused])]
#[case::duplicate_answers_500(Fault::DuplicateAnswers500, &[DuplicateRefused])]
#[case::username_filter_case_sensitive(Fault::UserNameFilterCaseSensitive, &[FilterCaseExact])]
// Scenarios run one at a time, so the paging steps only see their own users and pass.
#[case::filter_ignored(Fault::FilterIgnored, &[FilterCaseExact, FilterLogic, FilterOperators, FilterTypes, FilterValuePath, InvalidFilter400, SearchPost])]
#[case::no_match_html_404(Fault::NoMatchHtml404, &[JsonBody])]
#[case::paging_fields_as_strings(Fault::PagingFieldsAsStrings, &[CountZero, ListResponse, PageBeyondEnd, StartIndexMin])]
#[case::list_without_schemas(Fault::ListWithoutSchemas, &[ListResponse])]
#[case::start_index_ignored(Fault::StartIndexIgnored, &[PageBeyondEnd])]
#[case::count_ignored(Fault::CountIgnored, &[CountZero])]
#[case::total_results_wrong(Fault::TotalResultsWrong, &[CountZero, PageBeyondEnd])]
#[case::unstable_order(Fault::UnstableOrder, &[Sorted])]
#[case::unknown_id_answers_200(Fault::UnknownIdAnswers200, &[Deleted404])]
#[case::error_status_as_number(Fault::ErrorStatusAsNumber, &[ErrorStatus])]
#[case::error_without_schemas(Fault::ErrorWithoutSchemas, &[ErrorBody])]
#[case::any_token_accepted(Fault::AnyTokenAccepted, &[Unauthorized401])]
#[case::unauthorized_as_html(Fault::UnauthorizedAsHtml, &[JsonBody])]
#[case::no_path_patch_refused(Fault::NoPathPatchRefused, &[ScimType])]
// The stale-If-Match PUT echoes id and meta too, so it is refused for the wrong reason.
#[case::put_refuses_read_only(Fault::PutRefusesReadOnly, &[Replace200, StaleEtag412])]
// rfc/e-own-schemas creates a user with a password: /Schemas says returned "never".
#[case::password_returned(Fault::PasswordReturned, &[OwnSchema, PasswordNeverReturned])]
#[case::content_type_json(Fault::ContentTypeJson, &[MediaType])]
#[case::delete_answers_200(Fault::DeleteAnswers200, &[Delete204])]
// Without meta there is no meta.created for the dateTime filter to find.
#[case::meta_missing(Fault::MetaMissing, &[FilterTypes, Meta])]
// The stale PUT answer also lacks the immutable value the PUT just set (rfc/e-own-schemas).
#[case::stale_read_after_put(Fault::StaleReadAfterPut, &[Immutable, ReadBack])]
#[case::patch_not_atomic(Fault::PatchNotAtomic, &[PatchAtomic])]
#[case::put_creates(Fault::PutCreates, &[PutNoCreate404])]
#[case::if_none_match_ignored(Fault::IfNoneMatchIgnored, &[NotModified304])]
#[case::if_match_ignored(Fault::IfMatchIgnored, &[StaleEtag412])]
#[case::start_index_below_one_refused(Fault::StartIndexBelowOneRefused, &[StartIndexMin])]
#[case::count_zero_ignored(Fault::CountZeroIgnored, &[CountZero])]
#[case::sort_ignored(Fault::SortIgnored, &[Sorted])]
#[case::excluded_attributes_ignored(Fault::ExcludedAttributesIgnored, &[ExcludedAttributesParam])]
#[case::www_authenticate_missing(Fault::WwwAuthenticateMissing, &[WwwAuthenticate])]
#[case::patch_add_replaces(Fault::PatchAddReplaces, &[PatchAddAppends])]
#[case::remove_filter_removes_all(Fault::RemoveFilterRemovesAll, &[PatchRemoveFilter])]
#[case::replace_complex_clears(Fault::ReplaceComplexClears, &[PatchReplaceComplex])]
#[case::scim_type_missing(Fault::ScimTypeMissing, &[DuplicateScimType, Immutable400, InvalidFilter400, PatchError400, ScimType])]
#[case::schemas_list_messages(Fault::SchemasListMessages, &[SchemasValid])]
#[case::attributes_ignored(Fault::AttributesIgnored, &[AttributesParam])]
#[case::spc_without_authentication_schemes(Fault::SpcWithoutAuthenticationSchemes, &[SpcValid])]
// The steps that need the ETag are blocked by the failed read, not failed again.
#[case::etag_unquoted(Fault::EtagUnquoted, &[EtagHeader])]
#[case::broken_json_answers_500(Fault::BrokenJsonAnswers500, &[InvalidSyntax400])]
#[case::version_not_bumped(Fault::VersionNotBumped, &[MetaUpdated])]
#[case::value_path_terms_split(Fault::ValuePathTermsSplit, &[FilterValuePath])]
#[case::filter_not_ignored(Fault::FilterNotIgnored, &[FilterLogic])]
#[case::accept_json_refused(Fault::AcceptJsonRefused, &[AcceptJson])]
#[case::accept_any_refused(Fault::AcceptAnyRefused, &[AcceptDefault])]
#[case::json_content_type_refused(Fault::JsonContentTypeRefused, &[JsonBodyAccepted])]
#[case::wrong_method_answers_200(Fault::WrongMethodAnswers200, &[MethodNotSupported])]
#[case::discovery_paged(Fault::DiscoveryPaged, &[DiscoveryParamsIgnored])]
#[case::discovery_filter_answered(Fault::DiscoveryFilterAnswered, &[DiscoveryFilter403])]
// The ServiceProviderConfig says PATCH is unsupported: the PATCH steps are skipped, and the
// probe of its absence finds PATCH working.
#[case::spc_denies_patch(Fault::SpcDeniesPatch, &[Unsupported501])]
#[case::me_without_location(Fault::MeWithoutLocation, &[MeLocation])]
#[case::me_answers_500(Fault::MeAnswers500, &[MeAlias])]
#[case::deleted_still_listed(Fault::DeletedStillListed, &[DeletedNotListed])]
// A should never blocks: the 200 it answers is judged, and its body is no JSON.
#[case::unknown_endpoint_answers_200(Fault::UnknownEndpointAnswers200, &[UnknownEndpoint404, JsonBody])]
#[case::resource_type_without_endpoint(Fault::ResourceTypeWithoutEndpoint, &[ResourceTypesValid])]
#[case::schema_by_id_answers_list(Fault::SchemaByIdAnswersList, &[SchemaById])]
// The bulk faults: the read-backs that need the failed bulk step are blocked, not failed again.
#[case::bulk_ids_not_resolved(Fault::BulkIdsNotResolved, &[BulkIdResolved, BulkCircular])]
#[case::fail_on_errors_ignored(Fault::FailOnErrorsIgnored, &[BulkFailOnErrors])]
#[case::bulk_limit_ignored(Fault::BulkLimitIgnored, &[BulkLimits413])]
#[case::bulk_status_as_number(Fault::BulkStatusAsNumber, &[BulkResponse])]
#[case::bulk_error_without_response(Fault::BulkErrorWithoutResponse, &[BulkResponse])]
// The only RFC step reading a group's members is the bulk read-back: with members omitted it
// finds no member where the bulk-created user's id must be.
#[case::group_get_omits_members(Fault::GroupGetOmitsMembers, &[BulkIdResolved])]
#[case::integer_as_string(Fault::IntegerAsString, &[OwnSchema])]
#[case::undeclared_attribute_returned(Fault::UndeclaredAttributeReturned, &[OwnSchema])]
// The badgeId a PUT set is not under the URN where /Schemas puts it, so `immutable` (unset)
// finds no applied value; the change steps find none either and skip.
#[case::extension_attributes_at_top_level(Fault::ExtensionAttributesAtTopLevel, &[Immutable, OwnSchema])]
#[case::immutable_change_ignored(Fault::ImmutableChangeIgnored, &[Immutable400, PatchMutabilityRefused])]
#[case::immutable_change_applied(Fault::ImmutableChangeApplied, &[Immutable, Immutable400, PatchMutabilityRefused])]
#[case::immutable_unset_not_applied(Fault::ImmutableUnsetNotApplied, &[Immutable])]
// Okta-only faults the RFC profile does not exercise (Okta's PATCH and PUT forms, groups, the
// SPEC test's timing): nothing in it fails.
#[case::patch_active_ignored(Fault::PatchActiveIgnored, &[])]
#[case::put_ignores_name(Fault::PutIgnoresName, &[])]
#[case::member_add_ignored(Fault::MemberAddIgnored, &[])]
#[case::member_remove_filter_refused(Fault::MemberRemoveFilterRefused, &[])]
#[case::rename_with_id_refused(Fault::RenameWithIdRefused, &[])]
#[case::deactivate_deletes(Fault::DeactivateDeletes, &[])]
#[case::reactivate_ignored(Fault::ReactivateIgnored, &[])]
// This table runs on the printed /scim/v2 base, which already ends in the version segment:
// the version-segment steps are skipped there, and the fault only breaks the unversioned
// /api base's /v2 form. Its proof runs on /api:
// `on_an_unversioned_base_a_404_for_the_version_segment_fails_only_version_segment`.
#[case::version_segment_404(Fault::VersionSegment404, &[])]
#[case::bulk_circular_500(Fault::BulkCircular500, &[BulkCircular])]
#[case::immutable_patch_applied(Fault::ImmutablePatchApplied, &[Immutable, Immutable400, PatchMutabilityRefused])]
#[tokio::test]
async fn each_fault_fails_exactly_the_rfc_checks_naming_its_rule(
    #[case] fault: Fault,
    #[case] want: &[CheckId],
) {
    let (report, server) =
        run_reference(&[fault], &profile("rfc", false), 1, Duration::from_secs(30)).await;
    let want: BTreeSet<CheckId> = want.iter().copied().collect();
    assert_eq!(
        failed_checks(&report),
        want,
        "fault {}: {:#?}",
        fault.name(),
        problems(&report)
    );
    server.shutdown().await;
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
            .contains("advertises `{{caps.patch.supported}}`"),
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
fn every_fault_but_the_timing_one_is_in_the_rfc_table() {
    let src = include_str!("rfc_profile.rs");
    for f in Fault::ALL.iter().filter(|f| **f != Fault::SlowResponses) {
        assert!(
            src.contains(&format!("(Fault::{f:?},")),
            "fault {} has no rfc case",
            f.name()
        );
    }
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
