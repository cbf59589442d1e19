//! `scimgate run --html FILE` end to end: the certification report a vendor hands to Okta's
//! reviewers is self-contained (no resource from the network, no script), names the failing
//! check with its fix, carries the provenance a reviewer needs, and never the token in any
//! spelling. The `#[ignore]`d test renders it in Debian's chromium (`.ci/run` installs it) and
//! checks what a person would see; its screenshot stays in the target directory.

use crate::common;

use scimgate::check::CheckId;
use scimgate::reference::Fault;
use std::path::{Path, PathBuf};

/// A recognisable token with characters that change under every encoding.
const TOKEN: &str = r#"tok+Html/"SECRET"=42\zz"#;

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The spellings of the token that must not appear in the report.
fn spellings(token: &str) -> Vec<(&'static str, String)> {
    let pct = |set| percent_encoding::utf8_percent_encode(token, set).to_string();
    let json = serde_json::to_string(token).unwrap();
    vec![
        ("raw", token.to_owned()),
        ("percent-encoded", pct(percent_encoding::NON_ALPHANUMERIC)),
        (
            "percent-encoded (lower case)",
            pct(percent_encoding::NON_ALPHANUMERIC).to_ascii_lowercase(),
        ),
        ("base64", base64(token.as_bytes())),
        (
            "base64 of Bearer",
            base64(format!("Bearer {token}").as_bytes()),
        ),
        ("JSON-escaped", json.trim_matches('"').to_owned()),
        ("HTML-escaped", escape(token)),
        ("its middle", "SECRET".to_owned()),
    ]
}

/// Runs `scimgate run` against a reference server with `create-answers-200`, the token given
/// with `--token` (the flag the reproduce command must drop); returns the HTML, the JSON report
/// and the server's base URL.
async fn failing_run(dir: &Path) -> (String, serde_json::Value, String) {
    let server = scimgate::reference::spawn(scimgate::reference::ServeOptions {
        token: Some(TOKEN.to_owned()),
        faults: vec![Fault::CreateAnswers200],
        ..Default::default()
    })
    .await
    .expect("reference server starts");
    let base = server.base_url().to_owned();
    let (html, json) = (dir.join("report.html"), dir.join("report.json"));
    let mut cmd = common::scimgate();
    cmd.args([
        "run",
        "--base-url",
        &base,
        "--token",
        TOKEN,
        "--scenario",
        "okta/f03-create-user",
        "--scenario",
        "okta/spec",
        "--seed",
        "7",
        "--html",
    ])
    .arg(&html)
    .arg("--json")
    .arg(&json);
    let out = common::output(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "create-answers-200 breaks Okta: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    server.shutdown().await;
    let report = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    (std::fs::read_to_string(&html).unwrap(), report, base)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_html_report_is_self_contained_names_the_failure_and_never_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let (html, report, base) = failing_run(dir.path()).await;
    assert!(html.starts_with("<!DOCTYPE html>"));
    for banned in [
        "<script", "<link", "<img", "<iframe", "@import", "url(", "src=",
    ] {
        assert!(
            !html.contains(banned),
            "the report loads something: {banned}"
        );
    }
    // The only absolute URLs are the target's, as text (its own location headers included).
    let origin = base.split("/scim").next().unwrap();
    for scheme in ["http://", "https://"] {
        for (at, _) in html.match_indices(scheme) {
            assert!(
                html[at..].starts_with(origin),
                "a URL that is not the target's: {}",
                &html[at..(at + 80).min(html.len())]
            );
        }
    }
    assert!(!html.contains("href=\"http"), "no link leaves the page");
    // The failing check, its fix, and the admin's checklist line it breaks.
    assert!(html.contains("<code>create-201</code>"));
    assert!(html.contains(CheckId::Create201.hint()));
    assert!(html.contains("Create Users</td><td><span class=\"badge not-ready\">"));
    let summary = report["okta_readiness"]["summary"].as_str().unwrap();
    assert!(
        html.contains(&format!("<p class=\"verdict bad\">{}</p>", escape(summary))),
        "the verdict line: {summary}"
    );
    assert!(html.contains("<dt>exit code</dt><dd><b>1</b></dd>"));
    // The provenance a reviewer needs.
    let prefix = report["run_prefix"].as_str().unwrap();
    let started = report["started_at"].as_str().unwrap();
    for want in [
        format!("<dt>scimgate</dt><dd>{}</dd>", env!("CARGO_PKG_VERSION")),
        "<dt>fingerprint</dt><dd>sha256:".to_owned(),
        " over 2 scenario(s) and ".to_owned(),
        "<dt>profile</dt><dd>okta</dd>".to_owned(),
        "<dt>gate</dt><dd>okta</dd>".to_owned(),
        format!("<dt>target</dt><dd>{base}</dd>"),
        "<dt>server</dt><dd>".to_owned(),
        format!("<dt>started</dt><dd>{started}</dd>"),
        "<dt>seed</dt><dd>7</dd>".to_owned(),
        format!("<dt>run prefix</dt><dd>{prefix}</dd>"),
        format!(
            "SCIMGATE_TOKEN=&#39;…&#39; scimgate run --base-url {base} --scenario okta/f03-create-user"
        ),
    ] {
        assert!(html.contains(&want), "missing {want:?}");
    }
    let command = &html[html.find("<pre class=\"command\">").unwrap()..];
    let command = &command[..command.find("</pre>").unwrap()];
    assert!(!command.contains("--token"), "{command}");
    assert!(command.contains("--seed 7"), "{command}");
    for (how, spelling) in spellings(TOKEN) {
        assert!(
            !html.contains(&spelling),
            "the report holds the token {how}"
        );
    }
}

#[test]
fn an_unwritable_html_path_exits_2_before_any_request() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::scimgate()
        .args([
            "run",
            "--base-url",
            "http://127.0.0.1:9/scim/v2",
            "--token",
            "abcd",
            "--html",
        ])
        .arg(dir.path().join("no/such/dir/report.html"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--html ") && err.contains("cannot write"),
        "{err}"
    );
}

/// The chromium that `.ci/run` installs from Debian.
const CHROMIUM: &str = "/usr/bin/chromium";

fn chromium(profile: &Path, args: &[&str], page: &Path) -> std::process::Output {
    std::process::Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs (apt-get install chromium)")
}

/// The visible text of a DOM: tags dropped, entities of the report decoded, spaces folded.
fn visible_text(dom: &str) -> String {
    let body = &dom[dom.find("<body").unwrap_or(0)..];
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Debian's chromium (.ci/run installs it)"]
async fn chromium_renders_the_verdict_the_failing_check_and_the_checklist() {
    let dir = tempfile::tempdir().unwrap();
    let (html, report, _) = failing_run(dir.path()).await;
    let page = dir.path().join("report.html");
    assert!(html.len() > 10_000);
    let profile = tempfile::tempdir().unwrap();
    let dom = chromium(profile.path(), &["--dump-dom"], &page);
    assert!(
        dom.status.success(),
        "{}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert!(
        dom.contains("<header id=\"verdict\">"),
        "chromium parsed the page"
    );
    let seen = visible_text(&dom);
    let summary = report["okta_readiness"]["summary"].as_str().unwrap();
    for want in [
        summary,
        "scimgate certification report",
        "Create Users ✗ not ready okta/f03-create-user › create › create-201: answered 200 where 201 was expected",
        "✗ fail create-201 breaks-okta, rfc must RFC 7644 §3.3 answered 200 where 201 was expected",
        CheckId::Create201.hint(),
        "OIN tests: would fail",
        "To reproduce",
    ] {
        assert!(seen.contains(want), "a reader does not see {want:?}");
    }
    let shot: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-report-screenshot.png");
    let _ = std::fs::remove_file(&shot);
    let fresh = tempfile::tempdir().unwrap();
    let out = chromium(
        fresh.path(),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
        ],
        &page,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("chromium wrote the screenshot");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");
    let (w, h) = (
        u32::from_be_bytes(png[16..20].try_into().unwrap()),
        u32::from_be_bytes(png[20..24].try_into().unwrap()),
    );
    assert_eq!((w, h), (1280, 2000));
    // A blank or unstyled page compresses to a few kilobytes; this one has text and colour.
    assert!(
        png.len() > 60_000,
        "the screenshot is nearly empty: {} bytes",
        png.len()
    );
    println!("screenshot: {}", shot.display());
}
