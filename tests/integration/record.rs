//! `scimgate record` and `import-har` end to end: traffic sent through the recorder in front
//! of one server replays, as the written scenarios, against another; ids are correlated; the
//! replay fails where the server breaks a rule; nothing written holds the token or a
//! recorded password.

use crate::common;

use common::scimgate;
use scimgate::check::CheckId;
use scimgate::reference::Fault;
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
    c.args(["run", "--scenarios-dir"]).arg(dir);
    report_of(c, fault)
}

/// Runs `c` (a `scimgate run`) with `--json -` and, when given, a reference-server fault.
fn report_of(mut c: std::process::Command, fault: Option<&str>) -> (i32, serde_json::Value) {
    c.args(["--json", "-"]);
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
    // How many flows the session splits into depends on timing (a page joins the flows of
    // the users it lists); that nothing is missing, the exchange comparison below proves.
    assert!(written.len() >= 5, "{}", written.len());
    for (name, text) in &written {
        assert!(!text.contains(&token), "{name} holds the token");
    }
    assert!(!std::fs::read_to_string(&har).unwrap().contains(&token));
    // Against a fresh server: the same behaviour, so every check passes, and the same
    // exchanges as the built-in scenarios' own, normalised as snapshots normalise them.
    let (built_in, replayed) = (dir.path().join("built-in"), dir.path().join("replayed"));
    let mut c = scimgate();
    c.args(["run", "--snapshots"]).arg(&built_in);
    assert_eq!(report_of(c, None).0, 0);
    let mut c = scimgate();
    c.args(["run", "--scenarios-dir"])
        .arg(&out)
        .arg("--snapshots")
        .arg(&replayed);
    let (code, report) = report_of(c, None);
    assert_eq!(code, 0, "{:?}", failing_rows(&report));
    assert!(report["summary"]["pass"].as_u64().unwrap() > 1000);
    let (left, right) = unmatched(&exchanges(&built_in), &exchanges(&replayed));
    assert!(
        left.is_empty() && right.is_empty(),
        "{} built-in exchange(s) without a replayed twin, {} replayed without a built-in one; first of each:\n{}\n---\n{}",
        left.len(),
        right.len(),
        left.first().map_or("", |e| e.text.as_str()),
        right.first().map_or("", |e| e.text.as_str()),
    );
    // Against faults: the replay fails the run, on a check the built-in scenarios fail for
    // the same fault (their table, `common::expected`), one fault per kind of rule.
    for (fault, check) in REPLAY_CATCHES {
        let (code, report) = replay(&out, Some(fault.name()));
        assert_eq!(code, 1, "{}: {:?}", fault.name(), failing_rows(&report));
        let failed = failed(&report);
        assert!(
            failed.contains(check.as_str()),
            "{}: {failed:?}",
            fault.name()
        );
        assert!(
            common::expected::okta_expected(*fault).is_some_and(|e| e.contains(check)),
            "{}: the built-ins do not fail {}",
            fault.name(),
            check.as_str()
        );
    }
}

/// Faults the replay of the recorded Okta profile catches, with a check it fails for each,
/// one that the built-in scenarios also fail. Measured on the whole list of faults the Okta
/// profile meets: the replay exits 1 wherever the built-ins do, except where they send what
/// Okta never does (`username-filter-case-sensitive` is caught by the built-ins'
/// `filter-case-insensitive`, which asks in other letter case; a replay fails it on
/// `filter-match` only when the recording had such a lookup), and its failing checks can be
/// more (a later step is not `needs`-blocked by the failure the built-ins stop at) or fewer
/// (`racing-creates-one` reads the users after a race; the replay sends the race's creates one
/// after another, winner first).
const REPLAY_CATCHES: &[(Fault, CheckId)] = &[
    (Fault::CreateAnswers200, CheckId::Create201),
    (Fault::CreateEmptyBody, CheckId::CreateReturnsResource),
    (Fault::DuplicatesAllowed, CheckId::DuplicateRefused),
    (Fault::DuplicateAnswers500, CheckId::DuplicateRefused),
    (Fault::ListMinimalUsers, CheckId::ReadBack),
    (Fault::DeactivateTwiceRefused, CheckId::Patch200Or204),
    (Fault::StartIndexIgnored, CheckId::PagingComplete),
    (Fault::CountIgnored, CheckId::PagingCount),
    (Fault::UnknownIdAnswers200, CheckId::UnknownId404),
    (Fault::PatchActiveIgnored, CheckId::ReadBack),
    (Fault::NoPathPatchRefused, CheckId::GroupRenameAccepted),
    (Fault::PutIgnoresName, CheckId::ReadBack),
    (Fault::MemberAddIgnored, CheckId::Members),
    (Fault::DeactivateDeletes, CheckId::DeactivateKeepsUser),
    (Fault::ReactivateIgnored, CheckId::ReadBack),
];

/// One exchange of a snapshot transcript, normalised (see [`exchanges`]).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Normalised {
    /// The request part: its `>` lines and body.
    request: String,
    /// Request and answer.
    text: String,
    /// The answer was withheld (`reads_others`): it matches any answer to the same request.
    withheld: bool,
}

/// Every exchange of every transcript in `dir`, sorted, normalised beyond what snapshots do
/// so that two runs sending the same requests and getting the same answers agree however
/// their exchanges are split into scenarios (the built-in scenarios and a recording of them
/// are split differently):
/// - a label names a role in its scenario's own terms (`[carol.userName|url]`,
///   `[crowd.0.email]`, `[user-3]`, `[listed]`); across scenarios only its field counts
///   (`[userName|url]`, `[email]`, `[user]`), and a built-in's group name made of the run
///   prefix (`"[prefix].import-group-1"`) is a generated name as a replay's `[g7.displayName]`;
/// - a refused credential is any wrong one (`authorization:` other than `Bearer ***`);
/// - which of the run's own objects a page of `/Users` or `/Groups` holds depends on the
///   scenarios sharing it: its `Resources`, `totalResults` and `itemsPerPage` are not
///   compared, its status, headers and the rest are.
fn exchanges(dir: &Path) -> Vec<Normalised> {
    let mut out = Vec::new();
    for (_, text) in files(dir) {
        let mut block: Vec<&str> = Vec::new();
        let mut flush = |block: &mut Vec<&str>| {
            if !block.is_empty() {
                out.push(normalise(block));
                block.clear();
            }
        };
        for line in text.lines() {
            let request_line = line.starts_with("> ")
                && line[2..]
                    .split(' ')
                    .next()
                    .is_some_and(|m| ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&m));
            if request_line {
                flush(&mut block);
                block.push(line);
            } else if line.starts_with("## ") || line.starts_with("(the scenario") {
                flush(&mut block);
            } else if !block.is_empty() {
                block.push(line);
            }
        }
        flush(&mut block);
    }
    out.sort();
    out
}

fn normalise(block: &[&str]) -> Normalised {
    let block = &block[..block.len()
        - block
            .iter()
            .rev()
            .take_while(|l| l.trim().is_empty())
            .count()];
    let split = block
        .iter()
        .position(|l| l.starts_with("< "))
        .unwrap_or(block.len());
    let request: Vec<String> = block[..split]
        .iter()
        .map(|l| match l.strip_prefix("> authorization: ") {
            Some(v) if v != "Bearer ***" => "> authorization: [wrong]".to_owned(),
            _ => labels(l),
        })
        .collect();
    let collection = block[0]
        .split(' ')
        .nth(2)
        .map(|p| p.split('?').next().unwrap_or(p))
        .is_some_and(|p| p == "/Users" || p == "/Groups")
        && block[0].starts_with("> GET ");
    let answer = &block[split..];
    let heads = answer.iter().take_while(|l| l.starts_with("< ")).count();
    let mut response: Vec<String> = answer[..heads].iter().map(|l| labels(l)).collect();
    let body = answer[heads..].join("\n");
    let body = labels(&body);
    // An answer not kept, or one of several writes raced on one resource (which the
    // snapshot does not compare): any answer to the same request is its twin. Whether the
    // recorder saw such writes overlap is timing: when the first answer arrived before the
    // next write, they are written as steps of their own and their answers are shown.
    let raced = body.contains("(a write raced against others on the same resource");
    match serde_json::from_str::<serde_json::Value>(&body) {
        Ok(mut v) if collection => {
            if let Some(o) = v.as_object_mut() {
                for k in ["Resources", "totalResults", "itemsPerPage"] {
                    if o.contains_key(k) {
                        o.insert(k.to_owned(), "[list]".into());
                    }
                }
            }
            response.push(serde_json::to_string_pretty(&v).unwrap());
        }
        _ if !body.trim().is_empty() => response.push(body),
        _ => {}
    }
    let request = request.join("\n");
    Normalised {
        withheld: raced || answer.first().is_some_and(|l| l.starts_with("< (not kept")),
        text: format!("{request}\n{}", response.join("\n")),
        request,
    }
}

/// Labels reduced to their field (see [`exchanges`]).
fn labels(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('[') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let Some(end) = tail.find(']') else {
            out.push_str(tail);
            rest = "";
            break;
        };
        let inner = &tail[1..end];
        if inner.is_empty() || inner.contains(|c: char| c.is_whitespace() || "\"[{".contains(c)) {
            // Not a label: a JSON array's bracket.
            out.push('[');
            rest = &tail[1..];
            continue;
        }
        let after = &tail[end + 1..];
        if inner == "prefix" && out.ends_with('"') && after.starts_with('.') {
            // A name made of the run prefix: a generated name.
            out.push_str("[displayName]");
            rest = &after[after.find('"').unwrap_or(after.len())..];
            continue;
        }
        let (base, filters) = inner.split_at(inner.find('|').unwrap_or(inner.len()));
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-';
        let reduced = if base.starts_with("user-") || base == "listed" {
            "user".to_owned()
        } else if base.starts_with("group-") {
            "group".to_owned()
        } else if base.contains('.') && base.chars().all(word) {
            format!("{}{filters}", base.rsplit('.').next().unwrap_or(base))
        } else {
            inner.to_owned()
        };
        out.push('[');
        out.push_str(&reduced);
        out.push(']');
        rest = after;
    }
    out.push_str(rest);
    out
}

/// What is left of each side once exchanges are paired: equal ones first, then a withheld
/// answer with any answer to the same request.
fn unmatched(left: &[Normalised], right: &[Normalised]) -> (Vec<Normalised>, Vec<Normalised>) {
    let mut right: Vec<Option<&Normalised>> = right.iter().map(Some).collect();
    let mut left_over = Vec::new();
    let mut pair = |e: &Normalised, exact: bool| {
        let found = right.iter_mut().find(|r| {
            r.is_some_and(|r| {
                if exact {
                    r.text == e.text
                } else {
                    (r.withheld || e.withheld) && r.request == e.request
                }
            })
        });
        found.map(|r| r.take()).is_some()
    };
    let mut second = Vec::new();
    for e in left {
        if !pair(e, true) {
            second.push(e);
        }
    }
    for e in second {
        if !pair(e, false) {
            left_over.push(e.clone());
        }
    }
    let right_over = right.into_iter().flatten().cloned().collect();
    (left_over, right_over)
}

/// Sends the fixture's requests through the recorder as a curl session would, pasting the
/// ids the server answered.
async fn send_fixture(url: &str, token: &str) {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/okta-session.json")).unwrap();
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
