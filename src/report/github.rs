//! GitHub Actions output (`--github`, on by default when `GITHUB_ACTIONS=true`): a Markdown step
//! summary appended to `$GITHUB_STEP_SUMMARY`, and workflow commands (`::error`, `::warning`)
//! that GitHub shows as annotations on the run.
//!
//! Only what fails the gate is an `::error`; warnings below the gate, accepted deviations and
//! drift under `--drift warn` are `::warning`s, so an annotation's colour agrees with the exit
//! code. One annotation per check id (the first place it failed, with a count of the others),
//! since GitHub shows at most ten errors per step. Everything passes through the [`Redactor`].
//!
//! ```text
//! ::error title=scimgate: create-201 (breaks-okta)::okta/f03-create-user › create: answered 200 where 201 was expected. Fix: Answer a successful POST /Users … (and 2 more steps)
//! ```

use crate::check::{CheckId, CheckOutcome, Verdict};
use crate::runner::{RunReport, ScenarioResult, StepResult};
use crate::secret::Redactor;
use std::fmt::Write as _;
use std::io::{self, Write};

/// How a shown check is annotated.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Error,
    Warning,
}

type Place<'a> = (&'a ScenarioResult, &'a StepResult, &'a CheckOutcome);

/// The failures worth showing, grouped by check id and level, in run order.
fn groups(report: &RunReport) -> Vec<(Level, CheckId, Vec<Place<'_>>)> {
    let mut out: Vec<(Level, CheckId, Vec<Place<'_>>)> = Vec::new();
    for sc in &report.scenarios {
        for st in &sc.steps {
            for c in &st.checks {
                let level = match c.verdict {
                    Verdict::Fail if crate::readiness::fails_run(report, st, c) => Level::Error,
                    Verdict::Fail => Level::Warning,
                    Verdict::Drift if report.drift_fails => Level::Error,
                    Verdict::Drift => Level::Warning,
                    Verdict::Error => Level::Error,
                    _ => continue,
                };
                match out
                    .iter_mut()
                    .find(|(l, id, _)| *l == level && *id == c.check)
                {
                    Some((_, _, places)) => places.push((sc, st, c)),
                    None => out.push((level, c.check, vec![(sc, st, c)])),
                }
            }
        }
    }
    out
}

/// Escapes a workflow command's message (`%`, CR, LF) or property (also `:` and `,`).
fn escape(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// The workflow commands, one line each.
pub fn annotations(report: &RunReport, redactor: &Redactor) -> String {
    let mut text = String::new();
    if let Some(fatal) = &report.preflight.fatal {
        let _ = writeln!(
            text,
            "::error title={}::{}",
            escape("scimgate: could not test", true),
            escape(&redactor.redact(fatal), false)
        );
    }
    for (level, id, places) in groups(report) {
        let (sc, st, c) = places[0];
        let kind = match (level, c.verdict) {
            (_, Verdict::Error) => "could not evaluate".to_owned(),
            (_, Verdict::Drift) => "drift".to_owned(),
            (_, _) if c.accepted.is_some() => "accepted deviation".to_owned(),
            (Level::Warning, _) => format!("{}, warning", c.consequence_label()),
            (Level::Error, _) => c.consequence_label().to_owned(),
        };
        let more = match places.len() {
            1 => String::new(),
            2 => " (and 1 more step)".to_owned(),
            n => format!(" (and {} more steps)", n - 1),
        };
        let fix = if c.verdict == Verdict::Fail {
            format!(" Fix: {}", c.hint())
        } else {
            String::new()
        };
        let message = format!("{} › {}: {}.{fix}{more}", sc.id, st.name, c.message);
        let _ = writeln!(
            text,
            "::{}::{}",
            match level {
                Level::Error => format!(
                    "error title={}",
                    escape(&format!("scimgate: {} ({kind})", id.as_str()), true)
                ),
                Level::Warning => format!(
                    "warning title={}",
                    escape(&format!("scimgate: {} ({kind})", id.as_str()), true)
                ),
            },
            escape(&redactor.redact(&message), false)
        );
    }
    text
}

/// A Markdown table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    super::excerpt::cut(&super::excerpt::one_line(s), 200).replace('|', "\\|")
}

/// The step summary in Markdown.
pub fn step_summary(report: &RunReport, redactor: &Redactor) -> String {
    let code = crate::exit::for_report(report);
    let mark = match code {
        crate::exit::OK => "✅",
        crate::exit::NONCONFORMANT => "❌",
        _ => "⚠️",
    };
    let mut md = String::new();
    let _ = writeln!(
        md,
        "## {mark} scimgate: exit {code} ({})\n",
        crate::exit::meaning(report, code)
    );
    let _ = writeln!(
        md,
        "Target `{}` · gate `{}` · run prefix `{}` · seed {}\n",
        report.target,
        report.gate.as_str(),
        report.run_prefix,
        report.seed
    );
    if let Some(fatal) = &report.preflight.fatal {
        let _ = writeln!(md, "**Could not test:** {}\n", cell(fatal));
    }
    if let Some(r) = &report.okta_readiness {
        let _ = writeln!(md, "**{}**\n", cell(&r.summary));
        let _ = writeln!(md, "| Okta feature | State | Why |\n|---|---|---|");
        for f in &r.features {
            let icon = match f.state {
                crate::readiness::ReadyState::Ready => "✅",
                crate::readiness::ReadyState::NotReady => "❌",
                crate::readiness::ReadyState::Untested => "⚠️",
                crate::readiness::ReadyState::Off => "➖",
            };
            let _ = writeln!(
                md,
                "| {} | {icon} {} | {} |",
                f.label,
                f.state.as_str(),
                cell(f.why.as_deref().unwrap_or(""))
            );
        }
        md.push('\n');
    }
    if let Some(r) = &report.entra_readiness {
        let _ = writeln!(md, "**{}**\n", cell(&r.summary));
        let _ = writeln!(md, "| Entra capability | State | Why |\n|---|---|---|");
        for l in &r.lines {
            let icon = match l.state {
                crate::readiness::ReadyState::Ready => "✅",
                crate::readiness::ReadyState::NotReady => "❌",
                crate::readiness::ReadyState::Untested | crate::readiness::ReadyState::Off => "⚠️",
            };
            let _ = writeln!(
                md,
                "| {} | {icon} {} | {} |",
                l.label,
                l.state.as_str(),
                cell(l.why.as_deref().unwrap_or(""))
            );
        }
        md.push('\n');
    }
    let s = report.summary;
    let _ = writeln!(
        md,
        "{} pass · {} fail · {} warnings · {} accepted · {} error · {} blocked · {} skipped · {} drift · {} requests in {:.2} s\n",
        s.pass,
        s.fail,
        s.warn,
        s.accepted,
        s.error,
        s.blocked,
        s.skipped,
        s.drift,
        report.requests,
        report.duration_ms as f64 / 1000.0
    );
    let groups = groups(report);
    for (level, title) in [
        (Level::Error, "Failing the run"),
        (Level::Warning, "Warnings (do not fail the run)"),
    ] {
        let rows: Vec<_> = groups.iter().filter(|(l, _, _)| *l == level).collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(md, "### {title}\n");
        let _ = writeln!(
            md,
            "| Check | Where | What happened | Fix |\n|---|---|---|---|"
        );
        for (_, id, places) in rows {
            let (sc, st, c) = places[0];
            let more = if places.len() > 1 {
                format!(" (+{} more)", places.len() - 1)
            } else {
                String::new()
            };
            let what = match &c.accepted {
                Some(reason) => format!("{} (accepted: {reason})", c.message),
                None => c.message.clone(),
            };
            let _ = writeln!(
                md,
                "| `{}` {} | {} › {}{more} | {} | {} |",
                id.as_str(),
                c.tag(),
                sc.id,
                st.name,
                cell(&what),
                cell(if c.verdict == Verdict::Fail {
                    c.hint()
                } else {
                    ""
                })
            );
        }
        md.push('\n');
    }
    if !report.accepted.is_empty() {
        let _ = writeln!(md, "### Accepted deviations\n");
        for a in &report.accepted {
            let _ = writeln!(md, "- {}", cell(&a.line()));
        }
        md.push('\n');
    }
    if !report.left_behind.is_empty() {
        let _ = writeln!(
            md,
            "### Left on the target\n\n{} object(s) cleanup could not remove: `scimgate cleanup --ledger {}`\n",
            report.left_behind.len(),
            report.left_behind_ledger.as_deref().unwrap_or("FILE")
        );
    }
    redactor.redact(&md)
}

/// Writes the annotations to `out` and appends the step summary to `summary` when given.
pub fn write_github(
    report: &RunReport,
    redactor: &Redactor,
    out: &mut dyn Write,
    summary: Option<&mut dyn Write>,
) -> io::Result<()> {
    out.write_all(annotations(report, redactor).as_bytes())?;
    out.flush()?;
    if let Some(s) = summary {
        s.write_all(step_summary(report, redactor).as_bytes())?;
        s.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gate_failures_are_errors_and_warnings_are_warnings() {
        let report = crate::report::fixture::report();
        let text = annotations(&report, &Redactor::new(std::iter::empty()));
        assert!(
            text.contains("::error title=scimgate%3A create-201 (breaks-okta)::okta/f03-create-user › create: answered 200 where 201 was expected. Fix: "),
            "{text}"
        );
        assert!(text.lines().all(|l| l.starts_with("::")), "{text}");
        let warnings = text.lines().filter(|l| l.starts_with("::warning")).count();
        assert_eq!(warnings, report.summary.warn as usize, "{text}");
    }

    #[test]
    fn messages_are_escaped_and_redacted() {
        assert_eq!(escape("50%\nx", false), "50%25%0Ax");
        assert_eq!(escape("a: b, c", true), "a%3A b%2C c");
        let md = step_summary(
            &crate::report::fixture::report(),
            &Redactor::new([crate::secret::Secret::new("u-42")].iter()),
        );
        assert!(
            md.starts_with("## ❌ scimgate: exit 1 (non-conformance)"),
            "{md}"
        );
        assert!(md.contains("| `create-201`"), "{md}");
        assert!(!md.contains("u-42"), "{md}");
    }
}
