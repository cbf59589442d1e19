//! `--sync-group NAME`: vendors often make every user Okta provisions join a group the admin
//! chose. Before a scenario cleans up, each user it created must read back as a member of that
//! group, through `User.groups` or through the group's `members`; the outcome says which way.
//! The group itself is only read, never changed. The judgement is `check/sync_group.rs`'s.

use super::result::{Exchange, StepResult, worst};
use crate::check::{
    CheckId, CheckOutcome, eval_sync_group_member, group_lists_member, sync_group_id,
    user_lists_group,
};
use crate::http::{HttpClient, Method, RequestSpec};
use crate::template::{VarSet, render_str};
use serde_json::Value;
use tokio::sync::OnceCell;

/// The sync group, looked up once per run.
#[derive(Debug)]
pub(crate) struct SyncGroup {
    pub(crate) name: String,
    id: OnceCell<Result<String, String>>,
}

impl SyncGroup {
    pub(crate) fn new(name: String) -> Self {
        Self {
            name,
            id: OnceCell::new(),
        }
    }

    async fn id(&self, client: &HttpClient) -> Result<String, String> {
        self.id
            .get_or_init(|| async {
                let mut vars = VarSet::default();
                vars.set("n", Value::String(self.name.clone()));
                let q = render_str(
                    "filter=displayName%20eq%20%22{{n|url}}%22&startIndex=1&count=2",
                    &vars,
                )
                .map_err(|e| e.to_string())?;
                let mut spec = RequestSpec::new(Method::Get, "/Groups");
                spec.query = Some(q);
                let resp = client
                    .send(&spec)
                    .await
                    .response
                    .map_err(|e| e.to_string())?;
                let body = resp
                    .json()
                    .map_err(|e| format!("looking up the sync group: {e}"))?;
                sync_group_id(&body, &self.name)
            })
            .await
            .clone()
    }

    /// Checks each user id; returns a synthetic step for the scenario's result.
    pub(crate) async fn check(&self, client: &HttpClient, users: &[String]) -> StepResult {
        let mut checks = Vec::new();
        let mut exchanges = Vec::new();
        let id = CheckId::SyncGroupMember;
        match self.id(client).await {
            Err(e) => checks.push(CheckOutcome::error(id, e)),
            Ok(gid) => {
                for uid in users {
                    let user = client
                        .send(&RequestSpec::new(
                            Method::Get,
                            super::ownership::resource_path(
                                crate::scenario::ResourceKind::User,
                                uid,
                            ),
                        ))
                        .await;
                    exchanges.push(Exchange::from_call(&user));
                    let in_user = user
                        .response
                        .as_ref()
                        .ok()
                        .and_then(|r| r.json().ok())
                        .is_some_and(|b| user_lists_group(&b, &gid));
                    if in_user {
                        checks.push(eval_sync_group_member(uid, &self.name, &gid, true, false));
                        continue;
                    }
                    let group = client
                        .send(&RequestSpec::new(
                            Method::Get,
                            super::ownership::resource_path(
                                crate::scenario::ResourceKind::Group,
                                &gid,
                            ),
                        ))
                        .await;
                    exchanges.push(Exchange::from_call(&group));
                    let in_group = group
                        .response
                        .as_ref()
                        .ok()
                        .and_then(|r| r.json().ok())
                        .is_some_and(|b| group_lists_member(&b, uid));
                    checks.push(eval_sync_group_member(
                        uid, &self.name, &gid, false, in_group,
                    ));
                }
            }
        }
        StepResult {
            name: "sync-group".to_owned(),
            title: format!(
                "Every created user is a member of the sync group \"{}\"",
                self.name
            ),
            source: None,
            feature: Some(crate::feature::OktaFeature::Assign),
            verdict: worst(checks.iter().map(|c| c.verdict)),
            exchanges,
            checks,
            capability: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;
    use crate::http::ClientOptions;
    use crate::secret::Secret;
    use serde_json::json;
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    async fn setup(groups_of_u1: Value, members: Value) -> (MockServer, HttpClient) {
        let server = MockServer::start().await;
        let list = |r: Value| {
            ResponseTemplate::new(200).set_body_json(json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"], "totalResults": r.as_array().map_or(0, Vec::len), "Resources": r}))
        };
        Mock::given(method("GET"))
            .and(path("/scim/Groups"))
            .and(query_param("filter", "displayName eq \"Everyone\""))
            .respond_with(list(json!([{"id": "g1", "displayName": "Everyone"}])))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/scim/Groups"))
            .respond_with(list(json!([])))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/scim/Users/u1"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"id": "u1", "groups": groups_of_u1})),
            )
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/scim/Groups/g1"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"id": "g1", "members": members})),
            )
            .mount(&server)
            .await;
        let client = HttpClient::new(ClientOptions::new(
            url::Url::parse(&format!("{}/scim", server.uri())).unwrap(),
            Secret::new("t"),
        ))
        .unwrap();
        (server, client)
    }

    #[tokio::test]
    async fn membership_through_user_groups_passes_and_says_so() {
        let (_s, client) = setup(json!([{"value": "g1"}]), json!([])).await;
        let step = SyncGroup::new("Everyone".into())
            .check(&client, &["u1".into()])
            .await;
        assert_eq!(step.verdict, Verdict::Pass);
        assert!(step.checks[0].message.contains("User.groups"));
    }

    #[tokio::test]
    async fn membership_through_group_members_passes_and_says_so() {
        let (_s, client) = setup(json!([]), json!([{"value": "u1"}])).await;
        let step = SyncGroup::new("Everyone".into())
            .check(&client, &["u1".into()])
            .await;
        assert_eq!(step.verdict, Verdict::Pass);
        assert!(step.checks[0].message.contains("members"));
    }

    #[tokio::test]
    async fn a_user_in_neither_fails() {
        let (_s, client) = setup(json!([]), json!([{"value": "someone-else"}])).await;
        let step = SyncGroup::new("Everyone".into())
            .check(&client, &["u1".into()])
            .await;
        assert_eq!(step.verdict, Verdict::Fail);
    }

    #[tokio::test]
    async fn a_missing_group_is_an_error_not_a_failure() {
        let (_s, client) = setup(json!([]), json!([])).await;
        let step = SyncGroup::new("Nobody".into())
            .check(&client, &["u1".into()])
            .await;
        assert_eq!(step.verdict, Verdict::Error);
        assert!(step.checks[0].message.contains("no group named"));
    }
}
