//! A small hostile proxy for the tests: it forwards every request unchanged to an upstream
//! SCIM server (the reference server), records what it received (method, the raw path as
//! sent, the query), and lets a test rewrite each answer on the way back: another id in a 201,
//! the token echoed in some encoding, a 429 for everything, a DELETE that fails.
#![allow(dead_code)]

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// One request the proxy received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seen {
    /// The method.
    pub method: String,
    /// The path exactly as it arrived (percent-encoding kept).
    pub path: String,
    /// The query, if any.
    pub query: Option<String>,
    /// The request body as text.
    pub body: String,
    /// The headers as they arrived (lower-case names).
    pub headers: Vec<(String, String)>,
    /// The HTTP version, e.g. `HTTP/1.1`.
    pub version: String,
}

impl Seen {
    /// The value of a header, if it came.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON, if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(&self.body).ok()
    }

    /// The headers for a failure message, `Authorization` masked (a test's output is output).
    pub fn shown_headers(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(n, v)| {
                let v = if n.eq_ignore_ascii_case("authorization") {
                    "***".to_owned()
                } else {
                    v.clone()
                };
                (n.clone(), v)
            })
            .collect()
    }
}

/// An answer on its way back to scimgate, to be rewritten.
#[derive(Clone, Debug)]
pub struct Answer {
    /// The status.
    pub status: u16,
    /// Headers (lower-case names).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as JSON, if it is.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// Replaces the body with this JSON.
    pub fn set_json(&mut self, v: &serde_json::Value) {
        self.body = serde_json::to_vec(v).unwrap();
    }

    /// Sets (or replaces) a header.
    pub fn set_header(&mut self, name: &str, value: &str) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.to_owned()));
    }
}

/// Decides what to do with one exchange: `Some(answer)` answers without asking upstream
/// (e.g. a 429), `None` forwards.
pub type Intercept = Arc<dyn Fn(&Seen, &[u8]) -> Option<Answer> + Send + Sync>;

/// Rewrites an upstream answer to a request (the request's body is given too).
pub type Rewrite = Arc<dyn Fn(&Seen, &[u8], &mut Answer) + Send + Sync>;

/// How long to hold an answer back after upstream has answered.
pub type Delay = Arc<dyn Fn(&Seen) -> std::time::Duration + Send + Sync>;

/// What the proxy does besides forwarding; every hook is optional.
#[derive(Clone, Default)]
pub struct Hooks {
    /// Answers some requests itself.
    pub intercept: Option<Intercept>,
    /// Rewrites upstream answers.
    pub rewrite: Option<Rewrite>,
    /// Holds answers back (upstream has already acted on the request).
    pub delay: Option<Delay>,
}

impl Hooks {
    /// Only an intercept.
    pub fn intercept(f: impl Fn(&Seen, &[u8]) -> Option<Answer> + Send + Sync + 'static) -> Self {
        Self {
            intercept: Some(Arc::new(f)),
            ..Self::default()
        }
    }

    /// Only a rewrite.
    pub fn rewrite(f: impl Fn(&Seen, &[u8], &mut Answer) + Send + Sync + 'static) -> Self {
        Self {
            rewrite: Some(Arc::new(f)),
            ..Self::default()
        }
    }
}

#[derive(Clone)]
struct ProxyState {
    upstream: String,
    client: reqwest::Client,
    seen: Arc<Mutex<Vec<Seen>>>,
    hooks: Hooks,
}

/// A running proxy.
pub struct Proxy {
    /// Where it listens.
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Proxy {
    /// Every request received so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    /// The proxy's base URL for an upstream base path such as `/scim/v2`.
    pub fn base_url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// Starts a proxy in front of `upstream` (`http://127.0.0.1:PORT`, no path).
pub async fn start(upstream: &str, hooks: Hooks) -> Proxy {
    let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let state = ProxyState {
        upstream: upstream.trim_end_matches('/').to_owned(),
        client: reqwest::Client::new(),
        seen: Arc::clone(&seen),
        hooks,
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = Router::new().fallback(forward).with_state(state);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Proxy { addr, seen }
}

async fn forward(State(p): State<ProxyState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let req_body = to_bytes(body, 16 << 20).await.unwrap_or_default();
    let seen = Seen {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().map(str::to_owned),
        body: String::from_utf8_lossy(&req_body).into_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        version: format!("{:?}", parts.version),
    };
    p.seen.lock().unwrap().push(seen.clone());
    let intercepted = p.hooks.intercept.as_ref().and_then(|f| f(&seen, &req_body));
    let answer = match intercepted {
        Some(a) => a,
        None => {
            let url = match &seen.query {
                Some(q) => format!("{}{}?{q}", p.upstream, seen.path),
                None => format!("{}{}", p.upstream, seen.path),
            };
            let mut up = p.client.request(parts.method.clone(), url);
            for (n, v) in &parts.headers {
                if n != "host" && n != "content-length" {
                    up = up.header(n, v);
                }
            }
            let resp = up.body(req_body.to_vec()).send().await.unwrap();
            let status = resp.status().as_u16();
            let headers = resp
                .headers()
                .iter()
                .filter(|(n, _)| *n != "content-length" && *n != "transfer-encoding")
                .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
                .collect();
            let body = resp.bytes().await.unwrap().to_vec();
            let mut a = Answer {
                status,
                headers,
                body,
            };
            if let Some(f) = &p.hooks.rewrite {
                f(&seen, &req_body, &mut a);
            }
            if let Some(d) = &p.hooks.delay {
                tokio::time::sleep(d(&seen)).await;
            }
            a
        }
    };
    let mut r = Response::builder().status(answer.status);
    for (n, v) in &answer.headers {
        r = r.header(n.as_str(), v.as_str());
    }
    r.body(Body::from(answer.body)).unwrap()
}
