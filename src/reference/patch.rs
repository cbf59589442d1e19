//! Applies a PatchOp (RFC 7644 §3.5.2) to the stored attributes of a resource.
//!
//! Accepted forms, all seen from real identity providers:
//!
//! ```json
//! {"op":"replace","value":{"active":false}}                        // Okta deactivate
//! {"op":"replace","value":{"id":"<own id>","displayName":"New"}}   // Okta group rename
//! {"op":"remove","path":"members[value eq \"<id>\"]"}              // Okta member removal
//! {"op":"Replace","path":"active","value":"False"}                 // Entra
//! {"op":"Remove","path":"members","value":[{"value":"<id>"}]}      // Entra member removal
//! {"op":"replace","value":{"name.givenName":"A"}}                  // Entra no-path keys
//! ```
//!
//! Operations run in order on a working copy; the caller stores it only if
//! every operation and the final validation succeed, which makes PATCH atomic.
//! A readOnly attribute may appear only with its current value (Okta repeats
//! the group `id` on rename); any other change is 400 `mutability`.

use scim_v2::filter::{PatchPath, ValFilter};
use serde_json::{Map, Value};

use super::edit::{filtered, sub_attribute, whole_attribute};
use super::error::{ScimError, ScimType};
use super::fault::{Fault, FaultSet};
use super::filter::get_ci;
use super::schema::{self, Attr, Mutability};
use super::served_type::{Container, Resolved, ServedType};

/// URN of the PatchOp message.
pub(crate) const PATCH_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// What a PATCH needs besides the document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PatchCx<'a> {
    pub(crate) kind: ServedType,
    pub(crate) faults: FaultSet,
    /// The current rendered resource, for readOnly comparisons.
    pub(crate) current: &'a Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Add,
    Remove,
    Replace,
}

struct Target {
    resolved: Resolved,
    filter: Option<ValFilter>,
}

/// Applies every operation of `body` to `doc`.
pub(crate) fn apply_patch(
    doc: &mut Map<String, Value>,
    body: &Value,
    cx: PatchCx<'_>,
) -> Result<(), ScimError> {
    let syntax = |d: &str| ScimError::bad(ScimType::InvalidSyntax, d.to_owned());
    let body = body
        .as_object()
        .ok_or_else(|| syntax("a PatchOp body is a JSON object"))?;
    if let Some(schemas) = get_ci(body, "schemas") {
        let ok = schemas.as_array().is_some_and(|s| {
            s.iter().any(|u| {
                u.as_str()
                    .is_some_and(|u| u.eq_ignore_ascii_case(PATCH_URN))
            })
        });
        if !ok {
            return Err(syntax("schemas must contain the PatchOp URN"));
        }
    }
    let ops = get_ci(body, "Operations")
        .and_then(Value::as_array)
        .filter(|ops| !ops.is_empty())
        .ok_or_else(|| syntax("Operations must be a non-empty array"))?;
    for op in ops {
        let op = op
            .as_object()
            .ok_or_else(|| syntax("each operation is a JSON object"))?;
        let case_sensitive = cx.faults.has(Fault::PatchOpCaseSensitive);
        let kind = match get_ci(op, "op")
            .and_then(Value::as_str)
            .map(|o| {
                if case_sensitive {
                    o.to_owned()
                } else {
                    o.to_ascii_lowercase()
                }
            })
            .as_deref()
        {
            Some("add") => Op::Add,
            Some("remove") => Op::Remove,
            Some("replace") => Op::Replace,
            _ => return Err(syntax("op must be add, remove or replace")),
        };
        let value = get_ci(op, "value");
        match get_ci(op, "path") {
            None | Some(Value::Null) => no_path(doc, kind, value, cx)?,
            Some(Value::String(p)) if p.trim().is_empty() => no_path(doc, kind, value, cx)?,
            Some(Value::String(p)) => {
                let target = parse_target(cx.kind, p, cx.faults)?;
                apply_one(doc, kind, &target, value, cx)?;
            }
            Some(_) => {
                return Err(ScimError::bad(
                    ScimType::InvalidPath,
                    "path must be a string",
                ));
            }
        }
    }
    Ok(())
}

fn no_path(
    doc: &mut Map<String, Value>,
    op: Op,
    value: Option<&Value>,
    cx: PatchCx<'_>,
) -> Result<(), ScimError> {
    if cx.faults.has(Fault::NoPathPatchRefused) {
        return Err(ScimError::bad(ScimType::InvalidPath, "path is required"));
    }
    if op == Op::Remove {
        return Err(ScimError::bad(ScimType::NoTarget, "remove requires a path"));
    }
    let Some(Value::Object(value)) = value else {
        return Err(ScimError::bad(
            ScimType::InvalidValue,
            "without a path, value must be an object of attributes",
        ));
    };
    for (key, v) in value {
        if key.eq_ignore_ascii_case("schemas") {
            continue;
        }
        if key.eq_ignore_ascii_case("id") && cx.faults.has(Fault::RenameWithIdRefused) {
            return Err(ScimError::bad(ScimType::Mutability, "id is readOnly"));
        }
        if cx.kind.is_extension(key)
            && let Value::Object(inner) = v
        {
            for (k2, v2) in inner {
                if let Some(resolved) = cx.kind.resolve_str(&format!("{key}:{k2}")) {
                    apply_one(
                        doc,
                        op,
                        &Target {
                            resolved,
                            filter: None,
                        },
                        Some(v2),
                        cx,
                    )?;
                }
            }
            continue;
        }
        if cx.faults.has(Fault::DottedPatchKeysRefused) && (key.contains('.') || key.contains('['))
        {
            return Err(ScimError::bad(
                ScimType::InvalidPath,
                format!("{key:?} is not an attribute name"),
            ));
        }
        // Entra (aadOptscim062020) keys can be value paths: `emails[type eq "work"].value`.
        if key.contains('[') {
            apply_one(
                doc,
                op,
                &parse_target(cx.kind, key, cx.faults)?,
                Some(v),
                cx,
            )?;
            continue;
        }
        // Unknown attributes are ignored here exactly as in POST and PUT bodies.
        if let Some(resolved) = cx.kind.resolve_str(key) {
            apply_one(
                doc,
                op,
                &Target {
                    resolved,
                    filter: None,
                },
                Some(v),
                cx,
            )?;
        }
    }
    Ok(())
}

fn parse_target(kind: ServedType, raw: &str, faults: FaultSet) -> Result<Target, ScimError> {
    let invalid = |d: String| ScimError::bad(ScimType::InvalidPath, d);
    let path: PatchPath = raw
        .parse()
        .map_err(|e| invalid(format!("invalid path {raw:?}: {e}")))?;
    match path {
        PatchPath::Attr(p) => {
            let resolved = kind
                .resolve(p.uri.as_deref(), &p.name, p.sub_attr.as_deref())
                .or_else(|| {
                    p.uri
                        .is_none()
                        .then(|| kind.resolve_unqualified(&p.name, p.sub_attr.as_deref()))
                        .flatten()
                })
                .ok_or_else(|| invalid(format!("no attribute {raw:?}")))?;
            Ok(Target {
                resolved,
                filter: None,
            })
        }
        PatchPath::Value(vp) => {
            let mut resolved = kind
                .resolve(vp.attr.uri.as_deref(), &vp.attr.name, None)
                .filter(|r| {
                    r.attr
                        .is_some_and(|a| a.multi && vp.attr.sub_attr.is_none())
                })
                .ok_or_else(|| {
                    invalid(format!("{raw:?} does not name a multi-valued attribute"))
                })?;
            if let Some(sub) = vp.sub_attr.as_deref() {
                if faults.has(Fault::ValuePathSubAttributeRefused) {
                    return Err(invalid(format!(
                        "sub-attributes after a value filter are not supported: {raw:?}"
                    )));
                }
                resolved.sub = resolved.attr.and_then(|a| a.sub_attr(sub));
                if resolved.sub.is_none() {
                    return Err(invalid(format!("no sub-attribute {sub:?} in {raw:?}")));
                }
            }
            Ok(Target {
                resolved,
                filter: Some(vp.filter),
            })
        }
    }
}

fn apply_one(
    doc: &mut Map<String, Value>,
    op: Op,
    target: &Target,
    value: Option<&Value>,
    cx: PatchCx<'_>,
) -> Result<(), ScimError> {
    let value = match (op, value) {
        (Op::Remove, v) => v,
        (_, Some(v)) => Some(v),
        (_, None) => {
            return Err(ScimError::bad(
                ScimType::InvalidValue,
                "add and replace need a value",
            ));
        }
    };
    let Resolved {
        container,
        attr,
        sub,
    } = target.resolved;
    let Some(attr) = attr else {
        return whole_extension(doc, op, value, cx.kind, container);
    };
    let read_only = attr.mutability == Mutability::ReadOnly
        || sub.is_some_and(|s| s.mutability == Mutability::ReadOnly);
    if read_only {
        let current = current_value(cx, container, attr, sub);
        if op != Op::Remove && target.filter.is_none() && value == current.as_ref() {
            return Ok(());
        }
        return Err(ScimError::bad(
            ScimType::Mutability,
            format!("{} is readOnly", attr.name),
        ));
    }
    if cx.faults.has(Fault::StringBooleansRefused)
        && matches!(value, Some(Value::String(_)))
        && (sub.unwrap_or(attr).ty == schema::Ty::Boolean)
    {
        return Err(ScimError::bad(
            ScimType::InvalidValue,
            format!("{} must be a boolean", attr.name),
        ));
    }
    if attr.name == "manager" && sub.is_none() {
        let refused = match value {
            Some(Value::String(_)) => cx.faults.has(Fault::ManagerStringRefused),
            Some(Value::Array(_)) => cx.faults.has(Fault::ManagerArrayRefused),
            _ => false,
        };
        if refused {
            return Err(ScimError::bad(
                ScimType::InvalidValue,
                "manager must be an object",
            ));
        }
    }
    if cx.kind == ServedType::Group && attr.name == "members" {
        if op == Op::Remove
            && target.filter.is_none()
            && value.is_some()
            && cx.faults.has(Fault::MemberRemoveValueClears)
        {
            let map = container_mut(doc, container, cx.kind)?;
            return whole_attribute(map, op, attr, None);
        }
        if op == Op::Add && cx.faults.has(Fault::MemberAddIgnored) {
            return Ok(());
        }
        if op == Op::Remove
            && target.filter.is_some()
            && cx.faults.has(Fault::MemberRemoveFilterRefused)
        {
            return Err(ScimError::bad(
                ScimType::InvalidPath,
                "filtered member paths are not supported",
            ));
        }
    }
    let op = if op == Op::Add
        && attr.multi
        && target.filter.is_none()
        && sub.is_none()
        && cx.faults.has(Fault::PatchAddReplaces)
    {
        Op::Replace
    } else {
        op
    };
    let map = container_mut(doc, container, cx.kind)?;
    if op == Op::Replace
        && !attr.multi
        && !attr.sub.is_empty()
        && target.filter.is_none()
        && sub.is_none()
        && cx.faults.has(Fault::ReplaceComplexClears)
    {
        let key = map
            .keys()
            .find(|k| k.eq_ignore_ascii_case(attr.name))
            .cloned();
        if let Some(key) = key {
            map.remove(&key);
        }
    }
    if op == Op::Remove && target.filter.is_some() && cx.faults.has(Fault::RemoveFilterRemovesAll) {
        return whole_attribute(map, op, attr, value);
    }
    match (&target.filter, sub) {
        (Some(filter), sub) => filtered(map, op, attr, filter, sub, value),
        (None, Some(sub)) => sub_attribute(map, op, attr, sub, value),
        (None, None) => whole_attribute(map, op, attr, value),
    }
}

fn current_value(
    cx: PatchCx<'_>,
    container: Container,
    attr: &Attr,
    sub: Option<&Attr>,
) -> Option<Value> {
    let map = cx.current.as_object()?;
    let map = match cx.kind.container_urn(container) {
        None => map,
        Some(urn) => map.get(urn)?.as_object()?,
    };
    let v = map.get(attr.name)?;
    match sub {
        None => Some(v.clone()),
        Some(s) => v.get(s.name).cloned(),
    }
}

fn container_mut(
    doc: &mut Map<String, Value>,
    container: Container,
    kind: ServedType,
) -> Result<&mut Map<String, Value>, ScimError> {
    let Some(urn) = kind.container_urn(container) else {
        return Ok(doc);
    };
    let entry = doc.entry(urn).or_insert_with(|| Value::Object(Map::new()));
    if !entry.is_object() {
        *entry = Value::Object(Map::new());
    }
    entry
        .as_object_mut()
        .ok_or_else(|| ScimError::bad(ScimType::InvalidPath, "no such extension"))
}

fn whole_extension(
    doc: &mut Map<String, Value>,
    op: Op,
    value: Option<&Value>,
    kind: ServedType,
    container: Container,
) -> Result<(), ScimError> {
    let Some(ext) = (match container {
        Container::Extension(i) => kind.extensions().get(i),
        Container::Core => None,
    }) else {
        return Err(ScimError::bad(ScimType::InvalidPath, "no such extension"));
    };
    if op == Op::Remove {
        doc.remove(ext.urn);
        return Ok(());
    }
    let Some(Value::Object(items)) = value else {
        return Err(ScimError::bad(
            ScimType::InvalidValue,
            "an extension value is an object",
        ));
    };
    let map = container_mut(doc, container, kind)?;
    for (k, v) in items {
        if let Some(attr) = schema::find(ext.attrs, k) {
            whole_attribute(map, op, attr, Some(v))?;
        }
    }
    Ok(())
}
