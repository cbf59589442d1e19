//! The self-test of the Okta profile (the RFC profile has its own, `rfc_profile.rs`): every
//! scenario passes against the embedded reference server, and each of the
//! server's faults makes exactly the checks that name its rule fail: proof that each check
//! catches what it claims, and that one broken rule gives one kind of failure, not a cascade.

mod common;

use common::{failed_checks, problems, profile, run_reference};
use rstest::rstest;
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

#[rstest]
#[case::create_answers_200(Fault::CreateAnswers200, &[Create201])]
#[case::create_without_location(Fault::CreateWithoutLocation, &[CreateLocation])]
#[case::create_empty_body(Fault::CreateEmptyBody, &[CreateReturnsResource])]
#[case::create_without_id(Fault::CreateWithoutId, &[CreateReturnsResource])]
#[case::duplicates_allowed(Fault::DuplicatesAllowed, &[DuplicateRefused])]
#[case::duplicate_answers_500(Fault::DuplicateAnswers500, &[DuplicateRefused])]
#[case::username_filter_case_sensitive(Fault::UserNameFilterCaseSensitive, &[FilterCaseInsensitive])]
#[case::filter_ignored(Fault::FilterIgnored, &[FilterNoMatch, FilterCaseInsensitive])]
#[case::no_match_html_404(Fault::NoMatchHtml404, &[FilterNoMatch, ListResponse])]
#[case::paging_fields_as_strings(Fault::PagingFieldsAsStrings, &[ListResponse])]
#[case::list_without_schemas(Fault::ListWithoutSchemas, &[ListResponse])]
#[case::start_index_ignored(Fault::StartIndexIgnored, &[PagingComplete])]
#[case::count_ignored(Fault::CountIgnored, &[PagingCount, PagingComplete])]
#[case::total_results_wrong(Fault::TotalResultsWrong, &[PagingComplete])]
#[case::unstable_order(Fault::UnstableOrder, &[PagingComplete])]
#[case::unknown_id_answers_200(Fault::UnknownIdAnswers200, &[UnknownId404, Deleted404])]
#[case::error_status_as_number(Fault::ErrorStatusAsNumber, &[ErrorStatus])]
#[case::error_without_schemas(Fault::ErrorWithoutSchemas, &[ErrorBody])]
#[case::any_token_accepted(Fault::AnyTokenAccepted, &[BadToken401])]
#[case::unauthorized_as_html(Fault::UnauthorizedAsHtml, &[JsonBody])]
#[case::patch_active_ignored(Fault::PatchActiveIgnored, &[Echo, ReadBack])]
#[case::no_path_patch_refused(Fault::NoPathPatchRefused, &[Patch200Or204, GroupRenameAccepted])]
#[case::put_ignores_name(Fault::PutIgnoresName, &[Echo, ReadBack])]
#[case::put_refuses_read_only(Fault::PutRefusesReadOnly, &[Replace200])]
#[case::password_returned(Fault::PasswordReturned, &[PasswordNeverReturned])]
#[case::content_type_json(Fault::ContentTypeJson, &[MediaType])]
#[case::member_add_ignored(Fault::MemberAddIgnored, &[Members])]
#[case::member_remove_filter_refused(Fault::MemberRemoveFilterRefused, &[Patch200Or204])]
#[case::rename_with_id_refused(Fault::RenameWithIdRefused, &[GroupRenameAccepted])]
#[case::delete_answers_200(Fault::DeleteAnswers200, &[Delete204])]
#[case::deactivate_deletes(Fault::DeactivateDeletes, &[DeactivateKeepsUser, FilterMatch])]
#[case::reactivate_ignored(Fault::ReactivateIgnored, &[ReadBack])]
#[case::meta_missing(Fault::MetaMissing, &[Meta])]
#[case::group_get_omits_members(Fault::GroupGetOmitsMembers, &[Members])]
#[case::stale_read_after_put(Fault::StaleReadAfterPut, &[ReadBack, Members])]
#[case::location_mismatch(Fault::LocationMismatch, &[CreateLocation])]
// RFC-profile faults: Okta's traffic does not exercise these rules (see rfc_profile.rs).
#[case::patch_not_atomic(Fault::PatchNotAtomic, &[])]
#[case::put_creates(Fault::PutCreates, &[])]
#[case::if_none_match_ignored(Fault::IfNoneMatchIgnored, &[])]
#[case::if_match_ignored(Fault::IfMatchIgnored, &[])]
#[case::start_index_below_one_refused(Fault::StartIndexBelowOneRefused, &[])]
#[case::count_zero_ignored(Fault::CountZeroIgnored, &[])]
#[case::sort_ignored(Fault::SortIgnored, &[])]
#[case::excluded_attributes_ignored(Fault::ExcludedAttributesIgnored, &[])]
#[case::www_authenticate_missing(Fault::WwwAuthenticateMissing, &[WwwAuthenticate])]
#[case::patch_add_replaces(Fault::PatchAddReplaces, &[Members])]
#[case::remove_filter_removes_all(Fault::RemoveFilterRemovesAll, &[Members])]
#[case::replace_complex_clears(Fault::ReplaceComplexClears, &[])]
#[case::scim_type_missing(Fault::ScimTypeMissing, &[DuplicateScimType])]
#[case::schemas_list_messages(Fault::SchemasListMessages, &[])]
#[case::attributes_ignored(Fault::AttributesIgnored, &[])]
#[case::spc_without_authentication_schemes(Fault::SpcWithoutAuthenticationSchemes, &[])]
#[case::etag_unquoted(Fault::EtagUnquoted, &[])]
#[case::broken_json_answers_500(Fault::BrokenJsonAnswers500, &[])]
#[case::version_not_bumped(Fault::VersionNotBumped, &[])]
#[case::value_path_terms_split(Fault::ValuePathTermsSplit, &[])]
#[case::filter_not_ignored(Fault::FilterNotIgnored, &[])]
// Okta's SPEC test sends its create with Content-Type: application/json.
#[case::json_content_type_refused(Fault::JsonContentTypeRefused, &[Create201, CreateReturnsResource])]
// RFC-profile faults: Okta's traffic never meets them. spc-denies-patch included: the Okta
// flows send PATCH whatever the ServiceProviderConfig says, and it works.
#[case::accept_json_refused(Fault::AcceptJsonRefused, &[])]
#[case::accept_any_refused(Fault::AcceptAnyRefused, &[])]
#[case::wrong_method_answers_200(Fault::WrongMethodAnswers200, &[])]
#[case::discovery_paged(Fault::DiscoveryPaged, &[])]
#[case::discovery_filter_answered(Fault::DiscoveryFilterAnswered, &[])]
#[case::spc_denies_patch(Fault::SpcDeniesPatch, &[])]
#[case::me_without_location(Fault::MeWithoutLocation, &[])]
#[case::me_answers_500(Fault::MeAnswers500, &[])]
#[case::deleted_still_listed(Fault::DeletedStillListed, &[])]
#[case::unknown_endpoint_answers_200(Fault::UnknownEndpointAnswers200, &[])]
// The Okta profile runs on the /scim/v2 base; the fault breaks only the unversioned /api/v2.
#[case::version_segment_404(Fault::VersionSegment404, &[])]
#[case::bulk_circular_500(Fault::BulkCircular500, &[])]
#[case::immutable_patch_applied(Fault::ImmutablePatchApplied, &[])]
#[case::resource_type_without_endpoint(Fault::ResourceTypeWithoutEndpoint, &[])]
#[case::schema_by_id_answers_list(Fault::SchemaByIdAnswersList, &[])]
#[case::bulk_ids_not_resolved(Fault::BulkIdsNotResolved, &[])]
#[case::fail_on_errors_ignored(Fault::FailOnErrorsIgnored, &[])]
#[case::bulk_limit_ignored(Fault::BulkLimitIgnored, &[])]
#[case::bulk_status_as_number(Fault::BulkStatusAsNumber, &[])]
#[case::bulk_error_without_response(Fault::BulkErrorWithoutResponse, &[])]
#[case::integer_as_string(Fault::IntegerAsString, &[])]
#[case::undeclared_attribute_returned(Fault::UndeclaredAttributeReturned, &[])]
#[case::extension_attributes_at_top_level(Fault::ExtensionAttributesAtTopLevel, &[])]
#[case::immutable_change_ignored(Fault::ImmutableChangeIgnored, &[])]
#[case::immutable_change_applied(Fault::ImmutableChangeApplied, &[])]
#[case::immutable_unset_not_applied(Fault::ImmutableUnsetNotApplied, &[])]
#[tokio::test]
async fn each_fault_fails_exactly_the_checks_naming_its_rule(
    #[case] fault: Fault,
    #[case] expected: &[CheckId],
) {
    // One scenario at a time, so list sizes seen by F1 do not depend on timing.
    let (report, server) = run_reference(
        &[fault],
        &profile("okta", false),
        1,
        Duration::from_secs(30),
    )
    .await;
    let got = failed_checks(&report);
    let want: BTreeSet<CheckId> = expected.iter().copied().collect();
    assert_eq!(
        got,
        want,
        "fault {} failed other checks than expected:\n{}",
        fault.name(),
        problems(&report)
            .into_iter()
            .filter(|p| !p.contains(": blocked "))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        scimgate::exit::for_report(&report),
        if want.iter().all(|c| !scimgate::check::Gate::Okta.counts(*c)) {
            0
        } else {
            1
        }
    );
    server.shutdown().await;
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

#[test]
fn every_fault_is_covered_by_the_table() {
    let src = include_str!("selftest.rs");
    for f in Fault::ALL {
        let case = format!("Fault::{f:?},");
        let case2 = format!("Fault::{f:?}]");
        assert!(
            src.contains(&case) || src.contains(&case2),
            "fault {} has no self-test case",
            f.name()
        );
    }
}
