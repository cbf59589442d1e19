//! The cleanup ledger: every object a run creates is recorded (kind, id, name, run prefix)
//! before the run moves on, and removed at the end of its scenario, also after failures.
//!
//! With a ledger file (`--ledger FILE`), each entry is appended as one JSON line the moment it
//! is recorded, so `scimgate cleanup --ledger FILE` can finish the job after a crash or kill.
//! Cleanup only ever touches ids from the ledger whose recorded name carries the run prefix.

use super::result::CleanupOutcome;
use crate::http::{HttpClient, Method, RequestSpec};
use crate::scenario::ResourceKind;
use crate::template::RunPrefix;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// One created object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// User or Group.
    pub kind: ResourceKind,
    /// The server's id.
    pub id: String,
    /// The name it was created with (carries the prefix).
    pub name: String,
    /// The run prefix.
    pub prefix: String,
    /// The scenario that created it.
    pub scenario: String,
}

/// The run's ledger, shared by concurrent scenarios.
#[derive(Clone, Debug, Default)]
pub struct Ledger {
    inner: Arc<Mutex<Vec<LedgerEntry>>>,
    file: Option<PathBuf>,
}

impl Ledger {
    /// A ledger that also appends to a file.
    pub fn with_file(file: Option<PathBuf>) -> Self {
        Self {
            inner: Arc::default(),
            file,
        }
    }

    /// Records an object (and appends it to the ledger file, if any).
    pub fn record(&self, entry: LedgerEntry) {
        if let Some(path) = &self.file {
            // A failure to write the file must not stop the run; cleanup still happens in-process.
            if let Ok(mut f) = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                && let Ok(line) = serde_json::to_string(&entry)
            {
                let _ = writeln!(f, "{line}");
            }
        }
        self.lock().push(entry);
    }

    /// Forgets an object (it was deleted by the scenario itself or by cleanup).
    pub fn forget(&self, kind: ResourceKind, id: &str) {
        self.lock().retain(|e| !(e.kind == kind && e.id == id));
    }

    /// The entries of one scenario, newest first.
    pub fn take_scenario(&self, scenario: &str) -> Vec<LedgerEntry> {
        let mut g = self.lock();
        let (mine, rest): (Vec<_>, Vec<_>) = g.drain(..).partition(|e| e.scenario == scenario);
        *g = rest;
        mine.into_iter().rev().collect()
    }

    /// The ids of the users a scenario created that are still recorded.
    pub fn users_of(&self, scenario: &str) -> Vec<String> {
        self.lock()
            .iter()
            .filter(|e| e.scenario == scenario && e.kind == ResourceKind::User)
            .map(|e| e.id.clone())
            .collect()
    }

    /// Everything still recorded, newest first.
    pub fn take_all(&self) -> Vec<LedgerEntry> {
        let mut g = self.lock();
        g.drain(..).rev().collect()
    }

    /// The ledger file, if any.
    pub fn file(&self) -> Option<&PathBuf> {
        self.file.as_ref()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<LedgerEntry>> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Reads a ledger file written by an earlier run.
pub fn read_ledger_file(path: &std::path::Path) -> Result<Vec<LedgerEntry>, String> {
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

/// Removes objects: DELETE, and for a user the server refuses to delete, PATCH `active:false`.
/// Entries whose name does not carry their prefix are refused, never touched.
pub async fn clean_up(client: &HttpClient, entries: &[LedgerEntry]) -> Vec<CleanupOutcome> {
    let mut out = Vec::new();
    for e in entries {
        let outcome = |result: &str, detail: Option<String>| CleanupOutcome {
            kind: e.kind,
            id: e.id.clone(),
            name: e.name.clone(),
            result: result.to_owned(),
            detail,
        };
        if !RunPrefix(e.prefix.clone()).marks(&e.name) || e.prefix.is_empty() || e.id.contains('/')
        {
            out.push(outcome(
                "refused",
                Some("the name does not carry the run prefix; not touched".into()),
            ));
            continue;
        }
        let path = format!("{}/{}", e.kind.endpoint(), e.id);
        let call = client
            .send(&RequestSpec::new(Method::Delete, path.clone()))
            .await;
        match &call.response {
            Ok(r) if (200..300).contains(&r.status) => out.push(outcome("deleted", None)),
            Ok(r) if r.status == 404 => out.push(outcome("already-gone", None)),
            Ok(r) if e.kind == ResourceKind::User => {
                let status = r.status;
                let mut spec = RequestSpec::new(Method::Patch, path);
                spec.body = Some(
                    br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#.to_vec(),
                );
                let patch = client.send(&spec).await;
                match &patch.response {
                    Ok(p) if (200..300).contains(&p.status) => out.push(outcome(
                        "deactivated",
                        Some(format!(
                            "DELETE answered {status}; the user was deactivated instead"
                        )),
                    )),
                    Ok(p) => out.push(outcome(
                        "failed",
                        Some(format!(
                            "DELETE answered {status}, deactivation answered {}",
                            p.status
                        )),
                    )),
                    Err(err) => out.push(outcome(
                        "failed",
                        Some(format!(
                            "DELETE answered {status}, deactivation failed: {err}"
                        )),
                    )),
                }
            }
            Ok(r) => out.push(outcome(
                "failed",
                Some(format!("DELETE answered {}", r.status)),
            )),
            Err(err) => out.push(outcome("failed", Some(err.to_string()))),
        }
    }
    out
}
