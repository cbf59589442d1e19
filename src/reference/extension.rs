//! Rules for extension attributes beyond their shape: set-once (`immutable`) values
//! (RFC 7643 §7, RFC 7644 §3.5.1), and the faults that break what the harness checks
//! against the server's own `/Schemas` (`own-schema`, `immutable`), each one switch.

use serde_json::{Map, Value};

use super::error::{ScimError, ScimType};
use super::fault::{Fault, FaultSet};
use super::schema::{CUSTOM_URN, Mutability};
use super::served_type::ServedType;

/// The attribute the undeclared-attribute fault adds: no schema declares it.
const UNDECLARED: &str = "scimgateInternalScore";

/// Applies the rendering faults to a User's attributes.
pub(crate) fn render_faults(kind: ServedType, attrs: &mut Map<String, Value>, faults: FaultSet) {
    if kind != ServedType::User {
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

/// Compares a write with the stored attributes: an immutable value that is set may be
/// repeated but not changed (400 `mutability`); one that is not set yet is applied
/// (RFC 7644 §3.5.1). A PUT that leaves it out keeps it (the input does not contradict
/// it); a PATCH `remove` unassigns it.
pub(crate) fn check_extensions(
    kind: ServedType,
    old: &Map<String, Value>,
    new: &mut Map<String, Value>,
    is_put: bool,
    faults: FaultSet,
) -> Result<(), ScimError> {
    for ext in kind.extensions() {
        let empty = Map::new();
        let before = match old.get(ext.urn) {
            Some(Value::Object(m)) => m,
            _ => &empty,
        };
        let mut after = match new.get(ext.urn) {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        let immutable = ext
            .attrs
            .iter()
            .filter(|a| a.mutability == Mutability::Immutable);
        // Faults: the change goes through (on PUT and PATCH, or on PATCH only).
        let applied = faults.has(Fault::ImmutableChangeApplied)
            || (!is_put && faults.has(Fault::ImmutablePatchApplied));
        for attr in immutable {
            let now = after.get(attr.name);
            let Some(was) = before.get(attr.name) else {
                if now.is_some() && is_put && faults.has(Fault::ImmutableUnsetNotApplied) {
                    after.remove(attr.name);
                }
                continue;
            };
            match now {
                None if is_put => {
                    after.insert(attr.name.into(), was.clone());
                }
                Some(now) if now != was && !applied => {
                    if !faults.has(Fault::ImmutableChangeIgnored) {
                        return Err(ScimError::bad(
                            ScimType::Mutability,
                            format!("{} is immutable: it is set and cannot change", attr.name),
                        ));
                    }
                    after.insert(attr.name.into(), was.clone());
                }
                _ => {}
            }
        }
        if after.is_empty() {
            new.remove(ext.urn);
        } else {
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
        let old = obj(json!({CUSTOM_URN: {"badgeId": "b1"}}));
        let none = FaultSet::default();
        let mut same = obj(json!({CUSTOM_URN: {"badgeId": "b1"}}));
        assert!(check_extensions(ServedType::User, &old, &mut same, true, none).is_ok());
        let mut omitted = obj(json!({"userName": "a"}));
        assert!(check_extensions(ServedType::User, &old, &mut omitted, true, none).is_ok());
        assert_eq!(omitted[CUSTOM_URN]["badgeId"], "b1");
        let mut changed = obj(json!({CUSTOM_URN: {"badgeId": "b2"}}));
        assert!(check_extensions(ServedType::User, &old, &mut changed, false, none).is_err());
        let mut removed = obj(json!({"userName": "a"}));
        assert!(check_extensions(ServedType::User, &old, &mut removed, false, none).is_ok());
        assert!(removed.get(CUSTOM_URN).is_none());
    }
}
