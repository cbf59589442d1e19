//! `scimgate cleanup --ledger FILE`: finishes the cleanup of a run that crashed or was killed.

use super::args::{CleanupArgs, UsageError};
use super::target::remote_client;
use crate::runner::{clean_up, read_ledger_file, unresolved};

/// Deletes every object in the ledger whose name carries its run prefix.
pub(crate) async fn run(args: CleanupArgs) -> anyhow::Result<i32> {
    let entries = read_ledger_file(&args.ledger).map_err(UsageError)?;
    let raw = args
        .target
        .base_url
        .clone()
        .ok_or_else(|| UsageError("cleanup needs --base-url".to_owned()))?;
    let client = remote_client(&args.target, &raw)?;
    let mut failed = 0;
    // Newest first (groups before the users in them), each read before it is deleted.
    let todo: Vec<_> = unresolved(&entries)
        .into_iter()
        .rev()
        .map(|e| (e, false))
        .collect();
    let outcomes = clean_up(&client, &todo).await;
    for o in &outcomes {
        out!(
            "{:<6} {:<38} {:<14} {}{}",
            format!("{:?}", o.kind),
            o.id,
            o.result.as_str(),
            o.name,
            o.detail
                .as_ref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default()
        );
        failed += usize::from(
            o.result.left_behind() || o.result == crate::runner::CleanupResult::Refused,
        );
    }
    out!(
        "{} object(s) in the ledger, {} not cleaned",
        outcomes.len(),
        failed
    );
    Ok(if failed == 0 {
        crate::exit::OK
    } else {
        crate::exit::COULD_NOT_TEST
    })
}
