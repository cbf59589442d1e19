//! `scimgate snapshots review|accept|reject --dir DIR`: the same workflow as `cargo insta
//! review`, for users without cargo.

use super::args::{SnapshotAction, SnapshotsArgs, UsageError};
use crate::snapshot::{accept, pending, pending_diff};
use std::io::{BufRead, IsTerminal, Write};

/// Runs the command.
pub(crate) fn run(args: &SnapshotsArgs) -> anyhow::Result<i32> {
    let files =
        pending(&args.dir).map_err(|e| UsageError(format!("--dir {}: {e}", args.dir.display())))?;
    if files.is_empty() {
        out!("no pending snapshots in {}", args.dir.display());
        return Ok(crate::exit::OK);
    }
    let interactive = std::io::stdin().is_terminal();
    let mut left = 0;
    for f in &files {
        match args.action {
            SnapshotAction::Accept => out!("accepted {}", accept(f)?.display()),
            SnapshotAction::Reject => {
                std::fs::remove_file(f)?;
                out!("rejected {}", f.display());
            }
            SnapshotAction::Review => {
                out_inline!("{}", pending_diff(f)?);
                if !interactive {
                    left += 1;
                    continue;
                }
                out_inline!("accept this change? [y]es / [n]o (reject) / [s]kip: ");
                std::io::stdout().flush()?;
                let mut answer = String::new();
                std::io::stdin().lock().read_line(&mut answer)?;
                match answer.trim() {
                    "y" | "yes" => out!("accepted {}", accept(f)?.display()),
                    "n" | "no" => {
                        std::fs::remove_file(f)?;
                        out!("rejected {}", f.display());
                    }
                    _ => left += 1,
                }
            }
        }
    }
    if left > 0 {
        out!(
            "{left} pending; accept all with `scimgate snapshots accept --dir {}`",
            args.dir.display()
        );
    }
    Ok(crate::exit::OK)
}
