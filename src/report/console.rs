//! The human report: live lines while the run works, then failures and a summary at the end.
//!
//! The runner never prints; it emits [`RunEvent`]s and [`ConsoleReporter::on_event`] renders
//! them. Scenarios finish concurrently, so the writer sits behind a mutex and each event is
//! written as one block that cannot interleave with another. The lines are plain (fine in CI
//! logs and terminals alike); colour is added only when asked for. Every line passes through
//! the [`Redactor`] before it is written.
//!
//! ```text
//! scimgate → https://scim.example.com/scim/v2/  (2 scenarios, prefix sg-7f3a, seed 7)
//! Test API Credentials: GET /Users?startIndex=1&count=2 → 200
//! PASS okta/f01-list-users (1 step, 41 ms)
//! FAIL okta/f03-create-user (4 steps, 132 ms)
//!   ✗ create › create-201 [must] answered 200 where 201 was expected
//!   ⚠ create › echo [should] `name.givenName` came back changed
//!   ! read › get-200 [must] the 200 body has no resource
//!   ⊘ deactivate › read-back [must] blocked by step `read` (`get-200` error)
//!   – filter › filter-case-insensitive [must] not selected (--checks)
//!   cleanup: user sg-7f3a-barbara@example.com deactivated (DELETE answered 405; the user was deactivated instead)
//! ```
//!
//! Marks: `✓` pass (shown with `verbose`), `✗` fail, `⚠` fail of a `should` check (a
//! warning: it does not fail the run), `!` error, `⊘` blocked, `–` skipped, `~` drift.
//! [`ConsoleReporter::finish`] then writes the failure blocks and the summary (see
//! `summary.rs`).

use super::excerpt;
use super::summary;
use crate::check::{CheckOutcome, Gate, Verdict};
use crate::runner::{RunEvent, RunReport, ScenarioResult};
use crate::secret::Redactor;
use anstyle::{AnsiColor, Style};
use std::fmt::Write as _;
use std::io::Write;
use std::sync::Mutex;

/// Skipped checks sharing one reason are one console line from this many on.
const SKIPS_GROUPED: usize = 3;

/// Check messages in live output are cut at this many characters.
const MESSAGE_CHARS: usize = 200;

/// Renders run events and the final report as text for people.
pub struct ConsoleReporter {
    out: Mutex<Box<dyn Write + Send>>,
    styles: Styles,
    verbose: bool,
    redactor: Redactor,
    gate: Gate,
    /// The live status line (a terminal only): what runs, for how long.
    progress: Option<Mutex<Progress>>,
}

/// What the status line shows: scenarios done of all, and the ones in flight since when.
#[derive(Default)]
struct Progress {
    total: usize,
    done: usize,
    running: Vec<(String, std::time::Instant)>,
    started: Option<std::time::Instant>,
    shown: bool,
}

impl Progress {
    fn line(&self) -> String {
        let elapsed = self.started.map_or(0.0, |t| t.elapsed().as_secs_f64());
        let mut running: Vec<String> = self
            .running
            .iter()
            .take(3)
            .map(|(id, t)| format!("{id} {:.0} s", t.elapsed().as_secs_f64()))
            .collect();
        if self.running.len() > 3 {
            running.push(format!("+{}", self.running.len() - 3));
        }
        let line = format!(
            "… {}/{} scenarios done · {elapsed:.0} s · running {}",
            self.done,
            self.total,
            running.join(", ")
        );
        excerpt::cut(&line, 110)
    }
}

impl ConsoleReporter {
    /// A reporter writing to `out`; `color` adds ANSI styles, `verbose` also lists passes.
    pub fn new(out: Box<dyn Write + Send>, color: bool, verbose: bool, redactor: Redactor) -> Self {
        Self {
            out: Mutex::new(out),
            styles: Styles::new(color),
            verbose,
            redactor,
            gate: Gate::default(),
            progress: None,
        }
    }

    /// Shows a status line under the output (what runs, for how long), redrawn by
    /// [`ConsoleReporter::tick`]: for a terminal only, never in CI logs.
    pub fn with_progress(mut self, on: bool) -> Self {
        self.progress = on.then(|| Mutex::new(Progress::default()));
        self
    }

    /// Redraws the status line (call it a few times a second; a no-op without progress).
    pub fn tick(&self) {
        let Some(p) = &self.progress else { return };
        let mut out = self
            .out
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut p = p.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if p.started.is_none() || p.running.is_empty() {
            return;
        }
        let st = self.styles.dim;
        let _ = write!(
            out,
            "\r\x1b[2K{st}{}{st:#}",
            self.redactor.redact(&p.line())
        );
        let _ = out.flush();
        p.shown = true;
    }

    fn track(&self, event: &RunEvent) {
        let Some(p) = &self.progress else { return };
        let mut p = p.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match event {
            RunEvent::RunStarted { scenarios, .. } => {
                p.total = *scenarios;
                p.started = Some(std::time::Instant::now());
            }
            RunEvent::ScenarioStarted { id } => {
                p.running.push((id.clone(), std::time::Instant::now()));
            }
            RunEvent::ScenarioFinished { result } => {
                p.done += 1;
                p.running.retain(|(id, _)| *id != result.id);
            }
            _ => {}
        }
    }

    /// The gate the run fails at: failures below it are shown as warnings.
    pub fn with_gate(mut self, gate: Gate) -> Self {
        self.gate = gate;
        self
    }

    /// Renders one event as it happens (safe to call from concurrent tasks).
    pub fn on_event(&self, event: &RunEvent) {
        self.track(event);
        let text = match event {
            RunEvent::RunStarted {
                target,
                scenarios,
                prefix,
                seed,
            } => {
                let plural = if *scenarios == 1 { "" } else { "s" };
                format!(
                    "scimgate → {}  ({scenarios} scenario{plural}, prefix {prefix}, seed {seed})\n",
                    without_userinfo(target)
                )
            }
            RunEvent::PreflightDone { outcome } => {
                let answer = match outcome {
                    Ok(status) => status.to_string(),
                    Err(e) => format!("no answer: {}", excerpt::one_line(e)),
                };
                format!("Test API Credentials: GET /Users?startIndex=1&count=2 → {answer}\n")
            }
            RunEvent::ScenarioStarted { .. } => return,
            RunEvent::ScenarioFinished { result } => self.scenario_block(result),
            RunEvent::RateLimited { waited_secs } => {
                let s = self.styles.dim;
                format!("{s}rate limited (429): waited {waited_secs:.1} s{s:#}\n")
            }
        };
        self.write(&text);
    }

    /// Writes the failures, blocked checks, `--keep` leftovers and the summary line.
    pub fn finish(&self, report: &RunReport) {
        self.write(&summary::render(report, &self.styles));
    }

    fn scenario_block(&self, result: &ScenarioResult) -> String {
        let st = &self.styles;
        let (label, style) = scenario_label(result, self.gate, st);
        let steps = result.steps.len();
        let plural = if steps == 1 { "" } else { "s" };
        let mut text = format!(
            "{style}{label}{style:#} {} ({steps} step{plural}, {} ms)\n",
            result.id, result.duration_ms
        );
        // A scenario skipped as a whole (its Okta feature is off) says why once.
        let all: Vec<&CheckOutcome> = result.steps.iter().flat_map(|s| &s.checks).collect();
        if let Some(first) = all.first()
            && all
                .iter()
                .all(|c| c.verdict == Verdict::Skipped && c.message == first.message)
        {
            let s = st.dim;
            let _ = writeln!(text, "  {s}–{s:#} every step skipped: {}", first.message);
            return text;
        }
        // Skips sharing one reason (every step needing a refused `or`) read as one line.
        let mut skips: Vec<(&str, Vec<String>)> = Vec::new();
        for step in &result.steps {
            for c in step.checks.iter().filter(|c| c.verdict == Verdict::Skipped) {
                let at = format!("{} › {}", step.name, c.check.as_str());
                match skips.iter_mut().find(|(m, _)| *m == c.message) {
                    Some((_, places)) => places.push(at),
                    None => skips.push((&c.message, vec![at])),
                }
            }
        }
        let grouped = |c: &CheckOutcome| {
            !self.verbose
                && c.verdict == Verdict::Skipped
                && skips
                    .iter()
                    .any(|(m, places)| *m == c.message && places.len() >= SKIPS_GROUPED)
        };
        for step in &result.steps {
            for check in step
                .checks
                .iter()
                .filter(|c| self.verbose || c.verdict != Verdict::Pass)
                .filter(|c| !grouped(c))
            {
                let (mark, style) = mark(check, self.gate, st);
                let message = excerpt::cut(&excerpt::one_line(&check.message), MESSAGE_CHARS);
                let _ = writeln!(
                    text,
                    "  {style}{mark}{style:#} {} › {} [{}] {message}",
                    step.name,
                    check.check.as_str(),
                    check.tag()
                );
            }
        }
        for (message, places) in skips
            .iter()
            .filter(|(_, p)| !self.verbose && p.len() >= SKIPS_GROUPED)
        {
            let s = st.dim;
            let message = excerpt::cut(&excerpt::one_line(message), MESSAGE_CHARS);
            let _ = writeln!(
                text,
                "  {s}–{s:#} {} checks skipped ({}, +{} more): {message}",
                places.len(),
                places[..2].join(", "),
                places.len() - 2
            );
        }
        for c in result
            .cleanup
            .iter()
            .filter(|c| c.result != "deleted" && c.result != "already-gone")
        {
            let detail = c
                .detail
                .as_deref()
                .map(|d| format!(" ({})", excerpt::one_line(d)))
                .unwrap_or_default();
            let s = st.warn;
            let _ = writeln!(
                text,
                "  {s}cleanup:{s:#} {} {} {}{detail}",
                excerpt::kind_label(c.kind),
                c.name,
                c.result.as_str()
            );
        }
        text
    }

    /// Writes text, redacted, as one block; console write errors (a closed pipe) are ignored.
    fn write(&self, text: &str) {
        let text = text
            .lines()
            .map(|l| self.redactor.redact(l) + "\n")
            .collect::<String>();
        let mut out = self
            .out
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(p) = &self.progress {
            let mut p = p.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            if p.shown {
                let _ = out.write_all(b"\r\x1b[2K");
                p.shown = false;
            }
        }
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }
}

/// The styles of the console report; all plain when colour is off.
#[derive(Clone, Copy, Debug)]
pub(super) struct Styles {
    pub(super) pass: Style,
    pub(super) fail: Style,
    pub(super) warn: Style,
    pub(super) error: Style,
    pub(super) dim: Style,
    pub(super) bold: Style,
}

impl Styles {
    pub(super) fn new(color: bool) -> Self {
        if !color {
            let plain = Style::new();
            return Self {
                pass: plain,
                fail: plain,
                warn: plain,
                error: plain,
                dim: plain,
                bold: plain,
            };
        }
        let fg = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
        Self {
            pass: fg(AnsiColor::Green).bold(),
            fail: fg(AnsiColor::Red).bold(),
            warn: fg(AnsiColor::Yellow),
            error: fg(AnsiColor::Magenta).bold(),
            dim: Style::new().dimmed(),
            bold: Style::new().bold(),
        }
    }
}

/// The mark and style of one check: a failure below the gate is a warning (`⚠`), an accepted
/// deviation `≈`.
pub(super) fn mark(check: &CheckOutcome, gate: Gate, st: &Styles) -> (&'static str, Style) {
    match check.verdict {
        Verdict::Pass => ("✓", st.pass),
        Verdict::Fail if check.accepted.is_some() => ("≈", st.warn),
        Verdict::Fail if !check.counts_at(gate) => ("⚠", st.warn),
        Verdict::Fail => ("✗", st.fail),
        Verdict::Error => ("!", st.error),
        Verdict::Blocked => ("⊘", st.dim),
        Verdict::Skipped => ("–", st.dim),
        Verdict::Drift => ("~", st.fail),
    }
}

/// The scenario's label; failures below the gate alone make it a warning, not a failure.
fn scenario_label(result: &ScenarioResult, gate: Gate, st: &Styles) -> (&'static str, Style) {
    if result.interrupted {
        return ("INTERRUPTED", st.error);
    }
    let checks = || result.steps.iter().flat_map(|s| &s.checks);
    let verdict = crate::runner::worst(checks().map(|c| match c.verdict {
        Verdict::Fail if !c.fails_gate(gate) => Verdict::Pass,
        v => v,
    }));
    let warned = checks().any(|c| c.verdict == Verdict::Fail && !c.fails_gate(gate));
    match verdict {
        Verdict::Pass | Verdict::Skipped if warned => ("WARN", st.warn),
        Verdict::Pass => ("PASS", st.pass),
        Verdict::Fail => ("FAIL", st.fail),
        Verdict::Error => ("ERROR", st.error),
        Verdict::Blocked => ("BLOCKED", st.dim),
        Verdict::Skipped => ("SKIPPED", st.dim),
        Verdict::Drift => ("DRIFT", st.fail),
    }
}

/// The target without `user:password@` (the runner's event carries the URL as given).
fn without_userinfo(target: &str) -> String {
    match url::Url::parse(target) {
        Ok(mut u) if !u.username().is_empty() || u.password().is_some() => {
            let _ = u.set_username("");
            let _ = u.set_password(None);
            u.to_string()
        }
        _ => target.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture::{self, Buffer};

    fn render(color: bool, verbose: bool) -> String {
        let report = fixture::report();
        let buf = Buffer::default();
        let console =
            ConsoleReporter::new(Box::new(buf.clone()), color, verbose, fixture::redactor());
        for e in fixture::events(&report) {
            console.on_event(&e);
        }
        console.finish(&report);
        buf.text()
    }

    #[test]
    fn console_report_snapshot() {
        let text = render(false, false);
        fixture::snapshot_settings().bind(|| insta::assert_snapshot!("report__console", text));
    }

    #[test]
    fn console_lists_non_pass_checks_live_and_passes_only_when_verbose() {
        let quiet = render(false, false);
        assert!(quiet.contains("PASS okta/f01-list-users (1 step, 41 ms)\n"));
        assert!(quiet.contains("FAIL okta/f03-create-user (4 steps, 132 ms)\n"));
        assert!(quiet.contains(
            "  ✗ create › create-201 [breaks-okta, rfc must] answered 200 where 201 was expected\n"
        ));
        assert!(quiet.contains("  ⚠ create › echo [fails-oin (SPEC 6), rfc should] "));
        assert!(quiet.contains("  ! read › get-200 [breaks-okta, rfc should] "));
        assert!(
            quiet.contains(
                "  ⊘ deactivate › read-back [breaks-okta, rfc must] blocked by step `read`"
            )
        );
        assert!(quiet.contains(
            "  – filter › filter-case-insensitive [breaks-okta, rfc must] not selected (--checks)\n"
        ));
        assert!(quiet.contains(
            "  cleanup: user sg-7f3a-barbara@example.com deactivated (DELETE answered 405;"
        ));
        assert!(!quiet.contains('✓'));
        assert!(render(false, true).contains(
            "  ✓ list › list-response [breaks-okta, rfc must] a ListResponse with totalResults 0\n"
        ));
    }

    #[test]
    fn console_reporter_plugs_into_the_runners_event_sink() {
        let buf = Buffer::default();
        let console = std::sync::Arc::new(ConsoleReporter::new(
            Box::new(buf.clone()),
            false,
            false,
            fixture::redactor(),
        ));
        let sink: crate::runner::EventSink = std::sync::Arc::new(move |e| console.on_event(&e));
        sink(RunEvent::RateLimited { waited_secs: 1.5 });
        assert_eq!(buf.text(), "rate limited (429): waited 1.5 s\n");
    }

    #[test]
    fn the_status_line_names_what_runs_and_is_cleared_before_the_next_output() {
        let buf = Buffer::default();
        let console =
            ConsoleReporter::new(Box::new(buf.clone()), false, false, fixture::redactor())
                .with_progress(true);
        console.on_event(&RunEvent::RunStarted {
            target: "https://scim.example.com/v2".into(),
            scenarios: 2,
            prefix: "sg-7f3a".into(),
            seed: 7,
        });
        console.on_event(&RunEvent::ScenarioStarted {
            id: "okta/f15-big-group".into(),
        });
        console.tick();
        let shown = buf.text();
        assert!(
            shown.ends_with("\r\x1b[2K… 0/2 scenarios done · 0 s · running okta/f15-big-group 0 s"),
            "{shown:?}"
        );
        console.on_event(&RunEvent::RateLimited { waited_secs: 1.0 });
        assert!(
            buf.text()[shown.len()..].starts_with("\r\x1b[2Krate limited"),
            "the status line is wiped before a line is written: {:?}",
            buf.text()
        );
        // Without progress (CI, a pipe), no control characters at all.
        let plain = Buffer::default();
        let quiet =
            ConsoleReporter::new(Box::new(plain.clone()), false, false, fixture::redactor());
        quiet.on_event(&RunEvent::ScenarioStarted { id: "x".into() });
        quiet.tick();
        assert_eq!(plain.text(), "");
    }

    #[test]
    fn console_colours_only_when_asked() {
        assert!(!render(false, true).contains('\u{1b}'));
        assert!(render(true, true).contains("\u{1b}["));
    }

    #[test]
    fn console_hides_userinfo_and_reports_a_failed_preflight() {
        let buf = Buffer::default();
        let console =
            ConsoleReporter::new(Box::new(buf.clone()), false, false, fixture::redactor());
        console.on_event(&RunEvent::RunStarted {
            target: "https://me:pw@scim.example.com/v2".into(),
            scenarios: 1,
            prefix: "sg-1".into(),
            seed: 3,
        });
        console.on_event(&RunEvent::PreflightDone {
            outcome: Err("connection refused".into()),
        });
        assert_eq!(
            buf.text(),
            "scimgate → https://scim.example.com/v2  (1 scenario, prefix sg-1, seed 3)\n\
             Test API Credentials: GET /Users?startIndex=1&count=2 → no answer: connection refused\n"
        );
    }

    #[test]
    fn scenario_with_only_should_failures_is_a_warning() {
        let mut s = fixture::report().scenarios[1].clone();
        s.steps.truncate(1);
        s.steps[0].checks.remove(1);
        assert_eq!(
            scenario_label(&s, Gate::Okta, &Styles::new(false)).0,
            "WARN"
        );
    }
}
