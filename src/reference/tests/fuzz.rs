//! Bounded property test: random filters, PATCH paths and bodies never crash
//! or hang the server, never produce a 5xx, and every 4xx is a SCIM Error.
//!
//! Kept to a few hundred cases so it runs in seconds; inputs are built from
//! grammar fragments (to reach deep into the parser and evaluator) mixed with
//! arbitrary text.

use std::time::Duration;

use axum::http::Method;
use proptest::prelude::*;
use serde_json::{Map, Value, json};

use super::support::{Reply, TestApp, okta_user};

const FRAGMENTS: &[&str] = &[
    "userName",
    "name.givenName",
    "emails",
    "emails.value",
    "active",
    "meta.created",
    "id",
    "members",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
    "x",
    " eq ",
    " ne ",
    " co ",
    " sw ",
    " ew ",
    " gt ",
    " ge ",
    " lt ",
    " le ",
    " pr",
    " EQ ",
    " regex ",
    "\"a\"",
    "1",
    "true",
    "null",
    "\"\\u0000\"",
    "1e999",
    "-0.5",
    "\"ü\"",
    " and ",
    " or ",
    "not (",
    "not(",
    "(",
    ")",
    "[",
    "]",
    ".",
    " ",
    "\"",
    "type eq \"work\"",
    "value",
    ":",
];

fn fragments() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(prop::sample::select(FRAGMENTS), 1..12).prop_map(|v| v.concat()),
        1 => ".{0,40}",
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "userName",
        "UserName",
        "name",
        "givenName",
        "emails",
        "value",
        "type",
        "primary",
        "active",
        "id",
        "meta",
        "groups",
        "members",
        "displayName",
        "password",
        "schemas",
        "display",
        "$ref",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
        "manager",
        "other",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        "[a-zA-Z ]{0,8}".prop_map(Value::from),
        Just(Value::from("False")),
    ];
    leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::vec((keys.clone(), inner), 0..5).prop_map(|kv| Value::Object(
                kv.into_iter()
                    .map(|(k, v)| (k.to_owned(), v))
                    .collect::<Map<_, _>>()
            )),
        ]
    })
}

fn check(reply: &Reply, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        reply.status.as_u16() < 500,
        "{what}: {} {}",
        reply.status,
        reply.text
    );
    if reply.status.is_client_error() {
        prop_assert!(
            reply.is_scim_error(),
            "{what}: {} {}",
            reply.status,
            reply.text
        );
    }
    Ok(())
}

/// Awaits `fut` with a 5 s deadline and checks the answer.
async fn answered(what: &str, fut: impl Future<Output = Reply>) -> Result<(), TestCaseError> {
    match tokio::time::timeout(Duration::from_secs(5), fut).await {
        Ok(reply) => check(&reply, what),
        Err(_) => Err(TestCaseError::fail(format!("{what}: no answer within 5 s"))),
    }
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_requests_get_scim_answers(
        filter in fragments(),
        path in fragments(),
        op in prop::sample::select(vec!["add", "remove", "replace", "Replace", "bogus"]),
        value in json_value(),
        body in json_value(),
        start in any::<i64>(),
        count in any::<i64>(),
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().expect("runtime");
        runtime.block_on(async {
            let app = TestApp::new();
            let id = app.user("fuzz").await;
            let group = app.group("G", &[&id]).await;
            let query = format!("filter={}&startIndex={start}&count={count}", encode(&filter));
            answered("GET filter", app.get(&format!("/Users?{query}"))).await?;
            answered("search", app.post("/Groups/.search", json!({"filter": filter}))).await?;
            for target in [format!("/Users/{id}"), format!("/Groups/{group}")] {
                let ops = json!([{"op": op, "path": path, "value": value}, {"op": op, "value": value}]);
                answered("PATCH", app.patch(&target, ops)).await?;
                answered("PUT", app.call(Method::PUT, &target, Some(body.clone()))).await?;
                answered("PATCH body", app.call(Method::PATCH, &target, Some(body.clone()))).await?;
                answered("PATCH ops", app.patch(&target, json!([value, body]))).await?;
            }
            answered("POST", app.post("/Users", body.clone())).await?;
            let mut merged = okta_user("fuzz2");
            if let (Some(m), Value::Object(extra)) = (merged.as_object_mut(), &body) {
                m.extend(extra.clone());
            }
            answered("POST merged", app.post("/Users", merged)).await?;
            answered("sort", app.get(&format!("/Users?sortBy={}&attributes={}", encode(&path), encode(&filter)))).await
        })?;
    }
}
