//! Checks as written in a scenario's `expect` list: `check: <id>` plus parameters, which may
//! hold `{{templates}}`. Checks that apply to every response (json-body, media-type,
//! resource-schema, password-never-returned, error-body) are not written; they always run.

use super::catalogue::CheckId;
use crate::scenario::ResourceKind;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
}

impl CheckSpec {
    /// The catalogue entry.
    pub fn id(&self) -> CheckId {
        match self {
            CheckSpec::Create201 {} => CheckId::Create201,
            CheckSpec::CreateReturnsResource {} => CheckId::CreateReturnsResource,
            CheckSpec::CreateLocation {} => CheckId::CreateLocation,
            CheckSpec::Meta { .. } => CheckId::Meta,
            CheckSpec::Duplicate409 {} => CheckId::Duplicate409,
            CheckSpec::Echo { .. } => CheckId::Echo,
            CheckSpec::Get200 {} => CheckId::Get200,
            CheckSpec::ReadBack { .. } => CheckId::ReadBack,
            CheckSpec::DeactivateKeepsUser {} => CheckId::DeactivateKeepsUser,
            CheckSpec::UnknownId404 {} => CheckId::UnknownId404,
            CheckSpec::Deleted404 {} => CheckId::Deleted404,
            CheckSpec::ListResponse {} => CheckId::ListResponse,
            CheckSpec::FilterNoMatch {} => CheckId::FilterNoMatch,
            CheckSpec::FilterMatch { .. } => CheckId::FilterMatch,
            CheckSpec::FilterCaseInsensitive { .. } => CheckId::FilterCaseInsensitive,
            CheckSpec::PagingComplete { .. } => CheckId::PagingComplete,
            CheckSpec::PagingCount {} => CheckId::PagingCount,
            CheckSpec::PagingTotal {} => CheckId::PagingTotal,
            CheckSpec::Replace200 {} => CheckId::Replace200,
            CheckSpec::Patch200Or204 {} => CheckId::Patch200Or204,
            CheckSpec::Members { .. } => CheckId::Members,
            CheckSpec::Delete204 {} => CheckId::Delete204,
            CheckSpec::BadToken401 {} => CheckId::BadToken401,
            CheckSpec::WwwAuthenticate {} => CheckId::WwwAuthenticate,
            CheckSpec::ErrorDetail {} => CheckId::ErrorDetail,
            CheckSpec::ResponseTime { .. } => CheckId::ResponseTime,
        }
    }

    /// Gate checks judge the status of the answer; when one fails, the step's other checks
    /// are reported `blocked` by it instead of failing in a cascade.
    pub fn is_gate(&self) -> bool {
        matches!(
            self,
            CheckSpec::Create201 {}
                | CheckSpec::CreateReturnsResource {}
                | CheckSpec::Duplicate409 {}
                | CheckSpec::Get200 {}
                | CheckSpec::DeactivateKeepsUser {}
                | CheckSpec::UnknownId404 {}
                | CheckSpec::Deleted404 {}
                | CheckSpec::ListResponse {}
                | CheckSpec::FilterNoMatch {}
                | CheckSpec::Replace200 {}
                | CheckSpec::Patch200Or204 {}
                | CheckSpec::Delete204 {}
                | CheckSpec::BadToken401 {}
        )
    }

    /// Static validation at load time.
    pub fn validate(&self) -> Result<(), String> {
        match self {
            CheckSpec::Echo { values } | CheckSpec::ReadBack { values } => {
                if values.is_empty() {
                    return Err("values: name at least one JSON Pointer".to_owned());
                }
                for k in values.keys() {
                    if !k.starts_with('/') {
                        return Err(format!(
                            "values: `{k}` is not a JSON Pointer (start with `/`)"
                        ));
                    }
                }
                Ok(())
            }
            CheckSpec::Members {
                includes,
                excludes,
                exactly,
            } => {
                if includes.is_empty() && excludes.is_empty() && exactly.is_none() {
                    return Err("members: give includes, excludes or exactly".to_owned());
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}
