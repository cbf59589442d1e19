//! Builds the representation of a stored resource and projects it.
//!
//! The server owns `schemas`, `id` and `meta` (RFC 7643 §3.1) and computes
//! `User.groups` from the membership index and `members[].$ref` from the
//! base URL, so those values can never go stale. Projection implements
//! `attributes` / `excludedAttributes` (RFC 7644 §3.9): `id` and `schemas`
//! are always kept, `password` (returned "never") is always dropped.

use serde_json::{Map, Value, json};

use super::fault::{Fault, FaultSet};
use super::schema::Returned;
use super::served_type::ServedType;
use super::store::{Record, Store};

/// What rendering needs from the server state.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RenderCx<'a> {
    pub(crate) base_url: &'a str,
    pub(crate) faults: FaultSet,
}

impl RenderCx<'_> {
    /// The canonical URI of a resource.
    pub(crate) fn location(&self, kind: ServedType, id: &str) -> String {
        format!("{}/{}/{id}", self.base_url, kind.endpoint())
    }
}

/// The full representation of `record` as it is now.
pub(crate) fn render(cx: RenderCx<'_>, store: &Store, kind: ServedType, record: &Record) -> Value {
    render_version(cx, store, kind, record, None)
}

/// The representation, optionally of an older stored version (stale-read fault).
pub(crate) fn render_version(
    cx: RenderCx<'_>,
    store: &Store,
    kind: ServedType,
    record: &Record,
    old: Option<&(u64, jiff::Timestamp, Box<str>)>,
) -> Value {
    let (version, modified, mut attrs) = match old {
        Some((v, m, body)) => (*v, *m, super::store::parse_attrs(body)),
        None => (record.version, record.modified, record.attrs()),
    };
    if !cx.faults.has(Fault::PasswordReturned) {
        attrs.remove("password");
    }
    super::extension::render_faults(kind, &mut attrs, cx.faults);
    let mut schemas = vec![Value::from(kind.core_urn())];
    for ext in kind.extensions() {
        if attrs.contains_key(ext.urn) {
            schemas.push(Value::from(ext.urn));
        }
    }
    let mut out = Map::new();
    out.insert("schemas".into(), Value::from(schemas));
    out.insert("id".into(), Value::from(record.id.as_ref()));
    match kind {
        ServedType::User => {
            let groups: Vec<Value> = store
                .groups_of(&record.id)
                .into_iter()
                .map(|g| {
                    json!({"value": g.id.as_ref(), "display": g.label.as_ref(),
                           "$ref": cx.location(ServedType::Group, &g.id), "type": "direct"})
                })
                .collect();
            if !groups.is_empty() && !cx.faults.has(Fault::UserGroupsEmpty) {
                attrs.insert("groups".into(), Value::from(groups));
            }
        }
        ServedType::Group => {
            if let Some(Value::Array(members)) = attrs.get_mut("members") {
                for m in members.iter_mut().filter_map(Value::as_object_mut) {
                    let target = m
                        .get("value")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    let target_kind = match m.get("type").and_then(Value::as_str) {
                        Some("Group") => ServedType::Group,
                        _ => ServedType::User,
                    };
                    m.insert(
                        "$ref".into(),
                        Value::from(cx.location(target_kind, &target)),
                    );
                }
            }
        }
    }
    out.extend(attrs);
    if !cx.faults.has(Fault::MetaMissing) {
        out.insert(
            "meta".into(),
            json!({
                "resourceType": kind.name(),
                "created": record.created.to_string(),
                "lastModified": modified.to_string(),
                "location": cx.location(kind, &record.id),
                "version": format!("W/\"{version}\""),
            }),
        );
    }
    Value::Object(out)
}

/// `attributes` / `excludedAttributes` as given by the client.
#[derive(Clone, Debug, Default)]
pub(crate) struct Projection {
    pub(crate) attributes: Vec<String>,
    pub(crate) excluded: Vec<String>,
}

impl Projection {
    /// Parses the comma-separated query parameter forms.
    pub(crate) fn from_params(attributes: Option<&str>, excluded: Option<&str>) -> Self {
        let split = |s: Option<&str>| -> Vec<String> {
            s.map(|s| {
                s.split(',')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
        };
        Self {
            attributes: split(attributes),
            excluded: split(excluded),
        }
    }

    /// Applies the projection; `attributes` wins if both are given.
    pub(crate) fn apply(&self, kind: ServedType, resource: Value) -> Value {
        let Value::Object(mut map) = resource else {
            return resource;
        };
        if !self.attributes.is_empty() {
            let mut keep = Map::new();
            for key in ["schemas", "id"] {
                if let Some(v) = map.remove(key) {
                    keep.insert(key.into(), v);
                }
            }
            for path in &self.attributes {
                copy_path(kind, path, &map, &mut keep);
            }
            return Value::Object(keep);
        }
        for path in &self.excluded {
            remove_path(kind, path, &mut map);
        }
        Value::Object(map)
    }
}

/// The (container key, attribute key, sub key) a path addresses, if known.
fn keys(
    kind: ServedType,
    path: &str,
) -> Option<(
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
)> {
    let r = kind.resolve_str(path)?;
    let container = kind.container_urn(r.container);
    if let Some(attr) = r.attr
        && attr.returned == Returned::Always
    {
        return None;
    }
    Some((container, r.attr.map(|a| a.name), r.sub.map(|s| s.name)))
}

fn copy_path(kind: ServedType, path: &str, from: &Map<String, Value>, to: &mut Map<String, Value>) {
    let Some((container, attr, sub)) = keys(kind, path) else {
        return;
    };
    match container {
        None => copy_attr(from, to, attr, sub),
        Some(urn) => {
            let mut ext = to
                .get(urn)
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            if let Some(src) = from.get(urn).and_then(Value::as_object) {
                copy_attr(src, &mut ext, attr, sub);
            }
            if !ext.is_empty() {
                to.insert(urn.to_owned(), Value::Object(ext));
            }
        }
    }
}

fn copy_attr(
    src: &Map<String, Value>,
    dst: &mut Map<String, Value>,
    attr: Option<&str>,
    sub: Option<&str>,
) {
    let Some(attr) = attr else {
        dst.extend(src.clone());
        return;
    };
    let Some(value) = src.get(attr) else { return };
    match (sub, value) {
        (None, v) => {
            dst.insert(attr.into(), v.clone());
        }
        (Some(sub), Value::Object(obj)) => {
            if let Some(v) = obj.get(sub) {
                let entry = dst.entry(attr).or_insert_with(|| Value::Object(Map::new()));
                if let Some(e) = entry.as_object_mut() {
                    e.insert(sub.into(), v.clone());
                }
            }
        }
        (Some(sub), Value::Array(items)) => {
            let picked: Vec<Value> = items
                .iter()
                .filter_map(|i| i.get(sub).map(|v| single(sub, v.clone())))
                .collect();
            if !picked.is_empty() {
                dst.insert(attr.into(), Value::from(picked));
            }
        }
        _ => {}
    }
}

fn single(key: &str, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(key.to_owned(), value);
    Value::Object(map)
}

fn remove_path(kind: ServedType, path: &str, map: &mut Map<String, Value>) {
    let Some((container, attr, sub)) = keys(kind, path) else {
        return;
    };
    let target = match container {
        None => Some(&mut *map),
        Some(urn) => match attr {
            None => {
                map.remove(urn);
                return;
            }
            Some(_) => map.get_mut(urn).and_then(Value::as_object_mut),
        },
    };
    let (Some(target), Some(attr)) = (target, attr) else {
        return;
    };
    match sub {
        None => {
            target.remove(attr);
        }
        Some(sub) => match target.get_mut(attr) {
            Some(Value::Object(obj)) => {
                obj.remove(sub);
            }
            Some(Value::Array(items)) => {
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    item.remove(sub);
                }
            }
            _ => {}
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_keeps_always_attributes_and_picks_sub_attributes() {
        let user = json!({"schemas": ["s"], "id": "1", "userName": "a",
                          "name": {"givenName": "G", "familyName": "F"}, "emails": [{"value": "e", "type": "work"}]});
        let p = Projection::from_params(Some("name.givenName, emails.value,ID"), None);
        assert_eq!(
            p.apply(ServedType::User, user.clone()),
            json!({"schemas": ["s"], "id": "1", "name": {"givenName": "G"}, "emails": [{"value": "e"}]})
        );
        let p = Projection::from_params(None, Some("name,id,emails.type"));
        assert_eq!(
            p.apply(ServedType::User, user),
            json!({"schemas": ["s"], "id": "1", "userName": "a", "emails": [{"value": "e"}]})
        );
    }
}
