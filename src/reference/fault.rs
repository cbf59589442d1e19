//! Deliberate deviations ("faults") the reference server can be started with.
//!
//! The harness proves that it detects real-world mistakes by running against
//! the reference server with one or more faults switched on. Each variant breaks
//! exactly one rule, names it in [`Fault::rule`], and is independent of the
//! others, so any combination is meaningful. The list is closed on purpose: a new
//! fault is a new variant, and the compiler points at every `match` to update.

mod table;

/// One single, realistic deviation from RFC 7643/7644 or from what Okta needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Fault {
    /// `POST` answers 200 instead of 201.
    #[value(name = "create-answers-200")]
    CreateAnswers200,
    /// `POST` answers 201 without a `Location` header.
    #[value(name = "create-without-location")]
    CreateWithoutLocation,
    /// `POST` answers 201 with an empty body.
    #[value(name = "create-empty-body")]
    CreateEmptyBody,
    /// `POST` answers with the resource but without its `id`.
    #[value(name = "create-without-id")]
    CreateWithoutId,
    /// A second user with an existing `userName` is created instead of refused.
    #[value(name = "duplicates-allowed")]
    DuplicatesAllowed,
    /// A duplicate `userName` is refused with 500 instead of 409.
    #[value(name = "duplicate-answers-500")]
    DuplicateAnswers500,
    /// Filters compare `userName` case-sensitively.
    #[value(name = "username-filter-case-sensitive")]
    UserNameFilterCaseSensitive,
    /// The `filter` parameter is ignored and every resource is returned.
    #[value(name = "filter-ignored")]
    FilterIgnored,
    /// A filter that matches nothing answers 404 with an HTML body.
    #[value(name = "no-match-html-404")]
    NoMatchHtml404,
    /// `totalResults`, `startIndex` and `itemsPerPage` are JSON strings.
    #[value(name = "paging-fields-as-strings")]
    PagingFieldsAsStrings,
    /// ListResponse bodies carry no `schemas`.
    #[value(name = "list-without-schemas")]
    ListWithoutSchemas,
    /// `startIndex` is ignored; every page starts at the first resource.
    #[value(name = "start-index-ignored")]
    StartIndexIgnored,
    /// `count` is ignored; every matching resource is returned.
    #[value(name = "count-ignored")]
    CountIgnored,
    /// `totalResults` is the page size instead of the number of matches.
    #[value(name = "total-results-wrong")]
    TotalResultsWrong,
    /// The list order flips between requests, so pages overlap and skip.
    #[value(name = "unstable-order")]
    UnstableOrder,
    /// `GET` of an unknown id answers 200 with an empty resource.
    #[value(name = "unknown-id-answers-200")]
    UnknownIdAnswers200,
    /// Error bodies carry `status` as a JSON number.
    #[value(name = "error-status-as-number")]
    ErrorStatusAsNumber,
    /// Error bodies carry no `schemas`.
    #[value(name = "error-without-schemas")]
    ErrorWithoutSchemas,
    /// Any bearer token, or none, is accepted.
    #[value(name = "any-token-accepted")]
    AnyTokenAccepted,
    /// 401 answers are HTML pages instead of SCIM errors.
    #[value(name = "unauthorized-as-html")]
    UnauthorizedAsHtml,
    /// PATCH operations on `active` are ignored.
    #[value(name = "patch-active-ignored")]
    PatchActiveIgnored,
    /// PATCH operations without `path` are refused with 400.
    #[value(name = "no-path-patch-refused")]
    NoPathPatchRefused,
    /// PUT keeps the old `name` instead of replacing it.
    #[value(name = "put-ignores-name")]
    PutIgnoresName,
    /// PUT refuses a body that echoes `id` or `meta` with 400.
    #[value(name = "put-refuses-read-only")]
    PutRefusesReadOnly,
    /// The write-only `password` is returned in responses.
    #[value(name = "password-returned")]
    PasswordReturned,
    /// Responses are labelled `application/json` instead of `application/scim+json`.
    #[value(name = "content-type-json")]
    ContentTypeJson,
    /// PATCH `add` on group `members` is ignored.
    #[value(name = "member-add-ignored")]
    MemberAddIgnored,
    /// PATCH `remove` with `members[value eq "…"]` is refused with 400 invalidPath.
    #[value(name = "member-remove-filter-refused")]
    MemberRemoveFilterRefused,
    /// A no-path rename that repeats the group's own `id` is refused with 400 mutability.
    #[value(name = "rename-with-id-refused")]
    RenameWithIdRefused,
    /// `DELETE` answers 200 with a body instead of 204.
    #[value(name = "delete-answers-200")]
    DeleteAnswers200,
    /// Setting `active` to false deletes the user.
    #[value(name = "deactivate-deletes")]
    DeactivateDeletes,
    /// Setting `active` back to true is ignored.
    #[value(name = "reactivate-ignored")]
    ReactivateIgnored,
    /// Resources carry no `meta`.
    #[value(name = "meta-missing")]
    MetaMissing,
    /// `GET /Groups/{id}` omits `members`.
    #[value(name = "group-get-omits-members")]
    GroupGetOmitsMembers,
    /// `GET` after a PUT returns the previous version.
    #[value(name = "stale-read-after-put")]
    StaleReadAfterPut,
    /// Every response is delayed by two seconds.
    #[value(name = "slow-responses")]
    SlowResponses,
    /// The create `Location` header differs from `meta.location`.
    #[value(name = "location-mismatch")]
    LocationMismatch,
    /// A PATCH whose later operation fails keeps the earlier operations applied.
    #[value(name = "patch-not-atomic")]
    PatchNotAtomic,
    /// PUT to an unknown id creates the resource (an upsert) and answers 201.
    #[value(name = "put-creates")]
    PutCreates,
    /// `If-None-Match` is ignored: a GET with the current ETag answers 200 with the body.
    #[value(name = "if-none-match-ignored")]
    IfNoneMatchIgnored,
    /// `If-Match` is ignored: writes with a stale ETag succeed.
    #[value(name = "if-match-ignored")]
    IfMatchIgnored,
    /// `startIndex` below 1 is refused with 400 instead of read as 1.
    #[value(name = "start-index-below-one-refused")]
    StartIndexBelowOneRefused,
    /// `count=0` (and negative counts) are treated as no count: the whole page comes back.
    #[value(name = "count-zero-ignored")]
    CountZeroIgnored,
    /// `sortBy`/`sortOrder` are accepted but ignored: results keep creation order.
    #[value(name = "sort-ignored")]
    SortIgnored,
    /// `excludedAttributes` is ignored: every default attribute is returned.
    #[value(name = "excluded-attributes-ignored")]
    ExcludedAttributesIgnored,
    /// 401 answers carry no `WWW-Authenticate` header.
    #[value(name = "www-authenticate-missing")]
    WwwAuthenticateMissing,
    /// PATCH `add` on a multi-valued attribute replaces its values instead of appending.
    #[value(name = "patch-add-replaces")]
    PatchAddReplaces,
    /// PATCH `remove` with a value filter (`emails[type eq "home"]`) removes every value of the attribute.
    #[value(name = "remove-filter-removes-all")]
    RemoveFilterRemovesAll,
    /// PATCH `replace` on a complex attribute drops the sub-attributes the value does not name.
    #[value(name = "replace-complex-clears")]
    ReplaceComplexClears,
    /// Error bodies carry no `scimType`, so a client cannot tell invalidFilter from invalidPath.
    #[value(name = "scim-type-missing")]
    ScimTypeMissing,
    /// `/Schemas` also lists the ListResponse message schema.
    #[value(name = "schemas-list-messages")]
    SchemasListMessages,
    /// `attributes` on list queries is ignored: every default attribute is returned.
    #[value(name = "attributes-ignored")]
    AttributesIgnored,
    /// `/ServiceProviderConfig` has no `authenticationSchemes`.
    #[value(name = "spc-without-authentication-schemes")]
    SpcWithoutAuthenticationSchemes,
    /// ETag headers are sent bare (`W/1`), not as quoted entity tags.
    #[value(name = "etag-unquoted")]
    EtagUnquoted,
    /// A request body that is not JSON crashes the handler: 500 instead of 400.
    #[value(name = "broken-json-answers-500")]
    BrokenJsonAnswers500,
    /// Writes leave `meta.version` and the ETag at their old value.
    #[value(name = "version-not-bumped")]
    VersionNotBumped,
    /// In `emails[type eq "work" and value ew "x"]` each term may match a different email.
    #[value(name = "value-path-terms-split")]
    ValuePathTermsSplit,
    /// The logical `not` is dropped: `not (active eq true)` selects the active users.
    #[value(name = "filter-not-ignored")]
    FilterNotIgnored,
    /// `Accept: application/json` is refused with 406 Not Acceptable.
    #[value(name = "accept-json-refused")]
    AcceptJsonRefused,
    /// A request without a media-type preference (`Accept: */*` or none) is refused with 406.
    #[value(name = "accept-any-refused")]
    AcceptAnyRefused,
    /// A request body labelled `Content-Type: application/json` is refused with 415.
    #[value(name = "json-content-type-refused")]
    JsonContentTypeRefused,
    /// A method an endpoint does not support (PUT /Users, DELETE /ServiceProviderConfig) answers 200 with an empty body.
    #[value(name = "wrong-method-answers-200")]
    WrongMethodAnswers200,
    /// `/Schemas` and `/ResourceTypes` apply `startIndex`/`count` and cut the list.
    #[value(name = "discovery-paged")]
    DiscoveryPaged,
    /// A `filter` on a discovery endpoint is ignored and answered 200.
    #[value(name = "discovery-filter-answered")]
    DiscoveryFilterAnswered,
    /// The ServiceProviderConfig says `patch.supported: false`, yet PATCH still works.
    #[value(name = "spc-denies-patch")]
    SpcDeniesPatch,
    /// `GET /Me` answers 200 with a User but no `Location` header.
    #[value(name = "me-without-location")]
    MeWithoutLocation,
    /// `GET /Me` fails with 500 instead of 501 Not Implemented.
    #[value(name = "me-answers-500")]
    MeAnswers500,
    /// A deleted user (404 on GET) still shows up in list results.
    #[value(name = "deleted-still-listed")]
    DeletedStillListed,
    /// An unknown endpoint answers 200 with an HTML page.
    #[value(name = "unknown-endpoint-answers-200")]
    UnknownEndpointAnswers200,
    /// `/ResourceTypes` entries carry no `endpoint`.
    #[value(name = "resource-type-without-endpoint")]
    ResourceTypeWithoutEndpoint,
    /// `GET /Schemas/{id}` answers the whole /Schemas ListResponse.
    #[value(name = "schema-by-id-answers-list")]
    SchemaByIdAnswersList,
    /// `"bulkId:<id>"` references in bulk operations are stored as they are, not resolved.
    #[value(name = "bulk-ids-not-resolved")]
    BulkIdsNotResolved,
    /// `failOnErrors` is ignored: a bulk request runs every operation whatever fails.
    #[value(name = "fail-on-errors-ignored")]
    FailOnErrorsIgnored,
    /// A bulk request over `maxOperations` or `maxPayloadSize` is processed instead of refused with 413.
    #[value(name = "bulk-limit-ignored")]
    BulkLimitIgnored,
    /// Bulk results carry `status` as a JSON number (`201`), not a string.
    #[value(name = "bulk-status-as-number")]
    BulkStatusAsNumber,
    /// Failed bulk operations are reported without their `response` error body.
    #[value(name = "bulk-error-without-response")]
    BulkErrorWithoutResponse,
    /// The integer extension attribute `clearanceLevel` is returned as a JSON string.
    #[value(name = "integer-as-string")]
    IntegerAsString,
    /// Users carry a top-level attribute that no schema in `/Schemas` declares.
    #[value(name = "undeclared-attribute-returned")]
    UndeclaredAttributeReturned,
    /// The reference extension's attributes are returned at the top level, not under its URN.
    #[value(name = "extension-attributes-at-top-level")]
    ExtensionAttributesAtTopLevel,
    /// A write changing the immutable `badgeId` answers 200 and keeps the old value.
    #[value(name = "immutable-change-ignored")]
    ImmutableChangeIgnored,
    /// A write changing the immutable `badgeId` answers 200 and applies the change.
    #[value(name = "immutable-change-applied")]
    ImmutableChangeApplied,
    /// A PUT setting the immutable `badgeId` of a user that has none answers 200 and drops it.
    #[value(name = "immutable-unset-not-applied")]
    ImmutableUnsetNotApplied,
    /// The unversioned base `/api` works, but `/api/v2/...` (the version segment before the
    /// endpoint, RFC 7644 §3.13) answers 404.
    #[value(name = "version-segment-404")]
    VersionSegment404,
    /// Two bulk POSTs referencing each other's bulkId: the operation found in the cycle answers
    /// 500 instead of 409.
    #[value(name = "bulk-circular-500")]
    BulkCircular500,
    /// A PATCH replacing the set immutable `badgeId` answers 200 and applies the change (a
    /// PUT is still refused).
    #[value(name = "immutable-patch-applied")]
    ImmutablePatchApplied,
}

impl Fault {
    /// Every fault, in declaration order.
    pub const ALL: &'static [Fault] = &[
        Fault::CreateAnswers200,
        Fault::CreateWithoutLocation,
        Fault::CreateEmptyBody,
        Fault::CreateWithoutId,
        Fault::DuplicatesAllowed,
        Fault::DuplicateAnswers500,
        Fault::UserNameFilterCaseSensitive,
        Fault::FilterIgnored,
        Fault::NoMatchHtml404,
        Fault::PagingFieldsAsStrings,
        Fault::ListWithoutSchemas,
        Fault::StartIndexIgnored,
        Fault::CountIgnored,
        Fault::TotalResultsWrong,
        Fault::UnstableOrder,
        Fault::UnknownIdAnswers200,
        Fault::ErrorStatusAsNumber,
        Fault::ErrorWithoutSchemas,
        Fault::AnyTokenAccepted,
        Fault::UnauthorizedAsHtml,
        Fault::PatchActiveIgnored,
        Fault::NoPathPatchRefused,
        Fault::PutIgnoresName,
        Fault::PutRefusesReadOnly,
        Fault::PasswordReturned,
        Fault::ContentTypeJson,
        Fault::MemberAddIgnored,
        Fault::MemberRemoveFilterRefused,
        Fault::RenameWithIdRefused,
        Fault::DeleteAnswers200,
        Fault::DeactivateDeletes,
        Fault::ReactivateIgnored,
        Fault::MetaMissing,
        Fault::GroupGetOmitsMembers,
        Fault::StaleReadAfterPut,
        Fault::SlowResponses,
        Fault::LocationMismatch,
        Fault::PatchNotAtomic,
        Fault::PutCreates,
        Fault::IfNoneMatchIgnored,
        Fault::IfMatchIgnored,
        Fault::StartIndexBelowOneRefused,
        Fault::CountZeroIgnored,
        Fault::SortIgnored,
        Fault::ExcludedAttributesIgnored,
        Fault::WwwAuthenticateMissing,
        Fault::PatchAddReplaces,
        Fault::RemoveFilterRemovesAll,
        Fault::ReplaceComplexClears,
        Fault::ScimTypeMissing,
        Fault::SchemasListMessages,
        Fault::AttributesIgnored,
        Fault::SpcWithoutAuthenticationSchemes,
        Fault::EtagUnquoted,
        Fault::BrokenJsonAnswers500,
        Fault::VersionNotBumped,
        Fault::ValuePathTermsSplit,
        Fault::FilterNotIgnored,
        Fault::AcceptJsonRefused,
        Fault::AcceptAnyRefused,
        Fault::JsonContentTypeRefused,
        Fault::WrongMethodAnswers200,
        Fault::DiscoveryPaged,
        Fault::DiscoveryFilterAnswered,
        Fault::SpcDeniesPatch,
        Fault::MeWithoutLocation,
        Fault::MeAnswers500,
        Fault::DeletedStillListed,
        Fault::UnknownEndpointAnswers200,
        Fault::ResourceTypeWithoutEndpoint,
        Fault::SchemaByIdAnswersList,
        Fault::BulkIdsNotResolved,
        Fault::FailOnErrorsIgnored,
        Fault::BulkLimitIgnored,
        Fault::BulkStatusAsNumber,
        Fault::BulkErrorWithoutResponse,
        Fault::IntegerAsString,
        Fault::UndeclaredAttributeReturned,
        Fault::ExtensionAttributesAtTopLevel,
        Fault::ImmutableChangeIgnored,
        Fault::ImmutableChangeApplied,
        Fault::ImmutableUnsetNotApplied,
        Fault::VersionSegment404,
        Fault::BulkCircular500,
        Fault::ImmutablePatchApplied,
    ];

    /// The kebab-case name used on the command line.
    pub fn name(self) -> &'static str {
        self.info().0
    }

    /// The rule this fault breaks, with its source.
    pub fn rule(self) -> &'static str {
        self.info().1
    }
}

/// A set of faults, stored as a bit mask indexed by the variant's position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FaultSet(u128);

impl FaultSet {
    /// Builds the set from a list; duplicates are harmless.
    pub(crate) fn new(faults: &[Fault]) -> Self {
        Self(faults.iter().fold(0, |acc, f| acc | f.bit()))
    }

    /// Whether `fault` is switched on.
    pub(crate) fn has(self, fault: Fault) -> bool {
        self.0 & fault.bit() != 0
    }
}

impl Fault {
    fn bit(self) -> u128 {
        1u128 << (self as u32)
    }
}
