//! What a recorded request is, in Okta's terms: its [`Shape`] (a create, a deactivation, a
//! membership change...), the admin's feature it belongs to, and the checks the built-in
//! scenarios use for a request of that shape and outcome.
//!
//! The recorder judges each exchange live with these checks, and the scenario writer puts the
//! same list into the written step's `expect`, so a replay judges what the live session did.
//! The checks are built in the scenario format (`{"check": "create-201"}`) with the recorded
//! values; the writer then turns those values into variables like the rest of the step.

use crate::feature::OktaFeature;
use crate::http::Method;
use crate::scenario::ResourceKind;
use serde_json::{Value, json};

/// The closed set of request shapes the recorder tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// `GET /Users` without a filter: Test API Credentials, or an import page.
    ListUsers,
    /// `GET /Users?filter=…`: the lookup before a create, or a match during import.
    FindUser,
    /// `POST /Users`.
    CreateUser,
    /// `GET /Users/{id}`.
    GetUser,
    /// `PUT /Users/{id}`.
    ReplaceUser,
    /// `PATCH /Users/{id}` setting `active` to false.
    DeactivateUser,
    /// `PATCH /Users/{id}` setting `active` to true.
    ReactivateUser,
    /// `PATCH /Users/{id}` changing only the password.
    SetPassword,
    /// Any other `PATCH /Users/{id}`.
    PatchUser,
    /// `DELETE /Users/{id}`.
    DeleteUser,
    /// `GET /Groups` without a filter.
    ListGroups,
    /// `GET /Groups?filter=…`.
    FindGroup,
    /// `POST /Groups`.
    CreateGroup,
    /// `GET /Groups/{id}`.
    GetGroup,
    /// `PUT /Groups/{id}`.
    ReplaceGroup,
    /// `PATCH /Groups/{id}` (members, a rename).
    PatchGroup,
    /// `DELETE /Groups/{id}`.
    DeleteGroup,
    /// `GET /ServiceProviderConfig`, `/ResourceTypes`, `/Schemas` (and below).
    Discovery,
    /// Anything else: forwarded and recorded, not judged.
    Other,
}

/// The resource a path names: its kind and id, when it has one (`/Users/42` → User, `42`).
pub fn resource(path: &str) -> Option<(ResourceKind, Option<String>)> {
    let path = path.split('?').next().unwrap_or(path);
    let mut parts = path.trim_start_matches('/').splitn(2, '/');
    let kind = match parts.next()?.to_ascii_lowercase().as_str() {
        "users" => ResourceKind::User,
        "groups" => ResourceKind::Group,
        _ => return None,
    };
    let id = parts
        .next()
        .filter(|s| !s.is_empty())
        .map(|s| s.trim_end_matches('/').to_owned());
    Some((kind, id))
}

fn has_filter(path: &str) -> bool {
    path.split_once('?').is_some_and(|(_, q)| {
        q.split('&').any(|kv| {
            kv.split('=')
                .next()
                .is_some_and(|k| k.eq_ignore_ascii_case("filter"))
        })
    })
}

/// The `active` value a PATCH sets, in any of Okta's spellings (`path: active`, or a
/// no-path replace whose value holds `active`).
fn patch_active(body: &Value) -> Option<bool> {
    let ops = body.get("Operations")?.as_array()?;
    ops.iter().find_map(|op| {
        let value = op.get("value")?;
        let as_bool = |v: &Value| match v {
            Value::Bool(b) => Some(*b),
            Value::String(s) => s.parse::<bool>().ok(),
            _ => None,
        };
        match op.get("path").and_then(Value::as_str) {
            Some(p) if p.eq_ignore_ascii_case("active") => as_bool(value),
            None => value.get("active").and_then(as_bool),
            _ => None,
        }
    })
}

fn patch_only_password(body: &Value) -> bool {
    body.get("Operations")
        .and_then(Value::as_array)
        .is_some_and(|ops| {
            !ops.is_empty()
                && ops
                    .iter()
                    .all(|op| match op.get("path").and_then(Value::as_str) {
                        Some(p) => p.eq_ignore_ascii_case("password"),
                        None => op
                            .get("value")
                            .and_then(Value::as_object)
                            .is_some_and(|o| o.len() == 1 && o.contains_key("password")),
                    })
        })
}

/// The values at these pointers of a body (nulls left out).
fn pick_from(from: Option<&Value>, pointers: &[&str]) -> serde_json::Map<String, Value> {
    pointers
        .iter()
        .filter_map(|p| Some(((*p).to_owned(), from?.pointer(p)?.clone())))
        .filter(|(_, v)| !v.is_null())
        .collect()
}

/// The user fields Okta's SPEC test reads (`id`, `userName`, names, the first email,
/// `active`) that the recorded user at `at` (`""`, `/Resources/0`) had, as pointers.
pub(crate) fn present(response: Option<&Value>, at: &str) -> Vec<String> {
    [
        "/id",
        "/userName",
        "/name/givenName",
        "/name/familyName",
        "/emails/0/value",
        "/active",
    ]
    .into_iter()
    .map(|p| format!("{at}{p}"))
    .filter(|p| {
        response
            .and_then(|r| r.pointer(p))
            .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
    })
    .collect()
}

/// True for a PATCH body whose path-less replace sets `displayName` (Okta's group rename).
fn renames(body: Option<&Value>) -> bool {
    body.and_then(|b| b.get("Operations"))
        .and_then(Value::as_array)
        .is_some_and(|ops| {
            ops.iter().any(|op| {
                op.get("path").is_none()
                    && op
                        .get("op")
                        .and_then(Value::as_str)
                        .is_some_and(|o| o.eq_ignore_ascii_case("replace"))
                    && op.pointer("/value/displayName").is_some()
            })
        })
}

impl Shape {
    /// Classifies a request by method, path (with query) and body.
    pub fn of(method: Method, path: &str, body: Option<&Value>) -> Shape {
        let bare = path.split('?').next().unwrap_or(path).to_ascii_lowercase();
        if ["/serviceproviderconfig", "/resourcetypes", "/schemas"]
            .iter()
            .any(|d| bare.starts_with(d))
        {
            return if method == Method::Get {
                Shape::Discovery
            } else {
                Shape::Other
            };
        }
        let Some((kind, id)) = resource(path) else {
            return Shape::Other;
        };
        let null = Value::Null;
        let body = body.unwrap_or(&null);
        match (kind, method, id.is_some()) {
            (ResourceKind::User, Method::Get, false) if has_filter(path) => Shape::FindUser,
            (ResourceKind::User, Method::Get, false) => Shape::ListUsers,
            (ResourceKind::User, Method::Post, false) => Shape::CreateUser,
            (ResourceKind::User, Method::Get, true) => Shape::GetUser,
            (ResourceKind::User, Method::Put, true) => Shape::ReplaceUser,
            (ResourceKind::User, Method::Patch, true) => match patch_active(body) {
                Some(false) => Shape::DeactivateUser,
                Some(true) => Shape::ReactivateUser,
                None if patch_only_password(body) => Shape::SetPassword,
                None => Shape::PatchUser,
            },
            (ResourceKind::User, Method::Delete, true) => Shape::DeleteUser,
            (ResourceKind::Group, Method::Get, false) if has_filter(path) => Shape::FindGroup,
            (ResourceKind::Group, Method::Get, false) => Shape::ListGroups,
            (ResourceKind::Group, Method::Post, false) => Shape::CreateGroup,
            (ResourceKind::Group, Method::Get, true) => Shape::GetGroup,
            (ResourceKind::Group, Method::Put, true) => Shape::ReplaceGroup,
            (ResourceKind::Group, Method::Patch, true) => Shape::PatchGroup,
            (ResourceKind::Group, Method::Delete, true) => Shape::DeleteGroup,
            _ => Shape::Other,
        }
    }

    /// A short name for step names and live lines (`create-user`).
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::ListUsers => "list-users",
            Shape::FindUser => "find-user",
            Shape::CreateUser => "create-user",
            Shape::GetUser => "get-user",
            Shape::ReplaceUser => "replace-user",
            Shape::DeactivateUser => "deactivate-user",
            Shape::ReactivateUser => "reactivate-user",
            Shape::SetPassword => "set-password",
            Shape::PatchUser => "patch-user",
            Shape::DeleteUser => "delete-user",
            Shape::ListGroups => "list-groups",
            Shape::FindGroup => "find-group",
            Shape::CreateGroup => "create-group",
            Shape::GetGroup => "get-group",
            Shape::ReplaceGroup => "replace-group",
            Shape::PatchGroup => "patch-group",
            Shape::DeleteGroup => "delete-group",
            Shape::Discovery => "discovery",
            Shape::Other => "other",
        }
    }

    /// The admin's feature a request of this shape belongs to. A list probe with `count` of
    /// 1 or 2 is Test API Credentials; a bigger page an import.
    pub fn feature(self, path: &str) -> Option<OktaFeature> {
        let small_page = path.split_once('?').is_some_and(|(_, q)| {
            q.split('&')
                .any(|kv| matches!(kv.split_once('='), Some(("count", "1" | "2"))))
        });
        Some(match self {
            Shape::ListUsers if small_page => OktaFeature::TestApiCredentials,
            Shape::ListUsers => OktaFeature::ImportUsers,
            Shape::FindUser | Shape::CreateUser | Shape::GetUser => OktaFeature::CreateUsers,
            Shape::ReplaceUser | Shape::PatchUser => OktaFeature::UpdateUserAttributes,
            Shape::DeactivateUser | Shape::ReactivateUser | Shape::DeleteUser => {
                OktaFeature::DeactivateUsers
            }
            Shape::SetPassword => OktaFeature::SyncPassword,
            Shape::ListGroups => OktaFeature::ImportGroups,
            Shape::FindGroup
            | Shape::CreateGroup
            | Shape::GetGroup
            | Shape::ReplaceGroup
            | Shape::PatchGroup
            | Shape::DeleteGroup => OktaFeature::PushGroups,
            Shape::Discovery if path.to_ascii_lowercase().starts_with("/schemas") => {
                OktaFeature::ImportUserSchema
            }
            Shape::Discovery => OktaFeature::TestApiCredentials,
            Shape::Other => return None,
        })
    }

    /// The checks for a request of this shape that was answered `status` (the recorded
    /// request body and response body give the values), in the scenario format.
    pub fn expect(
        self,
        status: u16,
        request: Option<&Value>,
        response: Option<&Value>,
    ) -> Vec<Value> {
        let ok = (200..300).contains(&status);
        let pick = |pointers: &[&str]| pick_from(request, pointers);
        let found_id = response
            .and_then(|r| r.pointer("/Resources/0/id"))
            .and_then(Value::as_str);
        let total = response
            .and_then(|r| r.get("totalResults"))
            .and_then(Value::as_u64);
        if status == 401 {
            // Refused credentials: Okta's SPEC test 11 wants a 401 SCIM Error with a detail.
            return vec![
                json!({"check": "bad-token-401"}),
                json!({"check": "www-authenticate"}),
                json!({"check": "error-detail"}),
            ];
        }
        let kind = match self {
            Shape::CreateGroup => "Group",
            _ => "User",
        };
        match (self, ok) {
            (Shape::ListUsers | Shape::ListGroups, true) => vec![json!({"check": "list-response"})],
            (Shape::FindUser | Shape::FindGroup, true) => match (total, found_id) {
                (Some(0), _) => vec![
                    json!({"check": "filter-no-match"}),
                    json!({"check": "filter-no-match-200"}),
                ],
                (_, Some(id)) => {
                    // The user found reads as the session wrote it (Okta links on what the
                    // match returns: its name, emails and status).
                    let mut v = vec![json!({"check": "filter-match", "id": id})];
                    let values = pick_from(
                        response,
                        &[
                            "/Resources/0/userName",
                            "/Resources/0/active",
                            "/Resources/0/name/givenName",
                            "/Resources/0/name/familyName",
                            "/Resources/0/displayName",
                        ],
                    );
                    if !values.is_empty() {
                        v.push(json!({"check": "read-back", "values": values}));
                    }
                    v
                }
                _ => vec![json!({"check": "list-response"})],
            },
            (Shape::CreateUser, true) => {
                let mut v = vec![
                    json!({"check": "create-201"}),
                    json!({"check": "create-returns-resource"}),
                    json!({"check": "create-location"}),
                    json!({"check": "meta", "kind": kind}),
                ];
                if let Some(u) = request.and_then(|r| r.get("userName")) {
                    v.push(json!({"check": "username-exact", "value": u}));
                }
                let values = pick(&[
                    "/userName",
                    "/name/givenName",
                    "/name/familyName",
                    "/active",
                ]);
                if !values.is_empty() {
                    v.push(json!({"check": "echo", "values": values}));
                }
                v
            }
            (Shape::CreateGroup, true) => {
                let mut v = vec![
                    json!({"check": "create-201"}),
                    json!({"check": "create-returns-resource"}),
                    json!({"check": "create-location"}),
                    json!({"check": "meta", "kind": kind}),
                ];
                let values = pick(&["/displayName"]);
                if !values.is_empty() {
                    v.push(json!({"check": "echo", "values": values}));
                }
                v
            }
            (Shape::CreateUser | Shape::CreateGroup, false) if status == 409 => vec![
                json!({"check": "duplicate-refused"}),
                json!({"check": "duplicate-409"}),
                json!({"check": "duplicate-scim-type"}),
            ],
            // A read after a write: what the session wrote reads back (the writer keeps only
            // the values it can turn into variables).
            (Shape::GetUser, true) => {
                let mut v = vec![json!({"check": "get-200"})];
                // What Okta's SPEC test reads of a user, where the recorded answer had it.
                let present = present(response, "");
                if !present.is_empty() {
                    v.push(json!({"check": "not-empty", "pointers": present}));
                }
                let values = pick_from(
                    response,
                    &[
                        "/id",
                        "/userName",
                        "/active",
                        "/name/givenName",
                        "/name/familyName",
                        "/displayName",
                    ],
                );
                if !values.is_empty() {
                    v.push(json!({"check": "read-back", "values": values}));
                }
                v
            }
            (Shape::GetGroup, true) => {
                let mut v = vec![json!({"check": "get-200"})];
                let values = pick_from(response, &["/id", "/displayName"]);
                if !values.is_empty() {
                    v.push(json!({"check": "read-back", "values": values}));
                }
                if let Some(members) = response
                    .and_then(|r| r.get("members"))
                    .and_then(Value::as_array)
                {
                    let ids: Vec<Value> = members
                        .iter()
                        .filter_map(|m| m.get("value").cloned())
                        .collect();
                    v.push(json!({"check": "members", "exactly": ids}));
                }
                v
            }
            (Shape::Discovery, true) => vec![json!({"check": "get-200"})],
            (Shape::ReplaceUser | Shape::ReplaceGroup, true) => {
                let mut v = vec![json!({"check": "replace-200"})];
                let values = pick(&[
                    "/userName",
                    "/displayName",
                    "/active",
                    "/name/givenName",
                    "/name/familyName",
                ]);
                if !values.is_empty() {
                    v.push(json!({"check": "echo", "values": values}));
                }
                v
            }
            // Okta's group rename: a path-less replace repeating the group's id.
            (Shape::PatchGroup, true) if renames(request) => vec![
                json!({"check": "group-rename-accepted"}),
                json!({"check": "patch-200-or-204"}),
            ],
            (
                Shape::DeactivateUser
                | Shape::ReactivateUser
                | Shape::SetPassword
                | Shape::PatchUser
                | Shape::PatchGroup,
                true,
            ) => vec![json!({"check": "patch-200-or-204"})],
            (Shape::DeleteUser | Shape::DeleteGroup, true) => vec![json!({"check": "delete-204"})],
            (Shape::GetUser | Shape::GetGroup, false) if status == 404 => vec![
                json!({"check": "unknown-id-404"}),
                json!({"check": "error-detail"}),
            ],
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn okta_requests_get_their_shapes_and_features() {
        let deactivate = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {"active": false}}]});
        let password = json!({"Operations": [{"op": "replace", "value": {"password": "x"}}]});
        for (method, path, body, shape, feature) in [
            (
                Method::Get,
                "/Users?startIndex=1&count=2",
                None,
                Shape::ListUsers,
                Some(OktaFeature::TestApiCredentials),
            ),
            (
                Method::Get,
                "/Users?startIndex=1&count=100",
                None,
                Shape::ListUsers,
                Some(OktaFeature::ImportUsers),
            ),
            (
                Method::Get,
                "/Users?filter=userName%20eq%20%22a%22&startIndex=1&count=100",
                None,
                Shape::FindUser,
                Some(OktaFeature::CreateUsers),
            ),
            (
                Method::Post,
                "/Users",
                None,
                Shape::CreateUser,
                Some(OktaFeature::CreateUsers),
            ),
            (
                Method::Patch,
                "/Users/42",
                Some(&deactivate),
                Shape::DeactivateUser,
                Some(OktaFeature::DeactivateUsers),
            ),
            (
                Method::Patch,
                "/Users/42",
                Some(&password),
                Shape::SetPassword,
                Some(OktaFeature::SyncPassword),
            ),
            (
                Method::Patch,
                "/Groups/g1",
                None,
                Shape::PatchGroup,
                Some(OktaFeature::PushGroups),
            ),
            (
                Method::Get,
                "/Schemas",
                None,
                Shape::Discovery,
                Some(OktaFeature::ImportUserSchema),
            ),
            (Method::Get, "/favicon.ico", None, Shape::Other, None),
        ] {
            let got = Shape::of(method, path, body);
            assert_eq!(got, shape, "{path}");
            assert_eq!(got.feature(path), feature, "{path}");
        }
    }

    #[test]
    fn the_checks_follow_the_outcome_and_carry_the_recorded_values() {
        let body = json!({"userName": "a@example.com", "name": {"givenName": "A"}, "active": true});
        let created = Shape::CreateUser.expect(201, Some(&body), None);
        assert_eq!(created[0], json!({"check": "create-201"}));
        assert!(created.contains(&json!({"check": "username-exact", "value": "a@example.com"})));
        assert!(created.contains(&json!({"check": "echo", "values": {
            "/userName": "a@example.com", "/name/givenName": "A", "/active": true}})));
        assert_eq!(
            Shape::CreateUser.expect(409, Some(&body), None),
            vec![
                json!({"check": "duplicate-refused"}),
                json!({"check": "duplicate-409"}),
                json!({"check": "duplicate-scim-type"})
            ]
        );
        // Refused credentials, whatever the request: SPEC 11's checks.
        assert_eq!(
            Shape::ListUsers.expect(401, None, None)[0],
            json!({"check": "bad-token-401"})
        );
        let rename =
            json!({"Operations": [{"op": "replace", "value": {"id": "g", "displayName": "N"}}]});
        assert_eq!(
            Shape::PatchGroup.expect(204, Some(&rename), None)[0],
            json!({"check": "group-rename-accepted"})
        );
        let user = json!({"id": "u", "userName": "a", "active": true});
        assert!(
            Shape::GetUser.expect(200, None, Some(&user)).contains(
                &json!({"check": "not-empty", "pointers": ["/id", "/userName", "/active"]})
            )
        );
        let found = json!({"totalResults": 1, "Resources": [{"id": "u-1"}]});
        assert_eq!(
            Shape::FindUser.expect(200, None, Some(&found)),
            vec![json!({"check": "filter-match", "id": "u-1"})]
        );
        let found = json!({"totalResults": 1, "Resources": [{"id": "u-1", "userName": "a", "active": true}]});
        assert_eq!(
            Shape::FindUser.expect(200, None, Some(&found))[1],
            json!({"check": "read-back", "values": {"/Resources/0/userName": "a", "/Resources/0/active": true}})
        );
    }
}
