//! The catalogue's entries: one line block per check, grouped by where it comes from (every
//! response, the Okta flows, the RFC profile's sections, snapshots, integration settings).
//!
//! The `catalogue!` macro in the parent module turns this table into [`CheckId`] and its
//! accessors, so adding a check is adding one entry here.

use super::Severity;
use serde::{Deserialize, Serialize};

catalogue! {
    // Checks every response gets.
    /// A body that should be JSON parses as JSON.
    JsonBody = "json-body", Must, "RFC 7644 §3.1, §3.12",
        "A response body that should carry JSON is valid JSON",
        "Serialize every SCIM response body, errors included, as JSON (no HTML error pages, no truncated bodies).";
    /// Responses use the SCIM media type.
    MediaType = "media-type", Should, "RFC 7644 §3.1, §8.1",
        "JSON responses are served as application/scim+json (application/json too when the request asked for exactly that, RFC 7644 §3.8)",
        "Set `Content-Type: application/scim+json` (a `; charset=utf-8` parameter is fine) on every SCIM response.";
    /// User and Group bodies match the RFC 7643 schema.
    ResourceSchema = "resource-schema", Must, "RFC 7643 §4, §8.7.1",
        "User and Group bodies match the RFC 7643 schemas (schemas/scim/*.schema.json)",
        "Fix the attribute the violation points at: names, types and required attributes follow RFC 7643 §4.";
    /// `password` never appears in a response.
    PasswordNeverReturned = "password-never-returned", Must, "RFC 7643 §4.1.1 (password: returned \"never\")",
        "No response ever contains `password`",
        "Drop `password` from every response body; it is writeOnly with returned=never.";
    /// Error responses are SCIM Error messages.
    ErrorBody = "error-body", Must, "RFC 7644 §3.12",
        "4xx/5xx responses carry a SCIM Error: Error URN in `schemas`, `status` the HTTP code as a string",
        "Answer errors with {\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"404\",\"detail\":\"...\"}; `status` is a JSON string.";

    // Creating.
    /// POST answers 201.
    Create201 = "create-201", Must, "RFC 7644 §3.3",
        "Creating a resource answers 201 Created",
        "Answer a successful POST /Users or /Groups with 201 Created (not 200).";
    /// The 201 carries the created resource with an id.
    CreateReturnsResource = "create-returns-resource", Okta, "Okta R3: \"Create new user returned empty user\" fails the task; RFC 7644 §3.3 SHOULD",
        "The 201 body is the created resource with a non-empty `id`",
        "Return the stored resource, including the server-assigned `id`, in the 201 body; Okta links the account on that id.";
    /// The server's id can address the resource.
    IdUsable = "id-usable", Must, "RFC 7643 §3.1 (id: an opaque string the service provider assigns); RFC 7644 §3.2, §3.4.1 (the resource URI is {endpoint}/{id})",
        "A server-assigned id addresses its resource as one path segment of `{endpoint}/{id}`: not empty, not `.` or `..`, no `/`, `?` or `#`",
        "Assign ids that are one URI path segment (a UUID, a number, a slug); never an empty string, a dot segment or text with `/`, `?` or `#`.";
    /// The create answer is the object just created.
    CreateOwnResource = "create-own-resource", Okta, "RFC 7644 §3.3 (the 201 body is the newly created resource); Okta links the account to the id the create answers, so an answer naming another object links it to someone else's account",
        "The create answer describes the object just created: its userName (or displayName) is the one sent",
        "Answer a create with the stored representation of the resource that request created, under its own id; never with another resource that happens to match.";
    /// Location header matches meta.location.
    CreateLocation = "create-location", Must, "RFC 7644 §3.3; RFC 7643 §3.1 (meta.location)",
        "The 201 carries a `Location` header equal to `meta.location`",
        "Send `Location: <base>/Users/<id>` on 201 and use the same URI in `meta.location`.";
    /// meta is complete.
    Meta = "meta", Must, "RFC 7643 §3.1; RFC 7644 §3.3.1",
        "`meta` carries resourceType (matching the endpoint), created, lastModified and location",
        "Fill `meta` on every User and Group: resourceType \"User\"/\"Group\", created and lastModified as xsd:dateTime, location as the resource URI.";
    /// A duplicate is refused with 409.
    Duplicate409 = "duplicate-409", Must, "RFC 7644 §3.3 (409 uniqueness); RFC 7643 §7 also allows 400",
        "Creating a second user with the same userName is refused with 409 (scimType uniqueness)",
        "Enforce userName uniqueness case-insensitively and answer 409 with scimType \"uniqueness\"; Okta then stops the job instead of creating a twin.";
    /// Echo of what was sent.
    Echo = "echo", Should, "RFC 7644 §3.1 (responses reflect the resource as interpreted)",
        "The response shows the values that were sent",
        "Store and return the attributes Okta sends (userName, name, emails, active, ...); compare case-insensitively where the attribute is caseExact=false.";

    // Reading.
    /// GET by id answers 200.
    Get200 = "get-200", Must, "RFC 7644 §3.4.1",
        "Reading a resource by id answers 200 with the resource",
        "Serve GET /Users/{id} and /Groups/{id} for every resource that exists (deactivated users included).";
    /// The stored values read back.
    ReadBack = "read-back", Must, "RFC 7644 §3.5.1, §3.5.2 (the change is applied)",
        "A later read shows the values the previous write set",
        "Apply every attribute of a PUT or PATCH to the stored resource and serve reads from that state.";
    /// A deactivated user still exists.
    DeactivateKeepsUser = "deactivate-keeps-user", Okta, "Okta R7 / CRUD test step 9: deactivate is soft; the same id is read and reactivated later",
        "A deactivated user can still be read (200, active false)",
        "Treat `active:false` as a flag: keep the user, return it on GET and in filters, and let `active:true` bring it back with the same id.";
    /// Unknown ids answer 404.
    UnknownId404 = "unknown-id-404", Okta, "RFC 7644 §3.12 (Table 8: 404); Okta SPEC test steps 4 and 12",
        "An unknown id answers 404 with a SCIM Error carrying `detail`",
        "Answer GET /Users/<unknown> with 404 and a SCIM Error body with a non-empty `detail`.";
    /// Deleted resources are gone.
    Deleted404 = "deleted-404", Must, "RFC 7644 §3.6",
        "After DELETE, reading the resource answers 404",
        "Once a resource is deleted, answer 404 for it on every later operation and leave it out of lists.";

    // Lists and filters.
    /// ListResponse envelope with integer counters.
    ListResponse = "list-response", Must, "RFC 7644 §3.4.2; Okta: counters must be JSON integers",
        "A query answers 200 with a ListResponse: ListResponse URN, integer totalResults, startIndex, itemsPerPage, and Resources",
        "Answer queries with {\"schemas\":[ListResponse URN],\"totalResults\":N,\"startIndex\":1,\"itemsPerPage\":N,\"Resources\":[...]}, numbers as JSON integers.";
    /// A filter for a missing userName finds nothing, as Okta accepts.
    FilterNoMatch = "filter-no-match", Okta, "Okta R2 (200 with totalResults 0, or 404 SCIM Error); RFC 7644 §3.4.2 prefers 200",
        "A filter that matches nothing answers 200 with totalResults 0 (or 404 with a SCIM Error)",
        "Answer a no-match filter with 200 and an empty ListResponse; never with an HTML page or another user.";
    /// A filter finds exactly the resource.
    FilterMatch = "filter-match", Must, "RFC 7644 §3.4.2.2 (eq); Okta links on the id it finds",
        "An `eq` filter on the resource's own value finds exactly that resource",
        "Evaluate `filter=userName eq \"...\"` (and displayName for groups) and return only the matching resources.";
    /// userName filters are case-insensitive.
    FilterCaseInsensitive = "filter-case-insensitive", Must, "RFC 7643 §4.1.1 (userName caseExact=false); RFC 7644 §3.4.2.2",
        "A userName filter in different case finds the same user",
        "Compare userName case-insensitively in filters and in uniqueness checks.";
    /// Pages hold every own resource exactly once.
    PagingComplete = "paging-complete", Okta, "Okta R9: import pages with count=100 and needs a stable order; RFC 7644 §3.4.2.4",
        "Paging through the list with Okta's startIndex/count finds every resource exactly once",
        "Sort list results by a stable key (creation order or id) and honour startIndex as a 1-based offset.";
    /// count is honoured.
    PagingCount = "paging-count", Must, "RFC 7644 §3.4.2.4 (count: the SP MUST NOT return more)",
        "No page holds more resources than `count` asked for",
        "Cap each page at `count` resources and set itemsPerPage to the number returned.";
    /// totalResults is consistent.
    PagingTotal = "paging-total", Must, "RFC 7644 §3.4.2 (totalResults: the total number of results)",
        "totalResults is the same on every page and counts every resource the pages hold",
        "Set totalResults to the number of resources matching the query, not the page size.";

    // Writing.
    /// PUT answers 200.
    Replace200 = "replace-200", Must, "RFC 7644 §3.5.1 (also: readOnly attributes in the body are ignored)",
        "PUT of the whole resource (echoing id, meta, groups as Okta does) answers 200 with the resource",
        "Accept a PUT body that echoes readOnly attributes (id, meta, groups) and ignore them; answer 200 with the stored resource.";
    /// PATCH answers 200 or 204.
    Patch200Or204 = "patch-200-or-204", Must, "RFC 7644 §3.5.2 (200 with the resource, or 204)",
        "PATCH in Okta's form answers 200 with the resource or 204",
        "Support PatchOp with no `path` and a value object, value-filter paths like members[value eq \"...\"], and answer 200 or 204.";
    /// Members as expected.
    Members = "members", Must, "RFC 7644 §3.5.2.1-3 (add appends, remove with a filter removes matches, replace replaces)",
        "The group's members are what the membership PATCH made them",
        "Apply `add` on members as an append, `remove` with members[value eq \"id\"] as a removal, and `replace` as a full overwrite.";
    /// DELETE answers 204.
    Delete204 = "delete-204", Must, "RFC 7644 §3.6",
        "DELETE answers 204 No Content",
        "Answer a successful DELETE with 204 and no body.";

    // Authentication.
    /// Bad tokens are refused with 401.
    BadToken401 = "bad-token-401", Okta, "RFC 7644 §3.12 (Table 8: 401); Okta SPEC test step 11",
        "A request with a wrong token is refused with 401 and a SCIM Error whose status is \"401\"",
        "Check the bearer token on every endpoint and answer 401 with a SCIM Error body.";
    /// 401 carries WWW-Authenticate.
    WwwAuthenticate = "www-authenticate", Must, "RFC 7644 §2 (RFC 7235 §4.1)",
        "A 401 carries a `WWW-Authenticate` header",
        "Add `WWW-Authenticate: Bearer realm=\"...\"` to every 401.";
    /// Errors carry detail.
    ErrorDetail = "error-detail", Okta, "Okta SPEC test steps 4, 11, 12 assert a non-empty `detail`; RFC 7644 §3.12 MAY",
        "The SCIM Error carries a non-empty `detail`",
        "Put a human-readable reason in `detail`; Okta shows it to the admin.";

    /// The answer came quickly enough.
    ResponseTime = "response-time", Should, "Okta SPEC test step 10 (optional): GET /Groups answers within 600 ms",
        "The answer arrived within the time limit the step names",
        "Answer list requests quickly (index the filtered attributes, page in the database); Okta's SPEC test allows 600 ms.";

    // RFC profile: discovery (rfc-checklist.md §M).
    /// The ServiceProviderConfig is well-formed.
    SpcValid = "spc-valid", Must, "RFC 7644 §4; RFC 7643 §5 (M1, M2)",
        "GET /ServiceProviderConfig answers 200 with one ServiceProviderConfig: its URN, and patch, bulk, filter, changePassword, sort, etag and authenticationSchemes as RFC 7643 §5 requires",
        "Serve /ServiceProviderConfig with every REQUIRED capability object (`supported` booleans, bulk and filter limits as integers) and at least one authentication scheme.";
    /// /ResourceTypes is well-formed.
    ResourceTypesValid = "resource-types-valid", Must, "RFC 7644 §4; RFC 7643 §6 (M5)",
        "GET /ResourceTypes answers 200 with a ListResponse of valid ResourceTypes, including User at /Users",
        "List each resource type with name, endpoint (relative, e.g. /Users) and schema (a Schema id) in a ListResponse.";
    /// /Schemas is well-formed.
    SchemasValid = "schemas-valid", Must, "RFC 7644 §3.1, §4; RFC 7643 §7 (M4, M6, A12)",
        "GET /Schemas answers 200 with a ListResponse of valid Schemas, the User schema among them and no urn:ietf:params:scim:api: message schema",
        "List every supported schema with its id, name and attribute definitions; leave the api:messages URNs out.";
    /// /Schemas/{id} returns that schema.
    SchemaById = "schema-by-id", Must, "RFC 7644 §4 (M4)",
        "GET /Schemas/{schema URN} answers 200 with that one Schema",
        "Serve each schema at /Schemas/<its URN> as a single Schema object, not a list.";

    // RFC profile: filters (rfc-checklist.md §G.2).
    /// Attribute operators select exactly the matching resources.
    FilterOperators = "filter-operators", Must, "RFC 7644 §3.4.2.2 Table 3 (G6, G8)",
        "Each attribute operator (eq ne co sw ew gt ge lt le pr) selects exactly the matching resources",
        "Implement every Table 3 operator; `sw`/`ew`/`co` are substring tests, `pr` means a non-empty value, `ne` also matches resources without the attribute.";
    /// Logical operators and grouping.
    FilterLogic = "filter-logic", Must, "RFC 7644 §3.4.2.2 Table 4 (G7, G9); RFC 7643 §2.1 (E2: keywords are case-insensitive)",
        "and / or / not and parentheses select exactly the matching resources, with not > and > or precedence",
        "Parse `a or b and c` as `a or (b and c)`, support `not (...)` and grouping.";
    /// Value-path filters.
    FilterValuePath = "filter-value-path", Must, "RFC 7644 §3.4.2.2 Fig. 1 (G7, G10)",
        "A value-path filter (emails[type eq \"work\" and value ew \"...\"]) matches when one value satisfies the whole bracket",
        "Evaluate the bracketed filter against each value of the multi-valued attribute; a resource matches when one value matches.";
    /// caseExact rules.
    FilterCaseExact = "filter-case-exact", Must, "RFC 7644 §3.4.2.2; RFC 7643 §7 (G11, E9)",
        "String comparison follows caseExact: case-insensitive for userName and emails, exact for caseExact attributes such as externalId",
        "Look up each attribute's caseExact in the schema: fold case for caseExact=false, compare exactly otherwise.";
    /// Typed comparisons.
    FilterTypes = "filter-types", Must, "RFC 7644 §3.4.2.2 (G11)",
        "Booleans compare as booleans and dateTimes chronologically (meta.created gt/lt)",
        "Compare by the attribute's type: `active eq true` on booleans, `meta.created gt \"...\"` chronologically.";
    /// Invalid filters are refused.
    InvalidFilter400 = "invalid-filter-400", Must, "RFC 7644 §3.4.2.2 (G12), Table 9",
        "An unknown operator or unparsable filter is refused with 400 and scimType invalidFilter",
        "Reject filters you cannot parse with 400 {\"scimType\":\"invalidFilter\",\"detail\":\"...\"}; never ignore the filter.";

    // RFC profile: lists (rfc-checklist.md §G.3–G.6, §J).
    /// POST .search.
    SearchPost = "search-post", Must, "RFC 7644 §3.4.3 (G26)",
        "POST /Users/.search with a SearchRequest selects exactly the matching resources",
        "Accept POST <endpoint>/.search with a SearchRequest body and answer like the equivalent GET query.";
    /// Sorting.
    Sorted = "sorted", Must, "RFC 7644 §3.4.2.3 (G18), when sort.supported",
        "sortBy / sortOrder return the resources in the asked order",
        "Sort by the sortBy attribute (case-insensitively for caseExact=false strings) and reverse for sortOrder=descending.";
    /// count=0 and negative counts.
    CountZero = "count-zero", Must, "RFC 7644 §3.4.2.4 (G20): count=0 and negative counts (read as 0) return no resources",
        "count=0 (or a negative count) answers 200 with totalResults and no resources",
        "Treat count<=0 as 0: return the ListResponse with totalResults and an empty or absent Resources.";
    /// startIndex < 1 reads as 1.
    StartIndexMin = "start-index-min", Must, "RFC 7644 §3.4.2.4 Table 6 (G19)",
        "startIndex below 1 is interpreted as 1",
        "Clamp startIndex to 1 instead of refusing it or shifting the window.";
    /// Past the end.
    PageBeyondEnd = "page-beyond-end", Should, "RFC 7644 §3.4.2.4 (G19, G20; the RFC does not spell this case out)",
        "A startIndex past the last result answers 200 with totalResults and no resources",
        "Answer a page past the end with an empty ListResponse that still carries totalResults.";
    /// attributes=.
    AttributesParam = "attributes-param", Must, "RFC 7644 §3.4.2.5, §3.9 (G22, G24)",
        "`attributes` returns the minimum set (id) plus the named attributes and nothing else by default",
        "Support `attributes`: return id, schemas and the named attributes only.";
    /// excludedAttributes=.
    ExcludedAttributesParam = "excluded-attributes-param", Must, "RFC 7644 §3.4.2.5, §3.9 (G22, G25)",
        "`excludedAttributes` drops the named attributes and keeps the rest (and always id)",
        "Support `excludedAttributes`: remove the named attributes from every returned resource; `id` stays.";
    /// Deleted resources leave lists.
    DeletedNotListed = "deleted-not-listed", Must, "RFC 7644 §3.6 (J2)",
        "A deleted resource no longer appears in query results",
        "Omit deleted (or soft-deleted) resources from every query result.";

    // RFC profile: writes (rfc-checklist.md §D, §E, §H, §I).
    /// PUT never creates.
    PutNoCreate404 = "put-no-create-404", Must, "RFC 7644 §3.5.1 (H1)",
        "PUT to an id that does not exist answers 404 and creates nothing",
        "Answer PUT /Users/<unknown id> with 404; creation is POST only.";
    /// readOnly values sent by the client are ignored.
    ReadOnlyIgnored = "read-only-ignored", Must, "RFC 7643 §3.1, §7; RFC 7644 §3.3, §3.5.1 (D3, D6, E7, H4)",
        "readOnly attributes a client sends (id, meta) are ignored: the server's own values stand",
        "Ignore id and meta in POST and PUT bodies; assign them on the server.";
    /// meta changes on writes.
    MetaUpdated = "meta-updated", Must, "RFC 7643 §3.1 (D8, D10); RFC 7644 §3.14 (N1)",
        "After a write, meta.lastModified has not gone back in time and meta.version (when the target has versions) changed",
        "Set meta.lastModified to the time of every change and issue a new version/ETag with it.";
    /// PATCH is atomic.
    PatchAtomic = "patch-atomic", Must, "RFC 7644 §3.5.2 (I4)",
        "A PATCH whose later operation fails leaves the earlier operations unapplied",
        "Apply PATCH operations to a copy and store it only when every operation succeeded.";
    /// add appends.
    PatchAddAppends = "patch-add-appends", Must, "RFC 7644 §3.5.2.1 (I9)",
        "`add` on a multi-valued attribute appends the new values and keeps the old ones",
        "For `add` on a multi-valued attribute, append the values instead of replacing the attribute.";
    /// remove with a filter.
    PatchRemoveFilter = "patch-remove-filter", Must, "RFC 7644 §3.5.2.2 (I10)",
        "`remove` with a value filter (emails[type eq \"home\"]) removes only the matching values",
        "Remove only the values that match the path's filter; keep the others.";
    /// replace on a complex attribute.
    PatchReplaceComplex = "patch-replace-complex", Must, "RFC 7644 §3.5.2.3 (I11)",
        "`replace` on a complex attribute changes the named sub-attributes and keeps the others",
        "For `replace` with a complex value, merge the given sub-attributes into the existing value.";
    /// noTarget where the RFC demands it.
    ScimType = "scim-type", Must, "RFC 7644 §3.5.2.2, §3.5.2.3 (I10, I11: SHALL answer 400 with scimType noTarget), Table 9",
        "A PATCH remove without a path, or a value-path replace that matches nothing, answers 400 with scimType noTarget",
        "Answer `remove` without `path` and a valuePath that selects no value with 400 {\"scimType\":\"noTarget\"}.";
    /// Other PATCH errors name their cause.
    PatchError400 = "patch-error-400", Should, "RFC 7644 §3.5.2, §3.12 Table 9 (I3, I5; scimType itself is OPTIONAL per C4, so this is a should)",
        "A PATCH with a malformed path or a readOnly target answers 400 with the Table 9 scimType for its cause (invalidPath, mutability)",
        "Pick the scimType by cause: bad path syntax invalidPath, a readOnly or immutable target mutability.";
    /// Attribute names are case-insensitive.
    AttributeNamesCi = "attribute-names-ci", Must, "RFC 7643 §2.1; RFC 7644 §3.10 (E1)",
        "Attribute names sent in another case (UserName, NAME.givenName) are understood as the canonical ones",
        "Match attribute names case-insensitively in bodies, paths and filters.";

    // RFC profile: protocol (rfc-checklist.md §A, §B, §N).
    /// ETag header.
    EtagHeader = "etag-header", Must, "RFC 7644 §3.14; RFC 7643 §3.1 (N1, N4, D10), when etag.supported",
        "A resource read carries an ETag header equal to meta.version (when present)",
        "Send `ETag: W/\"<version>\"` with each resource and put the same value in meta.version.";
    /// If-None-Match → 304.
    NotModified304 = "not-modified-304", Should, "RFC 7644 §3.14 (N2; stated without a 2119 keyword), when etag.supported",
        "GET with If-None-Match set to the current ETag answers 304 Not Modified",
        "Compare If-None-Match with the current ETag (weakly) and answer 304 with no body when it matches.";
    /// Stale If-Match → 412.
    StaleEtag412 = "stale-etag-412", Should, "RFC 7644 §3.14, Table 8 (N3); 409 also accepted: Table 8 lists it for version mismatches (checklist Q.2)",
        "A write with a stale If-Match is refused with 412 Precondition Failed (409 accepted)",
        "Compare If-Match with the current ETag on PUT/PATCH/DELETE and answer 412 when it differs.";
    /// 401 without credentials.
    Unauthorized401 = "unauthorized-401", Should, "RFC 7644 §3.12 Table 8 (A5)",
        "A request without credentials is refused with 401",
        "Authenticate every endpoint and answer missing or wrong credentials with 401 and a SCIM Error.";
    /// Unknown endpoints.
    UnknownEndpoint404 = "unknown-endpoint-404", Should, "RFC 7644 §3.12 Table 8 (404: resource or endpoint does not exist)",
        "A path that is no SCIM endpoint answers 404 with a SCIM Error",
        "Route unknown paths to a SCIM 404 Error instead of an HTML page or 200.";
    /// Invalid JSON.
    InvalidSyntax400 = "invalid-syntax-400", Must, "RFC 7644 §3.12 Tables 8 and 9 (400 invalidSyntax)",
        "A request body that is not valid JSON is refused with 400 (scimType invalidSyntax)",
        "Parse bodies strictly and answer 400 {\"scimType\":\"invalidSyntax\"} when they are not JSON.";

    // RFC profile: media types, unsupported operations, discovery parameters, /Me
    // (rfc-checklist.md §A, §B, §L, §M).
    /// Accept: application/json.
    AcceptJson = "accept-json", Should, "RFC 7644 §3.8 (A7: SHOULD support Accept: application/json)",
        "A request with `Accept: application/json` is answered 200 with SCIM JSON (the label is judged by media-type)",
        "Serve SCIM JSON to `Accept: application/json` as to application/scim+json instead of answering 406.";
    /// No format requested.
    AcceptDefault = "accept-default", Should, "RFC 7644 §3.8 (A7: the format defaults to application/scim+json)",
        "A request naming no format (`Accept: */*`) is answered 200 with SCIM JSON",
        "Without a specific Accept, answer SCIM JSON (application/scim+json) instead of 406 or another format.";
    /// Request bodies labelled application/json.
    JsonBodyAccepted = "json-body-accepted", Should, "RFC 7644 §3.8, §8.1 (A7, A8: application/json is the informal SCIM media type; Okta's SPEC test and Entra send it)",
        "A request body sent with `Content-Type: application/json` is accepted like application/scim+json",
        "Accept request bodies labelled application/json (and any `+json` type) as SCIM JSON instead of answering 415.";
    /// Unsupported method on an endpoint.
    MethodNotSupported = "method-not-supported", Should, "RFC 7644 §3.12 Table 8 (B: 405/501 for an operation an endpoint does not support; the body is judged by error-body)",
        "A method an endpoint does not offer (PUT /Users, DELETE /ServiceProviderConfig) is refused with an error, 405 or 501 (any 4xx passes), not performed",
        "Answer methods an endpoint does not support with 405 (or 501) and a SCIM Error body, never 2xx.";
    /// Discovery ignores paging and sorting.
    DiscoveryParamsIgnored = "discovery-params-ignored", Must, "RFC 7644 §4 (M7: filter, sort and pagination parameters SHALL be ignored)",
        "/Schemas and /ResourceTypes with startIndex/count/sortBy list the same entries as without them",
        "Ignore startIndex, count, sortBy and sortOrder on /Schemas and /ResourceTypes: always list every entry.";
    /// Discovery refuses filters.
    DiscoveryFilter403 = "discovery-filter-403", Should, "RFC 7644 §4 (M7: if a filter is provided, the service provider SHOULD respond with 403)",
        "A `filter` on /Schemas or /ResourceTypes is answered 403 Forbidden",
        "Answer a filter parameter on the discovery endpoints with a 403 SCIM Error.";
    /// Unsupported features answer 501.
    Unsupported501 = "unsupported-501", Should, "RFC 7644 §3.12 Table 8, §3.5.2, §3.7 (M3, I1: an operation the ServiceProviderConfig marks unsupported answers 501)",
        "PATCH when `patch.supported` is false, POST /Bulk when `bulk.supported` is false, answer 501 Not Implemented",
        "Make the ServiceProviderConfig tell the truth: advertise what works, and answer 501 to what is marked unsupported.";
    /// /Me: 501 or an alias.
    MeAlias = "me-alias", Should, "RFC 7644 §3.11 (L1: unsupported /Me SHOULD answer 501)",
        "GET /Me answers 501 when /Me is not supported, or serves/redirects (2xx, 308) to the token's resource; 401/403/404 pass since the token need not be a User",
        "Answer /Me with 501 Not Implemented if you do not support it (not 500 or 400).";
    /// /Me Location.
    MeLocation = "me-location", Must, "RFC 7644 §3.11 (L2: the Location header MUST be the aliased resource's permanent location)",
        "A /Me answer that serves or redirects to a resource (2xx, 3xx) carries that resource's Location",
        "Put the permanent URL of the token's resource (e.g. <base>/Users/<id>) in the Location header of /Me answers.";
    /// The version segment before the endpoint.
    VersionSegment = "version-segment", Must, "RFC 7644 §3.13 (A11: with /v2 before the endpoint the SP must perform the operation with that version or reject it, 400 invalidVers), when the base URL has no version segment",
        "On a base URL without a version segment, `/v2/Users` and `/v2/ServiceProviderConfig` answer as without `/v2` (200, the same kind of answer) or 400 with scimType invalidVers",
        "Serve the API with the version segment (<base>/v2/Users) as without it, or answer 400 {\"scimType\":\"invalidVers\"} for a version you do not support; never 404 or an HTML page.";

    // RFC profile: bulk (rfc-checklist.md §K).
    /// The BulkResponse is well-formed.
    BulkResponse = "bulk-response", Must, "RFC 7644 §3.7, §3.7.3 (K1, K2, K3; Q.11: status \"201\" and {\"code\": \"201\"} both pass)",
        "POST /Bulk answers 200 with a BulkResponse holding one result per processed operation (all of them without failOnErrors): method, the POST's bulkId echoed, status as a string, location except on a failed POST, and the SCIM Error in response for every non-2xx result",
        "Answer 200 with {\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkResponse\"],\"Operations\":[…]}; per result send method, bulkId, location, status as a string (\"201\") and, for failures, the Error body in response.";
    /// bulkId references become real ids.
    BulkIdResolved = "bulk-id-resolved", Must, "RFC 7644 §3.7.2 (K4), §3.7 (K6: a forward reference keeps the client's intent)",
        "\"bulkId:<id>\" references in bulk data (group members, the enterprise manager) are replaced by the id of the resource the POST with that bulkId created, also when that POST comes later in the request",
        "Before running an operation, replace every \"bulkId:x\" string in its data and path by the id created for bulkId x, running the referenced POST first when it comes later.";
    /// Circular bulkId references: resolved, or refused with 409.
    BulkCircular = "bulk-circular", Must, "RFC 7644 §3.7.1 (K4: the SP must try to resolve circular references and may fail with 409; both readings pass)",
        "Two POSTs of one bulk request referencing each other's bulkId are either both created with each reference holding the other's real id (never a literal \"bulkId:…\"), or refused with 409 (every operation of the cycle, or the whole request); a 5xx, another error, or some created while others were refused fails",
        "Resolve a cycle (create the resources, then set the references) or refuse every operation of it with 409 and a SCIM Error; never store \"bulkId:x\" as a value nor answer 5xx.";
    /// failOnErrors stops processing.
    BulkFailOnErrors = "bulk-fail-on-errors", Must, "RFC 7644 §3.7, §3.7.3 (K3; failOnErrors N: stopping after N errors, or accepting N and stopping at N+1, both pass; 200 with the results or an error response both pass)",
        "Once failOnErrors operations have failed, the remaining operations are not processed: the response reports the failures and nothing after them, and nothing later in the request was created",
        "Count failed operations and stop processing when the count reaches failOnErrors; return the results so far.";
    /// Over maxOperations → 413.
    BulkLimits413 = "bulk-limits-413", Must, "RFC 7644 §3.7.4 (K5)",
        "A bulk request with more operations than the advertised maxOperations (or a body over maxPayloadSize) is refused with 413 whose error body names the limit",
        "Check the operation count (and the payload size) against the advertised limits before processing and answer 413 with a detail such as \"more than maxOperations (100)\".";

    // RFC profile: the target's own schemas (rfc-checklist.md §E, §F, §H, §M).
    /// Resources match the schemas the target declares.
    OwnSchema = "own-schema", Must, "RFC 7643 §2.3, §2.4, §3, §3.3, §6, §7 (E4, E7, E8, F8, M6): the schemas in `schemas` define every attribute present",
        "User and Group bodies match the target's own /Schemas and /ResourceTypes: every attribute declared (extension attributes under their URN key, listed in `schemas`), declared type and plurality, declared sub-attributes, required ones present, returned:never ones absent; canonicalValues are suggestions (§7) and not held",
        "Return only attributes your /Schemas declares, with the declared type (an integer as a JSON number, a dateTime as an xsd:dateTime string), lists only for multiValued ones, extension attributes inside {\"<extension URN>\": {...}} with the URN in `schemas`, and never a returned:never/writeOnly one; or fix /Schemas to describe what you return.";
    /// Immutable values do not change.
    Immutable = "immutable", Must, "RFC 7643 §7 (immutable: SHALL NOT be updated); RFC 7644 §3.5.1 (H3, E7: with no existing value the new one SHALL be applied), §3.5.2 (I5: clients MUST NOT modify immutable attributes by PATCH)",
        "A PUT or a PATCH replace changing an immutable attribute the target declares does not change it (refusing the write passes); a PUT giving it a value where it had none applies it",
        "Compare immutable attributes with the stored value on PUT and PATCH: equal input is fine, a different one must not be applied (answer 400 mutability), and a first value is stored.";
    /// A PATCH against an attribute's mutability is refused.
    PatchMutabilityRefused = "patch-mutability-refused", Must, "RFC 7644 §3.5.2 (I5: an operation not compatible with an attribute's mutability SHALL return an error; E7)",
        "A PATCH that would change a readOnly attribute or a set immutable one is answered with a 4xx error, not accepted (silently ignoring it is not enough)",
        "Check each PATCH operation against the attribute's mutability and answer an incompatible one with 400 {\"scimType\":\"mutability\"}; do not answer 200 while dropping the change.";
    /// Changing an immutable value answers 400 mutability.
    Immutable400 = "immutable-400", Should, "RFC 7644 §3.5.1 (H3: 400 with scimType mutability SHOULD be returned), §3.5.2 (I5), Table 9",
        "A PUT or a PATCH replace changing an immutable attribute is refused with 400 and scimType mutability",
        "Answer a write that changes a set immutable value with 400 {\"scimType\":\"mutability\"} instead of ignoring the new value.";

    // Snapshots.
    /// Behaviour matches the stored snapshot.
    Snapshot = "snapshot", Must, "Okta: behaviour Okta depends on must not change between deploys (the snapshot baseline)",
        "The step's normalised request/response transcript matches the stored snapshot",
        "Review the diff: accept it (`scimgate snapshots accept`) if the change is intended, otherwise fix the regression.";

    // Integration settings.
    /// Every provisioned user is in the sync group.
    SyncGroupMember = "sync-group-member", Okta, "Vendor setting: every user Okta provisions joins the integration's sync group",
        "Each user scimgate created reads back as a member of the --sync-group (via User.groups or the group's members)",
        "Add every user created through the integration to the configured group, and show it in User.groups or Group.members.";
}
