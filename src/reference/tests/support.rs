//! A socket-free client for the reference server used by every test module.

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::reference::{AppState, Fault, ServeOptions, app};

/// Base URL the in-process server builds its locations on.
pub(super) const BASE: &str = "http://localhost/scim/v2";
/// The token every test app accepts.
pub(super) const TOKEN: &str = "test-token";

/// One answer, with the body parsed when it is JSON.
#[derive(Debug)]
pub(super) struct Reply {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) text: String,
    pub(super) json: Value,
}

impl Reply {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Whether this is a well-formed SCIM Error with the HTTP status as a string.
    pub(super) fn is_scim_error(&self) -> bool {
        self.header("content-type") == Some("application/scim+json")
            && self.json["schemas"] == json!(["urn:ietf:params:scim:api:messages:2.0:Error"])
            && self.json["status"] == json!(self.status.as_str())
    }
}

/// The router plus helpers for common requests.
pub(super) struct TestApp {
    router: Router,
}

impl TestApp {
    pub(super) fn new() -> Self {
        Self::with_faults(&[])
    }

    pub(super) fn with_faults(faults: &[Fault]) -> Self {
        let options = ServeOptions {
            token: Some(TOKEN.into()),
            faults: faults.to_vec(),
            body_limit: 64 * 1024,
            ..ServeOptions::default()
        };
        Self {
            router: app(AppState::new(&options, BASE)),
        }
    }

    /// Sends a request with the right token and `application/scim+json` body.
    pub(super) async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut builder = Request::builder()
            .method(method)
            .uri(format!("/scim/v2{path}"))
            .header("authorization", format!("Bearer {TOKEN}"));
        if body.is_some() {
            builder = builder.header("content-type", "application/scim+json; charset=utf-8");
        }
        let body = body
            .map(|b| Body::from(b.to_string()))
            .unwrap_or_else(Body::empty);
        self.send(builder.body(body).expect("valid request")).await
    }

    /// Sends any request as given.
    pub(super) async fn send(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("infallible service");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("body");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            text,
            json,
        }
    }

    pub(super) async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub(super) async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }

    pub(super) async fn put(&self, path: &str, body: Value) -> Reply {
        self.call(Method::PUT, path, Some(body)).await
    }

    pub(super) async fn patch(&self, path: &str, ops: Value) -> Reply {
        let body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": ops});
        self.call(Method::PATCH, path, Some(body)).await
    }

    pub(super) async fn delete(&self, path: &str) -> Reply {
        self.call(Method::DELETE, path, None).await
    }

    /// Creates a user the way Okta does and returns its id.
    pub(super) async fn user(&self, user_name: &str) -> String {
        let reply = self.post("/Users", okta_user(user_name)).await;
        reply.json["id"].as_str().unwrap_or_default().to_owned()
    }

    /// Creates a group with the given member ids and returns its id.
    pub(super) async fn group(&self, name: &str, members: &[&str]) -> String {
        let members: Vec<Value> = members.iter().map(|m| json!({"value": m})).collect();
        let reply = self
            .post("/Groups", json!({"displayName": name, "members": members}))
            .await;
        reply.json["id"].as_str().unwrap_or_default().to_owned()
    }
}

/// The create body Okta sends (okta-traffic R3).
pub(super) fn okta_user(user_name: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "name": {"givenName": "Test", "familyName": "User"},
        "emails": [{"primary": true, "value": user_name, "type": "work"}],
        "displayName": "Test User",
        "locale": "en-US",
        "externalId": "00ujl29u0le5T6Aj10h7",
        "groups": [],
        "password": "1mz050nq",
        "active": true
    })
}

/// The userNames of a ListResponse page, in order.
pub(super) fn names(reply: &Reply) -> Vec<String> {
    reply.json["Resources"]
        .as_array()
        .map(|rs| {
            rs.iter()
                .filter_map(|r| {
                    r["userName"]
                        .as_str()
                        .or(r["displayName"].as_str())
                        .map(str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default()
}
