//! Hostile targets: servers broken in ways nobody planned. Each gives its own clear verdict and
//! message, no panic, no hang past the timeout, and cleanup is still attempted.

use crate::common;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method as HttpMethod, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use common::scenario;
use scimgate::check::{CheckId, Verdict};
use scimgate::http::{ClientOptions, HttpClient, RetryPolicy};
use scimgate::runner::{RunOptions, RunReport, Runner};
use scimgate::scenario::Scenario;
use scimgate::secret::Secret;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "hostile-test-token-123456";
const LIST: &str = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}"#;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Mode {
    Html,
    Truncated,
    Huge,
    SlowDrip,
    ServerError,
    Redirect(u16),
    TooMany { retry_after: bool },
    CreateThenBreak,
}

#[derive(Clone)]
struct Hostile {
    mode: Mode,
    hits: Arc<AtomicUsize>,
    seen: Arc<Mutex<Vec<String>>>,
}

fn scim(status: StatusCode, body: &'static str) -> Response {
    (status, [("content-type", "application/scim+json")], body).into_response()
}

/// A minimal correct answer for Okta's probes, used after the hostile part is over.
fn fine(headers: &HeaderMap) -> Response {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if auth != format!("Bearer {TOKEN}") {
        let body = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"401","detail":"bad token"}"#;
        return (
            StatusCode::UNAUTHORIZED,
            [
                ("content-type", "application/scim+json"),
                ("www-authenticate", "Bearer"),
            ],
            body,
        )
            .into_response();
    }
    scim(StatusCode::OK, LIST)
}

async fn handle(
    State(h): State<Hostile>,
    method: HttpMethod,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let n = h.hits.fetch_add(1, Ordering::SeqCst);
    h.seen
        .lock()
        .unwrap()
        .push(format!("{method} {}", uri.path()));
    match h.mode {
        Mode::Html => (
            StatusCode::OK,
            [("content-type", "text/html")],
            "<html><body>Maintenance</body></html>",
        )
            .into_response(),
        Mode::Truncated => scim(
            StatusCode::OK,
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalRes"#,
        ),
        Mode::Huge => {
            let chunk = bytes::Bytes::from(vec![b' '; 64 * 1024]);
            let stream = futures_util::stream::iter(
                (0..1600).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
            );
            (
                StatusCode::OK,
                [("content-type", "application/scim+json")],
                Body::from_stream(stream),
            )
                .into_response()
        }
        Mode::SlowDrip => {
            let stream = futures_util::stream::unfold(0u32, |i| async move {
                if i > 40 {
                    return None;
                }
                tokio::time::sleep(Duration::from_millis(250)).await;
                Some((
                    Ok::<_, std::io::Error>(bytes::Bytes::from_static(b" ")),
                    i + 1,
                ))
            });
            (
                StatusCode::OK,
                [("content-type", "application/scim+json")],
                Body::from_stream(stream),
            )
                .into_response()
        }
        Mode::ServerError => scim(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"500","detail":"boom"}"#,
        ),
        Mode::Redirect(port) => (
            StatusCode::TEMPORARY_REDIRECT,
            [("location", format!("http://127.0.0.1:{port}{uri}"))],
            "",
        )
            .into_response(),
        Mode::TooMany { retry_after } if n < 2 => {
            let mut r = scim(
                StatusCode::TOO_MANY_REQUESTS,
                r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"429","detail":"slow down"}"#,
            );
            if retry_after {
                r.headers_mut().insert("retry-after", "1".parse().unwrap());
            }
            r
        }
        Mode::TooMany { .. } => fine(&headers),
        Mode::CreateThenBreak if method == HttpMethod::POST => scim(
            StatusCode::CREATED,
            r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"made-by-hostile-1","userName":"x"}"#,
        ),
        Mode::CreateThenBreak if n == 0 => fine(&headers),
        Mode::CreateThenBreak => scim(
            StatusCode::INTERNAL_SERVER_ERROR,
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"500","detail":"down"}"#,
        ),
    }
}

async fn hostile(mode: Mode) -> (SocketAddr, Hostile) {
    let state = Hostile {
        mode,
        hits: Arc::default(),
        seen: Arc::default(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new().fallback(handle).with_state(state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (addr, state)
}

async fn run_against(
    url: &str,
    timeout: Duration,
    retry: RetryPolicy,
    list: &[Scenario],
) -> RunReport {
    let mut o = ClientOptions::new(url::Url::parse(url).unwrap(), Secret::new(TOKEN));
    o.timeout = timeout;
    o.retry = retry;
    let runner = Runner::new(
        Arc::new(HttpClient::new(o).unwrap()),
        RunOptions {
            seed: 1,
            jobs: 1,
            ..RunOptions::default()
        },
    );
    // A hang guard, not a speed assertion: the run must end by itself.
    tokio::time::timeout(Duration::from_secs(60), runner.run(list, Arc::new(|_| {})))
        .await
        .expect("the run ended")
}

/// Okta's "Test API Credentials" flow (F1) against a hostile server.
async fn probe(addr: SocketAddr, timeout: Duration, retry: RetryPolicy) -> RunReport {
    let url = format!("http://{addr}/scim/v2");
    run_against(
        &url,
        timeout,
        retry,
        &scenario("okta/f01-test-api-credentials"),
    )
    .await
}

/// The run stopped at Test API Credentials, with one line naming what came back.
fn stopped_at_preflight(report: &RunReport, needles: &[&str]) {
    let fatal = report
        .preflight
        .fatal
        .clone()
        .expect("the preflight stops the run");
    for n in needles {
        assert!(fatal.contains(n), "{n:?} in {fatal}");
    }
    assert!(fatal.contains("is the SCIM base URL"), "{fatal}");
    assert!(report.scenarios.is_empty() || report.summary.fail == 0);
    assert_eq!(
        scimgate::exit::for_report(report),
        scimgate::exit::COULD_NOT_TEST
    );
}

#[tokio::test]
async fn an_html_answer_to_test_api_credentials_stops_the_run_with_what_came_back() {
    let (addr, _) = hostile(Mode::Html).await;
    let report = probe(addr, Duration::from_secs(5), RetryPolicy::default()).await;
    stopped_at_preflight(
        &report,
        &["the base URL is not a SCIM endpoint", "an HTML page"],
    );
}

#[tokio::test]
async fn a_truncated_scim_answer_is_the_server_answering_badly_and_fails_the_check() {
    let (addr, _) = hostile(Mode::Truncated).await;
    let report = probe(addr, Duration::from_secs(5), RetryPolicy::default()).await;
    assert!(report.preflight.fatal.is_none());
    let c = report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .filter(|s| s.name == "list-two-users")
        .flat_map(|s| &s.checks)
        .find(|c| c.check == CheckId::ListResponse)
        .expect("list-response judged");
    assert_eq!(c.verdict, Verdict::Fail);
    assert!(c.message.contains("EOF"), "{}", c.message);
    assert_eq!(
        scimgate::exit::for_report(&report),
        scimgate::exit::NONCONFORMANT
    );
}

#[tokio::test]
async fn a_100_mb_body_stops_at_the_limit_and_says_so() {
    let (addr, _) = hostile(Mode::Huge).await;
    let report = probe(addr, Duration::from_secs(20), RetryPolicy::default()).await;
    let fatal = report.preflight.fatal.clone().unwrap();
    assert!(
        fatal.contains("exceeded the 10485760-byte limit"),
        "{fatal}"
    );
    assert_eq!(
        scimgate::exit::for_report(&report),
        scimgate::exit::COULD_NOT_TEST
    );
}

#[tokio::test]
async fn a_slow_drip_ends_at_the_timeout() {
    let (addr, _) = hostile(Mode::SlowDrip).await;
    let report = probe(addr, Duration::from_secs(1), RetryPolicy::default()).await;
    let fatal = report.preflight.fatal.clone().unwrap();
    assert!(fatal.contains("no answer within 1s"), "{fatal}");
}

#[tokio::test]
async fn a_wrong_base_url_is_one_line_not_a_profile_of_failures() {
    // The reference server, addressed at /scim/v3: Test API Credentials answers 404.
    let s = common::server(&[]).await;
    let url = s.base_url().replace("/scim/v2", "/scim/v3");
    let mut o = ClientOptions::new(url::Url::parse(&url).unwrap(), Secret::new(s.token()));
    o.timeout = Duration::from_secs(5);
    let runner = Runner::new(
        Arc::new(HttpClient::new(o).unwrap()),
        RunOptions {
            seed: 1,
            ..RunOptions::default()
        },
    );
    let report = runner
        .run(&common::profile("okta", false), Arc::new(|_| {}))
        .await;
    stopped_at_preflight(&report, &["answered 404", "/scim/v3"]);
    assert_eq!(report.requests, 1, "nothing after Test API Credentials");
}

#[tokio::test]
async fn a_5xx_to_test_api_credentials_stops_the_run_quoting_the_server() {
    let (addr, _) = hostile(Mode::ServerError).await;
    let report = probe(addr, Duration::from_secs(5), RetryPolicy::default()).await;
    stopped_at_preflight(&report, &["answered 500", "\"boom\""]);
}

#[tokio::test]
async fn redirects_are_not_followed_and_the_token_never_reaches_another_origin() {
    let (other, other_state) = hostile(Mode::Html).await;
    let (addr, _) = hostile(Mode::Redirect(other.port())).await;
    let report = probe(addr, Duration::from_secs(5), RetryPolicy::default()).await;
    stopped_at_preflight(&report, &["answered 307"]);
    assert_eq!(
        other_state.hits.load(Ordering::SeqCst),
        0,
        "the other origin was never contacted"
    );
}

#[tokio::test]
async fn http_429_is_waited_on_as_okta_does_and_the_wait_is_reported() {
    for retry_after in [true, false] {
        let (addr, _) = hostile(Mode::TooMany { retry_after }).await;
        let policy = RetryPolicy {
            max_retries: 3,
            max_wait: Duration::from_secs(1),
            ..RetryPolicy::default()
        };
        let report = probe(addr, Duration::from_secs(5), policy).await;
        assert!(report.preflight.fatal.is_none(), "{:?}", report.preflight);
        assert_eq!(report.responses_429, 2, "retry_after={retry_after}");
        assert!(
            report.waited_on_429_ms >= 2000,
            "waited {} ms",
            report.waited_on_429_ms
        );
        assert_eq!(
            scimgate::exit::for_report(&report),
            scimgate::exit::OK,
            "{:?}",
            common::problems(&report)
        );
    }
}

#[tokio::test]
async fn a_429_that_never_ends_at_the_preflight_is_could_not_test() {
    let (addr, state) = hostile(Mode::TooMany { retry_after: true }).await;
    let policy = RetryPolicy {
        max_retries: 1,
        max_wait: Duration::from_millis(200),
        ..RetryPolicy::default()
    };
    let report = probe(addr, Duration::from_secs(5), policy).await;
    // Two 429s: the first request is retried once and still gets 429: nothing can be tested.
    assert_eq!(report.preflight.status, Some(429));
    let fatal = report.preflight.fatal.clone().unwrap();
    assert!(fatal.starts_with("the target is rate limiting"), "{fatal}");
    assert_eq!(
        scimgate::exit::for_report(&report),
        scimgate::exit::COULD_NOT_TEST
    );
    assert!(state.hits.load(Ordering::SeqCst) >= 2);
}

/// Rate limiting after the preflight: every request answers 429. The waits stay within the
/// run's budget, the run stops with exit 3 saying why, and no check is failed for a 429.
#[tokio::test(flavor = "multi_thread")]
async fn a_target_that_keeps_rate_limiting_stops_the_run_with_exit_3_and_no_false_failure() {
    use common::proxy::{self, Answer, Seen};
    let s = common::server(&[]).await;
    let hooks = proxy::Hooks::intercept(|seen: &Seen, _: &[u8]| {
        let preflight = seen.method == "GET"
            && seen.path == "/scim/v2/Users"
            && seen.query.as_deref() == Some("startIndex=1&count=2");
        (!preflight).then(|| Answer {
            status: 429,
            headers: vec![
                ("content-type".into(), "application/scim+json".into()),
                ("retry-after".into(), "1".into()),
            ],
            body: br#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":"429","detail":"slow down"}"#.to_vec(),
        })
    });
    let p = proxy::start(&format!("http://{}", s.addr()), hooks).await;
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("r.json");
    let mut cmd = common::scimgate();
    cmd.current_dir(dir.path())
        .env("SCIMGATE_TOKEN", s.token())
        .args([
            "run",
            "--base-url",
            &p.base_url("/scim/v2"),
            "--max-429-wait",
            "1s",
            "--rate-limit-budget",
            "6s",
        ])
        .arg("--json")
        .arg(&json);
    let started = std::time::Instant::now();
    let out = common::output(cmd).await;
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(
        stdout.contains("stopped: the target is rate limiting:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("exit 3 (the target is rate limiting)"),
        "{stdout}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "the run ended within a minute"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let fails: Vec<&serde_json::Value> = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "fail")
        .collect();
    assert!(
        fails.is_empty(),
        "a 429 is never a conformance failure: {fails:?}"
    );
    assert!(report["waited_on_429_ms"].as_u64().unwrap() <= 7000);
    common::assert_left_empty(&s).await;
    s.shutdown().await;
}

/// `Retry-After` as an HTTP-date (RFC 9110 §10.2.3) is honoured like delay-seconds.
#[tokio::test]
async fn a_retry_after_http_date_is_waited_on() {
    use common::proxy::{self, Answer, Seen};
    use std::sync::atomic::AtomicBool;
    let s = scimgate::reference::spawn(scimgate::reference::ServeOptions {
        token: Some(TOKEN.to_owned()),
        ..Default::default()
    })
    .await
    .unwrap();
    let once = Arc::new(AtomicBool::new(false));
    let hooks = proxy::Hooks::intercept(move |_: &Seen, _: &[u8]| {
        if once.swap(true, Ordering::SeqCst) {
            return None;
        }
        let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(3);
        let date = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&at)
            .unwrap();
        Some(Answer {
            status: 503,
            headers: vec![("retry-after".into(), date)],
            body: Vec::new(),
        })
    });
    let p = proxy::start(&format!("http://{}", s.addr()), hooks).await;
    let report = run_against(
        &p.base_url("/scim/v2"),
        Duration::from_secs(5),
        RetryPolicy::default(),
        &scenario("okta/f01-test-api-credentials"),
    )
    .await;
    assert!(report.preflight.fatal.is_none(), "{:?}", report.preflight);
    assert_eq!(report.preflight.status, Some(200));
    assert!(
        report.waited_on_429_ms >= 1500 && report.waited_on_429_ms <= 3500,
        "waited {} ms for a date about 3 s away",
        report.waited_on_429_ms
    );
    s.shutdown().await;
}

#[tokio::test]
async fn refused_and_reset_connections_are_could_not_test() {
    let free = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let refused = run_against(
        &format!("http://{free}/scim/v2"),
        Duration::from_secs(5),
        RetryPolicy::default(),
        &scenario("okta/f01-test-api-credentials"),
    )
    .await;
    assert!(
        refused
            .preflight
            .fatal
            .as_deref()
            .unwrap()
            .contains("could not reach the target")
    );

    for lying in [false, true] {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            while let Ok((mut sock, _)) = listener.accept().await {
                let mut buf = [0u8; 4096];
                let _ = sock.read(&mut buf).await;
                if lying {
                    // Promises 1000 bytes, sends a few, closes.
                    let _ = sock.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/scim+json\r\ncontent-length: 1000\r\n\r\n{\"schemas\":").await;
                }
                drop(sock);
            }
        });
        let report = probe(addr, Duration::from_secs(5), RetryPolicy::default()).await;
        let fatal = report.preflight.fatal.clone().unwrap();
        assert!(fatal.contains("failed:"), "{fatal}");
        assert_eq!(
            scimgate::exit::for_report(&report),
            scimgate::exit::COULD_NOT_TEST
        );
    }
}

#[tokio::test]
async fn cleanup_is_attempted_when_the_server_breaks_after_a_create() {
    // The 201 names another user ("x", not the userName sent), then every request gets 500.
    let (addr, state) = hostile(Mode::CreateThenBreak).await;
    let report = run_against(
        &format!("http://{addr}/scim/v2"),
        Duration::from_secs(5),
        RetryPolicy::default(),
        &scenario("okta/f06-deactivate"),
    )
    .await;
    let seen = state.seen.lock().unwrap().clone();
    assert!(
        !seen.iter().any(|r| r.contains("made-by-hostile-1")),
        "an id whose create answer names another user is never touched: {seen:?}"
    );
    let create = &report.scenarios[0].steps[0];
    let own = create
        .checks
        .iter()
        .find(|c| c.check == CheckId::CreateOwnResource)
        .unwrap();
    assert_eq!(own.verdict, Verdict::Fail, "{own:?}");
    // Cleanup looks for the user by its run-prefixed name; the server answers 500, so the
    // user may exist: it is reported, not silently dropped.
    let cleanup = &report.scenarios[0].cleanup;
    assert_eq!(cleanup.len(), 1, "{cleanup:?}");
    assert_eq!(cleanup[0].result, "unknown", "{cleanup:?}");
    assert!(cleanup[0].detail.as_deref().unwrap().contains("500"));
}
