//! Queries: the filter grammar and case rules, paging, sorting, projection,
//! `.search`, and the ListResponse shape Okta depends on.

use axum::http::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use super::support::{TestApp, names};

const ENT: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

/// Three users with different attributes, created in this order.
async fn seeded() -> TestApp {
    let app = TestApp::new();
    let users = [
        json!({"userName": "alice@example.com", "externalId": "ext-A", "displayName": "Alice Smith", "active": true,
               "name": {"givenName": "Alice", "familyName": "Smith"}, "title": "Engineer",
               "emails": [{"value": "alice@example.com", "type": "work", "primary": true},
                          {"value": "alice@home.org", "type": "home"}],
               ENT: {"department": "R&D"}}),
        json!({"userName": "Bob@Example.com", "externalId": "ext-b", "displayName": "Bob Jones", "active": false,
               "name": {"givenName": "Bob", "familyName": "Jones"},
               "emails": [{"value": "bob@home.org", "type": "home"}]}),
        json!({"userName": "carol@corp.net", "displayName": "carol", "active": true,
               "name": {"givenName": "Carol", "familyName": "Adams"}, "title": "Manager"}),
    ];
    for user in users {
        assert_eq!(app.post("/Users", user).await.status, StatusCode::CREATED);
    }
    app
}

fn q(filter: &str) -> String {
    let encoded: String = url::form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    format!("/Users?filter={encoded}")
}

#[rstest]
#[case::eq_case_insensitive_user_name(r#"userName eq "ALICE@example.com""#, &["alice@example.com"])]
#[case::keyword_case(r#"USERNAME EQ "bob@example.com""#, &["Bob@Example.com"])]
#[case::external_id_case_exact(r#"externalId eq "ext-a""#, &[])]
#[case::external_id_exact_match(r#"externalId eq "ext-A""#, &["alice@example.com"])]
#[case::ne(r#"displayName ne "carol""#, &["alice@example.com", "Bob@Example.com"])]
#[case::co(r#"userName co "EXAMPLE""#, &["alice@example.com", "Bob@Example.com"])]
#[case::sw(r#"name.familyName sw "j""#, &["Bob@Example.com"])]
#[case::ew(r#"userName ew ".NET""#, &["carol@corp.net"])]
#[case::gt(r#"name.givenName gt "Bob""#, &["carol@corp.net"])]
#[case::ge(r#"name.givenName ge "Bob""#, &["Bob@Example.com", "carol@corp.net"])]
#[case::lt(r#"name.givenName lt "Bob""#, &["alice@example.com"])]
#[case::le(r#"name.givenName le "bob""#, &["alice@example.com", "Bob@Example.com"])]
#[case::pr("title pr", &["alice@example.com", "carol@corp.net"])]
#[case::boolean_eq("active eq false", &["Bob@Example.com"])]
#[case::and_or_precedence(r#"title pr and active eq true or userName sw "bob""#, &["alice@example.com", "Bob@Example.com", "carol@corp.net"])]
#[case::grouping(r#"title pr and (active eq false or userName sw "carol")"#, &["carol@corp.net"])]
#[case::not(r#"not (title pr)"#, &["Bob@Example.com"])]
#[case::not_without_space(r#"not(title pr)"#, &["Bob@Example.com"])]
#[case::value_path(r#"emails[type eq "work" and value co "alice"]"#, &["alice@example.com"])]
#[case::entra_value_path_sub(r#"emails[type eq "work"].value eq "ALICE@example.com""#, &["alice@example.com"])]
#[case::entra_value_path_sub_no_match(r#"emails[type eq "home"].value eq "alice@example.com""#, &[])]
#[case::multi_valued_any(r#"emails.type eq "home""#, &["alice@example.com", "Bob@Example.com"])]
#[case::multi_valued_bare(r#"emails co "home.org""#, &["alice@example.com", "Bob@Example.com"])]
#[case::extension(r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "r&d""#, &["alice@example.com"])]
#[case::core_urn(r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "carol@corp.net""#, &["carol@corp.net"])]
#[case::schemas(r#"schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User""#, &["alice@example.com"])]
#[case::meta_resource_type(r#"meta.resourceType eq "User""#, &["alice@example.com", "Bob@Example.com", "carol@corp.net"])]
#[case::unquoted_value_as_in_the_rfc_example("meta.resourceType eq User", &["alice@example.com", "Bob@Example.com", "carol@corp.net"])]
#[case::created_chronological(r#"meta.created gt "2000-01-01T00:00:00Z""#, &["alice@example.com", "Bob@Example.com", "carol@corp.net"])]
#[case::unknown_attribute(r#"nickname eq "x""#, &[])]
#[case::unknown_attribute_present("favouriteColour pr", &[])]
#[case::no_match(r#"userName eq "nobody""#, &[])]
#[tokio::test]
async fn filters_select_exactly_the_matching_users(
    #[case] filter: &str,
    #[case] expected: &[&str],
) {
    let app = seeded().await;
    let reply = app.get(&q(filter)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(names(&reply), expected);
    assert_eq!(reply.json["totalResults"], json!(expected.len()));
}

#[tokio::test]
async fn okta_existence_check_uses_plus_or_percent_encoding() {
    let app = seeded().await;
    for path in [
        "/Users?filter=userName%20eq%20%22alice%40example.com%22&startIndex=1&count=100",
        "/Users?filter=userName+eq+%22alice%40example.com%22&startIndex=1&count=100",
        "/Users?count=100&filter=userName%20eq%20%22ALICE%40EXAMPLE.COM%22&startIndex=1",
    ] {
        assert_eq!(names(&app.get(path).await), ["alice@example.com"], "{path}");
    }
}

#[tokio::test]
async fn empty_result_is_a_full_list_response() {
    let app = TestApp::new();
    let reply = app.get("/Users?startIndex=1&count=2").await;
    assert_eq!(
        reply.json,
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
               "totalResults": 0, "startIndex": 1, "itemsPerPage": 0, "Resources": []})
    );
    assert_eq!(reply.header("content-type"), Some("application/scim+json"));
}

#[rstest]
#[case::first_page("startIndex=1&count=2", 1, &["alice@example.com", "Bob@Example.com"])]
#[case::second_page("startIndex=3&count=2", 3, &["carol@corp.net"])]
#[case::past_the_end("startIndex=10&count=2", 10, &[])]
#[case::count_zero("count=0", 1, &[])]
#[case::negative_count("count=-5", 1, &[])]
#[case::start_below_one("startIndex=-3&count=1", 1, &["alice@example.com"])]
#[case::start_zero("startIndex=0", 1, &["alice@example.com", "Bob@Example.com", "carol@corp.net"])]
#[tokio::test]
async fn paging_follows_rfc_7644_3_4_2_4(
    #[case] query: &str,
    #[case] start: i64,
    #[case] expected: &[&str],
) {
    let app = seeded().await;
    let reply = app.get(&format!("/Users?{query}")).await;
    assert_eq!(names(&reply), expected);
    assert_eq!(reply.json["totalResults"], 3);
    assert_eq!(reply.json["startIndex"], start);
    assert_eq!(reply.json["itemsPerPage"], json!(expected.len()));
    assert!(reply.json["Resources"].is_array());
}

#[rstest]
#[case::ascending("sortBy=name.givenName", &["alice@example.com", "Bob@Example.com", "carol@corp.net"])]
#[case::descending("sortBy=name.familyName&sortOrder=descending", &["alice@example.com", "Bob@Example.com", "carol@corp.net"])]
#[case::case_insensitive("sortBy=userName&sortOrder=DESCENDING", &["carol@corp.net", "Bob@Example.com", "alice@example.com"])]
#[case::missing_values_last("sortBy=title", &["alice@example.com", "carol@corp.net", "Bob@Example.com"])]
#[case::missing_values_first_descending("sortBy=title&sortOrder=descending", &["Bob@Example.com", "carol@corp.net", "alice@example.com"])]
#[case::multi_valued_primary("sortBy=emails", &["alice@example.com", "Bob@Example.com", "carol@corp.net"])]
#[tokio::test]
async fn sorting(#[case] query: &str, #[case] expected: &[&str]) {
    let app = seeded().await;
    assert_eq!(names(&app.get(&format!("/Users?{query}")).await), expected);
}

#[tokio::test]
async fn list_projection_and_search_request() {
    let app = seeded().await;
    let reply = app.get("/Users?attributes=userName&count=1").await;
    let first = &reply.json["Resources"][0];
    assert_eq!(first.as_object().map(|o| o.len()), Some(3), "{first}");
    let body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                      "filter": "active eq true", "attributes": ["displayName"], "sortBy": "displayName",
                      "sortOrder": "descending", "startIndex": 1, "count": 10});
    let search = app.post("/Users/.search", body).await;
    assert_eq!(search.status, StatusCode::OK);
    assert_eq!(names(&search), ["carol", "Alice Smith"]);
    assert!(search.json["Resources"][0].get("userName").is_none());
    let root = app
        .post("/.search", json!({"filter": "displayName pr"}))
        .await;
    assert_eq!(root.json["totalResults"], 3);
}

#[tokio::test]
async fn groups_filter_by_display_name_and_exclude_members() {
    let app = TestApp::new();
    let u = app.user("zed").await;
    app.group("Test SCIMv2", &[&u]).await;
    app.group("Other", &[]).await;
    let reply = app
        .get("/Groups?filter=displayName%20eq%20%22test%20scimv2%22&excludedAttributes=members")
        .await;
    assert_eq!(names(&reply), ["Test SCIMv2"]);
    assert!(reply.json["Resources"][0].get("members").is_none());
    let by_member = app
        .get(&format!(
            "/Groups?filter=members%5Bvalue%20eq%20%22{u}%22%5D"
        ))
        .await;
    assert_eq!(names(&by_member), ["Test SCIMv2"]);
}

#[tokio::test]
async fn pages_cover_every_user_once_in_creation_order() {
    let app = TestApp::new();
    for i in 0..25 {
        app.user(&format!("u{i:02}")).await;
    }
    let mut seen: Vec<String> = Vec::new();
    let mut start = 1;
    loop {
        let page = app.get(&format!("/Users?startIndex={start}&count=7")).await;
        let got = names(&page);
        if got.is_empty() {
            break;
        }
        seen.extend(got);
        start += 7;
    }
    let expected: Vec<String> = (0..25).map(|i| format!("u{i:02}")).collect();
    assert_eq!(seen, expected);
    let total: Value = app.get("/Users?count=1").await.json["totalResults"].clone();
    assert_eq!(total, 25);
}

#[tokio::test]
async fn group_search_and_list_paging() {
    let app = TestApp::new();
    for name in ["Engineering", "Sales", "Support"] {
        app.group(name, &[]).await;
    }
    let body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                      "filter": "displayName sw \"s\"", "startIndex": 2, "count": 1});
    let reply = app.post("/Groups/.search", body).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(names(&reply), ["Support"]);
    assert_eq!(reply.json["totalResults"], 2);
    let page = app.get("/Groups?startIndex=1&count=100").await;
    assert_eq!(names(&page), ["Engineering", "Sales", "Support"]);
    let wrong = app
        .post("/Groups/.search", json!({"schemas": ["urn:x"]}))
        .await;
    assert_eq!(wrong.json["scimType"], "invalidSyntax");
}
