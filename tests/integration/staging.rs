//! Safe on shared staging: concurrent runs do not collide, Ctrl-C cleans up, and
//! `scimgate cleanup --ledger` finishes the job while touching only what the run created.

use crate::common;

use assert_cmd::cargo::CommandCargoExt;
use common::{client, problems, scenarios, server};
use scimgate::http::{Method, RequestSpec};
use scimgate::reference::Fault;
use scimgate::runner::{RunOptions, Runner};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

async fn count(s: &scimgate::reference::RunningServer, endpoint: &str) -> u64 {
    let c = client(s, Duration::from_secs(20));
    let body = c
        .send(&RequestSpec::new(Method::Get, endpoint))
        .await
        .response
        .unwrap()
        .json()
        .unwrap();
    body["totalResults"].as_u64().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_runs_against_one_target_at_once_do_not_collide_and_both_pass() {
    let s = server(&[]).await;
    let all = scenarios(false);
    let run = |seed| {
        let runner = Runner::new(
            Arc::new(client(&s, Duration::from_secs(30))),
            RunOptions {
                seed,
                jobs: 2,
                ..RunOptions::default()
            },
        );
        let all = all.clone();
        async move { runner.run(&all, Arc::new(|_| {})).await }
    };
    // The same seed on purpose: the run prefix alone keeps the two runs apart.
    let (a, b) = tokio::join!(run(5), run(5));
    assert_ne!(a.run_prefix, b.run_prefix);
    assert_eq!(problems(&a), Vec::<String>::new());
    assert_eq!(problems(&b), Vec::<String>::new());
    assert_eq!(count(&s, "/Users").await, 0);
    assert_eq!(count(&s, "/Groups").await, 0);
    s.shutdown().await;
}

const SLOW_SCENARIO: &str = r#"
title: create, then read slowly
source: test
vars:
  u: {kind: user}
steps:
  - name: create
    title: create
    request:
      method: POST
      path: /Users
      body: {schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "{{u.userName}}"}
    capture: {u_id: {json: /id}}
    creates: {kind: User, name: "{{u.userName}}"}
    expect: [{check: create-201}]
  - {name: read-1, title: read, request: {method: GET, path: "/Users/{{u_id}}"}, expect: [{check: get-200}]}
  - {name: read-2, title: read, request: {method: GET, path: "/Users/{{u_id}}"}, expect: [{check: get-200}]}
  - {name: read-3, title: read, request: {method: GET, path: "/Users/{{u_id}}"}, expect: [{check: get-200}]}
  - {name: read-4, title: read, request: {method: GET, path: "/Users/{{u_id}}"}, expect: [{check: get-200}]}
"#;

/// Starts `scimgate run` on the slow scenario against `s` with a ledger; returns the child
/// once the ledger shows the user created.
async fn start_slow_run(
    s: &scimgate::reference::RunningServer,
    dir: &std::path::Path,
) -> std::process::Child {
    std::fs::create_dir_all(dir.join("slow")).unwrap();
    std::fs::write(dir.join("slow/create.yaml"), SLOW_SCENARIO).unwrap();
    let ledger = dir.join("ledger.jsonl");
    let child = Command::cargo_bin("scimgate")
        .unwrap()
        .env("SCIMGATE_TOKEN", s.token())
        .args(["run", "--base-url", s.base_url(), "--scenarios-dir"])
        .arg(dir)
        .arg("--ledger")
        .arg(&ledger)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the user is created and recorded (a pending line, then the created one).
    for _ in 0..200 {
        if std::fs::read_to_string(&ledger).is_ok_and(|l| {
            l.lines()
                .any(|line| line.contains("\"id\"") && !line.contains("pending"))
        }) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    child
}

fn signal(child: &std::process::Child, name: &str) {
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args([&format!("-{name}"), &pid])
            .status()
            .unwrap()
            .success()
    );
}

#[rstest::rstest]
#[case::ctrl_c("INT")]
#[case::ci_cancel("TERM")]
#[case::hangup("HUP")]
#[tokio::test(flavor = "multi_thread")]
async fn a_signal_stops_the_run_and_cleans_up_what_it_created(#[case] sig: &str) {
    let s = server(&[Fault::SlowResponses]).await;
    let dir = tempfile::tempdir().unwrap();
    let child = start_slow_run(&s, dir.path()).await;
    assert_eq!(count(&s, "/Users").await, 1, "the run created its user");
    signal(&child, sig);
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains(&format!("interrupted (SIG{sig})")),
        "{stderr}"
    );
    assert!(
        stderr.contains("interrupted: cleaned up 1 object(s) this run created, left 0"),
        "{stderr}"
    );
    assert!(stdout.contains("INTERRUPTED slow/create"), "{stdout}");
    assert!(stdout.contains("exit 3 (interrupted)"), "{stdout}");
    assert_eq!(count(&s, "/Users").await, 0, "nothing left behind");
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_signal_quits_at_once_and_says_so() {
    let s = server(&[Fault::SlowResponses]).await;
    let dir = tempfile::tempdir().unwrap();
    let child = start_slow_run(&s, dir.path()).await;
    signal(&child, "TERM");
    tokio::time::sleep(Duration::from_millis(300)).await;
    signal(&child, "TERM");
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("SIGTERM again: quitting now, without cleanup; `scimgate cleanup --ledger FILE` removes what was left"),
        "{stderr}"
    );
    // What the quit left, the ledger removes.
    let mut cmd = common::scimgate();
    cmd.env("SCIMGATE_TOKEN", s.token())
        .args(["cleanup", "--base-url", s.base_url(), "--ledger"])
        .arg(dir.path().join("ledger.jsonl"));
    let out = common::output(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(count(&s, "/Users").await, 0);
    s.shutdown().await;
}

/// SIGKILL while creates are in flight: the ledger has a `pending` line for each create before
/// its POST is sent, so `cleanup` finds those objects by their run-prefixed names.
#[tokio::test(flavor = "multi_thread")]
async fn after_a_sigkill_the_ledger_finds_even_creates_that_were_in_flight() {
    use common::proxy::{self, Seen};
    let s = server(&[]).await;
    // Upstream creates at once; the proxy holds the 201 back, so the kill lands in flight.
    let hooks = proxy::Hooks {
        delay: Some(Arc::new(|seen: &Seen| {
            if seen.method == "POST" {
                Duration::from_secs(5)
            } else {
                Duration::ZERO
            }
        })),
        ..Default::default()
    };
    let p = proxy::start(&format!("http://{}", s.addr()), hooks).await;
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.jsonl");
    let mut child = common::scimgate()
        .env("SCIMGATE_TOKEN", s.token())
        .args([
            "run",
            "--scenario",
            "okta/f11-group-membership",
            "--base-url",
            &p.base_url("/scim/v2"),
            "--ledger",
        ])
        .arg(&ledger)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..200 {
        if count(&s, "/Users").await > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let lines = scimgate::runner::read_ledger_file(&ledger).unwrap();
    let open = scimgate::runner::unresolved(&lines);
    assert!(
        open.iter()
            .any(|e| e.state == scimgate::runner::EntryState::Pending),
        "a create was in flight at the kill: {open:?}"
    );
    assert!(
        count(&s, "/Users").await > 0,
        "the in-flight create happened"
    );
    let mut cmd = common::scimgate();
    cmd.env("SCIMGATE_TOKEN", s.token())
        .args(["cleanup", "--base-url", s.base_url(), "--ledger"])
        .arg(&ledger);
    let out = common::output(cmd).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    common::assert_left_empty(&s).await;
    s.shutdown().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn cleanup_from_the_ledger_deletes_only_what_carries_the_run_prefix() {
    let s = server(&[]).await;
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.jsonl");
    let (url, token) = (s.base_url().to_owned(), s.token().to_owned());
    let mut cmd = common::scimgate();
    cmd.env("SCIMGATE_TOKEN", &token)
        .args([
            "run",
            "--keep",
            "--scenario",
            "okta/f03",
            "--base-url",
            &url,
            "--ledger",
        ])
        .arg(&ledger);
    let out = common::output(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Kept on the target"));
    assert_eq!(count(&s, "/Users").await, 1, "--keep left the user");

    // Somebody else's user, smuggled into the ledger under a name without the prefix.
    let c = client(&s, Duration::from_secs(5));
    let mut create = RequestSpec::new(Method::Post, "/Users");
    create.body = Some(br#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"a.real.person@example.com"}"#.to_vec());
    let theirs = c.send(&create).await.response.unwrap().json().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let prefix = std::fs::read_to_string(&ledger)
        .unwrap()
        .lines()
        .next()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["prefix"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .unwrap();
    let forged = serde_json::json!({"kind": "User", "id": theirs, "name": "a.real.person@example.com", "prefix": prefix, "scenario": "x"});
    std::fs::write(
        &ledger,
        format!("{}{forged}\n", std::fs::read_to_string(&ledger).unwrap()),
    )
    .unwrap();

    let mut cmd = common::scimgate();
    cmd.env("SCIMGATE_TOKEN", &token)
        .args(["cleanup", "--base-url", &url, "--ledger"])
        .arg(&ledger);
    let out = common::output(cmd).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("deleted") && stdout.contains("refused"),
        "{stdout}"
    );
    assert_eq!(
        out.status.code(),
        Some(3),
        "a refused entry is reported as not cleaned: {stdout}"
    );
    assert_eq!(
        count(&s, "/Users").await,
        1,
        "only the real person's user is left"
    );
    let still = c
        .send(&RequestSpec::new(Method::Get, format!("/Users/{theirs}")))
        .await
        .response
        .unwrap();
    assert_eq!(still.status, 200);
    s.shutdown().await;
}

/// A DELETE that fails (and a deactivation that fails too) leaves objects behind: the run
/// lists each with kind, id and name in the console, JSON (`left_behind`) and JUnit (a failing
/// `cleanup` case), exits non-zero even for one scenario, and writes a ledger file that
/// `scimgate cleanup` then uses to remove them once the server lets it.
#[tokio::test(flavor = "multi_thread")]
async fn objects_cleanup_cannot_remove_are_listed_everywhere_and_the_run_does_not_pass() {
    use common::proxy::{self, Answer, Seen};
    let s = server(&[]).await;
    let refuse = proxy::Hooks::intercept(|seen: &Seen, body: &[u8]| {
        let deactivation =
            seen.method == "PATCH" && String::from_utf8_lossy(body).contains("\"active\":false");
        (seen.method == "DELETE" || deactivation).then(|| Answer {
            status: 500,
            headers: vec![("content-type".into(), "application/scim+json".into())],
            body: br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"500","detail":"delete is broken"}"#.to_vec(),
        })
    });
    let p = proxy::start(&format!("http://{}", s.addr()), refuse).await;
    let dir = tempfile::tempdir().unwrap();
    let (json, junit) = (dir.path().join("r.json"), dir.path().join("r.xml"));
    let mut cmd = common::scimgate();
    cmd.current_dir(dir.path())
        .env("SCIMGATE_TOKEN", s.token())
        .args([
            "run",
            "--scenario",
            "okta/f10-group-push",
            "--base-url",
            &p.base_url("/scim/v2"),
        ])
        .arg("--json")
        .arg(&json)
        .arg("--junit")
        .arg(&junit);
    let out = common::output(cmd).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(
        stdout.contains("exit 3 (objects left behind on the target)"),
        "{stdout}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let left = report["left_behind"].as_array().unwrap();
    let users = count(&s, "/Users").await;
    let groups = count(&s, "/Groups").await;
    assert!(users > 0 && groups > 0);
    assert_eq!(left.len() as u64, users + groups, "{left:?}");
    for l in left {
        let id = l["id"].as_str().unwrap();
        let name = l["name"].as_str().unwrap();
        assert!(
            !id.is_empty() && stdout.contains(id) && stdout.contains(name),
            "{stdout}"
        );
    }
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(xml.contains("<testcase name=\"cleanup\"") && xml.contains("type=\"left-behind\""));
    let ledger = report["left_behind_ledger"].as_str().unwrap();
    assert!(
        stdout.contains(&format!("scimgate cleanup --ledger {ledger}")),
        "{stdout}"
    );

    // The server works again (no proxy): the printed command removes everything.
    let mut cmd = common::scimgate();
    cmd.current_dir(dir.path())
        .env("SCIMGATE_TOKEN", s.token())
        .args(["cleanup", "--base-url", s.base_url(), "--ledger", ledger]);
    let out = common::output(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    common::assert_left_empty(&s).await;
    s.shutdown().await;
}

/// A signal during a 429 back-off ends the wait at once: the run cleans up and exits within
/// seconds, not after the back-off.
#[tokio::test(flavor = "multi_thread")]
async fn a_signal_cuts_a_429_back_off_short() {
    use common::proxy::{self, Answer, Seen};
    use std::sync::atomic::{AtomicBool, Ordering};
    let s = server(&[]).await;
    let limited = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&limited);
    let hooks = proxy::Hooks::intercept(move |seen: &Seen, _: &[u8]| {
        let read = seen.method == "GET" && seen.path.starts_with("/scim/v2/Users/");
        (read && !flag.swap(true, Ordering::SeqCst)).then(|| Answer {
            status: 429,
            headers: vec![
                ("content-type".into(), "application/scim+json".into()),
                ("retry-after".into(), "25".into()),
            ],
            body: br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"429","detail":"slow down"}"#.to_vec(),
        })
    });
    let p = proxy::start(&format!("http://{}", s.addr()), hooks).await;
    let child = common::scimgate()
        .env("SCIMGATE_TOKEN", s.token())
        .args([
            "run",
            "--scenario",
            "okta/f06-deactivate",
            "--base-url",
            &p.base_url("/scim/v2"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    for _ in 0..200 {
        if limited.load(Ordering::SeqCst) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let signalled = std::time::Instant::now();
    signal(&child, "TERM");
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        signalled.elapsed() < Duration::from_secs(15),
        "the 25 s back-off was cut short ({:?})",
        signalled.elapsed()
    );
    common::assert_left_empty(&s).await;
    s.shutdown().await;
}

/// A staging server holding 10,000 users of other people: the default profile pages through
/// all of them as Okta's import does (count=100), fails nothing, writes to none of them and
/// leaves them exactly as they were. (How long it takes is measured in benches/, not here.)
#[tokio::test(flavor = "multi_thread")]
async fn a_populated_target_gives_no_false_failure_and_its_users_are_untouched() {
    let s = scimgate::reference::spawn(scimgate::reference::ServeOptions {
        preload_users: 10_000,
        ..Default::default()
    })
    .await
    .unwrap();
    let snapshot = |s: &scimgate::reference::RunningServer| {
        let c = client(s, Duration::from_secs(30));
        async move {
            let mut all = Vec::new();
            for page in 0..100 {
                let mut spec = RequestSpec::new(Method::Get, "/Users");
                spec.query = Some(format!("startIndex={}&count=100", page * 100 + 1));
                let body = c.send(&spec).await.response.unwrap().json().unwrap();
                all.extend(body["Resources"].as_array().unwrap().iter().cloned());
            }
            all
        }
    };
    let before = snapshot(&s).await;
    assert_eq!(before.len(), 10_000);
    let runner = Runner::new(
        Arc::new(client(&s, Duration::from_secs(30))),
        RunOptions {
            seed: 3,
            ..RunOptions::default()
        },
    );
    let report = runner
        .run(&common::profile("okta", false), Arc::new(|_| {}))
        .await;
    assert_eq!(problems(&report), Vec::<String>::new());
    let import = report
        .scenarios
        .iter()
        .find(|x| x.id == "okta/f09-import-paging")
        .unwrap();
    let pages = import.steps[1].exchanges.len();
    assert!(pages >= 101, "the import read every page of 100: {pages}");
    assert_eq!(
        snapshot(&s).await,
        before,
        "the other people's users are untouched"
    );
    assert_eq!(count(&s, "/Users").await, 10_000);
    s.shutdown().await;
}
