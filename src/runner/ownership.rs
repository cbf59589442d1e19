//! Ownership: scimgate writes only to objects it created and can prove it created.
//!
//! An object is the run's own when its create answered with its id (and the answer described
//! the object just sent: `create-own-resource`), or when a filter on the run-prefixed name it
//! was created with found it; the [`Ledger`] records it. Before the first PUT, PATCH or DELETE
//! to an object, a read must show it, under that id, carrying the run prefix in its `userName`
//! or `displayName`: the scenario's own GETs count (most flows read before they write), and
//! where none came first scimgate reads it itself (an ownership read, not part of the step's
//! transcript). A write to anything else is not sent. Ids scimgate makes up carry the run
//! prefix themselves (`/Users/sg-….no-such-user`) and need no proof: no server assigned them.
//!
//! The same rules guard cleanup, also `scimgate cleanup --ledger` after a crash: each entry is
//! read first and deleted only while its current name still carries the prefix.

use super::ledger::Ledger;
use crate::check::identity::{id_text, name_attribute, unusable_id};
use crate::check::pointer_ci;
use crate::http::{HttpClient, Method, RequestSpec};
use crate::scenario::ResourceKind;
use crate::template::{RunPrefix, VarSet, path_segment, render_str};
use serde_json::Value;

/// The path of one resource.
pub(crate) fn resource_path(kind: ResourceKind, id: &str) -> String {
    format!("{}/{}", kind.endpoint(), path_segment(id))
}

/// The resource a path addresses, `(kind, id)`, for `/Users/{id}` and `/Groups/{id}` (after
/// any version segment such as `/v2`); `None` for collections and other endpoints. The id is
/// percent-decoded.
pub(crate) fn addressed(path: &str) -> Option<(ResourceKind, String)> {
    let mut segs = path.split('/').filter(|s| !s.is_empty());
    while let Some(seg) = segs.next() {
        let kind = if seg.eq_ignore_ascii_case("Users") {
            ResourceKind::User
        } else if seg.eq_ignore_ascii_case("Groups") {
            ResourceKind::Group
        } else {
            continue;
        };
        let id = segs.next()?;
        let id = percent_encoding::percent_decode_str(id)
            .decode_utf8_lossy()
            .into_owned();
        return Some((kind, id));
    }
    None
}

fn is_write(method: &str) -> bool {
    ["PUT", "PATCH", "DELETE"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

/// Every resource a request writes to: its own path for PUT, PATCH and DELETE, and for a
/// `POST /Bulk` each PUT, PATCH and DELETE operation's path (a `bulkId:` reference names an
/// object of the same request and is left out).
pub(crate) fn write_targets(spec: &RequestSpec) -> Vec<(ResourceKind, String)> {
    let mut out = Vec::new();
    if is_write(spec.method.as_str())
        && let Some(t) = addressed(&spec.path)
    {
        out.push(t);
    }
    let bulk = spec.method == Method::Post
        && spec
            .path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .is_some_and(|s| s.eq_ignore_ascii_case("Bulk"));
    if bulk
        && let Some(body) = spec
            .body
            .as_deref()
            .and_then(|b| serde_json::from_slice::<Value>(b).ok())
        && let Some(ops) = pointer_ci(&body, "/Operations").and_then(Value::as_array)
    {
        for op in ops {
            let method = pointer_ci(op, "/method").and_then(Value::as_str);
            let path = pointer_ci(op, "/path").and_then(Value::as_str);
            if let (Some(m), Some(p)) = (method, path)
                && is_write(m)
                && let Some((kind, id)) = addressed(p)
                && !id.starts_with("bulkId:")
            {
                out.push((kind, id));
            }
        }
    }
    out
}

/// The ids a write's body refers to as other resources: every `value` of a `members` list
/// (in a PUT or POST body, a PATCH operation's value, a bulk operation's data), an enterprise
/// `manager.value`, and the id in a PATCH path such as `members[value eq "…"]`. Making a
/// foreign user a member of the run's group would change that user (and may grant it
/// access), so these must be the run's own objects too.
pub(crate) fn referenced(spec: &RequestSpec) -> Vec<String> {
    if spec.method == Method::Get || spec.method == Method::Delete {
        return Vec::new();
    }
    let Some(body) = spec
        .body
        .as_deref()
        .and_then(|b| serde_json::from_slice::<Value>(b).ok())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    collect_refs(&body, &mut out);
    out.retain(|id| !id.starts_with("bulkId:"));
    out.dedup();
    out
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if k.eq_ignore_ascii_case("members") {
                    for member in child.as_array().into_iter().flatten() {
                        if let Some(id) = pointer_ci(member, "/value").and_then(id_text) {
                            out.push(id);
                        }
                    }
                } else if k.eq_ignore_ascii_case("manager") {
                    if let Some(id) = pointer_ci(child, "/value").and_then(id_text) {
                        out.push(id);
                    } else if let Some(id) = child.as_str() {
                        out.push(id.to_owned());
                    }
                } else if k.eq_ignore_ascii_case("path")
                    && let Some(path) = child.as_str()
                {
                    if let Some(id) = value_filter_id(path) {
                        out.push(id);
                    }
                    // A PATCH operation on `members`: its value holds the members.
                    if path.trim().eq_ignore_ascii_case("members")
                        && let Some(list) = pointer_ci(v, "/value").and_then(Value::as_array)
                    {
                        for member in list {
                            if let Some(id) = pointer_ci(member, "/value").and_then(id_text) {
                                out.push(id);
                            }
                        }
                    }
                }
                collect_refs(child, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

/// The quoted id of a `members[value eq "…"]` PATCH path.
fn value_filter_id(path: &str) -> Option<String> {
    let lower = path.to_ascii_lowercase();
    let at = lower.find("value eq \"")? + "value eq \"".len();
    let rest = &path[at..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// What a read of one object showed.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Confirmation {
    /// It exists under this id and its name carries the run prefix.
    Own,
    /// It does not exist (404).
    Gone,
    /// It exists, named without the run prefix: someone else's.
    Foreign(String),
    /// The read did not say (an error, an unreadable answer, no name).
    Unreadable(String),
}

/// Whether a GET answer shows the object `id` of `kind` carrying `prefix`.
pub(crate) fn judge_read(
    kind: ResourceKind,
    id: &str,
    prefix: &RunPrefix,
    status: u16,
    body: Option<&Value>,
) -> Confirmation {
    if status == 404 {
        return Confirmation::Gone;
    }
    if status != 200 {
        return Confirmation::Unreadable(format!("GET answered {status}"));
    }
    let Some(body) = body else {
        return Confirmation::Unreadable("the GET answer is not JSON".to_owned());
    };
    let same_id = pointer_ci(body, "/id").and_then(id_text).as_deref() == Some(id);
    let attr = name_attribute(kind);
    match pointer_ci(body, &format!("/{attr}")).and_then(Value::as_str) {
        Some(name) if same_id && prefix.marks(name) => Confirmation::Own,
        Some(name) if same_id => Confirmation::Foreign(name.to_owned()),
        _ if !same_id => Confirmation::Unreadable(format!(
            "the GET answer describes another id ({})",
            pointer_ci(body, "/id").map_or_else(|| "none".to_owned(), Value::to_string)
        )),
        _ => Confirmation::Unreadable(format!("the GET answer has no {attr}")),
    }
}

/// Reads the object to see whether it is the run's own.
pub(crate) async fn confirm(
    client: &HttpClient,
    kind: ResourceKind,
    id: &str,
    prefix: &RunPrefix,
) -> Confirmation {
    let call = client
        .send(&RequestSpec::new(Method::Get, resource_path(kind, id)).bookkeeping("ownership"))
        .await;
    match &call.response {
        Err(e) => Confirmation::Unreadable(e.to_string()),
        Ok(r) => judge_read(kind, id, prefix, r.status, r.json().ok().as_ref()),
    }
}

/// Why a write was not sent.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    /// What to report.
    pub(crate) message: String,
    /// A read showed that an id a create answered names someone else's object: the server
    /// broke `create-own-resource`.
    pub(crate) foreign: bool,
}

fn refuse(message: String) -> Refusal {
    Refusal {
        message,
        foreign: false,
    }
}

/// Decides whether a request may be sent: `Err` names the object scimgate cannot prove it
/// owns. Confirmed objects are remembered in the ledger, so each is read at most once.
pub(crate) async fn permit(
    client: &HttpClient,
    ledger: &Ledger,
    prefix: &RunPrefix,
    spec: &RequestSpec,
) -> Result<(), Refusal> {
    for (kind, id) in write_targets(spec) {
        let what = format!("{} {id}", kind_name(kind));
        if let Some(why) = unusable_id(&id) {
            return Err(refuse(format!(
                "{what} is not a usable path segment ({why})"
            )));
        }
        if prefix.marks(&id) {
            // An id scimgate made up: no server assigned it to anyone.
            continue;
        }
        if ledger.owns(kind, &id).is_none() {
            return Err(refuse(format!(
                "{what} is not an object this run created; scimgate writes only to its own objects"
            )));
        }
        prove(client, ledger, prefix, kind, &id, &what).await?;
    }
    // The members a body names are proven eight at a time (a membership PATCH of Okta's
    // carries up to 100 of them; one read after another would take 100 round trips).
    use futures_util::StreamExt;
    let proofs: Vec<Result<(), Refusal>> = futures_util::stream::iter(referenced(spec))
        .map(|id| prove_referenced(client, ledger, prefix, id))
        .buffered(REFERENCE_PROOFS_AT_ONCE)
        .collect()
        .await;
    proofs.into_iter().collect()
}

/// Ownership reads of the members one body names, sent at once.
const REFERENCE_PROOFS_AT_ONCE: usize = 8;

/// A member a body refers to is one of the run's own objects, confirmed.
async fn prove_referenced(
    client: &HttpClient,
    ledger: &Ledger,
    prefix: &RunPrefix,
    id: String,
) -> Result<(), Refusal> {
    if unusable_id(&id).is_some() || prefix.marks(&id) {
        // Not an id anyone could own, or one scimgate made up.
        return Ok(());
    }
    // A member may be a user or a group: it must be a confirmed object of the run's own
    // under one of them (a reference to nothing is no proof either).
    let kinds: Vec<ResourceKind> = [ResourceKind::User, ResourceKind::Group]
        .into_iter()
        .filter(|k| ledger.owns(*k, &id).is_some())
        .collect();
    if kinds.is_empty() {
        return Err(refuse(format!(
            "the body refers to {id}, which is not an object this run created; scimgate adds only its own objects to its groups"
        )));
    }
    let mut last = None;
    for kind in kinds {
        let what = format!("{} {id}, which the body refers to", kind_name(kind));
        match prove(client, ledger, prefix, kind, &id, &what).await {
            Ok(()) if ledger.owns(kind, &id) == Some(true) => {
                last = None;
                break;
            }
            Ok(()) => {
                last = Some(refuse(format!(
                    "{what}, does not exist: no proof that it is this run's object"
                )));
            }
            Err(e) => last = Some(e),
        }
    }
    last.map_or(Ok(()), Err)
}

/// Makes sure an object the ledger holds is confirmed as the run's own, reading it once.
async fn prove(
    client: &HttpClient,
    ledger: &Ledger,
    prefix: &RunPrefix,
    kind: ResourceKind,
    id: &str,
    what: &str,
) -> Result<(), Refusal> {
    if ledger.owns(kind, id) != Some(false) {
        return Ok(());
    }
    tracing::debug!(%what, "ownership read before a write");
    match confirm(client, kind, id, prefix).await {
        Confirmation::Own => {
            ledger.confirm(kind, id);
            Ok(())
        }
        // Nothing to harm: the write reaches an object that does not exist.
        Confirmation::Gone => Ok(()),
        Confirmation::Foreign(name) => {
            ledger.disown(kind, id);
            Err(Refusal {
                message: format!(
                    "{what} (an id a create of this run answered) names {name:?}, an object without the run prefix {}: the create answer's id is someone else's; scimgate will not write to it",
                    prefix.0
                ),
                foreign: true,
            })
        }
        Confirmation::Unreadable(why) => Err(refuse(format!(
            "scimgate could not confirm that {what} is this run's object: {why}"
        ))),
    }
}

/// A scenario's own reads confirm the objects they show: a GET of an owned object, or a list
/// holding owned objects, each under its id with a name carrying the run prefix.
pub(crate) fn observe(
    ledger: &Ledger,
    prefix: &RunPrefix,
    spec: &RequestSpec,
    status: u16,
    body: Option<&Value>,
) {
    if spec.method != Method::Get || status != 200 {
        return;
    }
    let Some(body) = body else { return };
    if let Some(list) = pointer_ci(body, "/Resources").and_then(Value::as_array) {
        let Some(kind) = super::step::kind_of(&spec.path) else {
            return;
        };
        for r in list {
            if let Some(id) = pointer_ci(r, "/id").and_then(id_text)
                && ledger.owns(kind, &id) == Some(false)
                && judge_read(kind, &id, prefix, 200, Some(r)) == Confirmation::Own
            {
                ledger.confirm(kind, &id);
            }
        }
        return;
    }
    if let Some((kind, id)) = addressed(&spec.path)
        && ledger.owns(kind, &id) == Some(false)
        && judge_read(kind, &id, prefix, status, Some(body)) == Confirmation::Own
    {
        ledger.confirm(kind, &id);
    }
}

/// What a search by name found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Lookup {
    /// These objects carry exactly that name (and the run prefix).
    Found(Vec<String>),
    /// The filter answered, and no object has that name.
    NotFound,
    /// The search did not say.
    Failed(String),
}

/// Finds the objects named `name` (run-prefixed) with Okta's `eq` filter. Only results whose
/// name is `name` and whose id is usable count: a server that ignores the filter cannot make
/// scimgate take another object for its own.
pub(crate) async fn find_by_name(
    client: &HttpClient,
    kind: ResourceKind,
    name: &str,
    prefix: &RunPrefix,
) -> Lookup {
    let attr = name_attribute(kind);
    let mut vars = VarSet::default();
    vars.set("n", Value::String(name.to_owned()));
    let Ok(q) = render_str(
        &format!("filter={attr}%20eq%20%22{{{{n|url}}}}%22&startIndex=1&count=100"),
        &vars,
    ) else {
        return Lookup::Failed("the name cannot be put in a filter".to_owned());
    };
    let mut spec = RequestSpec::new(Method::Get, kind.endpoint()).bookkeeping("ownership");
    spec.query = Some(q);
    let call = client.send(&spec).await;
    let resp = match call.response {
        Ok(r) => r,
        Err(e) => return Lookup::Failed(e.to_string()),
    };
    if resp.status == 404 {
        return Lookup::NotFound;
    }
    if resp.status != 200 {
        return Lookup::Failed(format!("the filter on {attr} answered {}", resp.status));
    }
    let Ok(body) = resp.json() else {
        return Lookup::Failed(format!("the filter on {attr} answered no JSON"));
    };
    let resources = pointer_ci(&body, "/Resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let found: Vec<String> = resources
        .iter()
        .filter(|r| {
            pointer_ci(r, &format!("/{attr}"))
                .and_then(Value::as_str)
                .is_some_and(|n| n.to_lowercase() == name.to_lowercase() && prefix.marks(n))
        })
        .filter_map(|r| pointer_ci(r, "/id").and_then(id_text))
        .filter(|id| unusable_id(id).is_none())
        .collect();
    let total = pointer_ci(&body, "/totalResults").and_then(Value::as_u64);
    if !found.is_empty() {
        Lookup::Found(found)
    } else if total.is_some_and(|t| t > resources.len() as u64) {
        Lookup::Failed(format!(
            "the filter on {attr} was not applied ({} results, none named {name:?})",
            total.unwrap_or_default()
        ))
    } else {
        Lookup::NotFound
    }
}

fn kind_name(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::User => "User",
        ResourceKind::Group => "Group",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec(method: Method, path: &str, body: Option<Value>) -> RequestSpec {
        let mut s = RequestSpec::new(method, path);
        s.body = body.map(|b| serde_json::to_vec(&b).unwrap());
        s
    }

    #[test]
    fn writes_address_one_resource_and_bulk_operations_count_too() {
        assert_eq!(
            write_targets(&spec(Method::Delete, "/Users/a%2Fb", None)),
            vec![(ResourceKind::User, "a/b".to_owned())]
        );
        assert_eq!(
            write_targets(&spec(Method::Patch, "/v2/groups/7", None)),
            vec![(ResourceKind::Group, "7".to_owned())]
        );
        assert!(write_targets(&spec(Method::Get, "/Users/7", None)).is_empty());
        assert!(write_targets(&spec(Method::Put, "/Users", None)).is_empty());
        assert!(write_targets(&spec(Method::Delete, "/ServiceProviderConfig", None)).is_empty());
        let bulk = json!({"Operations": [
            {"method": "POST", "path": "/Users", "bulkId": "a"},
            {"method": "DELETE", "path": "/Users/victim"},
            {"method": "patch", "path": "/Groups/bulkId:a"},
        ]});
        assert_eq!(
            write_targets(&spec(Method::Post, "/Bulk", Some(bulk))),
            vec![(ResourceKind::User, "victim".to_owned())]
        );
    }

    #[test]
    fn member_values_managers_and_value_filter_paths_are_references() {
        let patch = json!({"Operations": [
            {"op": "add", "path": "members", "value": [{"value": "u1"}, {"value": "bulkId:x"}]},
            {"op": "remove", "path": "members[value eq \"u2\"]"},
            {"op": "replace", "value": {"members": [{"value": "u3"}]}},
        ]});
        assert_eq!(
            referenced(&spec(Method::Patch, "/Groups/g", Some(patch))),
            vec!["u1", "u2", "u3"]
        );
        let user = json!({"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"value": "boss"}}});
        assert_eq!(
            referenced(&spec(Method::Post, "/Users", Some(user))),
            vec!["boss"]
        );
        assert!(referenced(&spec(Method::Delete, "/Groups/g", None)).is_empty());
    }

    #[test]
    fn a_read_confirms_only_the_same_id_carrying_the_prefix() {
        let p = RunPrefix("sg-00000001".into());
        let u = ResourceKind::User;
        let ok = json!({"id": "1", "userName": "sg-00000001.a@x"});
        assert_eq!(judge_read(u, "1", &p, 200, Some(&ok)), Confirmation::Own);
        assert_eq!(judge_read(u, "1", &p, 404, None), Confirmation::Gone);
        let seed = json!({"id": "1", "userName": "seed.user2"});
        assert_eq!(
            judge_read(u, "1", &p, 200, Some(&seed)),
            Confirmation::Foreign("seed.user2".into())
        );
        assert!(matches!(
            judge_read(u, "2", &p, 200, Some(&ok)),
            Confirmation::Unreadable(_)
        ));
        assert!(matches!(
            judge_read(u, "1", &p, 500, None),
            Confirmation::Unreadable(_)
        ));
        let numeric = json!({"id": 1, "userName": "sg-00000001.a@x"});
        assert_eq!(
            judge_read(u, "1", &p, 200, Some(&numeric)),
            Confirmation::Own
        );
    }

    #[tokio::test]
    async fn permit_refuses_what_the_ledger_does_not_own_and_allows_invented_ids() {
        let client = HttpClient::new(crate::http::ClientOptions::new(
            url::Url::parse("http://127.0.0.1:9/scim").unwrap(),
            crate::secret::Secret::new("t"),
        ))
        .unwrap();
        let ledger = Ledger::default();
        let p = RunPrefix("sg-00000001".into());
        let put = |path: &str| spec(Method::Put, path, None);
        let refused = permit(&client, &ledger, &p, &put("/Users/someone")).await;
        assert!(
            refused
                .unwrap_err()
                .message
                .contains("not an object this run created")
        );
        assert!(
            permit(&client, &ledger, &p, &put("/Users/sg-00000001-absent"))
                .await
                .is_ok()
        );
        assert!(
            permit(&client, &ledger, &p, &put("/Users/.."))
                .await
                .is_err()
        );
        ledger.record(super::super::ledger::LedgerEntry::created(
            ResourceKind::User,
            "mine",
            "sg-00000001.a",
            "sg-00000001",
            "s",
        ));
        ledger.confirm(ResourceKind::User, "mine");
        assert!(
            permit(&client, &ledger, &p, &put("/Users/mine"))
                .await
                .is_ok()
        );
    }
}
