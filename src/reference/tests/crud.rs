//! Create, read, replace and delete of users and groups, ETags and the
//! invariants the server keeps (uniqueness, password, memberships).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use rstest::rstest;
use serde_json::{Value, json};

use super::support::{BASE, TestApp, okta_user};

#[tokio::test]
async fn create_answers_201_with_location_etag_and_the_full_resource() {
    let app = TestApp::new();
    let reply = app.post("/Users", okta_user("ann@example.com")).await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.header("content-type"), Some("application/scim+json"));
    let id = reply.json["id"].as_str().unwrap_or_default();
    assert!(uuid::Uuid::parse_str(id).is_ok_and(|u| u.get_version_num() == 4));
    let location = format!("{BASE}/Users/{id}");
    assert_eq!(reply.header("location"), Some(location.as_str()));
    assert_eq!(reply.json["meta"]["location"], json!(location));
    assert_eq!(reply.header("content-location"), Some(location.as_str()));
    assert_eq!(reply.json["meta"]["resourceType"], "User");
    assert_eq!(
        reply.json["meta"]["created"],
        reply.json["meta"]["lastModified"]
    );
    assert_eq!(reply.header("etag"), Some("W/\"1\""));
    assert_eq!(reply.json["meta"]["version"], "W/\"1\"");
    assert_eq!(reply.json["name"]["givenName"], "Test");
    assert_eq!(reply.json["externalId"], "00ujl29u0le5T6Aj10h7");
    assert!(
        reply.json.get("password").is_none(),
        "password is writeOnly"
    );
    assert!(reply.json.get("groups").is_none(), "no memberships yet");
}

#[tokio::test]
async fn get_returns_what_was_created_and_404_after_delete() {
    let app = TestApp::new();
    let id = app.user("bob").await;
    let got = app.get(&format!("/Users/{id}")).await;
    assert_eq!(got.status, StatusCode::OK);
    assert_eq!(got.json["userName"], "bob");
    assert!(got.json.get("password").is_none());
    let deleted = app.delete(&format!("/Users/{id}")).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert!(deleted.text.is_empty());
    for method in [Method::GET, Method::DELETE] {
        let reply = app.call(method, &format!("/Users/{id}"), None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert!(reply.is_scim_error());
    }
    let put = app.put(&format!("/Users/{id}"), okta_user("bob")).await;
    assert_eq!(put.status, StatusCode::NOT_FOUND, "PUT never creates");
    assert_eq!(
        app.post("/Users", okta_user("bob")).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn put_replaces_and_ignores_echoed_read_only_attributes() {
    let app = TestApp::new();
    let id = app.user("carol").await;
    let mut body = app.get(&format!("/Users/{id}")).await.json;
    body["name"] = json!({"givenName": "Another", "familyName": "User"});
    body["active"] = json!(false);
    body["meta"] = json!({"resourceType": "User"});
    let reply = app.put(&format!("/Users/{id}"), body).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json["name"]["givenName"], "Another");
    assert_eq!(reply.json["active"], false);
    assert_eq!(reply.json["id"], json!(id));
    assert_eq!(reply.header("etag"), Some("W/\"2\""));
    let got = app.get(&format!("/Users/{id}")).await;
    assert_eq!(got.json["name"]["givenName"], "Another");
    assert!(got.json.get("password").is_none());
}

#[rstest]
#[case::exact("dave", "dave")]
#[case::upper_case("dave", "DAVE")]
#[case::mixed_case("Dave@Example.com", "dave@example.COM")]
#[tokio::test]
async fn user_name_is_unique_case_insensitively(#[case] first: &str, #[case] second: &str) {
    let app = TestApp::new();
    let id = app.user(first).await;
    let dup = app.post("/Users", okta_user(second)).await;
    assert_eq!(dup.status, StatusCode::CONFLICT);
    assert!(dup.is_scim_error());
    assert_eq!(dup.json["scimType"], "uniqueness");
    let other = app.user("someone").await;
    let put = app.put(&format!("/Users/{other}"), okta_user(second)).await;
    assert_eq!(
        put.status,
        StatusCode::CONFLICT,
        "PUT checks uniqueness too"
    );
    let ops = json!([{"op": "replace", "path": "userName", "value": second}]);
    assert_eq!(
        app.patch(&format!("/Users/{other}"), ops).await.status,
        StatusCode::CONFLICT
    );
    let own = app
        .put(&format!("/Users/{id}"), okta_user(&first.to_uppercase()))
        .await;
    assert_eq!(
        own.status,
        StatusCode::OK,
        "a user may change the case of its own userName"
    );
}

#[tokio::test]
async fn groups_reflect_memberships_and_deleting_a_user_removes_it() {
    let app = TestApp::new();
    let u = app.user("erin").await;
    let g = app.group("Admins", &[&u]).await;
    let group = app.get(&format!("/Groups/{g}")).await;
    assert_eq!(
        group.json["members"],
        json!([{"value": u, "display": "erin", "type": "User", "$ref": format!("{BASE}/Users/{u}")}])
    );
    let user = app.get(&format!("/Users/{u}")).await;
    assert_eq!(
        user.json["groups"],
        json!([{"value": g, "display": "Admins", "type": "direct", "$ref": format!("{BASE}/Groups/{g}")}])
    );
    assert_eq!(
        app.delete(&format!("/Users/{u}")).await.status,
        StatusCode::NO_CONTENT
    );
    let group = app.get(&format!("/Groups/{g}")).await;
    assert!(group.json.get("members").is_none());
    assert_eq!(group.json["meta"]["version"], "W/\"2\"");
}

#[tokio::test]
async fn nested_groups_and_group_delete() {
    let app = TestApp::new();
    let inner = app.group("Inner", &[]).await;
    let outer = app.group("Outer", &[&inner]).await;
    let got = app.get(&format!("/Groups/{outer}")).await;
    assert_eq!(got.json["members"][0]["type"], "Group");
    assert_eq!(
        app.delete(&format!("/Groups/{inner}")).await.status,
        StatusCode::NO_CONTENT
    );
    assert!(
        app.get(&format!("/Groups/{outer}"))
            .await
            .json
            .get("members")
            .is_none()
    );
}

#[tokio::test]
async fn enterprise_extension_is_stored_and_declared_in_schemas() {
    let app = TestApp::new();
    let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    let mut body = okta_user("frank");
    body[urn] = json!({"department": "Sales", "manager": {"value": "m-1"}});
    let reply = app.post("/Users", body).await;
    assert_eq!(
        reply.json[urn],
        json!({"department": "Sales", "manager": {"value": "m-1"}})
    );
    assert_eq!(reply.json["schemas"][1], urn);
}

#[rstest]
#[case::scim_json(Some("application/scim+json"))]
#[case::scim_json_charset(Some("application/scim+json; charset=utf-8"))]
#[case::json(Some("application/json"))]
#[case::json_charset(Some("application/json;charset=UTF-8"))]
#[case::none(None)]
#[tokio::test]
async fn bodies_are_accepted_in_every_json_media_type(#[case] content_type: Option<&str>) {
    let app = TestApp::new();
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri("/scim/v2/Users")
        .header("authorization", "Bearer test-token");
    if let Some(ct) = content_type {
        builder = builder.header("content-type", ct);
    }
    let request = builder
        .body(Body::from(r#"{"userName":"gina"}"#))
        .expect("request");
    assert_eq!(app.send(request).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn etags_drive_conditional_requests() {
    let app = TestApp::new();
    let id = app.user("hank").await;
    let path = format!("/scim/v2/Users/{id}");
    let conditional = |method: Method, header: &str, tag: &str, body: Option<Value>| {
        Request::builder()
            .method(method)
            .uri(&path)
            .header("authorization", "Bearer test-token")
            .header(header, tag)
            .body(
                body.map(|b| Body::from(b.to_string()))
                    .unwrap_or_else(Body::empty),
            )
            .expect("request")
    };
    let not_modified = app
        .send(conditional(Method::GET, "if-none-match", "W/\"1\"", None))
        .await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert!(not_modified.text.is_empty());
    let changed = app
        .send(conditional(Method::GET, "if-none-match", "W/\"0\"", None))
        .await;
    assert_eq!(changed.status, StatusCode::OK);
    let stale = app
        .send(conditional(
            Method::PUT,
            "if-match",
            "W/\"7\"",
            Some(okta_user("hank")),
        ))
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    assert!(stale.is_scim_error());
    let fresh = app
        .send(conditional(
            Method::PUT,
            "if-match",
            "W/\"1\"",
            Some(json!({"userName": "hank2"})),
        ))
        .await;
    assert_eq!(fresh.status, StatusCode::OK);
    assert_eq!(fresh.header("etag"), Some("W/\"2\""));
    let delete = app
        .send(conditional(Method::DELETE, "if-match", "W/\"1\"", None))
        .await;
    assert_eq!(delete.status, StatusCode::PRECONDITION_FAILED);
}

#[tokio::test]
async fn projection_applies_to_single_resources_and_writes() {
    let app = TestApp::new();
    let id = app.user("ivy").await;
    let got = app.get(&format!("/Users/{id}?attributes=userName")).await;
    assert_eq!(
        got.json,
        json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "id": id, "userName": "ivy"})
    );
    let put = app
        .put(
            &format!("/Users/{id}?excludedAttributes=emails,meta"),
            okta_user("ivy"),
        )
        .await;
    assert!(put.json.get("emails").is_none() && put.json.get("meta").is_none());
    assert_eq!(put.json["userName"], "ivy");
    let created = app.post("/Users?attributes=id", okta_user("ivy2")).await;
    assert!(created.json.get("userName").is_none() && created.json["id"].is_string());
}

#[tokio::test]
async fn entra_group_create_and_member_add_forms_are_accepted() {
    let app = TestApp::new();
    let u = app.user("entra").await;
    let body = json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
        "displayName": "Group1",
        "meta": {"resourceType": "Group"}
    });
    let created = app.post("/Groups", body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    assert_eq!(
        created.json["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:Group"])
    );
    let g = created.json["id"].as_str().unwrap_or_default().to_owned();
    let ops = json!([{"op": "Add", "path": "members", "value": [{"$ref": null, "value": u}]}]);
    let patched = app.patch(&format!("/Groups/{g}"), ops).await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.text);
    assert_eq!(patched.json["members"][0]["value"], json!(u));
    let mut user = okta_user("entra2");
    user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] = json!({"manager": u});
    let reply = app.post("/Users", user).await;
    assert_eq!(
        reply.json["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"],
        json!({"value": u})
    );
}

#[tokio::test]
async fn deactivated_users_stay_retrievable_and_listed() {
    let app = TestApp::new();
    let id = app.user("soft").await;
    let ops = json!([{"op": "replace", "value": {"active": false}}]);
    assert_eq!(
        app.patch(&format!("/Users/{id}"), ops).await.json["active"],
        false
    );
    assert_eq!(
        app.get(&format!("/Users/{id}")).await.status,
        StatusCode::OK
    );
    assert_eq!(app.get("/Users").await.json["totalResults"], 1);
}

#[tokio::test]
async fn group_put_replaces_name_and_members_like_okta_aiw() {
    let app = TestApp::new();
    let (a, b) = (app.user("a").await, app.user("b").await);
    let g = app.group("Before", &[&a]).await;
    let body = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "id": g,
                      "displayName": "After", "members": [{"value": b, "display": "b"}]});
    let reply = app.put(&format!("/Groups/{g}"), body).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json["displayName"], "After");
    assert_eq!(reply.json["members"].as_array().map(Vec::len), Some(1));
    assert_eq!(reply.json["members"][0]["value"], json!(b));
    assert!(
        app.get(&format!("/Users/{a}"))
            .await
            .json
            .get("groups")
            .is_none()
    );
    let empty = app
        .put(
            &format!("/Groups/{g}"),
            json!({"displayName": "After", "members": []}),
        )
        .await;
    assert!(empty.json.get("members").is_none());
    let missing = app
        .put(&format!("/Groups/{g}"), json!({"members": []}))
        .await;
    assert_eq!(missing.json["scimType"], "invalidValue");
}
