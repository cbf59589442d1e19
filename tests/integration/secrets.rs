//! The bearer token and `--header` values never reach any output, even when a hostile server
//! echoes them back in bodies, headers and error messages.

use crate::common;
use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;

const TOKEN: &str = "tok_SECRET_9f8e7d6c5b4a3210";
const HEADER_VALUE: &str = "hdr_SECRET_abcdef1234567890";

/// Echoes every request header (Authorization included) into the body and a response header.
async fn echo(headers: HeaderMap, uri: axum::http::Uri) -> impl IntoResponse {
    let all: serde_json::Map<String, serde_json::Value> = headers
        .iter()
        .map(|(k, v)| {
            (
                k.to_string(),
                serde_json::Value::String(v.to_str().unwrap_or("").to_owned()),
            )
        })
        .collect();
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let status = if uri.path().ends_with("/Users")
        && uri.query().is_some_and(|q| q.contains("count=2"))
        && auth.contains(TOKEN)
    {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let body = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
        "totalResults": 0, "startIndex": 1, "itemsPerPage": 0, "Resources": [],
        "detail": format!("you sent {auth}"), "echo": all,
    });
    (
        status,
        [
            ("x-echo", auth.clone()),
            ("content-type", "application/scim+json".to_owned()),
        ],
        body.to_string(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn no_output_contains_the_token_or_header_values() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, Router::new().fallback(echo)).await });
    let dir = tempfile::tempdir().unwrap();
    let (json, junit, ledger, har) = (
        dir.path().join("r.json"),
        dir.path().join("r.xml"),
        dir.path().join("ledger.jsonl"),
        dir.path().join("r.har"),
    );
    let mut cmd = common::scimgate();
    cmd.env("SCIMGATE_TOKEN", TOKEN)
        .env("SCIMGATE_LOG", "trace")
        .args([
            "run",
            // Both profiles: the RFC one adds bulk bodies, /Me, schema probes and raw bodies.
            "--profile",
            "all",
            "--verbose",
            "--base-url",
            &format!("http://{addr}/scim/v2"),
            "--header",
            &format!("X-Api-Key: {HEADER_VALUE}"),
        ])
        .arg("--json")
        .arg(&json)
        .arg("--junit")
        .arg(&junit)
        .arg("--ledger")
        .arg(&ledger)
        .arg("--har")
        .arg(&har);
    let out = common::output(cmd).await;
    assert_eq!(
        out.status.code(),
        Some(1),
        "the hostile server breaks rules: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("rfc/k-bulk") && stdout.contains("okta/f01"),
        "both profiles ran: {stdout}"
    );
    let mut outputs = vec![
        ("stdout", String::from_utf8_lossy(&out.stdout).into_owned()),
        ("stderr", String::from_utf8_lossy(&out.stderr).into_owned()),
        ("json", std::fs::read_to_string(&json).unwrap()),
        ("junit", std::fs::read_to_string(&junit).unwrap()),
        ("har", std::fs::read_to_string(&har).unwrap()),
    ];
    if let Ok(l) = std::fs::read_to_string(&ledger) {
        outputs.push(("ledger", l));
    }
    for (name, text) in &outputs {
        assert!(
            !text.is_empty() || *name == "stderr" || *name == "ledger",
            "{name} is empty"
        );
        for secret in [TOKEN, HEADER_VALUE] {
            assert!(!text.contains(secret), "{name} leaks a secret");
            assert!(
                !text.contains(&secret[4..20]),
                "{name} leaks part of a secret"
            );
        }
    }
    // The echo really happened, and was masked.
    assert!(
        outputs[2].1.contains("***"),
        "the JSON report shows the masked echo"
    );
}

#[test]
fn secrets_do_not_appear_in_debug_output_of_client_options() {
    let o = scimgate::http::ClientOptions::new(
        url::Url::parse("https://x.example/scim/v2").unwrap(),
        scimgate::secret::Secret::new(TOKEN),
    );
    assert!(!format!("{o:?}").contains(TOKEN));
}

/// A token with every awkward character: `+ / = " \`, runs of spaces.
const AWKWARD: &str = "tok+a/b=c\"d\\e  f g_SECRET_77";

fn pct(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Echoes the bearer token back in every spelling a real server has been seen to use: raw,
/// percent-encoded (upper and lower case) and form-encoded in a `Location` query, JSON-escaped
/// with `\/` (PHP's json_encode), as `\uXXXX` escapes, as XML entities, and with its spaces
/// collapsed, and base64-encoded (the whole `Authorization` value, as a debug header echoes
/// it), in bodies and headers.
async fn echo_encoded(headers: HeaderMap, uri: axum::http::Uri) -> impl IntoResponse {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let token = auth.strip_prefix("Bearer ").unwrap_or(auth).to_owned();
    let json = serde_json::to_string(&token).unwrap();
    let json = json.trim_matches('"');
    let php = json.replace('/', "\\/");
    let uescaped: String = token
        .encode_utf16()
        .map(|u| format!("\\u{u:04X}"))
        .collect();
    let xml = token
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let collapsed = token.split_whitespace().collect::<Vec<_>>().join(" ");
    let collapsed_json = serde_json::to_string(&collapsed).unwrap();
    let form: String = token
        .bytes()
        .map(|b| match b {
            b' ' => "+".to_owned(),
            b if b.is_ascii_alphanumeric() => (b as char).to_string(),
            b => format!("%{b:02X}"),
        })
        .collect();
    let b64 = {
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(auth)
    };
    let ok = uri.path().ends_with("/Users")
        && uri.query().is_some_and(|q| q.contains("count=2"))
        && token == AWKWARD;
    let body = format!(
        r#"{{"schemas":["urn:ietf:params:scim:api:messages:2.0:{}"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[],"status":"400","detail":"token {json} rejected","php":"{php}","u":"{uescaped}","xml":"{xml}","collapsed":{collapsed_json},"b64":"{b64}","id":"{php}"}}"#,
        if ok { "ListResponse" } else { "Error" }
    );
    let status = if ok {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    (
        status,
        [
            ("content-type", "application/scim+json".to_owned()),
            (
                "location",
                format!(
                    "/scim/v2/Users/1?t={}&l={}&f={form}",
                    pct(&token),
                    pct(&token).to_ascii_lowercase()
                ),
            ),
            ("x-echo", collapsed.clone()),
            ("x-echo-pct", pct(&token)),
            ("x-echo-auth-b64", b64.clone()),
        ],
        body,
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_echoed_in_every_encoding_reaches_no_output() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, Router::new().fallback(echo_encoded)).await });
    let dir = tempfile::tempdir().unwrap();
    let (json, junit, ledger, snaps) = (
        dir.path().join("r.json"),
        dir.path().join("r.xml"),
        dir.path().join("ledger.jsonl"),
        dir.path().join("snaps"),
    );
    let mut cmd = common::scimgate();
    cmd.current_dir(dir.path())
        .env("SCIMGATE_TOKEN", AWKWARD)
        .env("SCIMGATE_LOG", "trace")
        .env("CI", "")
        .args([
            "run",
            "--verbose",
            "--base-url",
            &format!("http://{addr}/scim/v2"),
        ])
        .arg("--json")
        .arg(&json)
        .arg("--junit")
        .arg(&junit)
        .arg("--html")
        .arg(dir.path().join("r.html"))
        .arg("--ledger")
        .arg(&ledger)
        .arg("--har")
        .arg(dir.path().join("r.har"))
        .arg("--snapshots")
        .arg(&snaps)
        .arg("--update-snapshots");
    let out = common::output(cmd).await;
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        stdout.contains("okta/f03"),
        "the run went past the preflight: {stdout}"
    );
    let mut outputs = vec![
        ("stdout".to_owned(), stdout),
        (
            "stderr".to_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        ),
    ];
    for entry in walk(dir.path()) {
        outputs.push((
            entry.display().to_string(),
            std::fs::read_to_string(&entry).unwrap_or_default(),
        ));
    }
    assert!(
        outputs.iter().any(|(n, _)| n.ends_with(".snap")),
        "snapshots were written"
    );
    assert!(
        outputs.iter().any(|(n, _)| n.ends_with("r.html")),
        "the HTML report was written"
    );
    assert!(
        outputs
            .iter()
            .any(|(n, t)| n.ends_with("r.har") && t.contains("Bearer ***")),
        "the HAR was written, its Authorization header masked"
    );
    let redactor = scimgate::secret::Redactor::new([&scimgate::secret::Secret::new(AWKWARD)]);
    for (name, text) in &outputs {
        assert!(
            redactor.is_clean(text),
            "{name} leaks the token in some spelling"
        );
        let b64 = {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(format!("Bearer {AWKWARD}"))
        };
        for part in [
            "_SECRET_77",
            "SECRET%5F77",
            "\\u0053\\u0045\\u0043",
            &b64[12..24],
        ] {
            assert!(
                !text.contains(part),
                "{name} leaks part of the token ({part})"
            );
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
