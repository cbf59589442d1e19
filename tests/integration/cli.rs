//! The binary end to end: exit codes, report files, selection, and one-line errors naming the
//! place for bad input.

use crate::common;

use common::scimgate;
use std::path::Path;

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn run_without_a_target_passes_against_the_embedded_server_and_writes_reports() {
    let dir = tempfile::tempdir().unwrap();
    let (json, junit) = (dir.path().join("r.json"), dir.path().join("r.xml"));
    let out = scimgate()
        .args(["run", "--seed", "7", "--json"])
        .arg(&json)
        .arg("--junit")
        .arg(&junit)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "stdout:\n{}\nstderr:\n{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(report["format_version"], 2);
    assert_eq!(report["exit_code"], 0);
    assert_eq!(report["gate"], "okta");
    let lines = report["okta_readiness"]["features"].as_array().unwrap();
    assert!(
        lines.iter().all(|l| l["state"] == "ready"),
        "the reference server is ready for every feature: {lines:?}"
    );
    assert_eq!(report["seed"], 7);
    assert_eq!(report["summary"]["fail"], 0);
    let rows = report["results"].as_array().unwrap();
    assert!(rows.len() > 300, "{}", rows.len());
    for key in [
        "scenario",
        "step",
        "check",
        "status",
        "consequence",
        "rfc",
        "fails_run",
        "message",
    ] {
        assert!(
            rows[0].get(key).is_some(),
            "results rows carry `{key}`: {}",
            rows[0]
        );
    }
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(
        xml.contains("<testsuites") && xml.contains("okta/f03-create-user"),
        "{}",
        &xml[..xml.len().min(500)]
    );
    assert!(!xml.contains("<failure"));
}

#[test]
fn a_broken_rule_exits_1_and_names_the_check() {
    let out = scimgate()
        .args([
            "run",
            "--fault",
            "create-answers-200",
            "--scenario",
            "okta/f03",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("create-201"), "{stdout}");
}

#[test]
fn a_should_failure_alone_keeps_exit_0() {
    let out = scimgate()
        .args([
            "run",
            "--fault",
            "content-type-json",
            "--scenario",
            "okta/f01",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("media-type"));
}

#[test]
fn an_unreachable_target_exits_3_with_one_clear_line() {
    let out = scimgate()
        .args([
            "run",
            "--base-url",
            "http://127.0.0.1:9/scim/v2",
            "--token",
            "t0ken-for-nothing",
            "--timeout",
            "2s",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
    assert!(all.contains("could not reach the target"), "{all}");
    assert!(!all.contains("t0ken-for-nothing"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_token_exits_3_as_credentials_refused() {
    let server = common::server(&[]).await;
    let url = server.base_url().to_owned();
    let mut cmd = scimgate();
    cmd.args(["run", "--base-url", &url, "--token", "wrong-token-123"]);
    let out = common::output(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
    assert!(all.contains("credentials refused"), "{all}");
    server.shutdown().await;
}

#[test]
fn usage_mistakes_exit_2() {
    let no_token = scimgate()
        .args(["run", "--base-url", "https://scim.example.com/v2"])
        .output()
        .unwrap();
    assert_eq!(no_token.status.code(), Some(2));
    assert!(
        stderr_of(&no_token).contains("no bearer token"),
        "{}",
        stderr_of(&no_token)
    );
    let query = scimgate()
        .args([
            "run",
            "--base-url",
            "https://x.example/v2?tenant=1",
            "--token",
            "abcd",
        ])
        .output()
        .unwrap();
    assert_eq!(query.status.code(), Some(2));
    assert!(stderr_of(&query).contains("no query string"));
    let unknown = scimgate()
        .args(["run", "--scenario", "okta/nope"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    let flag = scimgate().args(["run", "--frobnicate"]).output().unwrap();
    assert_eq!(flag.status.code(), Some(2));
    let jobs = scimgate().args(["run", "--jobs", "0"]).output().unwrap();
    assert_eq!(jobs.status.code(), Some(2));
    assert!(
        stderr_of(&jobs).contains("--jobs 0"),
        "{}",
        stderr_of(&jobs)
    );
}

#[test]
fn an_exact_scenario_id_picks_only_that_scenario_and_a_prefix_or_star_picks_all() {
    let ran = |pattern: &str| -> Vec<String> {
        let out = scimgate()
            .args(["run", "--color", "never", "--scenario", pattern])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{pattern}");
        let mut ids: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("PASS "))
            .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ran("okta/f06-deactivate"), vec!["okta/f06-deactivate"]);
    let both = vec!["okta/f06-deactivate", "okta/f06-deactivate-put"];
    assert_eq!(ran("okta/f06"), both);
    assert_eq!(ran("okta/f06-deactivate*"), both);
}

#[test]
fn base_urls_with_user_info_or_a_fragment_exit_2_in_one_line() {
    for (url, want) in [
        (
            "https://me:s3cretpass@scim.example.com/v2",
            "remove the user info",
        ),
        (
            "https://scim.example.com/v2#frag",
            "no query string or fragment",
        ),
    ] {
        let out = scimgate()
            .args(["run", "--base-url", url, "--token", "abcd"])
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{url}: {err}");
        assert!(err.contains(want), "{url}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
        assert!(!err.contains("s3cretpass"), "{err}");
    }
}

#[test]
fn unwritable_report_and_ledger_paths_exit_2_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/dir/out");
    for flag in ["--json", "--junit", "--ledger"] {
        // Port 9 has no server: a request would be exit 3, the check comes first.
        let out = scimgate()
            .args([
                "run",
                "--base-url",
                "http://127.0.0.1:9/scim/v2",
                "--token",
                "abcd",
                flag,
            ])
            .arg(&missing)
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{flag}: {err}");
        assert!(
            err.contains(&format!("{flag} ")) && err.contains("cannot write"),
            "{err}"
        );
    }
    let out = scimgate()
        .args([
            "run",
            "--base-url",
            "http://127.0.0.1:9/scim/v2",
            "--token",
            "abcd",
            "--json",
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("is a directory"));
}

#[test]
fn an_invalid_scenario_exits_2_naming_the_file_and_field() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("mine")).unwrap();
    let bad = "title: t\nsource: s\nsteps:\n  - name: one\n    title: x\n    request: {method: GET, path: /Users}\n    expect:\n      - check: list-response\n        stauts: 200\n";
    std::fs::write(dir.path().join("mine/bad.yaml"), bad).unwrap();
    let out = scimgate()
        .args(["run", "--scenarios-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("bad.yaml") && err.contains("steps[0].expect[0]") && err.contains("stauts"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn explain_and_list_describe_the_catalogue() {
    let out = scimgate().args(["explain", "create-201"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("RFC 7644 §3.3") && text.contains("fix:"),
        "{text}"
    );
    assert_eq!(
        scimgate()
            .args(["explain", "no-such-check"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    let checks = scimgate().args(["list", "checks"]).output().unwrap();
    assert!(String::from_utf8_lossy(&checks.stdout).lines().count() >= 25);
    let scenarios = scimgate().args(["list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&scenarios.stdout).contains("okta/spec"));
    let rfc = scimgate()
        .args(["list", "scenarios", "--profile", "rfc"])
        .output()
        .unwrap();
    let rfc = String::from_utf8_lossy(&rfc.stdout);
    assert!(
        rfc.contains("rfc/g2-filters") && rfc.contains("G19") && !rfc.contains("okta/spec"),
        "{rfc}"
    );
}

#[test]
fn the_profile_selects_the_scenarios() {
    let out = scimgate()
        .args(["run", "--profile", "rfc", "--scenario", "okta/spec"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "okta scenarios are not in the rfc profile"
    );
    let out = scimgate()
        .args(["run", "--profile", "rfc", "--scenario", "rfc/m-discovery"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn the_committed_scenario_schema_is_what_the_binary_prints() {
    let out = scimgate().arg("scenario-schema").output().unwrap();
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/scenario.schema.json"),
    )
    .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), committed);
}

#[test]
fn snapshot_drift_exits_1_warn_exits_0_and_accept_makes_it_clean() {
    let dir = tempfile::tempdir().unwrap();
    let snaps = dir.path().join("snaps");
    let run = |extra: &[&str]| {
        let mut c = scimgate();
        c.args(["run", "--scenario", "okta/f01", "--snapshots"])
            .arg(&snaps)
            .args(extra);
        c.output().unwrap()
    };
    let first = run(&[]);
    assert_eq!(first.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&first.stdout).contains("snapshot written"));
    // `content-type-json` only breaks a `should` rule, so the exit code speaks of drift alone.
    let drift = run(&["--fault", "content-type-json"]);
    let stdout = String::from_utf8_lossy(&drift.stdout);
    assert_eq!(drift.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("drift in okta/f01-test-api-credentials"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+< content-type: application/json"),
        "the diff shows what changed: {stdout}"
    );
    assert_eq!(
        run(&["--fault", "content-type-json", "--drift", "warn"])
            .status
            .code(),
        Some(0)
    );
    let accept = scimgate()
        .args(["snapshots", "accept", "--dir"])
        .arg(&snaps)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&accept.stdout).contains("accepted"));
    assert_eq!(
        run(&["--fault", "content-type-json"]).status.code(),
        Some(0),
        "the accepted behaviour is the new baseline"
    );
}

#[test]
fn a_closed_stdout_is_not_a_panic() {
    for args in [
        vec!["list"],
        vec!["list", "checks"],
        vec!["explain", "create-201"],
        vec!["scenario-schema"],
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("scimgate"))
            .args(&args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the binary writes: every write now fails with EPIPE.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn the_readme_fault_table_is_what_serve_list_faults_prints() {
    let out = scimgate()
        .args(["serve", "--list-faults"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let listed: Vec<(String, String)> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(' '))
        .map(|(name, rule)| (name.to_owned(), rule.trim().to_owned()))
        .collect();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let table: Vec<(String, String)> = readme
        .lines()
        .skip_while(|l| !l.starts_with("| fault | the rule it breaks |"))
        .skip(2)
        .take_while(|l| l.starts_with("| `"))
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').splitn(2, " | ").collect();
            let name = cells.first()?.trim().trim_matches('`').to_owned();
            let rule = cells.get(1)?.trim().replace("\\|", "|");
            Some((name, rule))
        })
        .collect();
    assert!(listed.len() > 60, "{} faults listed", listed.len());
    assert_eq!(
        table, listed,
        "README's fault table differs from `serve --list-faults`"
    );
}

/// The run's JSON report from stdout (`--json -`).
fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            stderr_of(out)
        )
    })
}

#[test]
fn drift_under_warn_exits_0_and_every_output_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (snaps, junit) = (dir.path().join("snaps"), dir.path().join("r.xml"));
    let run = |extra: &[&str]| {
        let mut c = scimgate();
        c.args(["run", "--scenario", "okta/f01", "--snapshots"])
            .arg(&snaps)
            .arg("--junit")
            .arg(&junit)
            .args(["--json", "-"])
            .args(extra);
        c.output().unwrap()
    };
    assert_eq!(run(&[]).status.code(), Some(0));
    for (mode, code, failures) in [("fail", 1, true), ("warn", 0, false)] {
        let out = run(&["--fault", "content-type-json", "--drift", mode]);
        assert_eq!(out.status.code(), Some(code), "{}", stderr_of(&out));
        let report = json_of(&out);
        assert_eq!(report["exit_code"], code, "--drift {mode}");
        assert_eq!(report["drift_fails"], mode == "fail");
        assert!(report["summary"]["drift"].as_u64().unwrap() > 0);
        assert_eq!(report["summary"]["fail"], 0, "drift is not a failure");
        let stderr = stderr_of(&out);
        assert!(
            stderr.contains(&format!("exit {code} (")),
            "the console (on stderr under --json -) states the real exit code: {stderr}"
        );
        let xml = std::fs::read_to_string(&junit).unwrap();
        assert_eq!(
            xml.contains("type=\"drift\""),
            failures,
            "--drift {mode}: {xml}"
        );
        if !failures {
            assert!(xml.contains("drift, reported only (--drift warn)"), "{xml}");
        }
    }
}

#[test]
fn warnings_below_the_gate_count_as_warnings_not_failures() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("r.xml");
    let out = scimgate()
        .args([
            "run",
            "--scenario",
            "okta/f01",
            "--fault",
            "content-type-json",
        ])
        .args(["--json", "-", "--junit"])
        .arg(&junit)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let report = json_of(&out);
    assert_eq!(report["summary"]["fail"], 0);
    assert!(
        report["summary"]["warn"].as_u64().unwrap() > 0,
        "{}",
        report["summary"]
    );
    assert!(
        !std::fs::read_to_string(&junit)
            .unwrap()
            .contains("<failure")
    );
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn accepted_deviations_pass_the_gate_until_they_expire_or_stop_failing() {
    let dir = tempfile::tempdir().unwrap();
    let junit = dir.path().join("r.xml");
    let run = |accept: &Path, fault: Option<&str>| {
        let mut c = scimgate();
        c.args(["run", "--scenario", "okta/f03", "--json", "-", "--accept"])
            .arg(accept)
            .arg("--junit")
            .arg(&junit);
        if let Some(f) = fault {
            c.args(["--fault", f]);
        }
        c.output().unwrap()
    };
    let ok = write(
        dir.path(),
        "ok.toml",
        "[[accept]]\ncheck = \"okta/f03-create-user › create › create-201\"\nreason = \"SCIM-1: fixed in March\"\nuntil = 2999-03-01\n",
    );
    let html = dir.path().join("r.html");
    let out = {
        let mut c = scimgate();
        c.args(["run", "--scenario", "okta/f03", "--json", "-", "--accept"])
            .arg(&ok)
            .arg("--junit")
            .arg(&junit)
            .arg("--html")
            .arg(&html)
            .args(["--fault", "create-answers-200"]);
        c.output().unwrap()
    };
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("<h2>Accepted deviations</h2>"),
        "the certification report lists them"
    );
    assert!(page.contains("SCIM-1: fixed in March"));
    let report = json_of(&out);
    assert_eq!(report["summary"]["accepted"], 1);
    assert_eq!(report["summary"]["fail"], 0);
    assert_eq!(report["accepted"][0]["state"], "applied");
    let row = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "create-201" && r["status"] == "fail")
        .expect("the failure is still reported");
    assert_eq!(row["accepted"], "SCIM-1: fixed in March");
    assert_eq!(row["fails_run"], false);
    let xml = std::fs::read_to_string(&junit).unwrap();
    assert!(!xml.contains("<failure"), "{xml}");
    assert!(xml.contains("accepted deviation ("), "{xml}");
    assert!(
        stderr_of(&out).contains("1 accepted"),
        "{}",
        stderr_of(&out)
    );

    let expired = write(
        dir.path(),
        "expired.toml",
        "[[accept]]\ncheck = \"create-201\"\nreason = \"SCIM-1\"\nuntil = 2020-01-01\n",
    );
    let out = run(&expired, Some("create-answers-200"));
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(json_of(&out)["accepted"][0]["state"], "expired");

    // The server was fixed: the entry must go, so the run fails until it does.
    let out = run(&ok, None);
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert_eq!(json_of(&out)["accepted"][0]["state"], "stale");
    assert!(stderr_of(&out).contains("no longer fails: remove it from"));
    assert!(
        std::fs::read_to_string(&junit)
            .unwrap()
            .contains("type=\"stale-acceptance\"")
    );

    let bad = write(
        dir.path(),
        "bad.toml",
        "[[accept]]\ncheck = \"create-2001\"\nreason = \"x\"\n",
    );
    let out = run(&bad, None);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("bad.toml: [[accept]] #1: unknown check `create-2001`"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_config_file_sets_what_flags_would_and_flags_override_it() {
    let server = common::server(&[scimgate::reference::Fault::CreateAnswers200]).await;
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "scimgate.toml",
        &format!(
            "base_url = \"{}\"\ntoken_env = \"STAGING_TOKEN_FOR_TEST\"\ngate = \"rfc\"\nprofile = \"okta\"\nokta_features = [\"create-users\"]\n\n[[accept]]\ncheck = \"create-201\"\nreason = \"SCIM-7\"\n",
            server.base_url()
        ),
    );
    let run = |extra: &[&str]| {
        let mut c = scimgate();
        c.current_dir(dir.path())
            .env("STAGING_TOKEN_FOR_TEST", server.token())
            .args(["run", "--scenario", "okta/f03", "--json", "-"])
            .args(extra);
        c
    };
    let out = common::output(run(&[])).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let report = json_of(&out);
    assert_eq!(report["gate"], "rfc");
    assert_eq!(report["target"], server.base_url());
    assert_eq!(report["features"]["by"], "declared");
    assert_eq!(report["summary"]["accepted"], 1);
    let out = common::output(run(&["--gate", "okta"])).await;
    assert_eq!(json_of(&out)["gate"], "okta", "the flag wins");
    let mut missing = run(&[]);
    missing.env_remove("STAGING_TOKEN_FOR_TEST");
    let out = common::output(missing).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("scimgate.toml: `token_env = \"STAGING_TOKEN_FOR_TEST\"` names an environment variable that is not set"),
        "{}",
        stderr_of(&out)
    );
    write(
        dir.path(),
        "scimgate.toml",
        "gate = \"okta\"\ntimeout = \"5s\"\n",
    );
    let out = common::output(run(&[])).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("scimgate.toml:2:1: unknown field `timeout`"),
        "{}",
        stderr_of(&out)
    );
    server.shutdown().await;
}

#[test]
fn under_github_actions_failures_are_annotations_and_the_step_summary_is_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let summary = dir.path().join("summary.md");
    let out = scimgate()
        .env("GITHUB_ACTIONS", "true")
        .env("GITHUB_STEP_SUMMARY", &summary)
        .args([
            "run",
            "--scenario",
            "okta/f0",
            "--fault",
            "create-answers-200",
        ])
        .args(["--fault", "content-type-json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(
        errors.len(),
        1,
        "one annotation per failing check id: {stdout}"
    );
    assert!(errors[0].starts_with("::error title=scimgate%3A create-201 (breaks-okta)::"));
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("::warning title=scimgate%3A")),
        "a SHOULD below the gate is a warning annotation: {stdout}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("## ❌ scimgate: exit 1 (non-conformance)"),
        "{md}"
    );
    assert!(md.contains("| Create Users | ❌ not ready |"), "{md}");
    assert!(md.contains("### Failing the run"), "{md}");
    // Outside GitHub Actions, nothing of the kind.
    let out = scimgate()
        .env_remove("GITHUB_ACTIONS")
        .args([
            "run",
            "--scenario",
            "okta/f03",
            "--fault",
            "create-answers-200",
        ])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("::error"));
}

#[test]
fn completions_help_and_fault_names_stay_short_and_useful() {
    for shell in ["bash", "zsh", "fish"] {
        let out = scimgate().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        assert!(
            script.contains("scimgate") && script.contains("okta-features"),
            "{shell}"
        );
    }
    let help = scimgate().args(["run", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(
        !help.contains("create-answers-200"),
        "`run --help` leaves the fault list to `scimgate list faults`"
    );
    assert!(help.lines().count() < 200, "{} lines", help.lines().count());
    let out = scimgate()
        .args(["run", "--fault", "create-returns-200"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("did you mean `create-answers-200`?"), "{err}");
    assert!(
        !err.contains("username-lowercased"),
        "no list of every fault: {err}"
    );
}

#[test]
fn the_seed_reproduces_the_run_prefix() {
    let prefix = |seed: &str| {
        let out = scimgate()
            .args([
                "run",
                "--scenario",
                "okta/f01",
                "--seed",
                seed,
                "--json",
                "-",
            ])
            .output()
            .unwrap();
        json_of(&out)["run_prefix"].as_str().unwrap().to_owned()
    };
    assert_eq!(prefix("7"), prefix("7"));
    assert_ne!(prefix("7"), prefix("8"));
}

#[test]
fn har_holds_every_exchange_of_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let har = dir.path().join("run.har");
    let out = scimgate()
        .args(["run", "--scenario", "okta/f03", "--har"])
        .arg(&har)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&har).unwrap()).unwrap();
    assert_eq!(v["log"]["version"], "1.2");
    let entries = v["log"]["entries"].as_array().unwrap();
    let create = entries
        .iter()
        .find(|e| {
            e["request"]["method"] == "POST"
                && e["request"]["url"]
                    .as_str()
                    .is_some_and(|u| u.ends_with("/Users"))
        })
        .expect("a POST /Users");
    let body = create["request"]["postData"]["text"].as_str().unwrap();
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert!(body["userName"].is_string(), "{body}");
    assert_eq!(create["response"]["status"], 201);
    assert!(
        entries
            .iter()
            .all(|e| e["request"]["url"].as_str().unwrap().starts_with("http://")),
        "absolute URLs"
    );
    let (base, back) =
        scimgate::record::har::read_har(&std::fs::read_to_string(&har).unwrap(), "run.har")
            .unwrap();
    assert!(base.is_some());
    assert_eq!(back.len(), entries.len(), "every entry reads back");
}
