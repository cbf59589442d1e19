//! `scimgate record`: a reverse proxy between Okta and the vendor's SCIM server. Every
//! request is forwarded unchanged (through [`HttpClient::forward`]), its answer handed back
//! unchanged, and the exchange kept and judged live by the checks the built-in scenarios use
//! for a request of its shape ([`super::shape`]). When the recorder stops, what it kept
//! becomes scenarios ([`super::writer`]).
//!
//! The recorder listens on 127.0.0.1 unless told otherwise, and never logs the token: the
//! kept requests carry `Authorization` masked, and everything it prints passes through a
//! [`Redactor`] that also learns every bearer value Okta sends.

use super::Recorded;
use super::shape::Shape;
use crate::check::{CheckInput, CheckOutcome, CheckSpec, judge_step};
use crate::feature::OktaFeature;
use crate::http::{Call, HttpClient, Method};
use crate::runner::Exchange;
use crate::secret::{Redactor, Secret};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

/// The largest request body the recorder forwards.
const MAX_REQUEST_BODY: usize = 16 * 1024 * 1024;

/// One exchange as judged live.
#[derive(Clone, Debug)]
pub struct Judged {
    /// The method and path as sent.
    pub request_line: String,
    /// The status, or why none came.
    pub answer: Result<u16, String>,
    /// What the request is.
    pub shape: Shape,
    /// The admin's feature it belongs to.
    pub feature: Option<OktaFeature>,
    /// The checks' outcomes.
    pub outcomes: Vec<CheckOutcome>,
    /// What scimgate's own bookkeeping request was for (forwarded, neither judged nor
    /// written); `None` for everything else.
    pub bookkeeping: Option<String>,
}

impl Judged {
    /// One line for the console: `POST /Users → 201  Create Users  ✓ create-201 ✓ …`, a
    /// failure with its message.
    pub fn line(&self) -> String {
        use crate::check::Verdict;
        let answer = match &self.answer {
            Ok(s) => s.to_string(),
            Err(e) => format!("no answer ({e})"),
        };
        if let Some(purpose) = &self.bookkeeping {
            return format!(
                "{} → {answer}  scimgate's own {purpose} request: forwarded, not written",
                self.request_line
            );
        }
        let feature = self.feature.map_or("-", OktaFeature::label);
        let failed: Vec<String> = self
            .outcomes
            .iter()
            .filter(|o| matches!(o.verdict, Verdict::Fail | Verdict::Error))
            .map(|o| format!("✗ {}: {}", o.check.as_str(), o.message))
            .collect();
        let passed = self
            .outcomes
            .iter()
            .filter(|o| o.verdict == Verdict::Pass)
            .count();
        let verdict = if failed.is_empty() {
            format!("✓ {passed} check(s)")
        } else {
            failed.join("; ")
        };
        format!(
            "{} → {answer}  [{}] {feature}  {verdict}",
            self.request_line,
            self.shape.as_str()
        )
    }
}

/// Judges one forwarded call by the checks for its shape.
pub fn judge(call: &Call) -> Judged {
    let body = call
        .request
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok());
    let shape = Shape::of(call.request.method, &call.request.path, body.as_ref());
    let feature = shape.feature(&call.request.path);
    let request_line = format!("{} {}", call.request.method.as_str(), call.request.path);
    if let Some(purpose) = super::bookkeeping(&call.request) {
        return Judged {
            request_line,
            answer: call
                .response
                .as_ref()
                .map(|r| r.status)
                .map_err(|e| e.to_string()),
            shape: Shape::Other,
            feature: None,
            outcomes: Vec::new(),
            bookkeeping: Some(purpose.to_owned()),
        };
    }
    let (answer, outcomes) = match &call.response {
        Err(e) => (Err(e.to_string()), Vec::new()),
        Ok(r) => {
            let response = serde_json::from_slice(&r.body).ok();
            let specs: Vec<CheckSpec> = shape
                .expect(r.status, body.as_ref(), response.as_ref())
                .into_iter()
                .filter_map(|v| serde_json::from_value(v).ok())
                .collect();
            let outcomes = if shape == Shape::Other {
                Vec::new()
            } else {
                let kind = super::shape::resource(&call.request.path).map(|(k, _)| k);
                judge_step(
                    &specs,
                    &CheckInput {
                        calls: std::slice::from_ref(call),
                        kind,
                    },
                )
            };
            (Ok(r.status), outcomes)
        }
    };
    Judged {
        request_line,
        answer,
        shape,
        feature,
        outcomes,
        bookkeeping: None,
    }
}

/// Called with each judged exchange and the redactor its text must pass through.
pub type LiveSink = Box<dyn Fn(&Judged, &Redactor) + Send + Sync>;

/// What the proxy shares between requests.
struct Shared {
    client: Arc<HttpClient>,
    kept: Mutex<Vec<Recorded>>,
    secrets: Mutex<Vec<Secret>>,
    live: LiveSink,
}

impl Shared {
    fn redactor(&self) -> Redactor {
        let secrets = self.secrets.lock().unwrap_or_else(|e| e.into_inner());
        Redactor::new(secrets.iter())
    }

    /// Learns a bearer value Okta sent, so that no output shows it.
    fn learn(&self, authorization: Option<&str>) {
        let Some(value) = authorization else { return };
        let token = value
            .split_once(' ')
            .map_or(value, |(_, t)| t)
            .trim()
            .to_owned();
        if token.is_empty() {
            return;
        }
        let mut secrets = self.secrets.lock().unwrap_or_else(|e| e.into_inner());
        if !secrets.iter().any(|s| s.expose() == token) {
            secrets.push(Secret::new(token));
        }
    }
}

fn method(m: &axum::http::Method) -> Option<Method> {
    Some(match m.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => return None,
    })
}

fn plain(status: StatusCode, detail: &str) -> Response {
    let body = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": status.as_u16().to_string(),
        "detail": detail,
    });
    let mut r = Response::new(Body::from(body.to_string()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        axum::http::header::CONTENT_TYPE,
        HeaderValue::from_static("application/scim+json"),
    );
    r
}

async fn forward(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let at = jiff::Timestamp::now();
    let Some(m) = method(req.method()) else {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "scimgate record forwards GET, POST, PUT, PATCH and DELETE",
        );
    };
    let path = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    shared.learn(
        headers
            .iter()
            .find(|(n, _)| n == "authorization")
            .map(|(_, v)| v.as_str()),
    );
    let body = match axum::body::to_bytes(req.into_body(), MAX_REQUEST_BODY).await {
        Ok(b) if b.is_empty() => None,
        Ok(b) => Some(b.to_vec()),
        Err(_) => {
            return plain(
                StatusCode::PAYLOAD_TOO_LARGE,
                "scimgate record: the request body is larger than 16 MiB",
            );
        }
    };
    let call = shared.client.forward(m, &path, &headers, body).await;
    let judged = judge(&call);
    (shared.live)(&judged, &shared.redactor());
    let response = match &call.response {
        Ok(r) => {
            let mut out = Response::new(Body::from(r.body.clone()));
            *out.status_mut() = StatusCode::from_u16(r.status).unwrap_or(StatusCode::BAD_GATEWAY);
            for (n, v) in &r.headers {
                if let (Ok(n), Ok(v)) = (
                    HeaderName::from_bytes(n.as_bytes()),
                    HeaderValue::from_str(v),
                ) {
                    out.headers_mut().append(n, v);
                }
            }
            out
        }
        Err(e) => plain(
            StatusCode::BAD_GATEWAY,
            &format!("scimgate record could not reach the server: {e}"),
        ),
    };
    shared
        .kept
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Recorded {
            at,
            exchange: Exchange::from_call(&call),
        });
    response
}

/// TLS for the listening side (`--tls-cert`, `--tls-key`), for an Okta org that will only
/// call an https URL.
pub struct TlsFiles {
    /// The certificate chain, PEM.
    pub cert: std::path::PathBuf,
    /// Its private key, PEM.
    pub key: std::path::PathBuf,
}

impl TlsFiles {
    /// The acceptor, or a one-line error naming the file.
    fn acceptor(&self) -> Result<tokio_rustls::TlsAcceptor, String> {
        use rustls_pki_types::pem::PemObject;
        use rustls_pki_types::{CertificateDer, PrivateKeyDer};
        let cert = self.cert.display();
        let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&self.cert)
            .map_err(|e| format!("--tls-cert {cert}: {e}"))?
            .collect::<Result<_, _>>()
            .map_err(|e| format!("--tls-cert {cert}: {e}"))?;
        if chain.is_empty() {
            return Err(format!("--tls-cert {cert}: no PEM certificate in it"));
        }
        let key = PrivateKeyDer::from_pem_file(&self.key)
            .map_err(|e| format!("--tls-key {}: {e}", self.key.display()))?;
        let config = tokio_rustls::rustls::ServerConfig::builder()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| format!("--tls-cert/--tls-key: {e}"))?;
        Ok(tokio_rustls::TlsAcceptor::from(Arc::new(config)))
    }
}

/// A TCP listener that completes the TLS handshake of each connection; a failed or stalled
/// handshake (a client speaking plain HTTP, a port scanner) drops that connection only.
struct TlsListener {
    tcp: tokio::net::TcpListener,
    acceptor: tokio_rustls::TlsAcceptor,
}

impl axum::serve::Listener for TlsListener {
    type Io = tokio_rustls::server::TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Ok((tcp, addr)) = self.tcp.accept().await else {
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                continue;
            };
            let handshake = self.acceptor.accept(tcp);
            if let Ok(Ok(tls)) =
                tokio::time::timeout(std::time::Duration::from_secs(10), handshake).await
            {
                return (tls, addr);
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

/// A recorder that is listening.
pub struct RunningRecorder {
    addr: SocketAddr,
    shared: Arc<Shared>,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl RunningRecorder {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// What the run's outputs must mask: the upstream token and every bearer value seen.
    pub fn redactor(&self) -> Redactor {
        self.shared.redactor()
    }

    /// Stops listening (requests in flight finish) and hands over what was recorded, in the
    /// order the requests arrived.
    pub async fn stop(self) -> Vec<Recorded> {
        let _ = self.stop.send(());
        let _ = self.task.await;
        let mut kept =
            std::mem::take(&mut *self.shared.kept.lock().unwrap_or_else(|e| e.into_inner()));
        kept.sort_by_key(|r| r.at);
        kept
    }
}

/// Starts the recorder on `listen` (with TLS when `tls` is given), forwarding to `client`'s
/// base URL; `live` is called with each judged exchange (and the redactor its text must pass
/// through).
pub async fn start(
    listen: SocketAddr,
    client: Arc<HttpClient>,
    live: LiveSink,
    tls: Option<&TlsFiles>,
) -> Result<RunningRecorder, String> {
    let acceptor = tls.map(TlsFiles::acceptor).transpose()?;
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .map_err(|e| format!("--listen {listen}: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("--listen {listen}: {e}"))?;
    let shared = Arc::new(Shared {
        secrets: Mutex::new(client.secrets()),
        client,
        kept: Mutex::new(Vec::new()),
        live,
    });
    let app = axum::Router::new()
        .fallback(forward)
        .with_state(Arc::clone(&shared));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let stopped = async move {
        let _ = stopped.await;
    };
    let task = match acceptor {
        Some(acceptor) => tokio::spawn(async move {
            let tls = TlsListener {
                tcp: listener,
                acceptor,
            };
            axum::serve(tls, app).with_graceful_shutdown(stopped).await
        }),
        None => tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(stopped)
                .await
        }),
    };
    Ok(RunningRecorder {
        addr,
        shared,
        stop,
        task,
    })
}
