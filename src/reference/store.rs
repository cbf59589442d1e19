//! The in-memory store: users and groups in creation order.
//!
//! Each resource is kept as compact JSON text rather than a `serde_json::Value`
//! tree; a tree costs several kilobytes per user, text a few hundred bytes, which
//! is what lets the server hold 100,000 users in well under 200 MB. Creation
//! order (a sequence number) gives list results a stable order across pages.
//! Indexes: id → sequence, lower-cased `userName` → sequence (uniqueness and
//! the `userName eq` fast path), and member id → groups (for `User.groups`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use serde_json::{Map, Value};

use super::served_type::ServedType;

/// One stored resource.
#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) id: Box<str>,
    pub(crate) seq: u64,
    pub(crate) version: u64,
    pub(crate) created: Timestamp,
    pub(crate) modified: Timestamp,
    /// `userName` for users, `displayName` for groups.
    pub(crate) label: Box<str>,
    /// The writable attributes as compact JSON (no id, meta or groups).
    pub(crate) body: Box<str>,
    /// The previous version, kept only for the stale-read fault.
    pub(crate) stale: Option<Box<(u64, Timestamp, Box<str>)>>,
}

impl Record {
    /// The stored attributes; the text is always our own JSON.
    pub(crate) fn attrs(&self) -> Map<String, Value> {
        parse_attrs(&self.body)
    }

    /// The ETag / `meta.version` value.
    pub(crate) fn etag(&self) -> String {
        format!("W/\"{}\"", self.version)
    }
}

pub(crate) fn parse_attrs(text: &str) -> Map<String, Value> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The resources of one type.
#[derive(Debug, Default)]
pub(crate) struct Table {
    pub(crate) rows: BTreeMap<u64, Record>,
    ids: HashMap<Box<str>, u64>,
    names: HashMap<Box<str>, u64>,
}

impl Table {
    /// The record with this id.
    pub(crate) fn get(&self, id: &str) -> Option<&Record> {
        self.ids.get(id).and_then(|seq| self.rows.get(seq))
    }

    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Record> {
        let seq = *self.ids.get(id)?;
        self.rows.get_mut(&seq)
    }

    /// The oldest record still stored.
    pub(crate) fn first(&self) -> Option<&Record> {
        self.rows.values().next()
    }

    /// The record whose label equals `name` case-insensitively (users only).
    pub(crate) fn by_name(&self, name: &str) -> Option<&Record> {
        self.names
            .get(name.to_lowercase().as_str())
            .and_then(|seq| self.rows.get(seq))
    }
}

/// All resources plus the membership index.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub(crate) users: Table,
    pub(crate) groups: Table,
    next_seq: u64,
    member_of: HashMap<Box<str>, BTreeSet<u64>>,
    /// Deleted users still shown in lists (the deleted-still-listed fault only).
    pub(crate) ghosts: Vec<Record>,
    /// Ids hold a `/` (the ids-with-slash fault only).
    pub(crate) slash_ids: bool,
    /// Ids are the sequence number (the numeric-ids fault only).
    pub(crate) numeric_ids: bool,
}

/// The members' ids of a group body.
pub(crate) fn member_ids(attrs: &Map<String, Value>) -> Vec<String> {
    attrs
        .get("members")
        .and_then(Value::as_array)
        .map(|ms| {
            ms.iter()
                .filter_map(|m| m.get("value").and_then(Value::as_str).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn label_of(kind: ServedType, attrs: &Map<String, Value>) -> Box<str> {
    attrs
        .get(kind.required_attr())
        .and_then(Value::as_str)
        .unwrap_or_default()
        .into()
}

impl Store {
    pub(crate) fn table(&self, kind: ServedType) -> &Table {
        match kind {
            ServedType::User => &self.users,
            ServedType::Group => &self.groups,
        }
    }

    pub(crate) fn table_mut(&mut self, kind: ServedType) -> &mut Table {
        match kind {
            ServedType::User => &mut self.users,
            ServedType::Group => &mut self.groups,
        }
    }

    /// Which type an id belongs to, if any.
    pub(crate) fn kind_of(&self, id: &str) -> Option<ServedType> {
        if self.users.get(id).is_some() {
            Some(ServedType::User)
        } else if self.groups.get(id).is_some() {
            Some(ServedType::Group)
        } else {
            None
        }
    }

    /// The groups `id` is a direct member of, in creation order.
    pub(crate) fn groups_of(&self, id: &str) -> Vec<&Record> {
        self.member_of
            .get(id)
            .map(|seqs| {
                seqs.iter()
                    .filter_map(|s| self.groups.rows.get(s))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An empty store; `slash_ids` makes every id hold a `/` (the ids-with-slash fault),
    /// `numeric_ids` makes ids the sequence numbers `1`, `2`, … (the numeric-ids fault).
    pub(crate) fn with_id_faults(slash_ids: bool, numeric_ids: bool) -> Self {
        Self {
            slash_ids,
            numeric_ids,
            ..Self::default()
        }
    }

    /// Stores a new resource and returns its id.
    pub(crate) fn insert(&mut self, kind: ServedType, attrs: &Map<String, Value>) -> String {
        self.next_seq += 1;
        let seq = self.next_seq;
        let mut id = if self.numeric_ids {
            seq.to_string()
        } else {
            uuid::Uuid::new_v4().to_string()
        };
        if self.slash_ids {
            id.push_str("/1");
        }
        let now = Timestamp::now();
        let record = Record {
            id: id.as_str().into(),
            seq,
            version: 1,
            created: now,
            modified: now,
            label: label_of(kind, attrs),
            body: Value::Object(attrs.clone()).to_string().into(),
            stale: None,
        };
        if kind == ServedType::User {
            self.users
                .names
                .insert(record.label.to_lowercase().into(), seq);
        } else {
            self.index_members(seq, &[], &member_ids(attrs));
        }
        let table = self.table_mut(kind);
        table.ids.insert(id.as_str().into(), seq);
        table.rows.insert(seq, record);
        id
    }

    /// Replaces the attributes of `id`; returns false when nothing changed.
    pub(crate) fn update(
        &mut self,
        kind: ServedType,
        id: &str,
        attrs: &Map<String, Value>,
        keep_stale: bool,
    ) -> bool {
        let body: Box<str> = Value::Object(attrs.clone()).to_string().into();
        let label = label_of(kind, attrs);
        let Some(record) = self.table_mut(kind).get_mut(id) else {
            return false;
        };
        if record.body == body {
            return false;
        }
        let seq = record.seq;
        let old_label = std::mem::replace(&mut record.label, label.clone());
        let old_body = std::mem::replace(&mut record.body, body);
        record.stale =
            keep_stale.then(|| Box::new((record.version, record.modified, old_body.clone())));
        record.version += 1;
        record.modified = Timestamp::now();
        match kind {
            ServedType::User => {
                self.users.names.remove(old_label.to_lowercase().as_str());
                self.users.names.insert(label.to_lowercase().into(), seq);
            }
            ServedType::Group => {
                let old = member_ids(&parse_attrs(&old_body));
                self.index_members(seq, &old, &member_ids(attrs));
            }
        }
        true
    }

    /// Deletes `id` and removes it from every group; false if unknown.
    pub(crate) fn remove(&mut self, kind: ServedType, id: &str) -> bool {
        self.take(kind, id).is_some()
    }

    /// Deletes `id` and removes it from every group, returning the deleted record.
    pub(crate) fn take(&mut self, kind: ServedType, id: &str) -> Option<Record> {
        let table = self.table_mut(kind);
        let seq = table.ids.remove(id)?;
        let record = table.rows.remove(&seq)?;
        if kind == ServedType::User {
            let key = record.label.to_lowercase();
            if self.users.names.get(key.as_str()) == Some(&seq) {
                self.users.names.remove(key.as_str());
            }
        } else {
            self.index_members(seq, &member_ids(&record.attrs()), &[]);
        }
        let containing: Vec<String> = self
            .groups_of(id)
            .iter()
            .map(|g| g.id.to_string())
            .collect();
        for gid in containing {
            let Some(group) = self.groups.get(&gid) else {
                continue;
            };
            let mut attrs = group.attrs();
            if let Some(Value::Array(members)) = attrs.get_mut("members") {
                members.retain(|m| m.get("value").and_then(Value::as_str) != Some(id));
                if members.is_empty() {
                    attrs.remove("members");
                }
            }
            self.update(ServedType::Group, &gid, &attrs, false);
        }
        self.member_of.remove(id);
        Some(record)
    }

    fn index_members(&mut self, group_seq: u64, old: &[String], new: &[String]) {
        for m in old {
            if let Some(set) = self.member_of.get_mut(m.as_str()) {
                set.remove(&group_seq);
                if set.is_empty() {
                    self.member_of.remove(m.as_str());
                }
            }
        }
        for m in new {
            self.member_of
                .entry(m.as_str().into())
                .or_default()
                .insert(group_seq);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn membership_index_follows_group_writes_and_deletes() {
        let mut store = Store::default();
        let u = store.insert(ServedType::User, &obj(json!({"userName": "Ann"})));
        let g = store.insert(
            ServedType::Group,
            &obj(json!({"displayName": "G", "members": [{"value": u}]})),
        );
        assert_eq!(store.groups_of(&u).len(), 1);
        assert!(store.users.by_name("ANN").is_some());
        assert!(store.remove(ServedType::User, &u));
        assert!(store.groups_of(&u).is_empty());
        let group = store.groups.get(&g).map(Record::attrs).unwrap_or_default();
        assert!(group.get("members").is_none());
        assert_eq!(store.groups.get(&g).map(|r| r.version), Some(2));
    }

    #[test]
    fn unchanged_update_keeps_the_version() {
        let mut store = Store::default();
        let u = store.insert(ServedType::User, &obj(json!({"userName": "a"})));
        assert!(!store.update(ServedType::User, &u, &obj(json!({"userName": "a"})), false));
        assert!(store.update(ServedType::User, &u, &obj(json!({"userName": "b"})), false));
        assert!(store.users.by_name("a").is_none() && store.users.by_name("B").is_some());
    }
}
