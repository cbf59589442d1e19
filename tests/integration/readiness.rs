//! Okta readiness: the verdict answers the vendor's question. Features are inferred from the
//! target's discovery documents (and said to be), or declared with `--okta-features`; an off
//! feature is skipped and never fails the run; a declared feature that does not work does;
//! `--gate` decides what exit 1 means, and every run reports all three lines.

use crate::common;

use serde_json::Value;

/// Runs the default profile against the embedded server with these faults and flags; returns
/// the exit code, stdout and the JSON report.
async fn run(faults: &[&str], flags: &[&str]) -> (i32, String, Value) {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let mut cmd = common::scimgate();
    cmd.args(["run", "--seed", "3", "--json"]).arg(&json);
    for f in faults {
        cmd.args(["--fault", f]);
    }
    cmd.args(flags);
    let out = common::output(cmd).await;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let report = serde_json::from_str(&std::fs::read_to_string(&json).unwrap_or_default())
        .unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), stdout, report)
}

fn feature<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["okta_readiness"]["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["feature"] == name)
        .unwrap_or_else(|| panic!("no readiness line for {name}: {report}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_without_groups_passes_with_push_and_import_groups_reported_off() {
    let (code, stdout, report) = run(&["no-groups"], &[]).await;
    assert_eq!(code, 0, "{stdout}");
    for name in ["push-groups", "import-groups"] {
        let f = feature(&report, name);
        assert_eq!(f["state"], "off", "{f}");
        let why = f["why"].as_str().unwrap();
        assert!(
            why.contains("GET /Groups answered 404") && why.contains("inferred"),
            "{why}"
        );
        assert!(f["advice"].as_str().unwrap().contains("off in Okta"), "{f}");
    }
    assert_eq!(feature(&report, "create-users")["state"], "ready");
    assert_eq!(report["features"]["by"], "inferred");
    assert!(
        stdout.contains("–") && stdout.contains("Push Groups"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Okta provisioning: ready for Create Users"),
        "{stdout}"
    );
    assert!(
        stdout.contains("off Push Groups, Import Groups"),
        "{stdout}"
    );
    // Off means not run: no group request was judged.
    let results = report["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .filter(|r| r["scenario"] == "okta/f10-group-push")
            .all(|r| r["status"] == "skipped")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_refusing_password_changes_passes_and_the_admin_is_told_to_keep_sync_password_off()
{
    let (code, stdout, report) = run(&["password-change-refused"], &[]).await;
    assert_eq!(code, 0, "{stdout}");
    let f = feature(&report, "sync-password");
    assert_eq!(f["state"], "off");
    assert!(
        f["why"]
            .as_str()
            .unwrap()
            .contains("changePassword.supported: false"),
        "{f}"
    );
    assert!(
        f["advice"]
            .as_str()
            .unwrap()
            .starts_with("keep Sync Password off in Okta"),
        "{f}"
    );
    assert!(
        stdout.contains("keep Sync Password off in Okta"),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn declaring_a_feature_the_server_refuses_fails_the_run() {
    let all = "create-users,update-user-attributes,deactivate-users,sync-password,push-groups,import-users,import-groups";
    let (code, stdout, report) = run(&["password-change-refused"], &["--okta-features", all]).await;
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(report["features"]["by"], "declared");
    let f = feature(&report, "sync-password");
    assert_eq!(f["state"], "not-ready", "{f}");
    let why = f["why"].as_str().unwrap();
    assert!(why.contains("okta/f08-password-sync"), "{why}");
    assert!(
        f["okta_says"]
            .as_str()
            .unwrap()
            .contains("Errors reported by remote server: password changes are not supported"),
        "Okta's own text, with the server's detail: {f}"
    );
    assert!(stdout.contains("✗ Sync Password"), "{stdout}");
}

#[tokio::test(flavor = "multi_thread")]
async fn features_not_declared_are_skipped_and_said_to_be_off() {
    let (code, stdout, report) =
        run(&[], &["--okta-features", "create-users,deactivate-users"]).await;
    assert_eq!(code, 0, "{stdout}");
    let off = feature(&report, "push-groups");
    assert_eq!(off["state"], "off");
    assert_eq!(off["why"], "not in --okta-features");
    assert_eq!(feature(&report, "deactivate-users")["state"], "ready");
    let results = report["results"].as_array().unwrap();
    let f08: Vec<&Value> = results
        .iter()
        .filter(|r| r["scenario"] == "okta/f08-password-sync")
        .collect();
    assert!(!f08.is_empty() && f08.iter().all(|r| r["status"] == "skipped"));
    assert!(
        f08[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Sync Password is off (declared: not in --okta-features)"),
        "{}",
        f08[0]
    );
    let (code, _, _) = run(&[], &["--okta-features", "create-users,sync"]).await;
    assert_eq!(code, 2, "an unknown feature is a usage error");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lower_casing_server_works_with_okta_but_fails_spec_steps_6_and_7() {
    let (code, stdout, report) = run(&["username-lowercased"], &[]).await;
    assert_eq!(code, 0, "Okta itself works: {stdout}");
    let oin = &report["okta_readiness"]["oin"];
    assert_eq!(oin["pass"], false);
    assert!(
        oin["failing"][0]
            .as_str()
            .unwrap()
            .starts_with("SPEC 6, 7 (username-exact: userName came back in other letter case"),
        "{oin}"
    );
    assert!(
        stdout.contains("OIN tests: SPEC 6, 7 (username-exact"),
        "{stdout}"
    );
    let (code, stdout, report) = run(&["username-lowercased"], &["--gate", "oin"]).await;
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(report["gate"], "oin");
    assert_eq!(report["exit_code"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_gate_decides_whether_an_rfc_rule_okta_does_not_read_fails_the_run() {
    // No Location on 201: an RFC MUST that Okta does not need.
    let (code, stdout, report) = run(&["create-without-location"], &[]).await;
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("RFC 7643/7644: 1 MUST broken"),
        "every run reports all three lines: {stdout}"
    );
    assert_eq!(
        report["okta_readiness"]["rfc"]["must_broken"][0],
        "create-location"
    );
    let row = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "create-location" && r["status"] == "fail")
        .unwrap();
    assert_eq!(
        (&row["consequence"], &row["fails_run"]),
        (&"none".into(), &false.into())
    );
    let (code, _, _) = run(&["create-without-location"], &["--gate", "oin"]).await;
    assert_eq!(code, 0);
    let (code, _, report) = run(&["create-without-location"], &["--gate", "rfc"]).await;
    assert_eq!(code, 1);
    assert_eq!(report["exit_code"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readiness_json_has_one_line_per_feature_with_its_checks() {
    let (code, _, report) = run(&["put-refuses-read-only"], &[]).await;
    assert_eq!(code, 1);
    let r = &report["okta_readiness"];
    for key in ["configuration", "gate", "features", "oin", "rfc", "summary"] {
        assert!(r.get(key).is_some(), "okta_readiness.{key}: {r}");
    }
    let update = feature(&report, "update-user-attributes");
    assert_eq!(update["state"], "not-ready");
    assert_eq!(update["label"], "Update User Attributes");
    let checks = update["checks"].as_array().unwrap();
    assert!(
        checks
            .iter()
            .all(|c| c["check"] == "replace-200" && c["status"] == "fail"),
        "{checks:?}"
    );
    assert!(update["checks_run"].as_u64().unwrap() > 0);
    for line in r["features"].as_array().unwrap() {
        for key in ["feature", "label", "state", "checks", "checks_run"] {
            assert!(line.get(key).is_some(), "{key} in {line}");
        }
    }
    assert!(
        r["summary"]
            .as_str()
            .unwrap()
            .contains("not ready for Update User Attributes"),
        "{r}"
    );
}

/// Runs okta/f03 with `--sync-group Everyone` against a server holding that group, which
/// makes new users join it only when `auto_join`.
async fn sync_group_run(auto_join: bool) -> scimgate::runner::RunReport {
    use scimgate::reference::{ServeOptions, spawn};
    use scimgate::runner::{RunOptions, Runner};
    use std::sync::Arc;
    let server = spawn(ServeOptions {
        sync_group: auto_join.then(|| "Everyone".to_owned()),
        ..ServeOptions::default()
    })
    .await
    .unwrap();
    let client = common::client(&server, std::time::Duration::from_secs(10));
    if !auto_join {
        let mut spec = scimgate::http::RequestSpec::new(scimgate::http::Method::Post, "/Groups");
        spec.body = Some(br#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Everyone"}"#.to_vec());
        assert_eq!(client.send(&spec).await.response.unwrap().status, 201);
    }
    let runner = Runner::new(
        Arc::new(client),
        RunOptions {
            sync_group: Some("Everyone".to_owned()),
            ..RunOptions::default()
        },
    );
    let report = runner
        .run(&common::scenario("okta/f03-create-user"), Arc::new(|_| {}))
        .await;
    server.shutdown().await;
    report
}

fn sync_outcomes(report: &scimgate::runner::RunReport) -> Vec<scimgate::check::Verdict> {
    report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.checks)
        .filter(|c| c.check == scimgate::check::CheckId::SyncGroupMember)
        .map(|c| c.verdict)
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_missing_from_the_sync_group_fails_sync_group_member() {
    use scimgate::check::Verdict;
    let joined = sync_group_run(true).await;
    let v = sync_outcomes(&joined);
    assert!(
        !v.is_empty() && v.iter().all(|v| *v == Verdict::Pass),
        "{v:?}"
    );
    let missing = sync_group_run(false).await;
    let v = sync_outcomes(&missing);
    assert!(v.contains(&Verdict::Fail), "{v:?}");
    assert_eq!(scimgate::exit::for_report(&missing), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fails_oin_check_fails_the_oin_gate_only_on_a_step_of_the_spec_test() {
    // A duplicate answered 400: SPEC 8 fails (duplicate-409 is fails-oin), and so does the same
    // check in F3's re-assignment, which Okta's OIN tests never send.
    let fault = ["duplicate-answers-400"];
    let (code, stdout, report) = run(
        &fault,
        &["--scenario", "okta/f03-create-user", "--gate", "oin"],
    )
    .await;
    assert_eq!(code, 0, "only F3 ran: the OIN tests pass\n{stdout}");
    let row = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["check"] == "duplicate-409" && r["status"] == "fail")
        .unwrap_or_else(|| panic!("F3 fails duplicate-409: {stdout}"));
    assert_eq!(row["consequence"], "none", "{row}");
    assert_eq!(row["fails_run"], false, "{row}");
    let (code, stdout, report) = run(&fault, &["--scenario", "okta/spec", "--gate", "oin"]).await;
    assert_eq!(code, 1, "SPEC 8 fails\n{stdout}");
    assert!(
        report["okta_readiness"]["oin"]["failing"][0]
            .as_str()
            .is_some_and(|l| l.starts_with("SPEC 8 (duplicate-409")),
        "{stdout}"
    );
    // The RFC profile sends a duplicate too: an RFC SHOULD there, no OIN test.
    let (code, stdout, _) = run(&fault, &["--profile", "rfc", "--gate", "oin"]).await;
    assert_eq!(code, 0, "{stdout}");
}
