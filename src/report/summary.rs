//! The end of the console report: one block per failed or errored check, one line per root
//! cause of blocked checks, the `--keep` leftovers, and the summary line with the exit code.
//!
//! A failure block carries what a developer needs to fix the server without opening the JSON
//! report: the rule, expected and actual, the last request and response, the fix, and the
//! `explain` command. Blocked checks are not repeated; their root cause already has a block.
//!
//! ```text
//! Failures
//!
//! ✗ okta/f03-create-user › create › create-201  [must]  RFC 7644 §3.3
//!   answered 200 where 201 was expected
//!   expected: 201
//!   actual:   200
//!   request:  POST /Users
//!             {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"sg-7f3a-…"}
//!   response: 200 application/scim+json
//!             {"id":"u-42","userName":"sg-7f3a-barbara@example.com"}
//!   fix:      Answer a successful POST /Users or /Groups with 201 Created (not 200).
//!   explain:  scimgate explain create-201
//!
//! ⊘ okta/f03-create-user: 2 checks blocked by step `read` (`get-200` error)
//!
//! Summary: 6 pass, 1 fail, 1 warning, 1 error, 2 blocked, 1 skipped  ·  48 requests in 0.41 s  ·  exit 1 (non-conformance)
//! ```
//!
//! `should` failures get a `⚠` block marked as a warning: they are reported but do not make
//! the exit code 1 (see [`crate::exit`]).

use super::console::{Styles, mark};
use super::excerpt;
use crate::check::{CheckId, CheckOutcome, Gate, Verdict};
use crate::exit;
use crate::runner::{RunReport, ScenarioResult, StepResult};
use std::fmt::Write as _;

/// Bodies, expected and actual values in a failure block are cut at this many characters.
const EXCERPT_CHARS: usize = 300;

/// Continuation lines of a labelled field line up under its value.
const INDENT: &str = "            ";

/// The text [`super::ConsoleReporter::finish`] writes.
pub(super) fn render(report: &RunReport, st: &Styles) -> String {
    let mut text = String::new();
    let bad =
        |c: &&CheckOutcome| matches!(c.verdict, Verdict::Fail | Verdict::Error | Verdict::Drift);
    let checks = || {
        report
            .scenarios
            .iter()
            .flat_map(|s| &s.steps)
            .flat_map(|s| &s.checks)
    };
    if checks().any(|c| bad(&c)) {
        let heading = if checks().filter(bad).all(|c| !fails(report, &c)) {
            "Warnings"
        } else {
            "Failures"
        };
        let b = st.bold;
        let _ = writeln!(text, "\n{b}{heading}{b:#}");
    }
    // One block per check id and verdict: the first place it happened in full, then where
    // else the same check failed, so a rule broken everywhere reads as one failure.
    let mut groups: Vec<(GroupKey, Vec<Place<'_>>)> = Vec::new();
    for scenario in &report.scenarios {
        for step in &scenario.steps {
            for check in step.checks.iter().filter(bad) {
                let key = (check.check, check.verdict);
                match groups.iter_mut().find(|(k, _)| *k == key) {
                    Some((_, places)) => places.push((scenario, step, check)),
                    None => groups.push((key, vec![(scenario, step, check)])),
                }
            }
        }
    }
    for (_, places) in &groups {
        let (scenario, step, check) = places[0];
        text.push('\n');
        failure_block(
            &mut text,
            report.gate,
            report.drift_fails,
            scenario,
            step,
            check,
            st,
        );
        if places.len() > 1 {
            let others: Vec<String> = places[1..]
                .iter()
                .map(|(sc, stp, _)| format!("{} › {}", sc.id, stp.name))
                .collect();
            let shown = others
                .iter()
                .take(6)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if others.len() > 6 {
                format!(", +{} more", others.len() - 6)
            } else {
                String::new()
            };
            let _ = writeln!(
                text,
                "  also at:  {} more step(s): {shown}{more}",
                others.len()
            );
        }
    }
    blocked_lines(&mut text, report, st);
    super::capability::block(&mut text, report, st);
    if !report.kept.is_empty() {
        let b = st.bold;
        let _ = writeln!(text, "\n{b}Kept on the target (--keep){b:#}");
        for k in &report.kept {
            let _ = writeln!(
                text,
                "  {:<5}  {}  {}",
                excerpt::kind_label(k.kind),
                k.id,
                k.name
            );
        }
    }
    left_behind_block(&mut text, report, st);
    accepted_block(&mut text, report, st);
    readiness_block(&mut text, report, st);
    entra_block(&mut text, report, st);
    text.push('\n');
    if let Some(fatal) = &report.preflight.fatal {
        let e = st.error;
        let _ = writeln!(text, "{e}could not test:{e:#} {}", excerpt::one_line(fatal));
    }
    if let Some(why) = &report.stopped {
        let e = st.error;
        let _ = writeln!(
            text,
            "{e}stopped:{e:#} {}; what the run created was cleaned up",
            excerpt::one_line(why)
        );
    }
    summary_line(&mut text, report, st);
    text
}

/// What became of each accepted deviation: applied, expired, stale (fails the run), not run.
fn accepted_block(text: &mut String, report: &RunReport, st: &Styles) {
    if report.accepted.is_empty() {
        return;
    }
    let b = st.bold;
    let _ = writeln!(text, "\n{b}Accepted deviations (--accept){b:#}");
    for a in &report.accepted {
        let (mark, style) = match a.state {
            crate::accept::AcceptState::Applied => ("≈", st.warn),
            crate::accept::AcceptState::NotRun => ("–", st.dim),
            _ => ("✗", st.fail),
        };
        let _ = writeln!(text, "  {style}{mark}{style:#} {}", a.line());
    }
}

/// Failures are grouped by check and verdict.
type GroupKey = (CheckId, Verdict);
/// Where a failure happened.
type Place<'a> = (&'a ScenarioResult, &'a StepResult, &'a CheckOutcome);

/// A failure below the gate: reported, but the run does not fail for it.
fn is_warning(gate: Gate, check: &&CheckOutcome) -> bool {
    check.verdict == Verdict::Fail && check.accepted.is_none() && !check.counts_at(gate)
}

/// Whether a shown check fails the run (as opposed to a warning, an accepted deviation or
/// drift under `--drift warn`).
fn fails(report: &RunReport, check: &&CheckOutcome) -> bool {
    match check.verdict {
        Verdict::Fail => check.fails_gate(report.gate),
        Verdict::Drift => report.drift_fails,
        _ => true,
    }
}

fn failure_block(
    text: &mut String,
    gate: Gate,
    drift_fails: bool,
    scenario: &ScenarioResult,
    step: &StepResult,
    check: &CheckOutcome,
    st: &Styles,
) {
    let (mark, style) = mark(check, gate, st);
    let id = check.check.as_str();
    let tag = match check.verdict {
        Verdict::Fail if is_warning(gate, &check) => format!(
            "{}, warning at --gate {}: does not fail the run",
            check.tag(),
            gate.as_str()
        ),
        Verdict::Fail if check.accepted.is_some() => {
            format!("{}, accepted deviation: does not fail the run", check.tag())
        }
        Verdict::Error => format!("{}, could not evaluate", check.tag()),
        Verdict::Drift if !drift_fails => format!(
            "{}, drift from the snapshot, reported only (--drift warn)",
            check.tag()
        ),
        Verdict::Drift => format!("{}, drift from the snapshot", check.tag()),
        _ => check.tag(),
    };
    let _ = writeln!(
        text,
        "{style}{mark}{style:#} {} › {} › {id}  [{tag}]  {}",
        scenario.id,
        step.name,
        check.check.rule_cited()
    );
    let _ = writeln!(text, "  {}", excerpt::one_line(&check.message));
    let field = |text: &mut String, label: &str, value: &str| {
        let _ = writeln!(
            text,
            "  {label:<10}{}",
            excerpt::cut(&excerpt::one_line(value), EXCERPT_CHARS)
        );
    };
    if let Some(reason) = &check.accepted {
        field(text, "accepted:", reason);
    }
    if let Some(expected) = &check.expected {
        field(text, "expected:", expected);
    }
    if let Some(actual) = &check.actual {
        field(text, "actual:", actual);
    }
    if let Some(ex) = excerpt::last_exchange(step) {
        field(text, "request:", &excerpt::request_line(ex));
        if let Some(body) = excerpt::body(ex.request.body.as_deref(), EXCERPT_CHARS) {
            let _ = writeln!(text, "{INDENT}{body}");
        }
        field(text, "response:", &excerpt::response_line(ex));
        if let Some(body) = excerpt::body(ex.response_body.as_deref(), EXCERPT_CHARS) {
            let _ = writeln!(text, "{INDENT}{body}");
        }
    }
    if check.verdict == Verdict::Fail && check.entra.is_some() {
        if let Some(why) = check.check.entra_reason() {
            field(text, "entra:", why);
        }
        if let Some(says) = crate::readiness::entra_text(check.check, step) {
            field(
                text,
                "shows:",
                &format!("Entra's provisioning log shows \"{says}\""),
            );
        }
    } else if check.verdict == Verdict::Fail {
        if let Some(why) = check.check.okta_reason() {
            field(text, "okta:", why);
        }
        if let Some(says) = crate::readiness::okta_text(check.check, step) {
            field(text, "shows:", &format!("Okta shows \"{says}\""));
        }
    }
    if check.verdict != Verdict::Error {
        field(text, "fix:", check.hint());
    }
    field(text, "explain:", &format!("scimgate explain {id}"));
}

/// The admin's checklist: each Okta feature ready, not ready or off, and what to do; then
/// the one-line verdict.
fn readiness_block(text: &mut String, report: &RunReport, st: &Styles) {
    use crate::readiness::ReadyState;
    let Some(r) = &report.okta_readiness else {
        return;
    };
    let b = st.bold;
    let how = features_how(&r.configuration);
    let _ = writeln!(
        text,
        "\n{b}In Okta{b:#} (SCIM 2.0 Test App, OAuth Bearer Token; features {how})"
    );
    for line in &r.features {
        let (mark, style) = match line.state {
            ReadyState::Ready => ("✓", st.pass),
            ReadyState::NotReady => ("✗", st.fail),
            ReadyState::Untested => ("!", st.error),
            ReadyState::Off => ("–", st.dim),
        };
        let why = line
            .why
            .as_deref()
            .map(|w| format!(": {}", excerpt::cut(&excerpt::one_line(w), 160)))
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "  {style}{mark}{style:#} {:<26} {}{why}",
            line.label,
            line.state.as_str()
        );
        if let Some(says) = &line.okta_says {
            let _ = writeln!(
                text,
                "      Okta shows: {}",
                excerpt::cut(&excerpt::one_line(says), 200)
            );
        }
        if line.state != ReadyState::Ready
            && let Some(advice) = &line.advice
        {
            let _ = writeln!(
                text,
                "      {}",
                excerpt::cut(&excerpt::one_line(advice), 200)
            );
        }
    }
    let _ = writeln!(text, "\n{b}{}{b:#}", r.summary);
}

/// The Entra checklist: each capability the Entra scenarios exercised, ready or broken and
/// why; then the one-line verdict.
fn entra_block(text: &mut String, report: &RunReport, st: &Styles) {
    use crate::readiness::ReadyState;
    let Some(r) = &report.entra_readiness else {
        return;
    };
    let b = st.bold;
    let _ = writeln!(
        text,
        "\n{b}In Microsoft Entra ID{b:#} (non-gallery app; with and without aadOptscim062020)"
    );
    for line in &r.lines {
        let (mark, style) = match line.state {
            ReadyState::Ready => ("✓", st.pass),
            ReadyState::NotReady => ("✗", st.fail),
            ReadyState::Untested | ReadyState::Off => ("!", st.error),
        };
        let why = line
            .why
            .as_deref()
            .map(|w| format!(": {}", excerpt::cut(&excerpt::one_line(w), 160)))
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "  {style}{mark}{style:#} {:<26} {}{why}",
            line.label,
            line.state.as_str()
        );
        if let Some(says) = &line.entra_says {
            let _ = writeln!(
                text,
                "      Entra shows: {}",
                excerpt::cut(&excerpt::one_line(says), 200)
            );
        }
    }
    let _ = writeln!(text, "\n{b}{}{b:#}", r.summary);
}

/// How the run's Okta features were chosen, in words (after "features ").
pub(super) fn features_how(configuration: &str) -> &'static str {
    match configuration {
        "declared" => "as declared with --okta-features",
        "inferred" => {
            "inferred from the target's discovery documents (declare them with --okta-features)"
        }
        _ => "all features",
    }
}

/// The objects cleanup could not remove, with the command that removes them.
fn left_behind_block(text: &mut String, report: &RunReport, st: &Styles) {
    if report.left_behind.is_empty() {
        return;
    }
    let (w, b) = (st.warn, st.bold);
    let n = report.left_behind.len();
    let _ = writeln!(
        text,
        "\n{w}{b}Left behind on the target ({n}){b:#}{w:#}: cleanup could not remove {}",
        if n == 1 { "it" } else { "them" }
    );
    for l in &report.left_behind {
        let id = if l.id.is_empty() {
            "(id unknown)"
        } else {
            &l.id
        };
        let why = l
            .detail
            .as_deref()
            .map(|d| format!(": {}", excerpt::one_line(d)))
            .unwrap_or_default();
        let _ = writeln!(
            text,
            "  {:<5}  {id}  {}  ({}, {}{why})",
            excerpt::kind_label(l.kind),
            l.name,
            l.scenario,
            l.result.as_str()
        );
    }
    match &report.left_behind_ledger {
        Some(file) => {
            let _ = writeln!(
                text,
                "  remove them: scimgate cleanup --ledger {file} --base-url {} (token as for run)",
                report.target
            );
        }
        None => {
            let _ = writeln!(
                text,
                "  remove them on the target by hand (no ledger file could be written)"
            );
        }
    }
}

/// One line per scenario and root cause: `2 checks blocked by step `read` (…)`.
fn blocked_lines(text: &mut String, report: &RunReport, st: &Styles) {
    let mut lines: Vec<String> = Vec::new();
    for scenario in &report.scenarios {
        let mut roots: Vec<(&str, usize)> = Vec::new();
        for c in scenario
            .steps
            .iter()
            .flat_map(|s| &s.checks)
            .filter(|c| c.verdict == Verdict::Blocked)
        {
            let root = c.message.strip_prefix("blocked by ").unwrap_or(&c.message);
            match roots.iter_mut().find(|(r, _)| *r == root) {
                Some((_, n)) => *n += 1,
                None => roots.push((root, 1)),
            }
        }
        for (root, n) in roots {
            let (checks, s) = (if n == 1 { "check" } else { "checks" }, st.dim);
            lines.push(format!(
                "{s}⊘{s:#} {}: {n} {checks} blocked by {}",
                scenario.id,
                excerpt::one_line(root)
            ));
        }
    }
    if !lines.is_empty() {
        text.push('\n');
        for l in lines {
            let _ = writeln!(text, "{l}");
        }
    }
}

/// A note when answers stalled for about a second while most came fast: a server with a
/// small listen backlog (5 for Python's socketserver) drops the connections beyond it, and
/// each costs a 1 s SYN retry. `None` when nothing looks like that.
pub(crate) fn stall_note(report: &RunReport) -> Option<String> {
    let mut times: Vec<u64> = report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.exchanges)
        .map(|e| e.elapsed_ms)
        .collect();
    if times.len() < 20 {
        return None;
    }
    times.sort_unstable();
    let median = times[times.len() / 2];
    let stalled = times
        .iter()
        .filter(|t| (1000..1200).contains(*t) || (3000..3200).contains(*t))
        .count();
    (median < 200 && stalled >= 3).then(|| {
        format!(
            "note: {stalled} requests took about 1 s while the median took {median} ms: the target likely drops connections beyond a small listen backlog (each costs a 1 s SYN retry); --max-in-flight 4 sends fewer at once"
        )
    })
}

fn summary_line(text: &mut String, report: &RunReport, st: &Styles) {
    if let Some(note) = stall_note(report) {
        let _ = writeln!(text, "{note}");
    }
    counts_line(text, report, st);
}

/// `Summary: 6 pass, 2 fail (1 warning), … · 48 requests in 0.41 s · exit 1 (non-conformance)`.
pub(super) fn counts_line(text: &mut String, report: &RunReport, st: &Styles) {
    let s = report.summary;
    let warned = match s.warn {
        0 => String::new(),
        1 => ", 1 warning".to_owned(),
        n => format!(", {n} warnings"),
    };
    let accepted = if s.accepted > 0 {
        format!(", {} accepted", s.accepted)
    } else {
        String::new()
    };
    let drift = match s.drift {
        0 => String::new(),
        n if report.drift_fails => format!(", {n} drift"),
        n => format!(", {n} drift (reported only)"),
    };
    let waited = if report.responses_429 > 0 {
        format!(
            " (waited {:.1} s on {} × 429)",
            report.waited_on_429_ms as f64 / 1000.0,
            report.responses_429
        )
    } else {
        String::new()
    };
    let code = exit::for_report(report);
    let meaning = exit::meaning(report, code);
    let style = match code {
        exit::OK => st.pass,
        exit::NONCONFORMANT => st.fail,
        _ => st.error,
    };
    let b = st.bold;
    let _ = writeln!(
        text,
        "{b}Summary:{b:#} {} pass, {} fail{warned}{accepted}, {} error, {} blocked, {} skipped{drift}  ·  {} requests{waited} in {:.2} s  ·  {style}exit {code} ({meaning}){style:#}",
        s.pass,
        s.fail,
        s.error,
        s.blocked,
        s.skipped,
        report.requests,
        report.duration_ms as f64 / 1000.0
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::Preflight;

    fn text(report: &RunReport) -> String {
        render(report, &Styles::new(false))
    }

    #[test]
    fn failure_block_has_expected_actual_exchange_fix_and_explain() {
        let t = text(&crate::report::fixture::report());
        let start = t
            .find("✗ okta/f03-create-user › create › create-201  [breaks-okta, rfc must]  RFC 7644 §3.3\n")
            .expect("block header");
        let block = &t[start..t[start..].find("\n\n").map_or(t.len(), |e| start + e)];
        for want in [
            "\n  answered 200 where 201 was expected\n",
            "\n  expected: 201\n",
            "\n  actual:   200\n",
            "\n  request:  POST /Users\n            {\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],",
            "\n  response: 200 application/scim+json\n            {\"id\":\"u-42\",",
            "\n  fix:      Answer a successful POST /Users or /Groups with 201 Created (not 200).\n",
            "\n  explain:  scimgate explain create-201",
        ] {
            assert!(block.contains(want), "missing {want:?} in:\n{block}");
        }
    }

    #[test]
    fn blocked_checks_are_summarised_not_listed() {
        let t = text(&crate::report::fixture::report());
        assert!(t.contains(
            "\n⊘ okta/f03-create-user: 2 checks blocked by step `read` (`get-200` error)\n"
        ));
        assert!(
            !t.contains("› deactivate ›"),
            "blocked checks must not get failure blocks:\n{t}"
        );
        assert!(t.contains(
            "⚠ okta/f03-create-user › create › echo  [fails-oin (SPEC 6), rfc should, warning at --gate okta: does not fail the run]"
        ));
        assert!(t.contains(
            "! okta/f03-create-user › read › get-200  [breaks-okta, rfc should, could not evaluate]"
        ));
    }

    #[test]
    fn summary_line_counts_and_names_the_exit_code() {
        let t = text(&crate::report::fixture::report());
        assert!(t.ends_with(
            "Summary: 6 pass, 1 fail, 1 warning, 1 error, 2 blocked, 1 skipped  ·  48 requests in 0.41 s  ·  exit 1 (non-conformance)\n"
        ));
        assert!(t.contains("\nKept on the target (--keep)\n  group  g-9  sg-7f3a-admins\n"));
    }

    #[test]
    fn one_second_stalls_among_fast_answers_are_pointed_out() {
        let mut r = crate::report::fixture::report();
        assert_eq!(stall_note(&r), None, "the fixture has no stalls");
        let step = &mut r.scenarios[0].steps[0];
        let template = step.exchanges[0].clone();
        step.exchanges = (0..30)
            .map(|i| {
                let mut e = template.clone();
                e.elapsed_ms = if i % 10 == 0 { 1_020 } else { 7 };
                e
            })
            .collect();
        let note = stall_note(&r).expect("three 1 s answers among 7 ms ones");
        assert!(
            note.contains("3 requests took about 1 s while the median took 7 ms"),
            "{note}"
        );
        assert!(text(&r).contains("--max-in-flight 4"));
        for e in &mut r.scenarios[0].steps[0].exchanges {
            e.elapsed_ms = 1_020;
        }
        assert_eq!(
            stall_note(&r),
            None,
            "a target that is slow throughout is just slow"
        );
    }

    #[test]
    fn left_behind_objects_are_listed_with_the_command_that_removes_them() {
        let t = text(&crate::report::fixture::report());
        assert!(t.contains(
            "\nLeft behind on the target (1): cleanup could not remove it\n  user   u-42  sg-7f3a-barbara@example.com  (okta/f03-create-user, deactivated: DELETE answered 405; the user was deactivated instead)\n  remove them: scimgate cleanup --ledger scimgate-left-behind-sg-7f3a.jsonl --base-url https://scim.example.com/scim/v2/ (token as for run)\n"
        ), "{t}");
        let mut report = crate::report::fixture::report();
        report.scenarios.truncate(1);
        report.summary = Default::default();
        assert!(
            text(&report).ends_with("exit 3 (objects left behind on the target)\n"),
            "a run that leaves objects behind never exits 0"
        );
    }

    #[test]
    fn a_fatal_preflight_says_could_not_test() {
        let mut report = crate::report::fixture::report();
        report.scenarios.clear();
        report.kept.clear();
        report.left_behind.clear();
        report.summary = Default::default();
        report.preflight = Preflight {
            status: None,
            error: Some("refused".into()),
            fatal: Some("could not reach the target: refused".into()),
        };
        assert_eq!(
            text(&report),
            "\ncould not test: could not reach the target: refused\n\
             Summary: 0 pass, 0 fail, 0 error, 0 blocked, 0 skipped  ·  48 requests in 0.41 s  ·  exit 3 (could not test)\n"
        );
    }
}
