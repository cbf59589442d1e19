//! Request-side media-type faults (RFC 7644 §3.8), kept out of the handlers.
//!
//! The correct server ignores `Accept` (it only speaks `application/scim+json`, which every
//! JSON-accepting client takes) and accepts any JSON `Content-Type` (see
//! [`super::middleware::json_body`]). This layer exists for the faults that make the server picky:
//! refusing `Accept: application/json`, refusing a request that names no format, and refusing a
//! body labelled `application/json`.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ScimError;
use super::fault::Fault;
use super::server::AppState;

/// Refuses what the switched-on media-type faults say; passes everything else through.
pub(crate) async fn negotiate(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let accept = essences(headers, header::ACCEPT);
    let names_json_only = !accept.is_empty() && accept.iter().all(|m| m == "application/json");
    let names_nothing = accept.is_empty() || accept.iter().all(|m| m == "*/*");
    if (state.has(Fault::AcceptJsonRefused) && names_json_only)
        || (state.has(Fault::AcceptAnyRefused) && names_nothing)
    {
        return ScimError::new(
            StatusCode::NOT_ACCEPTABLE,
            "only Accept: application/scim+json is served",
        )
        .into_response();
    }
    let plain_json = essences(headers, header::CONTENT_TYPE)
        .first()
        .is_some_and(|c| c == "application/json");
    if state.has(Fault::JsonContentTypeRefused) && plain_json {
        return ScimError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "request bodies must be application/scim+json",
        )
        .into_response();
    }
    next.run(request).await
}

/// The media types of a header, lower-cased, without parameters.
fn essences(headers: &HeaderMap, name: header::HeaderName) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|m| {
            m.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|m| !m.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn essences_drop_parameters_and_split_lists() {
        let mut h = HeaderMap::new();
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/scim+json; q=1, Application/JSON;q=0.5"),
        );
        assert_eq!(
            essences(&h, header::ACCEPT),
            ["application/scim+json", "application/json"]
        );
        assert!(essences(&h, header::CONTENT_TYPE).is_empty());
    }
}
