//! The capability table: what a target did with each optional part of the protocol a
//! `capability:` step exercised (filter operators, `and`, `or`, value paths), grouped by state.
//! RFC 7644 Table 9 lets a server refuse a filter it does not support, so refusals are listed
//! here, not among the failures; a wrong answer is both here and a failure. The console prints
//! it after the failures, the JSON report carries its rows as `capabilities`.

use super::console::Styles;
use super::excerpt;
use crate::runner::{CapabilityResult, CapabilityState, RunReport};
use serde::Serialize;
use std::fmt::Write as _;

/// One row: a capability step's result, where it ran.
#[derive(Serialize)]
pub(super) struct CapabilityRow<'a> {
    pub(super) scenario: &'a str,
    pub(super) step: &'a str,
    #[serde(flatten)]
    pub(super) result: &'a CapabilityResult,
}

/// Every capability step's result, in scenario and step order.
pub(super) fn rows(report: &RunReport) -> Vec<CapabilityRow<'_>> {
    report
        .scenarios
        .iter()
        .flat_map(|s| {
            s.steps.iter().filter_map(move |st| {
                st.capability.as_ref().map(|c| CapabilityRow {
                    scenario: &s.id,
                    step: &st.name,
                    result: c,
                })
            })
        })
        .collect()
}

/// The console block: one line per state, naming the capabilities in it.
pub(super) fn block(text: &mut String, report: &RunReport, st: &Styles) {
    let rows = rows(report);
    if rows.is_empty() {
        return;
    }
    let b = st.bold;
    let _ = writeln!(
        text,
        "\n{b}Filter support{b:#} (RFC 7644 Table 9 lets a server refuse, with 400 invalidFilter, a filter it does not support; Okta sends only those marked Okta)"
    );
    for state in [
        CapabilityState::Supported,
        CapabilityState::Refused,
        CapabilityState::Wrong,
        CapabilityState::Untested,
    ] {
        let here: Vec<&CapabilityRow<'_>> =
            rows.iter().filter(|r| r.result.state == state).collect();
        if here.is_empty() {
            continue;
        }
        let style = match state {
            CapabilityState::Supported => st.pass,
            CapabilityState::Wrong => st.fail,
            CapabilityState::Refused | CapabilityState::Untested => st.dim,
        };
        // Untested ones are grouped by why (`it needs `or`, which the target refuses`).
        let groups: Vec<(Option<&str>, Vec<&CapabilityRow<'_>>)> =
            if state == CapabilityState::Untested {
                let mut g: Vec<(Option<&str>, Vec<&CapabilityRow<'_>>)> = Vec::new();
                for r in here {
                    let why = r.result.detail.as_deref();
                    match g.iter_mut().find(|(w, _)| *w == why) {
                        Some((_, list)) => list.push(r),
                        None => g.push((why, vec![r])),
                    }
                }
                g
            } else {
                vec![(None, here)]
            };
        for (i, (why, group)) in groups.iter().enumerate() {
            // The same capability met in two scenarios is named once.
            let mut names: Vec<String> = Vec::new();
            for n in group.iter().map(|r| name(r.result, state)) {
                if !names.contains(&n) {
                    names.push(n);
                }
            }
            let mut line = names.join(", ");
            if let Some(why) = why {
                let _ = write!(line, ": {}", excerpt::cut(&excerpt::one_line(why), 160));
            }
            if state == CapabilityState::Wrong {
                line.push_str(" (see the failures above)");
            }
            let label = if i == 0 { state.label() } else { "" };
            let _ = writeln!(text, "  {style}{label:<27}{style:#} {line}");
        }
    }
}

/// A capability's name in its line: Okta's needs marked, a refusal's wording quoted once.
fn name(c: &CapabilityResult, state: CapabilityState) -> String {
    let mut n = c.name.clone();
    if c.okta {
        n.push_str(" [Okta needs it]");
    }
    if state == CapabilityState::Refused
        && let Some(d) = &c.detail
    {
        let _ = write!(n, " ({})", excerpt::cut(&excerpt::one_line(d), 90));
    }
    n
}
