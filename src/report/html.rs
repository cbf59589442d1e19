//! The HTML certification report (`--html FILE`): one self-contained page a vendor
//! self-certifying before submitting to Okta can hand to Okta's reviewers or to a customer's
//! IT team, who will open it in a browser or print it rather than read JSON or JUnit.
//!
//! The page reads top-down in the order a reviewer asks: the verdict line (the one the console
//! ends with), the exit code and the gate; the admin's checklist (each Okta feature ready, not
//! ready, untested or off, with the checks that break it); Okta's OIN tests (the SPEC steps)
//! and the RFC standing; then every scenario, step and check with its outcome, rule and fix,
//! the reasons of skipped and blocked ones, and, under each failure, the exchanges behind it
//! (redacted, bodies cut, folded in `<details>`); last the [`Provenance`] (version, fingerprint
//! of what ran, target and its server headers, start time, seed, run prefix, the command).
//!
//! It loads nothing: the CSS is inline, there is no script, font or image, and the collapsible
//! parts are `<details>` elements, so it opens offline and prints. Every text is HTML-escaped
//! after the [`Redactor`] masked it, and the whole page passes the redactor again before it is
//! written, as the JSON and JUnit reports do.
//!
//! ```html
//! <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>scimgate report: …</title><style>…</style></head>
//! <body><main>
//! <header id="verdict"><p class="verdict bad">Okta provisioning: not ready for Create Users … </p>…</header>
//! <section id="okta"><h2>In Okta: the admin's checklist</h2><table>…</table></section>
//! <section id="oin">…</section><section id="rfc">…</section>
//! <section id="scenarios"><details class="scenario" open><summary>…okta/f03-create-user…</summary>
//!   <table class="checks"><tr class="o-fail"><td>✗ fail</td><td><code>create-201</code></td>…</tr></table>
//! </details></section>
//! <section id="provenance"><dl>…</dl></section>
//! </main></body></html>
//! ```

use super::console::Styles;
use super::provenance::Provenance;
use super::{excerpt, summary};
use crate::check::{CheckOutcome, Verdict};
use crate::readiness::{ReadyState, fails_run, is_spec_step};
use crate::runner::{Exchange, RunReport, ScenarioResult, StepResult};
use crate::secret::Redactor;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Bodies in an exchange are cut at this many characters.
const BODY_CHARS: usize = 2_000;

/// At most this many exchanges of a step are shown under a failure (its last ones).
const EXCHANGES_SHOWN: usize = 3;

/// Expected and actual values under a failure are cut at this many characters.
const FIELD_CHARS: usize = 400;

/// At most this many checks are listed under a feature, and places under a broken rule.
const REFS_SHOWN: usize = 8;

/// Response headers that identify the server software, shown in the provenance.
const SERVER_HEADERS: [&str; 4] = ["server", "x-powered-by", "via", "x-aspnet-version"];

/// The page's whole style sheet: inline, so the report loads nothing.
const CSS: &str = include_str!("html.css");

/// Writes the HTML certification report (secrets masked).
pub fn write_html(
    report: &RunReport,
    redactor: &Redactor,
    provenance: &Provenance,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut page = Page {
        html: String::new(),
        redactor,
        anchors: HashSet::new(),
    };
    let title = page.t(&format!("scimgate report: {}", report.target));
    let _ = write!(
        page.html,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{CSS}</style></head>\n<body><main>\n"
    );
    header(&mut page, report);
    checklist(&mut page, report);
    entra_checklist(&mut page, report);
    oin(&mut page, report);
    rfc(&mut page, report);
    accepted(&mut page, report);
    scenarios(&mut page, report);
    leftovers(&mut page, report);
    provenance_section(&mut page, report, provenance);
    page.html.push_str("</main></body></html>\n");
    out.write_all(redactor.redact(&page.html).as_bytes())?;
    out.flush()
}

/// The page being built, and the check anchors already given out.
struct Page<'a> {
    html: String,
    redactor: &'a Redactor,
    anchors: HashSet<String>,
}

impl Page<'_> {
    /// Text as it goes into the page: secrets masked, then HTML-escaped (masking first, as
    /// escaping changes how a secret is spelled).
    fn t(&self, text: &str) -> String {
        escape(&self.redactor.redact(text))
    }
}

/// Escapes the five characters HTML gives a meaning to, in text and in quoted attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The anchor of a check's row: `c-` and its scenario, step and check in `[a-z0-9-]`.
fn anchor(scenario: &str, step: &str, check: &str) -> String {
    let raw = format!("c-{scenario}-{step}-{check}");
    raw.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// A check's outcome as the page shows it: an accepted deviation is `accepted`, another
/// failure below the gate a `warn`.
fn outcome(report: &RunReport, step: &StepResult, check: &CheckOutcome) -> &'static str {
    match check.verdict {
        Verdict::Fail if check.accepted.is_some() => "accepted",
        Verdict::Fail if !fails_run(report, step, check) => "warn",
        v => v.as_str(),
    }
}

/// A coloured badge: its CSS class is the label with spaces as dashes.
fn badge(label: &str) -> String {
    let mark = match label {
        "pass" | "ready" => "✓ ",
        "fail" | "not ready" => "✗ ",
        "warn" => "⚠ ",
        "accepted" => "≈ ",
        "error" | "untested" => "! ",
        "blocked" => "⊘ ",
        "skipped" | "off" | "not run" => "– ",
        "drift" => "~ ",
        _ => "",
    };
    format!(
        "<span class=\"badge {}\">{mark}{}</span>",
        label.replace(' ', "-"),
        escape(label)
    )
}

fn header(page: &mut Page<'_>, report: &RunReport) {
    let code = crate::exit::for_report(report);
    let class = match code {
        crate::exit::OK => "ok",
        crate::exit::NONCONFORMANT => "bad",
        _ => "error",
    };
    let mut counts = String::new();
    summary::counts_line(&mut counts, report, &Styles::new(false));
    let verdict = report
        .okta_readiness
        .as_ref()
        .map_or(counts.trim(), |r| r.summary.as_str());
    let gate = match report.gate {
        crate::check::Gate::Okta => "a failure that breaks Okta's provisioning exits 1",
        crate::check::Gate::Oin => {
            "a failure that breaks Okta's provisioning or fails Okta's OIN tests exits 1"
        }
        crate::check::Gate::Rfc => {
            "a failure that breaks Okta's provisioning, fails Okta's OIN tests or breaks an RFC MUST exits 1"
        }
        crate::check::Gate::Entra => {
            "a failure in Entra's traffic that breaks Entra's provisioning exits 1"
        }
    };
    let _ = write!(
        page.html,
        "<header id=\"verdict\"><p class=\"eyebrow\">scimgate certification report · SCIM 2.0 as Okta drives it</p>\
         <h1>{}</h1><p class=\"verdict {class}\">{}</p><p class=\"counts\">{}</p>\
         <dl class=\"facts\"><dt>exit code</dt><dd><b>{code}</b></dd><dt>gate</dt><dd><code>--gate {}</code>: {gate}</dd>\
         <dt>started</dt><dd>{}</dd><dt>took</dt><dd>{:.2} s, {} requests</dd></dl>",
        page.t(&report.target),
        page.t(verdict),
        page.t(counts.trim()),
        report.gate.as_str(),
        page.t(&report.started_at),
        report.duration_ms as f64 / 1000.0,
        report.requests,
    );
    for (label, text) in [
        ("could not test", report.preflight.fatal.as_deref()),
        ("stopped", report.stopped.as_deref()),
        (
            "interrupted",
            report
                .interrupted
                .then_some("the run was interrupted; what it created was cleaned up"),
        ),
    ] {
        if let Some(text) = text {
            let _ = write!(
                page.html,
                "<p class=\"alert\"><b>{label}:</b> {}</p>",
                page.t(text)
            );
        }
    }
    page.html.push_str(
        "<nav><a href=\"#okta\">In Okta</a> · <a href=\"#oin\">OIN tests</a> · <a href=\"#rfc\">RFC 7643/7644</a> · \
         <a href=\"#scenarios\">Scenarios</a> · <a href=\"#provenance\">Provenance</a></nav></header>\n",
    );
}

fn checklist(page: &mut Page<'_>, report: &RunReport) {
    page.html
        .push_str("<section id=\"okta\"><h2>In Okta: the admin's checklist</h2>");
    let Some(r) = &report.okta_readiness else {
        page.html.push_str(
            "<p class=\"muted\">No Okta scenario ran in this run, so there is no checklist.</p></section>\n",
        );
        return;
    };
    let _ = write!(
        page.html,
        "<p class=\"muted\">SCIM 2.0 Test App (OAuth Bearer Token); features {}</p>\
         <table class=\"checklist\"><thead><tr><th>Okta feature</th><th>State</th><th>Why, and what to do</th></tr></thead><tbody>",
        page.t(summary::features_how(&r.configuration))
    );
    for line in &r.features {
        let mut why = String::new();
        if let Some(w) = &line.why {
            let _ = write!(why, "<p>{}</p>", page.t(w));
        }
        if let Some(says) = &line.okta_says {
            let _ = write!(why, "<p>Okta shows: <q>{}</q></p>", page.t(says));
        }
        if let Some(advice) = &line.advice {
            let _ = write!(why, "<p class=\"advice\">{}</p>", page.t(advice));
        }
        if !line.checks.is_empty() {
            why.push_str("<ul class=\"refs\">");
            for c in line.checks.iter().take(REFS_SHOWN) {
                let _ = write!(
                    why,
                    "<li><a href=\"#{}\"><code>{}</code></a> in {} › {}: {}</li>",
                    anchor(&c.scenario, &c.step, c.check.as_str()),
                    c.check.as_str(),
                    page.t(&c.scenario),
                    page.t(&c.step),
                    page.t(&excerpt::cut(&excerpt::one_line(&c.message), 200))
                );
            }
            if line.checks.len() > REFS_SHOWN {
                let _ = write!(
                    why,
                    "<li class=\"muted\">and {} more</li>",
                    line.checks.len() - REFS_SHOWN
                );
            }
            why.push_str("</ul>");
        }
        if line.state != ReadyState::Off {
            let _ = write!(
                why,
                "<p class=\"muted\">{} check(s) ran for it</p>",
                line.checks_run
            );
        }
        let _ = write!(
            page.html,
            "<tr><td class=\"feature\">{}</td><td>{}</td><td>{why}</td></tr>",
            page.t(&line.label),
            badge(line.state.as_str())
        );
    }
    page.html.push_str("</tbody></table></section>\n");
}

/// The Entra checklist, when Entra scenarios ran: one row per capability.
fn entra_checklist(page: &mut Page<'_>, report: &RunReport) {
    let Some(r) = &report.entra_readiness else {
        return;
    };
    let _ = write!(
        page.html,
        "<section id=\"entra\"><h2>In Microsoft Entra ID</h2><p class=\"muted\">{}</p>\
         <table class=\"checklist\"><thead><tr><th>Entra capability</th><th>State</th><th>Why</th></tr></thead><tbody>",
        page.t(&r.summary)
    );
    for line in &r.lines {
        let mut why = String::new();
        if let Some(w) = &line.why {
            let _ = write!(why, "<p>{}</p>", page.t(w));
        }
        if let Some(says) = &line.entra_says {
            let _ = write!(why, "<p>Entra shows: <q>{}</q></p>", page.t(says));
        }
        for c in line.checks.iter().take(REFS_SHOWN) {
            let _ = write!(
                why,
                "<p><a href=\"#{}\"><code>{}</code></a> in {} › {}</p>",
                anchor(&c.scenario, &c.step, c.check.as_str()),
                c.check.as_str(),
                page.t(&c.scenario),
                page.t(&c.step)
            );
        }
        let _ = write!(
            why,
            "<p class=\"muted\">{} check(s) ran for it</p>",
            line.checks_run
        );
        let _ = write!(
            page.html,
            "<tr><td class=\"feature\">{}</td><td>{}</td><td>{why}</td></tr>",
            page.t(&line.label),
            badge(line.state.as_str())
        );
    }
    page.html.push_str("</tbody></table></section>\n");
}

fn oin(page: &mut Page<'_>, report: &RunReport) {
    page.html
        .push_str("<section id=\"oin\"><h2>Okta's OIN tests (SPEC)</h2>");
    let spec: Vec<(&ScenarioResult, &StepResult)> = report
        .scenarios
        .iter()
        .flat_map(|s| s.steps.iter().map(move |st| (s, st)))
        .filter(|(_, st)| is_spec_step(st))
        .collect();
    let standing = match &report.okta_readiness {
        Some(r) if r.oin.pass => "would pass",
        Some(r) if r.oin.tested => "would fail",
        _ => "not run (okta/spec is not in this run)",
    };
    let _ = write!(page.html, "<p>OIN tests: <b>{standing}</b></p>");
    if let Some(r) = report
        .okta_readiness
        .as_ref()
        .filter(|r| !r.oin.failing.is_empty())
    {
        page.html.push_str("<ul class=\"refs\">");
        for f in &r.oin.failing {
            let _ = write!(page.html, "<li>{}</li>", page.t(f));
        }
        page.html.push_str("</ul>");
    }
    if !spec.is_empty() {
        page.html.push_str(
            "<table><thead><tr><th>SPEC step</th><th>What Okta sends</th><th>Step</th><th>Result</th></tr></thead><tbody>",
        );
        for (s, st) in spec {
            let result = match st.verdict {
                Verdict::Skipped => "not run",
                Verdict::Fail if st.checks.iter().all(|c| !fails_run(report, st, c)) => "warn",
                v => v.as_str(),
            };
            let _ = write!(
                page.html,
                "<tr><td class=\"nowrap\">{}</td><td>{}</td><td><code>{} › {}</code></td><td>{}</td></tr>",
                page.t(st.source.as_deref().unwrap_or_default()),
                page.t(&st.title),
                page.t(&s.id),
                page.t(&st.name),
                badge(result)
            );
        }
        page.html.push_str("</tbody></table>");
    }
    page.html.push_str("</section>\n");
}

fn rfc(page: &mut Page<'_>, report: &RunReport) {
    page.html
        .push_str("<section id=\"rfc\"><h2>RFC 7643/7644</h2>");
    let (must, should) = match &report.okta_readiness {
        Some(r) => (r.rfc.must_broken.clone(), r.rfc.should_broken.clone()),
        None => broken_by_level(report),
    };
    if must.is_empty() && should.is_empty() {
        page.html.push_str("<p>No rule broken.</p>");
    }
    for (level, ids) in [("MUST", must), ("SHOULD", should)] {
        if ids.is_empty() {
            continue;
        }
        let _ = write!(
            page.html,
            "<h3>{} {level} broken</h3><table><thead><tr><th>Check</th><th>Rule</th><th>Where</th></tr></thead><tbody>",
            ids.len()
        );
        for id in ids {
            let places: Vec<(&ScenarioResult, &StepResult)> = report
                .scenarios
                .iter()
                .flat_map(|s| s.steps.iter().map(move |st| (s, st)))
                .filter(|(_, st)| {
                    st.checks
                        .iter()
                        .any(|c| c.check == id && c.verdict == Verdict::Fail)
                })
                .collect();
            let mut where_ = String::new();
            for (s, st) in places.iter().take(REFS_SHOWN) {
                let _ = write!(
                    where_,
                    "<a href=\"#{}\">{} › {}</a><br>",
                    anchor(&s.id, &st.name, id.as_str()),
                    page.t(&s.id),
                    page.t(&st.name)
                );
            }
            if places.len() > REFS_SHOWN {
                let _ = write!(
                    where_,
                    "<span class=\"muted\">and {} more</span>",
                    places.len() - REFS_SHOWN
                );
            }
            let _ = write!(
                page.html,
                "<tr><td class=\"nowrap\"><code>{}</code></td><td>{}</td><td>{where_}</td></tr>",
                id.as_str(),
                page.t(id.rule_cited())
            );
        }
        page.html.push_str("</tbody></table>");
    }
    page.html.push_str("</section>\n");
}

/// The RFC MUSTs and SHOULDs broken, for a run without Okta readiness (the RFC profile).
fn broken_by_level(report: &RunReport) -> (Vec<crate::check::CheckId>, Vec<crate::check::CheckId>) {
    let (mut must, mut should) = (Vec::new(), Vec::new());
    for c in report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.checks)
        .filter(|c| c.verdict == Verdict::Fail)
    {
        let list = match c.check.rfc() {
            crate::check::RfcLevel::Must => &mut must,
            crate::check::RfcLevel::Should => &mut should,
            crate::check::RfcLevel::NotRfc => continue,
        };
        if !list.contains(&c.check) {
            list.push(c.check);
        }
    }
    (must, should)
}

fn scenarios(page: &mut Page<'_>, report: &RunReport) {
    let _ = write!(
        page.html,
        "<section id=\"scenarios\"><h2>Scenarios, steps and checks</h2>\
         <p class=\"muted\">{} scenario(s); those with a failure, error or drift are open. Each check shows its rule and the fix the catalogue gives (<code>scimgate explain CHECK</code> says more).</p>",
        report.scenarios.len()
    );
    for s in &report.scenarios {
        let checks: Vec<&CheckOutcome> = s.steps.iter().flat_map(|st| &st.checks).collect();
        let shown = match s.verdict {
            Verdict::Fail
                if s.steps
                    .iter()
                    .all(|st| st.checks.iter().all(|c| !fails_run(report, st, c))) =>
            {
                "warn"
            }
            v => v.as_str(),
        };
        let open = if matches!(s.verdict, Verdict::Fail | Verdict::Error | Verdict::Drift) {
            " open"
        } else {
            ""
        };
        let _ = write!(
            page.html,
            "<details class=\"scenario\"{open}><summary>{} <code>{}</code> {} <span class=\"muted\">· {} step(s), {} check(s), {} ms</span></summary>",
            badge(shown),
            page.t(&s.id),
            page.t(&s.title),
            s.steps.len(),
            checks.len(),
            s.duration_ms
        );
        for st in &s.steps {
            step(page, report, s, st);
        }
        page.html.push_str("</details>\n");
    }
    page.html.push_str("</section>\n");
}

fn step(page: &mut Page<'_>, report: &RunReport, s: &ScenarioResult, st: &StepResult) {
    let mut meta = Vec::new();
    if let Some(src) = &st.source {
        meta.push(page.t(src));
    }
    if let Some(f) = st.feature {
        meta.push(page.t(f.label()));
    }
    meta.push(format!("{} request(s)", st.exchanges.len()));
    let _ = write!(
        page.html,
        "<div class=\"step\"><h4><code>{}</code> {} <span class=\"muted\">· {}</span></h4>\
         <table class=\"checks\"><thead><tr><th>Outcome</th><th>Check</th><th>Rule</th><th>What happened</th></tr></thead><tbody>",
        page.t(&st.name),
        page.t(&st.title),
        meta.join(" · ")
    );
    for c in &st.checks {
        let shown = outcome(report, st, c);
        let id = anchor(&s.id, &st.name, c.check.as_str());
        let id_attr = if page.anchors.insert(id.clone()) {
            format!(" id=\"{id}\"")
        } else {
            String::new()
        };
        let _ = write!(
            page.html,
            "<tr class=\"o-{shown}\"{id_attr}><td>{}</td><td><code>{}</code><div class=\"tag\">{}</div></td><td>{}</td><td><p class=\"msg\">{}</p>",
            badge(shown),
            c.check.as_str(),
            page.t(&c.tag()),
            page.t(c.check.rule_cited()),
            page.t(&excerpt::cut(&c.message, BODY_CHARS))
        );
        if matches!(c.verdict, Verdict::Fail | Verdict::Error | Verdict::Drift) {
            failure(page, st, c);
        } else {
            let _ = write!(page.html, "<p class=\"hint\">fix: {}</p>", page.t(c.hint()));
        }
        page.html.push_str("</td></tr>");
    }
    page.html.push_str("</tbody></table></div>\n");
}

/// Under a failure: its labelled fields (less the verdict and rule, which have their own
/// columns), what Okta shows, and the exchanges behind it.
/// The accepted deviations (`--accept`) and what became of each: a reviewer sees what the
/// vendor chose not to fix yet, and why.
fn accepted(page: &mut Page<'_>, report: &RunReport) {
    if report.accepted.is_empty() {
        return;
    }
    page.html.push_str(
        "<section id=\"accepted\"><h2>Accepted deviations</h2><p class=\"muted\">Known failures the vendor listed with a reason (<code>--accept</code>): reported, not failing the run while they hold.</p><table><thead><tr><th>Entry</th><th>State</th><th>Reason</th><th>Until</th><th>Failures</th></tr></thead><tbody>",
    );
    for a in &report.accepted {
        let state = match a.state {
            crate::accept::AcceptState::Applied => "accepted",
            crate::accept::AcceptState::Expired => "fail",
            crate::accept::AcceptState::Stale => "fail",
            crate::accept::AcceptState::NotRun => "not run",
        };
        let _ = write!(
            page.html,
            "<tr><td><code>{}</code></td><td>{} {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            page.t(&a.entry),
            badge(state),
            page.t(&format!("{:?}", a.state).to_lowercase()),
            page.t(&a.reason),
            page.t(a.until.as_deref().unwrap_or("")),
            a.matched
        );
    }
    page.html.push_str("</tbody></table></section>");
}

fn failure(page: &mut Page<'_>, st: &StepResult, c: &CheckOutcome) {
    page.html.push_str("<dl class=\"fields\">");
    if let Some(reason) = &c.accepted {
        let _ = write!(page.html, "<dt>accepted</dt><dd>{}</dd>", page.t(reason));
    }
    for (label, value) in excerpt::failure_fields(c)
        .into_iter()
        .filter(|(label, _)| !matches!(*label, "verdict" | "rule"))
    {
        let _ = write!(
            page.html,
            "<dt>{label}</dt><dd>{}</dd>",
            page.t(&excerpt::cut(&excerpt::one_line(&value), FIELD_CHARS))
        );
    }
    if c.verdict == Verdict::Fail
        && c.entra.is_some()
        && let Some(says) = crate::readiness::entra_text(c.check, st)
    {
        let _ = write!(
            page.html,
            "<dt>Entra shows</dt><dd><q>{}</q></dd>",
            page.t(&says)
        );
    } else if c.verdict == Verdict::Fail
        && let Some(says) = crate::readiness::okta_text(c.check, st)
    {
        let _ = write!(
            page.html,
            "<dt>Okta shows</dt><dd><q>{}</q></dd>",
            page.t(&says)
        );
    }
    page.html.push_str("</dl>");
    let Some(last) = excerpt::last_exchange(st) else {
        return;
    };
    let n = st.exchanges.len();
    let _ = write!(
        page.html,
        "<details class=\"exchanges\"><summary>{} exchange(s) behind it; last: <code>{}</code> → <code>{}</code></summary>",
        n,
        page.t(&excerpt::request_line(last)),
        page.t(&excerpt::response_line(last))
    );
    if n > EXCHANGES_SHOWN {
        let _ = write!(
            page.html,
            "<p class=\"muted\">the last {EXCHANGES_SHOWN} of {n} (the JSON report has them all)</p>"
        );
    }
    for ex in &st.exchanges[n.saturating_sub(EXCHANGES_SHOWN)..] {
        exchange(page, ex);
    }
    page.html.push_str("</details>");
}

fn exchange(page: &mut Page<'_>, ex: &Exchange) {
    let lines = |headers: &[(String, String)], body: Option<String>| {
        let mut text: Vec<String> = headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
        if let Some(b) = body {
            text.push(String::new());
            text.push(b);
        }
        text.join("\n")
    };
    let request = lines(
        &ex.request.headers,
        excerpt::body(ex.request.body.as_deref(), BODY_CHARS),
    );
    let response = lines(
        &ex.response_headers,
        excerpt::body(ex.response_body.as_deref(), BODY_CHARS),
    );
    let _ = write!(
        page.html,
        "<div class=\"exchange\"><p><b>request</b> <code>{}</code></p><pre>{}</pre>\
         <p><b>response</b> <code>{}</code> <span class=\"muted\">· {} ms</span></p><pre>{}</pre></div>",
        page.t(&excerpt::request_line(ex)),
        page.t(&request),
        page.t(&excerpt::response_line(ex)),
        ex.elapsed_ms,
        page.t(&response)
    );
}

/// What the run could not remove, and what `--keep` left on purpose.
fn leftovers(page: &mut Page<'_>, report: &RunReport) {
    if report.left_behind.is_empty() && report.kept.is_empty() {
        return;
    }
    page.html
        .push_str("<section id=\"leftovers\"><h2>Left on the target</h2><table><thead><tr><th>Kind</th><th>Id</th><th>Name</th><th>Why</th></tr></thead><tbody>");
    for l in &report.left_behind {
        let why = format!(
            "cleanup could not remove it ({}, {}{})",
            l.scenario,
            l.result.as_str(),
            l.detail
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        );
        let _ = write!(
            page.html,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
            excerpt::kind_label(l.kind),
            page.t(&l.id),
            page.t(&l.name),
            page.t(&why)
        );
    }
    for k in &report.kept {
        let _ = write!(
            page.html,
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>kept (--keep)</td></tr>",
            excerpt::kind_label(k.kind),
            page.t(&k.id),
            page.t(&k.name)
        );
    }
    page.html.push_str("</tbody></table>");
    if let Some(ledger) = &report.left_behind_ledger {
        let _ = write!(
            page.html,
            "<p>Remove them with <code>scimgate cleanup --ledger {} --base-url {}</code> (token as for the run).</p>",
            page.t(ledger),
            page.t(&report.target)
        );
    }
    page.html.push_str("</section>\n");
}

/// The server-identifying response headers of the first answer that has any.
fn server_headers(report: &RunReport) -> Vec<(String, String)> {
    report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.exchanges)
        .map(|ex| {
            ex.response_headers
                .iter()
                .filter(|(n, _)| SERVER_HEADERS.iter().any(|h| n.eq_ignore_ascii_case(h)))
                .cloned()
                .collect::<Vec<_>>()
        })
        .find(|found| !found.is_empty())
        .unwrap_or_default()
}

fn provenance_section(page: &mut Page<'_>, report: &RunReport, p: &Provenance) {
    let headers = server_headers(report);
    let server = if headers.is_empty() {
        "none sent (no Server, X-Powered-By or Via header)".to_owned()
    } else {
        headers
            .iter()
            .map(|(n, v)| format!("{n}: {v}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let features = report
        .okta_readiness
        .as_ref()
        .map_or("none (no Okta scenario ran)", |r| {
            summary::features_how(&r.configuration)
        });
    let rows: [(&str, String); 11] = [
        ("scimgate", p.version.clone()),
        (
            "fingerprint",
            format!(
                "{} over {} scenario(s) and {} check(s)",
                p.fingerprint, p.scenarios, p.checks
            ),
        ),
        ("profile", p.profile.clone()),
        ("gate", report.gate.as_str().to_owned()),
        ("Okta features", features.to_owned()),
        ("target", report.target.clone()),
        ("server", server),
        ("started", report.started_at.clone()),
        ("seed", report.seed.to_string()),
        ("run prefix", report.run_prefix.clone()),
        ("requests", report.requests.to_string()),
    ];
    page.html
        .push_str("<section id=\"provenance\"><h2>Provenance</h2><dl class=\"fields\">");
    for (label, value) in rows {
        let _ = write!(page.html, "<dt>{label}</dt><dd>{}</dd>", page.t(&value));
    }
    let _ = writeln!(
        page.html,
        "</dl><p>To reproduce (the token goes in <code>SCIMGATE_TOKEN</code> or <code>--token-file</code>; it is never written here):</p><pre class=\"command\">{}</pre></section>",
        page.t(&p.command)
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;

    fn provenance() -> Provenance {
        Provenance {
            version: "0.1.0".to_owned(),
            profile: "okta".to_owned(),
            fingerprint: format!("sha256:{}", "ab".repeat(32)),
            scenarios: 2,
            checks: 11,
            command: "SCIMGATE_TOKEN='…' scimgate run --base-url https://scim.example.com/scim/v2/ --html r.html --seed 7".to_owned(),
        }
    }

    fn render(report: &RunReport) -> String {
        let mut out = Vec::new();
        write_html(report, &fixture::redactor(), &provenance(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escape_covers_the_characters_html_gives_a_meaning_to() {
        assert_eq!(
            escape(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_page_has_every_part_in_order_and_loads_nothing() {
        let html = render(&fixture::report());
        let at = |needle: &str| {
            html.find(needle)
                .unwrap_or_else(|| panic!("missing {needle:?}"))
        };
        assert!(at("id=\"verdict\"") < at("id=\"okta\""));
        assert!(at("id=\"okta\"") < at("id=\"oin\""));
        assert!(at("id=\"oin\"") < at("id=\"rfc\""));
        assert!(at("id=\"rfc\"") < at("id=\"scenarios\""));
        assert!(at("id=\"scenarios\"") < at("id=\"provenance\""));
        for banned in ["<script", "<link", "<img", "@import", "url(", "src="] {
            assert!(!html.contains(banned), "the page loads something: {banned}");
        }
        assert_eq!(
            html.matches("https://").count(),
            html.matches("https://scim.example.com/scim/v2/").count(),
            "the only URL is the target's"
        );
    }

    #[test]
    fn a_failure_shows_rule_fix_and_its_exchange_folded() {
        let html = render(&fixture::report());
        let row = &html[at_row(&html, "c-okta-f03-create-user-create-create-201")..];
        let row = &row[..row.find("</tr>").unwrap()];
        for want in [
            "✗ fail",
            "<code>create-201</code>",
            "RFC 7644 §3.3",
            "answered 200 where 201 was expected",
            "<dt>expected</dt><dd>201</dd>",
            "<dt>fix</dt><dd>Answer a successful POST /Users or /Groups with 201 Created (not 200).</dd>",
            "<details class=\"exchanges\"><summary>1 exchange(s) behind it; last: <code>POST /Users</code> → <code>200 application/scim+json</code>",
            "authorization: Bearer ***",
            "{&quot;schemas&quot;:[&quot;urn:ietf:params:scim:schemas:core:2.0:User&quot;]",
        ] {
            assert!(row.contains(want), "missing {want:?} in:\n{row}");
        }
        assert!(html.contains("<tr class=\"o-warn\" id=\"c-okta-f03-create-user-create-echo\">"));
        assert!(html.contains("⊘ blocked"));
        assert!(html.contains("blocked by step `read` (`get-200` error)"));
        assert!(html.contains("not selected (--checks)"));
    }

    fn at_row(html: &str, id: &str) -> usize {
        html.find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no row {id}"))
    }

    #[test]
    fn the_header_and_provenance_carry_what_a_reviewer_needs() {
        let html = render(&fixture::report());
        for want in [
            "Summary: 6 pass, 1 fail, 1 warning, 1 error, 2 blocked, 1 skipped",
            "<dt>exit code</dt><dd><b>1</b></dd>",
            "<code>--gate okta</code>",
            "<dt>scimgate</dt><dd>0.1.0</dd>",
            "over 2 scenario(s) and 11 check(s)",
            "<dt>seed</dt><dd>7</dd>",
            "<dt>run prefix</dt><dd>sg-7f3a</dd>",
            "<dt>started</dt><dd>2026-01-02T03:04:05Z</dd>",
            "scimgate run --base-url https://scim.example.com/scim/v2/ --html r.html --seed 7",
            "sg-7f3a-barbara@example.com",
        ] {
            assert!(html.contains(want), "missing {want:?}");
        }
    }

    #[test]
    fn the_token_echoed_by_the_server_is_masked() {
        let html = render(&fixture::report());
        assert!(!html.contains(fixture::TOKEN) && !html.contains("SECRET_123"));
        assert!(html.contains("no user for token ***"));
    }

    #[test]
    fn server_headers_come_from_the_first_answer_that_has_them() {
        let mut report = fixture::report();
        report.scenarios[1].steps[0].exchanges[0]
            .response_headers
            .push(("server".to_owned(), "nginx/1.27 <edge>".to_owned()));
        let html = render(&report);
        assert!(html.contains("<dt>server</dt><dd>server: nginx/1.27 &lt;edge&gt;</dd>"));
    }
}
