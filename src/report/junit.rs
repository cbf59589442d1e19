//! The JUnit XML report (`--junit FILE`), for CI systems that show test results.
//!
//! One `<testsuite>` per scenario, one `<testcase>` per check of each step. The verdicts map
//! the way CI tools read them: a failure that fails the run (at or above `--gate`) is a
//! `<failure>` (its type is the consequence: `breaks-okta`, `fails-oin`, `none`), a failure
//! below the gate is a passing case with the warning in `system-out`, a
//! check scimgate could not evaluate is an `<error>`, blocked and skipped checks are
//! `<skipped>` with the reason, drift is a `<failure type="drift">` (a passing case noting it
//! under `--drift warn`), an accepted deviation is a passing case with its reason in
//! `system-out`, and an `accepted-deviations` suite fails an entry that no longer fails; objects cleanup could not
//! remove make a failing `cleanup` case (`type="left-behind"`) listing them. A failure's text holds
//! expected and actual, the rule, the fix, and an excerpt of the step's last exchange. When
//! the run could not test at all, a single `preflight` suite holds one `<error>` naming why.
//!
//! Built with `quick-junit` (not by hand), then passed through the [`Redactor`].
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="scimgate" tests="12" skipped="3" failures="2" errors="1" time="0.410">
//!     <testsuite name="okta/f03-create-user" tests="9" skipped="3" errors="1" failures="2" time="0.132">
//!         <testcase name="create › json-body" classname="okta/f03-create-user"/>
//!         <testcase name="create › create-201" classname="okta/f03-create-user">
//!             <failure message="answered 200 where 201 was expected" type="breaks-okta">expected: 201
//! actual:   200
//! verdict:  breaks-okta, rfc must
//! rule:     RFC 7644 §3.3
//! fix:      Answer a successful POST /Users or /Groups with 201 Created (not 200).
//! explain:  scimgate explain create-201
//!
//! request:  POST /Users
//! {&quot;schemas&quot;:[&quot;urn:ietf:params:scim:schemas:core:2.0:User&quot;],…}
//! response: 200 application/scim+json
//! {&quot;id&quot;:&quot;u-42&quot;,…}</failure>
//!         </testcase>
//!         <testcase name="deactivate › read-back" classname="okta/f03-create-user">
//!             <skipped message="blocked by step `read` (`get-200` error)" type="blocked"/>
//!         </testcase>
//!     </testsuite>
//! </testsuites>
//! ```

use super::excerpt;
use crate::check::{CheckOutcome, Verdict};
use crate::runner::{RunReport, ScenarioResult, StepResult};
use crate::secret::Redactor;
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::io::{self, Write};
use std::time::Duration;

/// Bodies in a failure's excerpt are cut at this many characters.
const BODY_CHARS: usize = 1_000;

/// Writes the JUnit XML report (secrets masked).
pub fn write_junit(report: &RunReport, redactor: &Redactor, out: &mut dyn Write) -> io::Result<()> {
    let mut junit = Report::new("scimgate");
    junit.set_time(Duration::from_millis(report.duration_ms));
    if let Some(fatal) = &report.preflight.fatal {
        junit.add_test_suite(preflight_suite(fatal, redactor));
    }
    for scenario in &report.scenarios {
        junit.add_test_suite(scenario_suite(report, scenario, redactor));
    }
    if !report.accepted.is_empty() {
        junit.add_test_suite(accepted_suite(report, redactor));
    }
    let xml = junit.to_string().map_err(io::Error::other)?;
    out.write_all(redactor.redact(&xml).as_bytes())?;
    out.flush()
}

/// One case per accepted deviation: applied and not-run entries pass (saying so), a stale
/// entry (what it names passes now) fails, so the list shrinks; an expired entry's failures
/// are `<failure>`s in their scenarios already.
fn accepted_suite(report: &RunReport, redactor: &Redactor) -> TestSuite {
    let mut suite = TestSuite::new("accepted-deviations");
    for a in &report.accepted {
        let status = if a.state.fails_run() {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            s.set_message(redactor.redact(&a.line()))
                .set_type("stale-acceptance");
            s
        } else {
            TestCaseStatus::success()
        };
        let mut case = TestCase::new(a.entry.as_str(), status);
        case.set_classname("accepted-deviations");
        if !a.state.fails_run() {
            case.set_system_out(redactor.redact(&a.line()));
        }
        suite.add_test_case(case);
    }
    suite
}

/// The one-case suite that says why nothing was tested.
fn preflight_suite(fatal: &str, redactor: &Redactor) -> TestSuite {
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
    status
        .set_message(redactor.redact(fatal))
        .set_type("could-not-test");
    let mut case = TestCase::new(
        "Test API Credentials: GET /Users?startIndex=1&count=2",
        status,
    );
    case.set_classname("preflight");
    let mut suite = TestSuite::new("preflight");
    suite.add_test_case(case);
    suite
}

/// A failing `cleanup` case listing what the scenario left on the target.
fn cleanup_case(scenario: &ScenarioResult, redactor: &Redactor) -> Option<TestCase> {
    let left: Vec<_> = scenario
        .cleanup
        .iter()
        .filter(|c| c.result.left_behind())
        .collect();
    if left.is_empty() {
        return None;
    }
    let lines: Vec<String> = left
        .iter()
        .map(|c| {
            format!(
                "{:?} {} {} ({}{})",
                c.kind,
                if c.id.is_empty() {
                    "(id unknown)"
                } else {
                    &c.id
                },
                c.name,
                c.result.as_str(),
                c.detail
                    .as_deref()
                    .map(|d| format!(": {d}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
    status
        .set_message(format!(
            "{} object(s) left on the target: cleanup could not remove them",
            left.len()
        ))
        .set_type("left-behind")
        .set_description(redactor.redact(&lines.join("\n")));
    let mut case = TestCase::new("cleanup", status);
    case.set_classname(scenario.id.as_str());
    Some(case)
}

fn scenario_suite(report: &RunReport, scenario: &ScenarioResult, redactor: &Redactor) -> TestSuite {
    let mut suite = TestSuite::new(scenario.id.as_str());
    suite.set_time(Duration::from_millis(scenario.duration_ms));
    for step in &scenario.steps {
        for check in &step.checks {
            // Field values are redacted before XML escaping changes how a secret is spelled.
            let mut case = TestCase::new(
                format!("{} › {}", step.name, check.check.as_str()),
                status(report, step, check, redactor),
            );
            case.set_classname(scenario.id.as_str());
            let passing_note = match check.verdict {
                Verdict::Fail if check.accepted.is_some() => Some(format!(
                    "accepted deviation ({}; {}): {}",
                    check.tag(),
                    check.accepted.as_deref().map_or("", String::as_str),
                    check.message
                )),
                Verdict::Fail if !crate::readiness::fails_run(report, step, check) => {
                    Some(format!(
                        "warning ({}, below --gate {}): {}",
                        check.tag(),
                        report.gate.as_str(),
                        check.message
                    ))
                }
                Verdict::Drift if !report.drift_fails => Some(format!(
                    "drift, reported only (--drift warn): {}",
                    check.message
                )),
                _ => None,
            };
            if let Some(note) = passing_note {
                case.set_system_out(redactor.redact(&format!("{note}\n{}", detail(step, check))));
            }
            suite.add_test_case(case);
        }
    }
    if let Some(case) = cleanup_case(scenario, redactor) {
        suite.add_test_case(case);
    }
    suite
}

fn status(
    report: &RunReport,
    step: &StepResult,
    check: &CheckOutcome,
    redactor: &Redactor,
) -> TestCaseStatus {
    let message = redactor.redact(&check.message);
    let mut status = match check.verdict {
        Verdict::Pass => return TestCaseStatus::success(),
        // A failure below the gate is a warning: a passing case that says so, so that a green
        // gate is green in CI test views too.
        Verdict::Fail if !crate::readiness::fails_run(report, step, check) => {
            return TestCaseStatus::success();
        }
        // Drift under `--drift warn` is reported, not failed: the same in CI test views.
        Verdict::Drift if !report.drift_fails => return TestCaseStatus::success(),
        Verdict::Fail | Verdict::Drift | Verdict::Error => {
            let kind = if check.verdict == Verdict::Error {
                NonSuccessKind::Error
            } else {
                NonSuccessKind::Failure
            };
            let mut s = TestCaseStatus::non_success(kind);
            s.set_description(redactor.redact(&detail(step, check)));
            s
        }
        Verdict::Blocked | Verdict::Skipped => TestCaseStatus::skipped(),
    };
    let ty = match check.verdict {
        Verdict::Fail => check.consequence_label(),
        verdict => verdict.as_str(),
    };
    status.set_message(message).set_type(ty);
    status
}

/// The text of a `<failure>` or `<error>`: expected and actual, rule, fix, and the exchange.
fn detail(step: &StepResult, check: &CheckOutcome) -> String {
    let mut lines: Vec<String> = excerpt::failure_fields(check)
        .into_iter()
        .map(|(label, value)| {
            let label = format!("{label}:");
            format!("{label:<10}{value}")
        })
        .collect();
    if let Some(ex) = excerpt::last_exchange(step) {
        lines.push(String::new());
        lines.push(format!("request:  {}", excerpt::request_line(ex)));
        lines.extend(excerpt::body(ex.request.body.as_deref(), BODY_CHARS));
        lines.push(format!("response: {}", excerpt::response_line(ex)));
        lines.extend(excerpt::body(ex.response_body.as_deref(), BODY_CHARS));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixture;
    use crate::runner::Preflight;

    fn render(report: &RunReport) -> String {
        let mut out = Vec::new();
        write_junit(report, &fixture::redactor(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn junit_report_snapshot() {
        let xml = render(&fixture::report());
        fixture::snapshot_settings().bind(|| insta::assert_snapshot!("report__junit", xml));
    }

    #[test]
    fn junit_maps_each_verdict_to_its_element() {
        let xml = render(&fixture::report());
        let case = |name: &str| {
            let start = xml
                .find(&format!("<testcase name=\"{name}\""))
                .unwrap_or_else(|| panic!("no testcase {name}"));
            let end = xml[start + 1..]
                .find("<testcase ")
                .map_or(xml.len(), |e| start + 1 + e);
            xml[start..end].to_owned()
        };
        assert!(case("create › create-201").contains(
            "<failure message=\"answered 200 where 201 was expected\" type=\"breaks-okta\""
        ));
        // A failure below the gate passes in CI views, with the warning in system-out.
        let echo = case("create › echo");
        assert!(
            !echo.contains("<failure")
                && echo.contains(
                    "<system-out>warning (fails-oin (SPEC 6), rfc should, below --gate okta)"
                ),
            "{echo}"
        );
        assert!(case("read › get-200").contains("<error "));
        assert!(case("deactivate › read-back").contains(
            "<skipped message=\"blocked by step `read` (`get-200` error)\" type=\"blocked\""
        ));
        assert!(
            case("filter › filter-case-insensitive")
                .contains("<skipped message=\"not selected (--checks)\"")
        );
        assert!(
            !case("list › list-response").contains("<failure")
                && !case("list › list-response").contains("<skipped")
        );
        let failure = case("create › create-201");
        for want in [
            "expected: 201",
            "actual:   200",
            "rule:     RFC 7644 §3.3",
            "fix:      Answer a successful POST",
            "request:  POST /Users",
            "response: 200 application/scim+json",
        ] {
            assert!(failure.contains(want), "missing {want:?} in:\n{failure}");
        }
    }

    #[test]
    fn junit_has_one_suite_per_scenario_and_one_case_per_check() {
        let report = fixture::report();
        let xml = render(&report);
        // One case per check, and the failing cleanup case of the scenario that left a user.
        let cases = fixture::check_count(&report) + 1;
        assert_eq!(xml.matches("<testcase ").count(), cases);
        let parsed = Report::deserialize_from_str(&xml).unwrap();
        assert_eq!(parsed.test_suites.len(), 2);
        assert_eq!(parsed.tests, cases);
        assert_eq!((parsed.failures, parsed.errors, parsed.skipped), (2, 1, 3));
        assert_eq!(parsed.test_suites[1].name.as_str(), "okta/f03-create-user");
    }

    #[test]
    fn junit_lists_what_cleanup_left_behind_in_a_failing_cleanup_case() {
        let xml = render(&fixture::report());
        let start = xml
            .find("<testcase name=\"cleanup\"")
            .expect("a cleanup case");
        let case = &xml[start..start + xml[start..].find("</testcase>").unwrap()];
        assert!(case.contains("type=\"left-behind\""), "{case}");
        assert!(
            case.contains(
                "User u-42 sg-7f3a-barbara@example.com (deactivated: DELETE answered 405"
            ),
            "{case}"
        );
    }

    #[test]
    fn junit_reports_drift_as_a_failure_of_type_drift() {
        let mut report = fixture::report();
        let check = &mut report.scenarios[0].steps[0].checks[0];
        check.verdict = Verdict::Drift;
        check.message = "answered 400 where the snapshot has 200".to_owned();
        let xml = render(&report);
        assert!(xml.contains(
            "<failure message=\"answered 400 where the snapshot has 200\" type=\"drift\">"
        ));
    }

    #[test]
    fn junit_names_the_preflight_when_nothing_could_be_tested() {
        let mut report = fixture::report();
        report.scenarios.clear();
        report.preflight = Preflight {
            status: Some(401),
            error: None,
            fatal: Some(
                "credentials refused: GET /Users?startIndex=1&count=2 answered 401".to_owned(),
            ),
        };
        let parsed = Report::deserialize_from_str(&render(&report)).unwrap();
        assert_eq!(
            (parsed.test_suites.len(), parsed.tests, parsed.errors),
            (1, 1, 1)
        );
        assert_eq!(parsed.test_suites[0].name.as_str(), "preflight");
        let TestCaseStatus::NonSuccess { kind, message, .. } =
            &parsed.test_suites[0].test_cases[0].status
        else {
            panic!("the preflight case must be an error");
        };
        assert_eq!(*kind, NonSuccessKind::Error);
        assert!(
            message
                .as_ref()
                .unwrap()
                .as_str()
                .starts_with("credentials refused")
        );
    }
}
