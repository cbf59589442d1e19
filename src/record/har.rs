//! HAR 1.2 files, out (`scimgate run --har FILE`) and in (a HAR from mitmproxy, Chrome or
//! Firefox, to turn recorded traffic into a scenario).
//!
//! A HAR is what proxies and browsers already export, and what HAR viewers show; writing one
//! lets a vendor look at every request scimgate sent in a tool they know, and reading one lets
//! traffic recorded elsewhere become [`Recorded`] exchanges. Written, one entry looks like:
//!
//! ```json
//! { "startedDateTime": "2025-01-02T10:00:00.123Z", "time": 12.0,
//!   "request": { "method": "POST", "url": "https://h/scim/v2/Users", "httpVersion": "HTTP/1.1",
//!     "headers": [ { "name": "authorization", "value": "Bearer ***" } ], "queryString": [],
//!     "postData": { "mimeType": "application/scim+json; charset=utf-8", "text": "{…}" },
//!     "headersSize": -1, "bodySize": 231 },
//!   "response": { "status": 201, "statusText": "Created", "httpVersion": "HTTP/1.1",
//!     "headers": [ … ], "content": { "size": 412, "mimeType": "application/scim+json", "text": "{…}" },
//!     "redirectURL": "", "headersSize": -1, "bodySize": 412 },
//!   "cache": {}, "timings": { "send": 0.0, "wait": 12.0, "receive": 0.0 } }
//! ```
//!
//! An exchange that got no answer is written with status 0, its transport error in `_error`
//! (the custom-field convention of HAR 1.2) and in `comment`. The whole text passes through
//! the [`Redactor`] before it is written, and credential headers (`authorization`,
//! `proxy-authorization`, `cookie`, `set-cookie`) are masked in both directions whatever they
//! hold, so neither a HAR written nor a HAR read carries a token.
//!
//! Reading is lenient about what HAR producers leave out or add (Chrome's `_initiator`,
//! HTTP/2 pseudo-headers, missing `timings`), since those files are not ours; it is strict
//! about what an exchange needs: `request.method`, `request.url`, `response.status`.

use super::Recorded;
use crate::http::{Method, SentRequest};
use crate::runner::{Exchange, RunReport};
use crate::secret::{MASK, Redactor};
use serde::{Deserialize, Serialize};
use std::io;

/// The path segments (compared case-insensitively) where a SCIM base URL ends.
const RESOURCE_SEGMENTS: &[&str] = &[
    "users",
    "groups",
    "serviceproviderconfig",
    "serviceproviderconfigs",
    "resourcetypes",
    "schemas",
    "bulk",
    "me",
];

/// Header names whose values are masked whatever they hold.
const CREDENTIAL_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

#[derive(Serialize, Deserialize)]
struct Har {
    log: Log,
}

#[derive(Serialize, Deserialize)]
struct Log {
    #[serde(default)]
    version: String,
    #[serde(default)]
    creator: Creator,
    entries: Vec<Entry>,
}

#[derive(Default, Serialize, Deserialize)]
struct Creator {
    #[serde(default)]
    name: String,
    #[serde(default)]
    version: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    started_date_time: Option<String>,
    #[serde(default)]
    time: f64,
    request: Request,
    response: Response,
    #[serde(default)]
    cache: Cache,
    #[serde(default)]
    timings: Timings,
    #[serde(rename = "_error", default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Request {
    method: String,
    url: String,
    #[serde(default)]
    http_version: String,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(default)]
    query_string: Vec<NameValue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    post_data: Option<PostData>,
    #[serde(default = "unknown_size")]
    headers_size: i64,
    #[serde(default = "unknown_size")]
    body_size: i64,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response {
    status: u16,
    #[serde(default)]
    status_text: String,
    #[serde(default)]
    http_version: String,
    #[serde(default)]
    headers: Vec<NameValue>,
    #[serde(default)]
    content: Content,
    #[serde(default, rename = "redirectURL")]
    redirect_url: String,
    #[serde(default = "unknown_size")]
    headers_size: i64,
    #[serde(default = "unknown_size")]
    body_size: i64,
}

#[derive(Serialize, Deserialize)]
struct NameValue {
    name: String,
    value: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PostData {
    #[serde(default)]
    mime_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
}

#[derive(Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Content {
    #[serde(default)]
    size: i64,
    #[serde(default)]
    mime_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    encoding: Option<String>,
}

#[derive(Default, Serialize, Deserialize)]
struct Cache {}

#[derive(Default, Serialize, Deserialize)]
struct Timings {
    #[serde(default)]
    send: f64,
    #[serde(default)]
    wait: f64,
    #[serde(default)]
    receive: f64,
}

fn unknown_size() -> i64 {
    -1
}

/// The value a credential header is shown with: its scheme kept (`Bearer ***`, as
/// [`SentRequest`] shows the token), everything after it masked; any other header as it is.
fn masked(name: &str, value: &str) -> String {
    if !CREDENTIAL_HEADERS.contains(&name.to_ascii_lowercase().as_str()) {
        return value.to_owned();
    }
    match value.trim().split_once(' ') {
        Some((scheme, _)) if name.to_ascii_lowercase().ends_with("authorization") => {
            format!("{scheme} {MASK}")
        }
        _ => MASK.to_owned(),
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn name_values(headers: &[(String, String)]) -> Vec<NameValue> {
    headers
        .iter()
        .map(|(n, v)| NameValue {
            name: n.clone(),
            value: masked(n, v),
        })
        .collect()
}

/// The request's absolute URL: the base URL followed by the path exactly, as the HTTP client
/// joins them (`https://h/scim/v2` and `/Users?x=1` give `https://h/scim/v2/Users?x=1`).
fn join(base_url: &str, path: &str) -> String {
    format!("{}{path}", base_url.trim_end_matches('/'))
}

fn entry(r: &Recorded, base_url: &str) -> Entry {
    let masked = super::without_passwords(&r.exchange);
    let e = &masked;
    let url = join(base_url, &e.request.path);
    let query_string = e
        .request
        .path
        .split_once('?')
        .map(|(_, q)| {
            url::form_urlencoded::parse(q.as_bytes())
                .map(|(name, value)| NameValue {
                    name: name.into_owned(),
                    value: value.into_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let body_len = |b: &Option<String>| b.as_ref().map_or(0, |b| b.len() as i64);
    let status_text = e
        .status
        .and_then(|s| axum::http::StatusCode::from_u16(s).ok())
        .and_then(|s| s.canonical_reason())
        .unwrap_or("");
    let elapsed = e.elapsed_ms as f64;
    Entry {
        started_date_time: Some(r.at.to_string()),
        time: elapsed,
        request: Request {
            method: e.request.method.as_str().to_owned(),
            url,
            http_version: "HTTP/1.1".to_owned(),
            headers: name_values(&e.request.headers),
            query_string,
            post_data: e.request.body.as_ref().map(|b| PostData {
                mime_type: header(&e.request.headers, "content-type")
                    .unwrap_or("")
                    .to_owned(),
                text: Some(b.clone()),
            }),
            headers_size: -1,
            body_size: body_len(&e.request.body),
        },
        response: Response {
            status: e.status.unwrap_or(0),
            status_text: status_text.to_owned(),
            http_version: if e.status.is_some() { "HTTP/1.1" } else { "" }.to_owned(),
            headers: name_values(&e.response_headers),
            content: Content {
                size: body_len(&e.response_body),
                mime_type: header(&e.response_headers, "content-type")
                    .unwrap_or("")
                    .to_owned(),
                text: e.response_body.clone(),
                encoding: None,
            },
            redirect_url: String::new(),
            headers_size: -1,
            body_size: if e.status.is_some() {
                body_len(&e.response_body)
            } else {
                -1
            },
        },
        cache: Cache {},
        timings: Timings {
            send: 0.0,
            wait: elapsed,
            receive: 0.0,
        },
        comment: e
            .transport_error
            .as_ref()
            .map(|err| format!("no answer: {err}")),
        error: e.transport_error.clone(),
    }
}

/// Writes the exchanges as a HAR 1.2 log (pretty-printed, secrets masked, ending in a
/// newline); each request's URL is `base_url` followed by its path.
pub fn write_har(
    entries: &[Recorded],
    base_url: &str,
    redactor: &Redactor,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let har = Har {
        log: Log {
            version: "1.2".to_owned(),
            creator: Creator {
                name: "scimgate".to_owned(),
                version: env!("CARGO_PKG_VERSION").to_owned(),
            },
            entries: entries.iter().map(|r| entry(r, base_url)).collect(),
        },
    };
    let text = serde_json::to_string_pretty(&har).map_err(io::Error::other)?;
    out.write_all(redactor.redact(&text).as_bytes())?;
    out.write_all(b"\n")?;
    out.flush()
}

/// Every exchange of a run, scenario by scenario (in report order, by id) and step by step.
///
/// A report keeps each exchange's duration but not when it started, so `at` is the run's
/// start plus the durations of every exchange before it: the times are in order but not the
/// wall-clock times (scenarios ran at once). Cleanup keeps no exchanges, so none are here.
pub fn from_report(report: &RunReport) -> Vec<Recorded> {
    let mut at = report
        .started_at
        .parse::<jiff::Timestamp>()
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    let exchanges = report
        .scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .flat_map(|s| &s.exchanges);
    let mut out = Vec::new();
    for e in exchanges {
        out.push(Recorded {
            at,
            exchange: e.clone(),
        });
        at = at
            .checked_add(jiff::SignedDuration::from_millis(
                i64::try_from(e.elapsed_ms).unwrap_or(i64::MAX),
            ))
            .unwrap_or(at);
    }
    out
}

/// Where a URL's SCIM base ends: its origin and the path segments before the first SCIM
/// resource segment (`/Users`, `/Groups`, …), or `None` when it names no SCIM resource.
fn scim_root(url: &url::Url) -> Option<(String, Vec<String>)> {
    let segments: Vec<&str> = url.path_segments()?.collect();
    let at = segments
        .iter()
        .position(|s| RESOURCE_SEGMENTS.contains(&s.to_ascii_lowercase().as_str()))?;
    let root = segments[..at].iter().map(|s| (*s).to_owned()).collect();
    Some((url.origin().ascii_serialization(), root))
}

/// The base URL: the origin most SCIM requests went to, and the longest run of path segments
/// every SCIM request to it shares before its resource segment.
fn common_base(urls: &[url::Url]) -> Option<(String, Vec<String>)> {
    let roots: Vec<(String, Vec<String>)> = urls.iter().filter_map(scim_root).collect();
    // Origins in the order first seen, with how many SCIM requests went to each.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for (o, _) in &roots {
        match counts.iter_mut().find(|(c, _)| c == o) {
            Some((_, n)) => *n += 1,
            None => counts.push((o, 1)),
        }
    }
    let most = counts.iter().map(|(_, n)| *n).max()?;
    let origin = counts.iter().find(|(_, n)| *n == most)?.0.to_owned();
    let mut paths = roots.iter().filter(|(o, _)| *o == origin).map(|(_, p)| p);
    let mut common = paths.next()?.clone();
    for p in paths {
        let same = common.iter().zip(p).take_while(|(a, b)| a == b).count();
        common.truncate(same);
    }
    Some((origin, common))
}

/// The path and query of `url` below the base, or `None` when it is outside it.
fn below(url: &url::Url, (origin, base): &(String, Vec<String>)) -> Option<String> {
    if url.origin().ascii_serialization() != *origin {
        return None;
    }
    let segments: Vec<&str> = url.path_segments()?.collect();
    if segments.len() < base.len() || segments[..base.len()] != base[..] {
        return None;
    }
    let mut path = String::new();
    for s in &segments[base.len()..] {
        path.push('/');
        path.push_str(s);
    }
    if let Some(q) = url.query() {
        path.push('?');
        path.push_str(q);
    }
    Some(path)
}

fn headers_of(list: Vec<NameValue>) -> Vec<(String, String)> {
    list.into_iter()
        // HTTP/2 pseudo-headers (`:authority`, `:path`) are not headers a replay sends.
        .filter(|h| !h.name.starts_with(':'))
        .map(|h| {
            let name = h.name.to_ascii_lowercase();
            let value = masked(&name, &h.value);
            (name, value)
        })
        .collect()
}

fn exchange(e: Entry, path: String, method: Method, place: &str) -> Result<Exchange, String> {
    let text = match (
        e.response.content.text,
        e.response.content.encoding.as_deref(),
    ) {
        (Some(t), Some(enc)) if enc.eq_ignore_ascii_case("base64") => {
            use base64::Engine as _;
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(t.trim())
                .map_err(|err| format!("{place}.response.content.text: not valid base64: {err}"))?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
        (t, _) => t,
    };
    let answered = e.response.status != 0;
    Ok(Exchange {
        request: SentRequest {
            method,
            path,
            headers: headers_of(e.request.headers),
            body: e.request.post_data.and_then(|p| p.text),
        },
        status: answered.then_some(e.response.status),
        response_headers: headers_of(e.response.headers),
        response_body: text.filter(|t| !t.is_empty()),
        transport_error: (!answered).then(|| {
            e.error
                .unwrap_or_else(|| "no answer (status 0 in the HAR)".to_owned())
        }),
        elapsed_ms: e.time.max(0.0).round() as u64,
    })
}

/// Reads a HAR (`source` names it in errors): the base URL its SCIM requests share and, below
/// it, every exchange with its path relative to the base (entries outside it, and methods
/// scimgate does not send such as `OPTIONS`, are skipped). The base is `None` when no request
/// names a SCIM resource (`/Users`, `/Groups`, …), and then there are no entries. An error is
/// one line naming the place: `{source}: log.entries[3].request.url: …`.
pub fn read_har(text: &str, source: &str) -> Result<(Option<String>, Vec<Recorded>), String> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let har: Har = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if path == "." {
            format!("{source}: {inner}")
        } else {
            format!("{source}: {path}: {inner}")
        }
    })?;
    let mut urls = Vec::new();
    for (i, e) in har.log.entries.iter().enumerate() {
        let url = url::Url::parse(&e.request.url).map_err(|err| {
            format!(
                "{source}: log.entries[{i}].request.url: not an absolute URL ({err}): {}",
                e.request.url
            )
        })?;
        urls.push(url);
    }
    let Some(base) = common_base(&urls) else {
        return Ok((None, Vec::new()));
    };
    let mut out = Vec::new();
    for (i, (e, url)) in har.log.entries.into_iter().zip(&urls).enumerate() {
        let place = format!("log.entries[{i}]");
        let Some(path) = below(url, &base) else {
            continue;
        };
        let method = serde_json::Value::String(e.request.method.to_ascii_uppercase());
        let Ok(method) = serde_json::from_value::<Method>(method) else {
            continue;
        };
        let at = match &e.started_date_time {
            Some(t) => t.parse::<jiff::Timestamp>().map_err(|err| {
                format!("{source}: {place}.startedDateTime: not an RFC 3339 time ({err}): {t}")
            })?,
            None => out
                .last()
                .map_or(jiff::Timestamp::UNIX_EPOCH, |r: &Recorded| r.at),
        };
        let exchange = exchange(e, path, method, &place).map_err(|e| format!("{source}: {e}"))?;
        out.push(Recorded { at, exchange });
    }
    let (origin, segments) = base;
    let base_url = std::iter::once(origin).chain(segments).collect::<Vec<_>>();
    Ok((Some(base_url.join("/")), out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn ex(method: Method, path: &str, body: Option<&str>, status: Option<u16>) -> Exchange {
        Exchange {
            request: SentRequest {
                method,
                path: path.to_owned(),
                headers: vec![
                    ("accept".into(), "application/scim+json".into()),
                    ("authorization".into(), format!("Bearer {MASK}")),
                    (
                        "content-type".into(),
                        "application/scim+json; charset=utf-8".into(),
                    ),
                ],
                body: body.map(str::to_owned),
            },
            status,
            response_headers: vec![("content-type".into(), "application/scim+json".into())],
            response_body: status.map(|s| format!(r#"{{"status":"{s}"}}"#)),
            transport_error: status.is_none().then(|| "no answer within 30s".to_owned()),
            elapsed_ms: 12,
        }
    }

    fn recorded() -> Vec<Recorded> {
        let at: jiff::Timestamp = "2025-01-02T10:00:00.123Z".parse().unwrap();
        [
            ex(
                Method::Get,
                "/Users?filter=userName%20eq%20%22a+b%40x.example%22&startIndex=1",
                None,
                Some(200),
            ),
            ex(
                Method::Post,
                "/Users",
                Some(r#"{"userName":"a"}"#),
                Some(201),
            ),
            ex(Method::Delete, "/Groups/42", None, None),
        ]
        .into_iter()
        .enumerate()
        .map(|(i, exchange)| Recorded {
            at: at + jiff::SignedDuration::from_millis(i as i64 * 15),
            exchange,
        })
        .collect()
    }

    fn write(entries: &[Recorded], base: &str, redactor: &Redactor) -> String {
        let mut out = Vec::new();
        write_har(entries, base, redactor, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn written_har_is_1_2_with_urls_below_the_base_path() {
        let text = write(
            &recorded(),
            "https://h.example/scim/v2/",
            &Redactor::default(),
        );
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["log"]["version"], "1.2");
        assert_eq!(v["log"]["creator"]["name"], "scimgate");
        let e = &v["log"]["entries"];
        assert_eq!(
            e[0]["request"]["url"],
            "https://h.example/scim/v2/Users?filter=userName%20eq%20%22a+b%40x.example%22&startIndex=1"
        );
        assert_eq!(
            e[0]["request"]["queryString"][0]["value"],
            "userName eq \"a b@x.example\""
        );
        assert_eq!(e[0]["startedDateTime"], "2025-01-02T10:00:00.123Z");
        assert_eq!(e[1]["request"]["postData"]["text"], r#"{"userName":"a"}"#);
        assert_eq!(e[1]["response"]["statusText"], "Created");
        assert_eq!(e[1]["timings"]["wait"], 12.0);
        assert_eq!(e[2]["response"]["status"], 0);
        assert_eq!(e[2]["_error"], "no answer within 30s");
    }

    #[test]
    fn write_then_read_keeps_every_exchange() {
        let before = recorded();
        let text = write(&before, "https://h.example/scim/v2", &Redactor::default());
        let (base, after) = read_har(&text, "r.har").unwrap();
        assert_eq!(base.as_deref(), Some("https://h.example/scim/v2"));
        similar_asserts::assert_eq!(after, before);
    }

    #[test]
    fn credentials_and_secrets_are_masked_on_the_way_out_and_in() {
        let secret = Secret::new("tok_SECRET_123456");
        let mut entries = recorded();
        let e = &mut entries[0].exchange;
        e.request.headers.push(("cookie".into(), "sid=abc".into()));
        e.request.headers[1].1 = "Bearer leaked-token".into();
        e.response_body = Some(format!(r#"{{"detail":"you sent {}"}}"#, secret.expose()));
        let text = write(&entries, "https://h.example", &Redactor::new([&secret]));
        assert!(!text.contains("leaked-token") && !text.contains("sid=abc"));
        assert!(!text.contains(secret.expose()));
        let raw = text.replace("Bearer ***", "Basic dXNlcjpwdw==");
        let (_, back) = read_har(&raw, "r.har").unwrap();
        assert_eq!(
            header(&back[0].exchange.request.headers, "authorization"),
            Some("Basic ***")
        );
    }

    #[test]
    fn the_base_url_ends_before_the_scim_resource() {
        let base_of = |urls: &[&str]| {
            let urls: Vec<url::Url> = urls.iter().map(|u| url::Url::parse(u).unwrap()).collect();
            common_base(&urls)
                .map(|(o, s)| std::iter::once(o).chain(s).collect::<Vec<_>>().join("/"))
        };
        assert_eq!(
            base_of(&[
                "https://h/scim/v2/Users?count=2",
                "https://h/scim/v2/groups/7",
                "https://h/scim/v2/ServiceProviderConfig",
                "https://cdn.example/app.js",
            ])
            .as_deref(),
            Some("https://h/scim/v2")
        );
        assert_eq!(
            base_of(&["http://127.0.0.1:8080/Users", "http://127.0.0.1:8080/Me"]).as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            base_of(&["https://h/t/1/Users", "https://h/t/2/Users"]).as_deref(),
            Some("https://h/t")
        );
        assert_eq!(base_of(&["https://h/index.html"]), None);
    }

    const CHROME: &str = r#"{"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},
      "pages":[{"startedDateTime":"2025-01-02T10:00:00.000Z","id":"page_1","title":"x","pageTimings":{}}],
      "entries":[
        {"_initiator":{"type":"other"},"_priority":"High","_resourceType":"fetch","cache":{},
         "pageref":"page_1","connection":"443",
         "request":{"method":"GET","url":"https://h.example/scim/v2/Users?count=1","httpVersion":"h2",
           "headers":[{"name":":authority","value":"h.example"},{"name":"Authorization","value":"Bearer real-token"},
                      {"name":"Cookie","value":"sid=1"}],
           "queryString":[{"name":"count","value":"1"}],"cookies":[],"headersSize":-1,"bodySize":0},
         "response":{"status":200,"statusText":"","httpVersion":"h2",
           "headers":[{"name":"Content-Type","value":"application/scim+json"}],"cookies":[],
           "content":{"size":17,"mimeType":"application/scim+json","compression":0,
                      "text":"eyJ0b3RhbFJlc3VsdHMiOjB9","encoding":"base64"},
           "redirectURL":"","headersSize":-1,"bodySize":-1,"_transferSize":120,"_error":null},
         "serverIPAddress":"10.0.0.1","startedDateTime":"2025-01-02T11:00:00.250+01:00","time":41.83,
         "timings":{"blocked":1.2,"dns":-1,"ssl":-1,"connect":-1,"send":0.1,"wait":40.0,"receive":0.5,"_blocked_queueing":0.8}},
        {"request":{"method":"GET","url":"https://fonts.example/a.woff"},"response":{"status":200}},
        {"request":{"method":"OPTIONS","url":"https://h.example/scim/v2/Users"},"response":{"status":204}}
      ]}}"#;

    #[test]
    fn a_chrome_har_with_extra_fields_and_base64_content_reads() {
        let (base, entries) = read_har(CHROME, "chrome.har").unwrap();
        assert_eq!(base.as_deref(), Some("https://h.example/scim/v2"));
        assert_eq!(entries.len(), 1, "the font and the preflight are skipped");
        let r = &entries[0];
        assert_eq!(r.at, "2025-01-02T10:00:00.250Z".parse().unwrap());
        let e = &r.exchange;
        assert_eq!(e.request.path, "/Users?count=1");
        assert_eq!(
            e.request.headers,
            [
                ("authorization".to_owned(), "Bearer ***".to_owned()),
                ("cookie".to_owned(), "***".to_owned())
            ]
        );
        assert_eq!(e.status, Some(200));
        assert_eq!(e.response_body.as_deref(), Some(r#"{"totalResults":0}"#));
        assert_eq!(e.elapsed_ms, 42);
    }

    #[test]
    fn malformed_hars_give_one_line_naming_the_entry_and_field() {
        let entry = |request: &str, response: &str| {
            format!(
                r#"{{"log":{{"entries":[{CHROME_OK},{{"request":{request},"response":{response}}}]}}}}"#
            )
        };
        const CHROME_OK: &str =
            r#"{"request":{"method":"GET","url":"https://h/Users"},"response":{"status":200}}"#;
        let cases = [
            (
                entry(r#"{"method":"GET"}"#, r#"{"status":200}"#),
                "log.entries[1].request: missing field `url`",
            ),
            (
                entry(r#"{"url":"https://h/Users"}"#, r#"{"status":200}"#),
                "log.entries[1].request: missing field `method`",
            ),
            (
                entry(r#"{"method":"GET","url":"https://h/Users"}"#, "{}"),
                "log.entries[1].response: missing field `status`",
            ),
            (
                entry(
                    r#"{"method":"GET","url":"https://h/Users"}"#,
                    r#"{"status":"ok"}"#,
                ),
                "log.entries[1].response.status: invalid type",
            ),
            (
                entry(r#"{"method":"GET","url":"/Users"}"#, r#"{"status":200}"#),
                "log.entries[1].request.url: not an absolute URL",
            ),
            (
                entry(
                    r#"{"method":"GET","url":"https://h/Users"}"#,
                    r#"{"status":200,"content":{"text":"@@","encoding":"base64"}}"#,
                ),
                "log.entries[1].response.content.text: not valid base64",
            ),
            ("{\"log\":{}}".to_owned(), "log: missing field `entries`"),
            ("not json".to_owned(), "expected ident"),
        ];
        for (text, want) in cases {
            let err = read_har(&text, "s.har").unwrap_err();
            assert!(err.starts_with("s.har: ") && err.contains(want), "{err}");
            assert!(!err.contains('\n'), "{err}");
        }
        let bad_time = r#"{"log":{"entries":[{"startedDateTime":"yesterday","request":{"method":"GET","url":"https://h/Users"},"response":{"status":200}}]}}"#;
        let err = read_har(bad_time, "s.har").unwrap_err();
        assert!(
            err.contains("log.entries[0].startedDateTime: not an RFC 3339 time"),
            "{err}"
        );
    }

    #[test]
    fn a_report_becomes_exchanges_in_order_with_cumulative_times() {
        let step = |exchanges: Vec<Exchange>| {
            serde_json::json!({"name": "s", "title": "t", "verdict": "pass",
                "exchanges": exchanges, "checks": []})
        };
        let e = recorded()
            .into_iter()
            .map(|r| r.exchange)
            .collect::<Vec<_>>();
        let report: RunReport = serde_json::from_value(serde_json::json!({
            "format_version": 2, "target": "https://h", "run_prefix": "p", "seed": 1,
            "started_at": "2026-01-02T03:04:05Z", "duration_ms": 1, "requests": 3,
            "preflight": {}, "summary": {"pass": 0, "fail": 0, "error": 0, "blocked": 0,
                "skipped": 0, "drift": 0},
            "scenarios": [
                {"id": "a", "title": "a", "verdict": "pass", "cleanup": [], "duration_ms": 1,
                 "steps": [step(e[..2].to_vec()), step(vec![])]},
                {"id": "b", "title": "b", "verdict": "pass", "cleanup": [], "duration_ms": 1,
                 "steps": [step(e[2..].to_vec())]},
            ],
        }))
        .unwrap();
        let all = from_report(&report);
        let n: usize = report
            .scenarios
            .iter()
            .flat_map(|s| &s.steps)
            .map(|s| s.exchanges.len())
            .sum();
        assert_eq!(all.len(), n);
        let start: jiff::Timestamp = report.started_at.parse().unwrap();
        let offsets: Vec<i128> = all.iter().map(|r| (r.at - start).as_millis()).collect();
        assert_eq!(offsets, [0, 12, 24]);
        assert_eq!(all[2].exchange.request.path, "/Groups/42");
    }
}
