//! Our own request and response types, so checks and reports never see reqwest.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// An HTTP method a scenario may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// PATCH.
    Patch,
    /// DELETE.
    Delete,
}

impl Method {
    /// The method name as sent on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// How a request authenticates.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Auth {
    /// `Authorization: Bearer <the run's token>`.
    #[default]
    Bearer,
    /// A literal `Authorization` value chosen by the scenario (the 401 test's `non-token`).
    Literal(String),
    /// No `Authorization` header at all.
    None,
}

/// The header on scimgate's bookkeeping requests ([`RequestSpec::bookkeeping`]); its value
/// says what for (`ownership`, `cleanup`).
pub const BOOKKEEPING_HEADER: &str = "x-scimgate-bookkeeping";

/// A rendered request, ready to send: path and query relative to the base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestSpec {
    /// The method.
    pub method: Method,
    /// The path below the base URL, starting with `/` (e.g. `/Users/42`).
    pub path: String,
    /// The raw, already-encoded query string without `?` (Okta's exact encoding is kept).
    pub query: Option<String>,
    /// Extra headers from the scenario, sent after Okta's defaults (same name replaces).
    pub headers: Vec<(String, String)>,
    /// The body, sent as `application/scim+json; charset=utf-8` unless a header says otherwise.
    pub body: Option<Vec<u8>>,
    /// Authentication.
    pub auth: Auth,
}

impl RequestSpec {
    /// A request with no query, headers or body.
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: None,
            headers: Vec::new(),
            body: None,
            auth: Auth::Bearer,
        }
    }

    /// Marks a request scimgate sends for its own bookkeeping, not as Okta would: an
    /// ownership read before a delete, a search for an object by its name, a cleanup delete.
    /// The header says so in the vendor's logs, and `scimgate record` leaves such requests
    /// out of what it writes (a replay cleans up by its own `creates:` entries).
    pub fn bookkeeping(mut self, purpose: &'static str) -> Self {
        self.headers
            .push((BOOKKEEPING_HEADER.to_owned(), purpose.to_owned()));
        self
    }

    /// The path with its query, as shown in reports.
    pub fn path_and_query(&self) -> String {
        match &self.query {
            Some(q) if !q.is_empty() => format!("{}?{q}", self.path),
            _ => self.path.clone(),
        }
    }
}

/// The request as it was really sent (the `Authorization` value masked).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRequest {
    /// The method.
    pub method: Method,
    /// Path and query relative to the base URL.
    pub path: String,
    /// Headers in the order sent, names lower-case; secrets masked.
    pub headers: Vec<(String, String)>,
    /// The body as text (lossy UTF-8), if any.
    pub body: Option<String>,
}

/// A response as received: status, headers and the raw body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceivedResponse {
    /// The HTTP status code.
    pub status: u16,
    /// Headers, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body bytes (at most the configured limit).
    pub body: Vec<u8>,
    /// The body as JSON, parsed on the first [`ReceivedResponse::json`] and kept, so that
    /// the checks judging one exchange parse it once. Build with [`ReceivedResponse::new`].
    pub(crate) parsed: ParsedBody,
}

/// A response body parsed at most once (see [`ReceivedResponse::parsed`]). Two responses
/// compare by their bytes, never by this cache.
#[derive(Clone, Default)]
pub(crate) struct ParsedBody(std::sync::OnceLock<Result<serde_json::Value, String>>);

impl PartialEq for ParsedBody {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for ParsedBody {}

impl std::fmt::Debug for ParsedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ParsedBody")
    }
}

impl ReceivedResponse {
    /// The first value of a header (name compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy UTF-8).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// A response with this status, these headers (names lower-case) and this body.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> Self {
        Self {
            status,
            headers,
            body,
            parsed: ParsedBody::default(),
        }
    }

    /// The body parsed as JSON, or the parse error's message (parsed once per response).
    pub fn json(&self) -> Result<serde_json::Value, String> {
        self.json_ref().cloned().map_err(str::to_owned)
    }

    /// [`ReceivedResponse::json`] without a copy.
    pub fn json_ref(&self) -> Result<&serde_json::Value, &str> {
        self.parsed
            .0
            .get_or_init(|| {
                if self.body.iter().all(u8::is_ascii_whitespace) {
                    return Err("the body is empty".to_owned());
                }
                serde_json::from_slice(&self.body).map_err(|e| format!("the body is not JSON: {e}"))
            })
            .as_ref()
            .map_err(String::as_str)
    }

    /// The media type without parameters, lower-cased (`application/scim+json`).
    pub fn media_type(&self) -> Option<String> {
        self.header("content-type").map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
    }
}

/// Why no HTTP response could be judged. Messages never contain secrets.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "kebab-case")]
pub enum TransportError {
    /// TCP connection refused or the host could not be reached.
    #[error("could not reach the target: {0}")]
    Connect(String),
    /// No complete answer within the timeout.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// The TLS handshake failed (self-signed certificate, wrong host name, ...).
    #[error("TLS handshake failed: {0}")]
    Tls(String),
    /// The body exceeded the limit; reading stopped there.
    #[error("the response body exceeded the {0}-byte limit; reading stopped")]
    BodyTooLarge(usize),
    /// The connection broke while reading the answer.
    #[error("the connection failed while reading the answer: {0}")]
    Broken(String),
    /// The request could not be built (bad header value, bad URL).
    #[error("the request could not be built: {0}")]
    Request(String),
}

/// One request and what came back.
#[derive(Clone, Debug)]
pub struct Call {
    /// What was sent.
    pub request: SentRequest,
    /// What came back, or why nothing usable did.
    pub response: Result<ReceivedResponse, TransportError>,
    /// Wall time from send to the end of the body.
    pub elapsed: Duration,
}

#[cfg(test)]
mod tests {
    use super::ReceivedResponse;

    #[test]
    fn a_body_is_parsed_once_and_compared_by_its_bytes() {
        let r = ReceivedResponse::new(200, Vec::new(), br#"{"id": "1"}"#.to_vec());
        let (a, b) = (r.json_ref().unwrap(), r.json_ref().unwrap());
        assert!(std::ptr::eq(a, b), "the second read parsed again");
        assert_eq!(r.json().unwrap()["id"], "1");
        // A parsed response equals an unparsed one with the same bytes.
        assert_eq!(r, ReceivedResponse::new(200, Vec::new(), r.body.clone()));
        let empty = ReceivedResponse::new(204, Vec::new(), b" ".to_vec());
        assert_eq!(empty.json_ref(), Err("the body is empty"));
        let text = ReceivedResponse::new(200, Vec::new(), b"<html>".to_vec());
        assert!(text.json().unwrap_err().starts_with("the body is not JSON"));
    }
}
