//! Case-insensitive attribute names: canonicalise instance keys before validation.
//!
//! SCIM attribute names, sub-attribute names and schema URNs are
//! case-insensitive (RFC 7643 §2.1, RFC 7644 §3.10): `{"UserName": "x"}` is a
//! valid User. JSON Schema `properties` are case-sensitive, so before
//! validating, scimgate rewrites every key that the schema knows (found by
//! walking `properties`, `items`, `allOf` and `$ref` of the embedded schemas,
//! recursively along the instance) to the schema's spelling. Keys the schema
//! does not know (vendor attributes, unknown extensions) are left untouched.
//! Each rewrite is reported as a [`CasingNote`]: non-canonical casing is legal,
//! so it is informational, never a violation.
//!
//! The walk is copy-on-write: an instance whose keys are already canonical is
//! not cloned at all.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

/// A key whose spelling differs from the schema's only by case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CasingNote {
    /// JSON pointer to the key as received, e.g. `/name/GivenName`.
    pub instance_path: String,
    /// The key as received.
    pub found: String,
    /// The schema's spelling.
    pub canonical: String,
    /// True when the object also holds the canonical spelling, so the key was
    /// left as received (a duplicate attribute differing only in case).
    pub duplicate: bool,
}

/// How deep `$ref`/`allOf` chains are followed from one schema node; guards
/// against reference cycles that do not consume instance depth.
const MAX_REF_DEPTH: usize = 16;

/// A schema node together with the `$id` of the document it lives in, so that
/// local references (`#/$defs/..`) resolve against the right document.
#[derive(Clone, Copy)]
struct Node<'a> {
    doc: &'a str,
    schema: &'a Value,
}

/// The parsed schema documents, keyed by `$id`.
#[derive(Debug, Default)]
pub(crate) struct Documents {
    by_id: HashMap<String, Value>,
}

impl Documents {
    pub(crate) fn insert(&mut self, id: &str, document: Value) {
        self.by_id.insert(id.to_owned(), document);
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.by_id.iter().map(|(id, doc)| (id.as_str(), doc))
    }

    /// Resolves `reference` (`urn:..`, `urn:..#/ptr` or `#/ptr`) seen in document `base`.
    pub(crate) fn resolve<'a>(
        &'a self,
        base: &str,
        reference: &str,
    ) -> Option<(&'a str, &'a Value)> {
        let (doc_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let (id, document) = if doc_part.is_empty() {
            self.by_id.get_key_value(base)?
        } else {
            self.by_id.get_key_value(doc_part)?
        };
        let target = if fragment.is_empty() {
            Some(document)
        } else {
            document.pointer(fragment)
        }?;
        Some((id.as_str(), target))
    }

    /// Returns a copy of `instance` with known keys in the spelling of
    /// `root_id`'s schema, or `None` when every key is already canonical.
    pub(crate) fn canonicalize(
        &self,
        root_id: &str,
        instance: &Value,
        notes: &mut Vec<CasingNote>,
    ) -> Option<Value> {
        let (doc, schema) = self.resolve(root_id, root_id)?;
        let mut views = Vec::new();
        self.expand(Node { doc, schema }, 0, &mut views);
        let mut path = String::new();
        self.walk(&views, instance, &mut path, notes)
    }

    /// Collects `node` and every node reachable through `$ref` and `allOf`.
    fn expand<'a>(&'a self, node: Node<'a>, depth: usize, out: &mut Vec<Node<'a>>) {
        if depth > MAX_REF_DEPTH || !node.schema.is_object() {
            return;
        }
        out.push(node);
        if let Some(reference) = node.schema.get("$ref").and_then(Value::as_str)
            && let Some((doc, schema)) = self.resolve(node.doc, reference)
        {
            self.expand(Node { doc, schema }, depth + 1, out);
        }
        if let Some(all_of) = node.schema.get("allOf").and_then(Value::as_array) {
            for schema in all_of {
                self.expand(
                    Node {
                        doc: node.doc,
                        schema,
                    },
                    depth + 1,
                    out,
                );
            }
        }
    }

    /// Finds the schema spelling of `key` and the expanded views of its subschema.
    fn property<'a>(&'a self, views: &[Node<'a>], key: &str) -> Option<(&'a str, Vec<Node<'a>>)> {
        let mut found: Option<(&'a str, Node<'a>)> = None;
        for view in views {
            let Some(properties) = view.schema.get("properties").and_then(Value::as_object) else {
                continue;
            };
            if let Some((name, schema)) = properties.get_key_value(key) {
                found = Some((
                    name.as_str(),
                    Node {
                        doc: view.doc,
                        schema,
                    },
                ));
                break;
            }
            if found.is_none()
                && let Some((name, schema)) = properties
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(key))
            {
                found = Some((
                    name.as_str(),
                    Node {
                        doc: view.doc,
                        schema,
                    },
                ));
            }
        }
        let (name, node) = found?;
        let mut child = Vec::new();
        self.expand(node, 0, &mut child);
        Some((name, child))
    }

    fn walk(
        &self,
        views: &[Node<'_>],
        value: &Value,
        path: &mut String,
        notes: &mut Vec<CasingNote>,
    ) -> Option<Value> {
        match value {
            Value::Object(map) => self.walk_object(views, map, path, notes).map(Value::Object),
            Value::Array(items) => {
                let mut item_views = Vec::new();
                for view in views {
                    if let Some(schema) = view.schema.get("items") {
                        self.expand(
                            Node {
                                doc: view.doc,
                                schema,
                            },
                            0,
                            &mut item_views,
                        );
                    }
                }
                if item_views.is_empty() {
                    return None;
                }
                let mut changed: Option<Vec<Value>> = None;
                for (index, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push('/');
                    path.push_str(&index.to_string());
                    let result = self.walk(&item_views, item, path, notes);
                    path.truncate(len);
                    if let Some(new_item) = result {
                        changed.get_or_insert_with(|| items.clone())[index] = new_item;
                    }
                }
                changed.map(Value::Array)
            }
            _ => None,
        }
    }

    fn walk_object(
        &self,
        views: &[Node<'_>],
        map: &Map<String, Value>,
        path: &mut String,
        notes: &mut Vec<CasingNote>,
    ) -> Option<Map<String, Value>> {
        if !views
            .iter()
            .any(|view| view.schema.get("properties").is_some())
        {
            return None;
        }
        // (original key, canonical key or None, new child value or None)
        let mut edits: Vec<(&str, Option<&str>, Option<Value>)> = Vec::new();
        for (key, child) in map {
            let Some((canonical, child_views)) = self.property(views, key) else {
                continue;
            };
            let len = path.len();
            path.push('/');
            push_escaped(path, key);
            let new_child = self.walk(&child_views, child, path, notes);
            let mut rename = None;
            if canonical != key {
                let duplicate = map.contains_key(canonical);
                notes.push(CasingNote {
                    instance_path: path.clone(),
                    found: key.clone(),
                    canonical: canonical.to_owned(),
                    duplicate,
                });
                if !duplicate {
                    rename = Some(canonical);
                }
            }
            path.truncate(len);
            if rename.is_some() || new_child.is_some() {
                edits.push((key, rename, new_child));
            }
        }
        if edits.is_empty() {
            return None;
        }
        let mut out = map.clone();
        for (key, rename, new_child) in edits {
            let value = match new_child {
                Some(value) => value,
                None => map[key].clone(),
            };
            match rename {
                Some(canonical) => {
                    out.remove(key);
                    out.insert(canonical.to_owned(), value);
                }
                None => {
                    out.insert(key.to_owned(), value);
                }
            }
        }
        Some(out)
    }
}

/// Appends `key` to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub(crate) fn push_escaped(path: &mut String, key: &str) {
    for c in key.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}
