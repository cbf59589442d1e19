//! The check catalogue: every check scimgate can run, with a stable id, a title, the rule it
//! enforces (RFC section or Okta fact), a severity and a one-line hint for the fix.
//!
//! `scimgate explain <id>` prints an entry; `scimgate list checks` prints them all.

use serde::{Deserialize, Serialize};

/// How much a failed check matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// An RFC MUST / SHALL (or behaviour the RFC states as the protocol): non-conformance.
    Must,
    /// RFC-legal behaviour that breaks Okta's provisioning.
    Okta,
    /// An RFC SHOULD: reported, but the run still passes.
    Should,
}

impl Severity {
    /// The label used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Must => "must",
            Severity::Okta => "okta",
            Severity::Should => "should",
        }
    }

    /// True when a failure of this severity makes the run non-conformant (exit 1).
    pub fn fails_run(self) -> bool {
        matches!(self, Severity::Must | Severity::Okta)
    }
}

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $sev:ident, $rule:literal, $title:literal, $hint:literal; )+) => {
        /// Every check, by stable id.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum CheckId {
            $( $(#[$doc])* #[serde(rename = $id)] $variant, )+
        }

        impl CheckId {
            /// Every check, in catalogue order.
            pub const ALL: &'static [CheckId] = &[ $( CheckId::$variant, )+ ];

            /// The stable id, e.g. `create-201`.
            pub fn as_str(self) -> &'static str {
                match self { $( CheckId::$variant => $id, )+ }
            }

            /// The severity of a failure.
            pub fn severity(self) -> Severity {
                match self { $( CheckId::$variant => Severity::$sev, )+ }
            }

            /// The rule it enforces: an RFC section or an Okta fact.
            pub fn rule(self) -> &'static str {
                match self { $( CheckId::$variant => $rule, )+ }
            }

            /// What it checks, in one line.
            pub fn title(self) -> &'static str {
                match self { $( CheckId::$variant => $title, )+ }
            }

            /// How to fix a failure, in one line.
            pub fn hint(self) -> &'static str {
                match self { $( CheckId::$variant => $hint, )+ }
            }

            /// True for status checks that expect a 2xx answer: failing them with another 2xx
            /// (200 instead of 201, 200 instead of 204) means the effect happened, so it is
            /// reported but blocks nothing.
            pub fn expects_success(self) -> bool {
                matches!(
                    self,
                    CheckId::Create201
                        | CheckId::Get200
                        | CheckId::Replace200
                        | CheckId::Patch200Or204
                        | CheckId::Delete204
                        | CheckId::DeactivateKeepsUser
                )
            }

            /// Looks a check up by id.
            pub fn from_id(id: &str) -> Option<CheckId> {
                Self::ALL.iter().copied().find(|c| c.as_str() == id)
            }
        }
    };
}

catalogue! {
    // Checks every response gets.
    /// A body that should be JSON parses as JSON.
    JsonBody = "json-body", Must, "RFC 7644 §3.1, §3.12",
        "A response body that should carry JSON is valid JSON",
        "Serialize every SCIM response body, errors included, as JSON (no HTML error pages, no truncated bodies).";
    /// Responses use the SCIM media type.
    MediaType = "media-type", Should, "RFC 7644 §3.1, §8.1",
        "JSON responses are served as application/scim+json",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for c in CheckId::ALL {
            assert!(seen.insert(c.as_str()), "duplicate id {}", c.as_str());
            assert!(
                c.as_str()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            );
            assert_eq!(CheckId::from_id(c.as_str()), Some(*c));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn every_entry_names_a_rule_and_a_hint() {
        for c in CheckId::ALL {
            assert!(
                c.rule().contains("RFC")
                    || c.rule().contains("Okta")
                    || c.rule().contains("Vendor"),
                "{}",
                c.as_str()
            );
            assert!(!c.hint().is_empty() && !c.title().is_empty());
        }
    }
}
