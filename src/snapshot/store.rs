//! Snapshot files: one insta-format `.snap` per scenario in a directory, so `cargo insta
//! review` works on them where cargo is installed, and `scimgate snapshots review|accept` where
//! it is not.
//!
//! ```text
//! ---
//! source: scimgate
//! expression: okta/f03-create-user
//! ---
//! # okta/f03-create-user: F3: assign a user who is not in the app yet (create)
//! ...
//! ```
//!
//! A run with `--snapshots DIR` writes the baseline the first time (or with
//! `--update-snapshots`); afterwards each step whose transcript changed gets a `drift` verdict
//! carrying a unified diff, and the new transcript is written next to the baseline as
//! `.snap.new` for review.

use super::transcript::{sections, transcript};
use crate::runner::{RunReport, worst};
use crate::secret::Redactor;
use std::path::{Path, PathBuf};

/// What happened to the snapshots of a run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SnapshotSummary {
    /// Scenarios whose baseline was written.
    pub written: Vec<String>,
    /// Scenarios whose behaviour matched.
    pub matched: Vec<String>,
    /// Scenarios with drift, and the `.snap.new` file written for review.
    pub drifted: Vec<(String, PathBuf)>,
}

/// The file name of a scenario's snapshot (`okta/f03` → `okta__f03.snap`).
pub fn snap_file(dir: &Path, scenario: &str) -> PathBuf {
    dir.join(format!("{}.snap", scenario.replace('/', "__")))
}

/// The insta file text for a transcript.
pub fn to_snap(scenario: &str, transcript: &str) -> String {
    format!(
        "---\nsource: scimgate\nexpression: {scenario}\n---\n{}\n",
        transcript.trim_end()
    )
}

/// The transcript inside an insta `.snap` file.
pub fn from_snap(text: &str) -> String {
    let body = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n").map(|(_, b)| b))
        .unwrap_or(text);
    body.trim_end().to_owned()
}

/// A unified diff of two texts.
pub fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

/// Compares each scenario of the report with its snapshot in `dir`, adds `drift` outcomes to
/// the changed steps, writes baselines or `.snap.new` files, and recounts the summary.
/// Transcripts are masked with `redactor` before they are compared or written.
pub fn apply_snapshots(
    report: &mut RunReport,
    dir: &Path,
    update: bool,
    redactor: &Redactor,
) -> std::io::Result<SnapshotSummary> {
    std::fs::create_dir_all(dir)?;
    let mut summary = SnapshotSummary::default();
    let transcripts: Vec<String> = report
        .scenarios
        .iter()
        .map(|s| redactor.redact(&transcript(report, s)))
        .collect();
    for (scenario, now) in report.scenarios.iter_mut().zip(transcripts) {
        let file = snap_file(dir, &scenario.id);
        let pending = file.with_extension("snap.new");
        let old = if update {
            None
        } else {
            std::fs::read_to_string(&file).ok().map(|t| from_snap(&t))
        };
        let Some(old) = old else {
            std::fs::write(&file, to_snap(&scenario.id, &now))?;
            let _ = std::fs::remove_file(&pending);
            summary.written.push(scenario.id.clone());
            continue;
        };
        if old.trim_end() == now.trim_end() {
            let _ = std::fs::remove_file(&pending);
            summary.matched.push(scenario.id.clone());
            continue;
        }
        let before = sections(&old);
        let after = sections(&now);
        for step in &mut scenario.steps {
            let find = |list: &[(String, String)]| {
                list.iter()
                    .find(|(n, _)| *n == step.name)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default()
            };
            let (b, a) = (find(&before), find(&after));
            if let Some(o) = crate::check::eval_snapshot(&b, &a) {
                step.checks.push(o);
                step.verdict = worst(step.checks.iter().map(|c| c.verdict));
            }
        }
        scenario.verdict = worst(scenario.steps.iter().map(|s| s.verdict));
        std::fs::write(&pending, to_snap(&scenario.id, &now))?;
        summary.drifted.push((scenario.id.clone(), pending));
    }
    report.recount();
    Ok(summary)
}

/// Pending `.snap.new` files in a directory, sorted.
pub fn pending(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".snap.new"))
        .collect();
    out.sort();
    Ok(out)
}

/// Accepts a pending snapshot: `.snap.new` replaces `.snap`.
pub fn accept(pending: &Path) -> std::io::Result<PathBuf> {
    let target = PathBuf::from(
        pending
            .to_string_lossy()
            .trim_end_matches(".new")
            .to_owned(),
    );
    std::fs::rename(pending, &target)?;
    Ok(target)
}

/// The diff a pending snapshot would make.
pub fn pending_diff(pending: &Path) -> std::io::Result<String> {
    let target = PathBuf::from(
        pending
            .to_string_lossy()
            .trim_end_matches(".new")
            .to_owned(),
    );
    let old = std::fs::read_to_string(&target)
        .map(|t| from_snap(&t))
        .unwrap_or_default();
    let new = from_snap(&std::fs::read_to_string(pending)?);
    Ok(unified_diff(
        &old,
        &new,
        &target.display().to_string(),
        &pending.display().to_string(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snap_files_round_trip_the_transcript() {
        let t = "# a: b\n\n## one: x\n> GET /Users\n";
        assert_eq!(from_snap(&to_snap("okta/a", t)), t.trim_end());
        assert!(
            to_snap("okta/a", t).starts_with("---\nsource: scimgate\nexpression: okta/a\n---\n")
        );
        assert_eq!(
            snap_file(Path::new("d"), "okta/f03"),
            Path::new("d/okta__f03.snap")
        );
    }
}
