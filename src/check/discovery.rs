//! Discovery checks (RFC 7644 §4; RFC 7643 §5–§7; rfc-checklist.md §M): the
//! ServiceProviderConfig, the ResourceTypes and the Schemas are well-formed, validated against
//! the JSON Schemas in `schemas/scim/`. Whether the advertised capabilities are honest is
//! judged elsewhere: the steps exercising a feature carry `requires: "{{spc.<feature>.supported}}"`
//! and are skipped when it is not advertised.

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, get_ci, json_str};
use crate::http::ReceivedResponse;
use crate::schema::{SchemaSet, SchemaViolation, ScimSchema};
use serde_json::Value;

const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const API_PREFIX: &str = "urn:ietf:params:scim:api:";

/// 200 with a JSON body, or the failure saying why not.
pub(super) fn body_200(id: CheckId, resp: &ReceivedResponse) -> Result<Value, CheckOutcome> {
    if resp.status != 200 {
        return Err(CheckOutcome::fail(
            id,
            format!("answered {} instead of 200", resp.status),
            "200",
            format!("{} {}", resp.status, excerpt(&resp.text())),
        ));
    }
    resp.json()
        .map_err(|e| CheckOutcome::fail(id, "the body is not JSON", "a JSON object", e))
}

fn violations(id: CheckId, what: &str, v: &[SchemaViolation]) -> Option<CheckOutcome> {
    let first = v.first()?;
    let at = if first.instance_path.is_empty() {
        "(root)"
    } else {
        first.instance_path.as_str()
    };
    Some(CheckOutcome::fail(
        id,
        format!("{what} breaks its schema at {at}: {}", first.message),
        format!("a valid {what}"),
        format!("{} violation(s), first at {at}: {}", v.len(), first.message),
    ))
}

/// The items of a ListResponse (or an error when the body is not one).
pub(super) fn list_items(id: CheckId, v: &Value) -> Result<Vec<Value>, CheckOutcome> {
    match get_ci(v, "Resources").and_then(Value::as_array) {
        Some(a) if !a.is_empty() => Ok(a.clone()),
        _ => Err(CheckOutcome::fail(
            id,
            "the answer is not a ListResponse with Resources",
            "a ListResponse whose Resources hold the entries",
            excerpt(&v.to_string()),
        )),
    }
}

/// `spc-valid`: one ServiceProviderConfig object (M1, M2).
pub(crate) fn eval_spc(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::SpcValid;
    let v = match body_200(id, resp) {
        Ok(v) => v,
        Err(o) => return o,
    };
    let found = SchemaSet::global().validate(ScimSchema::ServiceProviderConfig, &v);
    violations(id, "ServiceProviderConfig", &found)
        .unwrap_or_else(|| CheckOutcome::pass(id, "a valid ServiceProviderConfig"))
}

/// `resource-types-valid`: a ListResponse of ResourceTypes, User at /Users among them (M5).
pub(crate) fn eval_resource_types(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::ResourceTypesValid;
    let items = match body_200(id, resp).and_then(|v| list_items(id, &v)) {
        Ok(i) => i,
        Err(o) => return o,
    };
    for (i, item) in items.iter().enumerate() {
        let found = SchemaSet::global().validate(ScimSchema::ResourceType, item);
        if let Some(o) = violations(id, &format!("ResourceType {i}"), &found) {
            return o;
        }
    }
    let user = items.iter().any(|t| {
        json_str(t, "endpoint").is_some_and(|e| e.trim_end_matches('/').ends_with("/Users"))
            && json_str(t, "schema").is_some_and(|s| s.eq_ignore_ascii_case(USER_URN))
    });
    if !user {
        return CheckOutcome::fail(
            id,
            "no ResourceType serves the core User schema at /Users",
            format!("a ResourceType with endpoint /Users and schema {USER_URN}"),
            format!("{} type(s)", items.len()),
        );
    }
    CheckOutcome::pass(id, format!("{} valid ResourceType(s)", items.len()))
}

/// `schemas-valid`: a ListResponse of Schemas with the User schema and no message URNs (M4,
/// M6, A12).
pub(crate) fn eval_schemas(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::SchemasValid;
    let items = match body_200(id, resp).and_then(|v| list_items(id, &v)) {
        Ok(i) => i,
        Err(o) => return o,
    };
    for (i, item) in items.iter().enumerate() {
        let found = SchemaSet::global().validate(ScimSchema::Schema, item);
        if let Some(o) = violations(id, &format!("Schema {i}"), &found) {
            return o;
        }
    }
    let ids: Vec<String> = items.iter().filter_map(|s| json_str(s, "id")).collect();
    if let Some(api) = ids
        .iter()
        .find(|s| s.to_ascii_lowercase().starts_with(API_PREFIX))
    {
        return CheckOutcome::fail(
            id,
            format!("/Schemas lists the message schema {api}"),
            "no urn:ietf:params:scim:api: URN (RFC 7644 §3.1)",
            api.clone(),
        );
    }
    if !ids.iter().any(|s| s.eq_ignore_ascii_case(USER_URN)) {
        return CheckOutcome::fail(
            id,
            "/Schemas does not list the core User schema",
            USER_URN,
            ids.join(", "),
        );
    }
    CheckOutcome::pass(id, format!("{} valid Schema(s)", items.len()))
}

/// `schema-by-id`: one Schema, the one asked for (M4).
pub(crate) fn eval_schema_by_id(resp: &ReceivedResponse, want: &str) -> CheckOutcome {
    let id = CheckId::SchemaById;
    let v = match body_200(id, resp) {
        Ok(v) => v,
        Err(o) => return o,
    };
    let found = SchemaSet::global().validate(ScimSchema::Schema, &v);
    if let Some(o) = violations(id, "Schema", &found) {
        return o;
    }
    match json_str(&v, "id") {
        Some(got) if got.eq_ignore_ascii_case(want) => {
            CheckOutcome::pass(id, format!("the Schema {got}"))
        }
        got => CheckOutcome::fail(
            id,
            "the answer is another schema",
            want.to_owned(),
            got.unwrap_or_else(|| "(no id)".to_owned()),
        ),
    }
}
