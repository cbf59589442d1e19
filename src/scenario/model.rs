//! The scenario file format, as serde types. Strict: unknown fields are errors.

use crate::check::CheckSpec;
use crate::http::Method;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One scenario file.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// A one-line title, e.g. "F3: assign a user who is not in the app yet".
    pub title: String,
    /// What the scenario replays and why, in a sentence or two.
    #[serde(default)]
    pub description: Option<String>,
    /// Where the traffic comes from (okta-traffic.md flow and request ids, confidence).
    pub source: String,
    /// Tags for `--tag` selection (`okta`, `users`, `groups`, `slow`, ...).
    #[serde(default)]
    pub tags: Vec<String>,
    /// The Okta feature the scenario exercises (`create-users`, `push-groups`, ...): when the
    /// vendor does not enable it (`--okta-features`, or inferred from discovery) the scenario
    /// is skipped, and its results decide whether that feature is ready.
    #[serde(default)]
    pub feature: Option<crate::feature::OktaFeature>,
    /// Values generated for this run, by name.
    #[serde(default)]
    pub vars: BTreeMap<String, VarSpec>,
    /// The requests, in order.
    pub steps: Vec<StepSpec>,
}

/// A generated value.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum VarSpec {
    /// A person as Okta would send it: `userName`, `givenName`, `familyName`, `displayName`,
    /// `email`, `externalId` (Okta-shaped `00u…`), `password`, all under the run prefix.
    User,
    /// A group: `displayName` under the run prefix.
    Group,
    /// A list of `count` users.
    Users {
        /// How many.
        count: u32,
    },
    /// A literal value.
    Value {
        /// The value.
        value: serde_json::Value,
    },
}

/// One request and its checks.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    /// A short unique name within the scenario (kebab-case), used in reports.
    pub name: String,
    /// What Okta is doing at this step.
    pub title: String,
    /// The request catalogue id (okta-traffic.md §2), e.g. `R2`.
    #[serde(default)]
    pub source: Option<String>,
    /// The Okta feature this step belongs to, when it is not the scenario's (the SPEC test's
    /// steps, a groups probe inside a users flow): skipped when that feature is off.
    #[serde(default)]
    pub feature: Option<crate::feature::OktaFeature>,
    /// Steps that must have passed for this one to mean anything; if one failed, this step is
    /// reported `blocked` with that step as the root cause.
    #[serde(default)]
    pub needs: Vec<String>,
    /// A capability the step exercises, as a template that renders to a boolean, typically a
    /// flag of a captured ServiceProviderConfig (`{{spc.etag.supported}}`). When it renders to
    /// `false` the step is not sent and its checks, and those of steps that `need` it, are
    /// reported `skipped`: an unadvertised optional feature is not a failure. A leading `!`
    /// negates it (`!{{spc.patch.supported}}`): the step probes what a target answers for a
    /// feature it does NOT offer, and is skipped when the target offers it. Terms joined by
    /// `&&` must all hold (`{{spc.bulk.supported}} && {{target.groups.supported}}`).
    #[serde(default)]
    pub requires: Option<String>,
    /// Captures this step reads that the step producing them may legitimately not produce
    /// (e.g. the ids of a bulk request the target was allowed to refuse): when one is absent
    /// the step is reported `skipped`, saying so, instead of `blocked`. The producing step's
    /// own checks judge whether its answer was allowed.
    #[serde(default)]
    pub skip_without: Vec<String>,
    /// The answer may hold users scimgate did not create (Okta's SPEC step 1 reads whoever the
    /// server lists first): its body is judged, then dropped from reports and snapshots, so
    /// other people's data never reaches an output.
    #[serde(default)]
    pub reads_others: bool,
    /// An optional part of the protocol the step exercises (a filter operator, `and`, a value
    /// path). RFC 7644 §3.4.2.2 and Table 9 let a service provider refuse a filter it does not
    /// support with 400 `invalidFilter`: such a refusal skips the step's checks (and those of
    /// the steps that `need` it) and shows in the capability table instead of failing. A wrong
    /// answer still fails.
    #[serde(default)]
    pub capability: Option<CapabilitySpec>,
    /// Run the step once for each element of a list variable, bound to `as`.
    #[serde(default)]
    pub for_each: Option<ForEachSpec>,
    /// Repeat the request page by page, as Okta's import does.
    #[serde(default)]
    pub paginate: Option<PaginateSpec>,
    /// The request as Okta sends it.
    pub request: RequestTemplate,
    /// The checks the response must pass (checks that apply to every response run as well).
    #[serde(default)]
    pub expect: Vec<CheckSpec>,
    /// Values to take from the response for later steps.
    #[serde(default)]
    pub capture: BTreeMap<String, CaptureSpec>,
    /// The object this step creates, recorded for cleanup before the run moves on.
    #[serde(default)]
    pub creates: Option<CreatesSpec>,
    /// The objects a `POST /Bulk` step may create, one per `bulkId`, recorded for cleanup
    /// whatever the answer: each id is taken from the `location` of the result echoing that
    /// `bulkId`, or, when no result says, found by its name.
    #[serde(default)]
    pub bulk_creates: Vec<BulkCreatesSpec>,
    /// Builds a list variable of `count` (+ `plus`) rendered copies of `item` before the request
    /// is rendered (e.g. the operations of a bulk request over `maxOperations`). When the count
    /// exceeds `at_most` the step is skipped, saying so, instead of sending a giant request.
    #[serde(default)]
    pub repeat: Option<RepeatSpec>,
}

/// What a capability step exercises.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapabilitySpec {
    /// Its name in the capability table: `sw`, `and`, `eq on userName`, `value path`.
    pub name: String,
    /// Okta sends it (only `eq` on userName and displayName, and userName matched
    /// case-insensitively): the table says so, and the Okta profile fails a target without it.
    #[serde(default)]
    pub okta: bool,
}

/// A list generated for one step.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RepeatSpec {
    /// How many copies: a template rendering to a non-negative integer, e.g.
    /// `{{spc.bulk.maxOperations}}`.
    pub count: String,
    /// Added to `count` (e.g. 1, to go one past a limit).
    #[serde(default)]
    pub plus: u64,
    /// The most copies scimgate sends; a larger count skips the step.
    pub at_most: u64,
    /// The list variable the request sees (removed after the step).
    pub into: String,
    /// One element; `{{repeat.index}}` is its 1-based position.
    pub item: serde_json::Value,
}

/// Iterate a step over a list variable.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ForEachSpec {
    /// The list variable (or `items`).
    #[serde(default)]
    pub var: String,
    /// The list written out instead of a variable, its templates rendered per element (what
    /// `scimgate record` writes for writes Okta sent at once).
    #[serde(default)]
    pub items: Option<Vec<serde_json::Value>>,
    /// The name each element is bound to.
    #[serde(rename = "as")]
    pub as_name: String,
    /// Send up to this many of the requests at once (default: one after another). Okta
    /// provisions many users concurrently; against a slow target this keeps large setups
    /// short. Results stay in list order.
    #[serde(default)]
    pub parallel: Option<u32>,
    /// Iterate over consecutive slices of the list instead of its elements: each slice holds
    /// this many (the last one the rest). A template rendering to a positive integer, e.g.
    /// `{{okta.membership_chunk}}` (Okta splits a membership push into PATCHes of 100).
    #[serde(default)]
    pub chunk: Option<String>,
}

/// Page through a list the way Okta imports: `startIndex` 1, 1+count, ... while
/// `startIndex + count - 1 < totalResults`. The query template sees `{{page.startIndex}}` and
/// `{{page.count}}`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PaginateSpec {
    /// The page size Okta asks for.
    pub count: u32,
    /// A safety cap on the number of pages.
    #[serde(default = "default_max_pages")]
    pub max_pages: u32,
}

fn default_max_pages() -> u32 {
    200
}

/// A request as written in the scenario; strings may hold `{{templates}}`.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestTemplate {
    /// The method.
    pub method: Method,
    /// The path below the base URL, e.g. `/Users/{{alice_id}}`.
    pub path: String,
    /// The query string exactly as Okta encodes it, e.g.
    /// `filter=userName%20eq%20%22{{alice.userName|url}}%22&startIndex=1&count=100`.
    #[serde(default)]
    pub query: Option<String>,
    /// A filter written plainly (`userName eq "{{alice.userName}}" and title pr`; templates
    /// allowed), sent percent-encoded as `filter=…` ahead of any `query`. For the RFC
    /// profile's many filters; Okta's own requests spell their `query` byte for byte.
    #[serde(default)]
    pub filter: Option<String>,
    /// Extra request headers; one named like a default (User-Agent, Accept, ...) replaces it,
    /// and an empty value removes it.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The JSON body. A string that is exactly one `{{template}}` is replaced by the value
    /// itself (object, array, number), otherwise templates are spliced into the text.
    #[serde(default)]
    pub body: Option<serde_json::Value>,
    /// Okta's read-modify-write: a template rendering to an object (e.g. `{{fetched}}`, a
    /// captured GET body) onto which `body` is deep-merged; `body` wins.
    #[serde(default)]
    pub body_base: Option<String>,
    /// The body as literal text, sent as is (e.g. deliberately broken JSON); excludes `body`.
    #[serde(default)]
    pub raw_body: Option<String>,
    /// How the request authenticates (default: the run's bearer token).
    #[serde(default)]
    pub auth: AuthSpec,
}

/// Request authentication.
#[derive(Clone, Debug, Default, Deserialize, Serialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum AuthSpec {
    /// `Authorization: Bearer <token>`.
    #[default]
    Bearer,
    /// No `Authorization` header.
    None,
    /// This exact `Authorization` value (never the real token).
    Literal(String),
}

/// Where a captured value comes from.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum CaptureSpec {
    /// A JSON Pointer into the response body, e.g. `/id` or `/Resources/0/id`.
    Json(String),
    /// A response header (case-insensitive).
    Header(String),
    /// From a BulkResponse: the id of the resource created by the operation with this `bulkId`
    /// (the last path segment of that result's `location`).
    BulkId(String),
    /// From a GET /Schemas answer, bodies exercising what the target declares for the
    /// resource type at `endpoint`: `sample` (a create fragment setting every writable
    /// extension attribute) and `immutable` (an immutable attribute to change; its
    /// `declared` is false when the target declares none).
    SchemaProbe(SchemaProbeSpec),
}

/// Where [`CaptureSpec::SchemaProbe`] looks.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemaProbeSpec {
    /// The target's GET /ResourceTypes answer, a template (`{{target_types}}`).
    pub resource_types: String,
    /// The endpoint whose resource type is meant, e.g. `/Users`.
    pub endpoint: String,
}

/// The kind of object a step creates.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, JsonSchema, PartialEq, Eq, Hash)]
pub enum ResourceKind {
    /// A `/Users` resource.
    User,
    /// A `/Groups` resource.
    Group,
}

impl ResourceKind {
    /// The endpoint, e.g. `/Users`.
    pub fn endpoint(self) -> &'static str {
        match self {
            ResourceKind::User => "/Users",
            ResourceKind::Group => "/Groups",
        }
    }
}

/// An object created by a step, for the cleanup ledger.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatesSpec {
    /// User or Group.
    pub kind: ResourceKind,
    /// A JSON Pointer to the new id in the response body (default `/id`).
    #[serde(default = "default_id_pointer")]
    pub id: String,
    /// The name it was created with (must carry the run prefix), a template.
    pub name: String,
}

/// An object a bulk operation may create, for the cleanup ledger.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BulkCreatesSpec {
    /// User or Group.
    pub kind: ResourceKind,
    /// The `bulkId` of the POST operation that creates it.
    pub bulk_id: String,
    /// The name it is created with (must carry the run prefix), a template.
    pub name: String,
}

fn default_id_pointer() -> String {
    "/id".to_owned()
}
