//! What each reference-server fault must make fail, per profile: the tables the fault
//! self-tests (`selftest.rs`, `rfc_profile.rs`) hold each run to, and the coverage test holds
//! the catalogue to (every check fails under at least one fault). Exhaustive matches: a new
//! fault does not build until it has its rows.

use scimgate::check::CheckId::{self, *};
use scimgate::reference::Fault;

/// The Okta-profile checks each fault makes fail (empty: the Okta traffic does not meet it).
/// An exhaustive match: a new fault does not build until it has its row.
pub fn okta_expected(fault: Fault) -> Option<&'static [CheckId]> {
    Some(match fault {
        Fault::CreateAnswers200 => &[Create201],
        Fault::CreateWithoutLocation => &[CreateLocation],
        Fault::CreateEmptyBody => &[CreateReturnsResource],
        Fault::CreateWithoutId => &[CreateReturnsResource],
        Fault::DuplicatesAllowed => &[DuplicateRefused],
        Fault::DuplicateAnswers500 => &[DuplicateRefused],
        Fault::UserNameFilterCaseSensitive => &[FilterCaseInsensitive],
        Fault::FilterIgnored => &[FilterNoMatch, FilterCaseInsensitive],
        // The HTML answer breaks two rules: Okta's (a 404 needs a SCIM Error) and JSON bodies.
        Fault::NoMatchHtml404 => &[FilterNoMatch, JsonBody],
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
        Fault::JsonContentTypeRefused => &[Create201],
        // RFC-profile faults: Okta's traffic never meets them. spc-denies-patch included: the Okta
        // flows send PATCH whatever the ServiceProviderConfig says, and it works.
        Fault::AcceptJsonRefused => &[],
        Fault::AcceptAnyRefused => &[],
        Fault::WrongMethodAnswers200 => &[],
        Fault::DiscoveryPaged => &[],
        Fault::DiscoveryFilterAnswered => &[],
        Fault::SpcDeniesPatch => &[],
        Fault::SpcDeniesFilter => &[],
        Fault::EqOnlyFilters => &[],
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
        Fault::DuplicateAnswers400 => &[Duplicate409],
        Fault::MissingUserNameAnswers500 => &[],
        Fault::ListMinimalUsers => &[NotEmpty, ReadBack],
        Fault::EnterpriseExtensionDropped => &[],
        Fault::UserGroupsEmpty => &[],
        Fault::PatchOpCaseSensitive => &[],
        Fault::CreateRequiresFormatted => &[Create201],
        Fault::CreateAnswersFirstResource => &[CreateOwnResource],
        Fault::IdsWithSlash => &[IdUsable],
        Fault::NoMatchAnswers404 => &[FilterNoMatch200],
        Fault::TotalResultsRemaining => &[PagingTotal],
        Fault::GetByIdUnsupported => &[Get200, UnknownId404],
        Fault::ErrorWithoutDetail => &[ErrorDetail],
        // Timing: proved by its own tests, not by the table.
        Fault::SlowResponses => return None,
    })
}

/// The RFC-profile checks each fault makes fail.
/// An exhaustive match: a new fault does not build until it has its row.
pub fn rfc_expected(fault: Fault) -> Option<&'static [CheckId]> {
    Some(match fault {
        Fault::CreateAnswers200 => &[Create201],
        Fault::CreateWithoutLocation => &[CreateLocation],
        Fault::LocationMismatch => &[CreateLocation],
        // The create step judges its body three ways (meta, readOnly id, attribute names).
        Fault::CreateEmptyBody => &[AttributeNamesCi, Meta, ReadOnlyIgnored],
        Fault::CreateWithoutId => &[ResourceSchema],
        Fault::DuplicatesAllowed => &[DuplicateRefused],
        Fault::DuplicateAnswers500 => &[DuplicateRefused],
        Fault::UserNameFilterCaseSensitive => &[FilterCaseExact],
        // Scenarios run one at a time, so the paging steps only see their own users and pass.
        Fault::FilterIgnored => &[
            FilterCaseExact,
            FilterLogic,
            FilterOperators,
            FilterTypes,
            FilterValuePath,
            InvalidFilter400,
            SearchPost,
        ],
        Fault::NoMatchHtml404 => &[JsonBody],
        Fault::PagingFieldsAsStrings => &[CountZero, ListResponse, PageBeyondEnd, StartIndexMin],
        Fault::ListWithoutSchemas => &[ListResponse],
        Fault::StartIndexIgnored => &[PageBeyondEnd],
        Fault::CountIgnored => &[CountZero],
        Fault::TotalResultsWrong => &[CountZero, PageBeyondEnd],
        Fault::UnstableOrder => &[Sorted],
        Fault::UnknownIdAnswers200 => &[Deleted404],
        Fault::ErrorStatusAsNumber => &[ErrorStatus],
        Fault::ErrorWithoutSchemas => &[ErrorBody],
        Fault::AnyTokenAccepted => &[Unauthorized401],
        Fault::UnauthorizedAsHtml => &[JsonBody],
        Fault::NoPathPatchRefused => &[ScimType],
        // The stale-If-Match PUT echoes id and meta too, so it is refused for the wrong reason.
        Fault::PutRefusesReadOnly => &[Replace200, StaleEtag412],
        // rfc/e-own-schemas creates a user with a password: /Schemas says returned "never".
        Fault::PasswordReturned => &[OwnSchema, PasswordNeverReturned],
        Fault::ContentTypeJson => &[MediaType],
        Fault::DeleteAnswers200 => &[Delete204],
        // Without meta there is no meta.created for the dateTime filter to find.
        Fault::MetaMissing => &[FilterTypes, Meta],
        // The stale PUT answer also lacks the immutable value the PUT just set (rfc/e-own-schemas).
        Fault::StaleReadAfterPut => &[Immutable, ReadBack],
        Fault::PatchNotAtomic => &[PatchAtomic],
        Fault::PutCreates => &[PutNoCreate404],
        Fault::IfNoneMatchIgnored => &[NotModified304],
        Fault::IfMatchIgnored => &[StaleEtag412],
        Fault::StartIndexBelowOneRefused => &[StartIndexMin],
        Fault::CountZeroIgnored => &[CountZero],
        Fault::SortIgnored => &[Sorted],
        Fault::ExcludedAttributesIgnored => &[ExcludedAttributesParam],
        Fault::WwwAuthenticateMissing => &[WwwAuthenticate],
        Fault::PatchAddReplaces => &[PatchAddAppends],
        Fault::RemoveFilterRemovesAll => &[PatchRemoveFilter],
        Fault::ReplaceComplexClears => &[PatchReplaceComplex],
        Fault::ScimTypeMissing => &[
            DuplicateScimType,
            Immutable400,
            InvalidFilter400,
            PatchError400,
            ScimType,
        ],
        Fault::SchemasListMessages => &[SchemasValid],
        Fault::AttributesIgnored => &[AttributesParam],
        Fault::SpcWithoutAuthenticationSchemes => &[SpcValid],
        // The steps that need the ETag are blocked by the failed read, not failed again.
        Fault::EtagUnquoted => &[EtagHeader],
        Fault::BrokenJsonAnswers500 => &[InvalidSyntax400],
        Fault::VersionNotBumped => &[MetaUpdated],
        Fault::ValuePathTermsSplit => &[FilterValuePath],
        Fault::FilterNotIgnored => &[FilterLogic],
        Fault::AcceptJsonRefused => &[AcceptJson],
        Fault::AcceptAnyRefused => &[AcceptDefault],
        Fault::JsonContentTypeRefused => &[JsonBodyAccepted],
        Fault::WrongMethodAnswers200 => &[MethodNotSupported],
        Fault::DiscoveryPaged => &[DiscoveryParamsIgnored],
        Fault::DiscoveryFilterAnswered => &[DiscoveryFilter403],
        // The ServiceProviderConfig says PATCH is unsupported: the PATCH steps are skipped, and the
        // probe of its absence finds PATCH working.
        Fault::SpcDeniesPatch => &[Unsupported501],
        Fault::SpcDeniesFilter => &[SpcHonest],
        Fault::EqOnlyFilters => &[],
        Fault::MeWithoutLocation => &[MeLocation],
        Fault::MeAnswers500 => &[MeAlias],
        Fault::DeletedStillListed => &[DeletedNotListed],
        // A should never blocks: the 200 it answers is judged, and its body is no JSON.
        Fault::UnknownEndpointAnswers200 => &[UnknownEndpoint404, JsonBody],
        Fault::ResourceTypeWithoutEndpoint => &[ResourceTypesValid],
        Fault::SchemaByIdAnswersList => &[SchemaById],
        // The bulk faults: the read-backs that need the failed bulk step are blocked, not failed again.
        Fault::BulkIdsNotResolved => &[BulkIdResolved, BulkCircular],
        Fault::FailOnErrorsIgnored => &[BulkFailOnErrors],
        Fault::BulkLimitIgnored => &[BulkLimits413],
        Fault::BulkStatusAsNumber => &[BulkResponse],
        Fault::BulkErrorWithoutResponse => &[BulkResponse],
        // The only RFC step reading a group's members is the bulk read-back: with members omitted it
        // finds no member where the bulk-created user's id must be.
        Fault::GroupGetOmitsMembers => &[BulkIdResolved],
        Fault::IntegerAsString => &[OwnSchema],
        Fault::UndeclaredAttributeReturned => &[OwnSchema],
        // The badgeId a PUT set is not under the URN where /Schemas puts it, so `immutable` (unset)
        // finds no applied value; the change steps find none either and skip.
        Fault::ExtensionAttributesAtTopLevel => &[Immutable, OwnSchema],
        Fault::ImmutableChangeIgnored => &[Immutable400, PatchMutabilityRefused],
        Fault::ImmutableChangeApplied => &[Immutable, Immutable400, PatchMutabilityRefused],
        Fault::ImmutableUnsetNotApplied => &[Immutable],
        // Okta-only faults the RFC profile does not exercise (Okta's PATCH and PUT forms, groups, the
        // SPEC test's timing): nothing in it fails.
        Fault::PatchActiveIgnored => &[],
        Fault::PutIgnoresName => &[],
        Fault::MemberAddIgnored => &[],
        Fault::MemberRemoveFilterRefused => &[],
        Fault::RenameWithIdRefused => &[],
        Fault::DeactivateDeletes => &[],
        Fault::ReactivateIgnored => &[],
        // This table runs on the printed /scim/v2 base, which already ends in the version segment:
        // the version-segment steps are skipped there, and the fault only breaks the unversioned
        // /api base's /v2 form. Its proof runs on /api:
        // `on_an_unversioned_base_a_404_for_the_version_segment_fails_only_version_segment`.
        Fault::VersionSegment404 => &[],
        Fault::BulkCircular500 => &[BulkCircular],
        Fault::ImmutablePatchApplied => &[Immutable, Immutable400, PatchMutabilityRefused],
        Fault::NoGroups => &[],
        Fault::PasswordChangeRefused => &[],
        Fault::UsernameLowercased => &[],
        Fault::DuplicateAnswers400 => &[Duplicate409],
        Fault::CreateRequiresFormatted => &[Create201, BulkIdResolved],
        Fault::MissingUserNameAnswers500 => &[MissingRequired400],
        Fault::ListMinimalUsers => &[ExcludedAttributesParam],
        Fault::EnterpriseExtensionDropped => &[ExtensionStored],
        Fault::UserGroupsEmpty => &[UserGroups],
        Fault::PatchOpCaseSensitive => &[PatchOpCase],
        Fault::CreateAnswersFirstResource => &[CreateOwnResource],
        Fault::IdsWithSlash => &[IdUsable],
        Fault::NoMatchAnswers404 => &[FilterTypes, FilterCaseExact],
        Fault::TotalResultsRemaining => &[PageBeyondEnd],
        Fault::GetByIdUnsupported => &[Get200, Deleted404],
        Fault::ErrorWithoutDetail => &[BulkLimits413],
        // Timing: proved by its own tests, not by the table.
        Fault::SlowResponses => return None,
    })
}
