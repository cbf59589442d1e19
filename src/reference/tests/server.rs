//! Whole-server behaviour: the discovery endpoints tell the truth about the
//! server, and the spawned server works over a real socket.

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::support::{BASE, TestApp};
use crate::reference::{ServeOptions, spawn};

#[tokio::test]
async fn service_provider_config_advertises_what_is_implemented() {
    let app = TestApp::new();
    let spc = app.get("/ServiceProviderConfig").await;
    assert_eq!(spc.status, StatusCode::OK);
    let j = &spc.json;
    assert_eq!(
        j["schemas"],
        json!(["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"])
    );
    assert_eq!(j["patch"]["supported"], true);
    assert_eq!(
        j["bulk"],
        json!({"supported": true, "maxOperations": 100, "maxPayloadSize": 64 * 1024})
    );
    assert_eq!(j["filter"], json!({"supported": true, "maxResults": 1000}));
    assert_eq!(j["changePassword"]["supported"], true);
    assert_eq!(j["sort"]["supported"], true);
    assert_eq!(j["etag"]["supported"], true);
    assert_eq!(j["authenticationSchemes"][0]["type"], "oauthbearertoken");
    assert!(j.get("id").is_none());
}

#[tokio::test]
async fn resource_types_list_and_single() {
    let app = TestApp::new();
    let list = app.get("/ResourceTypes").await;
    assert_eq!(list.json["totalResults"], 2);
    let user = app.get("/ResourceTypes/User").await;
    assert_eq!(user.json["endpoint"], "/Users");
    assert_eq!(
        user.json["schema"],
        "urn:ietf:params:scim:schemas:core:2.0:User"
    );
    assert_eq!(
        user.json["schemaExtensions"],
        json!([{"schema": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", "required": false},
               {"schema": "urn:scimgate:schemas:extension:reference:2.0:User", "required": false}])
    );
    assert_eq!(
        user.json["meta"]["location"],
        json!(format!("{BASE}/ResourceTypes/User"))
    );
    assert_eq!(
        app.get("/ResourceTypes/Group").await.json["endpoint"],
        "/Groups"
    );
    assert_eq!(
        app.get("/ResourceTypes/Widget").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn schemas_match_the_enforced_rules() {
    let app = TestApp::new();
    let list = app.get("/Schemas").await;
    assert_eq!(list.json["totalResults"], 4);
    let own = app
        .get("/Schemas/urn:scimgate:schemas:extension:reference:2.0:User")
        .await;
    let types: Vec<(String, String)> = own.json["attributes"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|a| {
            (
                a["name"].as_str().unwrap_or_default().to_owned(),
                format!("{}{}{}", a["type"], a["multiValued"], a["mutability"]),
            )
        })
        .collect();
    assert!(
        types.contains(&(
            "clearanceLevel".into(),
            "\"integer\"false\"readWrite\"".into()
        )),
        "{types:?}"
    );
    assert!(
        types.contains(&("badgeId".into(), "\"string\"false\"immutable\"".into())),
        "{types:?}"
    );
    assert!(
        types.contains(&("skills".into(), "\"string\"true\"readWrite\"".into())),
        "{types:?}"
    );
    let user = app
        .get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
        .await;
    let attrs = user.json["attributes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let find = |name: &str| {
        attrs
            .iter()
            .find(|a| a["name"] == name)
            .cloned()
            .unwrap_or(Value::Null)
    };
    assert_eq!(find("userName")["uniqueness"], "server");
    assert_eq!(find("userName")["required"], true);
    assert_eq!(find("userName")["caseExact"], false);
    assert_eq!(find("password")["mutability"], "writeOnly");
    assert_eq!(find("groups")["mutability"], "readOnly");
    assert_eq!(find("emails")["multiValued"], true);
    let group = app
        .get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group")
        .await;
    assert_eq!(group.json["attributes"][1]["name"], "members");
    let ext = app
        .get("/Schemas/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
        .await;
    assert_eq!(ext.json["name"], "EnterpriseUser");
    assert_eq!(
        app.get("/Schemas/urn:nope").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn me_is_not_implemented() {
    let app = TestApp::new();
    assert_eq!(app.get("/Me").await.status, StatusCode::NOT_IMPLEMENTED);
}

#[tokio::test]
async fn spawned_server_serves_on_loopback_and_shuts_down() {
    let server = spawn(ServeOptions::default()).await.expect("bind loopback");
    assert_eq!(server.token().len(), 32);
    assert!(server.addr().ip().is_loopback() && server.addr().port() != 0);
    assert_eq!(
        server.base_url(),
        format!("http://{}/scim/v2", server.addr())
    );
    let client = reqwest::Client::new();
    let created = client
        .post(format!("{}/Users", server.base_url()))
        .bearer_auth(server.token())
        .header("content-type", "application/scim+json")
        .body(json!({"userName": "net"}).to_string())
        .send()
        .await
        .expect("request");
    assert_eq!(created.status().as_u16(), 201);
    let location = created
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(location.starts_with(server.base_url()));
    let got: Value = client
        .get(&location)
        .bearer_auth(server.token())
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("json");
    assert_eq!(got["userName"], "net");
    let addr = server.addr();
    server.shutdown().await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "listener closed"
    );
}

#[tokio::test]
async fn the_unversioned_base_serves_the_same_api_and_locations_stay_canonical() {
    use axum::body::Body;
    use axum::http::{Method, Request};
    let app = TestApp::new();
    let call = |method: Method, path: &str, body: Option<Value>| {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Bearer {}", super::support::TOKEN));
        if body.is_some() {
            b = b.header("content-type", "application/scim+json");
        }
        b.body(body.map_or_else(Body::empty, |v| Body::from(v.to_string())))
            .expect("valid request")
    };
    let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "u"});
    let created = app.send(call(Method::POST, "/api/Users", Some(user))).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.json["id"].as_str().unwrap().to_owned();
    // One resource, one permanent URI: the canonical /scim/v2 one, whatever alias was used.
    let location = format!("{BASE}/Users/{id}");
    assert_eq!(created.json["meta"]["location"], json!(location));
    assert_eq!(created.header("location"), Some(location.as_str()));
    for path in [format!("/api/Users/{id}"), format!("/api/v2/Users/{id}")] {
        let got = app.send(call(Method::GET, &path, None)).await;
        assert_eq!(got.status, StatusCode::OK, "{path}");
        assert_eq!(got.json["meta"]["location"], json!(location), "{path}");
    }
    let spc = app
        .send(call(Method::GET, "/api/v2/ServiceProviderConfig", None))
        .await;
    assert_eq!(spc.status, StatusCode::OK);
    // Unknown paths stay 404 under every base, and an unknown version is no endpoint.
    for path in ["/api/NoSuchEndpoint", "/api/v3/Users", "/scim/Users"] {
        let r = app.send(call(Method::GET, path, None)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert!(r.is_scim_error(), "{path}");
    }
}
