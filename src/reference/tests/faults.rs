//! Every fault breaks exactly the rule it names: the probe for a fault holds
//! on the correct server and fails once that fault (alone) is switched on.
//!
//! `holds` is an exhaustive `match`, so a new fault cannot be added without a
//! probe, and the one test runs it for every fault in `Fault::ALL`.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

use super::support::{TestApp, names, okta_user};
use crate::reference::Fault;

/// Whether the rule `fault` breaks holds on `app`.
async fn holds(fault: Fault, app: &TestApp) -> bool {
    match fault {
        Fault::CreateAnswers200 => {
            app.post("/Users", okta_user("a")).await.status == StatusCode::CREATED
        }
        Fault::CreateWithoutLocation => app
            .post("/Users", okta_user("a"))
            .await
            .header("location")
            .is_some(),
        Fault::CreateEmptyBody => app.post("/Users", okta_user("a")).await.json["userName"] == "a",
        Fault::CreateWithoutId => app.post("/Users", okta_user("a")).await.json["id"].is_string(),
        Fault::DuplicatesAllowed | Fault::DuplicateAnswers500 | Fault::DuplicateAnswers400 => {
            app.user("dup").await;
            app.post("/Users", okta_user("dup")).await.status == StatusCode::CONFLICT
        }
        Fault::DeactivateTwiceRefused => {
            let id = app.user("twice").await;
            let off = json!([{"op": "replace", "value": {"active": false}}]);
            app.patch(&format!("/Users/{id}"), off.clone()).await;
            app.patch(&format!("/Users/{id}"), off).await.status == StatusCode::OK
        }
        Fault::RacingCreatesTwin => {
            let (a, b) = tokio::join!(
                app.post("/Users", okta_user("race")),
                app.post("/Users", okta_user("race"))
            );
            let created = [a.status, b.status]
                .iter()
                .filter(|s| **s == StatusCode::CREATED)
                .count();
            created == 1
        }
        Fault::SchemaAttributeMalformed => {
            let r = app.get("/Schemas").await;
            r.json["Resources"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|s| s["attributes"].as_array().into_iter().flatten())
                .all(|a| a["type"] != "text")
        }
        Fault::ExtensionSchemaUnserved => {
            let r = app.get("/Schemas").await;
            r.json["Resources"].as_array().is_some_and(|l| {
                l.iter().any(|s| {
                    s["id"] == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
                })
            })
        }
        Fault::MembershipLostUpdate => {
            let a = app.user("a").await;
            let b = app.user("b").await;
            let g = app.group("g", &[]).await;
            let add =
                |id: &str| json!([{"op": "add", "path": "members", "value": [{"value": id}]}]);
            let path = format!("/Groups/{g}");
            let (pa, pb) = (add(&a), add(&b));
            tokio::join!(app.patch(&path, pa), app.patch(&path, pb));
            app.get(&path).await.json["members"]
                .as_array()
                .is_some_and(|m| m.len() == 2)
        }
        Fault::InactiveUsersNotUnique => {
            let id = app.user("gone").await;
            app.patch(
                &format!("/Users/{id}"),
                json!([{"op": "replace", "value": {"active": false}}]),
            )
            .await;
            app.post("/Users", okta_user("gone")).await.status == StatusCode::CONFLICT
        }
        Fault::UserNameFilterCaseSensitive => {
            app.user("Case@Example.com").await;
            let r = app
                .get("/Users?filter=userName%20eq%20%22case%40example.com%22")
                .await;
            r.json["totalResults"] == 1
        }
        Fault::FilterIgnored => {
            three(app).await;
            app.get("/Users?filter=userName%20eq%20%22b%22").await.json["totalResults"] == 1
        }
        Fault::ListMinimalUsers => {
            app.user("listed").await;
            app.get("/Users?count=1&startIndex=1").await.json["Resources"][0]["name"].is_object()
        }
        Fault::MissingUserNameAnswers500 => {
            let body = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "name": {"givenName": "N"}});
            app.post("/Users", body).await.status == StatusCode::BAD_REQUEST
        }
        Fault::EnterpriseExtensionDropped => {
            let mut body = okta_user("ext");
            body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"] =
                json!({"department": "Sales"});
            app.post("/Users", body).await.json["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]
                ["department"]
                == "Sales"
        }
        Fault::UserGroupsEmpty => {
            let id = app.user("member").await;
            app.group("g", &[&id]).await;
            app.get(&format!("/Users/{id}")).await.json["groups"].is_array()
        }
        Fault::PatchOpCaseSensitive => {
            let id = app.user("p").await;
            let ops = json!([{"op": "Replace", "path": "title", "value": "T"}]);
            app.patch(&format!("/Users/{id}"), ops).await.status == StatusCode::OK
        }
        Fault::CreateRequiresFormatted => {
            app.post("/Users", okta_user("nf")).await.status == StatusCode::CREATED
        }
        Fault::CreateAnswersFirstResource => {
            app.user("first").await;
            app.post("/Users", okta_user("second")).await.json["userName"] == "second"
        }
        Fault::IdsWithSlash => {
            let id = app.user("a").await;
            !id.contains('/')
        }
        Fault::NoMatchHtml404 | Fault::NoMatchAnswers404 => {
            let r = app.get("/Users?filter=userName%20eq%20%22nobody%22").await;
            r.status == StatusCode::OK && r.json["totalResults"] == 0
        }
        Fault::PagingFieldsAsStrings => {
            let r = app.get("/Users?startIndex=1&count=2").await;
            ["totalResults", "startIndex", "itemsPerPage"]
                .iter()
                .all(|k| r.json[k].is_u64())
        }
        Fault::ListWithoutSchemas => {
            app.get("/Users").await.json["schemas"]
                == json!(["urn:ietf:params:scim:api:messages:2.0:ListResponse"])
        }
        Fault::StartIndexIgnored => {
            three(app).await;
            names(&app.get("/Users?startIndex=2&count=1").await) == ["b"]
        }
        Fault::CountIgnored => {
            three(app).await;
            names(&app.get("/Users?count=1").await).len() == 1
        }
        Fault::TotalResultsRemaining => {
            three(app).await;
            app.get("/Users?startIndex=3&count=1").await.json["totalResults"] == 3
        }
        Fault::TotalResultsWrong => {
            three(app).await;
            app.get("/Users?count=1").await.json["totalResults"] == 3
        }
        Fault::UnstableOrder => {
            three(app).await;
            let mut seen = names(&app.get("/Users?startIndex=1&count=2").await);
            seen.extend(names(&app.get("/Users?startIndex=3&count=2").await));
            seen == ["a", "b", "c"]
        }
        Fault::GetByIdUnsupported => {
            let id = app.user("a").await;
            app.get(&format!("/Users/{id}")).await.status == StatusCode::OK
        }
        Fault::ErrorWithoutDetail => app.get("/Users/unknown").await.json["detail"].is_string(),
        Fault::UnknownIdAnswers200 => {
            app.get("/Users/unknown").await.status == StatusCode::NOT_FOUND
        }
        Fault::ErrorStatusAsNumber => app.get("/Users/unknown").await.json["status"] == "404",
        Fault::ErrorWithoutSchemas => app.get("/Users/unknown").await.is_scim_error(),
        Fault::AnyTokenAccepted => {
            let request = Request::get("/scim/v2/Users")
                .body(Body::empty())
                .expect("request");
            app.send(request).await.status == StatusCode::UNAUTHORIZED
        }
        Fault::UnauthorizedAsHtml => {
            let request = Request::get("/scim/v2/Users")
                .header("authorization", "Bearer wrong")
                .body(Body::empty())
                .expect("request");
            let r = app.send(request).await;
            r.status != StatusCode::UNAUTHORIZED || r.is_scim_error()
        }
        Fault::PatchActiveIgnored => {
            let id = app.user("p").await;
            app.patch(
                &format!("/Users/{id}"),
                json!([{"op": "replace", "value": {"active": false}}]),
            )
            .await;
            app.get(&format!("/Users/{id}")).await.json["active"] == false
        }
        Fault::NoPathPatchRefused => {
            let id = app.user("p").await;
            let r = app
                .patch(
                    &format!("/Users/{id}"),
                    json!([{"op": "replace", "value": {"title": "T"}}]),
                )
                .await;
            r.status == StatusCode::OK && r.json["title"] == "T"
        }
        Fault::PutIgnoresName => {
            let id = app.user("p").await;
            let mut body = okta_user("p");
            body["name"]["givenName"] = json!("New");
            app.put(&format!("/Users/{id}"), body).await;
            app.get(&format!("/Users/{id}")).await.json["name"]["givenName"] == "New"
        }
        Fault::PutRefusesReadOnly => {
            let id = app.user("p").await;
            let body = app.get(&format!("/Users/{id}")).await.json;
            app.put(&format!("/Users/{id}"), body).await.status == StatusCode::OK
        }
        Fault::PasswordReturned => {
            let created = app.post("/Users", okta_user("p")).await;
            let id = created.json["id"].as_str().unwrap_or_default().to_owned();
            let listed = app.get("/Users").await;
            [
                created.json,
                app.get(&format!("/Users/{id}")).await.json,
                listed.json,
            ]
            .iter()
            .all(|v| !v.to_string().contains("password"))
        }
        Fault::ContentTypeJson => {
            app.get("/Users").await.header("content-type") == Some("application/scim+json")
        }
        Fault::MemberAddIgnored => {
            let (u, g) = (app.user("m").await, app.group("G", &[]).await);
            app.patch(
                &format!("/Groups/{g}"),
                json!([{"op": "add", "path": "members", "value": [{"value": u}]}]),
            )
            .await;
            app.get(&format!("/Groups/{g}")).await.json["members"][0]["value"] == json!(u)
        }
        Fault::MemberRemoveFilterRefused => {
            let u = app.user("m").await;
            let g = app.group("G", &[&u]).await;
            let path = format!("members[value eq \"{u}\"]");
            let r = app
                .patch(
                    &format!("/Groups/{g}"),
                    json!([{"op": "remove", "path": path}]),
                )
                .await;
            r.status == StatusCode::OK && r.json.get("members").is_none()
        }
        Fault::RenameWithIdRefused => {
            let g = app.group("Old", &[]).await;
            let ops = json!([{"op": "replace", "value": {"id": g, "displayName": "New"}}]);
            app.patch(&format!("/Groups/{g}"), ops).await.json["displayName"] == "New"
        }
        Fault::DeleteAnswers200 => {
            let id = app.user("d").await;
            let r = app.delete(&format!("/Users/{id}")).await;
            r.status == StatusCode::NO_CONTENT && r.text.is_empty()
        }
        Fault::DeactivateDeletes => {
            let id = app.user("d").await;
            app.patch(
                &format!("/Users/{id}"),
                json!([{"op": "replace", "value": {"active": false}}]),
            )
            .await;
            app.get(&format!("/Users/{id}")).await.status == StatusCode::OK
        }
        Fault::ReactivateIgnored => {
            let id = app.user("r").await;
            for active in [false, true] {
                app.patch(
                    &format!("/Users/{id}"),
                    json!([{"op": "replace", "value": {"active": active}}]),
                )
                .await;
            }
            app.get(&format!("/Users/{id}")).await.json["active"] == true
        }
        Fault::MetaMissing => {
            let id = app.user("m").await;
            app.get(&format!("/Users/{id}")).await.json["meta"]["resourceType"] == "User"
        }
        Fault::GroupGetOmitsMembers => {
            let u = app.user("m").await;
            let g = app.group("G", &[&u]).await;
            app.get(&format!("/Groups/{g}")).await.json["members"].is_array()
        }
        Fault::StaleReadAfterPut => {
            let id = app.user("s").await;
            let mut body = okta_user("s");
            body["title"] = json!("Fresh");
            app.put(&format!("/Users/{id}"), body).await;
            app.get(&format!("/Users/{id}")).await.json["title"] == "Fresh"
        }
        Fault::StringBooleansRefused => {
            let id = app.user("sb").await;
            let ops = json!([{"op": "Replace", "path": "active", "value": "False"}]);
            let r = app.patch(&format!("/Users/{id}"), ops).await;
            r.status == StatusCode::OK && r.json["active"] == false
        }
        Fault::ManagerStringRefused | Fault::ManagerArrayRefused => {
            let boss = app.user("boss").await;
            let id = app.user("report").await;
            let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
            let forms = [
                json!([{"op": "add", "path": format!("{urn}:manager"), "value": boss}]),
                json!([{"op": "Add", "path": "manager", "value": [{"$ref": null, "value": boss}]}]),
            ];
            let mut ok = true;
            for ops in forms {
                let r = app.patch(&format!("/Users/{id}"), ops).await;
                ok &= r.status == StatusCode::OK && r.json[urn]["manager"]["value"] == boss;
            }
            ok
        }
        Fault::MemberRemoveValueClears => {
            let a = app.user("a").await;
            let b = app.user("b").await;
            let g = app.group("G", &[&a, &b]).await;
            let ops = json!([{"op": "Remove", "path": "members", "value": [{"value": a}]}]);
            let r = app.patch(&format!("/Groups/{g}"), ops).await;
            r.status == StatusCode::OK
                && r.json["members"]
                    .as_array()
                    .is_some_and(|m| m.len() == 1 && m[0]["value"] == b)
        }
        Fault::PlusInFilterLiteral => {
            app.user("plus").await;
            let r = app.get("/Users?filter=userName+eq+%22plus%22").await;
            r.status == StatusCode::OK && r.json["totalResults"] == 1
        }
        Fault::UnknownSchemaRefused => {
            let body = json!({
                "schemas": [
                    "urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"
                ],
                "displayName": "Entra"
            });
            app.post("/Groups", body).await.status == StatusCode::CREATED
        }
        Fault::DottedPatchKeysRefused => {
            let id = app.user("dk").await;
            let ops = json!([{"op": "replace", "value": {"name.givenName": "Dot"}}]);
            let r = app.patch(&format!("/Users/{id}"), ops).await;
            r.status == StatusCode::OK && r.json["name"]["givenName"] == "Dot"
        }
        Fault::ValuePathSubAttributeRefused => {
            let id = app.user("vp").await;
            let ops = json!([{"op": "Replace", "path": "emails[type eq \"work\"].value", "value": "new@example.com"}]);
            let r = app.patch(&format!("/Users/{id}"), ops).await;
            r.status == StatusCode::OK && r.json["emails"][0]["value"] == "new@example.com"
        }
        Fault::NullsRefused => {
            let mut body = okta_user("nulls");
            body["title"] = Value::Null;
            app.post("/Users", body).await.status == StatusCode::CREATED
        }
        Fault::SlowResponses => {
            let started = tokio::time::Instant::now();
            app.get("/ServiceProviderConfig").await;
            started.elapsed() < std::time::Duration::from_millis(600)
        }
        Fault::LocationMismatch => {
            let r = app.post("/Users", okta_user("l")).await;
            r.header("location").map(Value::from) == Some(r.json["meta"]["location"].clone())
        }
        Fault::PatchNotAtomic => {
            let id = app.user("p").await;
            let ops = json!([
                {"op": "add", "path": "nickName", "value": "Half"},
                {"op": "replace", "path": "emails[type eq \"nosuch\"].value", "value": "x@example.com"}
            ]);
            let r = app.patch(&format!("/Users/{id}"), ops).await;
            r.status == StatusCode::BAD_REQUEST
                && app
                    .get(&format!("/Users/{id}"))
                    .await
                    .json
                    .get("nickName")
                    .is_none()
        }
        Fault::PutCreates => {
            let r = app.put("/Users/no-such-id", okta_user("upsert")).await;
            r.status == StatusCode::NOT_FOUND
                && app
                    .get("/Users?filter=userName%20eq%20%22upsert%22")
                    .await
                    .json["totalResults"]
                    == 0
        }
        Fault::IfNoneMatchIgnored => {
            let id = app.user("e").await;
            let got = app.get(&format!("/Users/{id}")).await;
            let etag = got.header("etag").unwrap_or_default().to_owned();
            let request = Request::builder()
                .uri(format!("/scim/v2/Users/{id}"))
                .header("authorization", format!("Bearer {}", super::support::TOKEN))
                .header("if-none-match", etag)
                .body(Body::empty())
                .expect("valid request");
            app.send(request).await.status == StatusCode::NOT_MODIFIED
        }
        Fault::IfMatchIgnored => {
            let id = app.user("e").await;
            let request = Request::builder()
                .method("DELETE")
                .uri(format!("/scim/v2/Users/{id}"))
                .header("authorization", format!("Bearer {}", super::support::TOKEN))
                .header("if-match", "W/\"stale\"")
                .body(Body::empty())
                .expect("valid request");
            app.send(request).await.status == StatusCode::PRECONDITION_FAILED
        }
        Fault::StartIndexBelowOneRefused => {
            three(app).await;
            names(&app.get("/Users?startIndex=0&count=1").await) == ["a"]
        }
        Fault::CountZeroIgnored => {
            three(app).await;
            let r = app.get("/Users?count=0").await;
            r.json["totalResults"] == 3 && names(&r).is_empty()
        }
        Fault::SortIgnored => {
            three(app).await;
            names(&app.get("/Users?sortBy=userName&sortOrder=descending").await) == ["c", "b", "a"]
        }
        Fault::ExcludedAttributesIgnored => {
            app.user("x").await;
            let r = app.get("/Users?excludedAttributes=name").await;
            r.json["Resources"][0].get("name").is_none()
        }
        Fault::WwwAuthenticateMissing => {
            let request = Request::builder()
                .uri("/scim/v2/Users")
                .body(Body::empty())
                .expect("valid request");
            let r = app.send(request).await;
            r.status == StatusCode::UNAUTHORIZED && r.header("www-authenticate").is_some()
        }
        Fault::PatchAddReplaces => {
            let id = app.user("m").await;
            let ops = json!([{"op": "add", "path": "emails", "value": [{"value": "second@example.com", "type": "home"}]}]);
            let r = app.patch(&format!("/Users/{id}"), ops).await;
            r.json["emails"].as_array().map_or(0, Vec::len) == 2
        }
        Fault::RemoveFilterRemovesAll => {
            let id = app.user("r").await;
            let add = json!([{"op": "add", "path": "emails", "value": [{"value": "home@example.com", "type": "home"}]}]);
            app.patch(&format!("/Users/{id}"), add).await;
            let remove = json!([{"op": "remove", "path": "emails[type eq \"home\"]"}]);
            let r = app.patch(&format!("/Users/{id}"), remove).await;
            r.json["emails"].as_array().map_or(0, Vec::len) == 1
        }
        Fault::ReplaceComplexClears => {
            let id = app.user("n").await;
            let ops = json!([{"op": "replace", "path": "name", "value": {"givenName": "New"}}]);
            let r = app.patch(&format!("/Users/{id}"), ops).await;
            r.json["name"]["givenName"] == "New" && r.json["name"]["familyName"].is_string()
        }
        Fault::ScimTypeMissing => {
            let r = app.get("/Users?filter=userName%20regex%20%22x%22").await;
            r.status == StatusCode::BAD_REQUEST && r.json["scimType"] == "invalidFilter"
        }
        Fault::SchemasListMessages => {
            let r = app.get("/Schemas").await;
            r.json["Resources"].as_array().is_some_and(|a| {
                a.iter().all(|s| {
                    !s["id"]
                        .as_str()
                        .unwrap_or_default()
                        .starts_with("urn:ietf:params:scim:api:")
                })
            })
        }
        Fault::AttributesIgnored => {
            app.user("x").await;
            let r = app.get("/Users?attributes=userName").await;
            r.json["Resources"][0].get("name").is_none()
        }
        Fault::SpcWithoutAuthenticationSchemes => {
            app.get("/ServiceProviderConfig").await.json["authenticationSchemes"].is_array()
        }
        Fault::EtagUnquoted => {
            let id = app.user("e").await;
            let r = app.get(&format!("/Users/{id}")).await;
            r.header("etag").is_some_and(|t| t.ends_with('"'))
        }
        Fault::BrokenJsonAnswers500 => {
            let request = Request::builder()
                .method("POST")
                .uri("/scim/v2/Users")
                .header("authorization", format!("Bearer {}", super::support::TOKEN))
                .header("content-type", "application/scim+json")
                .body(Body::from("{\"userName\": "))
                .expect("valid request");
            app.send(request).await.status == StatusCode::BAD_REQUEST
        }
        Fault::VersionNotBumped => {
            let id = app.user("v").await;
            let before = app.get(&format!("/Users/{id}")).await.json["meta"]["version"].clone();
            let ops = json!([{"op": "replace", "path": "title", "value": "New"}]);
            let after = app.patch(&format!("/Users/{id}"), ops).await;
            after.json["meta"]["version"] != before
        }
        Fault::ValuePathTermsSplit => {
            let id = app.user("w@example.com").await;
            let add = json!([{"op": "add", "path": "emails", "value": [{"value": "h@home.example", "type": "home"}]}]);
            app.patch(&format!("/Users/{id}"), add).await;
            // Work email w@example.com, home email h@home.example: no single email is both.
            let r = app
                .get("/Users?filter=emails%5Btype%20eq%20%22work%22%20and%20value%20ew%20%22home.example%22%5D")
                .await;
            r.json["totalResults"] == 0
        }
        Fault::FilterNotIgnored => {
            three(app).await;
            let r = app
                .get("/Users?filter=not%20(userName%20eq%20%22a%22)")
                .await;
            names(&r) == ["b", "c"]
        }
        Fault::AcceptJsonRefused => {
            app.send(with_header("accept", "application/json"))
                .await
                .status
                == StatusCode::OK
        }
        Fault::AcceptAnyRefused => {
            app.send(with_header("accept", "*/*")).await.status == StatusCode::OK
        }
        Fault::JsonContentTypeRefused => {
            let request = Request::builder()
                .method("POST")
                .uri("/scim/v2/Users")
                .header("authorization", format!("Bearer {}", super::support::TOKEN))
                .header("content-type", "application/json")
                .body(Body::from(okta_user("j").to_string()))
                .expect("valid request");
            app.send(request).await.status == StatusCode::CREATED
        }
        Fault::WrongMethodAnswers200 => {
            let r = app.put("/Users", okta_user("w")).await;
            r.status == StatusCode::METHOD_NOT_ALLOWED && r.is_scim_error()
        }
        Fault::DiscoveryPaged => {
            let r = app.get("/Schemas?startIndex=1&count=1").await;
            r.json["Resources"].as_array().map_or(0, Vec::len) > 1
        }
        Fault::DiscoveryFilterAnswered => {
            let r = app
                .get("/ResourceTypes?filter=name%20eq%20%22User%22")
                .await;
            r.status == StatusCode::FORBIDDEN && r.is_scim_error()
        }
        Fault::EqOnlyFilters => {
            // "Every filter operator is offered".
            app.user("o").await;
            app.get("/Users?filter=userName%20sw%20%22o%22")
                .await
                .status
                == StatusCode::OK
        }
        Fault::NoGroups => {
            // "The server has groups": the endpoint answers and the resource type is listed.
            let listed = app.get("/ResourceTypes").await.json["Resources"]
                .as_array()
                .is_some_and(|a| a.iter().any(|t| t["name"] == "Group"));
            listed && app.get("/Groups").await.status == StatusCode::OK
        }
        Fault::PasswordChangeRefused => {
            let advertised = app.get("/ServiceProviderConfig").await.json["changePassword"]["supported"]
                == json!(true);
            let id = app.user("pw").await;
            let ops = json!([{"op": "replace", "value": {"password": "N3w-secret"}}]);
            advertised && app.patch(&format!("/Users/{id}"), ops).await.status == StatusCode::OK
        }
        Fault::NumericIds => {
            // "Ids are not plain numbers" (the reference server's own are UUIDs).
            let id = app.user("n").await;
            !id.bytes().all(|b| b.is_ascii_digit())
        }
        Fault::ErrorDetailQuotesId => {
            // "A duplicate's detail does not name the existing user's id".
            let id = app.user("held").await;
            let detail = app.post("/Users", okta_user("held")).await.json["detail"].clone();
            !detail.as_str().unwrap_or_default().contains(&id)
        }
        Fault::UsernameLowercased => {
            app.post("/Users", okta_user("Mixed.Case@Example.com"))
                .await
                .json["userName"]
                == "Mixed.Case@Example.com"
        }
        Fault::SpcDeniesPatch => {
            // The rule: what the ServiceProviderConfig says about PATCH is what PATCH does.
            let advertised =
                app.get("/ServiceProviderConfig").await.json["patch"]["supported"] == json!(true);
            let id = app.user("p").await;
            let ops = json!([{"op": "replace", "path": "title", "value": "T"}]);
            let works = app.patch(&format!("/Users/{id}"), ops).await.status == StatusCode::OK;
            advertised == works
        }
        Fault::SpcDeniesFilter => {
            // The rule: what the ServiceProviderConfig says about filters is what they do.
            let advertised =
                app.get("/ServiceProviderConfig").await.json["filter"]["supported"] == json!(true);
            app.user("f").await;
            let works =
                app.get("/Users?filter=userName%20eq%20%22f%22").await.json["totalResults"] == 1;
            advertised == works
        }
        Fault::MeWithoutLocation | Fault::MeAnswers500 => {
            let r = app.get("/Me").await;
            r.status == StatusCode::NOT_IMPLEMENTED && r.is_scim_error()
        }
        Fault::DeletedStillListed => {
            let id = app.user("gone").await;
            app.delete(&format!("/Users/{id}")).await;
            app.get("/Users").await.json["totalResults"] == 0
        }
        Fault::UnknownEndpointAnswers200 => {
            let r = app.get("/NoSuchEndpoint").await;
            r.status == StatusCode::NOT_FOUND && r.is_scim_error()
        }
        Fault::ResourceTypeWithoutEndpoint => {
            app.get("/ResourceTypes").await.json["Resources"][0]["endpoint"] == "/Users"
        }
        Fault::SchemaByIdAnswersList => {
            let r = app
                .get("/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
                .await;
            r.json["id"] == "urn:ietf:params:scim:schemas:core:2.0:User"
        }
        Fault::BulkIdsNotResolved => {
            let ops = json!([
                {"method": "POST", "path": "/Users", "bulkId": "b", "data": okta_user("bob")},
                {"method": "POST", "path": "/Users", "bulkId": "a", "data": {"userName": "ann",
                    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "bulkId:b"}}}},
            ]);
            let r = bulk(app, None, ops).await;
            let id = |i: usize| {
                r.json["Operations"][i]["location"]
                    .as_str()
                    .and_then(|l| l.rsplit('/').next())
                    .unwrap_or_default()
                    .to_owned()
            };
            let ann = app.get(&format!("/Users/{}", id(1))).await;
            ann.json["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]["manager"]["value"]
                == json!(id(0))
        }
        Fault::BulkCircular500 => {
            let group = |name: &str, other: &str| json!({"displayName": name, "members": [{"value": format!("bulkId:{other}")}]});
            let ops = json!([
                {"method": "POST", "path": "/Groups", "bulkId": "a", "data": group("a", "b")},
                {"method": "POST", "path": "/Groups", "bulkId": "b", "data": group("b", "a")},
            ]);
            let r = bulk(app, None, ops).await;
            r.json["Operations"]
                .as_array()
                .is_some_and(|ops| ops.iter().all(|o| o["status"] == "409"))
        }
        Fault::FailOnErrorsIgnored => {
            let ops = json!([
                {"method": "DELETE", "path": "/Users/nope"},
                {"method": "POST", "path": "/Users", "bulkId": "late", "data": okta_user("late")},
            ]);
            bulk(app, Some(1), ops).await.json["Operations"]
                .as_array()
                .map(Vec::len)
                == Some(1)
        }
        Fault::BulkLimitIgnored => {
            let ops: Vec<Value> = (0..=crate::reference::bulk::MAX_OPERATIONS)
                .map(|i| json!({"method": "DELETE", "path": format!("/Users/absent-{i}")}))
                .collect();
            bulk(app, None, Value::from(ops)).await.status == StatusCode::PAYLOAD_TOO_LARGE
        }
        Fault::BulkStatusAsNumber => {
            let ops = json!([{"method": "POST", "path": "/Users", "bulkId": "n", "data": okta_user("n")}]);
            bulk(app, None, ops).await.json["Operations"][0]["status"] == "201"
        }
        Fault::BulkErrorWithoutResponse => {
            let ops = json!([{"method": "DELETE", "path": "/Users/nope"}]);
            bulk(app, None, ops).await.json["Operations"][0]["response"]["status"] == "404"
        }
        Fault::IntegerAsString => {
            let id = custom_user(app).await;
            app.get(&format!("/Users/{id}")).await.json[CUSTOM]["clearanceLevel"] == json!(3)
        }
        Fault::UndeclaredAttributeReturned => {
            let id = app.user("u").await;
            app.get(&format!("/Users/{id}")).await.json["scimgateInternalScore"].is_null()
        }
        Fault::ExtensionAttributesAtTopLevel => {
            let id = custom_user(app).await;
            let r = app.get(&format!("/Users/{id}")).await;
            r.json[CUSTOM]["skills"] == json!(["rust"]) && r.json["skills"].is_null()
        }
        Fault::ImmutableChangeIgnored => {
            let id = custom_user(app).await;
            let mut body = custom_body();
            body[CUSTOM]["badgeId"] = json!("b2");
            app.put(&format!("/Users/{id}"), body).await.status == StatusCode::BAD_REQUEST
        }
        Fault::ImmutableChangeApplied => {
            let id = custom_user(app).await;
            let mut body = custom_body();
            body[CUSTOM]["badgeId"] = json!("b2");
            app.put(&format!("/Users/{id}"), body).await;
            app.get(&format!("/Users/{id}")).await.json[CUSTOM]["badgeId"] == "b1"
        }
        Fault::ImmutablePatchApplied => {
            let id = custom_user(app).await;
            let path = format!("{CUSTOM}:badgeId");
            let ops = json!([{"op": "replace", "path": path, "value": "b2"}]);
            let refused = app.patch(&format!("/Users/{id}"), ops).await.status;
            refused == StatusCode::BAD_REQUEST
                && app.get(&format!("/Users/{id}")).await.json[CUSTOM]["badgeId"] == "b1"
        }
        Fault::ImmutableUnsetNotApplied => {
            let id = app.user("x@example.com").await;
            let mut body = okta_user("x@example.com");
            body[CUSTOM] = json!({"badgeId": "b1"});
            app.put(&format!("/Users/{id}"), body).await;
            app.get(&format!("/Users/{id}")).await.json[CUSTOM]["badgeId"] == "b1"
        }
        Fault::VersionSegment404 => {
            // The unversioned base answers either way; the fault breaks only `/api/v2`.
            let mut served = true;
            for path in [
                "/api/Users",
                "/api/v2/Users",
                "/api/v2/ServiceProviderConfig",
            ] {
                let request = Request::builder()
                    .uri(path)
                    .header("authorization", format!("Bearer {}", super::support::TOKEN))
                    .body(Body::empty())
                    .expect("valid request");
                served &= app.send(request).await.status == StatusCode::OK;
            }
            served
        }
    }
}

/// `GET /Users` with the token and one extra header.
fn with_header(name: &str, value: &str) -> Request<Body> {
    Request::builder()
        .uri("/scim/v2/Users")
        .header("authorization", format!("Bearer {}", super::support::TOKEN))
        .header(name, value)
        .body(Body::empty())
        .expect("valid request")
}

/// Sends a BulkRequest with these operations.
async fn bulk(app: &TestApp, fail_on_errors: Option<u64>, ops: Value) -> super::support::Reply {
    let mut body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"], "Operations": ops});
    if let Some(n) = fail_on_errors {
        body["failOnErrors"] = json!(n);
    }
    app.post("/Bulk", body).await
}

/// The reference server's own User extension.
const CUSTOM: &str = "urn:scimgate:schemas:extension:reference:2.0:User";

fn custom_body() -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", CUSTOM],
        "userName": "x@example.com",
        CUSTOM: {"badgeId": "b1", "clearanceLevel": 3, "remote": true,
                 "workstation": {"building": "B", "floor": 2}, "skills": ["rust"]},
    })
}

/// Creates a user with every attribute of the reference extension set.
async fn custom_user(app: &TestApp) -> String {
    let reply = app.post("/Users", custom_body()).await;
    reply.json["id"].as_str().unwrap_or_default().to_owned()
}

async fn three(app: &TestApp) {
    for name in ["a", "b", "c"] {
        app.user(name).await;
    }
}

/// Time is paused so the slow-responses fault costs no real time.
/// Every fault's rule holds on the correct server and breaks with the fault: the probe is
/// one exhaustive match (`holds`), so a new fault without one does not build.
#[tokio::test(start_paused = true)]
async fn every_fault_breaks_its_rule_and_only_with_the_fault() {
    let mut wrong = Vec::new();
    for &fault in Fault::ALL {
        if !holds(fault, &TestApp::new()).await {
            wrong.push(format!(
                "{}: rule does not hold on the correct server",
                fault.name()
            ));
        }
        if holds(fault, &TestApp::with_faults(&[fault])).await {
            wrong.push(format!(
                "{}: switching the fault on changes nothing",
                fault.name()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn faults_combine_independently() {
    let app = TestApp::with_faults(&[
        Fault::CreateAnswers200,
        Fault::MetaMissing,
        Fault::ErrorStatusAsNumber,
    ]);
    let created = app.post("/Users", okta_user("x")).await;
    assert_eq!(created.status, StatusCode::OK);
    assert!(created.json.get("meta").is_none());
    assert_eq!(created.json["userName"], "x");
    assert_eq!(app.get("/Users/nope").await.json["status"], 404);
}
