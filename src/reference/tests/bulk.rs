//! `POST /Bulk`: forward references, failOnErrors, the limits, versions and cycles.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::support::{Reply, TestApp, okta_user};

async fn bulk(app: &TestApp, extra: Value, ops: Value) -> Reply {
    let mut body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": ops});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    app.post("/Bulk", body).await
}

fn id_of(result: &Value) -> String {
    result["location"]
        .as_str()
        .and_then(|l| l.rsplit('/').next())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn a_group_referencing_a_later_user_gets_the_users_id() {
    let app = TestApp::new();
    let ops = json!([
        {"method": "POST", "path": "/Groups", "bulkId": "g", "data": {"displayName": "Team", "members": [{"value": "bulkId:u", "type": "User"}]}},
        {"method": "POST", "path": "/Users", "bulkId": "u", "data": okta_user("ann")},
    ]);
    let r = bulk(&app, json!({}), ops).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json["schemas"],
        json!(["urn:ietf:params:scim:api:messages:2.0:BulkResponse"])
    );
    let results = &r.json["Operations"];
    assert_eq!(results[0]["bulkId"], "g");
    assert_eq!(results[0]["status"], "201");
    assert_eq!(results[1]["method"], "POST");
    assert!(results[1]["version"].is_string());
    let group = app.get(&format!("/Groups/{}", id_of(&results[0]))).await;
    assert_eq!(group.json["members"][0]["value"], json!(id_of(&results[1])));
}

#[tokio::test]
async fn processing_stops_once_fail_on_errors_is_reached() {
    let app = TestApp::new();
    let ops = json!([
        {"method": "PATCH", "path": "/Users/nope", "data": {"Operations": [{"op": "replace", "path": "title", "value": "x"}]}},
        {"method": "DELETE", "path": "/Users/nope"},
        {"method": "POST", "path": "/Users", "bulkId": "late", "data": okta_user("late")},
    ]);
    let r = bulk(&app, json!({"failOnErrors": 2}), ops.clone()).await;
    let results = r.json["Operations"].as_array().cloned().unwrap_or_default();
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[1]["status"], "404");
    assert_eq!(results[1]["response"]["status"], "404");
    assert_eq!(
        results[1]["location"],
        "http://localhost/scim/v2/Users/nope"
    );
    assert_eq!(app.get("/Users").await.json["totalResults"], 0);
    let all = bulk(&app, json!({}), ops).await;
    assert_eq!(all.json["Operations"].as_array().map(Vec::len), Some(3));
    assert_eq!(all.json["Operations"][2]["status"], "201");
}

#[tokio::test]
async fn too_many_operations_answer_413_naming_the_limit() {
    let app = TestApp::new();
    let ops: Vec<Value> = (0..101)
        .map(|i| json!({"method": "DELETE", "path": format!("/Users/x{i}")}))
        .collect();
    let r = bulk(&app, json!({}), Value::from(ops)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.is_scim_error());
    assert!(
        r.json["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("maxOperations (100)")
    );
    let spc = app.get("/ServiceProviderConfig").await;
    assert_eq!(spc.json["bulk"]["supported"], true);
    assert_eq!(spc.json["bulk"]["maxOperations"], 100);
}

#[tokio::test]
async fn a_stale_version_fails_the_operation_with_412() {
    let app = TestApp::new();
    let id = app.user("v").await;
    let ops = json!([
        {"method": "PUT", "path": format!("/Users/{id}"), "version": "W/\"99\"", "data": okta_user("v")},
        {"method": "DELETE", "path": format!("/Users/{id}"), "version": "W/\"1\""},
    ]);
    let r = bulk(&app, json!({}), ops).await;
    assert_eq!(r.json["Operations"][0]["status"], "412");
    assert_eq!(r.json["Operations"][1]["status"], "204");
}

#[tokio::test]
async fn circular_references_and_bad_operations_fail_alone() {
    let app = TestApp::new();
    let ops = json!([
        {"method": "POST", "path": "/Groups", "bulkId": "a", "data": {"displayName": "A", "members": [{"value": "bulkId:b"}]}},
        {"method": "POST", "path": "/Groups", "bulkId": "b", "data": {"displayName": "B", "members": [{"value": "bulkId:a"}]}},
        {"method": "POST", "path": "/Users", "data": okta_user("no-bulk-id")},
        {"method": "GET", "path": "/Users"},
        {"method": "POST", "path": "/Users", "bulkId": "u", "data": okta_user("first")},
        {"method": "POST", "path": "/Users", "bulkId": "u", "data": okta_user("second")},
    ]);
    let r = bulk(&app, json!({}), ops).await;
    let statuses: Vec<&str> = r.json["Operations"]
        .as_array()
        .map(|a| a.iter().filter_map(|o| o["status"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(statuses, ["409", "409", "400", "400", "201", "400"]);
    assert!(r.json["Operations"][0].get("location").is_none());
    assert_eq!(app.get("/Groups").await.json["totalResults"], 0);
}

#[tokio::test]
async fn a_body_over_max_payload_size_answers_413_naming_it() {
    let app = TestApp::new();
    let padding = "x".repeat(70 * 1024);
    let ops = json!([{"method": "DELETE", "path": "/Users/x", "data": {"padding": padding}}]);
    let r = bulk(&app, json!({}), ops).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.is_scim_error());
    assert!(
        r.json["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("maxPayloadSize (65536)")
    );
}
