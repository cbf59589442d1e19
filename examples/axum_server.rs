//! A small SCIM 2.0 Users server in axum, and the test a server author writes for it with
//! scimgate's library front door (`cargo test --example axum_server`; `cargo test` runs it
//! too, `test = true` in Cargo.toml).
//!
//! The server is what a vendor starting out might have: users in memory, `userName eq`
//! filters, paging, create with 409 on a duplicate, read, replace, PATCH (Okta's
//! deactivation), delete, and SCIM errors. It supports Okta's Create Users, Update User
//! Attributes and Deactivate Users, not groups; the test declares exactly those features, so
//! the Push Groups checks are reported and never fail it.
//!
//! `cargo run --example axum_server` serves it on 127.0.0.1:3000 (token `example-token`), for
//! `scimgate run --base-url http://127.0.0.1:3000/scim/v2 --token example-token`.

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// The users, by id, and the base URL that `Location` and `meta.location` name.
#[derive(Clone)]
struct Store {
    users: Arc<Mutex<BTreeMap<String, Value>>>,
    base: String,
    token: String,
}

/// A SCIM response: JSON with the SCIM media type.
fn scim(status: StatusCode, body: Value) -> Response {
    let mut r = (status, Json(body)).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/scim+json"),
    );
    r
}

fn error(status: StatusCode, scim_type: Option<&str>, detail: &str) -> Response {
    let mut body = json!({"schemas": [ERROR], "status": status.as_str(), "detail": detail});
    if let Some(t) = scim_type {
        body["scimType"] = json!(t);
    }
    scim(status, body)
}

/// Bearer-token authentication: anything else is a 401 SCIM Error.
async fn auth(State(s): State<Store>, req: Request, next: Next) -> Response {
    let ok = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|t| t == s.token);
    if !ok {
        let mut r = error(
            StatusCode::UNAUTHORIZED,
            None,
            "missing or invalid bearer token",
        );
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static("Bearer realm=\"example\""),
        );
        return r;
    }
    next.run(req).await
}

/// The stored user as answered: never its password.
fn shown(user: &Value) -> Value {
    let mut u = user.clone();
    if let Some(o) = u.as_object_mut() {
        o.remove("password");
    }
    u
}

/// `userName eq "…"` (the only filter Okta sends): whether the user matches; `None` for any
/// other filter, which the server refuses as invalid.
fn matches_filter(filter: &str, user: &Value) -> Option<bool> {
    let parts: Vec<&str> = filter.splitn(3, ' ').collect();
    match parts.as_slice() {
        [attr, op, value]
            if attr.eq_ignore_ascii_case("userName") && op.eq_ignore_ascii_case("eq") =>
        {
            let wanted = value.trim_matches('"');
            Some(
                user["userName"]
                    .as_str()
                    .is_some_and(|u| u.eq_ignore_ascii_case(wanted)),
            )
        }
        _ => None,
    }
}

async fn list(State(s): State<Store>, Query(q): Query<HashMap<String, String>>) -> Response {
    let users = s.users.lock().unwrap();
    let mut found = Vec::new();
    for u in users.values() {
        match q.get("filter") {
            Some(f) => match matches_filter(f, u) {
                Some(true) => found.push(shown(u)),
                Some(false) => {}
                None => {
                    return error(
                        StatusCode::BAD_REQUEST,
                        Some("invalidFilter"),
                        "only userName eq \"…\" filters are supported",
                    );
                }
            },
            None => found.push(shown(u)),
        }
    }
    let start = q
        .get("startIndex")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let count = q
        .get("count")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(100);
    let total = found.len();
    let page: Vec<Value> = found.into_iter().skip(start - 1).take(count).collect();
    scim(
        StatusCode::OK,
        json!({
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": page.len(),
            "Resources": page,
        }),
    )
}

/// Stamps `id` and `meta` on a user body, keeping only what the schema allows a client to set.
fn stored(s: &Store, id: &str, mut body: Value, created: Option<&Value>) -> Value {
    let now = jiff::Timestamp::now().to_string();
    let o = body.as_object_mut().expect("checked to be an object");
    o.remove("groups"); // readOnly: the server says which groups a user is in
    o.insert("id".into(), json!(id));
    o.insert("schemas".into(), json!([USER]));
    o.entry("active").or_insert(json!(true));
    o.insert(
        "meta".into(),
        json!({
            "resourceType": "User",
            "created": created.map_or(json!(now), |c| c["meta"]["created"].clone()),
            "lastModified": now,
            "location": format!("{}/Users/{id}", s.base),
        }),
    );
    body
}

async fn create(State(s): State<Store>, Json(body): Json<Value>) -> Response {
    let Some(user_name) = body.get("userName").and_then(Value::as_str) else {
        return error(
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            "userName is required",
        );
    };
    let mut users = s.users.lock().unwrap();
    if users.values().any(|u| {
        u["userName"]
            .as_str()
            .is_some_and(|n| n.eq_ignore_ascii_case(user_name))
    }) {
        return error(
            StatusCode::CONFLICT,
            Some("uniqueness"),
            &format!("userName {user_name} is taken"),
        );
    }
    let id = uuid::Uuid::new_v4().to_string();
    let user = stored(&s, &id, body, None);
    users.insert(id.clone(), user.clone());
    let mut r = scim(StatusCode::CREATED, shown(&user));
    if let Ok(v) = HeaderValue::from_str(&format!("{}/Users/{id}", s.base)) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn not_found(id: &str) -> Response {
    error(StatusCode::NOT_FOUND, None, &format!("User {id} not found"))
}

async fn read(State(s): State<Store>, Path(id): Path<String>) -> Response {
    match s.users.lock().unwrap().get(&id) {
        Some(u) => scim(StatusCode::OK, shown(u)),
        None => not_found(&id),
    }
}

async fn replace(
    State(s): State<Store>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    let mut users = s.users.lock().unwrap();
    let Some(old) = users.get(&id).cloned() else {
        return not_found(&id);
    };
    if !body.is_object() || body.get("userName").and_then(Value::as_str).is_none() {
        return error(
            StatusCode::BAD_REQUEST,
            Some("invalidValue"),
            "userName is required",
        );
    }
    let mut body = body;
    if body.get("password").is_none()
        && let Some(p) = old.get("password")
    {
        body["password"] = p.clone();
    }
    let user = stored(&s, &id, body, Some(&old));
    users.insert(id, user.clone());
    scim(StatusCode::OK, shown(&user))
}

/// PATCH: `replace` and `add` with a simple path or none (a map of attributes), as Okta
/// sends them; anything else is refused.
async fn patch(
    State(s): State<Store>,
    Path(id): Path<String>,
    Json(body): Json<Value>,
) -> Response {
    let mut users = s.users.lock().unwrap();
    let Some(mut user) = users.get(&id).cloned() else {
        return not_found(&id);
    };
    let ops = body["Operations"].as_array().cloned().unwrap_or_default();
    for op in ops {
        let kind = op["op"].as_str().unwrap_or("").to_ascii_lowercase();
        if kind != "replace" && kind != "add" {
            return error(
                StatusCode::BAD_REQUEST,
                Some("invalidSyntax"),
                "only add and replace are supported",
            );
        }
        match (op.get("path").and_then(Value::as_str), op.get("value")) {
            (None, Some(Value::Object(values))) => {
                for (k, v) in values {
                    user[k.as_str()] = v.clone();
                }
            }
            (Some(path), Some(v)) if !path.contains(['.', '[']) => user[path] = v.clone(),
            _ => {
                return error(
                    StatusCode::BAD_REQUEST,
                    Some("invalidPath"),
                    "unsupported PATCH path",
                );
            }
        }
    }
    let old = users.get(&id).cloned();
    let user = stored(&s, &id, user, old.as_ref());
    users.insert(id, user.clone());
    scim(StatusCode::OK, shown(&user))
}

async fn delete(State(s): State<Store>, Path(id): Path<String>) -> Response {
    match s.users.lock().unwrap().remove(&id) {
        Some(_) => StatusCode::NO_CONTENT.into_response(),
        None => not_found(&id),
    }
}

/// Anything else under the base URL (groups, discovery): a SCIM 404.
async fn unknown() -> Response {
    error(StatusCode::NOT_FOUND, None, "not supported by this server")
}

/// The app: SCIM under `/scim/v2`, behind the bearer token.
fn app(base: String, token: &str) -> Router {
    let store = Store {
        users: Arc::default(),
        base,
        token: token.to_owned(),
    };
    let scim = Router::new()
        .route("/Users", get(list).post(create))
        .route(
            "/Users/{id}",
            get(read).put(replace).patch(patch).delete(delete),
        )
        .fallback(unknown)
        .layer(middleware::from_fn_with_state(store.clone(), auth))
        .with_state(store);
    Router::new().nest("/scim/v2", scim)
}

/// Serves the app on a port of `addr`; answers its base URL.
async fn serve(addr: &str, token: &str) -> String {
    let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
    let base = format!("http://{}/scim/v2", listener.local_addr().expect("addr"));
    let router = app(base.clone(), token);
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

#[tokio::main]
async fn main() {
    let base = serve("127.0.0.1:3000", "example-token").await;
    println!("SCIM base URL {base}, token example-token; Ctrl-C stops");
    let _ = tokio::signal::ctrl_c().await;
}

#[cfg(test)]
mod tests {
    use scimgate::{Conformance, OktaFeature};

    /// What a server author writes: the server on a random port, the Okta profile against it
    /// with the features the integration enables.
    #[tokio::test(flavor = "multi_thread")]
    async fn okta_can_provision_users() {
        let base = super::serve("127.0.0.1:0", "test-token").await;
        Conformance::okta(&base, "test-token")
            .features(&[
                OktaFeature::CreateUsers,
                OktaFeature::UpdateUserAttributes,
                OktaFeature::DeactivateUsers,
            ])
            .run()
            .await
            .expect("scimgate could test the server")
            .assert_conformant();
    }

    /// And the assertion is a real one: against a server that answers creates with 200 (the
    /// reference server with one fault), it fails with a line naming scenario, step and check.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_broken_server_fails_with_one_line_per_failure() {
        use scimgate::reference::{Fault, ServeOptions, spawn};
        let server = spawn(ServeOptions {
            faults: vec![Fault::CreateAnswers200],
            ..ServeOptions::default()
        })
        .await
        .expect("the reference server starts");
        let outcome = Conformance::okta(server.base_url(), server.token())
            .scenarios(&["okta/f03-create-user"])
            .run()
            .await
            .expect("scimgate could test the server");
        assert_eq!(outcome.exit_code(), 1);
        let failures = outcome.failures();
        assert!(
            failures
                .iter()
                .any(|f| f.starts_with("okta/f03-create-user › create › create-201: ")),
            "{failures:?}"
        );
        let panic =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| outcome.assert_conformant()))
                .expect_err("assert_conformant panics");
        let message = panic.downcast_ref::<String>().expect("a message");
        assert!(message.contains("› create-201: "), "{message}");
        assert!(!message.contains(server.token()), "{message}");
    }

    /// A server that cannot be reached is "could not test" (exit 3), not a non-conformance.
    #[tokio::test(flavor = "multi_thread")]
    async fn an_unreachable_server_could_not_be_tested() {
        let outcome = Conformance::okta("http://127.0.0.1:9/scim/v2", "t")
            .run()
            .await
            .expect("scimgate ran");
        assert_eq!(outcome.exit_code(), 3, "{:?}", outcome.failures());
        assert!(outcome.failures()[0].starts_with("could not test: "));
    }
}
