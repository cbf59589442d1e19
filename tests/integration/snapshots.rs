//! Behaviour snapshots: every scenario's normalised transcript against the embedded reference
//! server is an insta snapshot in `snapshots/` (CI=true never writes them; review with `cargo
//! insta review`), transcripts do not depend on seed, port, clock, the ids a server assigns
//! (also where its error details quote them) or two people sharing a family name, drift is
//! reported at the right step, accepting makes the next run clean, and `diff` names differing
//! steps.

use crate::common;

use common::{client, scenarios, server};
use scimgate::check::{CheckId, Verdict};
use scimgate::reference::Fault;
use scimgate::runner::{RunOptions, RunReport, Runner};
use scimgate::scenario::Scenario;
use scimgate::secret::Redactor;
use scimgate::snapshot::{accept, apply_snapshots, differences, pending, transcript};
use std::sync::Arc;
use std::time::Duration;

async fn run(faults: &[Fault], seed: u64, list: &[Scenario]) -> RunReport {
    let s = server(faults).await;
    let runner = Runner::new(
        Arc::new(client(&s, Duration::from_secs(30))),
        RunOptions {
            seed,
            jobs: 2,
            ..RunOptions::default()
        },
    );
    let report = runner.run(list, Arc::new(|_| {})).await;
    s.shutdown().await;
    report
}

/// The built-in scenarios in the groups that share a server: the Entra profile's run on a
/// server of their own, so that the Okta and RFC transcripts (the Okta Test API Credentials
/// list, which sees whoever else the server holds) stay what they were before it existed.
fn server_groups() -> Vec<Vec<Scenario>> {
    let (entra, rest): (Vec<Scenario>, Vec<Scenario>) = scenarios(false)
        .into_iter()
        .partition(|s| s.has_tag("entra"));
    vec![rest, entra]
}

#[tokio::test]
async fn every_scenario_transcript_matches_its_snapshot() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    for group in server_groups() {
        let report = run(&[], 1, &group).await;
        settings.bind(|| {
            for s in &report.scenarios {
                insta::assert_snapshot!(
                    format!("transcript__{}", s.id.replace('/', "__")),
                    transcript(&report, s)
                );
            }
        });
    }
}

#[tokio::test]
async fn transcripts_do_not_depend_on_seed_port_or_clock() {
    for list in server_groups() {
        transcripts_of_one_server_group_do_not_depend_on_seed_port_or_clock(&list).await;
    }
}

async fn transcripts_of_one_server_group_do_not_depend_on_seed_port_or_clock(list: &[Scenario]) {
    let a = run(&[], 1, list).await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let b = run(&[], 987_654, list).await;
    assert_ne!(a.target, b.target, "two servers, two ports");
    assert_ne!(a.run_prefix, b.run_prefix);
    for (x, y) in a.scenarios.iter().zip(&b.scenarios) {
        let (tx, ty) = (transcript(&a, x), transcript(&b, y));
        if tx != ty {
            let d = similar::TextDiff::from_lines(&tx, &ty);
            panic!(
                "{} differs between runs:\n{}",
                x.id,
                d.unified_diff().context_radius(2)
            );
        }
        assert!(!tx.contains(&a.run_prefix) && !tx.contains(&a.target));
    }
}

#[tokio::test]
async fn drift_is_reported_at_the_changed_step_and_accept_makes_the_next_run_clean() {
    let dir = tempfile::tempdir().unwrap();
    let list = common::scenario("okta/f06-deactivate");
    let none = Redactor::default();
    let mut base = run(&[], 1, &list).await;
    let first = apply_snapshots(&mut base, dir.path(), false, &none).unwrap();
    assert_eq!(first.written, vec!["okta/f06-deactivate".to_owned()]);

    let mut same = run(&[], 2, &list).await;
    let again = apply_snapshots(&mut same, dir.path(), false, &none).unwrap();
    assert_eq!(again.matched.len(), 1, "{again:?}");

    let mut changed = run(&[Fault::PatchActiveIgnored], 3, &list).await;
    let drift = apply_snapshots(&mut changed, dir.path(), false, &none).unwrap();
    assert_eq!(drift.drifted.len(), 1);
    let drifted: Vec<(&str, &scimgate::check::CheckOutcome)> = changed.scenarios[0]
        .steps
        .iter()
        .flat_map(|s| s.checks.iter().map(move |c| (s.name.as_str(), c)))
        .filter(|(_, c)| c.verdict == Verdict::Drift)
        .collect();
    let steps: Vec<&str> = drifted.iter().map(|(s, _)| *s).collect();
    assert_eq!(
        steps,
        vec![
            "deactivate",
            "still-there",
            "deactivate-again",
            "still-inactive"
        ],
        "drift at the PATCH answers and the reads after them"
    );
    let diff = drifted[0].1.actual.as_deref().unwrap();
    assert!(
        diff.contains("-  \"active\": false") && diff.contains("+  \"active\": true"),
        "{diff}"
    );
    assert_eq!(drifted[0].1.check, CheckId::Snapshot);
    assert_eq!(changed.summary.drift, 4);

    for p in pending(dir.path()).unwrap() {
        accept(&p).unwrap();
    }
    let mut after = run(&[Fault::PatchActiveIgnored], 4, &list).await;
    let clean = apply_snapshots(&mut after, dir.path(), false, &none).unwrap();
    assert_eq!(
        clean.matched.len(),
        1,
        "after accepting, the same behaviour is clean: {clean:?}"
    );
    assert!(pending(dir.path()).unwrap().is_empty());
}

#[tokio::test]
async fn diff_of_the_reference_against_itself_is_empty_and_against_a_fault_names_the_steps() {
    let list: Vec<Scenario> = scenarios(false)
        .into_iter()
        .filter(|s| s.id.starts_with("okta/f1"))
        .collect();
    let a = run(&[], 1, &list).await;
    let b = run(&[], 2, &list).await;
    assert_eq!(differences(&a, &b), vec![]);
    let c = run(&[Fault::MemberAddIgnored], 3, &list).await;
    let d = differences(&a, &c);
    let named: Vec<String> = d
        .iter()
        .map(|x| format!("{} › {}", x.scenario, x.step))
        .collect();
    assert!(
        named.contains(&"okta/f10-group-push › read-group".to_owned()),
        "{named:?}"
    );
    assert!(
        named.iter().all(|n| !n.contains("create-group ")),
        "creation behaves the same: {named:?}"
    );
}

#[tokio::test]
async fn snapshots_never_contain_the_token() {
    let token = "tok_snapshot_SECRET_0123456789";
    let s = scimgate::reference::spawn(scimgate::reference::ServeOptions {
        token: Some(token.into()),
        ..Default::default()
    })
    .await
    .unwrap();
    let runner = Runner::new(
        Arc::new(client(&s, Duration::from_secs(30))),
        RunOptions {
            seed: 1,
            jobs: 2,
            ..RunOptions::default()
        },
    );
    let mut report = runner.run(&scenarios(false), Arc::new(|_| {})).await;
    let dir = tempfile::tempdir().unwrap();
    let redactor = Redactor::new([&scimgate::secret::Secret::new(token)]);
    apply_snapshots(&mut report, dir.path(), false, &redactor).unwrap();
    for e in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        assert!(!text.contains(token));
    }
    // The committed snapshots too: only masked authorization headers.
    for e in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots")).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for line in text
            .lines()
            .filter(|l| l.to_ascii_lowercase().contains("authorization: bearer"))
        {
            // Masked, or the deliberately wrong token of F1's 401 step (a scenario literal).
            assert!(
                line.ends_with("Bearer ***") || line.ends_with("Bearer [prefix]-not-a-valid-token"),
                "{line}"
            );
        }
    }
    s.shutdown().await;
}

/// Rewrites every id the reference server assigned to a short number (`"1"`, `"2"`, ...), as
/// a server with small numeric ids would have answered.
fn with_short_ids(report: &RunReport) -> RunReport {
    let mut out = report.clone();
    for s in &mut out.scenarios {
        let mut ids: Vec<String> = Vec::new();
        for e in s.steps.iter().flat_map(|st| &st.exchanges) {
            let created = e.request.method == scimgate::http::Method::Post
                && e.status.is_some_and(|c| (200..300).contains(&c));
            let body: Option<serde_json::Value> = e
                .response_body
                .as_deref()
                .and_then(|b| serde_json::from_str(b).ok());
            if let Some(id) = body.as_ref().and_then(|b| b["id"].as_str())
                && created
                && !ids.iter().any(|i| i == id)
            {
                ids.push(id.to_owned());
            }
        }
        let swap = |text: &mut String| {
            for (n, id) in ids.iter().enumerate() {
                *text = text.replace(id.as_str(), &(n + 1).to_string());
            }
        };
        for e in s.steps.iter_mut().flat_map(|st| &mut st.exchanges) {
            swap(&mut e.request.path);
            e.request.headers.iter_mut().for_each(|(_, v)| swap(v));
            e.request.body.iter_mut().for_each(swap);
            e.response_headers.iter_mut().for_each(|(_, v)| swap(v));
            e.response_body.iter_mut().for_each(swap);
        }
    }
    out
}

/// Error `detail` lines: prose, where a small number may be an id or not (`W/"1"`, `line 1
/// column 72`), and is one only when the run's ids happen to be that number: here they are
/// `1`, `2`, ... in every scenario. A detail quoting an id is compared in
/// `ids_quoted_in_text_and_family_names_two_users_share_do_not_drift`.
fn without_details(t: &str) -> String {
    t.lines()
        .filter(|l| !l.trim_start().starts_with("\"detail\""))
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_server_with_short_numeric_ids_gives_the_same_transcripts() {
    let report = run(&[], 1, &scenarios(false)).await;
    let short = with_short_ids(&report);
    let mut rewritten = 0;
    for (x, y) in report.scenarios.iter().zip(&short.scenarios) {
        let tx = without_details(&transcript(&report, x));
        let ty = without_details(&transcript(&short, y));
        assert_eq!(tx, ty, "{} differs with short ids", x.id);
        rewritten += usize::from(tx.contains("[user-1]"));
    }
    assert!(rewritten > 10, "only {rewritten} scenarios create users");
}

/// Creates and deletes `n` users on a server: its id sequence moves on, as on a shared target
/// where others created users since the last run.
async fn advance_ids(s: &scimgate::reference::RunningServer, n: usize) {
    use scimgate::http::{Method, RequestSpec};
    let c = client(s, Duration::from_secs(5));
    for i in 0..n {
        let mut create = RequestSpec::new(Method::Post, "/Users");
        create.body = Some(
            serde_json::json!({
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
                "userName": format!("someone-else-{i}@example.com"),
            })
            .to_string()
            .into_bytes(),
        );
        create
            .headers
            .push(("content-type".into(), "application/scim+json".into()));
        let body = c.send(&create).await.response.unwrap().json().unwrap();
        let id = body["id"].as_str().unwrap();
        c.send(&RequestSpec::new(Method::Delete, format!("/Users/{id}")))
            .await;
    }
}

/// Gives every generated user of each scenario the family name of its first one, everywhere
/// it appears (as sent, lower- and upper-cased), as if the name generator had drawn it for all.
fn with_shared_family_names(report: &RunReport) -> RunReport {
    let mut out = report.clone();
    for s in &mut out.scenarios {
        let mut users: Vec<&mut serde_json::Value> = Vec::new();
        for v in s.generated.values_mut() {
            match v {
                serde_json::Value::Array(a) => users.extend(a.iter_mut()),
                v => users.push(v),
            }
        }
        let mut names = users
            .into_iter()
            .filter_map(|u| u.get_mut("familyName"))
            .collect::<Vec<_>>();
        let Some(shared) = names.first().and_then(|n| n.as_str()).map(str::to_owned) else {
            continue;
        };
        let mut swaps: Vec<(String, String)> = Vec::new();
        for n in names.iter_mut().skip(1) {
            let own = n.as_str().unwrap().to_owned();
            for (from, to) in [
                (own.clone(), shared.clone()),
                (own.to_lowercase(), shared.to_lowercase()),
                (own.to_uppercase(), shared.to_uppercase()),
            ] {
                swaps.push((from, to));
            }
            **n = serde_json::Value::String(shared.clone());
        }
        let rest: Vec<&mut serde_json::Value> = s.generated.values_mut().collect();
        let swap = |text: &mut String| {
            for (from, to) in &swaps {
                *text = replace_word(text, from, to);
            }
        };
        for v in rest {
            let mut t = v.to_string();
            swap(&mut t);
            *v = serde_json::from_str(&t).unwrap();
        }
        for e in s.steps.iter_mut().flat_map(|st| &mut st.exchanges) {
            swap(&mut e.request.path);
            e.request.headers.iter_mut().for_each(|(_, v)| swap(v));
            e.request.body.iter_mut().for_each(swap);
            e.response_headers.iter_mut().for_each(|(_, v)| swap(v));
            e.response_body.iter_mut().for_each(swap);
        }
    }
    out
}

/// `from` replaced by `to` where no letter touches it on either side.
fn replace_word(text: &str, from: &str, to: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(from) {
        let before = rest[..at].chars().last().or_else(|| out.chars().last());
        let after = rest[at + from.len()..].chars().next();
        out.push_str(&rest[..at]);
        let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
        out.push_str(if letter(before) || letter(after) {
            from
        } else {
            to
        });
        rest = &rest[at + from.len()..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn ids_quoted_in_text_and_family_names_two_users_share_do_not_drift() {
    let mut quoted = 0;
    for list in server_groups() {
        quoted += ids_quoted_in_one_server_group(&list).await;
    }
    assert!(quoted > 3, "only {quoted} error details quote an id");
}

/// How many error details of one server group's transcripts quote an id (none drifting).
async fn ids_quoted_in_one_server_group(list: &[Scenario]) -> usize {
    let faults = [Fault::NumericIds, Fault::ErrorDetailQuotesId];
    let a = with_shared_family_names(&run(&faults, 1, list).await);
    // The second server has handed out 7 ids before the run: every id differs.
    let s = server(&faults).await;
    advance_ids(&s, 7).await;
    let runner = Runner::new(
        Arc::new(client(&s, Duration::from_secs(30))),
        RunOptions {
            seed: 2,
            jobs: 2,
            ..RunOptions::default()
        },
    );
    let plain = runner.run(list, Arc::new(|_| {})).await;
    s.shutdown().await;
    let b = with_shared_family_names(&plain);
    assert_ne!(a.run_prefix, b.run_prefix);
    let mut quoted = 0;
    let mut drifted = Vec::new();
    for ((x, y), z) in a.scenarios.iter().zip(&b.scenarios).zip(&plain.scenarios) {
        let tx = transcript(&a, x);
        for (other, t) in [
            ("shared", transcript(&b, y)),
            ("own", transcript(&plain, z)),
        ] {
            if tx != t {
                let d = similar::TextDiff::from_lines(&tx, &t);
                drifted.push(format!(
                    "{} differs between runs ({other} family names):\n{}",
                    x.id,
                    d.unified_diff().context_radius(1)
                ));
            }
        }
        quoted += tx
            .lines()
            .filter(|l| l.contains("\"detail\"") && (l.contains("[user-") || l.contains("[group-")))
            .count();
    }
    assert!(drifted.is_empty(), "{}", drifted.join("\n"));
    quoted
}
