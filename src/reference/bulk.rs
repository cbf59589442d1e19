//! `POST /Bulk` (RFC 7644 §3.7): many resource operations in one request.
//!
//! Each operation runs through the same code as its single request (the `*_core` functions of
//! the resource handlers), so a bulk create validates, stores and renders exactly as `POST
//! /Users` does. `"bulkId:<id>"` values anywhere in an operation's `data` or `path` are
//! replaced by the id of the resource the POST with that `bulkId` created (§3.7.2). The
//! operations run in request order, except that a POST runs before the operations that
//! reference it (a forward reference, §3.7: the client's intent is kept); a circular reference
//! fails the operation found in the cycle with 409, as §3.7.1 allows. Results are reported in
//! request order. Processing stops once `failOnErrors` operations have failed (§3.7.3).
//!
//! ```json
//! {"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
//!  "Operations": [{"method": "POST", "bulkId": "ann", "status": "201",
//!                  "location": "http://…/scim/v2/Users/6c5b…", "version": "W/\"1\""}]}
//! ```

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Map, Value, json};

use super::error::{ScimError, ScimType, scim_response};
use super::fault::Fault;
use super::filter::get_ci;
use super::handlers::{create_core, delete_core, patch_core, replace_core};
use super::middleware::{Written, json_body};
use super::served_type::ServedType;
use super::server::AppState;

mod operation;
use operation::{OpResult, references, route, text};

/// URN of a bulk response.
pub(crate) const BULK_RESPONSE_URN: &str = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
/// The most operations one bulk request may carry (`bulk.maxOperations`).
pub(crate) const MAX_OPERATIONS: usize = 100;
/// The prefix of a reference to another operation's new resource.
const BULK_REF: &str = "bulkId:";

/// `POST /Bulk`.
pub(crate) async fn bulk(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimError> {
    if body.len() > state.body_limit() && !state.has(Fault::BulkLimitIgnored) {
        return Err(ScimError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the bulk request has {} bytes, more than maxPayloadSize ({})",
                body.len(),
                state.body_limit()
            ),
        ));
    }
    let request = json_body(&headers, &body)?;
    let map = request.as_object().cloned().unwrap_or_default();
    let Some(Value::Array(ops)) = get_ci(&map, "Operations") else {
        return Err(ScimError::bad(
            ScimType::InvalidSyntax,
            "a BulkRequest needs an Operations array",
        ));
    };
    if ops.len() > MAX_OPERATIONS && !state.has(Fault::BulkLimitIgnored) {
        return Err(ScimError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "the bulk request has {} operations, more than maxOperations ({MAX_OPERATIONS})",
                ops.len()
            ),
        ));
    }
    let fail_on_errors = match get_ci(&map, "failOnErrors") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_u64().filter(|n| *n > 0).ok_or_else(|| {
            ScimError::bad(
                ScimType::InvalidValue,
                "failOnErrors must be a positive integer",
            )
        })?),
    };
    let results = Plan::new(ops).run(&state, fail_on_errors);
    Ok(scim_response(
        StatusCode::OK,
        &json!({"schemas": [BULK_RESPONSE_URN], "Operations": results}),
    ))
}

/// The operations of one request and what is known about them while they run.
struct Plan<'a> {
    ops: &'a [Value],
    /// bulkId → the index of the POST that declares it (the first one).
    creations: HashMap<String, usize>,
    /// bulkId → the id of the resource that POST created.
    created: HashMap<String, String>,
    results: Vec<Option<Value>>,
    /// What a reference into a cycle answers: 409 (500 under `bulk-circular-500`).
    circular: StatusCode,
}

impl<'a> Plan<'a> {
    fn new(ops: &'a [Value]) -> Self {
        let mut creations = HashMap::new();
        for (i, op) in ops.iter().enumerate() {
            if text(op, "method").is_some_and(|m| m.eq_ignore_ascii_case("POST"))
                && let Some(b) = text(op, "bulkId")
            {
                creations.entry(b.to_owned()).or_insert(i);
            }
        }
        Self {
            ops,
            creations,
            created: HashMap::new(),
            results: vec![None; ops.len()],
            circular: StatusCode::CONFLICT,
        }
    }

    /// Runs the operations until all ran or `fail_on_errors` of them failed.
    fn run(mut self, state: &AppState, fail_on_errors: Option<u64>) -> Vec<Value> {
        if state.has(Fault::BulkCircular500) {
            self.circular = StatusCode::INTERNAL_SERVER_ERROR;
        }
        let mut errors = 0u64;
        while let Some(i) = self.next() {
            let result = self.run_one(state, i);
            if result.status.is_client_error() || result.status.is_server_error() {
                errors += 1;
            } else if let (Some(b), Some(id)) = (text(&self.ops[i], "bulkId"), &result.id)
                && self.creations.get(b) == Some(&i)
            {
                self.created.insert(b.to_owned(), id.clone());
            }
            self.results[i] = Some(result.render(state));
            let limit = fail_on_errors.filter(|_| !state.has(Fault::FailOnErrorsIgnored));
            if limit.is_some_and(|n| errors >= n) {
                break;
            }
        }
        self.results.into_iter().flatten().collect()
    }

    /// The first operation not run yet whose referenced creations have all run; when only a
    /// cycle is left, its first operation (whose reference then fails with 409).
    fn next(&self) -> Option<usize> {
        let pending = || (0..self.ops.len()).filter(|i| self.results[*i].is_none());
        pending()
            .find(|&i| {
                references(&self.ops[i]).iter().all(|b| {
                    self.creations
                        .get(b)
                        .is_none_or(|&c| c == i || self.results[c].is_some())
                })
            })
            .or_else(|| pending().next())
    }

    /// The id a `bulkId:` reference stands for, or why it has none.
    fn resolve(&self, bulk_id: &str) -> Result<String, ScimError> {
        if let Some(id) = self.created.get(bulk_id) {
            return Ok(id.clone());
        }
        let detail = match self.creations.get(bulk_id) {
            Some(&c) if self.results[c].is_none() => {
                let detail = format!("bulkId:{bulk_id} is part of a circular reference");
                return Err(ScimError::new(self.circular, detail));
            }
            Some(_) => format!("the operation with bulkId {bulk_id} failed; nothing to reference"),
            None => format!("no POST in this request has bulkId {bulk_id}"),
        };
        Err(ScimError::new(StatusCode::CONFLICT, detail))
    }

    fn run_one(&self, state: &AppState, i: usize) -> OpResult {
        let op = &self.ops[i];
        let method = text(op, "method").unwrap_or_default().to_ascii_uppercase();
        let mut result = OpResult {
            method: method.clone(),
            bulk_id: text(op, "bulkId").map(str::to_owned),
            status: StatusCode::OK,
            id: None,
            location: None,
            version: None,
            error: None,
        };
        let path = text(op, "path").unwrap_or_default().to_owned();
        if method != "POST" && !path.is_empty() {
            result.location = Some(format!("{}{}", state.base_url(), path));
        }
        match self.execute(state, i, &method, &path) {
            Ok((kind, w)) => {
                result.status = w.status;
                result.location = Some(state.render_cx().location(kind, &w.id));
                result.version = w.etag;
                result.id = Some(w.id);
            }
            Err(e) => {
                result.status = e.status;
                result.error = Some(e.body());
            }
        }
        result
    }

    fn execute(
        &self,
        state: &AppState,
        i: usize,
        method: &str,
        path: &str,
    ) -> Result<(ServedType, Written), ScimError> {
        let op = &self.ops[i];
        let bad = |detail: &str| ScimError::bad(ScimType::InvalidSyntax, detail);
        if path.is_empty() {
            return Err(bad("every operation needs a path"));
        }
        let version = text(op, "version");
        let data = get_ci(op.as_object().unwrap_or(&Map::new()), "data").cloned();
        let needs_data = matches!(method, "POST" | "PUT" | "PATCH");
        if needs_data && data.is_none() {
            return Err(bad("POST, PUT and PATCH operations need data"));
        }
        if method == "POST" {
            let Some(b) = text(op, "bulkId") else {
                return Err(bad("a POST operation needs a bulkId"));
            };
            if self.creations.get(b) != Some(&i) {
                return Err(ScimError::bad(
                    ScimType::InvalidValue,
                    format!("the bulkId {b} is used by an earlier POST of this request"),
                ));
            }
        }
        let resolving = !state.has(Fault::BulkIdsNotResolved);
        let path = if resolving {
            path.split('/')
                .map(|seg| match seg.strip_prefix(BULK_REF) {
                    Some(b) => self.resolve(b),
                    None => Ok(seg.to_owned()),
                })
                .collect::<Result<Vec<_>, _>>()?
                .join("/")
        } else {
            path.to_owned()
        };
        let data = match data {
            Some(d) if resolving => Some(self.replace_refs(d)?),
            other => other,
        };
        let data = data.unwrap_or(Value::Null);
        let (kind, id) = route(&path)?;
        if kind == ServedType::Group && state.has(Fault::NoGroups) {
            return Err(ScimError::new(
                StatusCode::NOT_FOUND,
                format!("no endpoint {path}"),
            ));
        }
        let written = match (method, id) {
            ("POST", None) => create_core(state, kind, &data),
            ("PUT", Some(id)) => replace_core(state, kind, id, &data, version),
            ("PATCH", Some(id)) => patch_core(state, kind, id, &data, version),
            ("DELETE", Some(id)) => delete_core(state, kind, id, version),
            ("POST" | "PUT" | "PATCH" | "DELETE", _) => Err(ScimError::bad(
                ScimType::InvalidPath,
                format!("{method} cannot address {path}"),
            )),
            _ => Err(bad("method must be POST, PUT, PATCH or DELETE")),
        }?;
        Ok((kind, written))
    }

    /// `data` with every `"bulkId:<id>"` string replaced by the created resource's id.
    fn replace_refs(&self, value: Value) -> Result<Value, ScimError> {
        Ok(match value {
            Value::String(s) => match s.strip_prefix(BULK_REF) {
                Some(b) => Value::String(self.resolve(b)?),
                None => Value::String(s),
            },
            Value::Array(a) => Value::Array(
                a.into_iter()
                    .map(|v| self.replace_refs(v))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(m) => {
                let mut out = Map::new();
                for (k, v) in m {
                    out.insert(k, self.replace_refs(v)?);
                }
                Value::Object(out)
            }
            other => other,
        })
    }
}
