//! Deliberate deviations ("faults") the reference server can be started with.
//!
//! The harness proves that it detects real-world mistakes by running against
//! the reference server with one or more faults switched on. Each variant breaks
//! exactly one rule, names it in [`Fault::rule`], and is independent of the
//! others, so any combination is meaningful. The list is closed on purpose: a new
//! fault is a new variant, and the compiler points at every `match` to update.

/// Declares every fault once: its variant, its command-line name, and the rule it breaks.
macro_rules! faults {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $rule:literal; )+) => {
        /// One single, realistic deviation from RFC 7643/7644 or from what Okta needs.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
        pub enum Fault {
            $( $(#[$doc])* #[value(name = $name)] $variant, )+
        }

        impl Fault {
            /// Every fault, in declaration order.
            pub const ALL: &'static [Fault] = &[ $( Fault::$variant, )+ ];

            /// The kebab-case name used on the command line.
            pub fn name(self) -> &'static str {
                match self { $( Fault::$variant => $name, )+ }
            }

            /// The rule this fault breaks, with its source.
            pub fn rule(self) -> &'static str {
                match self { $( Fault::$variant => $rule, )+ }
            }
        }
    };
}

faults! {
    /// `POST` answers 200 instead of 201.
    CreateAnswers200 = "create-answers-200",
        "RFC 7644 §3.3: a successful create answers 201 Created";
    /// `POST` answers 201 without a `Location` header.
    CreateWithoutLocation = "create-without-location",
        "RFC 7644 §3.3: a 201 answer carries a Location header";
    /// `POST` answers 201 with an empty body.
    CreateEmptyBody = "create-empty-body",
        "RFC 7644 §3.3: the create answer contains the new resource (Okta: \"Create new user returned empty user\")";
    /// `POST` answers with the resource but without its `id`.
    CreateWithoutId = "create-without-id",
        "RFC 7643 §3.1: every representation includes the server-assigned id";
    /// A second user with an existing `userName` is created instead of refused.
    DuplicatesAllowed = "duplicates-allowed",
        "RFC 7643 §4.1.1 / RFC 7644 §3.3: userName is unique; a duplicate create answers 409 uniqueness";
    /// A duplicate `userName` is refused with 500 instead of 409.
    DuplicateAnswers500 = "duplicate-answers-500",
        "RFC 7644 §3.3: a duplicate create answers 409 with scimType uniqueness";
    /// A user create without `name.formatted` is refused with 400 invalidValue
    /// ("Field 'formatted' is required"); Okta does not send it.
    CreateRequiresFormatted = "create-requires-formatted",
        "RFC 7643 §4.1: a User requires only userName; name.formatted is optional (Okta does not send it)";
    /// Users in a ListResponse carry only `schemas`, `id`, `userName` and `meta`.
    ListMinimalUsers = "list-minimal-users",
        "Okta SPEC 1 / RFC 7644 §3.4.2: listed users carry their default attributes (name, emails, active)";
    /// A user create without `userName` answers 500 instead of 400 invalidValue.
    MissingUserNameAnswers500 = "missing-username-answers-500",
        "RFC 7643 §4.1 / RFC 7644 Table 9: a create missing the required userName answers 400 invalidValue";
    /// The enterprise extension's attributes in a `POST` are accepted but not stored.
    EnterpriseExtensionDropped = "enterprise-extension-dropped",
        "RFC 7643 §3.3, §4.3, §7: extension values written are stored and returned";
    /// `User.groups` is never filled, though the User schema declares it.
    UserGroupsEmpty = "user-groups-empty",
        "RFC 7643 §4.1.2: User.groups lists the groups the user belongs to";
    /// PATCH op names are compared case-sensitively (`Replace` is refused).
    PatchOpCaseSensitive = "patch-op-case-sensitive",
        "RFC 7644 §3.5.2, RFC 7643 §2.1: PATCH op names are case-insensitive (Entra sends Replace)";
    /// A group PATCH reads the group, waits 25 ms and writes what it read plus its own change:
    /// concurrent membership PATCHes lose each other's members.
    MembershipLostUpdate = "membership-lost-update",
        "RFC 7644 §3.5.2: each PATCH applies to the resource as it is; Okta sends membership PATCHes to one group at once (chunks of 100, racing assignments) and none may undo another";
    /// A PATCH setting `active: false` on a user that is already inactive answers 409.
    DeactivateTwiceRefused = "deactivate-twice-refused",
        "RFC 7644 §3.5.2 (a PATCH that changes nothing still succeeds): Okta retries a deprovision task and sends the same deactivation again";
    /// /Schemas serves the User schema's `title` with the type "text".
    SchemaAttributeMalformed = "schema-attribute-malformed",
        "RFC 7643 §2.3, §7: an attribute's type is one of string, boolean, decimal, integer, dateTime, reference, complex, binary (Okta's Import User Schema maps attributes by type)";
    /// /ResourceTypes lists the enterprise extension under User; /Schemas does not serve it.
    ExtensionSchemaUnserved = "extension-schema-unserved",
        "RFC 7643 §6, RFC 7644 §4: every schema a ResourceType names is served at /Schemas (Okta's Import User Schema reads the extensions from there)";
    /// A user create checks the userName is free, waits 25 ms (a slow database round trip),
    /// then inserts without a unique index: two concurrent creates of one user both succeed.
    RacingCreatesTwin = "racing-creates-twin",
        "RFC 7643 §4.1.1: userName is unique, also when two creates race (Okta retries and assigns concurrently): one is created, the other refused 409";
    /// Uniqueness ignores inactive users: a create with a deactivated user's `userName` makes
    /// a twin (the re-assignment bug of better-auth#11111).
    InactiveUsersNotUnique = "inactive-users-not-unique",
        "RFC 7643 §4.1.1: userName is unique among all users, active or not; Okta re-assigning a deactivated user must not make a twin";
    /// A duplicate `userName` is refused with 400 `uniqueness` instead of 409.
    DuplicateAnswers400 = "duplicate-answers-400",
        "RFC 7644 §3.3 (Okta SPEC 8): a duplicate create answers 409, not 400";
    /// A create answers 201 with the first stored resource of its kind, not the new one.
    CreateAnswersFirstResource = "create-answers-first-resource",
        "RFC 7644 §3.3: the create answer is the resource that request created";
    /// Server-assigned ids hold a `/` (`<uuid>/1`), so `{endpoint}/{id}` is two segments.
    IdsWithSlash = "ids-with-slash",
        "RFC 7643 §3.1 / RFC 7644 §3.2: an id addresses its resource as one path segment";
    /// Filters compare `userName` case-sensitively.
    UserNameFilterCaseSensitive = "username-filter-case-sensitive",
        "RFC 7643 §4.1.1 + RFC 7644 §3.4.2.2: userName is caseExact false, so filters match it case-insensitively";
    /// The `filter` parameter is ignored and every resource is returned.
    FilterIgnored = "filter-ignored",
        "RFC 7644 §3.4.2.2: only resources matching the filter are returned";
    /// A filter that matches nothing answers 404 with an HTML body.
    NoMatchHtml404 = "no-match-html-404",
        "RFC 7644 §3.4.2: a query matching nothing answers 200 with totalResults 0";
    /// A filter that matches nothing answers 404 with a SCIM Error.
    NoMatchAnswers404 = "no-match-answers-404",
        "RFC 7644 §3.4.2 (Okta SPEC 3, 5): a query matching nothing answers 200, not 404";
    /// `totalResults`, `startIndex` and `itemsPerPage` are JSON strings.
    PagingFieldsAsStrings = "paging-fields-as-strings",
        "RFC 7644 §3.4.2: totalResults, startIndex and itemsPerPage are integers";
    /// ListResponse bodies carry no `schemas`.
    ListWithoutSchemas = "list-without-schemas",
        "RFC 7644 §3.4.2: a ListResponse carries the ListResponse schema URN";
    /// `startIndex` is ignored; every page starts at the first resource.
    StartIndexIgnored = "start-index-ignored",
        "RFC 7644 §3.4.2.4: startIndex is the 1-based index of the first result";
    /// `count` is ignored; every matching resource is returned.
    CountIgnored = "count-ignored",
        "RFC 7644 §3.4.2.4: the server returns no more than count results";
    /// `totalResults` is the page size instead of the number of matches.
    TotalResultsWrong = "total-results-wrong",
        "RFC 7644 §3.4.2: totalResults is the total number of matching results";
    /// `totalResults` counts only the resources from `startIndex` on, so it shrinks page by page.
    TotalResultsRemaining = "total-results-remaining",
        "RFC 7644 §3.4.2: totalResults is the number of matches, the same on every page";
    /// The list order flips between requests, so pages overlap and skip.
    UnstableOrder = "unstable-order",
        "Okta import paging: results keep a stable order across startIndex/count pages";
    /// `GET` of an unknown id answers 200 with an empty resource.
    UnknownIdAnswers200 = "unknown-id-answers-200",
        "RFC 7644 §3.12: an unknown resource answers 404";
    /// Reading one resource by id is not implemented: `GET /Users/{id}` answers 501.
    GetByIdUnsupported = "get-by-id-unsupported",
        "RFC 7644 §3.4.1: GET {endpoint}/{id} retrieves a known resource";
    /// Error bodies carry `status` as a JSON number.
    ErrorStatusAsNumber = "error-status-as-number",
        "RFC 7644 §3.12: the Error status is the HTTP status code as a JSON string";
    /// Error bodies carry no `schemas`.
    ErrorWithoutSchemas = "error-without-schemas",
        "RFC 7644 §3.12: an Error body carries the Error schema URN";
    /// Error bodies carry no `detail`.
    ErrorWithoutDetail = "error-without-detail",
        "Okta SPEC 4, 11, 12: an Error body carries a non-empty detail";
    /// Any bearer token, or none, is accepted.
    AnyTokenAccepted = "any-token-accepted",
        "RFC 7644 §2 / §3.12: a missing or wrong credential answers 401";
    /// 401 answers are HTML pages instead of SCIM errors.
    UnauthorizedAsHtml = "unauthorized-as-html",
        "RFC 7644 §3.12: errors, including 401, are SCIM Error JSON bodies";
    /// PATCH operations on `active` are ignored.
    PatchActiveIgnored = "patch-active-ignored",
        "RFC 7644 §3.5.2.3: replace sets the targeted attribute (Okta deactivation)";
    /// PATCH operations without `path` are refused with 400.
    NoPathPatchRefused = "no-path-patch-refused",
        "RFC 7644 §3.5.2.1/§3.5.2.3: without path the value holds the attributes to add or replace";
    /// PUT keeps the old `name` instead of replacing it.
    PutIgnoresName = "put-ignores-name",
        "RFC 7644 §3.5.1: values provided in a PUT replace the existing ones";
    /// PUT refuses a body that echoes `id` or `meta` with 400.
    PutRefusesReadOnly = "put-refuses-read-only",
        "RFC 7644 §3.5.1: readOnly values in a PUT body (Okta echoes id and meta) are ignored";
    /// The write-only `password` is returned in responses.
    PasswordReturned = "password-returned",
        "RFC 7643 §4.1.1: password is writeOnly and never returned";
    /// Responses are labelled `application/json` instead of `application/scim+json`.
    ContentTypeJson = "content-type-json",
        "RFC 7644 §3.1/§8.1: responses use the media type application/scim+json";
    /// PATCH `add` on group `members` is ignored.
    MemberAddIgnored = "member-add-ignored",
        "RFC 7644 §3.5.2.1: add on members appends the given members";
    /// PATCH `remove` with `members[value eq "…"]` is refused with 400 invalidPath.
    MemberRemoveFilterRefused = "member-remove-filter-refused",
        "RFC 7644 §3.5.2.2: remove with members[value eq \"id\"] removes the matching member";
    /// A no-path rename that repeats the group's own `id` is refused with 400 mutability.
    RenameWithIdRefused = "rename-with-id-refused",
        "RFC 7644 §3.5.2 (Okta group rename): an unchanged readOnly id in the value is not a modification";
    /// `DELETE` answers 200 with a body instead of 204.
    DeleteAnswers200 = "delete-answers-200",
        "RFC 7644 §3.6: a successful DELETE answers 204 No Content";
    /// Setting `active` to false deletes the user.
    DeactivateDeletes = "deactivate-deletes",
        "RFC 7643 §4.1.1: active is a status flag; a deactivated user stays retrievable (Okta)";
    /// Setting `active` back to true is ignored.
    ReactivateIgnored = "reactivate-ignored",
        "RFC 7644 §3.5.2.3: replace active true re-activates the user (Okta)";
    /// Resources carry no `meta`.
    MetaMissing = "meta-missing",
        "RFC 7643 §3.1: the service provider assigns and returns meta";
    /// `GET /Groups/{id}` omits `members`.
    GroupGetOmitsMembers = "group-get-omits-members",
        "RFC 7643 §4.2: Group members are returned by default";
    /// `GET` after a PUT returns the previous version.
    StaleReadAfterPut = "stale-read-after-put",
        "RFC 7644 §3.1: responses reflect the current resource state";
    /// Every response is delayed by two seconds.
    SlowResponses = "slow-responses",
        "Okta SPEC test: every answer arrives within 600 ms";
    /// The create `Location` header differs from `meta.location`.
    LocationMismatch = "location-mismatch",
        "RFC 7643 §3.1 / RFC 7644 §3.3: the Location header equals meta.location";
    /// A PATCH whose later operation fails keeps the earlier operations applied.
    PatchNotAtomic = "patch-not-atomic",
        "RFC 7644 §3.5.2: a PATCH is atomic; on any error the resource is left as it was";
    /// PUT to an unknown id creates the resource (an upsert) and answers 201.
    PutCreates = "put-creates",
        "RFC 7644 §3.5.1: PUT does not create resources; an unknown id answers 404";
    /// `If-None-Match` is ignored: a GET with the current ETag answers 200 with the body.
    IfNoneMatchIgnored = "if-none-match-ignored",
        "RFC 7644 §3.14: If-None-Match with the current ETag answers 304 Not Modified";
    /// `If-Match` is ignored: writes with a stale ETag succeed.
    IfMatchIgnored = "if-match-ignored",
        "RFC 7644 §3.14: a write whose If-Match is stale answers 412 Precondition Failed";
    /// `startIndex` below 1 is refused with 400 instead of read as 1.
    StartIndexBelowOneRefused = "start-index-below-one-refused",
        "RFC 7644 §3.4.2.4: a startIndex below 1 is interpreted as 1";
    /// `count=0` (and negative counts) are treated as no count: the whole page comes back.
    CountZeroIgnored = "count-zero-ignored",
        "RFC 7644 §3.4.2.4: count 0 (negative counts read as 0) returns no resources, only totalResults";
    /// `sortBy`/`sortOrder` are accepted but ignored: results keep creation order.
    SortIgnored = "sort-ignored",
        "RFC 7644 §3.4.2.3: sortBy/sortOrder order the results (sort.supported is true)";
    /// `excludedAttributes` is ignored: every default attribute is returned.
    ExcludedAttributesIgnored = "excluded-attributes-ignored",
        "RFC 7644 §3.4.2.5, §3.9: excludedAttributes removes the named attributes";
    /// 401 answers carry no `WWW-Authenticate` header.
    WwwAuthenticateMissing = "www-authenticate-missing",
        "RFC 7644 §2 (RFC 7235 §4.1): a 401 names the authentication scheme in WWW-Authenticate";
    /// PATCH `add` on a multi-valued attribute replaces its values instead of appending.
    PatchAddReplaces = "patch-add-replaces",
        "RFC 7644 §3.5.2.1: add on a multi-valued attribute appends the values";
    /// PATCH `remove` with a value filter (`emails[type eq "home"]`) removes every value of the attribute.
    RemoveFilterRemovesAll = "remove-filter-removes-all",
        "RFC 7644 §3.5.2.2: remove with a value filter removes only the matching values";
    /// PATCH `replace` on a complex attribute drops the sub-attributes the value does not name.
    ReplaceComplexClears = "replace-complex-clears",
        "RFC 7644 §3.5.2.3: replace on a complex attribute keeps the sub-attributes it does not name";
    /// Error bodies carry no `scimType`, so a client cannot tell invalidFilter from invalidPath.
    ScimTypeMissing = "scim-type-missing",
        "RFC 7644 §3.12 Table 9: 400 errors name their cause in scimType (invalidFilter, invalidPath, noTarget, ...)";
    /// `/Schemas` also lists the ListResponse message schema.
    SchemasListMessages = "schemas-list-messages",
        "RFC 7644 §3.1: urn:ietf:params:scim:api: message schemas are not discoverable via /Schemas";
    /// `attributes` on list queries is ignored: every default attribute is returned.
    AttributesIgnored = "attributes-ignored",
        "RFC 7644 §3.4.2.5, §3.9: attributes returns the minimum set plus the named attributes only";
    /// `/ServiceProviderConfig` has no `authenticationSchemes`.
    SpcWithoutAuthenticationSchemes = "spc-without-authentication-schemes",
        "RFC 7643 §5: authenticationSchemes is REQUIRED in the ServiceProviderConfig";
    /// ETag headers are sent bare (`W/1`), not as quoted entity tags.
    EtagUnquoted = "etag-unquoted",
        "RFC 7232 §2.3 / RFC 7644 §3.14: an ETag is a quoted entity tag, weak ones prefixed W/, equal to meta.version";
    /// A request body that is not JSON crashes the handler: 500 instead of 400.
    BrokenJsonAnswers500 = "broken-json-answers-500",
        "RFC 7644 §3.12 Tables 8, 9: an unparsable body answers 400 (invalidSyntax)";
    /// Writes leave `meta.version` and the ETag at their old value.
    VersionNotBumped = "version-not-bumped",
        "RFC 7643 §3.1 / RFC 7644 §3.14: meta.version (the ETag) changes whenever the resource changes";
    /// In `emails[type eq "work" and value ew "x"]` each term may match a different email.
    ValuePathTermsSplit = "value-path-terms-split",
        "RFC 7644 §3.4.2.2: a value-path filter matches when one value satisfies the whole bracket";
    /// The logical `not` is dropped: `not (active eq true)` selects the active users.
    FilterNotIgnored = "filter-not-ignored",
        "RFC 7644 §3.4.2.2 Table 4: not (f) matches the resources f does not match";
    /// `Accept: application/json` is refused with 406 Not Acceptable.
    AcceptJsonRefused = "accept-json-refused",
        "RFC 7644 §3.8: a service provider should support `Accept: application/json`, answering SCIM JSON";
    /// A request without a media-type preference (`Accept: */*` or none) is refused with 406.
    AcceptAnyRefused = "accept-any-refused",
        "RFC 7644 §3.8: without a requested format the answer defaults to application/scim+json";
    /// A request body labelled `Content-Type: application/json` is refused with 415.
    JsonContentTypeRefused = "json-content-type-refused",
        "RFC 7644 §3.8, §8.1: application/json bodies are SCIM JSON too (older clients and Entra send them)";
    /// A method an endpoint does not support (PUT /Users, DELETE /ServiceProviderConfig) answers 200 with an empty body.
    WrongMethodAnswers200 = "wrong-method-answers-200",
        "RFC 7644 §3.12 Table 8: an operation the endpoint does not support answers an error (405 or 501), not success";
    /// `/Schemas` and `/ResourceTypes` apply `startIndex`/`count` and cut the list.
    DiscoveryPaged = "discovery-paged",
        "RFC 7644 §4: pagination and sorting parameters on /Schemas and /ResourceTypes are ignored";
    /// A `filter` on a discovery endpoint is ignored and answered 200.
    DiscoveryFilterAnswered = "discovery-filter-answered",
        "RFC 7644 §4: a filter on a discovery endpoint should be answered 403";
    /// The ServiceProviderConfig says `patch.supported: false`, yet PATCH still works.
    SpcDeniesPatch = "spc-denies-patch",
        "RFC 7644 §3.12 Table 8, §4: an operation the ServiceProviderConfig marks unsupported answers 501";
    /// An option, not a fault: filters other than one `attribute eq value` are refused with
    /// 400 invalidFilter, as servers offering only what Okta sends do (better-auth's plugin).
    EqOnlyFilters = "eq-only-filters",
        "(allowed) RFC 7644 §3.4.2.2 Table 9: a filter the server does not support is refused with 400 invalidFilter; Okta needs only eq";
    /// The ServiceProviderConfig says `filter.supported: false`, yet filters work.
    SpcDeniesFilter = "spc-denies-filter",
        "RFC 7643 §5: the ServiceProviderConfig says which features work (filter.supported false, yet filters work)";
    /// `GET /Me` answers 200 with a User but no `Location` header.
    MeWithoutLocation = "me-without-location",
        "RFC 7644 §3.11: a /Me answer carries the aliased resource's permanent location in Location";
    /// `GET /Me` fails with 500 instead of 501 Not Implemented.
    MeAnswers500 = "me-answers-500",
        "RFC 7644 §3.11: a service provider without /Me support should answer 501";
    /// A deleted user (404 on GET) still shows up in list results.
    DeletedStillListed = "deleted-still-listed",
        "RFC 7644 §3.6: a deleted resource is omitted from query results";
    /// An unknown endpoint answers 200 with an HTML page.
    UnknownEndpointAnswers200 = "unknown-endpoint-answers-200",
        "RFC 7644 §3.12 Table 8: an endpoint that does not exist answers 404";
    /// `/ResourceTypes` entries carry no `endpoint`.
    ResourceTypeWithoutEndpoint = "resource-type-without-endpoint",
        "RFC 7643 §6: endpoint is REQUIRED in a ResourceType";
    /// `GET /Schemas/{id}` answers the whole /Schemas ListResponse.
    SchemaByIdAnswersList = "schema-by-id-answers-list",
        "RFC 7644 §4: GET /Schemas/{id} returns that one Schema";
    /// `"bulkId:<id>"` references in bulk operations are stored as they are, not resolved.
    BulkIdsNotResolved = "bulk-ids-not-resolved",
        "RFC 7644 §3.7.2: \"bulkId:<id>\" in a bulk operation is replaced by the id of the resource that POST created";
    /// `failOnErrors` is ignored: a bulk request runs every operation whatever fails.
    FailOnErrorsIgnored = "fail-on-errors-ignored",
        "RFC 7644 §3.7, §3.7.3: once failOnErrors operations have failed, the rest are not processed";
    /// A bulk request over `maxOperations` or `maxPayloadSize` is processed instead of refused with 413.
    BulkLimitIgnored = "bulk-limit-ignored",
        "RFC 7644 §3.7.4: a bulk request over maxOperations or maxPayloadSize answers 413 naming the limit";
    /// Bulk results carry `status` as a JSON number (`201`), not a string.
    BulkStatusAsNumber = "bulk-status-as-number",
        "RFC 7644 §3.7.3: each bulk result's status is the HTTP code as a string (\"201\")";
    /// Failed bulk operations are reported without their `response` error body.
    BulkErrorWithoutResponse = "bulk-error-without-response",
        "RFC 7644 §3.7: a bulk result with a non-2xx status carries the Error body in response";
    /// The integer extension attribute `clearanceLevel` is returned as a JSON string.
    IntegerAsString = "integer-as-string",
        "RFC 7643 §2.3.4, §7: a value has the type its schema declares (an integer, not a string)";
    /// Users carry a top-level attribute that no schema in `/Schemas` declares.
    UndeclaredAttributeReturned = "undeclared-attribute-returned",
        "RFC 7643 §3: the schemas listed in `schemas` define every attribute present";
    /// The reference extension's attributes are returned at the top level, not under its URN.
    ExtensionAttributesAtTopLevel = "extension-attributes-at-top-level",
        "RFC 7643 §3, §3.3: extension attributes live under the extension's URN key";
    /// A write changing the immutable `badgeId` answers 200 and keeps the old value.
    ImmutableChangeIgnored = "immutable-change-ignored",
        "RFC 7644 §3.5.1: changing a set immutable value SHOULD answer 400 mutability";
    /// A write changing the immutable `badgeId` answers 200 and applies the change.
    ImmutableChangeApplied = "immutable-change-applied",
        "RFC 7643 §7: an immutable value, once set, SHALL NOT be updated";
    /// A PUT setting the immutable `badgeId` of a user that has none answers 200 and drops it.
    ImmutableUnsetNotApplied = "immutable-unset-not-applied",
        "RFC 7644 §3.5.1: an immutable attribute without a value takes the PUT's new value";
    /// The unversioned base `/api` works, but `/api/v2/...` (the version segment before the
    /// endpoint, RFC 7644 §3.13) answers 404.
    VersionSegment404 = "version-segment-404",
        "RFC 7644 §3.13: a version segment before the endpoint is served with that version, or refused with 400 invalidVers";
    /// Two bulk POSTs referencing each other's bulkId: the operation found in the cycle answers
    /// 500 instead of 409.
    BulkCircular500 = "bulk-circular-500",
        "RFC 7644 §3.7.1: circular bulkId references are resolved, or refused with 409";
    /// A PATCH replacing the set immutable `badgeId` answers 200 and applies the change (a
    /// PUT is still refused).
    ImmutablePatchApplied = "immutable-patch-applied",
        "RFC 7644 §3.5.2: a PATCH must not modify a set immutable value";
    /// Not a fault but a configuration many real servers have: no groups at all (no `/Groups`
    /// endpoint, no Group resource type or schema). Push Groups and Import Groups are optional
    /// in Okta, so a run infers them off and still passes.
    NoGroups = "no-groups",
        "Okta: Push Groups and Import Groups are optional; a server without groups works with Okta while they stay off (RFC 7643 does not require Groups)";
    /// Not a fault but a configuration: the ServiceProviderConfig says `changePassword:
    /// false`, and a password change by PATCH or PUT is refused with 400 invalidPath (as
    /// better-auth's SCIM plugin does). Sync Password is an Okta option, inferred off.
    PasswordChangeRefused = "password-change-refused",
        "Okta: Sync Password is an option; a server that says changePassword.supported false and refuses password changes works with Okta while it stays off";
    /// `userName` is stored (and returned) lower-cased.
    UsernameLowercased = "username-lowercased",
        "Okta SPEC test steps 6 and 7: userName comes back exactly as sent (RFC 7643 §7 lets a server change its case, Okta's OIN test does not)";
    /// Not a fault but a configuration many real servers have: ids are sequential numbers
    /// (`1`, `2`, …, shared by users and groups), so error details quote a short number
    /// (`User 13 not found`) that differs from run to run on a shared target.
    NumericIds = "numeric-ids",
        "RFC 7643 §3.1: an id is any unique, stable string the server assigns; a server with sequential numeric ids works with Okta";
    /// Not a fault but a habit of many servers: a duplicate create's error detail names the
    /// user who holds the userName by id (`User 13 already exists`).
    ErrorDetailQuotesId = "error-detail-quotes-id",
        "RFC 7644 §3.12: detail is human-readable text; one that names the existing user's id (User 13 already exists) works with Okta";
    /// A PATCH value `"True"`/`"False"` for a boolean attribute is refused with 400
    /// invalidValue (scimmy#51 before its fix).
    StringBooleansRefused = "string-booleans-refused",
        "Entra (without aadOptscim062020) sends booleans as the strings \"True\"/\"False\" ({\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}); RFC 7644 §3.1 lets a server interpret values, and one that refuses them never disables an Entra user";
    /// A manager set as a plain string (`"value": "<id>"` on the URN path) is refused with
    /// 400 ("must be an object", SCIM-SDK#686; directory-scimple#1242 answered 500).
    ManagerStringRefused = "manager-string-refused",
        "Entra: some tenants set the enterprise manager as a plain id string; RFC 7643 §4.3 makes manager complex, and a server that refuses the string leaves Entra's manager unsynced (directory-scimple#1242)";
    /// A manager set as a list of one reference (`[{"$ref":null,"value":"<id>"}]`) is
    /// refused with 400 (manager is single-valued).
    ManagerArrayRefused = "manager-array-refused",
        "Entra sends the manager as [{\"$ref\":…,\"value\":…}] on the single-valued manager; a server that refuses the list of one never stores Entra's manager";
    /// `{"op":"Remove","path":"members","value":[{"value":"<id>"}]}` removes every member,
    /// the literal RFC reading of a remove without a filter.
    MemberRemoveValueClears = "member-remove-value-clears",
        "Entra (without aadOptscim062020) removes members with {\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"id\"}]} meaning only those; RFC 7644 §3.5.2.2 read literally clears the attribute, and every other member is lost";
    /// `+` in the query string is kept as a literal plus instead of a space, so Entra's
    /// `filter=userName+eq+"…"` is refused as an invalid filter.
    PlusInFilterLiteral = "plus-in-filter-literal",
        "Entra sends spaces in its filter as + (application/x-www-form-urlencoded, WHATWG URL); a server that keeps + literal refuses every Entra lookup, Test Connection included";
    /// A create whose `schemas` holds a URN the server does not know (Entra's ADSCIM Group
    /// schema) is refused with 400 invalidValue.
    UnknownSchemaRefused = "unknown-schema-refused",
        "Entra creates groups with http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group beside the core URN; refusing an unknown URN in schemas fails every Entra group create";
    /// A path-less PATCH value whose keys are attribute paths (`name.givenName`) is refused
    /// with 400 invalidPath.
    DottedPatchKeysRefused = "dotted-patch-keys-refused",
        "Entra (with aadOptscim062020) and its SCIM Validator send one path-less replace whose keys are paths (name.givenName, emails[type eq \"work\"].value); refusing them fails every such update";
    /// A PATCH path with a sub-attribute after a value filter (`emails[type eq "work"].value`)
    /// is refused with 400 invalidPath.
    ValuePathSubAttributeRefused = "value-path-sub-attribute-refused",
        "RFC 7644 §3.5.2 (valuePath with a sub-attribute, Figure 1's grammar); Entra updates the work email with path emails[type eq \"work\"].value";
    /// A create with an explicit `null` value is refused with 400 invalidValue.
    NullsRefused = "nulls-refused",
        "RFC 7643 §2.5: null is equivalent to unassigned; Entra's creates carry explicit nulls for unmapped values, and refusing them fails the create";
}

/// How many 64-bit words the fault mask needs: it grows with the table.
const WORDS: usize = Fault::ALL.len().div_ceil(64);

/// A set of faults, stored as a bit mask indexed by the variant's position (as wide as the
/// table needs: adding a fault never overflows it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct FaultSet([u64; WORDS]);

impl FaultSet {
    /// Builds the set from a list; duplicates are harmless.
    pub(crate) fn new(faults: &[Fault]) -> Self {
        faults.iter().fold(Self::default(), |acc, f| acc.with(*f))
    }

    /// Whether `fault` is switched on.
    pub(crate) fn has(self, fault: Fault) -> bool {
        let (word, bit) = fault.position();
        self.0[word] & bit != 0
    }

    /// The set with `fault` switched on too.
    pub(crate) fn with(mut self, fault: Fault) -> Self {
        let (word, bit) = fault.position();
        self.0[word] |= bit;
        self
    }
}

impl Fault {
    /// The word of the mask that holds this fault, and its bit there.
    fn position(self) -> (usize, u64) {
        let i = self as usize;
        (i / 64, 1u64 << (i % 64))
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
        assert!(Fault::ALL.len() >= 30);
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
        // Every fault, the ones past the first 64 bits included, on its own.
        for fault in Fault::ALL {
            let one = FaultSet::new(&[*fault]);
            let on: Vec<&Fault> = Fault::ALL.iter().filter(|f| one.has(**f)).collect();
            assert_eq!(on, vec![fault]);
        }
    }
}
