//! Checks on single resources: the created resource, `Location` and `meta`, values that must
//! come back, and group membership.

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, get_ci, json_str, pointer_ci, same_value, show};
use crate::http::ReceivedResponse;
use crate::scenario::ResourceKind;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// The 201 body is a resource with a non-empty id.
pub(crate) fn eval_create_returns_resource(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::CreateReturnsResource;
    let body = match resp.json() {
        Ok(v) => v,
        Err(e) => {
            return CheckOutcome::fail(
                id,
                format!("the create answer carries no resource: {e}"),
                "the created resource with its `id`",
                excerpt(&resp.text()),
            );
        }
    };
    match json_str(&body, "id") {
        Some(i) if !i.trim().is_empty() => {
            CheckOutcome::pass(id, format!("created with id {}", excerpt(&i)))
        }
        _ => CheckOutcome::fail(
            id,
            "the created resource has no `id`; Okta cannot link the account",
            "a non-empty string `id`",
            show(get_ci(&body, "id").unwrap_or(&Value::Null)),
        ),
    }
}

/// `Location` is present and equals `meta.location`.
pub(crate) fn eval_create_location(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::CreateLocation;
    let Some(location) = resp.header("location").map(str::to_owned) else {
        return CheckOutcome::fail(
            id,
            "the 201 has no Location header",
            "Location: <base>/Users/<id>",
            "(absent)",
        );
    };
    let meta_location = resp.json().ok().and_then(|v| {
        pointer_ci(&v, "/meta/location")
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    match meta_location {
        Some(m) if m == location => CheckOutcome::pass(id, "Location equals meta.location"),
        Some(m) => CheckOutcome::fail(
            id,
            "Location and meta.location differ",
            format!("Location = meta.location = {m}"),
            format!("Location: {location}"),
        ),
        // A missing meta.location is the `meta` check's failure, not this one's.
        None => CheckOutcome::pass(
            id,
            "Location present (no meta.location to compare; see `meta`)",
        ),
    }
}

/// `meta` is complete and names the right resource type.
pub(crate) fn eval_meta(resp: &ReceivedResponse, kind: ResourceKind) -> CheckOutcome {
    let id = CheckId::Meta;
    let want = match kind {
        ResourceKind::User => "User",
        ResourceKind::Group => "Group",
    };
    let Ok(body) = resp.json() else {
        return CheckOutcome::fail(
            id,
            "no resource body to read `meta` from",
            "a resource with `meta`",
            excerpt(&resp.text()),
        );
    };
    let Some(meta) = get_ci(&body, "meta").filter(|m| m.is_object()) else {
        return CheckOutcome::fail(
            id,
            "the resource has no `meta`",
            "meta {resourceType, created, lastModified, location}",
            "(absent)",
        );
    };
    let missing: Vec<&str> = ["resourceType", "created", "lastModified", "location"]
        .into_iter()
        .filter(|k| json_str(meta, k).is_none_or(|s| s.is_empty()))
        .collect();
    if !missing.is_empty() {
        return CheckOutcome::fail(
            id,
            format!("meta lacks {}", missing.join(", ")),
            "meta {resourceType, created, lastModified, location}",
            show(meta),
        );
    }
    match json_str(meta, "resourceType") {
        Some(rt) if rt == want => {
            CheckOutcome::pass(id, format!("meta complete, resourceType {want}"))
        }
        Some(rt) => CheckOutcome::fail(
            id,
            format!("meta.resourceType is \"{rt}\""),
            format!("\"{want}\""),
            format!("\"{rt}\""),
        ),
        None => CheckOutcome::fail(id, "meta.resourceType missing", want, "(absent)"),
    }
}

/// Each pointer holds the expected value.
pub(crate) fn eval_values(
    id: CheckId,
    resp: &ReceivedResponse,
    values: &BTreeMap<String, Value>,
) -> CheckOutcome {
    if resp.status == 204 {
        return CheckOutcome::skipped(
            id,
            "204 carries no resource to compare (RFC 7644 §3.5.2 allows it)",
        );
    }
    let Ok(body) = resp.json() else {
        return CheckOutcome::fail(
            id,
            "no resource body to compare",
            "a resource body",
            excerpt(&resp.text()),
        );
    };
    let mut wrong = Vec::new();
    for (ptr, want) in values {
        let got = pointer_ci(&body, ptr);
        if !same_value(ptr, want, got) {
            wrong.push((
                ptr.clone(),
                show(want),
                got.map_or_else(|| "(absent)".to_owned(), show),
            ));
        }
    }
    if wrong.is_empty() {
        return CheckOutcome::pass(id, format!("{} value(s) as expected", values.len()));
    }
    let expected = wrong
        .iter()
        .map(|(p, w, _)| format!("{p} = {w}"))
        .collect::<Vec<_>>()
        .join("; ");
    let actual = wrong
        .iter()
        .map(|(p, _, g)| format!("{p} = {g}"))
        .collect::<Vec<_>>()
        .join("; ");
    let first = &wrong[0];
    CheckOutcome::fail(
        id,
        format!("{} is {} where {} was expected", first.0, first.2, first.1),
        expected,
        actual,
    )
}

fn member_ids(body: &Value) -> Option<BTreeSet<String>> {
    match get_ci(body, "members") {
        None | Some(Value::Null) => Some(BTreeSet::new()),
        Some(Value::Array(a)) => Some(a.iter().filter_map(|m| json_str(m, "value")).collect()),
        Some(_) => None,
    }
}

/// Ids from a string or a list of them; nested lists are flattened (`exactly: ["{{a_ids}}",
/// "{{b_ids}}"]` is the union of two captured lists).
fn id_list(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().flat_map(id_list).collect(),
        Value::String(s) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Group membership is as the PATCH made it.
pub(crate) fn eval_members(
    resp: &ReceivedResponse,
    includes: &[String],
    excludes: &[String],
    exactly: Option<&Value>,
) -> CheckOutcome {
    let id = CheckId::Members;
    let Ok(body) = resp.json() else {
        return CheckOutcome::fail(
            id,
            "no group body to read members from",
            "a Group with `members`",
            excerpt(&resp.text()),
        );
    };
    let Some(have) = member_ids(&body) else {
        return CheckOutcome::fail(
            id,
            "`members` is not an array",
            "members: [{value, display}]",
            show(get_ci(&body, "members").unwrap_or(&Value::Null)),
        );
    };
    let shown = format!("members = {have:?}");
    if let Some(m) = includes.iter().find(|m| !have.contains(*m)) {
        return CheckOutcome::fail(
            id,
            format!("member {m} is missing"),
            format!("members include {m}"),
            shown,
        );
    }
    if let Some(m) = excludes.iter().find(|m| have.contains(*m)) {
        return CheckOutcome::fail(
            id,
            format!("member {m} is still there"),
            format!("members exclude {m}"),
            shown,
        );
    }
    if let Some(exact) = exactly {
        let want: BTreeSet<String> = id_list(exact).into_iter().collect();
        if want != have {
            let missing: Vec<&String> = want.difference(&have).collect();
            let extra: Vec<&String> = have.difference(&want).collect();
            let few = |ids: &[&String]| {
                let mut s = ids
                    .iter()
                    .take(3)
                    .map(|i| i.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                if ids.len() > 3 {
                    s.push_str(&format!(" and {} more", ids.len() - 3));
                }
                s
            };
            let mut parts = Vec::new();
            if !missing.is_empty() {
                parts.push(format!(
                    "{} member(s) missing ({})",
                    missing.len(),
                    few(&missing)
                ));
            }
            if !extra.is_empty() {
                parts.push(format!("{} unexpected ({})", extra.len(), few(&extra)));
            }
            let (expected, actual) = if want.len() + have.len() > 12 {
                (
                    format!("{} members", want.len()),
                    format!("{} members", have.len()),
                )
            } else {
                (format!("members = {want:?}"), shown)
            };
            return CheckOutcome::fail(
                id,
                format!("the member set differs: {}", parts.join("; ")),
                expected,
                actual,
            );
        }
    }
    CheckOutcome::pass(id, format!("{} member(s) as expected", have.len()))
}

/// `username-exact`: userName comes back byte for byte.
pub(crate) fn eval_username_exact(resp: &ReceivedResponse, sent: &str) -> CheckOutcome {
    let id = CheckId::UsernameExact;
    match resp.json().ok().and_then(|v| json_str(&v, "userName")) {
        Some(got) if got == sent => CheckOutcome::pass(id, "userName came back exactly"),
        Some(got) => CheckOutcome::fail(
            id,
            if got.to_lowercase() == sent.to_lowercase() {
                "userName came back in other letter case; Okta's SPEC test steps 6 and 7 compare it exactly".to_owned()
            } else {
                "userName came back changed".to_owned()
            },
            excerpt(sent),
            excerpt(&got),
        ),
        None => CheckOutcome::fail(id, "the answer has no userName", excerpt(sent), "(absent)"),
    }
}
