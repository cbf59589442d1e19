//! The one error type of the reference server and its SCIM Error body.
//!
//! Every failure, including rejections produced by axum itself, leaves the
//! server as an RFC 7644 §3.12 Error:
//!
//! ```json
//! {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],
//!  "status":"400","scimType":"invalidFilter","detail":"…"}
//! ```
//!
//! served as `application/scim+json`. Faults that bend this format are applied
//! later, in the response middleware, so handlers always produce the right form.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// URN of the SCIM Error message.
pub(crate) const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
/// The media type of every SCIM body.
pub(crate) const SCIM_JSON: &str = "application/scim+json";

/// RFC 7644 Table 9 keywords the server uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScimType {
    InvalidFilter,
    Uniqueness,
    Mutability,
    InvalidSyntax,
    InvalidPath,
    NoTarget,
    InvalidValue,
}

impl ScimType {
    fn keyword(self) -> &'static str {
        match self {
            ScimType::InvalidFilter => "invalidFilter",
            ScimType::Uniqueness => "uniqueness",
            ScimType::Mutability => "mutability",
            ScimType::InvalidSyntax => "invalidSyntax",
            ScimType::InvalidPath => "invalidPath",
            ScimType::NoTarget => "noTarget",
            ScimType::InvalidValue => "invalidValue",
        }
    }
}

/// A failed request, rendered as a SCIM Error.
#[derive(Debug)]
pub(crate) struct ScimError {
    pub(crate) status: StatusCode,
    pub(crate) scim_type: Option<ScimType>,
    pub(crate) detail: String,
}

impl ScimError {
    /// An error with a status and a human-readable detail.
    pub(crate) fn new(status: StatusCode, detail: impl Into<String>) -> Self {
        Self {
            status,
            scim_type: None,
            detail: detail.into(),
        }
    }

    /// A 400 with a Table 9 keyword.
    pub(crate) fn bad(scim_type: ScimType, detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::BAD_REQUEST,
            scim_type: Some(scim_type),
            detail: detail.into(),
        }
    }

    /// 404 for a resource that does not exist.
    pub(crate) fn not_found(what: &str, id: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} {id} not found"))
    }

    /// 409 for a duplicate value of a unique attribute.
    pub(crate) fn uniqueness(detail: impl Into<String>) -> Self {
        Self {
            status: StatusCode::CONFLICT,
            scim_type: Some(ScimType::Uniqueness),
            detail: detail.into(),
        }
    }

    /// The JSON body of this error.
    pub(crate) fn body(&self) -> Value {
        error_body(self.status, self.scim_type, &self.detail)
    }
}

/// Builds an Error body for any status.
pub(crate) fn error_body(status: StatusCode, scim_type: Option<ScimType>, detail: &str) -> Value {
    let mut body = json!({
        "schemas": [ERROR_URN],
        "status": status.as_u16().to_string(),
        "detail": detail,
    });
    if let (Some(t), Some(map)) = (scim_type, body.as_object_mut()) {
        map.insert("scimType".into(), Value::from(t.keyword()));
    }
    body
}

impl IntoResponse for ScimError {
    fn into_response(self) -> Response {
        scim_response(self.status, &self.body())
    }
}

/// A response with a SCIM JSON body.
pub(crate) fn scim_response(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_string_status_and_keyword() {
        let e = ScimError::bad(ScimType::InvalidFilter, "bad");
        let body = e.body();
        assert_eq!(body["status"], "400");
        assert_eq!(body["scimType"], "invalidFilter");
        assert_eq!(body["schemas"][0], ERROR_URN);
    }

    #[test]
    fn body_without_keyword_omits_scim_type() {
        let body = ScimError::not_found("User", "x").body();
        assert!(body.get("scimType").is_none());
        assert_eq!(body["status"], "404");
    }
}
