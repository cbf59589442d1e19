//! HTTP plumbing: authentication, body parsing and the response finisher.
//!
//! Request bodies are taken as bytes and parsed here, so a body that is not
//! JSON, too large or of a foreign media type still gets a SCIM Error (axum's
//! `Json` extractor would answer plain-text 415/422). The finisher turns every
//! non-SCIM error response (unknown route, wrong method, body limit) into an
//! RFC 7644 §3.12 Error. This is the correct behaviour only: the faults that bend
//! responses are a layer of their own, `response_faults.rs`.

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::error::{SCIM_JSON, ScimError, ScimType, error_body};
use super::fault::Fault;
use super::representation::Projection;
use super::served_type::ServedType;
use super::server::AppState;

/// Marks a response the finisher must leave exactly as it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Verbatim;

/// The `WWW-Authenticate` challenge sent with every 401.
pub(crate) const CHALLENGE: &str = "Bearer realm=\"scimgate\"";

/// Rejects requests without the configured bearer token (RFC 7644 §2).
pub(crate) async fn auth(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if state.has(Fault::AnyTokenAccepted) || authorized(request.headers(), state.token()) {
        return next.run(request).await;
    }
    let mut response =
        ScimError::new(StatusCode::UNAUTHORIZED, "missing or invalid bearer token").into_response();
    if !state.has(Fault::WwwAuthenticateMissing) {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(CHALLENGE),
        );
    }
    response
}

fn authorized(headers: &HeaderMap, token: &str) -> bool {
    let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let Some((scheme, given)) = value.trim().split_once(' ') else {
        return false;
    };
    let given = given.trim().as_bytes();
    let expected = token.as_bytes();
    // Compare without an early exit so timing does not reveal the prefix.
    scheme.eq_ignore_ascii_case("bearer")
        && given.len() == expected.len()
        && given
            .iter()
            .zip(expected)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// SCIM-shapes every error: a non-SCIM error response (unknown route, wrong method, body
/// limit) becomes an RFC 7644 §3.12 Error. The response faults act outside it
/// ([`super::response_faults`]).
pub(crate) async fn finish(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let response = next.run(request).await;
    if response.extensions().get::<Verbatim>().is_some() {
        return response;
    }
    let status = response.status();
    let is_scim = content_type(response.headers()).is_some_and(|c| c.starts_with(SCIM_JSON));
    if !(status.is_client_error() || status.is_server_error()) || is_scim {
        return response;
    }
    let detail = match status {
        StatusCode::NOT_FOUND => "no such endpoint".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed on this endpoint".to_owned(),
        StatusCode::PAYLOAD_TOO_LARGE => {
            format!(
                "the request body exceeds maxPayloadSize ({} bytes)",
                state.body_limit()
            )
        }
        other => other.canonical_reason().unwrap_or("error").to_owned(),
    };
    let (mut parts, _) = response.into_parts();
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
    rebuild(
        parts,
        Bytes::from(error_body(status, None, &detail).to_string()),
    )
}

/// A response with this body, its old length dropped.
pub(crate) fn rebuild(mut parts: axum::http::response::Parts, bytes: Bytes) -> Response {
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}

pub(crate) fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_ascii_lowercase())
}

/// Parses a request body as a JSON object (RFC 7644 §3.8).
///
/// Accepted media types: `application/scim+json`, `application/json`, any other
/// `…/…+json`, with or without parameters, and a missing Content-Type.
pub(crate) fn json_body(headers: &HeaderMap, bytes: &Bytes) -> Result<Value, ScimError> {
    if let Some(ct) = content_type(headers) {
        let essence = ct.split(';').next().unwrap_or_default().trim().to_owned();
        let json =
            essence == "application/json" || essence == "text/json" || essence.ends_with("+json");
        if !json {
            return Err(ScimError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("unsupported media type {essence:?}; send application/scim+json"),
            ));
        }
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ScimError::bad(
            ScimType::InvalidSyntax,
            "the request body is empty",
        ));
    }
    let value: Value = serde_json::from_slice(bytes).map_err(|e| {
        ScimError::bad(
            ScimType::InvalidSyntax,
            format!("the request body is not valid JSON: {e}"),
        )
    })?;
    if !value.is_object() {
        return Err(ScimError::bad(
            ScimType::InvalidSyntax,
            "the request body must be a JSON object",
        ));
    }
    Ok(value)
}

/// Whether an `If-Match`/`If-None-Match` header matches `etag` (weak comparison).
pub(crate) fn etag_matches(header: &str, etag: &str) -> bool {
    let bare = |s: &str| s.trim().trim_start_matches("W/").to_owned();
    header
        .split(',')
        .any(|candidate| candidate.trim() == "*" || bare(candidate) == bare(etag))
}

/// Fails with 412 when an `If-Match` value (the header, or a bulk operation's `version`) is
/// present and stale (RFC 7644 §3.14).
pub(crate) fn check_version(if_match: Option<&str>, etag: &str) -> Result<(), ScimError> {
    match if_match {
        Some(h) if !etag_matches(h, etag) => Err(ScimError::new(
            StatusCode::PRECONDITION_FAILED,
            format!("resource has changed; current version is {etag}"),
        )),
        _ => Ok(()),
    }
}

/// A SCIM JSON response with optional ETag and Location headers; a body with
/// `meta.location` also gets the equal `Content-Location` (RFC 7643 §3.1).
pub(crate) fn resource_response(
    status: StatusCode,
    body: &Value,
    etag: Option<&str>,
    location: Option<&str>,
) -> Response {
    let mut response = super::error::scim_response(status, body);
    let headers = response.headers_mut();
    let content_location = body.pointer("/meta/location").and_then(Value::as_str);
    let pairs = [
        (header::ETAG, etag),
        (header::LOCATION, location),
        (header::CONTENT_LOCATION, content_location),
    ];
    for (name, value) in pairs {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(name, v);
        }
    }
    response
}

/// The outcome of a write, before it becomes an HTTP answer: `/Bulk` reports it as one
/// operation's result, the resource handlers as the whole response.
#[derive(Debug)]
pub(crate) struct Written {
    /// The status a single request would get.
    pub(crate) status: StatusCode,
    /// The resource's id.
    pub(crate) id: String,
    /// The full representation (no projection applied), if the answer carries one.
    pub(crate) body: Option<Value>,
    /// The new ETag, if the resource still exists.
    pub(crate) etag: Option<String>,
    /// Whether the answer names the resource's location.
    pub(crate) located: bool,
}

impl Written {
    pub(crate) fn response(
        self,
        state: &AppState,
        kind: ServedType,
        projection: &Projection,
    ) -> Response {
        let Some(body) = self.body else {
            return self.status.into_response();
        };
        let location = self
            .located
            .then(|| state.render_cx().location(kind, &self.id));
        resource_response(
            self.status,
            &projection.apply(kind, body),
            self.etag.as_deref(),
            location.as_deref(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_compare_weakly_and_in_lists() {
        assert!(etag_matches("W/\"3\"", "W/\"3\""));
        assert!(etag_matches("\"1\", W/\"3\"", "W/\"3\""));
        assert!(etag_matches("*", "W/\"9\""));
        assert!(!etag_matches("W/\"2\"", "W/\"3\""));
    }

    #[test]
    fn bearer_scheme_is_case_insensitive_and_token_exact() {
        let mut h = HeaderMap::new();
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("bearer abc"),
        );
        assert!(authorized(&h, "abc"));
        assert!(!authorized(&h, "abcd"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert!(!authorized(&h, "abc"));
    }
}
