//! Every error the server produces is a SCIM Error with the right status and
//! `scimType`, including the ones axum would otherwise answer in plain text.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use rstest::rstest;
use serde_json::json;

use super::support::{TestApp, okta_user};

fn raw(
    method: Method,
    path: &str,
    content_type: Option<&str>,
    body: &str,
    token: Option<&str>,
) -> Request<Body> {
    let mut builder = Request::builder()
        .method(method)
        .uri(format!("/scim/v2{path}"));
    if let Some(t) = token {
        builder = builder.header("authorization", t);
    }
    if let Some(ct) = content_type {
        builder = builder.header("content-type", ct);
    }
    builder.body(Body::from(body.to_owned())).expect("request")
}

const AUTH: Option<&str> = Some("Bearer test-token");
const SCIM: Option<&str> = Some("application/scim+json");

#[rstest]
#[case::invalid_json(
    raw(Method::POST, "/Users", SCIM, "{\"userName\":", AUTH),
    400,
    Some("invalidSyntax")
)]
#[case::empty_body(
    raw(Method::POST, "/Users", SCIM, "", AUTH),
    400,
    Some("invalidSyntax")
)]
#[case::array_body(
    raw(Method::POST, "/Users", SCIM, "[1]", AUTH),
    400,
    Some("invalidSyntax")
)]
#[case::missing_user_name(
    raw(Method::POST, "/Users", SCIM, r#"{"name":{"givenName":"x"}}"#, AUTH),
    400,
    Some("invalidValue")
)]
#[case::missing_display_name(
    raw(Method::POST, "/Groups", SCIM, r#"{"members":[]}"#, AUTH),
    400,
    Some("invalidValue")
)]
#[case::unknown_member(
    raw(
        Method::POST,
        "/Groups",
        SCIM,
        r#"{"displayName":"g","members":[{"value":"nope"}]}"#,
        AUTH
    ),
    400,
    Some("invalidValue")
)]
#[case::bad_filter(
    raw(
        Method::GET,
        "/Users?filter=userName%20regex%20%22a%22",
        None,
        "",
        AUTH
    ),
    400,
    Some("invalidFilter")
)]
#[case::unterminated_filter(
    raw(Method::GET, "/Users?filter=(userName%20pr", None, "", AUTH),
    400,
    Some("invalidFilter")
)]
#[case::boolean_ordering(
    raw(Method::GET, "/Users?filter=active%20gt%20true", None, "", AUTH),
    400,
    Some("invalidFilter")
)]
#[case::bad_count(
    raw(Method::GET, "/Users?count=ten", None, "", AUTH),
    400,
    Some("invalidValue")
)]
#[case::bad_sort_order(
    raw(Method::GET, "/Users?sortBy=userName&sortOrder=up", None, "", AUTH),
    400,
    Some("invalidValue")
)]
#[case::bad_search_filter(
    raw(
        Method::POST,
        "/Users/.search",
        SCIM,
        r#"{"filter":"userName eq"}"#,
        AUTH
    ),
    400,
    Some("invalidFilter")
)]
#[case::unknown_user(raw(Method::GET, "/Users/does-not-exist", None, "", AUTH), 404, None)]
#[case::unknown_group_patch(
    raw(
        Method::PATCH,
        "/Groups/x",
        SCIM,
        r#"{"Operations":[{"op":"add","path":"displayName","value":"y"}]}"#,
        AUTH
    ),
    404,
    None
)]
#[case::unknown_route(raw(Method::GET, "/Widgets", None, "", AUTH), 404, None)]
#[case::outside_base(raw(Method::GET, "/../../etc/passwd", None, "", AUTH), 404, None)]
#[case::wrong_method(raw(Method::DELETE, "/Users", None, "", AUTH), 405, None)]
#[case::wrong_method_discovery(
    raw(Method::POST, "/ServiceProviderConfig", SCIM, "{}", AUTH),
    405,
    None
)]
#[case::foreign_media_type(
    raw(
        Method::POST,
        "/Users",
        Some("text/plain"),
        r#"{"userName":"x"}"#,
        AUTH
    ),
    415,
    None
)]
#[case::no_token(raw(Method::GET, "/Users", None, "", None), 401, None)]
#[case::wrong_token(raw(Method::GET, "/Users", None, "", Some("Bearer nope")), 401, None)]
#[case::basic_auth(
    raw(
        Method::GET,
        "/ServiceProviderConfig",
        None,
        "",
        Some("Basic dGVzdC10b2tlbg==")
    ),
    401,
    None
)]
#[case::bulk_without_operations(
    raw(Method::POST, "/Bulk", SCIM, "{}", AUTH),
    400,
    Some("invalidSyntax")
)]
#[case::discovery_filter(raw(Method::GET, "/Schemas?filter=id%20pr", None, "", AUTH), 403, None)]
#[tokio::test]
async fn errors_are_scim_errors(
    #[case] request: Request<Body>,
    #[case] status: u16,
    #[case] scim_type: Option<&str>,
) {
    let app = TestApp::new();
    app.user("existing").await;
    let reply = app.send(request).await;
    assert_eq!(reply.status.as_u16(), status, "{}", reply.text);
    assert!(reply.is_scim_error(), "{:?} {}", reply.headers, reply.text);
    assert_eq!(
        reply.json.get("scimType").and_then(|t| t.as_str()),
        scim_type
    );
    assert!(reply.json["detail"].as_str().is_some_and(|d| !d.is_empty()));
    if status == 401 {
        assert_eq!(
            reply.header("www-authenticate"),
            Some("Bearer realm=\"scimgate\"")
        );
    }
}

#[tokio::test]
async fn body_over_the_limit_is_413() {
    let app = TestApp::new();
    let mut body = okta_user("big");
    body["title"] = json!("x".repeat(70 * 1024));
    let reply = app.post("/Users", body).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.is_scim_error(), "{}", reply.text);
}

#[tokio::test]
async fn deeply_nested_json_is_refused_not_a_crash() {
    let app = TestApp::new();
    let body = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let reply = app
        .send(raw(Method::POST, "/Users", SCIM, &body, AUTH))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(reply.is_scim_error());
}
