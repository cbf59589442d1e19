//! The `schema-probe` capture: from the target's own `/Schemas` and `/ResourceTypes`
//! answers, bodies that exercise what the target declares, so the RFC profile can test a
//! server's own extensions without knowing them in advance.
//!
//! ```yaml
//! capture:
//!   probe: {schema-probe: {resource_types: "{{target_types}}", endpoint: /Users}}
//! ```
//!
//! gives `probe.sample` (a create body fragment: `schemas` listing the base schema and the
//! extensions, and a value for every writable simple attribute of every extension),
//! `probe.stored` (JSON Pointer → value for the extension values a read must show) and
//! `probe.immutable` (`declared`, and when true `attribute`, `pointer`, `first_value`,
//! `second_value`, `second`: the body to merge onto a PUT that tries to change it, the
//! sample already setting the first value; `patch`: a PatchOp `replace` of it, by its
//! URN-qualified path when it belongs to an extension, to the second value; `settable_later`,
//! false when the attribute is
//! required so no resource lacks it, and `set`: `second` with `schemas` listing its
//! extension, to merge onto a resource created without it).

use super::declared::{AttrDef, AttrType, Declared};
use serde_json::{Map, Value, json};

/// Attributes a create body of the scenarios sets itself; a probe on them would collide.
const SET_BY_SCENARIO: &[&str] = &["userName", "name", "displayName", "active", "emails"];
/// The PatchOp message URN (RFC 7644 §3.5.2).
const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
/// Common attributes (RFC 7643 §3.1), never probed.
const COMMON: &[&str] = &["id", "externalId", "meta", "schemas"];

/// The capture's value; `immutable.declared` is false (with a `reason`) when the target
/// declares no usable immutable attribute or its schemas cannot be read.
pub fn schema_probe(schemas: &Value, types: &Value, endpoint: &str, prefix: &str) -> Value {
    let none = |reason: String| json!({"sample": {}, "stored": {}, "immutable": {"declared": false, "settable_later": false, "reason": reason}});
    let declared = match Declared::parse(schemas, types) {
        Ok(d) => d,
        Err(e) => return none(format!("the target's schemas cannot be read: {e}")),
    };
    let Some(rt) = declared.resource_type(endpoint) else {
        return none(format!("no resource type at {endpoint}"));
    };
    let core = rt.schema.as_str();
    let mut listed = vec![Value::from(core)];
    let mut sample = Map::new();
    for (urn, _) in &rt.extensions {
        let Some(ext) = declared.schema(urn) else {
            continue;
        };
        let values: Map<String, Value> = ext
            .attrs
            .iter()
            .filter_map(|a| sample_value(a, prefix).map(|v| (a.name.clone(), v)))
            .collect();
        if !values.is_empty() {
            listed.push(Value::from(urn.as_str()));
            sample.insert(urn.clone(), Value::Object(values));
        }
    }
    let containers = std::iter::once((None, core)).chain(
        rt.extensions
            .iter()
            .map(|(u, _)| (Some(u.as_str()), u.as_str())),
    );
    let mut immutable = json!({"declared": false, "settable_later": false, "reason": format!(
        "the target declares no immutable, single-valued, simple-typed attribute returned by default on {endpoint}"
    )});
    'found: for (urn, schema_id) in containers {
        let Some(schema) = declared.schema(schema_id) else {
            continue;
        };
        for attr in &schema.attrs {
            let Some((v1, v2)) = immutable_values(attr, prefix) else {
                continue;
            };
            let name = attr.name.clone();
            let (attribute, pointer, second, set) = match urn {
                None => {
                    sample.insert(name.clone(), v1.clone());
                    let second = json!({(name.clone()): v2});
                    let pointer = format!("/{}", escape(&name));
                    (name.clone(), pointer, second.clone(), second)
                }
                Some(u) => {
                    if !listed.iter().any(|l| l == u) {
                        listed.push(Value::from(u));
                    }
                    let slot = sample.entry(u.to_owned()).or_insert_with(|| json!({}));
                    if let Some(m) = slot.as_object_mut() {
                        m.insert(name.clone(), v1.clone());
                    }
                    let pointer = format!("/{}/{}", escape(u), escape(&name));
                    let set = json!({"schemas": [core, u], (u): {(name.clone()): v2}});
                    (
                        format!("{u}:{name}"),
                        pointer,
                        json!({(u): {(name): v2}}),
                        set,
                    )
                }
            };
            let patch = json!({"schemas": [PATCH_OP],
                "Operations": [{"op": "replace", "path": attribute, "value": v2}]});
            immutable = json!({"declared": true, "attribute": attribute, "pointer": pointer,
                               "first_value": v1, "second_value": v2, "second": second,
                               "patch": patch, "settable_later": !attr.required, "set": set});
            if attr.required {
                immutable["reason"] = json!(format!(
                    "{attribute} is required, so no resource lacks a value for a PUT to set"
                ));
            }
            break 'found;
        }
    }
    let stored = stored_pointers(&declared, &sample);
    sample.insert("schemas".into(), Value::from(listed));
    json!({"sample": sample, "immutable": immutable, "stored": stored})
}

/// What a read of a resource created from `sample` must show: JSON Pointer → value for each
/// extension value in it that is returned by default (not `never`, `request` or writeOnly).
fn stored_pointers(declared: &Declared, sample: &Map<String, Value>) -> Map<String, Value> {
    let shown = |a: &AttrDef| !a.never_returned() && a.returned != "request";
    let mut out = Map::new();
    for (urn, values) in sample {
        let (Some(schema), Value::Object(values)) = (declared.schema(urn), values) else {
            continue;
        };
        for (name, v) in values {
            let Some(def) = schema
                .attrs
                .iter()
                .find(|a| a.name.eq_ignore_ascii_case(name))
                .filter(|a| shown(a))
            else {
                continue;
            };
            let base = format!("/{}/{}", escape(urn), escape(name));
            match (v, def.sub.as_deref()) {
                (Value::Object(subs), Some(defs)) if def.ty == AttrType::Complex => {
                    for (sub, sv) in subs {
                        if defs
                            .iter()
                            .any(|d| d.name.eq_ignore_ascii_case(sub) && shown(d))
                        {
                            out.insert(format!("{base}/{}", escape(sub)), sv.clone());
                        }
                    }
                }
                _ => {
                    out.insert(base, v.clone());
                }
            }
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn writable(attr: &AttrDef) -> bool {
    attr.mutability != "readonly" && !COMMON.iter().any(|n| n.eq_ignore_ascii_case(&attr.name))
}

/// A value of the declared type, for a simple attribute.
fn simple(attr: &AttrDef, prefix: &str) -> Option<Value> {
    if let Some(first) = attr.canonical.first() {
        return Some(first.clone());
    }
    Some(match attr.ty {
        AttrType::String => json!(format!("{prefix}-{}", attr.name)),
        AttrType::Integer => json!(7),
        AttrType::Decimal => json!(2.5),
        AttrType::Boolean => json!(true),
        AttrType::DateTime => json!("2001-02-03T04:05:06Z"),
        AttrType::Binary => json!("AQID"),
        AttrType::Reference | AttrType::Complex => return None,
    })
}

/// A sample value for an extension attribute: simple ones (lists of one when
/// multi-valued) and single complex ones from their simple sub-attributes. References and
/// the identifying sub-attributes `value`, `$ref` and `display` are left out: a server may
/// resolve them.
fn sample_value(attr: &AttrDef, prefix: &str) -> Option<Value> {
    if !writable(attr) {
        return None;
    }
    if attr.ty != AttrType::Complex {
        let v = simple(attr, prefix)?;
        return Some(if attr.multi { json!([v]) } else { v });
    }
    if attr.multi {
        return None;
    }
    let subs: Map<String, Value> = attr
        .sub
        .as_deref()
        .unwrap_or_default()
        .iter()
        .filter(|s| writable(s) && !s.multi)
        .filter(|s| {
            !["value", "$ref", "display"]
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&s.name))
        })
        .filter_map(|s| simple(s, prefix).map(|v| (s.name.clone(), v)))
        .collect();
    (!subs.is_empty()).then_some(Value::Object(subs))
}

/// Two distinct values for an immutable attribute the probe can use, if it can use it.
fn immutable_values(attr: &AttrDef, prefix: &str) -> Option<(Value, Value)> {
    let usable = attr.mutability == "immutable"
        && !attr.multi
        && matches!(attr.returned.as_str(), "default" | "always")
        && !SET_BY_SCENARIO
            .iter()
            .any(|n| n.eq_ignore_ascii_case(&attr.name))
        && !COMMON.iter().any(|n| n.eq_ignore_ascii_case(&attr.name));
    if !usable {
        return None;
    }
    if !attr.canonical.is_empty() {
        return match attr.canonical.as_slice() {
            [a, b, ..] => Some((a.clone(), b.clone())),
            _ => None,
        };
    }
    Some(match attr.ty {
        AttrType::String => (
            json!(format!("{prefix}-immutable-1")),
            json!(format!("{prefix}-immutable-2")),
        ),
        AttrType::Integer => (json!(1), json!(2)),
        AttrType::Decimal => (json!(1.5), json!(2.5)),
        AttrType::Boolean => (json!(true), json!(false)),
        AttrType::DateTime => (json!("2001-02-03T04:05:06Z"), json!("2002-03-04T05:06:07Z")),
        AttrType::Binary => (json!("AQID"), json!("BAUG")),
        AttrType::Reference | AttrType::Complex => return None,
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A core User schema and one extension with immutable, integer and complex attributes.
    pub(crate) fn declared() -> (Value, Value) {
        let schemas = json!([
            {"id": "urn:core:User", "attributes": [{"name": "userName", "mutability": "immutable"}]},
            {"id": "urn:ext:User", "attributes": [
                {"name": "tags", "multiValued": true, "mutability": "immutable"},
                {"name": "level", "type": "integer"},
                {"name": "manager", "type": "complex", "subAttributes": [
                    {"name": "value"}, {"name": "building"}]},
                {"name": "badge", "mutability": "immutable"}]}]);
        let types = json!([{"endpoint": "/Users", "schema": "urn:core:User",
                            "schemaExtensions": [{"schema": "urn:ext:User", "required": false}]}]);
        (schemas, types)
    }

    #[test]
    fn the_probe_finds_a_usable_immutable_attribute_or_says_why_not() {
        let (schemas, types) = declared();
        let p = schema_probe(&schemas, &types, "/Users", "sg-1");
        let i = &p["immutable"];
        assert_eq!(i["declared"], true);
        assert_eq!(i["pointer"], "/urn:ext:User/badge");
        assert_eq!(i["second"]["urn:ext:User"]["badge"], "sg-1-immutable-2");
        assert_eq!(i["settable_later"], true);
        assert_eq!(
            i["patch"]["Operations"],
            json!([{"op": "replace", "path": "urn:ext:User:badge", "value": "sg-1-immutable-2"}])
        );
        assert_eq!(
            i["set"]["schemas"],
            json!(["urn:core:User", "urn:ext:User"])
        );
        let p = schema_probe(&schemas, &types, "/Groups", "sg-1");
        assert_eq!(p["immutable"]["declared"], false);
        assert_eq!(p["immutable"]["settable_later"], false);
        let reason = p["immutable"]["reason"].as_str().unwrap_or_default();
        assert!(reason.contains("/Groups"), "{reason}");
    }

    #[test]
    fn the_sample_sets_every_writable_extension_attribute() {
        let (schemas, types) = declared();
        let p = schema_probe(&schemas, &types, "/Users", "sg-1");
        assert_eq!(
            p["sample"],
            json!({"schemas": ["urn:core:User", "urn:ext:User"],
                   "urn:ext:User": {"tags": ["sg-1-tags"], "level": 7,
                                    "manager": {"building": "sg-1-building"},
                                    "badge": "sg-1-immutable-1"}})
        );
    }
}
