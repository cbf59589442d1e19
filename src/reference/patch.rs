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

use scim_v2::filter::{AttrExp, CompValue, CompareOp, PatchPath, ValFilter};
use serde_json::{Map, Value};

use super::error::{ScimError, ScimType};
use super::fault::{Fault, FaultSet};
use super::filter::{get_ci, val_matches};
use super::kind::{Container, Kind, Resolved};
use super::normalize::normalize_value;
use super::schema::{self, Attr, Mutability};

/// URN of the PatchOp message.
pub(crate) const PATCH_URN: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// What a PATCH needs besides the document.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PatchCx<'a> {
    pub(crate) kind: Kind,
    pub(crate) faults: FaultSet,
    /// The current rendered resource, for readOnly comparisons.
    pub(crate) current: &'a Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
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
        let kind = match get_ci(op, "op")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
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
                let target = parse_target(cx.kind, p)?;
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

fn parse_target(kind: Kind, raw: &str) -> Result<Target, ScimError> {
    let invalid = |d: String| ScimError::bad(ScimType::InvalidPath, d);
    let path: PatchPath = raw
        .parse()
        .map_err(|e| invalid(format!("invalid path {raw:?}: {e}")))?;
    match path {
        PatchPath::Attr(p) => {
            let resolved = kind
                .resolve(p.uri.as_deref(), &p.name, p.sub_attr.as_deref())
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
        return whole_extension(doc, op, value, cx.kind);
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
    if cx.kind == Kind::Group && attr.name == "members" {
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
    let map = container_mut(doc, container, cx.kind)?;
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
    let map = match container {
        Container::Core => map,
        Container::Enterprise => map.get(cx.kind.extension_urn()?)?.as_object()?,
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
    kind: Kind,
) -> Result<&mut Map<String, Value>, ScimError> {
    let urn = match (container, kind.extension_urn()) {
        (Container::Enterprise, Some(urn)) => urn,
        _ => return Ok(doc),
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
    kind: Kind,
) -> Result<(), ScimError> {
    let Some(urn) = kind.extension_urn() else {
        return Err(ScimError::bad(ScimType::InvalidPath, "no such extension"));
    };
    if op == Op::Remove {
        doc.remove(urn);
        return Ok(());
    }
    let Some(Value::Object(items)) = value else {
        return Err(ScimError::bad(
            ScimType::InvalidValue,
            "an extension value is an object",
        ));
    };
    let map = container_mut(doc, Container::Enterprise, kind)?;
    for (k, v) in items {
        if let Some(attr) = schema::find(schema::ENTERPRISE, k) {
            whole_attribute(map, op, attr, Some(v))?;
        }
    }
    Ok(())
}

fn same_item(a: &Value, b: &Value) -> bool {
    match (a.get("value"), b.get("value")) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn whole_attribute(
    map: &mut Map<String, Value>,
    op: Op,
    attr: &'static Attr,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    if op == Op::Remove {
        match (
            attr.multi,
            value.and_then(|v| normalize_value(attr, v).ok().flatten()),
        ) {
            (true, Some(Value::Array(gone))) => {
                if let Some(Value::Array(items)) = map.get_mut(attr.name) {
                    items.retain(|i| !gone.iter().any(|g| same_item(i, g)));
                }
            }
            _ => {
                map.remove(attr.name);
            }
        }
        return Ok(());
    }
    let new = value
        .map(|v| normalize_value(attr, v))
        .transpose()?
        .flatten();
    match (op, attr.multi, new) {
        (Op::Add, true, Some(Value::Array(new))) => {
            let entry = map
                .entry(attr.name)
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = entry {
                for n in new {
                    if !items.iter().any(|i| same_item(i, &n)) {
                        items.push(n);
                    }
                }
            }
        }
        (_, false, Some(Value::Object(new))) => {
            let entry = map
                .entry(attr.name)
                .or_insert_with(|| Value::Object(Map::new()));
            match entry {
                Value::Object(obj) => obj.extend(new),
                other => *other = Value::Object(new),
            }
        }
        (_, _, Some(new)) => {
            map.insert(attr.name.to_owned(), new);
        }
        (Op::Replace, _, None) => {
            map.remove(attr.name);
        }
        (_, _, None) => {}
    }
    Ok(())
}

fn sub_attribute(
    map: &mut Map<String, Value>,
    op: Op,
    attr: &'static Attr,
    sub: &'static Attr,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let new = match (op, value) {
        (Op::Remove, _) | (_, None) => None,
        (_, Some(v)) => normalize_value(sub, v)?,
    };
    let entry = map.entry(attr.name).or_insert_with(|| {
        if attr.multi {
            Value::Array(Vec::new())
        } else {
            Value::Object(Map::new())
        }
    });
    if let Value::Array(items) = entry
        && items.is_empty()
        && op != Op::Remove
    {
        items.push(Value::Object(Map::new()));
    }
    let objects: Vec<&mut Map<String, Value>> = match entry {
        Value::Array(items) => items.iter_mut().filter_map(Value::as_object_mut).collect(),
        Value::Object(obj) => vec![obj],
        _ => Vec::new(),
    };
    for obj in objects {
        set_or_remove(obj, sub.name, new.clone());
    }
    Ok(())
}

fn set_or_remove(obj: &mut Map<String, Value>, key: &str, value: Option<Value>) {
    match value {
        Some(v) => {
            obj.insert(key.to_owned(), v);
        }
        None => {
            obj.remove(key);
        }
    }
}

fn filtered(
    map: &mut Map<String, Value>,
    op: Op,
    attr: &'static Attr,
    filter: &ValFilter,
    sub: Option<&'static Attr>,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let mut items = match map.remove(attr.name) {
        Some(Value::Array(items)) => items,
        Some(other) => vec![other],
        None => Vec::new(),
    };
    let result = edit_matches(&mut items, op, attr, filter, sub, value);
    if !items.is_empty() {
        map.insert(attr.name.to_owned(), Value::Array(items));
    }
    result
}

fn edit_matches(
    items: &mut Vec<Value>,
    op: Op,
    attr: &'static Attr,
    filter: &ValFilter,
    sub: Option<&'static Attr>,
    value: Option<&Value>,
) -> Result<(), ScimError> {
    let mut hits: Vec<usize> = (0..items.len())
        .filter(|&i| val_matches(filter, &items[i], Some(attr)))
        .collect();
    if op == Op::Remove {
        match sub {
            None => {
                let mut i = 0;
                items.retain(|_| {
                    i += 1;
                    !hits.contains(&(i - 1))
                });
            }
            Some(s) => hits.iter().for_each(|&i| {
                if let Some(o) = items[i].as_object_mut() {
                    o.remove(s.name);
                }
            }),
        }
        return Ok(());
    }
    if hits.is_empty() {
        // RFC 7644 §3.5.2.3: replace with an unmatched filter is noTarget; for add
        // (not specified) an element built from the filter's eq terms is created.
        match (op, element_from(filter, attr)) {
            (Op::Add, Some(seed)) => {
                items.push(seed);
                hits.push(items.len() - 1);
            }
            _ => {
                return Err(ScimError::bad(
                    ScimType::NoTarget,
                    "no value matches the path filter",
                ));
            }
        }
    }
    let new = match (sub, value) {
        (Some(s), Some(v)) => normalize_value(s, v)?,
        (None, Some(v)) => match normalize_value(attr, v)? {
            Some(Value::Array(mut vs)) if vs.len() == 1 => vs.pop(),
            None => None,
            _ => {
                return Err(ScimError::bad(
                    ScimType::InvalidValue,
                    "a filtered path takes one value",
                ));
            }
        },
        (_, None) => None,
    };
    for &i in &hits {
        let Some(obj) = items[i].as_object_mut() else {
            continue;
        };
        match (sub, &new) {
            (Some(s), v) => set_or_remove(obj, s.name, v.clone()),
            (None, Some(Value::Object(fields))) => obj.extend(fields.clone()),
            _ => {}
        }
    }
    Ok(())
}

/// `type eq "work" and primary eq true` → `{"type":"work","primary":true}`.
fn element_from(filter: &ValFilter, attr: &'static Attr) -> Option<Value> {
    let terms: Vec<&ValFilter> = match filter {
        ValFilter::And(items) => items.iter().collect(),
        single => vec![single],
    };
    let mut obj = Map::new();
    for term in terms {
        let ValFilter::Attr(AttrExp::Comparison(path, CompareOp::Eq, value)) = term else {
            return None;
        };
        let sub = attr.sub_attr(&path.name)?;
        let v = match value {
            CompValue::Str(s) => Value::from(s.as_str()),
            CompValue::True => Value::Bool(true),
            CompValue::False => Value::Bool(false),
            _ => return None,
        };
        obj.insert(sub.name.to_owned(), v);
    }
    Some(Value::Object(obj))
}
