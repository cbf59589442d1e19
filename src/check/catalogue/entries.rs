//! The catalogue's entries: one block per check, grouped by where it comes from (every
//! response, the Okta flows, the RFC profile's sections, snapshots, integration settings).
//!
//! The `catalogue!` macro in the parent module turns this table into [`CheckId`] and its
//! accessors and, for the rows with `spec { … }`, the [`CheckSpec`] variant a scenario writes.
//! Each row's `rule` cites its RFC section and says why the check has its Okta consequence
//! (`okta`), the OIN test steps it fails (`oin`) and its RFC level (`rfc`), from
//! `okta-traffic.md`, `okta-audit.md` and `rfc-checklist.md`.

use super::{Consequence, EntraConsequence, RfcLevel};
use crate::scenario::ResourceKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

catalogue! {
    /// A body that should be JSON parses as JSON.
    JsonBody = "json-body" {
        okta: BreaksOkta, oin: "SPEC 1-7, 10-12", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.1, §3.12 · Okta: Okta parses every answer as JSON and fails the task on one that is not (okta-traffic.md §5 q16)",
        title: "A response body that should carry JSON is valid JSON",
        hint: "Serialize every SCIM response body, errors included, as JSON (no HTML error pages, no truncated bodies).",
        says: "Invalid JSON: Unrecognized token …",
        entra: BreaksEntra,
        entra_why: "Entra parses every answer as JSON; an unparseable one fails the object's provisioning (Entra's 'not able to deserialize' error)",
        entra_says: "We are not able to deserialize the resource received from your SCIM endpoint because your SCIM endpoint is not fully compatible with the Azure Active Directory SCIM client.",
    }
    /// Responses use the SCIM media type.
    MediaType = "media-type" {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: no, usable: no,
        rule: "RFC 7644 §3.1, §8.1 · Okta: Okta's own example responses are text/json and neither SPEC nor CRUD asserts a Content-Type, so Okta does not read the label (okta-audit.md #11)",
        title: "JSON responses are served as application/scim+json (application/json too when the request asked for exactly that, RFC 7644 §3.8)",
        hint: "Set `Content-Type: application/scim+json` (a `; charset=utf-8` parameter is fine) on every SCIM response.",
        says: "",
    }
    /// User and Group bodies match the RFC 7643 schema.
    ResourceSchema = "resource-schema" {
        okta: BreaksOkta, oin: "SPEC 1, 2, 6", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §4, §8.7.1 · Okta: Okta links on `id` and its SPEC test reads userName, name, emails and active; stricter reading until core and other attributes are told apart (okta-traffic.md R3, §3.1)",
        title: "User and Group bodies match the RFC 7643 schemas (schemas/scim/*.schema.json)",
        hint: "Fix the attribute the violation points at: names, types and required attributes follow RFC 7643 §4.",
        says: "",
    }
    /// `password` never appears in a response.
    PasswordNeverReturned = "password-never-returned" {
        okta: BreaksOkta, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §4.1.1 (password: returned \"never\") · Okta: uncertain, stricter reading: Okta's update PUT is the GET body with its values applied, so a returned password would be written back (okta-traffic.md R6)",
        title: "No response ever contains `password`",
        hint: "Drop `password` from every response body; it is writeOnly with returned=never.",
        says: "",
    }
    /// Error responses are SCIM Error messages.
    ErrorBody = "error-body" {
        okta: FailsOin, oin: "SPEC 4, 11, 12", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.12 · Okta: SPEC 4, 11 and 12 assert the Error URN; Okta's provisioning shows only `detail` (okta-traffic.md §3.1, §5 q16)",
        title: "4xx/5xx responses carry a SCIM Error: a JSON object with the Error URN in `schemas`",
        hint: "Answer errors with {\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"404\",\"detail\":\"...\"}.",
        says: "",
    }
    /// The Error status is the HTTP code as a string.
    ErrorStatus = "error-status" {
        okta: FailsOin, oin: "SPEC 11, 12", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.12 (C3: status is the HTTP status code as a string) · Okta: Okta's own error examples carry a numeric status and Okta shows only detail, but SPEC 11 and 12 compare status with \"401\" and \"404\" and whether that accepts a number is undocumented: stricter reading (okta-traffic.md §3.1)",
        title: "An Error body's `status` is the HTTP status code as a JSON string (\"404\")",
        hint: "Send `status` as a JSON string equal to the HTTP status: \"404\", not 404.",
        says: "",
    }
    /// POST answers 201.
    Create201 = "create-201" spec {} {
        okta: BreaksOkta, oin: "SPEC 6", rfc: Must, gate: yes, usable: yes,
        rule: "RFC 7644 §3.3 · Okta: Okta documents that a create must answer 201 with the id and SPEC 6 asserts it; whether Okta takes a 200 is open (okta-traffic.md §5 q12, §6 q7): stricter reading",
        title: "Creating a resource answers 201 Created",
        hint: "Answer a successful POST /Users or /Groups with 201 Created (not 200).",
        says: "",
        entra: BreaksEntra,
        entra_why: "Microsoft's tutorial answers a create with 201 and the SCIM Validator, which gallery apps must pass, expects it; whether the engine takes a 200 is undocumented: stricter reading. A refused create (4xx/5xx) fails the object in every reading",
    }
    /// The 201 carries the created resource with an id.
    CreateReturnsResource = "create-returns-resource" spec {
        /// A refusal as a duplicate (409, or 400 uniqueness) is an expected answer here, with
        /// no resource to judge (racing creates): the check is skipped for it.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        or_duplicate: bool,
    } {
        okta: BreaksOkta, oin: "SPEC 6", rfc: Should, gate: yes, usable: no,
        rule: "Okta R3: \"Create new user returned empty user\" fails the task; RFC 7644 §3.3 SHOULD · Okta: Okta links the account on the id in the 201 body and fails the task without it (okta-traffic.md R3, §5 q8, q12); the RFC makes the body a SHOULD",
        title: "The 201 body is the created resource with a non-empty `id`",
        hint: "Return the stored resource, including the server-assigned `id`, in the 201 body; Okta links the account on that id.",
        says: "Automatic provisioning of user <userName> to app <AppName> failed: Error while creating user <displayName>: Create new user returned empty user.",
        entra: BreaksEntra,
        entra_why: "Entra stores the id from the create answer and addresses every later request with it",
        entra_says: "We are not able to deserialize the resource received from your SCIM endpoint because your SCIM endpoint is not fully compatible with the Azure Active Directory SCIM client.",
    }
    /// The server's id can address the resource.
    IdUsable = "id-usable" {
        okta: BreaksOkta, oin: "SPEC 2, 6, 7", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §3.1 (id: an opaque string the service provider assigns); RFC 7644 §3.2, §3.4.1 (the resource URI is {endpoint}/{id}) · Okta: Okta addresses every later request as {base}/Users/{id} (okta-traffic.md R3, R5-R7); no source says it encodes an id holding / ? #: stricter reading",
        title: "A server-assigned id addresses its resource as one path segment of `{endpoint}/{id}`: not empty, not `.` or `..`, no `/`, `?` or `#`",
        hint: "Assign ids that are one URI path segment (a UUID, a number, a slug); never an empty string, a dot segment or text with `/`, `?` or `#`.",
        says: "",
        entra: BreaksEntra,
        entra_why: "Entra addresses every later request as {base}/Users/{id} and {base}/Groups/{id}",
    }
    /// The create answer is the object just created.
    CreateOwnResource = "create-own-resource" {
        okta: BreaksOkta, oin: "SPEC 6", rfc: Should, gate: no, usable: no,
        rule: "RFC 7644 §3.3 (the 201 body is the newly created resource); Okta links the account to the id the create answers, so an answer naming another object links it to someone else's account · Okta: Okta links the user to the id the create answers, so an answer naming another object links it to someone else's account (okta-traffic.md R3, §5 q24)",
        title: "The create answer describes the object just created: its userName (or displayName) is the one sent",
        hint: "Answer a create with the stored representation of the resource that request created, under its own id; never with another resource that happens to match.",
        says: "",
        entra: BreaksEntra,
        entra_why: "Entra links the object to the id the create answers; another object's id links the wrong account",
    }
    /// Location header matches meta.location.
    CreateLocation = "create-location" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.3; RFC 7643 §3.1 (meta.location) · Okta: Okta's own example 201 responses carry no Location header and SPEC 6 does not assert one, so Okta does not need it (okta-audit.md #11)",
        title: "The 201 carries a `Location` header equal to `meta.location`",
        hint: "Send `Location: <base>/Users/<id>` on 201 and use the same URI in `meta.location`.",
        says: "",
    }
    /// meta is complete.
    Meta = "meta" spec {
        /// The resource type `meta.resourceType` must name.
        kind: ResourceKind,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §3.1; RFC 7644 §3.3.1 · Okta: Okta's example responses carry a meta with only resourceType, and Okta never reads created, lastModified or location (okta-audit.md #11; okta-traffic.md §5 q15)",
        title: "`meta` carries resourceType (matching the endpoint), created, lastModified and location",
        hint: "Fill `meta` on every User and Group: resourceType \"User\"/\"Group\", created and lastModified as xsd:dateTime, location as the resource URI.",
        says: "",
    }
    /// A duplicate create is refused, creating no twin.
    DuplicateRefused = "duplicate-refused" spec {} {
        okta: BreaksOkta, oin: "SPEC 8", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.3 (a duplicate userName is refused) · Okta: a duplicate that is created makes a twin account when Okta's retries or concurrent assignments race (okta-traffic.md §5 q13); any refusal stops the job as Okta expects",
        title: "Creating a second user with the same userName is refused with a 4xx and creates no twin",
        hint: "Enforce userName uniqueness (case-insensitively) and refuse a duplicate create with 409 scimType uniqueness; never create a second user.",
        says: "",
    }
    /// A duplicate is refused with 409.
    Duplicate409 = "duplicate-409" spec {} {
        okta: FailsOin, oin: "SPEC 8", rfc: Should, gate: no, usable: no,
        rule: "RFC 7644 §3.3 (409 uniqueness); RFC 7643 §7 also allows 400 · Okta: SPEC 8 asserts exactly 409 (okta-audit.md #2); the RFC says 409 (RFC 7644 §3.3) but RFC 7643 §7 also allows 400 (checklist Q.1), so 400 is a warning at the RFC level; a refused duplicate of any kind still stops Okta's job (duplicate-refused)",
        title: "Creating a second user with the same userName is refused with 409 (scimType uniqueness)",
        hint: "Enforce userName uniqueness case-insensitively and answer 409 with scimType \"uniqueness\"; Okta then stops the job instead of creating a twin.",
        says: "",
    }
    /// A refused duplicate names scimType uniqueness.
    DuplicateScimType = "duplicate-scim-type" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.3 (409 with scimType uniqueness: MUST) · Okta: Okta reads no scimType (okta-traffic.md R3), so this is an RFC rule Okta does not need",
        title: "A duplicate refused with 409 (or 400) carries scimType \"uniqueness\"",
        hint: "Put {\"scimType\":\"uniqueness\"} in the Error that refuses a duplicate userName.",
        says: "",
    }
    /// Echo of what was sent.
    Echo = "echo" spec {
        /// Pointer → value. Strings compare case-insensitively for userName, emails and
        /// displayName (caseExact=false), exactly otherwise.
        values: BTreeMap<String, serde_json::Value>,
    } {
        okta: FailsOin, oin: "SPEC 6", rfc: Should, gate: no, usable: no,
        rule: "RFC 7644 §3.1 (responses reflect the resource as interpreted) · Okta: Okta itself does not check what the server stored (okta-traffic.md §5 q24), but SPEC 6 wants the created values back",
        title: "The response shows the values that were sent",
        hint: "Store and return the attributes Okta sends (userName, name, emails, active, ...); compare case-insensitively where the attribute is caseExact=false.",
        says: "",
        validate: crate::check::spec::pointers,
    }
    /// userName comes back exactly.
    UsernameExact = "username-exact" spec {
        /// The userName sent, compared byte for byte.
        value: String,
    } {
        okta: FailsOin, oin: "SPEC 6, 7", rfc: NotRfc, gate: no, usable: no,
        rule: "Okta SPEC test steps 6 and 7 create a mixed-case userName (Runscope123Xabcdefgh123@atko.com) and require it back unchanged (okta-audit.md #1). RFC 7643 §7 lets a server change the case of a caseExact=false value, so this is an OIN requirement, not an RFC one",
        title: "userName comes back exactly as sent, letter case included",
        hint: "Store and return userName as Okta sent it (compare case-insensitively, but never lower-case what you store).",
        says: "",
    }
    /// GET by id answers 200.
    Get200 = "get-200" spec {} {
        okta: BreaksOkta, oin: "SPEC 2, 7", rfc: Should, gate: yes, usable: yes,
        rule: "RFC 7644 §3.4.1 · Okta: Okta reads the user before every PUT and before activation PATCHes; what it does when the read fails is undocumented: stricter reading (okta-traffic.md R5, §6 q6)",
        title: "Reading a resource by id answers 200 with the resource",
        hint: "Serve GET /Users/{id} and /Groups/{id} for every resource that exists (deactivated users included).",
        says: "",
        entra: BreaksEntra,
        entra_why: "Entra reads users and groups by id (GET /Groups/{id}?excludedAttributes=members) before it updates them",
        entra_says: "SystemForCrossDomainIdentityManagementServiceIncompatible: StatusCode: <status> Message: Processing of the HTTP request resulted in an exception. … Web Response: <detail>",
    }
    /// The stored values read back.
    ReadBack = "read-back" spec {
        /// Pointer → value, compared as for `echo`.
        values: BTreeMap<String, serde_json::Value>,
    } {
        okta: BreaksOkta, oin: "SPEC 7", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.5.1, §3.5.2 (the change is applied) · Okta: a write that is not applied leaves the app out of step with Okta while Okta reports success: Okta never verifies (okta-traffic.md §5 q24); the CRUD test reads the values back",
        title: "A later read shows the values the previous write set",
        hint: "Apply every attribute of a PUT or PATCH to the stored resource and serve reads from that state.",
        says: "",
        entra: BreaksEntra,
        entra_why: "a write that is not applied leaves the app out of step with Entra while Entra logs success: Entra does not read back",
        validate: crate::check::spec::pointers,
    }
    /// A deactivated user still exists.
    DeactivateKeepsUser = "deactivate-keeps-user" spec {} {
        okta: BreaksOkta, oin: "", rfc: NotRfc, gate: yes, usable: yes,
        rule: "Okta R7 / CRUD test step 9: deactivate is soft; the same id is read and reactivated later · Okta: Okta deactivates softly and reactivates the same id later; a server that deletes makes reactivation re-create the user under a new id and fails CRUD 9, 12, 14 (okta-traffic.md F6, F7, §3.2); the RFC leaves `active`'s meaning to the server",
        title: "A deactivated user can still be read (200, active false)",
        hint: "Treat `active:false` as a flag: keep the user, return it on GET and in filters, and let `active:true` bring it back with the same id.",
        says: "",
        entra: BreaksEntra,
        entra_why: "Entra disables softly (active false) and enables the same id later; it deletes only after its soft-delete window",
    }
    /// Unknown ids answer 404.
    UnknownId404 = "unknown-id-404" spec {} {
        okta: BreaksOkta, oin: "SPEC 4, 12", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.12 (Table 8: 404); Okta SPEC test steps 4 and 12 · Okta: SPEC 4 and 12 require a 404 SCIM Error; what Okta does with another answer to its read of a vanished user is open (okta-traffic.md §6 q6): stricter reading; RFC Table 8 states it as SHOULD",
        title: "An unknown id answers 404 with a SCIM Error carrying `detail`",
        hint: "Answer GET /Users/<unknown> with 404 and a SCIM Error body with a non-empty `detail`.",
        says: "",
    }
    /// Deleted resources are gone.
    Deleted404 = "deleted-404" spec {} {
        okta: BreaksOkta, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.6 · Okta: Okta deletes groups on unlink and forgets them; one that still answers stays in the app with its members (okta-traffic.md F14, R19)",
        title: "After DELETE, reading the resource answers 404",
        hint: "Once a resource is deleted, answer 404 for it on every later operation and leave it out of lists.",
        says: "",
    }
    /// ListResponse envelope with integer counters.
    ListResponse = "list-response" spec {} {
        okta: BreaksOkta, oin: "SPEC 1, 3, 5, 10", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.4.2; Okta: counters must be JSON integers · Okta: Test API Credentials, import and the pre-create lookup all read this envelope, with integer counters (okta-traffic.md R1, R9, §5 q10)",
        title: "A query answers 200 with a ListResponse: ListResponse URN, integer totalResults, startIndex, itemsPerPage, and Resources",
        hint: "Answer queries with {\"schemas\":[ListResponse URN],\"totalResults\":N,\"startIndex\":1,\"itemsPerPage\":N,\"Resources\":[...]}, numbers as JSON integers.",
        says: "Error while verifying if user <userName> exists: <status>. Errors reported by remote server: <detail>",
        entra: BreaksEntra,
        entra_why: "Test Connection and every match lookup read the ListResponse; anything else fails them",
        entra_says: "We are not able to deserialize the resource received from your SCIM endpoint because your SCIM endpoint is not fully compatible with the Azure Active Directory SCIM client.",
    }
    /// A filter for a missing userName finds nothing, as Okta accepts.
    FilterNoMatch = "filter-no-match" spec {} {
        okta: BreaksOkta, oin: "", rfc: NotRfc, gate: yes, usable: no,
        rule: "Okta R2 (200 with totalResults 0, or 404 SCIM Error); RFC 7644 §3.4.2 prefers 200 · Okta: Okta's pre-create lookup accepts 200 with totalResults 0 or a 404 SCIM Error (okta-traffic.md R2, §5 q9); anything else stops the create. The RFC wants the 200 (filter-no-match-200)",
        title: "A filter that matches nothing answers 200 with totalResults 0 (or 404 with a SCIM Error)",
        hint: "Answer a no-match filter with 200 and an empty ListResponse; never with an HTML page or another user.",
        says: "Error while verifying if user <userName> exists: <status>. Errors reported by remote server: <detail>",
        entra: BreaksEntra,
        entra_why: "Test Connection needs an empty 200 ListResponse for its random GUID; a 404 fails it, unlike Okta",
        entra_says: "SystemForCrossDomainIdentityManagementServiceIncompatible: StatusCode: <status> Message: Processing of the HTTP request resulted in an exception. … Web Response: <detail>",
    }
    /// A no-match filter answers 200 with an empty list.
    FilterNoMatch200 = "filter-no-match-200" spec {} {
        okta: FailsOin, oin: "SPEC 3, 5", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2 (G5: a query matching nothing answers 200 with totalResults 0) · Okta: Okta's provisioning also takes a 404 SCIM Error, but SPEC 3 and 5 require the 200 (okta-traffic.md §3.1)",
        title: "A filter that matches nothing answers 200 with totalResults 0 (not 404)",
        hint: "Answer a query that matches nothing with 200 and {\"totalResults\":0,\"Resources\":[]}.",
        says: "",
        entra: BreaksEntra,
        entra_why: "Test Connection and the pre-create match lookup need an empty 200 ListResponse; Entra takes no 404",
        entra_says: "SystemForCrossDomainIdentityManagementServiceIncompatible: StatusCode: <status> Message: Processing of the HTTP request resulted in an exception. … Web Response: <detail>",
    }
    /// A filter finds exactly the resource.
    FilterMatch = "filter-match" spec {
        /// The id the filter must find.
        id: String,
    } {
        okta: BreaksOkta, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.4.2.2 (eq); Okta links on the id it finds · Okta: Okta links on the id its userName filter returns; a miss makes a duplicate, another resource links the wrong account (okta-traffic.md F4, R2)",
        title: "An `eq` filter on the resource's own value finds exactly that resource",
        hint: "Evaluate `filter=userName eq \"...\"` (and displayName for groups) and return only the matching resources.",
        says: "",
        entra: BreaksEntra,
        entra_why: "Entra matches existing users on userName, externalId or the work email with an eq filter; a miss creates a twin, another user links the wrong account",
    }
    /// userName filters are case-insensitive.
    FilterCaseInsensitive = "filter-case-insensitive" spec {
        /// The id the filter must find.
        id: String,
    } {
        okta: BreaksOkta, oin: "SPEC 9", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §4.1.1 (userName caseExact=false); RFC 7644 §3.4.2.2 · Okta: a case-sensitive lookup misses an existing account, so Okta creates a twin or meets a 409 (okta-traffic.md R2): stricter reading; SPEC 9 itself asserts only the status",
        title: "A userName filter in different case finds the same user",
        hint: "Compare userName case-insensitively in filters and in uniqueness checks.",
        says: "",
    }
    /// Pages hold every own resource exactly once.
    PagingComplete = "paging-complete" spec {
        /// The ids this scenario created (a template yielding a list).
        own: serde_json::Value,
    } {
        okta: BreaksOkta, oin: "", rfc: NotRfc, gate: no, usable: no,
        rule: "Okta R9: import pages with count=100 and needs a stable order; RFC 7644 §3.4.2.4 · Okta: Okta imports with count=100, moving startIndex by 100, and needs a stable order; the RFC does not require stable pages (RFC 7644 §3.4.2.4, checklist G21), so this is Okta's requirement",
        title: "Paging through the list with Okta's startIndex/count finds every resource exactly once",
        hint: "Sort list results by a stable key (creation order or id) and honour startIndex as a 1-based offset.",
        says: "",
    }
    /// count is honoured.
    PagingCount = "paging-count" spec {} {
        okta: BreaksOkta, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.4 (count: the SP MUST NOT return more); RFC 7644 §3.4.2 (itemsPerPage: the number of results on this page; a page may hold fewer than count) · Okta: Okta moves startIndex by its count whatever a page held; a page larger than count overlaps the next: stricter reading (okta-traffic.md F9)",
        title: "No page holds more resources than `count` asked for",
        hint: "Cap each page at `count` resources and set itemsPerPage to the number returned.",
        says: "",
    }
    /// totalResults is consistent.
    PagingTotal = "paging-total" spec {} {
        okta: BreaksOkta, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2 (totalResults: the total number of results) · Okta: Okta keeps paging while startIndex + count - 1 < totalResults; a wrong total ends the import early (okta-traffic.md F9)",
        title: "totalResults is the same on every page and counts every resource the pages hold",
        hint: "Set totalResults to the number of resources matching the query, not the page size.",
        says: "",
    }
    /// PUT answers 200.
    Replace200 = "replace-200" spec {} {
        okta: BreaksOkta, oin: "", rfc: Must, gate: yes, usable: yes,
        rule: "RFC 7644 §3.5.1 (also: readOnly attributes in the body are ignored) · Okta: Okta pushes profile changes as a read-modify-write PUT echoing id, meta and groups; refusing it fails every Update User Attributes task (okta-traffic.md F5, R6)",
        title: "PUT of the whole resource (echoing id, meta, groups as Okta does) answers 200 with the resource",
        hint: "Accept a PUT body that echoes readOnly attributes (id, meta, groups) and ignore them; answer 200 with the stored resource.",
        says: "<status>. Errors reported by remote server: <detail>",
    }
    /// PATCH answers 200 or 204.
    Patch200Or204 = "patch-200-or-204" spec {} {
        okta: BreaksOkta, oin: "", rfc: Must, gate: yes, usable: yes,
        rule: "RFC 7644 §3.5.2 (200 with the resource, or 204) · Okta: OIN apps deactivate, reactivate, sync passwords and push groups by PATCH and do not fall back to PUT when it is refused: a refused deactivation is a failed \"Deprovision\" task (okta-traffic.md R7, F6, §5 q17)",
        title: "PATCH in Okta's form answers 200 with the resource or 204",
        hint: "Support PatchOp with no `path` and a value object, value-filter paths like members[value eq \"...\"], and answer 200 or 204.",
        says: "<status>. Errors reported by remote server: <detail>",
        entra: BreaksEntra,
        entra_why: "Entra updates, disables, sets managers and changes memberships only by PATCH in its own shapes, and takes 200 or 204",
        entra_says: "SystemForCrossDomainIdentityManagementServiceIncompatible: StatusCode: <status> Message: Processing of the HTTP request resulted in an exception. … Web Response: <detail>",
    }
    /// Okta's rename PATCH, repeating the unchanged id, is accepted.
    GroupRenameAccepted = "group-rename-accepted" spec {} {
        okta: BreaksOkta, oin: "", rfc: NotRfc, gate: yes, usable: yes,
        rule: "Okta: Push Groups renames an app group with a no-path replace whose value repeats the group's unchanged id (okta-traffic.md R14), after every membership push too; refusing it fails the rename. RFC 7644 §3.5.2 lets a server refuse a readOnly attribute in a PATCH (checklist I5), so this is Okta's requirement, not an RFC one",
        title: "Okta's group rename PATCH ({\"op\":\"replace\",\"value\":{\"id\":…,\"displayName\":…}}) answers 200 or 204",
        hint: "Ignore an unchanged readOnly `id` in a PATCH value (it is not a modification) and apply the rename.",
        says: "<status>. Errors reported by remote server: <detail>",
    }
    /// Members as expected.
    Members = "members" spec {
        /// Ids that must be members.
        #[serde(default)]
        includes: Vec<String>,
        /// Ids that must not be members.
        #[serde(default)]
        excludes: Vec<String>,
        /// When set, the exact member set (a template may yield a list; `[]` means empty).
        #[serde(default)]
        exactly: Option<serde_json::Value>,
    } {
        okta: BreaksOkta, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.5.2.1-3 (add appends, remove with a filter removes matches, replace replaces) · Okta: Okta pushes membership as add, remove with members[value eq \"id\"] and full replace, and never reads the result back (okta-traffic.md R15, R16)",
        title: "The group's members are what the membership PATCH made them",
        hint: "Apply `add` on members as an append, `remove` with members[value eq \"id\"] as a removal, and `replace` as a full overwrite.",
        says: "",
        entra: BreaksEntra,
        entra_why: "Entra never reads membership back: a PATCH that loses members leaves the group out of step silently",
        validate: crate::check::spec::members_given,
    }
    /// DELETE answers 204.
    Delete204 = "delete-204" spec {} {
        okta: BreaksOkta, oin: "", rfc: Must, gate: yes, usable: yes,
        rule: "RFC 7644 §3.6 · Okta: Okta expects 204 from DELETE /Groups/{id}; whether it takes 200 is open (okta-traffic.md §6 q7): stricter reading",
        title: "DELETE answers 204 No Content",
        hint: "Answer a successful DELETE with 204 and no body.",
        says: "",
    }
    /// Bad tokens are refused with 401.
    BadToken401 = "bad-token-401" spec {} {
        okta: FailsOin, oin: "SPEC 11", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.12 (Table 8: 401); Okta SPEC test step 11 · Okta: SPEC 11 requires a 401 SCIM Error; Okta itself only needs a refusal (okta-traffic.md F1, §3.1); RFC Table 8 is a SHOULD",
        title: "A request with a wrong token is refused with 401 and a SCIM Error whose status is \"401\"",
        hint: "Check the bearer token on every endpoint and answer 401 with a SCIM Error body.",
        says: "Error authenticating: Unauthorized. The connector configuration could not be tested. Make sure that the URL, Authentication Parameters are correct and that there is an implementation available at the URL provided.",
    }
    /// 401 carries WWW-Authenticate.
    WwwAuthenticate = "www-authenticate" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §2 (RFC 7235 §4.1) · Okta: neither Okta nor SPEC 11 reads the WWW-Authenticate header (okta-audit.md #11)",
        title: "A 401 carries a `WWW-Authenticate` header",
        hint: "Add `WWW-Authenticate: Bearer realm=\"...\"` to every 401.",
        says: "",
    }
    /// Errors carry detail.
    ErrorDetail = "error-detail" spec {} {
        okta: FailsOin, oin: "SPEC 4, 11, 12", rfc: NotRfc, gate: no, usable: no,
        rule: "Okta SPEC test steps 4, 11, 12 assert a non-empty `detail`; RFC 7644 §3.12 MAY · Okta: SPEC 4, 11 and 12 assert a non-empty detail and Okta shows it to the admin; the RFC makes detail OPTIONAL (RFC 7644 §3.12, checklist C5)",
        title: "The SCIM Error carries a non-empty `detail`",
        hint: "Put a human-readable reason in `detail`; Okta shows it to the admin.",
        says: "… Errors reported by remote server: <detail>",
    }
    /// The answer came quickly enough.
    ResponseTime = "response-time" spec {
        /// The limit in milliseconds.
        max_ms: u64,
    } {
        okta: FailsOin, oin: "SPEC 10", rfc: NotRfc, gate: no, usable: no,
        rule: "Okta SPEC test step 10 (optional): GET /Groups answers within 600 ms · Okta: SPEC 10 (an optional test) wants GET /Groups within 600 ms; in provisioning Okta gives up only after 60 s (okta-traffic.md §3.1, §5 q18)",
        title: "The answer arrived within the time limit the step names",
        hint: "Answer list requests quickly (index the filtered attributes, page in the database); Okta's SPEC test allows 600 ms.",
        says: "",
    }
    /// The ServiceProviderConfig is well-formed.
    SpcValid = "spc-valid" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §4; RFC 7643 §5 (M1, M2) · Okta: none, plain SCIM 2.0 apps never call /ServiceProviderConfig (okta-traffic.md F16)",
        title: "GET /ServiceProviderConfig answers 200 with one ServiceProviderConfig: its URN, and patch, bulk, filter, changePassword, sort, etag and authenticationSchemes as RFC 7643 §5 requires",
        hint: "Serve /ServiceProviderConfig with every REQUIRED capability object (`supported` booleans, bulk and filter limits as integers) and at least one authentication scheme.",
        says: "",
    }
    /// /ResourceTypes is well-formed.
    ResourceTypesValid = "resource-types-valid" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §4; RFC 7643 §6 (M5) · Okta: none, Okta reads /ResourceTypes only for entitlements and Import User Schema (okta-traffic.md F16)",
        title: "GET /ResourceTypes answers 200 with a ListResponse of valid ResourceTypes, including User at /Users",
        hint: "List each resource type with name, endpoint (relative, e.g. /Users) and schema (a Schema id) in a ListResponse.",
        says: "",
    }
    /// /Schemas is well-formed.
    SchemasValid = "schemas-valid" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.1, §4; RFC 7643 §7 (M4, M6, A12) · Okta: none, Okta reads /Schemas only for entitlements and Import User Schema (okta-traffic.md F16)",
        title: "GET /Schemas answers 200 with a ListResponse of valid Schemas, the User schema among them and no urn:ietf:params:scim:api: message schema",
        hint: "List every supported schema with its id, name and attribute definitions; leave the api:messages URNs out.",
        says: "",
    }
    /// /Schemas/{id} returns that schema.
    SchemaById = "schema-by-id" spec {
        /// The schema URN asked for.
        id: String,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §4 (M4) · Okta: none, no Okta flow reads /Schemas/{URN} (okta-traffic.md F16)",
        title: "GET /Schemas/{schema URN} answers 200 with that one Schema",
        hint: "Serve each schema at /Schemas/<its URN> as a single Schema object, not a list.",
        says: "",
    }
    /// Attribute operators select exactly the matching resources.
    FilterOperators = "filter-operators" spec {
        /// The expected ids.
        ids: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.2 Table 3 (G6, G8) · Okta: none, Okta only ever sends eq on userName or displayName (okta-traffic.md R2, R12)",
        title: "Each attribute operator (eq ne co sw ew gt ge lt le pr) selects exactly the matching resources",
        hint: "Implement every Table 3 operator; `sw`/`ew`/`co` are substring tests, `pr` means a non-empty value, `ne` also matches resources without the attribute.",
        says: "",
    }
    /// Logical operators and grouping.
    FilterLogic = "filter-logic" spec {
        /// The expected ids.
        ids: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.2 Table 4 (G7, G9); RFC 7643 §2.1 (E2: keywords are case-insensitive) · Okta: none, Okta never combines filters (okta-traffic.md R2, R12)",
        title: "and / or / not and parentheses select exactly the matching resources, with not > and > or precedence",
        hint: "Parse `a or b and c` as `a or (b and c)`, support `not (...)` and grouping.",
        says: "",
    }
    /// Value-path filters.
    FilterValuePath = "filter-value-path" spec {
        /// The expected ids.
        ids: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.2 Fig. 1 (G7, G10) · Okta: none, Okta never sends a value-path query filter (okta-traffic.md R15)",
        title: "A value-path filter (emails[type eq \"work\" and value ew \"...\"]) matches when one value satisfies the whole bracket",
        hint: "Evaluate the bracketed filter against each value of the multi-valued attribute; a resource matches when one value matches.",
        says: "",
    }
    /// caseExact rules.
    FilterCaseExact = "filter-case-exact" spec {
        /// The expected ids.
        ids: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.2; RFC 7643 §7 (G11, E9) · Okta: none, Okta never filters on caseExact attributes (okta-traffic.md R2)",
        title: "String comparison follows caseExact: case-insensitive for userName and emails, exact for caseExact attributes such as externalId",
        hint: "Look up each attribute's caseExact in the schema: fold case for caseExact=false, compare exactly otherwise.",
        says: "",
    }
    /// Typed comparisons.
    FilterTypes = "filter-types" spec {
        /// The expected ids.
        ids: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.2 (G11) · Okta: none, Okta never filters on booleans or dates (okta-traffic.md §5 q15)",
        title: "Booleans compare as booleans and dateTimes chronologically (meta.created gt/lt)",
        hint: "Compare by the attribute's type: `active eq true` on booleans, `meta.created gt \"...\"` chronologically.",
        says: "",
    }
    /// Invalid filters are refused.
    InvalidFilter400 = "invalid-filter-400" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.4.2.2 (G12), Table 9 · Okta: none, Okta only sends well-formed eq filters",
        title: "An unknown operator or unparsable filter is refused with 400 and scimType invalidFilter",
        hint: "Reject filters you cannot parse with 400 {\"scimType\":\"invalidFilter\",\"detail\":\"...\"}; never ignore the filter.",
        says: "",
    }
    /// The fields the SPEC test reads are there.
    NotEmpty = "not-empty" spec {
        /// JSON Pointers that must hold a non-empty value.
        pointers: Vec<String>,
    } {
        okta: FailsOin, oin: "SPEC 1, 2", rfc: NotRfc, gate: no, usable: no,
        rule: "Okta SPEC test steps 1 and 2 assert that id, userName, name.givenName, name.familyName, emails[0].value and active are not empty on the first user the server lists (okta-traffic.md §3.1); the RFC requires only id and userName",
        title: "The fields Okta's SPEC test reads (id, userName, name, emails[0].value, active) are present and not empty",
        hint: "Return name.givenName, name.familyName, emails and active on every user (Okta's SPEC test reads them from whichever user you list first).",
        says: "",
    }
    /// A create without a required attribute is refused.
    MissingRequired400 = "missing-required-400" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7643 §4.1 (userName is REQUIRED), §2.2; RFC 7644 §3.3, Table 9 (invalidValue: a required value was missing) (H5) · Okta: none, Okta always sends userName (okta-traffic.md R3)",
        title: "A POST /Users without the required userName is refused with 400 (scimType invalidValue)",
        hint: "Refuse a create that lacks a required attribute with 400 {\"scimType\":\"invalidValue\"}; never store a user without userName.",
        says: "",
    }
    /// Every schema URN the User resource type names is served by /Schemas.
    SchemaImportExtensions = "schema-import-extensions" spec {
        /// The `/ResourceTypes` answer read before (a template yielding it).
        resource_types: serde_json::Value,
    } {
        okta: BreaksOkta, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7643 §6 (schemaExtensions name extension schemas), RFC 7644 §4 (/Schemas serves every supported schema) · Okta: Import User Schema reads the extension URNs under the User resource type and their attributes from /Schemas; an extension it cannot resolve is not imported",
        title: "Every schema the User resource type names (core User and each schemaExtensions URN) is served by /Schemas",
        hint: "Serve every schema listed in the User ResourceType's schema and schemaExtensions at /Schemas (and /Schemas/<URN>), under exactly that id.",
        says: "",
    }
    /// Every attribute Okta would import is well formed.
    SchemaImportAttributes = "schema-import-attributes" spec {
        /// The `/ResourceTypes` answer read before (a template yielding it).
        resource_types: serde_json::Value,
    } {
        okta: BreaksOkta, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §7, §2.2, §2.3 (each attribute has a name; type, multiValued and mutability take the RFC's values or their defaults) · Okta: Import User Schema maps each attribute of the User schema and its extensions to an app-profile attribute by name, type and multiValued; a malformed one cannot be mapped",
        title: "Every attribute Okta's Import User Schema reads is well formed: a name, an RFC type, a boolean multiValued, an RFC mutability, sub-attributes when complex, no name twice",
        hint: "Give each attribute definition a name and, where set, type from RFC 7643 §2.3, a boolean multiValued and mutability readOnly/readWrite/immutable/writeOnly; complex attributes list their subAttributes.",
        says: "",
    }
    /// Each of two creates of one user sent at once is created or refused as a duplicate.
    RacingCreate = "racing-create" spec {} {
        okta: BreaksOkta, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.3 (201, or 409 uniqueness for a duplicate) · Okta: Okta retries and assigns concurrently, so two creates of one user can race; a 5xx is retried and shown as a failed task, the assignment stays in error (okta-audit.md uncovered flows)",
        title: "Two creates of one user sent at once: each answers 201 or a duplicate refusal (409 uniqueness), never 5xx",
        hint: "Make the userName check and the insert one atomic step (a unique index, or a transaction): the loser of the race gets 409 scimType uniqueness.",
        says: "",
    }
    /// After racing creates, exactly one user holds the name.
    RacingCreatesOne = "racing-creates-one" spec {} {
        okta: BreaksOkta, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §4.1.1 (userName is unique) · Okta: a twin made by racing creates is an account Okta does not know; deactivation reaches only the one it linked (okta-traffic.md §5 q13)",
        title: "After two creates of one user raced, a filter on its userName finds exactly one user",
        hint: "Enforce userName uniqueness atomically (a unique index on the lower-cased userName), not by reading first and inserting later.",
        says: "",
    }
    /// Extension values read back as written.
    ExtensionStored = "extension-stored" spec {
        /// JSON Pointer → value the read must show (the `probe.stored` capture).
        values: serde_json::Value,
    } {
        okta: BreaksOkta, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §3.3 (extension attributes), §7 (returned: default values are returned) (E8, D2) · Okta: Okta pushes the enterprise extension attributes the admin maps (department, employeeNumber, manager) under the extension's URN; a server that drops them loses that data silently (okta-traffic.md §3, R3)",
        title: "Every writable extension attribute the target advertises reads back as it was written",
        hint: "Store the attributes of each extension you list in /ResourceTypes under the extension's URN key, and return them on GET.",
        says: "",
        entra: BreaksEntra,
        entra_why: "Entra maps the enterprise extension (employeeNumber, department, manager) by default",
    }
    /// User.groups shows the memberships.
    UserGroups = "user-groups" spec {
        /// The group ids the user must show.
        includes: Vec<String>,
        /// The target's GET /Schemas answer, to see whether it declares User.groups.
        schemas: serde_json::Value,
    } {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: no, usable: no,
        rule: "RFC 7643 §4.1.2 (groups: the groups the user belongs to, read-only, changed through the Group) · Okta: none, Okta never reads User.groups (okta-traffic.md R5)",
        title: "When the target declares User.groups, a user shows the groups that hold it as a member",
        hint: "Fill User.groups from the group memberships (or do not declare the attribute in /Schemas).",
        says: "",
    }
    /// PATCH op names in other case.
    PatchOpCase = "patch-op-case" spec {
        /// The attribute the PATCH sets.
        attribute: String,
        /// The value it sets.
        value: serde_json::Value,
    } {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.5.2 (op values are add, remove, replace; RFC 7643 §2.1: ABNF strings are case-insensitive) (I2, E2); Entra sends `Replace`, `Add` · Okta: none, Okta sends lower-case op names",
        title: "A PATCH whose op is capitalised (`Replace`, as Entra sends it) is applied like `replace`",
        hint: "Compare PATCH op names case-insensitively: `Replace`, `Add` and `Remove` are add, replace and remove.",
        says: "",
        entra: BreaksEntra,
        entra_why: "without aadOptscim062020 Entra sends every op capitalised (Replace, Add, Remove)",
        entra_says: "SystemForCrossDomainIdentityManagementServiceIncompatible: StatusCode: <status> Message: Processing of the HTTP request resulted in an exception. … Web Response: <detail>",
    }
    /// POST .search.
    SearchPost = "search-post" spec {
        /// The expected ids.
        ids: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.3 (G26) · Okta: none, Okta never uses POST /.search (okta-traffic.md F16)",
        title: "POST /Users/.search with a SearchRequest selects exactly the matching resources",
        hint: "Accept POST <endpoint>/.search with a SearchRequest body and answer like the equivalent GET query.",
        says: "",
    }
    /// Sorting.
    Sorted = "sorted" spec {
        /// The expected ids, in order.
        ids: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.3 (G18), when sort.supported · Okta: none, Okta never sends sortBy",
        title: "sortBy / sortOrder return the resources in the asked order",
        hint: "Sort by the sortBy attribute (case-insensitively for caseExact=false strings) and reverse for sortOrder=descending.",
        says: "",
    }
    /// count=0 and negative counts.
    CountZero = "count-zero" spec {
        /// The expected totalResults.
        total: u64,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.4 (G20): count=0 and negative counts (read as 0) return no resources · Okta: none, Okta asks for count 2 or 100",
        title: "count=0 (or a negative count) answers 200 with totalResults and no resources",
        hint: "Treat count<=0 as 0: return the ListResponse with totalResults and an empty or absent Resources.",
        says: "",
    }
    /// startIndex < 1 reads as 1.
    StartIndexMin = "start-index-min" spec {
        /// Every id the query matches (all fit on the page).
        ids: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.4 Table 6 (G19) · Okta: none, Okta starts at 1 and adds 100",
        title: "startIndex below 1 is interpreted as 1",
        hint: "Clamp startIndex to 1 instead of refusing it or shifting the window.",
        says: "",
    }
    /// Past the end.
    PageBeyondEnd = "page-beyond-end" spec {
        /// The expected totalResults.
        total: u64,
    } {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.4 (G19, G20; the RFC does not spell this case out) · Okta: none, Okta stops paging at totalResults",
        title: "A startIndex past the last result answers 200 with totalResults and no resources",
        hint: "Answer a page past the end with an empty ListResponse that still carries totalResults.",
        says: "",
    }
    /// attributes=.
    AttributesParam = "attributes-param" spec {
        /// Attribute names every returned resource must carry.
        #[serde(default)]
        present: Vec<String>,
        /// Attribute names no returned resource may carry.
        #[serde(default)]
        absent: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.5, §3.9 (G22, G24) · Okta: none, Okta never sends attributes",
        title: "`attributes` returns the minimum set (id) plus the named attributes and nothing else by default",
        hint: "Support `attributes`: return id, schemas and the named attributes only.",
        says: "",
    }
    /// excludedAttributes=.
    ExcludedAttributesParam = "excluded-attributes-param" spec {
        /// Attribute names every returned resource must carry.
        #[serde(default)]
        present: Vec<String>,
        /// Attribute names no returned resource may carry.
        #[serde(default)]
        absent: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.4.2.5, §3.9 (G22, G25) · Okta: none, Okta never sends excludedAttributes",
        title: "`excludedAttributes` drops the named attributes and keeps the rest (and always id)",
        hint: "Support `excludedAttributes`: remove the named attributes from every returned resource; `id` stays.",
        says: "",
    }
    /// Deleted resources leave lists.
    DeletedNotListed = "deleted-not-listed" spec {
        /// The deleted id.
        id: String,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.6 (J2) · Okta: none, as tested (a deleted user), Okta never deletes users",
        title: "A deleted resource no longer appears in query results",
        hint: "Omit deleted (or soft-deleted) resources from every query result.",
        says: "",
    }
    /// PUT never creates.
    PutNoCreate404 = "put-no-create-404" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.5.1 (H1) · Okta: none, Okta PUTs only ids it has just read",
        title: "PUT to an id that does not exist answers 404 and creates nothing",
        hint: "Answer PUT /Users/<unknown id> with 404; creation is POST only.",
        says: "",
    }
    /// readOnly values sent by the client are ignored.
    ReadOnlyIgnored = "read-only-ignored" spec {
        /// Pointer → the value that must not appear there.
        values: BTreeMap<String, serde_json::Value>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §3.1, §7; RFC 7644 §3.3, §3.5.1 (D3, D6, E7, H4) · Okta: none, as tested (id and meta), Okta's PUT echoes the server's own values",
        title: "readOnly attributes a client sends (id, meta) are ignored: the server's own values stand",
        hint: "Ignore id and meta in POST and PUT bodies; assign them on the server.",
        says: "",
        validate: crate::check::spec::pointers,
    }
    /// meta changes on writes.
    MetaUpdated = "meta-updated" spec {
        /// The resource's `meta` before the write (a captured object).
        before: serde_json::Value,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §3.1 (D8, D10); RFC 7644 §3.14 (N1) · Okta: none, Okta never reads meta dates or versions",
        title: "After a write, meta.lastModified has not gone back in time and meta.version (when the target has versions) changed",
        hint: "Set meta.lastModified to the time of every change and issue a new version/ETag with it.",
        says: "",
    }
    /// PATCH is atomic.
    PatchAtomic = "patch-atomic" spec {
        /// Pointer → value, compared as for `read-back`.
        values: BTreeMap<String, serde_json::Value>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.5.2 (I4) · Okta: as tested (emails and name), Okta never sends such a PATCH; its one multi-operation PATCH, on members, is judged by `members`",
        title: "A PATCH whose later operation fails leaves the earlier operations unapplied",
        hint: "Apply PATCH operations to a copy and store it only when every operation succeeded.",
        says: "",
        validate: crate::check::spec::pointers,
    }
    /// add appends.
    PatchAddAppends = "patch-add-appends" spec {
        /// The multi-valued attribute, e.g. `emails`.
        attribute: String,
        /// `value`s that must be there.
        #[serde(default)]
        includes: Vec<String>,
        /// `value`s that must not be there.
        #[serde(default)]
        excludes: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.5.2.1 (I9) · Okta: as tested (emails), Okta never sends it; the same rule on members is judged by `members` in okta/f11",
        title: "`add` on a multi-valued attribute appends the new values and keeps the old ones",
        hint: "For `add` on a multi-valued attribute, append the values instead of replacing the attribute.",
        says: "",
    }
    /// remove with a filter.
    PatchRemoveFilter = "patch-remove-filter" spec {
        /// The multi-valued attribute, e.g. `emails`.
        attribute: String,
        /// `value`s that must be there.
        #[serde(default)]
        includes: Vec<String>,
        /// `value`s that must not be there.
        #[serde(default)]
        excludes: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.5.2.2 (I10) · Okta: as tested (emails), Okta never sends it; the same rule on members is judged by `members` in okta/f11",
        title: "`remove` with a value filter (emails[type eq \"home\"]) removes only the matching values",
        hint: "Remove only the values that match the path's filter; keep the others.",
        says: "",
    }
    /// replace on a complex attribute.
    PatchReplaceComplex = "patch-replace-complex" spec {
        /// Pointer → value, compared as for `read-back`.
        values: BTreeMap<String, serde_json::Value>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.5.2.3 (I11) · Okta: none, Okta changes profiles by PUT",
        title: "`replace` on a complex attribute changes the named sub-attributes and keeps the others",
        hint: "For `replace` with a complex value, merge the given sub-attributes into the existing value.",
        says: "",
        validate: crate::check::spec::pointers,
    }
    /// noTarget where the RFC demands it.
    ScimType = "scim-type" spec {
        /// The RFC 7644 Table 9 keyword.
        scim_type: String,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.5.2.2, §3.5.2.3 (I10, I11: SHALL answer 400 with scimType noTarget), Table 9 · Okta: none, Okta reads no scimType",
        title: "A PATCH remove without a path, or a value-path replace that matches nothing, answers 400 with scimType noTarget",
        hint: "Answer `remove` without `path` and a valuePath that selects no value with 400 {\"scimType\":\"noTarget\"}.",
        says: "",
    }
    /// Other PATCH errors name their cause.
    PatchError400 = "patch-error-400" spec {
        /// The RFC 7644 Table 9 keyword.
        scim_type: String,
    } {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.5.2, §3.12 Table 9 (I3, I5; scimType itself is OPTIONAL per C4, so this is a should) · Okta: none, Okta reads no scimType",
        title: "A PATCH with a malformed path or a readOnly target answers 400 with the Table 9 scimType for its cause (invalidPath, mutability)",
        hint: "Pick the scimType by cause: bad path syntax invalidPath, a readOnly or immutable target mutability.",
        says: "",
    }
    /// Attribute names are case-insensitive.
    AttributeNamesCi = "attribute-names-ci" spec {
        /// Pointer → value, compared as for `read-back`.
        values: BTreeMap<String, serde_json::Value>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: no, usable: no,
        rule: "RFC 7643 §2.1; RFC 7644 §3.10 (E1) · Okta: Okta sends the canonical names (okta-traffic.md R3, R6, R15); the RFC states case-insensitivity without a 2119 keyword (checklist E1)",
        title: "Attribute names sent in another case (UserName, NAME.givenName) are understood as the canonical ones",
        hint: "Match attribute names case-insensitively in bodies, paths and filters.",
        says: "",
        validate: crate::check::spec::pointers,
    }
    /// ETag header.
    EtagHeader = "etag-header" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.14; RFC 7643 §3.1 (N1, N4, D10), when etag.supported · Okta: none, Okta sends no If-Match and reads no ETag",
        title: "A resource read carries an ETag header equal to meta.version (when present)",
        hint: "Send `ETag: W/\"<version>\"` with each resource and put the same value in meta.version.",
        says: "",
    }
    /// If-None-Match → 304.
    NotModified304 = "not-modified-304" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.14 (N2; stated without a 2119 keyword), when etag.supported · Okta: none, Okta sends no If-None-Match",
        title: "GET with If-None-Match set to the current ETag answers 304 Not Modified",
        hint: "Compare If-None-Match with the current ETag (weakly) and answer 304 with no body when it matches.",
        says: "",
    }
    /// Stale If-Match → 412.
    StaleEtag412 = "stale-etag-412" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.14, Table 8 (N3); 409 also accepted: Table 8 lists it for version mismatches (checklist Q.2) · Okta: none, Okta sends no If-Match",
        title: "A write with a stale If-Match is refused with 412 Precondition Failed (409 accepted)",
        hint: "Compare If-Match with the current ETag on PUT/PATCH/DELETE and answer 412 when it differs.",
        says: "",
    }
    /// 401 without credentials.
    Unauthorized401 = "unauthorized-401" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.12 Table 8 (A5) · Okta: none, Okta always sends its credential; the wrong-token test is bad-token-401",
        title: "A request without credentials is refused with 401",
        hint: "Authenticate every endpoint and answer missing or wrong credentials with 401 and a SCIM Error.",
        says: "",
    }
    /// Unknown endpoints.
    UnknownEndpoint404 = "unknown-endpoint-404" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.12 Table 8 (404: resource or endpoint does not exist) · Okta: none, Okta calls only /Users and /Groups",
        title: "A path that is no SCIM endpoint answers 404 with a SCIM Error",
        hint: "Route unknown paths to a SCIM 404 Error instead of an HTML page or 200.",
        says: "",
    }
    /// Invalid JSON.
    InvalidSyntax400 = "invalid-syntax-400" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.12 Tables 8 and 9 (400 invalidSyntax) · Okta: Okta only sends well-formed JSON; RFC Table 8 is a SHOULD and scimType is OPTIONAL (checklist C4)",
        title: "A request body that is not valid JSON is refused with 400 (scimType invalidSyntax)",
        hint: "Parse bodies strictly and answer 400 {\"scimType\":\"invalidSyntax\"} when they are not JSON.",
        says: "",
    }
    /// Accept: application/json.
    AcceptJson = "accept-json" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.8 (A7: SHOULD support Accept: application/json) · Okta: none, Okta asks for application/scim+json",
        title: "A request with `Accept: application/json` is answered 200 with SCIM JSON (the label is judged by media-type)",
        hint: "Serve SCIM JSON to `Accept: application/json` as to application/scim+json instead of answering 406.",
        says: "",
    }
    /// No format requested.
    AcceptDefault = "accept-default" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.8 (A7: the format defaults to application/scim+json) · Okta: none, Okta asks for application/scim+json",
        title: "A request naming no format (`Accept: */*`) is answered 200 with SCIM JSON",
        hint: "Without a specific Accept, answer SCIM JSON (application/scim+json) instead of 406 or another format.",
        says: "",
    }
    /// Request bodies labelled application/json.
    JsonBodyAccepted = "json-body-accepted" spec {} {
        okta: FailsOin, oin: "SPEC 6, 8", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.8, §8.1 (A7, A8: application/json is the informal SCIM media type; Okta's SPEC test and Entra send it) · Okta: Okta's provisioning client labels bodies application/scim+json, but SPEC 6 and 8 POST with Content-Type: application/json (okta-audit.md #4)",
        title: "A request body sent with `Content-Type: application/json` is accepted like application/scim+json",
        hint: "Accept request bodies labelled application/json (and any `+json` type) as SCIM JSON instead of answering 415.",
        says: "",
    }
    /// Unsupported method on an endpoint.
    MethodNotSupported = "method-not-supported" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.12 Table 8 (B: 405/501 for an operation an endpoint does not support; the body is judged by error-body) · Okta: none, the SPEC test's 405 steps were removed in 2019",
        title: "A method an endpoint does not offer (PUT /Users, DELETE /ServiceProviderConfig) is refused with an error, 405 or 501 (any 4xx passes), not performed",
        hint: "Answer methods an endpoint does not support with 405 (or 501) and a SCIM Error body, never 2xx.",
        says: "",
    }
    /// Discovery ignores paging and sorting.
    DiscoveryParamsIgnored = "discovery-params-ignored" spec {
        /// The answer without parameters (a captured ListResponse).
        same_as: serde_json::Value,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §4 (M7: filter, sort and pagination parameters SHALL be ignored) · Okta: none, Okta sends no parameters to the discovery endpoints",
        title: "/Schemas and /ResourceTypes with startIndex/count/sortBy list the same entries as without them",
        hint: "Ignore startIndex, count, sortBy and sortOrder on /Schemas and /ResourceTypes: always list every entry.",
        says: "",
    }
    /// Discovery refuses filters.
    DiscoveryFilter403 = "discovery-filter-403" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §4 (M7: if a filter is provided, the service provider SHOULD respond with 403) · Okta: none, Okta never filters the discovery endpoints",
        title: "A `filter` on /Schemas or /ResourceTypes is answered 403 Forbidden",
        hint: "Answer a filter parameter on the discovery endpoints with a 403 SCIM Error.",
        says: "",
    }
    /// Unsupported features answer 501.
    Unsupported501 = "unsupported-501" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.12 Table 8, §3.5.2, §3.7 (M3, I1: an operation the ServiceProviderConfig marks unsupported answers 501) · Okta: none, Okta does not read patch.supported or bulk.supported",
        title: "PATCH when `patch.supported` is false, POST /Bulk when `bulk.supported` is false, answer 501 Not Implemented",
        hint: "Make the ServiceProviderConfig tell the truth: advertise what works, and answer 501 to what is marked unsupported.",
        says: "",
    }
    /// A feature marked unsupported does not quietly work.
    SpcHonest = "spc-honest" spec {
        /// The flag the ServiceProviderConfig sets false, e.g. `filter.supported`.
        flag: String,
        /// The ids a working feature would answer.
        ids: Vec<String>,
        /// The ids must come in this order (a sort probe).
        #[serde(default)]
        ordered: bool,
    } {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: no, usable: no,
        rule: "RFC 7643 §5 (the ServiceProviderConfig says which features the service provider supports; clients rely on it) (M3, I1) · Okta: none, plain SCIM 2.0 apps never call /ServiceProviderConfig (okta-traffic.md F16)",
        title: "A feature the ServiceProviderConfig marks unsupported (filter, sort) does not work after all",
        hint: "Set the flag to true when the feature works: clients that read the ServiceProviderConfig will not use a feature it denies.",
        says: "",
    }
    /// /Me: 501 or an alias.
    MeAlias = "me-alias" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: yes, usable: no,
        rule: "RFC 7644 §3.11 (L1: unsupported /Me SHOULD answer 501) · Okta: none, Okta never calls /Me",
        title: "GET /Me answers 501 when /Me is not supported, or serves/redirects (2xx, 308) to the token's resource; 401/403/404 pass since the token need not be a User",
        hint: "Answer /Me with 501 Not Implemented if you do not support it (not 500 or 400).",
        says: "",
    }
    /// /Me Location.
    MeLocation = "me-location" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.11 (L2: the Location header MUST be the aliased resource's permanent location) · Okta: none, Okta never calls /Me",
        title: "A /Me answer that serves or redirects to a resource (2xx, 3xx) carries that resource's Location",
        hint: "Put the permanent URL of the token's resource (e.g. <base>/Users/<id>) in the Location header of /Me answers.",
        says: "",
    }
    /// The version segment before the endpoint.
    VersionSegment = "version-segment" spec {
        /// The schema URN the answer without the segment carries (e.g. the ListResponse).
        schema: String,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.13 (A11: with /v2 before the endpoint the SP must perform the operation with that version or reject it, 400 invalidVers), when the base URL has no version segment · Okta: none, Okta uses the base URL as configured",
        title: "On a base URL without a version segment, `/v2/Users` and `/v2/ServiceProviderConfig` answer as without `/v2` (200, the same kind of answer) or 400 with scimType invalidVers",
        hint: "Serve the API with the version segment (<base>/v2/Users) as without it, or answer 400 {\"scimType\":\"invalidVers\"} for a version you do not support; never 404 or an HTML page.",
        says: "",
    }
    /// The BulkResponse is well-formed.
    BulkResponse = "bulk-response" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.7, §3.7.3 (K1, K2, K3; Q.11: status \"201\" and {\"code\": \"201\"} both pass) · Okta: none, Okta never calls /Bulk",
        title: "POST /Bulk answers 200 with a BulkResponse holding one result per processed operation (all of them without failOnErrors): method, the POST's bulkId echoed, status as a string, location except on a failed POST, and the SCIM Error in response for every non-2xx result",
        hint: "Answer 200 with {\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:BulkResponse\"],\"Operations\":[…]}; per result send method, bulkId, location, status as a string (\"201\") and, for failures, the Error body in response.",
        says: "",
    }
    /// bulkId references become real ids.
    BulkIdResolved = "bulk-id-resolved" spec {
        /// Pointer → the id a `"bulkId:…"` reference must have become.
        #[serde(default)]
        values: BTreeMap<String, serde_json::Value>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.7.2 (K4), §3.7 (K6: a forward reference keeps the client's intent) · Okta: none, Okta never calls /Bulk",
        title: "\"bulkId:<id>\" references in bulk data (group members, the enterprise manager) are replaced by the id of the resource the POST with that bulkId created, also when that POST comes later in the request",
        hint: "Before running an operation, replace every \"bulkId:x\" string in its data and path by the id created for bulkId x, running the referenced POST first when it comes later.",
        says: "",
    }
    /// Circular bulkId references: resolved, or refused with 409.
    BulkCircular = "bulk-circular" spec {
        /// Pointer → the id a `"bulkId:…"` reference must have become.
        #[serde(default)]
        values: BTreeMap<String, serde_json::Value>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.7.1 (K4: the SP must try to resolve circular references and may fail with 409; both readings pass) · Okta: none, Okta never calls /Bulk",
        title: "Two POSTs of one bulk request referencing each other's bulkId are either both created with each reference holding the other's real id (never a literal \"bulkId:…\"), or refused with 409 (every operation of the cycle, or the whole request); a 5xx, another error, or some created while others were refused fails",
        hint: "Resolve a cycle (create the resources, then set the references) or refuse every operation of it with 409 and a SCIM Error; never store \"bulkId:x\" as a value nor answer 5xx.",
        says: "",
    }
    /// failOnErrors stops processing.
    BulkFailOnErrors = "bulk-fail-on-errors" spec {
        /// bulkIds (on the bulk answer) or userNames (on a GET) of operations after the limit.
        #[serde(default)]
        unprocessed: Vec<String>,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7644 §3.7, §3.7.3 (K3; failOnErrors N: stopping after N errors, or accepting N and stopping at N+1, both pass; 200 with the results or an error response both pass) · Okta: none, Okta never calls /Bulk",
        title: "Once failOnErrors operations have failed, the remaining operations are not processed: the response reports the failures and nothing after them, and nothing later in the request was created",
        hint: "Count failed operations and stop processing when the count reaches failOnErrors; return the results so far.",
        says: "",
    }
    /// Over maxOperations → 413.
    BulkLimits413 = "bulk-limits-413" spec {
        /// The advertised limit (a template such as `{{spc.bulk.maxOperations}}`).
        limit: serde_json::Value,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: no,
        rule: "RFC 7644 §3.7.4 (K5) · Okta: none, Okta never calls /Bulk",
        title: "A bulk request with more operations than the advertised maxOperations (or a body over maxPayloadSize) is refused with 413 whose error body names the limit",
        hint: "Check the operation count (and the payload size) against the advertised limits before processing and answer 413 with a detail such as \"more than maxOperations (100)\".",
        says: "",
    }
    /// Resources match the schemas the target declares.
    OwnSchema = "own-schema" spec {
        /// The target's GET /Schemas answer (a captured body).
        schemas: serde_json::Value,
        /// The target's GET /ResourceTypes answer (a captured body).
        resource_types: serde_json::Value,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §2.3, §2.4, §3, §3.3, §6, §7 (E4, E7, E8, F8, M6): the schemas in `schemas` define every attribute present · Okta: none, Okta does not compare resources with /Schemas",
        title: "User and Group bodies match the target's own /Schemas and /ResourceTypes: every attribute declared (extension attributes under their URN key, listed in `schemas`), declared type and plurality, declared sub-attributes, required ones present, returned:never ones absent; canonicalValues are suggestions (§7) and not held",
        hint: "Return only attributes your /Schemas declares, with the declared type (an integer as a JSON number, a dateTime as an xsd:dateTime string), lists only for multiValued ones, extension attributes inside {\"<extension URN>\": {...}} with the URN in `schemas`, and never a returned:never/writeOnly one; or fix /Schemas to describe what you return.",
        says: "",
    }
    /// Immutable values do not change.
    Immutable = "immutable" spec {
        /// The capture's `immutable` member (`{{probe.immutable}}`).
        probe: serde_json::Value,
        /// The resource had no value: the write must have applied `second_value`.
        #[serde(default)]
        unset: bool,
    } {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: no, usable: no,
        rule: "RFC 7643 §7 (immutable: SHALL NOT be updated); RFC 7644 §3.5.1 (H3, E7: with no existing value the new one SHALL be applied), §3.5.2 (I5: clients MUST NOT modify immutable attributes by PATCH) · Okta: none, Okta changes no immutable attribute",
        title: "A PUT or a PATCH replace changing an immutable attribute the target declares does not change it (refusing the write passes); a PUT giving it a value where it had none applies it",
        hint: "Compare immutable attributes with the stored value on PUT and PATCH: equal input is fine, a different one must not be applied (answer 400 mutability), and a first value is stored.",
        says: "",
    }
    /// A PATCH against an attribute's mutability is refused.
    PatchMutabilityRefused = "patch-mutability-refused" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Must, gate: yes, usable: yes,
        rule: "RFC 7644 §3.5.2 (I5: an operation not compatible with an attribute's mutability SHALL return an error; E7) · Okta: as tested (the id replaced by another value), Okta never sends this; the Okta risk is the opposite, refusing the unchanged id of the rename (group-rename-accepted)",
        title: "A PATCH that would change a readOnly attribute or a set immutable one is answered with a 4xx error, not accepted (silently ignoring it is not enough)",
        hint: "Check each PATCH operation against the attribute's mutability and answer an incompatible one with 400 {\"scimType\":\"mutability\"}; do not answer 200 while dropping the change.",
        says: "",
    }
    /// Changing an immutable value answers 400 mutability.
    Immutable400 = "immutable-400" spec {} {
        okta: OktaUnaffected, oin: "", rfc: Should, gate: no, usable: no,
        rule: "RFC 7644 §3.5.1 (H3: 400 with scimType mutability SHOULD be returned), §3.5.2 (I5), Table 9 · Okta: none, Okta changes no immutable attribute and reads no scimType",
        title: "A PUT or a PATCH replace changing an immutable attribute is refused with 400 and scimType mutability",
        hint: "Answer a write that changes a set immutable value with 400 {\"scimType\":\"mutability\"} instead of ignoring the new value.",
        says: "",
    }
    /// Behaviour matches the stored snapshot.
    Snapshot = "snapshot" {
        okta: OktaUnaffected, oin: "", rfc: NotRfc, gate: no, usable: no,
        rule: "Okta: a drift is a change in behaviour, not a broken rule; the step's own checks judge the new behaviour and --drift decides whether it fails the run",
        title: "The step's normalised request/response transcript matches the stored snapshot",
        hint: "Review the diff: accept it (`scimgate snapshots accept`) if the change is intended, otherwise fix the regression.",
        says: "",
    }
    /// Every provisioned user is in the sync group.
    SyncGroupMember = "sync-group-member" {
        okta: BreaksOkta, oin: "", rfc: NotRfc, gate: no, usable: no,
        rule: "Vendor setting (--sync-group): the vendor's integration promises that every user Okta provisions joins this group; Okta itself never reads User.groups, so the check holds the vendor's own promise",
        title: "Each user scimgate created reads back as a member of the --sync-group (via User.groups or the group's members)",
        hint: "Add every user created through the integration to the configured group, and show it in User.groups or Group.members.",
        says: "",
    }
}
