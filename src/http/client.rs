//! The shared HTTP client: one reqwest client (connection reuse), Okta's headers, a per-request
//! timeout, a body-size cap, TLS options, and no redirect following.
//!
//! Redirects are not followed so that a 3xx is judged as an answer and the token is never sent
//! to another origin.

use super::pacing::{RateLimiter, RetryPolicy, WaitLedger, is_rate_limit};
use super::types::{
    Auth, Call, Method, ReceivedResponse, RequestSpec, SentRequest, TransportError,
};
use crate::secret::{MASK, Secret};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Okta's SCIM client User-Agent (okta-traffic.md §2.0).
pub const OKTA_USER_AGENT: &str = "Okta SCIM Client 1.0.0";

/// The headers every request carries, as Okta sends them, unless a scenario's `headers`
/// replace them (okta-traffic.md §2.0); `Authorization` and, with a body, `Content-Type`
/// ([`OKTA_CONTENT_TYPE`]) follow.
pub const OKTA_HEADERS: &[(&str, &str)] = &[
    ("user-agent", OKTA_USER_AGENT),
    ("accept", "application/scim+json"),
    ("accept-charset", "utf-8"),
    ("accept-encoding", "gzip,deflate"),
    ("connection", "Keep-Alive"),
];

/// The `Content-Type` of a request body, as Okta sends it.
pub const OKTA_CONTENT_TYPE: &str = "application/scim+json; charset=utf-8";

/// How to reach and authenticate to the target.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// The SCIM base URL, e.g. `https://staging.example.com/scim/v2` (no trailing slash needed).
    pub base_url: url::Url,
    /// The bearer token.
    pub token: Secret,
    /// Extra headers from `--header`; their values are treated as secrets.
    pub headers: Vec<(String, Secret)>,
    /// Per-request timeout (Okta gives up after 60 s; our default is 30 s).
    pub timeout: Duration,
    /// Accept any TLS certificate.
    pub insecure: bool,
    /// Extra PEM CA bundle to trust.
    pub cacert: Option<PathBuf>,
    /// Response bodies larger than this are cut off and reported.
    pub max_body: usize,
    /// At most this many requests per second (`--rate`).
    pub rate: Option<f64>,
    /// How 429 answers are waited on and retried.
    pub retry: RetryPolicy,
    /// At most this many requests in flight at once, across every scenario (`--max-in-flight`;
    /// `None`: as many as the scenarios send).
    pub max_in_flight: Option<usize>,
}

impl ClientOptions {
    /// Options with the defaults: 30 s timeout, 10 MiB body limit, verified TLS.
    pub fn new(base_url: url::Url, token: Secret) -> Self {
        Self {
            base_url,
            token,
            headers: Vec::new(),
            timeout: Duration::from_secs(30),
            insecure: false,
            cacert: None,
            max_body: 10 * 1024 * 1024,
            rate: None,
            retry: RetryPolicy::default(),
            max_in_flight: None,
        }
    }
}

/// Why the client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ClientBuildError {
    /// The CA bundle could not be read or parsed.
    #[error("failed to load the CA bundle {path}: {message}")]
    CaCert {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The base URL cannot be a SCIM base URL.
    #[error("the base URL is not usable: {0}")]
    BaseUrl(String),
    /// reqwest refused the configuration.
    #[error("failed to build the HTTP client: {0}")]
    Build(String),
}

/// The one HTTP client a run shares across scenarios.
#[derive(Debug)]
pub struct HttpClient {
    inner: reqwest::Client,
    /// The same client without response decompression (and so without the Accept-Encoding
    /// reqwest would add).
    plain: reqwest::Client,
    options: ClientOptions,
    base: String,
    requests: AtomicU64,
    limiter: Option<RateLimiter>,
    /// Bounds the requests in flight (`--max-in-flight`).
    in_flight: Option<tokio::sync::Semaphore>,
    waits: WaitLedger,
    /// Set when the run is interrupted: waits (429 back-off, `--rate`) end at once.
    interrupted: tokio::sync::watch::Sender<bool>,
    /// Requests in a row that were still refused with 429/503 after their retries.
    refused_in_a_row: std::sync::atomic::AtomicU32,
    /// Set when the target's rate limiting stopped the run.
    stopped: std::sync::Mutex<Option<String>>,
}

impl HttpClient {
    /// Builds the client. A base URL with user info (`user:pass@`, which would send a second
    /// `Authorization` header), a query or a fragment is refused.
    pub fn new(options: ClientOptions) -> Result<Self, ClientBuildError> {
        let b = &options.base_url;
        if !b.username().is_empty() || b.password().is_some() {
            return Err(ClientBuildError::BaseUrl(
                "it carries user info (`user:pass@`); give the token with --token or SCIMGATE_TOKEN"
                    .to_owned(),
            ));
        }
        if b.fragment().is_some() || b.query().is_some() {
            return Err(ClientBuildError::BaseUrl(
                "a SCIM base URL has no query string or fragment (RFC 7644 §1.3)".to_owned(),
            ));
        }
        let inner = reqwest_client(&options, true)?;
        // For requests that send no Accept-Encoding (the SPEC test's POSTs): reqwest adds one
        // to every request of a client that decompresses.
        let plain = reqwest_client(&options, false)?;
        let base = options.base_url.as_str().trim_end_matches('/').to_owned();
        let limiter = options.rate.map(RateLimiter::new);
        let in_flight = options
            .max_in_flight
            .map(|n| tokio::sync::Semaphore::new(n.max(1)));
        Ok(Self {
            inner,
            plain,
            options,
            base,
            requests: AtomicU64::new(0),
            limiter,
            in_flight,
            waits: WaitLedger::default(),
            interrupted: tokio::sync::watch::Sender::new(false),
            refused_in_a_row: std::sync::atomic::AtomicU32::new(0),
            stopped: std::sync::Mutex::new(None),
        })
    }

    /// The options the client was built with.
    pub fn options(&self) -> &ClientOptions {
        &self.options
    }

    /// Interrupts the run's waits: a 429 back-off or a `--rate` slot in progress ends now, and
    /// later ones are not waited for. Requests are still sent (cleanup needs them).
    pub fn interrupt(&self) {
        self.interrupted.send_replace(true);
    }

    /// True once [`HttpClient::interrupt`] was called.
    pub fn is_interrupted(&self) -> bool {
        *self.interrupted.borrow()
    }

    /// Sleeps for `d`, or less when the run is interrupted; true when it slept the whole time.
    async fn pause(&self, d: Duration) -> bool {
        let mut rx = self.interrupted.subscribe();
        if *rx.borrow_and_update() {
            return false;
        }
        tokio::select! {
            () = tokio::time::sleep(d) => true,
            _ = rx.wait_for(|v| *v) => false,
        }
    }

    /// Time spent waiting on 429 answers, and how many there were.
    pub fn rate_limited(&self) -> (Duration, u64) {
        (self.waits.total(), self.waits.count())
    }

    /// How many requests this client has sent.
    pub fn request_count(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The secrets this client knows, for redaction.
    pub fn secrets(&self) -> Vec<Secret> {
        let mut v = vec![self.options.token.clone()];
        v.extend(self.options.headers.iter().map(|(_, s)| s.clone()));
        v
    }

    /// Sends one request with Okta's headers and returns what happened. A 429 (or a 503 with
    /// `Retry-After`) is waited on and retried as Okta does, within the limits of the
    /// [`RetryPolicy`]; the last answer is returned. Past the run-wide limits the client
    /// stops the run ([`HttpClient::stopped`]).
    pub async fn send(&self, spec: &RequestSpec) -> Call {
        let policy = self.options.retry;
        let mut attempt = 0;
        loop {
            let call = self.send_once(spec).await;
            let Some((status, after)) = call
                .response
                .as_ref()
                .ok()
                .filter(|r| is_rate_limit(r.status))
                .map(|r| (r.status, r.header("retry-after").map(str::to_owned)))
            else {
                self.refused_in_a_row.store(0, Ordering::Relaxed);
                return call;
            };
            // A 503 without Retry-After is an outage, not a request to wait.
            let waitable = status == 429 || after.is_some();
            if !waitable || attempt >= policy.max_retries || self.is_interrupted() {
                self.note_refused(status, attempt);
                return call;
            }
            let wait = policy.wait(attempt, after.as_deref());
            if self.waits.total() + wait > policy.budget {
                self.note_refused(status, attempt);
                self.stop_for_rate_limit(format!(
                    "{} answered {status}; waiting another {:.0} s would pass the run's budget of {:.0} s ({:.0} s waited already)",
                    spec.path,
                    wait.as_secs_f64(),
                    policy.budget.as_secs_f64(),
                    self.waits.total().as_secs_f64()
                ));
                return call;
            }
            tracing::info!(path = %spec.path, status, ?wait, "rate limited: waiting before retrying");
            let started = Instant::now();
            let slept = self.pause(wait).await;
            self.waits.add(started.elapsed());
            if !slept {
                return call;
            }
            attempt += 1;
        }
    }

    /// A request still refused with 429/503 after its retries; too many in a row stop the run.
    fn note_refused(&self, status: u16, retries: u32) {
        let n = self.refused_in_a_row.fetch_add(1, Ordering::Relaxed) + 1;
        if n >= self.options.retry.max_refused_in_a_row {
            self.stop_for_rate_limit(format!(
                "{n} requests in a row were still answered {status} after retrying ({retries} retries for the last)"
            ));
        }
    }

    /// Stops the run: waits end, and the runner starts no new step.
    fn stop_for_rate_limit(&self, why: String) {
        let mut g = self
            .stopped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if g.is_none() {
            tracing::warn!(%why, "the target is rate limiting: stopping the run");
            *g = Some(format!("the target is rate limiting: {why}"));
        }
        drop(g);
        self.interrupt();
    }

    /// Why the client stopped the run (the target kept rate limiting), if it did.
    pub fn stopped(&self) -> Option<String> {
        self.stopped
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    async fn send_once(&self, spec: &RequestSpec) -> Call {
        if let Some(l) = &self.limiter
            && !self.is_interrupted()
        {
            let mut rx = self.interrupted.subscribe();
            tokio::select! {
                () = l.acquire() => {}
                _ = rx.wait_for(|v| *v) => {}
            }
        }
        // Held until the answer's body is read; a closed semaphore never happens (never closed).
        let _slot = match &self.in_flight {
            Some(s) => s.acquire().await.ok(),
            None => None,
        };
        self.requests.fetch_add(1, Ordering::Relaxed);
        let (sent, headers) = self.headers_for(spec);
        let started = Instant::now();
        let response = match self.url_for(spec) {
            Err(e) => Err(TransportError::Request(e)),
            Ok(url) => {
                let client = if headers.iter().any(|(n, _)| n == "accept-encoding") {
                    &self.inner
                } else {
                    &self.plain
                };
                let mut req = client.request(to_reqwest(spec.method), url);
                for (n, v) in &headers {
                    req = req.header(n.as_str(), v.as_str());
                }
                if let Some(body) = &spec.body {
                    req = req.body(body.clone());
                }
                // Belt and braces: reqwest's timeout covers the body, this covers everything else.
                let limit = self.options.timeout + Duration::from_secs(1);
                match tokio::time::timeout(limit, self.execute(req)).await {
                    Ok(r) => r,
                    Err(_) => Err(TransportError::Timeout(self.options.timeout)),
                }
            }
        };
        Call {
            request: sent,
            response,
            elapsed: started.elapsed(),
        }
    }

    /// Forwards a request exactly as another client sent it (`scimgate record`): its own
    /// headers, in its order, and none of Okta's defaults; only the hop-by-hop headers, `Host`,
    /// `Content-Length` and `Accept-Encoding` are left to the connection (the answer is
    /// decompressed so that it can be judged, and handed on without `Content-Encoding`). The
    /// record of it masks `Authorization` and any header value given as a secret.
    pub async fn forward(
        &self,
        method: Method,
        path_and_query: &str,
        headers: &[(String, String)],
        body: Option<Vec<u8>>,
    ) -> Call {
        const LEFT_OUT: &[&str] = &[
            "host",
            "connection",
            "keep-alive",
            "proxy-connection",
            "transfer-encoding",
            "te",
            "trailer",
            "upgrade",
            "content-length",
            "accept-encoding",
        ];
        self.requests.fetch_add(1, Ordering::Relaxed);
        let kept: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .filter(|(n, _)| !LEFT_OUT.contains(&n.as_str()))
            .collect();
        let shown: Vec<(String, String)> = kept
            .iter()
            .map(|(n, v)| match n.as_str() {
                "authorization" | "proxy-authorization" | "cookie" => {
                    let scheme = v.split_whitespace().next().filter(|_| v.contains(' '));
                    let masked = scheme.map_or(MASK.to_owned(), |s| format!("{s} {MASK}"));
                    (n.clone(), masked)
                }
                _ => (n.clone(), v.clone()),
            })
            .collect();
        let sent = SentRequest {
            method,
            path: path_and_query.to_owned(),
            headers: shown,
            body: body
                .as_deref()
                .map(|b| String::from_utf8_lossy(b).into_owned()),
        };
        let started = Instant::now();
        let (path, query) = match path_and_query.split_once('?') {
            Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
            None => (path_and_query.to_owned(), None),
        };
        let mut spec = RequestSpec::new(method, path);
        spec.query = query;
        let response = match self.url_for(&spec) {
            Err(e) => Err(TransportError::Request(e)),
            Ok(url) => {
                let mut req = self.inner.request(to_reqwest(method), url);
                for (n, v) in &kept {
                    req = req.header(n.as_str(), v.as_str());
                }
                if let Some(b) = body {
                    req = req.body(b);
                }
                let limit = self.options.timeout + Duration::from_secs(1);
                match tokio::time::timeout(limit, self.execute(req)).await {
                    Ok(Ok(mut r)) => {
                        r.headers.retain(|(n, _)| {
                            !LEFT_OUT.contains(&n.as_str()) && n != "content-encoding"
                        });
                        Ok(r)
                    }
                    Ok(Err(e)) => Err(e),
                    Err(_) => Err(TransportError::Timeout(self.options.timeout)),
                }
            }
        };
        Call {
            request: sent,
            response,
            elapsed: started.elapsed(),
        }
    }

    /// The URL for a request: the base URL followed by the request's path exactly. A path
    /// with a dot segment (also percent-encoded), a `?` or `#` inside it, or a `#` in the query
    /// would reach another resource than the one it names, and is refused unsent.
    fn url_for(&self, spec: &RequestSpec) -> Result<reqwest::Url, String> {
        let path = &spec.path;
        let dot = |seg: &str| {
            let lower = seg.to_ascii_lowercase().replace("%2e", ".");
            lower == "." || lower == ".."
        };
        if !path.is_empty() && !path.starts_with('/') {
            return Err(format!(
                "refused to send: the path `{path}` does not start with `/`"
            ));
        }
        if path.contains(['?', '#']) || path.split('/').any(dot) {
            return Err(format!(
                "refused to send: the path `{path}` would leave the resource it names (a dot segment, `?` or `#`)"
            ));
        }
        if spec.query.as_deref().is_some_and(|q| q.contains('#')) {
            return Err("refused to send: the query holds a `#`".to_owned());
        }
        let raw = format!("{}{}", self.base, spec.path_and_query());
        let url = reqwest::Url::parse(&raw).map_err(|e| format!("invalid URL {raw}: {e}"))?;
        let base_path = self.options.base_url.path().trim_end_matches('/');
        if !url.path().starts_with(base_path) || url.fragment().is_some() {
            return Err(format!("refused to send: {raw} is not below the base URL"));
        }
        Ok(url)
    }

    async fn execute(
        &self,
        req: reqwest::RequestBuilder,
    ) -> Result<ReceivedResponse, TransportError> {
        let mut resp = req.send().await.map_err(|e| self.classify(&e))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let max = self.options.max_body;
        let mut body = Vec::new();
        while let Some(chunk) = resp.chunk().await.map_err(|e| self.classify(&e))? {
            if body.len() + chunk.len() > max {
                return Err(TransportError::BodyTooLarge(max));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(ReceivedResponse {
            status,
            headers,
            body,
            parsed: Default::default(),
        })
    }

    fn classify(&self, e: &reqwest::Error) -> TransportError {
        let chain = error_chain(e);
        let lower = chain.to_ascii_lowercase();
        if e.is_timeout() {
            TransportError::Timeout(self.options.timeout)
        } else if self.options.base_url.scheme() == "https"
            && (lower.contains("invalidcontenttype")
                || lower.contains("corrupt message")
                || lower.contains("wrong version number"))
        {
            // rustls reads a plain-HTTP answer as a corrupt TLS record.
            TransportError::Tls(format!(
                "{chain} (the port answers plain HTTP, not TLS: try http:// instead of https://)"
            ))
        } else if lower.contains("certificate")
            || lower.contains("tls")
            || lower.contains("handshake")
        {
            TransportError::Tls(chain)
        } else if e.is_connect() {
            TransportError::Connect(chain)
        } else if e.is_builder() {
            TransportError::Request(chain)
        } else {
            TransportError::Broken(chain)
        }
    }

    /// The headers to send and the masked record of them.
    fn headers_for(&self, spec: &RequestSpec) -> (SentRequest, Vec<(String, String)>) {
        let mut real: Vec<(String, String)> = OKTA_HEADERS
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        let mut shown = real.clone();
        if spec.body.is_some() {
            let ct = ("content-type".to_owned(), OKTA_CONTENT_TYPE.to_owned());
            real.push(ct.clone());
            shown.push(ct);
        }
        match &spec.auth {
            Auth::Bearer => {
                real.push((
                    "authorization".into(),
                    format!("Bearer {}", self.options.token.expose()),
                ));
                shown.push(("authorization".into(), format!("Bearer {MASK}")));
            }
            Auth::Literal(v) => {
                real.push(("authorization".into(), v.clone()));
                shown.push(("authorization".into(), v.clone()));
            }
            Auth::None => {}
        }
        for (n, v) in &self.options.headers {
            upsert(&mut real, n, v.expose());
            upsert(&mut shown, n, MASK);
        }
        // A step's header replaces the default of that name; an empty value removes it (the
        // SPEC test's POSTs send only Content-Type, Accept and Authorization).
        for (n, v) in &spec.headers {
            if v.is_empty() {
                let n = n.to_ascii_lowercase();
                real.retain(|(k, _)| *k != n);
                shown.retain(|(k, _)| *k != n);
            } else {
                upsert(&mut real, n, v);
                upsert(&mut shown, n, v);
            }
        }
        let sent = SentRequest {
            method: spec.method,
            path: spec.path_and_query(),
            headers: shown,
            body: spec
                .body
                .as_ref()
                .map(|b| String::from_utf8_lossy(b).into_owned()),
        };
        (sent, real)
    }
}

fn upsert(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    let name = name.to_ascii_lowercase();
    headers.retain(|(n, _)| *n != name);
    headers.push((name, value.to_owned()));
}

fn to_reqwest(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Patch => reqwest::Method::PATCH,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// An error and its sources on one line, without the URL.
fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut cur: Option<&dyn std::error::Error> = Some(e);
    while let Some(err) = cur {
        let s = err.to_string();
        let s = match s.find(" for url (") {
            Some(i) => s[..i].to_owned(),
            None => s,
        };
        if !parts.contains(&s) {
            parts.push(s);
        }
        cur = err.source();
    }
    parts.join(": ")
}

/// One reqwest client for these options; `decompress` switches gzip and deflate decoding (and
/// the Accept-Encoding reqwest adds for them).
fn reqwest_client(
    options: &ClientOptions,
    decompress: bool,
) -> Result<reqwest::Client, ClientBuildError> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(options.timeout)
        .connect_timeout(options.timeout.min(Duration::from_secs(10)))
        .pool_max_idle_per_host(16)
        // Okta speaks HTTP/1.1 with keep-alive (okta-audit.md #10), never HTTP/2.
        .http1_only()
        .tls_danger_accept_invalid_certs(options.insecure);
    if let Some(path) = &options.cacert {
        let pem = std::fs::read(path).map_err(|e| ClientBuildError::CaCert {
            path: path.clone(),
            message: e.to_string(),
        })?;
        let certs =
            reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| ClientBuildError::CaCert {
                path: path.clone(),
                message: e.to_string(),
            })?;
        if certs.is_empty() {
            return Err(ClientBuildError::CaCert {
                path: path.clone(),
                message: "no PEM certificate found".to_owned(),
            });
        }
        for c in certs {
            builder = builder.add_root_certificate(c);
        }
    }
    if !decompress {
        builder = builder.no_gzip().no_deflate();
    }
    builder
        .build()
        .map_err(|e| ClientBuildError::Build(error_chain(&e)))
}
