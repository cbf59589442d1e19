//! The faults that bend a finished response: the outermost layer of the reference server, so
//! that everything inside it ([`super::middleware`], the handlers) is correct behaviour only.
//!
//! Each fault here changes what a correct answer looks like on the wire (a status, a header,
//! an Error body's members) or when it arrives; none changes what the server stores. A
//! response marked [`Verbatim`] (a raw page a list handler built) is left as it is, apart
//! from the slow and wrong-method faults, which act before anything is judged.

use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::error::{SCIM_JSON, error_body};
use super::fault::Fault;
use super::middleware::{Verbatim, content_type, rebuild};
use super::server::AppState;

/// The largest body a fault reads back to bend it.
const READ_LIMIT: usize = 1 << 20;

/// Applies the response faults the server was started with.
pub(crate) async fn apply(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if state.has(Fault::SlowResponses) {
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
    let response = next.run(request).await;
    if response.status() == StatusCode::METHOD_NOT_ALLOWED
        && state.has(Fault::WrongMethodAnswers200)
    {
        return StatusCode::OK.into_response();
    }
    if response.extensions().get::<Verbatim>().is_some() {
        return response;
    }
    let status = response.status();
    let (mut parts, body) = response.into_parts();
    let mut body = Some(body);
    let mut bytes: Option<Bytes> = None;
    if status == StatusCode::BAD_REQUEST && state.has(Fault::BrokenJsonAnswers500) {
        let raw = read(&mut body).await;
        let syntax = serde_json::from_slice::<Value>(&raw)
            .ok()
            .and_then(|v| v.get("scimType").cloned())
            == Some(Value::String("invalidSyntax".into()));
        bytes = Some(if syntax {
            parts.status = StatusCode::INTERNAL_SERVER_ERROR;
            Bytes::from(
                error_body(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    None,
                    "internal server error",
                )
                .to_string(),
            )
        } else {
            raw
        });
    }
    if status.is_client_error() || status.is_server_error() {
        if status == StatusCode::UNAUTHORIZED && state.has(Fault::UnauthorizedAsHtml) {
            parts
                .headers
                .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
            bytes = Some(Bytes::from_static(
                b"<html><body><h1>401 Unauthorized</h1></body></html>",
            ));
        } else if state.has(Fault::ErrorStatusAsNumber)
            || state.has(Fault::ErrorWithoutSchemas)
            || state.has(Fault::ErrorWithoutDetail)
            || state.has(Fault::ScimTypeMissing)
        {
            let raw = match bytes.take() {
                Some(b) => b,
                None => read(&mut body).await,
            };
            bytes = Some(bend_error(&state, raw));
        }
    }
    if state.has(Fault::EtagUnquoted)
        && let Some(bare) = parts
            .headers
            .get(header::ETAG)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.replace('"', ""))
        && let Ok(v) = HeaderValue::from_str(&bare)
    {
        parts.headers.insert(header::ETAG, v);
    }
    if state.has(Fault::ContentTypeJson)
        && content_type(&parts.headers).is_some_and(|c| c.starts_with(SCIM_JSON))
    {
        parts.headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
    }
    match (bytes, body) {
        (Some(bytes), _) => rebuild(parts, bytes),
        (None, Some(body)) => Response::from_parts(parts, body),
        (None, None) => rebuild(parts, Bytes::new()),
    }
}

/// The body, read once (empty when it was already taken or cannot be read).
async fn read(body: &mut Option<Body>) -> Bytes {
    match body.take() {
        Some(b) => axum::body::to_bytes(b, READ_LIMIT)
            .await
            .unwrap_or_default(),
        None => Bytes::new(),
    }
}

/// An Error body with the members the error faults remove or retype.
fn bend_error(state: &AppState, raw: Bytes) -> Bytes {
    let Ok(Value::Object(mut body)) = serde_json::from_slice::<Value>(&raw) else {
        return raw;
    };
    if state.has(Fault::ErrorWithoutSchemas) {
        body.remove("schemas");
    }
    if state.has(Fault::ScimTypeMissing) {
        body.remove("scimType");
    }
    if state.has(Fault::ErrorWithoutDetail) {
        body.remove("detail");
    }
    if state.has(Fault::ErrorStatusAsNumber) {
        let n = body
            .get("status")
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<u16>().ok());
        if let Some(n) = n {
            body.insert("status".into(), Value::from(n));
        }
    }
    Bytes::from(Value::Object(body).to_string())
}
