//! Checks as written in a scenario's `expect` list: `check: <id>` plus parameters, which may
//! hold `{{templates}}`. Checks that apply to every response (json-body, media-type,
//! resource-schema, password-never-returned, error-body) are not written; they always run.

use crate::scenario::ResourceKind;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod meta;

/// A check in a scenario step.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema, PartialEq)]
#[serde(tag = "check", deny_unknown_fields)]
pub enum CheckSpec {
    /// `create-201`.
    #[serde(rename = "create-201")]
    Create201 {},
    /// `create-returns-resource`.
    #[serde(rename = "create-returns-resource")]
    CreateReturnsResource {},
    /// `create-location`.
    #[serde(rename = "create-location")]
    CreateLocation {},
    /// `meta` for a resource of this kind.
    #[serde(rename = "meta")]
    Meta {
        /// The resource type `meta.resourceType` must name.
        kind: ResourceKind,
    },
    /// `duplicate-409`.
    #[serde(rename = "duplicate-409")]
    Duplicate409 {},
    /// `echo`: JSON Pointer → expected value in the response to this request.
    #[serde(rename = "echo")]
    Echo {
        /// Pointer → value. Strings compare case-insensitively for userName, emails and
        /// displayName (caseExact=false), exactly otherwise.
        values: BTreeMap<String, serde_json::Value>,
    },
    /// `get-200`.
    #[serde(rename = "get-200")]
    Get200 {},
    /// `read-back`: JSON Pointer → expected value in this read.
    #[serde(rename = "read-back")]
    ReadBack {
        /// Pointer → value, compared as for `echo`.
        values: BTreeMap<String, serde_json::Value>,
    },
    /// `deactivate-keeps-user`.
    #[serde(rename = "deactivate-keeps-user")]
    DeactivateKeepsUser {},
    /// `unknown-id-404`.
    #[serde(rename = "unknown-id-404")]
    UnknownId404 {},
    /// `deleted-404`.
    #[serde(rename = "deleted-404")]
    Deleted404 {},
    /// `list-response`.
    #[serde(rename = "list-response")]
    ListResponse {},
    /// `filter-no-match`.
    #[serde(rename = "filter-no-match")]
    FilterNoMatch {},
    /// `filter-match`: exactly one resource, with this id.
    #[serde(rename = "filter-match")]
    FilterMatch {
        /// The id the filter must find.
        id: String,
    },
    /// `filter-case-insensitive`: the re-cased filter finds this id.
    #[serde(rename = "filter-case-insensitive")]
    FilterCaseInsensitive {
        /// The id the filter must find.
        id: String,
    },
    /// `paging-complete`: every id in `own` appears exactly once across the pages.
    #[serde(rename = "paging-complete")]
    PagingComplete {
        /// The ids this scenario created (a template yielding a list).
        own: serde_json::Value,
    },
    /// `paging-count`.
    #[serde(rename = "paging-count")]
    PagingCount {},
    /// `paging-total`.
    #[serde(rename = "paging-total")]
    PagingTotal {},
    /// `replace-200`.
    #[serde(rename = "replace-200")]
    Replace200 {},
    /// `patch-200-or-204`.
    #[serde(rename = "patch-200-or-204")]
    Patch200Or204 {},
    /// `members`: membership after a change.
    #[serde(rename = "members")]
    Members {
        /// Ids that must be members.
        #[serde(default)]
        includes: Vec<String>,
        /// Ids that must not be members.
        #[serde(default)]
        excludes: Vec<String>,
        /// When set, the exact member set (a template may yield a list; `[]` means empty).
        #[serde(default)]
        exactly: Option<serde_json::Value>,
    },
    /// `delete-204`.
    #[serde(rename = "delete-204")]
    Delete204 {},
    /// `bad-token-401`.
    #[serde(rename = "bad-token-401")]
    BadToken401 {},
    /// `www-authenticate`.
    #[serde(rename = "www-authenticate")]
    WwwAuthenticate {},
    /// `error-detail`.
    #[serde(rename = "error-detail")]
    ErrorDetail {},
    /// `response-time`: the answer arrives within `max_ms`.
    #[serde(rename = "response-time")]
    ResponseTime {
        /// The limit in milliseconds.
        max_ms: u64,
    },

    // RFC profile: discovery.
    /// `spc-valid`: the ServiceProviderConfig is well-formed.
    #[serde(rename = "spc-valid")]
    SpcValid {},
    /// `resource-types-valid`: /ResourceTypes lists well-formed ResourceTypes, User among them.
    #[serde(rename = "resource-types-valid")]
    ResourceTypesValid {},
    /// `schemas-valid`: /Schemas lists well-formed Schemas, the User schema among them.
    #[serde(rename = "schemas-valid")]
    SchemasValid {},
    /// `schema-by-id`: /Schemas/{id} returns that one Schema.
    #[serde(rename = "schema-by-id")]
    SchemaById {
        /// The schema URN asked for.
        id: String,
    },

    // RFC profile: filters and lists. `ids` are the exact ids (of the scenario's own
    // resources) the answer must hold.
    /// `filter-operators`: the attribute operators select exactly these ids.
    #[serde(rename = "filter-operators")]
    FilterOperators {
        /// The expected ids.
        ids: Vec<String>,
    },
    /// `filter-logic`: and/or/not and grouping select exactly these ids.
    #[serde(rename = "filter-logic")]
    FilterLogic {
        /// The expected ids.
        ids: Vec<String>,
    },
    /// `filter-value-path`: a value-path filter selects exactly these ids.
    #[serde(rename = "filter-value-path")]
    FilterValuePath {
        /// The expected ids.
        ids: Vec<String>,
    },
    /// `filter-case-exact`: caseExact decides string comparison; exactly these ids.
    #[serde(rename = "filter-case-exact")]
    FilterCaseExact {
        /// The expected ids.
        ids: Vec<String>,
    },
    /// `filter-types`: dateTime and boolean comparisons select exactly these ids.
    #[serde(rename = "filter-types")]
    FilterTypes {
        /// The expected ids.
        ids: Vec<String>,
    },
    /// `invalid-filter-400`.
    #[serde(rename = "invalid-filter-400")]
    InvalidFilter400 {},
    /// `search-post`: POST .search selects exactly these ids.
    #[serde(rename = "search-post")]
    SearchPost {
        /// The expected ids.
        ids: Vec<String>,
    },
    /// `sorted`: the resources come in exactly this order.
    #[serde(rename = "sorted")]
    Sorted {
        /// The expected ids, in order.
        ids: Vec<String>,
    },
    /// `count-zero`: no resources, only totalResults.
    #[serde(rename = "count-zero")]
    CountZero {
        /// The expected totalResults.
        total: u64,
    },
    /// `start-index-min`: startIndex below 1 is read as 1.
    #[serde(rename = "start-index-min")]
    StartIndexMin {
        /// Every id the query matches (all fit on the page).
        ids: Vec<String>,
    },
    /// `page-beyond-end`: a startIndex past the end gives an empty page.
    #[serde(rename = "page-beyond-end")]
    PageBeyondEnd {
        /// The expected totalResults.
        total: u64,
    },
    /// `attributes-param`: `attributes` returns the minimum set plus the named attributes.
    #[serde(rename = "attributes-param")]
    AttributesParam {
        /// Attribute names every returned resource must carry.
        #[serde(default)]
        present: Vec<String>,
        /// Attribute names no returned resource may carry.
        #[serde(default)]
        absent: Vec<String>,
    },
    /// `excluded-attributes-param`: `excludedAttributes` drops the named attributes.
    #[serde(rename = "excluded-attributes-param")]
    ExcludedAttributesParam {
        /// Attribute names every returned resource must carry.
        #[serde(default)]
        present: Vec<String>,
        /// Attribute names no returned resource may carry.
        #[serde(default)]
        absent: Vec<String>,
    },
    /// `deleted-not-listed`: a deleted resource is not in query results.
    #[serde(rename = "deleted-not-listed")]
    DeletedNotListed {
        /// The deleted id.
        id: String,
    },

    // RFC profile: writes.
    /// `put-no-create-404`.
    #[serde(rename = "put-no-create-404")]
    PutNoCreate404 {},
    /// `read-only-ignored`: JSON Pointer → the client-sent readOnly value the server must not show.
    #[serde(rename = "read-only-ignored")]
    ReadOnlyIgnored {
        /// Pointer → the value that must not appear there.
        values: BTreeMap<String, serde_json::Value>,
    },
    /// `meta-updated`: after a write, lastModified has not gone back and version changed.
    #[serde(rename = "meta-updated")]
    MetaUpdated {
        /// The resource's `meta` before the write (a captured object).
        before: serde_json::Value,
    },
    /// `patch-atomic`: after a PATCH that failed, the resource shows these (old) values.
    #[serde(rename = "patch-atomic")]
    PatchAtomic {
        /// Pointer → value, compared as for `read-back`.
        values: BTreeMap<String, serde_json::Value>,
    },
    /// `patch-add-appends`: `add` on a multi-valued attribute appended.
    #[serde(rename = "patch-add-appends")]
    PatchAddAppends {
        /// The multi-valued attribute, e.g. `emails`.
        attribute: String,
        /// `value`s that must be there.
        #[serde(default)]
        includes: Vec<String>,
        /// `value`s that must not be there.
        #[serde(default)]
        excludes: Vec<String>,
    },
    /// `patch-remove-filter`: `remove` with a value filter removed only the matches.
    #[serde(rename = "patch-remove-filter")]
    PatchRemoveFilter {
        /// The multi-valued attribute, e.g. `emails`.
        attribute: String,
        /// `value`s that must be there.
        #[serde(default)]
        includes: Vec<String>,
        /// `value`s that must not be there.
        #[serde(default)]
        excludes: Vec<String>,
    },
    /// `patch-replace-complex`: `replace` on a complex attribute kept the unnamed sub-attributes.
    #[serde(rename = "patch-replace-complex")]
    PatchReplaceComplex {
        /// Pointer → value, compared as for `read-back`.
        values: BTreeMap<String, serde_json::Value>,
    },
    /// `scim-type`: a 400 carrying this scimType (where the RFC says SHALL).
    #[serde(rename = "scim-type")]
    ScimType {
        /// The RFC 7644 Table 9 keyword.
        scim_type: String,
    },
    /// `patch-error-400`: a 400 carrying this scimType (where the RFC only describes it).
    #[serde(rename = "patch-error-400")]
    PatchError400 {
        /// The RFC 7644 Table 9 keyword.
        scim_type: String,
    },
    /// `attribute-names-ci`: attribute names sent in another case were understood.
    #[serde(rename = "attribute-names-ci")]
    AttributeNamesCi {
        /// Pointer → value, compared as for `read-back`.
        values: BTreeMap<String, serde_json::Value>,
    },

    // RFC profile: protocol.
    /// `etag-header`.
    #[serde(rename = "etag-header")]
    EtagHeader {},
    /// `not-modified-304`.
    #[serde(rename = "not-modified-304")]
    NotModified304 {},
    /// `stale-etag-412`.
    #[serde(rename = "stale-etag-412")]
    StaleEtag412 {},
    /// `unauthorized-401`.
    #[serde(rename = "unauthorized-401")]
    Unauthorized401 {},
    /// `unknown-endpoint-404`.
    #[serde(rename = "unknown-endpoint-404")]
    UnknownEndpoint404 {},
    /// `invalid-syntax-400`.
    #[serde(rename = "invalid-syntax-400")]
    InvalidSyntax400 {},

    // RFC profile: media types, unsupported operations, discovery parameters, /Me.
    /// `accept-json`: `Accept: application/json` gets SCIM JSON.
    #[serde(rename = "accept-json")]
    AcceptJson {},
    /// `accept-default`: a request naming no format gets SCIM JSON.
    #[serde(rename = "accept-default")]
    AcceptDefault {},
    /// `json-body-accepted`: a body labelled `application/json` is accepted.
    #[serde(rename = "json-body-accepted")]
    JsonBodyAccepted {},
    /// `method-not-supported`: a method the endpoint does not offer is refused.
    #[serde(rename = "method-not-supported")]
    MethodNotSupported {},
    /// `discovery-params-ignored`: paging/sorting parameters change nothing.
    #[serde(rename = "discovery-params-ignored")]
    DiscoveryParamsIgnored {
        /// The answer without parameters (a captured ListResponse).
        same_as: serde_json::Value,
    },
    /// `discovery-filter-403`.
    #[serde(rename = "discovery-filter-403")]
    DiscoveryFilter403 {},
    /// `unsupported-501`: a feature marked unsupported answers 501.
    #[serde(rename = "unsupported-501")]
    Unsupported501 {},
    /// `me-alias`: /Me answers 501 or aliases the token's resource.
    #[serde(rename = "me-alias")]
    MeAlias {},
    /// `me-location`: an aliased /Me names the resource in Location.
    #[serde(rename = "me-location")]
    MeLocation {},
    /// `version-segment`: `/v2` before the endpoint is served or refused with invalidVers.
    #[serde(rename = "version-segment")]
    VersionSegment {
        /// The schema URN the answer without the segment carries (e.g. the ListResponse).
        schema: String,
    },
    // RFC profile: bulk (the request judged is read from the step's call).
    /// `bulk-response`: 200 with a BulkResponse reporting every processed operation.
    #[serde(rename = "bulk-response")]
    BulkResponse {},
    /// `bulk-id-resolved`: without `values`, on the bulk answer, every operation referencing
    /// another one's bulkId succeeded; with `values`, on a later read, these pointers hold the
    /// real ids.
    #[serde(rename = "bulk-id-resolved")]
    BulkIdResolved {
        /// Pointer → the id a `"bulkId:…"` reference must have become.
        #[serde(default)]
        values: BTreeMap<String, serde_json::Value>,
    },
    /// `bulk-circular`: without `values`, on the bulk answer, the operations of a cycle of
    /// bulkId references all succeeded or were all refused with 409; with `values`, on a later
    /// read, these pointers hold the other resource's real id.
    #[serde(rename = "bulk-circular")]
    BulkCircular {
        /// Pointer → the id a `"bulkId:…"` reference must have become.
        #[serde(default)]
        values: BTreeMap<String, serde_json::Value>,
    },
    /// `bulk-fail-on-errors`: on the bulk answer, the operations with these bulkIds (after the
    /// error limit) were not processed; on a GET filter, no user with these userNames exists.
    #[serde(rename = "bulk-fail-on-errors")]
    BulkFailOnErrors {
        /// bulkIds (on the bulk answer) or userNames (on a GET) of operations after the limit.
        #[serde(default)]
        unprocessed: Vec<String>,
    },
    /// `bulk-limits-413`: over maxOperations → 413 naming the limit.
    #[serde(rename = "bulk-limits-413")]
    BulkLimits413 {
        /// The advertised limit (a template such as `{{spc.bulk.maxOperations}}`).
        limit: serde_json::Value,
    },
    /// `patch-mutability-refused`: a PATCH against mutability answers a 4xx error.
    #[serde(rename = "patch-mutability-refused")]
    PatchMutabilityRefused {},
    // RFC profile: the target's own schemas.
    /// `own-schema`: the resources match the target's own /Schemas and /ResourceTypes.
    #[serde(rename = "own-schema")]
    OwnSchema {
        /// The target's GET /Schemas answer (a captured body).
        schemas: serde_json::Value,
        /// The target's GET /ResourceTypes answer (a captured body).
        resource_types: serde_json::Value,
    },
    /// `immutable`: the immutable attribute of a `schema-probe` capture kept its first value,
    /// or, with `unset`, took the value a PUT gave it where it had none.
    #[serde(rename = "immutable")]
    Immutable {
        /// The capture's `immutable` member (`{{probe.immutable}}`).
        probe: serde_json::Value,
        /// The resource had no value: the write must have applied `second_value`.
        #[serde(default)]
        unset: bool,
    },
    /// `immutable-400`: changing an immutable value answered 400 mutability.
    #[serde(rename = "immutable-400")]
    Immutable400 {},
}
