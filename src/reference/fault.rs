//! Deliberate deviations ("faults") the reference server can be started with.
//!
//! The harness proves that it detects real-world mistakes by running against
//! the reference server with one or more faults switched on. Each variant breaks
//! exactly one rule, names it in [`Fault::rule`], and is independent of the
//! others, so any combination is meaningful. The list is closed on purpose: a new
//! fault is a new variant, and the compiler points at every `match` to update.

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
    ];

    /// The kebab-case name used on the command line.
    pub fn name(self) -> &'static str {
        self.info().0
    }

    /// The rule this fault breaks, with its source.
    pub fn rule(self) -> &'static str {
        self.info().1
    }

    fn info(self) -> (&'static str, &'static str) {
        match self {
            Fault::CreateAnswers200 => (
                "create-answers-200",
                "RFC 7644 §3.3: a successful create answers 201 Created",
            ),
            Fault::CreateWithoutLocation => (
                "create-without-location",
                "RFC 7644 §3.3: a 201 answer carries a Location header",
            ),
            Fault::CreateEmptyBody => (
                "create-empty-body",
                "RFC 7644 §3.3: the create answer contains the new resource (Okta: \"Create new user returned empty user\")",
            ),
            Fault::CreateWithoutId => (
                "create-without-id",
                "RFC 7643 §3.1: every representation includes the server-assigned id",
            ),
            Fault::DuplicatesAllowed => (
                "duplicates-allowed",
                "RFC 7643 §4.1.1 / RFC 7644 §3.3: userName is unique; a duplicate create answers 409 uniqueness",
            ),
            Fault::DuplicateAnswers500 => (
                "duplicate-answers-500",
                "RFC 7644 §3.3: a duplicate create answers 409 with scimType uniqueness",
            ),
            Fault::UserNameFilterCaseSensitive => (
                "username-filter-case-sensitive",
                "RFC 7643 §4.1.1 + RFC 7644 §3.4.2.2: userName is caseExact false, so filters match it case-insensitively",
            ),
            Fault::FilterIgnored => (
                "filter-ignored",
                "RFC 7644 §3.4.2.2: only resources matching the filter are returned",
            ),
            Fault::NoMatchHtml404 => (
                "no-match-html-404",
                "RFC 7644 §3.4.2: a query matching nothing answers 200 with totalResults 0",
            ),
            Fault::PagingFieldsAsStrings => (
                "paging-fields-as-strings",
                "RFC 7644 §3.4.2: totalResults, startIndex and itemsPerPage are integers",
            ),
            Fault::ListWithoutSchemas => (
                "list-without-schemas",
                "RFC 7644 §3.4.2: a ListResponse carries the ListResponse schema URN",
            ),
            Fault::StartIndexIgnored => (
                "start-index-ignored",
                "RFC 7644 §3.4.2.4: startIndex is the 1-based index of the first result",
            ),
            Fault::CountIgnored => (
                "count-ignored",
                "RFC 7644 §3.4.2.4: the server returns no more than count results",
            ),
            Fault::TotalResultsWrong => (
                "total-results-wrong",
                "RFC 7644 §3.4.2: totalResults is the total number of matching results",
            ),
            Fault::UnstableOrder => (
                "unstable-order",
                "Okta import paging: results keep a stable order across startIndex/count pages",
            ),
            Fault::UnknownIdAnswers200 => (
                "unknown-id-answers-200",
                "RFC 7644 §3.12: an unknown resource answers 404",
            ),
            Fault::ErrorStatusAsNumber => (
                "error-status-as-number",
                "RFC 7644 §3.12: the Error status is the HTTP status code as a JSON string",
            ),
            Fault::ErrorWithoutSchemas => (
                "error-without-schemas",
                "RFC 7644 §3.12: an Error body carries the Error schema URN",
            ),
            Fault::AnyTokenAccepted => (
                "any-token-accepted",
                "RFC 7644 §2 / §3.12: a missing or wrong credential answers 401",
            ),
            Fault::UnauthorizedAsHtml => (
                "unauthorized-as-html",
                "RFC 7644 §3.12: errors, including 401, are SCIM Error JSON bodies",
            ),
            Fault::PatchActiveIgnored => (
                "patch-active-ignored",
                "RFC 7644 §3.5.2.3: replace sets the targeted attribute (Okta deactivation)",
            ),
            Fault::NoPathPatchRefused => (
                "no-path-patch-refused",
                "RFC 7644 §3.5.2.1/§3.5.2.3: without path the value holds the attributes to add or replace",
            ),
            Fault::PutIgnoresName => (
                "put-ignores-name",
                "RFC 7644 §3.5.1: values provided in a PUT replace the existing ones",
            ),
            Fault::PutRefusesReadOnly => (
                "put-refuses-read-only",
                "RFC 7644 §3.5.1: readOnly values in a PUT body (Okta echoes id and meta) are ignored",
            ),
            Fault::PasswordReturned => (
                "password-returned",
                "RFC 7643 §4.1.1: password is writeOnly and never returned",
            ),
            Fault::ContentTypeJson => (
                "content-type-json",
                "RFC 7644 §3.1/§8.1: responses use the media type application/scim+json",
            ),
            Fault::MemberAddIgnored => (
                "member-add-ignored",
                "RFC 7644 §3.5.2.1: add on members appends the given members",
            ),
            Fault::MemberRemoveFilterRefused => (
                "member-remove-filter-refused",
                "RFC 7644 §3.5.2.2: remove with members[value eq \"id\"] removes the matching member",
            ),
            Fault::RenameWithIdRefused => (
                "rename-with-id-refused",
                "RFC 7644 §3.5.2 (Okta group rename): an unchanged readOnly id in the value is not a modification",
            ),
            Fault::DeleteAnswers200 => (
                "delete-answers-200",
                "RFC 7644 §3.6: a successful DELETE answers 204 No Content",
            ),
            Fault::DeactivateDeletes => (
                "deactivate-deletes",
                "RFC 7643 §4.1.1: active is a status flag; a deactivated user stays retrievable (Okta)",
            ),
            Fault::ReactivateIgnored => (
                "reactivate-ignored",
                "RFC 7644 §3.5.2.3: replace active true re-activates the user (Okta)",
            ),
            Fault::MetaMissing => (
                "meta-missing",
                "RFC 7643 §3.1: the service provider assigns and returns meta",
            ),
            Fault::GroupGetOmitsMembers => (
                "group-get-omits-members",
                "RFC 7643 §4.2: Group members are returned by default",
            ),
            Fault::StaleReadAfterPut => (
                "stale-read-after-put",
                "RFC 7644 §3.1: responses reflect the current resource state",
            ),
            Fault::SlowResponses => (
                "slow-responses",
                "Okta SPEC test: every answer arrives within 600 ms",
            ),
            Fault::LocationMismatch => (
                "location-mismatch",
                "RFC 7643 §3.1 / RFC 7644 §3.3: the Location header equals meta.location",
            ),
            Fault::PatchNotAtomic => (
                "patch-not-atomic",
                "RFC 7644 §3.5.2: a PATCH is atomic; on any error the resource is left as it was",
            ),
            Fault::PutCreates => (
                "put-creates",
                "RFC 7644 §3.5.1: PUT does not create resources; an unknown id answers 404",
            ),
            Fault::IfNoneMatchIgnored => (
                "if-none-match-ignored",
                "RFC 7644 §3.14: If-None-Match with the current ETag answers 304 Not Modified",
            ),
            Fault::IfMatchIgnored => (
                "if-match-ignored",
                "RFC 7644 §3.14: a write whose If-Match is stale answers 412 Precondition Failed",
            ),
            Fault::StartIndexBelowOneRefused => (
                "start-index-below-one-refused",
                "RFC 7644 §3.4.2.4: a startIndex below 1 is interpreted as 1",
            ),
            Fault::CountZeroIgnored => (
                "count-zero-ignored",
                "RFC 7644 §3.4.2.4: count 0 (negative counts read as 0) returns no resources, only totalResults",
            ),
            Fault::SortIgnored => (
                "sort-ignored",
                "RFC 7644 §3.4.2.3: sortBy/sortOrder order the results (sort.supported is true)",
            ),
            Fault::ExcludedAttributesIgnored => (
                "excluded-attributes-ignored",
                "RFC 7644 §3.4.2.5, §3.9: excludedAttributes removes the named attributes",
            ),
            Fault::WwwAuthenticateMissing => (
                "www-authenticate-missing",
                "RFC 7644 §2 (RFC 7235 §4.1): a 401 names the authentication scheme in WWW-Authenticate",
            ),
            Fault::PatchAddReplaces => (
                "patch-add-replaces",
                "RFC 7644 §3.5.2.1: add on a multi-valued attribute appends the values",
            ),
            Fault::RemoveFilterRemovesAll => (
                "remove-filter-removes-all",
                "RFC 7644 §3.5.2.2: remove with a value filter removes only the matching values",
            ),
            Fault::ReplaceComplexClears => (
                "replace-complex-clears",
                "RFC 7644 §3.5.2.3: replace on a complex attribute keeps the sub-attributes it does not name",
            ),
            Fault::ScimTypeMissing => (
                "scim-type-missing",
                "RFC 7644 §3.12 Table 9: 400 errors name their cause in scimType (invalidFilter, invalidPath, noTarget, ...)",
            ),
            Fault::SchemasListMessages => (
                "schemas-list-messages",
                "RFC 7644 §3.1: urn:ietf:params:scim:api: message schemas are not discoverable via /Schemas",
            ),
            Fault::AttributesIgnored => (
                "attributes-ignored",
                "RFC 7644 §3.4.2.5, §3.9: attributes returns the minimum set plus the named attributes only",
            ),
            Fault::SpcWithoutAuthenticationSchemes => (
                "spc-without-authentication-schemes",
                "RFC 7643 §5: authenticationSchemes is REQUIRED in the ServiceProviderConfig",
            ),
            Fault::EtagUnquoted => (
                "etag-unquoted",
                "RFC 7232 §2.3 / RFC 7644 §3.14: an ETag is a quoted entity tag, weak ones prefixed W/, equal to meta.version",
            ),
            Fault::BrokenJsonAnswers500 => (
                "broken-json-answers-500",
                "RFC 7644 §3.12 Tables 8, 9: an unparsable body answers 400 (invalidSyntax)",
            ),
            Fault::VersionNotBumped => (
                "version-not-bumped",
                "RFC 7643 §3.1 / RFC 7644 §3.14: meta.version (the ETag) changes whenever the resource changes",
            ),
            Fault::ValuePathTermsSplit => (
                "value-path-terms-split",
                "RFC 7644 §3.4.2.2: a value-path filter matches when one value satisfies the whole bracket",
            ),
            Fault::FilterNotIgnored => (
                "filter-not-ignored",
                "RFC 7644 §3.4.2.2 Table 4: not (f) matches the resources f does not match",
            ),
            Fault::AcceptJsonRefused => (
                "accept-json-refused",
                "RFC 7644 §3.8: a service provider should support `Accept: application/json`, answering SCIM JSON",
            ),
            Fault::AcceptAnyRefused => (
                "accept-any-refused",
                "RFC 7644 §3.8: without a requested format the answer defaults to application/scim+json",
            ),
            Fault::JsonContentTypeRefused => (
                "json-content-type-refused",
                "RFC 7644 §3.8, §8.1: application/json bodies are SCIM JSON too (older clients and Entra send them)",
            ),
            Fault::WrongMethodAnswers200 => (
                "wrong-method-answers-200",
                "RFC 7644 §3.12 Table 8: an operation the endpoint does not support answers an error (405 or 501), not success",
            ),
            Fault::DiscoveryPaged => (
                "discovery-paged",
                "RFC 7644 §4: pagination and sorting parameters on /Schemas and /ResourceTypes are ignored",
            ),
            Fault::DiscoveryFilterAnswered => (
                "discovery-filter-answered",
                "RFC 7644 §4: a filter on a discovery endpoint should be answered 403",
            ),
            Fault::SpcDeniesPatch => (
                "spc-denies-patch",
                "RFC 7644 §3.12 Table 8, §4: an operation the ServiceProviderConfig marks unsupported answers 501",
            ),
            Fault::MeWithoutLocation => (
                "me-without-location",
                "RFC 7644 §3.11: a /Me answer carries the aliased resource's permanent location in Location",
            ),
            Fault::MeAnswers500 => (
                "me-answers-500",
                "RFC 7644 §3.11: a service provider without /Me support should answer 501",
            ),
            Fault::DeletedStillListed => (
                "deleted-still-listed",
                "RFC 7644 §3.6: a deleted resource is omitted from query results",
            ),
            Fault::UnknownEndpointAnswers200 => (
                "unknown-endpoint-answers-200",
                "RFC 7644 §3.12 Table 8: an endpoint that does not exist answers 404",
            ),
            Fault::ResourceTypeWithoutEndpoint => (
                "resource-type-without-endpoint",
                "RFC 7643 §6: endpoint is REQUIRED in a ResourceType",
            ),
            Fault::SchemaByIdAnswersList => (
                "schema-by-id-answers-list",
                "RFC 7644 §4: GET /Schemas/{id} returns that one Schema",
            ),
            Fault::BulkIdsNotResolved => (
                "bulk-ids-not-resolved",
                "RFC 7644 §3.7.2: \"bulkId:<id>\" in a bulk operation is replaced by the id of the resource that POST created",
            ),
            Fault::FailOnErrorsIgnored => (
                "fail-on-errors-ignored",
                "RFC 7644 §3.7, §3.7.3: once failOnErrors operations have failed, the rest are not processed",
            ),
            Fault::BulkLimitIgnored => (
                "bulk-limit-ignored",
                "RFC 7644 §3.7.4: a bulk request over maxOperations or maxPayloadSize answers 413 naming the limit",
            ),
            Fault::BulkStatusAsNumber => (
                "bulk-status-as-number",
                "RFC 7644 §3.7.3: each bulk result's status is the HTTP code as a string (\"201\")",
            ),
            Fault::BulkErrorWithoutResponse => (
                "bulk-error-without-response",
                "RFC 7644 §3.7: a bulk result with a non-2xx status carries the Error body in response",
            ),
            Fault::IntegerAsString => (
                "integer-as-string",
                "RFC 7643 §2.3.4, §7: a value has the type its schema declares (an integer, not a string)",
            ),
            Fault::UndeclaredAttributeReturned => (
                "undeclared-attribute-returned",
                "RFC 7643 §3: the schemas listed in `schemas` define every attribute present",
            ),
            Fault::ExtensionAttributesAtTopLevel => (
                "extension-attributes-at-top-level",
                "RFC 7643 §3, §3.3: extension attributes live under the extension's URN key",
            ),
            Fault::ImmutableChangeIgnored => (
                "immutable-change-ignored",
                "RFC 7644 §3.5.1: changing a set immutable value SHOULD answer 400 mutability",
            ),
            Fault::ImmutableChangeApplied => (
                "immutable-change-applied",
                "RFC 7643 §7: an immutable value, once set, SHALL NOT be updated",
            ),
            Fault::ImmutableUnsetNotApplied => (
                "immutable-unset-not-applied",
                "RFC 7644 §3.5.1: an immutable attribute without a value takes the PUT's new value",
            ),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::ValueEnum;

    #[test]
    fn names_match_the_command_line_spelling() {
        for fault in Fault::ALL {
            let value = fault.to_possible_value();
            assert_eq!(value.as_ref().map(|v| v.get_name()), Some(fault.name()));
        }
    }

    #[test]
    fn all_lists_every_variant_once() {
        assert_eq!(Fault::ALL.len(), Fault::value_variants().len());
        assert!(Fault::ALL.len() >= 30 && Fault::ALL.len() <= 128);
        for (i, fault) in Fault::ALL.iter().enumerate() {
            assert_eq!(*fault as usize, i, "{fault:?} out of order");
            assert!(fault.rule().len() > 20);
        }
    }

    #[test]
    fn fault_set_holds_exactly_what_was_given() {
        let set = FaultSet::new(&[Fault::MetaMissing, Fault::SlowResponses]);
        assert!(set.has(Fault::MetaMissing) && set.has(Fault::SlowResponses));
        assert!(!set.has(Fault::CreateAnswers200));
    }
}
