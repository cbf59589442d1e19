//! The edits a PATCH operation makes to one attribute (RFC 7644 §3.5.2.1–§3.5.2.3).
//!
//! `patch.rs` decides *what* an operation targets and whether it may; this
//! module performs the change on the working copy:
//!
//! - whole attribute: `add` appends to a multi-valued attribute (skipping values
//!   already present, so repeated adds change nothing), merges into a complex
//!   one and sets a simple one; `replace` overwrites (merging complex values);
//!   `remove` unassigns, or with a `value` list removes just those members
//!   (Microsoft Entra's form);
//! - sub-attribute (`name.givenName`, `emails.type`): set or removed in the
//!   complex value, or in every value of a multi-valued one;
//! - value filter (`emails[type eq "work"].value`): only matching values; an
//!   unmatched `replace` is 400 `noTarget`, an unmatched `add` creates the value
//!   its `eq` terms describe (what Entra expects).

use std::collections::HashSet;

use scim_v2::filter::{AttrExp, CompValue, CompareOp, ValFilter};
use serde_json::{Map, Value};

use super::error::{ScimError, ScimType};
use super::filter::val_matches;
use super::normalize::normalize_value;
use super::patch::Op;
use super::schema::Attr;

/// Identity of a multi-valued item: its `value` if it has one, else itself.
/// Hashing it keeps adds and removes linear even for huge member lists.
fn item_key(item: &Value) -> String {
    match item.get("value") {
        Some(v) => format!("v{v}"),
        None => format!("o{item}"),
    }
}

pub(crate) fn whole_attribute(
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
                    let gone: HashSet<String> = gone.iter().map(item_key).collect();
                    items.retain(|i| !gone.contains(&item_key(i)));
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
                let mut present: HashSet<String> = items.iter().map(item_key).collect();
                for n in new {
                    if present.insert(item_key(&n)) {
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

pub(crate) fn sub_attribute(
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

pub(crate) fn filtered(
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
                let mut keep = vec![true; items.len()];
                hits.iter().for_each(|&i| keep[i] = false);
                let mut flags = keep.into_iter();
                items.retain(|_| flags.next().unwrap_or(true));
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
