//! Cleanup: removing what a run created, at the end of each scenario (also after failures and
//! interrupts) and from a ledger file with `scimgate cleanup --ledger`.
//!
//! Each object is read first and deleted only while it still carries the run prefix (see
//! `ownership.rs`); a user the server refuses to delete is deactivated instead. A pending
//! create (its answer never named an id) is looked up by its run-prefixed name. Whatever could
//! not be removed is reported as left behind, with kind, id and name.

use super::ledger::{EntryState, LedgerEntry};
use super::ownership::{Confirmation, Lookup, confirm, find_by_name, resource_path};
use crate::check::identity::unusable_id;
use crate::http::{HttpClient, Method, RequestSpec};
use crate::scenario::ResourceKind;
use crate::template::RunPrefix;
use serde::{Deserialize, Serialize};

/// What cleanup did with one object.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CleanupResult {
    /// DELETE succeeded.
    Deleted,
    /// It was gone already (404).
    AlreadyGone,
    /// A pending create whose object does not exist: the server never created it.
    NotCreated,
    /// DELETE was refused; the user was deactivated instead. It is still on the target.
    Deactivated,
    /// Left on purpose (`--keep`).
    Kept,
    /// Neither DELETE nor deactivation worked. It is still on the target.
    Failed,
    /// Not this run's object (its name or the ledger entry lacks the run prefix): not touched.
    Refused,
    /// The create's answer named no usable id and no search found the object: it may exist.
    Unknown,
}

impl CleanupResult {
    /// The label used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            CleanupResult::Deleted => "deleted",
            CleanupResult::AlreadyGone => "already-gone",
            CleanupResult::NotCreated => "not-created",
            CleanupResult::Deactivated => "deactivated",
            CleanupResult::Kept => "kept",
            CleanupResult::Failed => "failed",
            CleanupResult::Refused => "refused",
            CleanupResult::Unknown => "unknown",
        }
    }

    /// True when the object is (or may still be) on the target against the run's intent.
    pub fn left_behind(self) -> bool {
        matches!(
            self,
            CleanupResult::Deactivated | CleanupResult::Failed | CleanupResult::Unknown
        )
    }
}

impl PartialEq<&str> for CleanupResult {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// What cleanup did with one object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanupOutcome {
    /// User or Group.
    pub kind: ResourceKind,
    /// The server's id (empty when it never became known).
    #[serde(default)]
    pub id: String,
    /// The name it was created with.
    pub name: String,
    /// What happened.
    pub result: CleanupResult,
    /// Why, for anything but a plain deletion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

fn outcome(
    e: &LedgerEntry,
    id: &str,
    result: CleanupResult,
    detail: Option<String>,
) -> CleanupOutcome {
    CleanupOutcome {
        kind: e.kind,
        id: id.to_owned(),
        name: e.name.clone(),
        result,
        detail,
    }
}

/// Cleanup requests sent at once (a bounded number, so as not to hammer the target).
const AT_ONCE: usize = 8;

/// Removes objects, each `(entry, confirmed)`: `confirmed` when a read in this run already
/// showed it carrying the prefix. Entries without a prefix of scimgate's own format, or
/// whose name lacks it, are refused and never touched. Groups go first (they may hold the
/// users), then users; within each, up to eight at once. Outcomes keep the entries' order.
pub async fn clean_up(client: &HttpClient, entries: &[(LedgerEntry, bool)]) -> Vec<CleanupOutcome> {
    use futures_util::StreamExt;
    let mut out = Vec::new();
    for kind in [ResourceKind::Group, ResourceKind::User] {
        let batch: Vec<Vec<CleanupOutcome>> =
            futures_util::stream::iter(entries.iter().filter(|(e, _)| e.kind == kind))
                .map(|(e, confirmed)| clean_one(client, e, *confirmed))
                .buffered(AT_ONCE)
                .collect()
                .await;
        out.extend(batch.into_iter().flatten());
    }
    out
}

async fn clean_one(client: &HttpClient, e: &LedgerEntry, confirmed: bool) -> Vec<CleanupOutcome> {
    let prefix = RunPrefix(e.prefix.clone());
    if !prefix.is_own_format() || !prefix.marks(&e.name) {
        return vec![outcome(
            e,
            &e.id,
            CleanupResult::Refused,
            Some(format!(
                "the entry's name {:?} does not carry a run prefix of scimgate's (sg- and 8 letters or digits); not touched",
                e.name
            )),
        )];
    }
    match e.state {
        // Never handed to cleanup: `unresolved` consumes it.
        EntryState::Settled => Vec::new(),
        EntryState::Pending => by_name(client, e, &prefix, None).await,
        EntryState::Created => {
            let first = remove(client, e, &e.id, &prefix, confirmed).await;
            if first.result == CleanupResult::Refused {
                // The id names another object now: look for ours by its name instead.
                by_name(client, e, &prefix, Some(first)).await
            } else {
                vec![first]
            }
        }
    }
}

/// Cleans up the objects named like the entry; `refused` is the outcome for its recorded id,
/// when that id turned out to name someone else's object.
async fn by_name(
    client: &HttpClient,
    e: &LedgerEntry,
    prefix: &RunPrefix,
    refused: Option<CleanupOutcome>,
) -> Vec<CleanupOutcome> {
    let mut out: Vec<CleanupOutcome> = refused.into_iter().collect();
    match find_by_name(client, e.kind, &e.name, prefix).await {
        Lookup::Found(ids) => {
            for id in ids.iter().filter(|id| **id != e.id) {
                out.push(remove(client, e, id, prefix, false).await);
            }
        }
        Lookup::NotFound if out.is_empty() => out.push(outcome(
            e,
            "",
            CleanupResult::NotCreated,
            Some("no object has its name: the create did not happen".to_owned()),
        )),
        Lookup::NotFound => {}
        Lookup::Failed(why) => out.push(outcome(
            e,
            "",
            CleanupResult::Unknown,
            Some(format!(
                "its id never became known and a search by name failed ({why}); it may be on the target"
            )),
        )),
    }
    out
}

/// Deletes one object after confirming it is the run's own.
async fn remove(
    client: &HttpClient,
    e: &LedgerEntry,
    id: &str,
    prefix: &RunPrefix,
    confirmed: bool,
) -> CleanupOutcome {
    if let Some(why) = unusable_id(id) {
        return outcome(
            e,
            id,
            CleanupResult::Failed,
            Some(format!(
                "its id {id:?} is not a usable path segment ({why}); not touched"
            )),
        );
    }
    if !confirmed {
        match confirm(client, e.kind, id, prefix).await {
            Confirmation::Own => {}
            Confirmation::Gone => return outcome(e, id, CleanupResult::AlreadyGone, None),
            Confirmation::Foreign(name) => {
                return outcome(
                    e,
                    id,
                    CleanupResult::Refused,
                    Some(format!(
                        "{id} is now named {name:?}, without the run prefix; not touched"
                    )),
                );
            }
            Confirmation::Unreadable(why) => {
                return outcome(
                    e,
                    id,
                    CleanupResult::Failed,
                    Some(format!("could not read it before deleting: {why}")),
                );
            }
        }
    }
    let path = resource_path(e.kind, id);
    let call = client
        .send(&RequestSpec::new(Method::Delete, path.clone()).bookkeeping("cleanup"))
        .await;
    match &call.response {
        Ok(r) if (200..300).contains(&r.status) => outcome(e, id, CleanupResult::Deleted, None),
        Ok(r) if r.status == 404 => outcome(e, id, CleanupResult::AlreadyGone, None),
        Ok(r) if e.kind == ResourceKind::User => {
            let status = r.status;
            let mut spec = RequestSpec::new(Method::Patch, path).bookkeeping("cleanup");
            spec.body = Some(
                br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#.to_vec(),
            );
            let patch = client.send(&spec).await;
            match &patch.response {
                Ok(p) if (200..300).contains(&p.status) => outcome(
                    e,
                    id,
                    CleanupResult::Deactivated,
                    Some(format!(
                        "DELETE answered {status}; the user was deactivated instead and is still on the target"
                    )),
                ),
                Ok(p) => outcome(
                    e,
                    id,
                    CleanupResult::Failed,
                    Some(format!(
                        "DELETE answered {status}, deactivation answered {}",
                        p.status
                    )),
                ),
                Err(err) => outcome(
                    e,
                    id,
                    CleanupResult::Failed,
                    Some(format!(
                        "DELETE answered {status}, deactivation failed: {err}"
                    )),
                ),
            }
        }
        Ok(r) => outcome(
            e,
            id,
            CleanupResult::Failed,
            Some(format!("DELETE answered {}", r.status)),
        ),
        Err(err) => outcome(e, id, CleanupResult::Failed, Some(err.to_string())),
    }
}
