//! Rules for extension attributes that are not about their shape: values that are
//! never returned (`returned: never`), write-only values kept across a PUT that cannot
//! echo them, and set-once (`immutable`) values (RFC 7643 §7, RFC 7644 §3.5.1).
//!
//! The faults that break what the harness checks against the server's own `/Schemas`
//! (`own-schema`, `immutable`) are applied here too, so each stays one switch.

use serde_json::{Map, Value};

use super::error::{ScimError, ScimType};
use super::fault::{Fault, FaultSet};
use super::kind::Kind;
use super::schema::{CUSTOM_URN, Mutability, Returned};

/// The attribute the undeclared-attribute fault adds: no schema declares it.
const UNDECLARED: &str = "scimgateInternalScore";

/// Drops extension values that are never returned, then applies the rendering faults.
pub(crate) fn render_extensions(kind: Kind, attrs: &mut Map<String, Value>, faults: FaultSet) {
    for ext in kind.extensions() {
        let Some(Value::Object(obj)) = attrs.get_mut(ext.urn) else {
            continue;
        };
        for attr in ext.attrs {
            let hidden =
                attr.returned == Returned::Never || attr.mutability == Mutability::WriteOnly;
            if hidden && !faults.has(Fault::NeverAttributeReturned) {
                obj.remove(attr.name);
            }
        }
        if obj.is_empty() {
            attrs.remove(ext.urn);
        }
    }
    if kind != Kind::User {
        return;
    }
    if faults.has(Fault::IntegerAsString)
        && let Some(Value::Object(obj)) = attrs.get_mut(CUSTOM_URN)
        && let Some(level) = obj.get("clearanceLevel").and_then(Value::as_i64)
    {
        obj.insert("clearanceLevel".into(), Value::from(level.to_string()));
    }
    if faults.has(Fault::UndeclaredAttributeReturned) {
        attrs.insert(UNDECLARED.into(), Value::from(42));
    }
    if faults.has(Fault::ExtensionAttributesAtTopLevel)
        && let Some(Value::Object(obj)) = attrs.remove(CUSTOM_URN)
    {
        attrs.extend(obj);
    }
}

/// Compares a write with the stored attributes: a write-only extension value the body
/// leaves out is kept (a read-modify-write PUT cannot echo it), and an immutable value
/// that is set may only be repeated, never changed (400 `mutability`). A PUT that leaves
/// an immutable value out keeps it; a PATCH that removes it is refused.
pub(crate) fn check_extensions(
    kind: Kind,
    old: &Map<String, Value>,
    new: &mut Map<String, Value>,
    is_put: bool,
    faults: FaultSet,
) -> Result<(), ScimError> {
    for ext in kind.extensions() {
        let Some(Value::Object(before)) = old.get(ext.urn) else {
            continue;
        };
        let mut after = match new.get(ext.urn) {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        for attr in ext.attrs {
            let Some(was) = before.get(attr.name) else {
                continue;
            };
            let now = after.get(attr.name);
            match attr.mutability {
                Mutability::WriteOnly if now.is_none() => {
                    after.insert(attr.name.into(), was.clone());
                }
                Mutability::Immutable if now != Some(was) => {
                    if faults.has(Fault::ImmutableChangeApplied) {
                        continue;
                    }
                    if now.is_none() && is_put || faults.has(Fault::ImmutableChangeIgnored) {
                        after.insert(attr.name.into(), was.clone());
                        continue;
                    }
                    return Err(ScimError::bad(
                        ScimType::Mutability,
                        format!("{} is immutable: it is set and cannot change", attr.name),
                    ));
                }
                _ => {}
            }
        }
        if !after.is_empty() {
            new.insert(ext.urn.into(), Value::Object(after));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn immutable_values_may_be_repeated_or_omitted_by_put_but_not_changed() {
        let old = obj(json!({CUSTOM_URN: {"badgeId": "b1", "pin": "1234"}}));
        let none = FaultSet::default();
        let mut same = obj(json!({CUSTOM_URN: {"badgeId": "b1"}}));
        assert!(check_extensions(Kind::User, &old, &mut same, true, none).is_ok());
        assert_eq!(same[CUSTOM_URN]["pin"], "1234");
        let mut omitted = obj(json!({"userName": "a"}));
        assert!(check_extensions(Kind::User, &old, &mut omitted, true, none).is_ok());
        assert_eq!(omitted[CUSTOM_URN]["badgeId"], "b1");
        let mut changed = obj(json!({CUSTOM_URN: {"badgeId": "b2"}}));
        assert!(check_extensions(Kind::User, &old, &mut changed, true, none).is_err());
        let mut removed = obj(json!({"userName": "a"}));
        assert!(check_extensions(Kind::User, &old, &mut removed, false, none).is_err());
    }

    #[test]
    fn never_returned_values_are_dropped() {
        let mut attrs = obj(json!({CUSTOM_URN: {"pin": "1234"}, "userName": "a"}));
        render_extensions(Kind::User, &mut attrs, FaultSet::default());
        assert_eq!(Value::Object(attrs), json!({"userName": "a"}));
    }
}
