//! Case-insensitive attribute names: canonicalise instance keys before validation.
//!
//! SCIM attribute names, sub-attribute names and schema URNs are
//! case-insensitive (RFC 7643 §2.1, RFC 7644 §3.10): `{"UserName": "x"}` is a
//! valid User. JSON Schema `properties` are case-sensitive, so before
//! validating, scimgate rewrites every key that the schema knows to the
//! schema's spelling. Keys the schema does not know (vendor attributes,
//! unknown extensions) are left untouched. Each rewrite is reported as a
//! [`CasingNote`]: non-canonical casing is legal, so it is informational,
//! never a violation.
//!
//! The known keys are compiled once, at load time, into a [`KeyIndex`]: a
//! graph of nodes built by following `properties`, `items`, `allOf` and `$ref`
//! through the embedded schemas (recursive schemas such as
//! `attributes[].subAttributes` become cycles in the graph). The walk over an
//! instance is copy-on-write: an instance whose keys are already canonical is
//! not cloned at all.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::embedded::ScimSchema;

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
/// against reference cycles that do not go through `properties` or `items`.
const MAX_REF_DEPTH: usize = 16;

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
        let id = if doc_part.is_empty() { base } else { doc_part };
        let (id, document) = self.by_id.get_key_value(id)?;
        let target = if fragment.is_empty() {
            Some(document)
        } else {
            document.pointer(fragment)
        }?;
        Some((id.as_str(), target))
    }

    /// Collects `schema` and every schema reachable from it through `$ref` and `allOf`.
    fn expand<'a>(
        &'a self,
        doc: &'a str,
        schema: &'a Value,
        depth: usize,
        out: &mut Vec<(&'a str, &'a Value)>,
    ) {
        if depth > MAX_REF_DEPTH || !schema.is_object() {
            return;
        }
        out.push((doc, schema));
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str)
            && let Some((doc, target)) = self.resolve(doc, reference)
        {
            self.expand(doc, target, depth + 1, out);
        }
        for member in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.expand(doc, member, depth + 1, out);
        }
    }
}

/// Known keys of one schema location: its properties (with the nodes that
/// govern each property's value) and the nodes that govern array items.
#[derive(Debug, Default)]
struct KeyNode {
    properties: Vec<(String, Vec<usize>)>,
    items: Vec<usize>,
}

/// The compiled key graph of every embedded schema.
#[derive(Debug)]
pub(crate) struct KeyIndex {
    nodes: Vec<KeyNode>,
    roots: HashMap<ScimSchema, usize>,
}

/// One step of a JSON pointer, kept borrowed until a note needs the string.
#[derive(Clone, Copy)]
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

impl KeyIndex {
    /// Builds the key graph from the parsed documents.
    pub(crate) fn build(documents: &Documents) -> KeyIndex {
        let mut builder = Builder {
            documents,
            nodes: Vec::new(),
            memo: HashMap::new(),
        };
        let mut roots = HashMap::new();
        for schema in ScimSchema::ALL {
            if let Some((doc, root)) = documents.resolve(schema.id(), schema.id()) {
                roots.insert(schema, builder.node(doc, root));
            }
        }
        KeyIndex {
            nodes: builder.nodes,
            roots,
        }
    }

    /// Returns a copy of `instance` with known keys in `schema`'s spelling, or
    /// `None` when every key is already canonical.
    pub(crate) fn canonicalize(
        &self,
        schema: ScimSchema,
        instance: &Value,
        notes: &mut Vec<CasingNote>,
    ) -> Option<Value> {
        let root = *self.roots.get(&schema)?;
        self.walk(&[root], instance, &mut Vec::new(), notes)
    }

    /// Finds `key` among the properties of `set`: exact spelling first, then ASCII case-insensitively.
    fn property(&self, set: &[usize], key: &str) -> Option<(&str, &[usize])> {
        let all = || {
            set.iter()
                .flat_map(|&node| self.nodes[node].properties.iter())
        };
        all()
            .find(|(name, _)| name == key)
            .or_else(|| all().find(|(name, _)| name.eq_ignore_ascii_case(key)))
            .map(|(name, children)| (name.as_str(), children.as_slice()))
    }

    fn walk<'v>(
        &self,
        set: &[usize],
        value: &'v Value,
        path: &mut Vec<Step<'v>>,
        notes: &mut Vec<CasingNote>,
    ) -> Option<Value> {
        match value {
            Value::Object(map) => self.walk_object(set, map, path, notes).map(Value::Object),
            Value::Array(items) => {
                let [node] = set else {
                    // Several schemas govern this array (rare): walk with the first that has items.
                    let node = set
                        .iter()
                        .find(|&&node| !self.nodes[node].items.is_empty())?;
                    return self.walk(std::slice::from_ref(node), value, path, notes);
                };
                let item_set = self.nodes[*node].items.as_slice();
                if item_set.is_empty() {
                    return None;
                }
                let mut changed: Option<Vec<Value>> = None;
                for (index, item) in items.iter().enumerate() {
                    path.push(Step::Index(index));
                    let result = self.walk(item_set, item, path, notes);
                    path.pop();
                    if let Some(new_item) = result {
                        changed.get_or_insert_with(|| items.clone())[index] = new_item;
                    }
                }
                changed.map(Value::Array)
            }
            _ => None,
        }
    }

    fn walk_object<'v>(
        &self,
        set: &[usize],
        map: &'v Map<String, Value>,
        path: &mut Vec<Step<'v>>,
        notes: &mut Vec<CasingNote>,
    ) -> Option<Map<String, Value>> {
        if set
            .iter()
            .all(|&node| self.nodes[node].properties.is_empty())
        {
            return None;
        }
        // (key as received, canonical spelling when it must be renamed, rewritten value)
        let mut edits: Vec<(&str, Option<&str>, Option<Value>)> = Vec::new();
        for (key, child) in map {
            let Some((canonical, child_set)) = self.property(set, key) else {
                continue;
            };
            path.push(Step::Key(key));
            let new_child = self.walk(child_set, child, path, notes);
            let mut rename = None;
            if canonical != key {
                let duplicate = map.contains_key(canonical);
                notes.push(CasingNote {
                    instance_path: pointer(path),
                    found: key.clone(),
                    canonical: canonical.to_owned(),
                    duplicate,
                });
                if !duplicate {
                    rename = Some(canonical);
                }
            }
            path.pop();
            if rename.is_some() || new_child.is_some() {
                edits.push((key, rename, new_child));
            }
        }
        if edits.is_empty() {
            return None;
        }
        let mut out = map.clone();
        for (key, rename, new_child) in edits {
            let value = new_child.unwrap_or_else(|| map[key].clone());
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

/// Builds [`KeyNode`]s, memoised by schema location so recursion terminates.
struct Builder<'a> {
    documents: &'a Documents,
    nodes: Vec<KeyNode>,
    memo: HashMap<*const Value, usize>,
}

impl<'a> Builder<'a> {
    fn node(&mut self, doc: &'a str, schema: &'a Value) -> usize {
        let key: *const Value = schema;
        if let Some(&index) = self.memo.get(&key) {
            return index;
        }
        let index = self.nodes.len();
        self.nodes.push(KeyNode::default());
        self.memo.insert(key, index);
        let mut views = Vec::new();
        self.documents.expand(doc, schema, 0, &mut views);
        let mut node = KeyNode::default();
        for (doc, view) in views {
            for (name, sub) in view
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let child = self.node(doc, sub);
                match node.properties.iter_mut().find(|(known, _)| known == name) {
                    Some((_, children)) => children.push(child),
                    None => node.properties.push((name.clone(), vec![child])),
                }
            }
            if let Some(items) = view.get("items") {
                let child = self.node(doc, items);
                node.items.push(child);
            }
        }
        self.nodes[index] = node;
        index
    }
}

/// Renders `path` as a JSON pointer, escaping `~` and `/` (RFC 6901).
fn pointer(path: &[Step<'_>]) -> String {
    let mut out = String::new();
    for step in path {
        out.push('/');
        match step {
            Step::Key(key) => out.push_str(&key.replace('~', "~0").replace('/', "~1")),
            Step::Index(index) => out.push_str(&index.to_string()),
        }
    }
    out
}
