//! `scimgate record` and `import-har` end to end: traffic sent through the recorder in front
//! of one server replays, as the written scenarios, against another; ids are correlated; the
//! replay fails where the server breaks a rule; nothing written holds the token or a
//! recorded password.

mod common;

use common::scimgate;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Stdio};

/// A recorder in front of the embedded reference server: its URL, and the upstream's token.
struct Recording {
    child: Child,
    url: String,
    token: String,
    lines: std::sync::mpsc::Receiver<String>,
}

fn start(out: &Path, har: &Path) -> Recording {
    start_with(out, har, &[])
}

fn start_with(out: &Path, har: &Path, extra: &[&std::ffi::OsStr]) -> Recording {
    use assert_cmd::cargo::CommandCargoExt;
    let mut child = std::process::Command::cargo_bin("scimgate")
        .unwrap()
        .env_remove("SCIMGATE_TOKEN")
        .env("NO_COLOR", "1")
        .args(["record", "--listen", "127.0.0.1:0", "--out"])
        .arg(out)
        .arg("--har")
        .arg(har)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let first = loop {
        let line = lines
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the recorder says where it listens");
        if line.starts_with("RECORDER_URL=") {
            break line;
        }
    };
    let url = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("RECORDER_URL="))
        .unwrap()
        .to_owned();
    let token = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("TOKEN="))
        .unwrap()
        .to_owned();
    Recording {
        child,
        url,
        token,
        lines,
    }
}

impl Recording {
    /// Stops it the way a CI job or Ctrl-C would, and returns what it printed after starting.
    fn stop(mut self) -> Vec<String> {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        let status = self.child.wait().unwrap();
        assert_eq!(status.code(), Some(0));
        self.lines.try_iter().collect()
    }
}

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn replay(dir: &Path, fault: Option<&str>) -> (i32, serde_json::Value) {
    let mut c = scimgate();
    c.args(["run", "--scenarios-dir"])
        .arg(dir)
        .args(["--json", "-"]);
    if let Some(f) = fault {
        c.args(["--fault", f]);
    }
    let out = c.output().unwrap();
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), report)
}

fn failing_rows(report: &serde_json::Value) -> Vec<String> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["fails_run"] == true)
        .map(|r| {
            format!(
                "{} › {} › {}: {}",
                r["scenario"], r["step"], r["check"], r["message"]
            )
        })
        .collect()
}

fn failed(report: &serde_json::Value) -> std::collections::BTreeSet<String> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail")
        .map(|r| r["check"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_okta_profile_recorded_through_the_proxy_replays_clean_and_fails_where_a_server_breaks_a_rule()
 {
    let dir = tempfile::tempdir().unwrap();
    let (out, har) = (dir.path().join("recorded"), dir.path().join("session.har"));
    let rec = start(&out, &har);
    let run = scimgate()
        .args([
            "run",
            "--base-url",
            &rec.url,
            "--token",
            &rec.token,
            "--json",
            "-",
        ])
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let token = rec.token.clone();
    let printed = rec.stop();
    let last = printed.last().unwrap();
    assert!(last.starts_with("SIGTERM: stopped after "), "{last}");
    assert!(
        printed
            .iter()
            .any(|l| l.starts_with("POST /Users → 201  [create-user] Create Users  ✓")),
        "live lines judge each exchange: {:?}",
        &printed[..5.min(printed.len())]
    );
    let written = files(&out);
    assert!(written.len() > 20, "{}", written.len());
    for (name, text) in &written {
        assert!(!text.contains(&token), "{name} holds the token");
    }
    assert!(!std::fs::read_to_string(&har).unwrap().contains(&token));
    // Against a fresh server: the same behaviour, so every check passes.
    let (code, report) = replay(&out, None);
    assert_eq!(code, 0, "{:?}", failing_rows(&report));
    assert!(report["summary"]["pass"].as_u64().unwrap() > 1000);
    // Against faults: the replay fails the checks the built-in scenarios fail for them.
    for (fault, check) in [
        ("create-answers-200", "create-201"),
        ("patch-active-ignored", "read-back"),
        ("member-add-ignored", "members"),
    ] {
        let (code, report) = replay(&out, Some(fault));
        assert_eq!(code, 1, "{fault}");
        assert!(
            failed(&report).contains(check),
            "{fault}: {:?}",
            failed(&report)
        );
    }
}

/// Sends the fixture's requests through the recorder as a curl session would, pasting the
/// ids the server answered.
async fn send_fixture(url: &str, token: &str) {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/okta-session.json")).unwrap();
    let client = reqwest::Client::new();
    let mut ids: Vec<(String, String)> = Vec::new();
    for r in fixture["requests"].as_array().unwrap() {
        let fill = |s: &str| {
            ids.iter()
                .fold(s.to_owned(), |acc, (k, v)| acc.replace(&format!("${k}"), v))
        };
        let path = fill(r["path"].as_str().unwrap());
        let method = reqwest::Method::from_bytes(r["method"].as_str().unwrap().as_bytes()).unwrap();
        let mut req = client
            .request(method, format!("{url}{path}"))
            .header("Authorization", format!("Bearer {token}"))
            .header("Accept", "application/scim+json");
        if let Some(b) = r.get("body") {
            req = req
                .header("Content-Type", "application/scim+json; charset=utf-8")
                .body(fill(&b.to_string()));
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let body: serde_json::Value = resp.json().await.unwrap_or(serde_json::Value::Null);
        assert!(status < 300, "{path}: {status} {body}");
        if let Some(name) = r.get("capture").and_then(|c| c.as_str()) {
            ids.push((name.to_owned(), body["id"].as_str().unwrap().to_owned()));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_curl_session_replays_against_another_server_with_ids_correlated() {
    let dir = tempfile::tempdir().unwrap();
    let (out, har) = (dir.path().join("recorded"), dir.path().join("session.har"));
    let rec = tokio::task::spawn_blocking({
        let (out, har) = (out.clone(), har.clone());
        move || start(&out, &har)
    })
    .await
    .unwrap();
    send_fixture(&rec.url, &rec.token).await;
    let printed = tokio::task::spawn_blocking(move || rec.stop())
        .await
        .unwrap();
    assert!(
        printed
            .iter()
            .any(|l| l.contains("[deactivate-user] Deactivate Users  ✓")),
        "{printed:?}"
    );
    let written = files(&out);
    assert_eq!(
        written.len(),
        2,
        "the probe, and the person with their group: {written:?}"
    );
    let flow = &written[1].1;
    for want in [
        "path: /Users/{{u1_id}}",
        "path: /Groups/{{g1_id}}",
        "value: \"{{u1_id}}\"",
        "filter=userName%20eq%20%22{{u1.userName|url}}%22",
        "check: members",
        "kind: Group",
    ] {
        assert!(flow.contains(want), "missing {want:?} in\n{flow}");
    }
    let har_text = std::fs::read_to_string(&har).unwrap();
    for (name, text) in written
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .chain([("session.har", har_text.as_str())])
    {
        for secret in ["Recorded-Secret-9!", "Another-Recorded-Secret-7!"] {
            assert!(!text.contains(secret), "{name} holds a recorded password");
        }
    }
    // The scenarios create fresh people; the HAR is the record of what passed.
    for (name, text) in &written {
        assert!(
            !text.contains("dana.scully"),
            "{name} holds the recorded userName"
        );
    }
    let (code, report) = replay(&out, None);
    assert_eq!(code, 0, "{:?}", failed(&report));
    // The same session as a HAR, through import-har, gives the same scenarios' shape.
    let imported = dir.path().join("imported");
    let out = scimgate()
        .args(["import-har"])
        .arg(&har)
        .arg("--out")
        .arg(&imported)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files(&imported).len(), 2);
    let (code, report) = replay(&imported, None);
    assert_eq!(code, 0, "{:?}", failed(&report));
}

#[test]
fn the_recorder_listens_with_tls_for_an_org_that_calls_only_https() {
    let dir = tempfile::tempdir().unwrap();
    let ck = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, ck.cert.pem()).unwrap();
    std::fs::write(&key, ck.signing_key.serialize_pem()).unwrap();
    let (out, har) = (dir.path().join("recorded"), dir.path().join("s.har"));
    let rec = start_with(
        &out,
        &har,
        &[
            "--tls-cert".as_ref(),
            cert.as_os_str(),
            "--tls-key".as_ref(),
            key.as_os_str(),
        ],
    );
    assert!(rec.url.starts_with("https://127.0.0.1:"), "{}", rec.url);
    let run = scimgate()
        .args(["run", "--base-url", &rec.url, "--token", &rec.token])
        .args(["--scenario", "okta/f03", "--cacert"])
        .arg(&cert)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stdout)
    );
    rec.stop();
    let (code, report) = replay(&out, None);
    assert_eq!(code, 0, "{:?}", failing_rows(&report));
    // A key that is not PEM is one line naming the file, before anything listens.
    std::fs::write(&key, "not a key").unwrap();
    let bad = scimgate()
        .args(["record", "--listen", "127.0.0.1:0", "--out"])
        .arg(&out)
        .arg("--tls-cert")
        .arg(&cert)
        .arg("--tls-key")
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("--tls-key ") && err.contains("key.pem"),
        "{err}"
    );
}
