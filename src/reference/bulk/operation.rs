//! The pieces of a bulk request that are not the plan: one operation's outcome and how it is
//! rendered in the BulkResponse, and reading an operation (its `bulkId:` references, the
//! resource type and id its path names).

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::BULK_REF;
use crate::reference::error::ScimError;
use crate::reference::fault::Fault;
use crate::reference::filter::get_ci;
use crate::reference::served_type::ServedType;
use crate::reference::server::AppState;

/// One operation's outcome.
pub(super) struct OpResult {
    pub(super) method: String,
    pub(super) bulk_id: Option<String>,
    pub(super) status: StatusCode,
    pub(super) id: Option<String>,
    pub(super) location: Option<String>,
    pub(super) version: Option<String>,
    pub(super) error: Option<Value>,
}

impl OpResult {
    /// The result object of the BulkResponse: `status` is the code as a string (§3.7.3).
    pub(super) fn render(self, state: &AppState) -> Value {
        let mut out = Map::new();
        out.insert("method".into(), Value::from(self.method));
        if let Some(b) = self.bulk_id {
            out.insert("bulkId".into(), Value::from(b));
        }
        // A failed POST has no location (§3.7.3).
        let failed_post = self.error.is_some() && out["method"] == "POST";
        if let Some(l) = self.location.filter(|_| !failed_post) {
            out.insert("location".into(), Value::from(l));
        }
        if let Some(v) = self.version {
            out.insert("version".into(), Value::from(v));
        }
        let code = self.status.as_u16();
        out.insert(
            "status".into(),
            if state.has(Fault::BulkStatusAsNumber) {
                Value::from(code)
            } else {
                Value::from(code.to_string())
            },
        );
        if let Some(e) = self
            .error
            .filter(|_| !state.has(Fault::BulkErrorWithoutResponse))
        {
            out.insert("response".into(), e);
        }
        Value::Object(out)
    }
}

/// A string member of an operation, name compared case-insensitively.
pub(super) fn text<'v>(op: &'v Value, key: &str) -> Option<&'v str> {
    op.as_object()
        .and_then(|m| get_ci(m, key))
        .and_then(Value::as_str)
}

/// The bulkIds an operation references in its path and data.
pub(super) fn references(op: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => {
                if let Some(b) = s.strip_prefix(BULK_REF) {
                    out.push(b.to_owned());
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            Value::Object(m) => m.values().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Some(p) = text(op, "path") {
        out.extend(
            p.split('/')
                .filter_map(|s| s.strip_prefix(BULK_REF).map(str::to_owned)),
        );
    }
    if let Some(data) = op.as_object().and_then(|m| get_ci(m, "data")) {
        walk(data, &mut out);
    }
    out
}

/// `/Users`, `/Groups/{id}` → the resource type and the id, if any.
pub(super) fn route(path: &str) -> Result<(ServedType, Option<&str>), ScimError> {
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let endpoint = parts.next().unwrap_or_default();
    let id = parts
        .next()
        .map(|s| s.trim_end_matches('/'))
        .filter(|s| !s.is_empty());
    let kind = [ServedType::User, ServedType::Group]
        .into_iter()
        .find(|k| k.endpoint().eq_ignore_ascii_case(endpoint))
        .ok_or_else(|| ScimError::new(StatusCode::NOT_FOUND, format!("no endpoint {path}")))?;
    if id.is_some_and(|i| i.contains('/')) {
        return Err(ScimError::new(
            StatusCode::NOT_FOUND,
            format!("no endpoint {path}"),
        ));
    }
    Ok((kind, id))
}

#[cfg(test)]
mod tests {
    use super::super::Plan;
    use super::*;
    use serde_json::json;

    #[test]
    fn references_are_found_in_path_and_nested_data() {
        let op = json!({"method": "PATCH", "path": "/Groups/bulkId:g",
            "data": {"Operations": [{"op": "add", "value": {"members": [{"value": "bulkId:u"}]}}]}});
        assert_eq!(references(&op), vec!["g".to_owned(), "u".to_owned()]);
    }

    #[test]
    fn routes_name_the_type_and_the_id() {
        assert!(matches!(route("/Users"), Ok((ServedType::User, None))));
        assert!(matches!(
            route("/groups/42"),
            Ok((ServedType::Group, Some("42")))
        ));
        assert!(route("/Widgets").is_err() && route("/Users/1/x").is_err());
    }

    #[test]
    fn forward_references_run_after_their_creation_and_cycles_fail() {
        let ops = vec![
            json!({"method": "POST", "path": "/Groups", "bulkId": "g", "data": {"members": [{"value": "bulkId:u"}]}}),
            json!({"method": "POST", "path": "/Users", "bulkId": "u", "data": {}}),
        ];
        let plan = Plan::new(&ops);
        assert_eq!(plan.next(), Some(1));
        let cycle = vec![
            json!({"method": "POST", "path": "/Groups", "bulkId": "a", "data": {"x": "bulkId:b"}}),
            json!({"method": "POST", "path": "/Groups", "bulkId": "b", "data": {"x": "bulkId:a"}}),
        ];
        let plan = Plan::new(&cycle);
        assert_eq!(plan.next(), Some(0));
        assert_eq!(
            plan.resolve("b").map_err(|e| e.status),
            Err(StatusCode::CONFLICT)
        );
    }
}
