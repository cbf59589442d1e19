//! `scimgate list` and `scimgate explain`.

use super::args::{ListArgs, ListWhat, Profile, UsageError};
use crate::check::{AUTO_CHECKS, CheckId, Consequence, RfcLevel};
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
            out!(
                "{:<26} {:<11} {:<12} {:<10} {:<6} title",
                "check",
                "okta",
                "entra",
                "oin",
                "rfc"
            );
            for c in CheckId::ALL {
                let auto = if AUTO_CHECKS.contains(c) {
                    " (every response)"
                } else if c.is_written() {
                    ""
                } else {
                    " (judged by the runner)"
                };
                out!(
                    "{:<26} {:<11} {:<12} {:<10} {:<6} {}{auto}",
                    c.as_str(),
                    c.consequence().as_str(),
                    c.entra().as_str(),
                    c.oin().unwrap_or("-"),
                    c.rfc().as_str(),
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
    out!("{}  [{}]", c.as_str(), c.tag());
    out!("  checks: {}", c.title());
    out!("  rule:   {}", c.rule());
    out!("  fix:    {}", c.hint());
    let okta = match c.consequence() {
        Consequence::BreaksOkta => {
            "breaks Okta: a provisioning task fails or data goes wrong (fails the run at every --gate)"
        }
        Consequence::FailsOin => {
            "Okta works, but Okta's own OIN tests fail (fails the run at --gate oin and rfc)"
        }
        Consequence::OktaUnaffected => "none: Okta does not read it",
    };
    out!("  okta:   {okta}");
    let entra = match c.entra() {
        crate::check::EntraConsequence::BreaksEntra => {
            "breaks Entra: in an Entra scenario, provisioning of the object fails or data goes wrong (fails the run at --gate entra and rfc)"
        }
        crate::check::EntraConsequence::EntraUnaffected => {
            "none: no Entra scenario runs it, or Entra carries on"
        }
    };
    out!("  entra:  {entra}");
    if let Some(why) = c.entra_reason() {
        out!("  entra why: {why}");
    }
    if let Some(says) = c.entra_says() {
        out!("  entra says: {says}");
    }
    if let Some(step) = c.oin() {
        out!("  oin:    {step}");
    }
    if let Some(says) = c.okta_says() {
        out!("  okta says: {says}");
    }
    let rfc = match c.rfc() {
        RfcLevel::Must => "MUST: fails the run at --gate rfc",
        RfcLevel::Should => "SHOULD: reported as a warning at every gate",
        RfcLevel::NotRfc => "none: not an RFC requirement",
    };
    out!("  rfc:    {rfc}");
    if AUTO_CHECKS.contains(&c) {
        out!("  runs on: every response");
    }
    Ok(crate::exit::OK)
}
