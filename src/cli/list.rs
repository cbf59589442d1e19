//! `scimgate list` and `scimgate explain`.

use super::args::{ListArgs, ListWhat, Profile, UsageError};
use crate::check::{AUTO_CHECKS, CheckId};
use crate::scenario::builtin_scenarios;

/// Prints scenarios, checks or faults.
pub(crate) fn list(args: &ListArgs) -> anyhow::Result<i32> {
    match args.what {
        ListWhat::Scenarios => {
            let all = builtin_scenarios().map_err(|e| UsageError(e.to_string()))?;
            for s in all.iter().filter(|s| args.profile.covers(s)) {
                out!(
                    "{:<36} {:<28} {}",
                    s.id,
                    s.file.tags.join(","),
                    s.file.title
                );
                // The RFC profile's step titles name the checklist rows they cover.
                if args.profile == Profile::Rfc {
                    for st in &s.file.steps {
                        out!("    {:<32} {}", st.name, st.title);
                    }
                }
            }
        }
        ListWhat::Checks => {
            for c in CheckId::ALL {
                let auto = if AUTO_CHECKS.contains(c) {
                    " (every response)"
                } else {
                    ""
                };
                out!(
                    "{:<26} {:<7} {}{auto}",
                    c.as_str(),
                    c.severity().as_str(),
                    c.title()
                );
            }
        }
        ListWhat::Faults => {
            for f in crate::reference::Fault::ALL {
                out!("{:<36} {}", f.name(), f.rule());
            }
        }
    }
    Ok(crate::exit::OK)
}

/// Prints one check's catalogue entry.
pub(crate) fn explain(id: &str) -> anyhow::Result<i32> {
    let Some(c) = CheckId::from_id(id) else {
        return Err(
            UsageError(format!("unknown check `{id}` (see `scimgate list checks`)")).into(),
        );
    };
    out!("{}  [{}]", c.as_str(), c.severity().as_str());
    out!("  checks: {}", c.title());
    out!("  rule:   {}", c.rule());
    out!("  fix:    {}", c.hint());
    let meaning = match c.severity() {
        crate::check::Severity::Must => "a failure is an RFC non-conformance (exit 1)",
        crate::check::Severity::Okta => {
            "RFC-legal or RFC-optional, but Okta's provisioning breaks without it (exit 1)"
        }
        crate::check::Severity::Should => {
            "an RFC SHOULD: reported as a warning, the run still passes"
        }
    };
    out!("  severity: {meaning}");
    if AUTO_CHECKS.contains(&c) {
        out!("  runs on: every response");
    }
    Ok(crate::exit::OK)
}
