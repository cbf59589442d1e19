//! The cleanup ledger: every object a run creates is recorded (kind, id, name, run prefix)
//! before the run moves on, and removed at the end of its scenario, also after failures.
//!
//! It is also the run's record of ownership: scimgate writes (PUT, PATCH, DELETE) only to
//! objects in the ledger, and only once a read has shown that the object still carries the
//! run prefix (see `ownership.rs`).
//!
//! With a ledger file (`--ledger FILE`), each entry is appended as one JSON line the moment it
//! is recorded, so `scimgate cleanup --ledger FILE` can finish the job after a crash or kill.
//! A create is written as a `pending` line *before* its POST is sent: after a SIGKILL while the
//! POST was in flight, `cleanup` finds that object by its run-prefixed name.

use crate::scenario::ResourceKind;
use crate::secret::Redactor;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Whether the ledger knows the object's id.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntryState {
    /// The server answered with the new object's id.
    #[default]
    Created,
    /// Written before the create was sent: the object may exist, found by its name.
    Pending,
    /// The server refused that create: the newest pending entry of this name is void.
    Settled,
}

impl EntryState {
    fn is_created(&self) -> bool {
        *self == EntryState::Created
    }
}

/// One created (or possibly created) object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// User or Group.
    pub kind: ResourceKind,
    /// The server's id (empty for a pending create).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// The name it was created with (carries the prefix).
    pub name: String,
    /// The run prefix.
    pub prefix: String,
    /// The scenario that created it.
    pub scenario: String,
    /// `created`, or `pending` for a create whose answer has not (yet) named an id.
    #[serde(default, skip_serializing_if = "EntryState::is_created")]
    pub state: EntryState,
}

impl LedgerEntry {
    /// A created object.
    pub fn created(
        kind: ResourceKind,
        id: impl Into<String>,
        name: impl Into<String>,
        prefix: impl Into<String>,
        scenario: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            id: id.into(),
            name: name.into(),
            prefix: prefix.into(),
            scenario: scenario.into(),
            state: EntryState::Created,
        }
    }

    /// A create about to be sent.
    pub fn pending(
        kind: ResourceKind,
        name: impl Into<String>,
        prefix: impl Into<String>,
        scenario: impl Into<String>,
    ) -> Self {
        Self {
            state: EntryState::Pending,
            ..Self::created(kind, "", name, prefix, scenario)
        }
    }

    fn same_pending(&self, other: &LedgerEntry) -> bool {
        self.state == EntryState::Pending
            && self.kind == other.kind
            && self.name == other.name
            && self.scenario == other.scenario
    }
}

#[derive(Debug)]
struct Slot {
    entry: LedgerEntry,
    /// A read in this run showed the object under this id carrying the run prefix.
    confirmed: bool,
}

#[derive(Debug, Default)]
struct Inner {
    slots: Vec<Slot>,
    /// Objects this run created and has deleted since (a later read answering 404 on one of
    /// them is explained by the run itself, not by the server).
    gone: std::collections::HashSet<(ResourceKind, String)>,
    /// The first failure to append to the ledger file, reported once.
    write_error: Option<String>,
}

impl Inner {
    /// Drops the newest pending entry for this create: the one written for the request whose
    /// answer just came (an older one with the same name, e.g. an entry disowned after its id
    /// turned out to be someone else's, stays).
    fn drop_last_pending(&mut self, like: &LedgerEntry) {
        if let Some(i) = self.slots.iter().rposition(|s| s.entry.same_pending(like)) {
            self.slots.remove(i);
        }
    }
}

/// The run's ledger, shared by concurrent scenarios.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    inner: Arc<Mutex<Inner>>,
    file: Option<PathBuf>,
    /// Masks secrets in the lines written (a server could echo the token into a name or id).
    redactor: Redactor,
}

impl Ledger {
    /// A ledger that also appends to a file, every line passed through the redactor.
    pub fn with_file(file: Option<PathBuf>, redactor: Redactor) -> Self {
        Self {
            inner: Arc::default(),
            file,
            redactor,
        }
    }

    fn append(&self, inner: &mut Inner, entry: &LedgerEntry) {
        let Some(path) = &self.file else { return };
        let result = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .and_then(|mut f| {
                let line = serde_json::to_string(entry).map_err(std::io::Error::other)?;
                writeln!(f, "{}", self.redactor.redact(&line))
            });
        // A failure to write the file must not stop the run; cleanup still happens in-process.
        if let Err(e) = result
            && inner.write_error.is_none()
        {
            tracing::warn!(file = %path.display(), error = %e, "cannot append to the ledger");
            inner.write_error = Some(format!("{}: {e}", path.display()));
        }
    }

    /// Records a create about to be sent (and appends it to the ledger file, if any).
    pub fn pending(&self, entry: LedgerEntry) {
        let mut g = self.lock();
        self.append(&mut g, &entry);
        g.slots.push(Slot {
            entry,
            confirmed: false,
        });
    }

    /// Records a created object, replacing the pending entry of its create; an object already
    /// recorded under this kind, id and name is not recorded twice.
    pub fn record(&self, entry: LedgerEntry) {
        let mut g = self.lock();
        self.append(&mut g, &entry);
        g.drop_last_pending(&entry);
        let known = g.slots.iter().any(|s| {
            s.entry.kind == entry.kind && s.entry.id == entry.id && s.entry.name == entry.name
        });
        if !known {
            g.slots.push(Slot {
                entry,
                confirmed: false,
            });
        }
    }

    /// Drops the pending entry of a create the server refused (nothing was created).
    pub fn settle(&self, kind: ResourceKind, name: &str, prefix: &str, scenario: &str) {
        let mut g = self.lock();
        let probe = LedgerEntry::pending(kind, name, prefix, scenario);
        if g.slots.iter().any(|s| s.entry.same_pending(&probe)) {
            self.append(
                &mut g,
                &LedgerEntry {
                    state: EntryState::Settled,
                    ..probe.clone()
                },
            );
            g.drop_last_pending(&probe);
        }
    }

    /// Whether the object is the run's own: `None` when it is not in the ledger, else whether
    /// a read has already confirmed it.
    pub fn owns(&self, kind: ResourceKind, id: &str) -> Option<bool> {
        self.lock()
            .slots
            .iter()
            .find(|s| {
                s.entry.state == EntryState::Created && s.entry.kind == kind && s.entry.id == id
            })
            .map(|s| s.confirmed)
    }

    /// Marks an object as confirmed by a read.
    pub fn confirm(&self, kind: ResourceKind, id: &str) {
        for s in &mut self.lock().slots {
            if s.entry.kind == kind && s.entry.id == id {
                s.confirmed = true;
            }
        }
    }

    /// The id recorded for these objects names someone else's object: they become pending
    /// again, to be found by their names.
    pub fn disown(&self, kind: ResourceKind, id: &str) {
        for s in &mut self.lock().slots {
            if s.entry.kind == kind && s.entry.id == id {
                s.entry.id.clear();
                s.entry.state = EntryState::Pending;
                s.confirmed = false;
            }
        }
    }

    /// Forgets an object (it was deleted by the scenario itself or by cleanup).
    pub fn forget(&self, kind: ResourceKind, id: &str) {
        let mut inner = self.lock();
        let before = inner.slots.len();
        inner
            .slots
            .retain(|s| !(s.entry.kind == kind && s.entry.id == id));
        if inner.slots.len() != before {
            inner.gone.insert((kind, id.to_owned()));
        }
    }

    /// Whether this run created the object and has deleted it since (or handed it to cleanup).
    pub fn deleted(&self, kind: ResourceKind, id: &str) -> bool {
        self.lock().gone.contains(&(kind, id.to_owned()))
    }

    /// The entries of one scenario, newest first, with whether each is confirmed.
    pub fn take_scenario(&self, scenario: &str) -> Vec<(LedgerEntry, bool)> {
        let mut g = self.lock();
        let (mine, rest): (Vec<_>, Vec<_>) = g
            .slots
            .drain(..)
            .partition(|s| s.entry.scenario == scenario);
        g.slots = rest;
        let taken: Vec<_> = mine
            .iter()
            .filter(|s| !s.entry.id.is_empty())
            .map(|s| (s.entry.kind, s.entry.id.clone()))
            .collect();
        g.gone.extend(taken);
        mine.into_iter()
            .rev()
            .map(|s| (s.entry, s.confirmed))
            .collect()
    }

    /// The ids of the users a scenario created that are still recorded.
    pub fn users_of(&self, scenario: &str) -> Vec<String> {
        self.lock()
            .slots
            .iter()
            .filter(|s| {
                s.entry.scenario == scenario
                    && s.entry.kind == ResourceKind::User
                    && s.entry.state == EntryState::Created
            })
            .map(|s| s.entry.id.clone())
            .collect()
    }

    /// Everything still recorded, newest first.
    pub fn take_all(&self) -> Vec<LedgerEntry> {
        let mut g = self.lock();
        g.slots.drain(..).rev().map(|s| s.entry).collect()
    }

    /// The ledger file, if any.
    pub fn file(&self) -> Option<&PathBuf> {
        self.file.as_ref()
    }

    /// The first failure to append to the ledger file, if any.
    pub fn write_error(&self) -> Option<String> {
        self.lock().write_error.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Reads a ledger file written by an earlier run.
pub fn read_ledger_file(path: &Path) -> Result<Vec<LedgerEntry>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l)
                .map_err(|e| format!("{}:{}: not a ledger entry: {e}", path.display(), i + 1))
        })
        .collect()
}

/// What is left of a ledger file once every created entry has replaced its pending line:
/// created objects once each, and the pending creates no answer ever resolved.
pub fn unresolved(entries: &[LedgerEntry]) -> Vec<LedgerEntry> {
    let mut out: Vec<LedgerEntry> = Vec::new();
    let drop_last_pending = |out: &mut Vec<LedgerEntry>, e: &LedgerEntry| {
        let like = LedgerEntry::pending(e.kind, e.name.clone(), "", e.scenario.clone());
        if let Some(i) = out.iter().rposition(|o| o.same_pending(&like)) {
            out.remove(i);
        }
    };
    for e in entries {
        match e.state {
            EntryState::Pending => out.push(e.clone()),
            EntryState::Settled => drop_last_pending(&mut out, e),
            EntryState::Created => {
                drop_last_pending(&mut out, e);
                if !out
                    .iter()
                    .any(|o| o.kind == e.kind && o.id == e.id && o.name == e.name)
                {
                    out.push(e.clone());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, name: &str) -> LedgerEntry {
        LedgerEntry::created(ResourceKind::User, id, name, "sg-00000001", "s")
    }

    #[test]
    fn a_pending_create_is_replaced_by_its_created_entry() {
        let l = Ledger::default();
        l.pending(LedgerEntry::pending(
            ResourceKind::User,
            "sg-00000001.a",
            "sg-00000001",
            "s",
        ));
        assert_eq!(
            l.owns(ResourceKind::User, ""),
            None,
            "a pending entry owns no id"
        );
        l.record(user("1", "sg-00000001.a"));
        l.record(user("1", "sg-00000001.a"));
        assert_eq!(l.owns(ResourceKind::User, "1"), Some(false));
        l.confirm(ResourceKind::User, "1");
        assert_eq!(l.owns(ResourceKind::User, "1"), Some(true));
        let taken = l.take_scenario("s");
        assert_eq!(taken, vec![(user("1", "sg-00000001.a"), true)]);
    }

    #[test]
    fn deleted_objects_are_remembered_and_others_are_not() {
        let l = Ledger::default();
        l.record(user("1", "sg-00000001.a"));
        l.record(LedgerEntry::created(
            ResourceKind::User,
            "2",
            "sg-00000001.b",
            "sg-00000001",
            "t",
        ));
        assert!(!l.deleted(ResourceKind::User, "1"));
        l.forget(ResourceKind::User, "1");
        l.forget(ResourceKind::User, "someone-else");
        assert!(l.deleted(ResourceKind::User, "1"));
        assert!(
            !l.deleted(ResourceKind::User, "someone-else"),
            "only the run's own"
        );
        l.take_scenario("t");
        assert!(l.deleted(ResourceKind::User, "2"), "handed to cleanup");
        assert!(!l.deleted(ResourceKind::Group, "2"));
    }

    #[test]
    fn a_refused_create_settles_its_pending_entry() {
        let l = Ledger::default();
        l.pending(LedgerEntry::pending(ResourceKind::Group, "g", "p", "s"));
        l.settle(ResourceKind::Group, "g", "p", "s");
        assert!(l.take_all().is_empty());
    }

    #[test]
    fn unresolved_keeps_created_entries_once_and_unanswered_pending_ones() {
        let pending = |n: &str| LedgerEntry::pending(ResourceKind::User, n, "sg-00000001", "s");
        let settled = |n: &str| LedgerEntry {
            state: EntryState::Settled,
            ..pending(n)
        };
        let lines = vec![
            pending("a"),
            user("1", "a"),
            pending("b"),
            user("1", "a"),
            pending("c"),
            pending("a"),
            settled("a"),
        ];
        let left = unresolved(&lines);
        assert_eq!(left, vec![user("1", "a"), pending("b"), pending("c")]);
    }

    #[test]
    fn ledger_lines_round_trip_and_old_lines_read_as_created() {
        let p = LedgerEntry::pending(ResourceKind::User, "n", "sg-00000001", "s");
        let line = serde_json::to_string(&p).unwrap();
        assert!(
            line.contains("\"state\":\"pending\"") && !line.contains("\"id\""),
            "{line}"
        );
        assert_eq!(serde_json::from_str::<LedgerEntry>(&line).unwrap(), p);
        let old = r#"{"kind":"User","id":"7","name":"n","prefix":"p","scenario":"s"}"#;
        assert_eq!(
            serde_json::from_str::<LedgerEntry>(old).unwrap().state,
            EntryState::Created
        );
    }
}
