//! PATCH in every form Okta and Microsoft Entra send, plus the RFC rules on
//! atomicity, mutability and unmatched filters.

use axum::http::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use super::support::{TestApp, okta_user};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async fn user_with_emails(app: &TestApp) -> String {
    let mut body = okta_user("pat@example.com");
    body["emails"] = json!([{"value": "pat@example.com", "type": "work", "primary": true},
                            {"value": "pat@home.org", "type": "home"}]);
    app.post("/Users", body).await.json["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[rstest]
#[case::okta_deactivate(json!([{"op": "replace", "value": {"active": false}}]), "/active", json!(false))]
#[case::entra_string_boolean(json!([{"op": "Replace", "path": "active", "value": "False"}]), "/active", json!(false))]
#[case::upper_case_op(json!([{"op": "REPLACE", "path": "title", "value": "Boss"}]), "/title", json!("Boss"))]
#[case::entra_dotted_keys(json!([{"op": "replace", "value": {"name.givenName": "Gina", "displayName": "G"}}]), "/name/givenName", json!("Gina"))]
#[case::entra_value_path_key(json!([{"op": "replace", "value": {"emails[type eq \"work\"].value": "w@example.com"}}]), "/emails/0/value", json!("w@example.com"))]
#[case::entra_extension_key(json!([{"op": "add", "value": {"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber": "42"}}]), "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber", json!("42"))]
#[case::extension_path(json!([{"op": "add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "value": "Ops"}]), "/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department", json!("Ops"))]
#[case::sub_attribute_path(json!([{"op": "replace", "path": "name.familyName", "value": "Doe"}]), "/name/familyName", json!("Doe"))]
#[case::complex_merge(json!([{"op": "replace", "path": "name", "value": {"middleName": "M"}}]), "/name/givenName", json!("Test"))]
#[case::value_path_sub(json!([{"op": "replace", "path": "emails[type eq \"work\"].value", "value": "new@example.com"}]), "/emails/0/value", json!("new@example.com"))]
#[case::value_path_add_creates(json!([{"op": "add", "path": "phoneNumbers[type eq \"work\"].value", "value": "+1 555"}]), "/phoneNumbers", json!([{"type": "work", "value": "+1 555"}]))]
#[case::remove_filtered(json!([{"op": "remove", "path": "emails[type eq \"home\"]"}]), "/emails", json!([{"value": "pat@example.com", "type": "work", "primary": true}]))]
#[case::remove_single(json!([{"op": "remove", "path": "displayName"}]), "/displayName", Value::Null)]
#[case::add_multi_appends(json!([{"op": "add", "path": "emails", "value": [{"value": "x@y.z", "type": "other"}]}]), "/emails/2/value", json!("x@y.z"))]
#[case::replace_multi(json!([{"op": "replace", "path": "emails", "value": [{"value": "only@y.z"}]}]), "/emails", json!([{"value": "only@y.z"}]))]
#[case::primary_moves(json!([{"op": "add", "path": "emails", "value": [{"value": "p@y.z", "primary": true}]}]), "/emails/0/primary", json!(false))]
#[case::password_accepted_never_returned(json!([{"op": "replace", "value": {"password": "n3w"}}]), "/password", Value::Null)]
#[case::unchanged_read_only_id_ignored(json!([{"op": "replace", "value": {"id": "SELF", "title": "T"}}]), "/title", json!("T"))]
#[case::ops_apply_in_order(json!([{"op": "add", "path": "title", "value": "A"}, {"op": "replace", "path": "title", "value": "B"}]), "/title", json!("B"))]
#[tokio::test]
async fn user_patch_forms(#[case] ops: Value, #[case] pointer: &str, #[case] expected: Value) {
    let app = TestApp::new();
    let id = user_with_emails(&app).await;
    let ops: Value =
        serde_json::from_str(&ops.to_string().replace("SELF", &id)).unwrap_or_default();
    let reply = app.patch(&format!("/Users/{id}"), ops).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        reply.json.pointer(pointer).cloned().unwrap_or(Value::Null),
        expected,
        "{}",
        reply.json
    );
    let stored = app.get(&format!("/Users/{id}")).await.json;
    assert_eq!(
        stored.pointer(pointer).cloned().unwrap_or(Value::Null),
        expected
    );
}

#[tokio::test]
async fn okta_group_flow_rename_add_remove_replace() {
    let app = TestApp::new();
    let (a, b) = (app.user("a").await, app.user("b").await);
    let g = app.group("Old", &[&a]).await;
    let path = format!("/Groups/{g}");
    let rename = app
        .patch(
            &path,
            json!([{"op": "replace", "value": {"id": g, "displayName": "New"}}]),
        )
        .await;
    assert_eq!(rename.status, StatusCode::OK, "{}", rename.text);
    assert_eq!(rename.json["displayName"], "New");
    let ops = json!([{"op": "remove", "path": format!("members[value eq \"{a}\"]")},
                     {"op": "add", "path": "members", "value": [{"value": b, "display": "b"}]}]);
    let reply = app.patch(&path, ops).await;
    assert_eq!(reply.json["members"].as_array().map(Vec::len), Some(1));
    assert_eq!(reply.json["members"][0]["value"], json!(b));
    let again = app
        .patch(
            &path,
            json!([{"op": "add", "path": "members", "value": [{"value": b}]}]),
        )
        .await;
    assert_eq!(
        again.json["meta"]["version"], reply.json["meta"]["version"],
        "adding an existing member changes nothing"
    );
    let full = app
        .patch(
            &path,
            json!([{"op": "replace", "path": "members", "value": [{"value": a}, {"value": b}]}]),
        )
        .await;
    assert_eq!(full.json["members"].as_array().map(Vec::len), Some(2));
    let entra = app
        .patch(
            &path,
            json!([{"op": "Remove", "path": "members", "value": [{"value": a}]}]),
        )
        .await;
    assert_eq!(entra.json["members"][0]["value"], json!(b));
    let empty = app
        .patch(
            &path,
            json!([{"op": "replace", "path": "members", "value": []}]),
        )
        .await;
    assert!(empty.json.get("members").is_none());
    let user = app.get(&format!("/Users/{b}")).await;
    assert!(user.json.get("groups").is_none());
}

#[rstest]
#[case::bad_path(json!([{"op": "replace", "path": "emails[type eq]", "value": 1}]), 400, Some("invalidPath"))]
#[case::unknown_path(json!([{"op": "replace", "path": "nosuch", "value": 1}]), 400, Some("invalidPath"))]
#[case::no_target(json!([{"op": "replace", "path": "emails[type eq \"other\"].value", "value": "x"}]), 400, Some("noTarget"))]
#[case::remove_without_path(json!([{"op": "remove"}]), 400, Some("noTarget"))]
#[case::read_only_id_changed(json!([{"op": "replace", "value": {"id": "other"}}]), 400, Some("mutability"))]
#[case::read_only_groups(json!([{"op": "add", "path": "groups", "value": [{"value": "g"}]}]), 400, Some("mutability"))]
#[case::meta(json!([{"op": "replace", "path": "meta.created", "value": "2020-01-01T00:00:00Z"}]), 400, Some("mutability"))]
#[case::remove_required(json!([{"op": "remove", "path": "userName"}]), 400, Some("invalidValue"))]
#[case::wrong_type(json!([{"op": "replace", "path": "active", "value": "maybe"}]), 400, Some("invalidValue"))]
#[case::unknown_op(json!([{"op": "move", "path": "title", "value": "x"}]), 400, Some("invalidSyntax"))]
#[case::add_without_value(json!([{"op": "add", "path": "title"}]), 400, Some("invalidValue"))]
#[case::no_operations(json!([]), 400, Some("invalidSyntax"))]
#[tokio::test]
async fn bad_patches_fail_atomically(
    #[case] ops: Value,
    #[case] status: u16,
    #[case] scim_type: Option<&str>,
) {
    let app = TestApp::new();
    let id = user_with_emails(&app).await;
    let before = app.get(&format!("/Users/{id}")).await.json;
    // A valid first operation proves the whole request is rolled back.
    let mut all = vec![json!({"op": "replace", "path": "title", "value": "changed"})];
    all.extend(ops.as_array().cloned().unwrap_or_default());
    let ops = if ops.as_array().is_some_and(Vec::is_empty) {
        json!([])
    } else {
        Value::from(all)
    };
    let reply = app.patch(&format!("/Users/{id}"), ops).await;
    assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
    assert!(reply.is_scim_error());
    assert_eq!(
        reply.json.get("scimType").and_then(Value::as_str),
        scim_type
    );
    assert_eq!(app.get(&format!("/Users/{id}")).await.json, before);
}

#[tokio::test]
async fn group_patch_rejects_unknown_members_and_foreign_ids() {
    let app = TestApp::new();
    let g = app.group("G", &[]).await;
    let path = format!("/Groups/{g}");
    let unknown = app
        .patch(
            &path,
            json!([{"op": "add", "path": "members", "value": [{"value": "nope"}]}]),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.json["scimType"], "invalidValue");
    let other = app
        .patch(
            &path,
            json!([{"op": "replace", "value": {"id": "x", "displayName": "N"}}]),
        )
        .await;
    assert_eq!(other.json["scimType"], "mutability");
    let not_member = app
        .patch(
            &path,
            json!([{"op": "remove", "path": "members[value eq \"ghost\"]"}]),
        )
        .await;
    assert_eq!(
        not_member.status,
        StatusCode::OK,
        "removing a non-member is a no-op"
    );
    let schema_missing = app
        .call(axum::http::Method::PATCH, &path, Some(json!({"schemas": ["urn:x"], "Operations": [{"op": "add", "path": "displayName", "value": "y"}]})))
        .await;
    assert_eq!(schema_missing.json["scimType"], "invalidSyntax");
    let _ = ENT;
}
