//! Okta's Import User Schema (Profile Editor, GA 2026): Okta reads the User resource type's
//! extension URNs from `/ResourceTypes` and the attribute definitions of the core User schema
//! and of each extension from `/Schemas`, and offers each attribute for its app profile.
//!
//! Two checks judge the `/Schemas` answer against the `/ResourceTypes` document read before
//! it: every extension URN the User type lists resolves to a Schema (`schema-import-extensions`),
//! and every attribute Okta would import is well formed (`schema-import-attributes`): a name,
//! an RFC type, a boolean multiValued, an RFC mutability, sub-attributes for a complex one and
//! no two attributes with one name. Characteristics left out are not faults: RFC 7643 §2.2
//! gives them defaults (type string, multiValued false, mutability readWrite).

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, get_ci, json_str};
use crate::http::ReceivedResponse;
use serde_json::Value;

const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const TYPES: &[&str] = &[
    "string",
    "boolean",
    "decimal",
    "integer",
    "dateTime",
    "reference",
    "complex",
    "binary",
];
const MUTABILITY: &[&str] = &["readOnly", "readWrite", "immutable", "writeOnly"];

/// The schema URNs Okta imports: the User type's `schema` and its `schemaExtensions`.
fn user_schemas(resource_types: &Value) -> Vec<String> {
    let list = get_ci(resource_types, "Resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let user = list.iter().find(|t| {
        json_str(t, "schema").is_some_and(|s| s.eq_ignore_ascii_case(USER_URN))
            || json_str(t, "name").is_some_and(|n| n.eq_ignore_ascii_case("User"))
    });
    let mut out = vec![USER_URN.to_owned()];
    if let Some(exts) = user
        .and_then(|u| get_ci(u, "schemaExtensions"))
        .and_then(Value::as_array)
    {
        out.extend(exts.iter().filter_map(|e| json_str(e, "schema")));
    }
    out
}

/// The Schemas of a `/Schemas` answer, or the failure saying why there are none.
fn schema_list(id: CheckId, resp: &ReceivedResponse) -> Result<Vec<Value>, CheckOutcome> {
    let body = super::discovery::body_200(id, resp)?;
    super::discovery::list_items(id, &body)
}

fn find<'a>(schemas: &'a [Value], urn: &str) -> Option<&'a Value> {
    schemas
        .iter()
        .find(|s| json_str(s, "id").is_some_and(|i| i.eq_ignore_ascii_case(urn)))
}

/// `schema-import-extensions`: every URN the User resource type names is served.
pub(crate) fn eval_extensions(resp: &ReceivedResponse, resource_types: &Value) -> CheckOutcome {
    let id = CheckId::SchemaImportExtensions;
    let schemas = match schema_list(id, resp) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let wanted = user_schemas(resource_types);
    let missing: Vec<&String> = wanted
        .iter()
        .filter(|u| find(&schemas, u).is_none())
        .collect();
    if let Some(first) = missing.first() {
        let served: Vec<String> = schemas.iter().filter_map(|s| json_str(s, "id")).collect();
        return CheckOutcome::fail(
            id,
            if first.as_str() == USER_URN {
                "/Schemas does not serve the core User schema Okta imports".to_owned()
            } else {
                format!(
                    "the User resource type lists the extension {first}, but /Schemas does not serve it{}",
                    if missing.len() > 1 {
                        format!(" (nor {} more)", missing.len() - 1)
                    } else {
                        String::new()
                    }
                )
            },
            format!("/Schemas serves {}", wanted.join(", ")),
            format!("/Schemas serves {}", served.join(", ")),
        );
    }
    CheckOutcome::pass(
        id,
        format!("the {} schema(s) of the User type resolve", wanted.len()),
    )
}

/// What is wrong with one attribute definition (and its sub-attributes), by path.
fn attribute_fault(a: &Value, at: &str) -> Option<(String, String)> {
    let Some(name) = json_str(a, "name").filter(|n| !n.trim().is_empty()) else {
        return Some((at.to_owned(), "has no name".to_owned()));
    };
    let here = format!("{at}{name}");
    if let Some(t) = get_ci(a, "type").filter(|t| !t.is_null()) {
        match t.as_str() {
            Some(s) if TYPES.contains(&s) => {}
            _ => {
                return Some((
                    here,
                    format!(
                        "has type {t}, not one of RFC 7643 §2.3's ({})",
                        TYPES.join(", ")
                    ),
                ));
            }
        }
    }
    if let Some(m) = get_ci(a, "multiValued").filter(|m| !m.is_null() && !m.is_boolean()) {
        return Some((here, format!("has multiValued {m}, not a boolean")));
    }
    if let Some(m) = get_ci(a, "mutability").filter(|m| !m.is_null()) {
        match m.as_str() {
            Some(s) if MUTABILITY.contains(&s) => {}
            _ => {
                return Some((
                    here,
                    format!("has mutability {m}, not one of {}", MUTABILITY.join(", ")),
                ));
            }
        }
    }
    let subs = get_ci(a, "subAttributes").and_then(Value::as_array);
    if json_str(a, "type").as_deref() == Some("complex") && subs.is_none_or(|s| s.is_empty()) {
        return Some((here, "is complex but defines no subAttributes".to_owned()));
    }
    if let Some(subs) = subs {
        if let Some(dup) = duplicate_name(subs) {
            return Some((here, format!("defines the sub-attribute {dup} twice")));
        }
        for s in subs {
            if let Some(f) = attribute_fault(s, &format!("{here}.")) {
                return Some(f);
            }
        }
    }
    None
}

fn duplicate_name(attrs: &[Value]) -> Option<String> {
    let mut seen = std::collections::BTreeSet::new();
    attrs
        .iter()
        .filter_map(|a| json_str(a, "name"))
        .find(|n| !seen.insert(n.to_ascii_lowercase()))
}

/// `schema-import-attributes`: every attribute of the schemas Okta imports is well formed.
pub(crate) fn eval_attributes(resp: &ReceivedResponse, resource_types: &Value) -> CheckOutcome {
    let id = CheckId::SchemaImportAttributes;
    let schemas = match schema_list(id, resp) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let mut count = 0;
    for urn in user_schemas(resource_types) {
        // A schema that is not served is schema-import-extensions' failure.
        let Some(schema) = find(&schemas, &urn) else {
            continue;
        };
        let Some(attrs) = get_ci(schema, "attributes").and_then(Value::as_array) else {
            return CheckOutcome::fail(
                id,
                format!("the schema {urn} has no attributes list"),
                "attributes: [ {name, type, multiValued, mutability, …} ]",
                excerpt(&schema.to_string()),
            );
        };
        if let Some(dup) = duplicate_name(attrs) {
            return CheckOutcome::fail(
                id,
                format!("the schema {urn} defines the attribute {dup} twice"),
                "each attribute name once per schema",
                format!("{dup} appears twice"),
            );
        }
        for a in attrs {
            count += 1;
            if let Some((at, what)) = attribute_fault(a, "") {
                return CheckOutcome::fail(
                    id,
                    format!("{urn}:{at} {what}; Okta's import cannot map it"),
                    "name, an RFC type, a boolean multiValued, an RFC mutability; sub-attributes for a complex attribute",
                    excerpt(&a.to_string()),
                );
            }
        }
    }
    CheckOutcome::pass(
        id,
        format!("{count} attribute(s) Okta would import are well formed"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn attribute_faults_name_the_path_and_defaults_are_not_faults() {
        assert_eq!(attribute_fault(&json!({"name": "title"}), ""), None);
        let (at, what) = attribute_fault(&json!({"name": "title", "type": "text"}), "").unwrap();
        assert_eq!(at, "title");
        assert!(what.contains("\"text\""));
        let nested = json!({"name": "name", "type": "complex", "subAttributes": [
            {"name": "givenName", "type": "string"},
            {"name": "familyName", "mutability": "readwrite"}
        ]});
        let (at, what) = attribute_fault(&nested, "").unwrap();
        assert_eq!(at, "name.familyName");
        assert!(what.contains("mutability"));
        assert!(
            attribute_fault(&json!({"name": "x", "type": "complex"}), "")
                .unwrap()
                .1
                .contains("subAttributes")
        );
    }

    #[test]
    fn the_user_type_names_its_extensions() {
        let rt = json!({"Resources": [
            {"name": "Group", "schema": "urn:ietf:params:scim:schemas:core:2.0:Group"},
            {"name": "User", "schema": USER_URN, "schemaExtensions": [
                {"schema": "urn:example:ext", "required": false}
            ]}
        ]});
        assert_eq!(
            user_schemas(&rt),
            vec![USER_URN.to_owned(), "urn:example:ext".to_owned()]
        );
        assert_eq!(user_schemas(&json!({})), vec![USER_URN.to_owned()]);
    }
}
