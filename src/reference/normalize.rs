//! Turns a client's JSON into the stored form of a resource.
//!
//! RFC 7643 makes attribute names case-insensitive, read-only attributes
//! ignorable (RFC 7644 §3.5.1: "readOnly values ... SHALL be ignored") and lets
//! the server interpret values (RFC 7644 §3.1). This module applies those rules
//! in one place, for POST, PUT and the result of every PATCH:
//!
//! - keys are rewritten to their canonical spelling, unknown attributes dropped;
//! - `id`, `meta`, `schemas`, `User.groups` and other readOnly values are dropped;
//! - `"True"`/`"False"` strings become booleans (Microsoft Entra sends them);
//! - a single value for a multi-valued attribute becomes a one-element list,
//!   and a bare string for a complex attribute becomes `{"value": …}` (a list of one
//!   for a single-valued one, Entra's manager, becomes its element);
//! - `null`, `""`, `[]` and `{}` mean "unassigned" (RFC 7643 §2.5) and are removed;
//! - the required `userName`/`displayName` must be a non-empty string;
//! - against the store: `userName` is unique (case-insensitively) and every
//!   group member is an existing User or Group id (its `type` and a missing
//!   `display` are filled in).

use std::collections::HashSet;

use axum::http::StatusCode;
use serde_json::{Map, Value};

use super::error::{ScimError, ScimType};
use super::fault::{Fault, FaultSet};
use super::schema::{self, Attr, Mutability, Ty};
use super::served_type::ServedType;
use super::store::Store;

/// Normalises a whole resource body; the result holds only writable attributes.
pub(crate) fn normalize(
    kind: ServedType,
    input: &Map<String, Value>,
) -> Result<Map<String, Value>, ScimError> {
    let mut out = Map::new();
    for (key, value) in input {
        if let Some(ext) = kind.extension(key).and_then(|i| kind.extensions().get(i)) {
            if let Some(v) = normalize_object(ext.attrs, value, key)? {
                out.insert(ext.urn.to_owned(), v);
            }
            continue;
        }
        let Some(attr) = kind.top_attr(key) else {
            continue;
        };
        if attr.mutability == Mutability::ReadOnly {
            continue;
        }
        if let Some(v) = normalize_value(attr, value)? {
            out.insert(attr.name.to_owned(), v);
        }
    }
    let required = kind.required_attr();
    match out.get(required) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(out),
        _ => Err(ScimError::bad(
            ScimType::InvalidValue,
            format!("{required} is required and must be a non-empty string"),
        )),
    }
}

/// Normalises one attribute value; `None` means unassigned.
pub(crate) fn normalize_value(
    attr: &'static Attr,
    value: &Value,
) -> Result<Option<Value>, ScimError> {
    if attr.multi {
        let items: Vec<&Value> = match value {
            Value::Null => return Ok(None),
            Value::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        let mut out = Vec::with_capacity(items.len());
        let mut seen = HashSet::with_capacity(items.len());
        for item in items {
            // Exact duplicates are dropped; a hash set keeps this linear.
            if let Some(v) = normalize_single(attr, item)?
                && seen.insert(v.to_string())
            {
                out.push(v);
            }
        }
        keep_one_primary(&mut out);
        return Ok((!out.is_empty()).then_some(Value::Array(out)));
    }
    normalize_single(attr, value)
}

fn normalize_single(attr: &'static Attr, value: &Value) -> Result<Option<Value>, ScimError> {
    match attr.ty {
        Ty::Complex => match value {
            // Entra sends a single-valued reference as a list of one:
            // `"manager": [{"$ref": null, "value": "…"}]`.
            Value::Array(items) if !attr.multi && items.len() == 1 => {
                normalize_single(attr, &items[0])
            }
            Value::String(s) if attr.sub_attr("value").is_some() => {
                let mut map = Map::new();
                map.insert("value".into(), Value::String(s.clone()));
                Ok(Some(Value::Object(map)))
            }
            other => normalize_object(attr.sub, other, attr.name),
        },
        Ty::Integer => match value {
            Value::Null => Ok(None),
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(Some(value.clone())),
            Value::String(s) if s.trim().parse::<i64>().is_ok() => {
                Ok(s.trim().parse::<i64>().ok().map(Value::from))
            }
            _ => Err(type_error(attr, "an integer")),
        },
        Ty::Boolean => match value {
            Value::Null => Ok(None),
            Value::Bool(b) => Ok(Some(Value::Bool(*b))),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Some(Value::Bool(true))),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Some(Value::Bool(false))),
            _ => Err(type_error(attr, "a boolean")),
        },
        Ty::String | Ty::DateTime | Ty::Reference => match value {
            Value::Null => Ok(None),
            Value::String(s) if s.is_empty() => Ok(None),
            Value::String(s) => Ok(Some(Value::String(s.clone()))),
            _ => Err(type_error(attr, "a string")),
        },
    }
}

/// Normalises a complex value against its sub-attribute definitions.
fn normalize_object(
    subs: &'static [Attr],
    value: &Value,
    name: &str,
) -> Result<Option<Value>, ScimError> {
    let map = match value {
        Value::Null => return Ok(None),
        Value::Object(map) => map,
        _ => {
            return Err(ScimError::bad(
                ScimType::InvalidValue,
                format!("{name} must be a JSON object"),
            ));
        }
    };
    let mut out = Map::new();
    for (key, v) in map {
        let Some(sub) = schema::find(subs, key) else {
            continue;
        };
        if sub.mutability == Mutability::ReadOnly {
            continue;
        }
        if let Some(v) = normalize_value(sub, v)? {
            out.insert(sub.name.to_owned(), v);
        }
    }
    Ok((!out.is_empty()).then_some(Value::Object(out)))
}

/// RFC 7643 §2.4: at most one value is primary; the last one set wins.
fn keep_one_primary(items: &mut [Value]) {
    let last = items
        .iter()
        .rposition(|v| v.get("primary") == Some(&Value::Bool(true)));
    if let Some(last) = last {
        for (i, item) in items.iter_mut().enumerate() {
            if i != last
                && let Some(map) = item.as_object_mut()
                && map.get("primary") == Some(&Value::Bool(true))
            {
                map.insert("primary".into(), Value::Bool(false));
            }
        }
    }
}

fn type_error(attr: &Attr, expected: &str) -> ScimError {
    ScimError::bad(
        ScimType::InvalidValue,
        format!("{} must be {expected}", attr.name),
    )
}

/// Store-dependent validation: unique `userName`, existing group members.
pub(crate) fn check_write(
    store: &Store,
    kind: ServedType,
    attrs: &mut Map<String, Value>,
    own_id: Option<&str>,
    faults: FaultSet,
) -> Result<(), ScimError> {
    match kind {
        ServedType::User => {
            if faults.has(Fault::UsernameLowercased)
                && let Some(Value::String(n)) = attrs.get_mut("userName")
            {
                *n = n.to_lowercase();
            }
            let name = attrs
                .get("userName")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let holder = store.users.by_name(name).filter(|r| {
                Some(r.id.as_ref()) != own_id
                    && !(faults.has(Fault::InactiveUsersNotUnique)
                        && r.attrs().get("active") == Some(&Value::Bool(false)))
            });
            let taken = holder.is_some();
            let detail = match holder {
                Some(r) if faults.has(Fault::ErrorDetailQuotesId) => {
                    format!("User {} already exists with userName {name:?}", r.id)
                }
                _ => format!("userName {name:?} is already taken"),
            };
            if taken && !faults.has(Fault::DuplicatesAllowed) {
                if faults.has(Fault::DuplicateAnswers500) {
                    return Err(ScimError::new(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        "internal error",
                    ));
                }
                if faults.has(Fault::DuplicateAnswers400) {
                    let mut e = ScimError::uniqueness(detail);
                    e.status = StatusCode::BAD_REQUEST;
                    return Err(e);
                }
                return Err(ScimError::uniqueness(detail));
            }
            Ok(())
        }
        ServedType::Group => resolve_members(store, attrs, own_id),
    }
}

/// Checks every member id exists; sets `type` and a missing `display`.
fn resolve_members(
    store: &Store,
    attrs: &mut Map<String, Value>,
    own_id: Option<&str>,
) -> Result<(), ScimError> {
    let Some(Value::Array(members)) = attrs.get_mut("members") else {
        return Ok(());
    };
    let mut seen: HashSet<String> = HashSet::with_capacity(members.len());
    let mut out = Vec::with_capacity(members.len());
    for member in members.drain(..) {
        let Value::Object(mut m) = member else {
            continue;
        };
        let Some(value) = m.get("value").and_then(Value::as_str).map(str::to_owned) else {
            return Err(ScimError::bad(
                ScimType::InvalidValue,
                "every member needs a value",
            ));
        };
        if Some(value.as_str()) == own_id {
            return Err(ScimError::bad(
                ScimType::InvalidValue,
                "a group cannot contain itself",
            ));
        }
        let Some(target) = store.kind_of(&value) else {
            return Err(ScimError::bad(
                ScimType::InvalidValue,
                format!("member {value:?} is not an existing User or Group id"),
            ));
        };
        if !seen.insert(value.clone()) {
            continue;
        }
        m.insert("type".into(), Value::from(target.name()));
        m.remove("$ref");
        if !m.contains_key("display")
            && let Some(r) = store.table(target).get(&value)
        {
            m.insert("display".into(), Value::from(r.label.as_ref()));
        }
        out.push(Value::Object(m));
    }
    *members = out;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(kind: ServedType, v: Value) -> Result<Value, ScimError> {
        let map = v.as_object().cloned().unwrap_or_default();
        normalize(kind, &map).map(Value::Object)
    }

    #[test]
    fn canonicalises_and_drops_read_only_and_unknown() {
        let out = norm(
            ServedType::User,
            json!({"USERNAME": "a", "id": "x", "meta": {}, "groups": [], "bogus": 1,
                   "Active": "False", "emails": {"Value": "a@b"},
                   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user": {"Manager": "m1"}}),
        );
        assert_eq!(
            out.ok(),
            Some(
                json!({"userName": "a", "active": false, "emails": [{"value": "a@b"}],
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "m1"}}})
            )
        );
    }

    #[test]
    fn requires_the_identifying_attribute() {
        let e = norm(ServedType::User, json!({"userName": " "}));
        assert!(e.is_err_and(|e| e.scim_type == Some(ScimType::InvalidValue)));
        assert!(norm(ServedType::Group, json!({"members": []})).is_err());
    }

    #[test]
    fn rejects_wrong_types() {
        assert!(norm(ServedType::User, json!({"userName": 5})).is_err());
        assert!(norm(ServedType::User, json!({"userName": "a", "active": "yes"})).is_err());
        assert!(norm(ServedType::User, json!({"userName": "a", "name": []})).is_err());
    }
}
