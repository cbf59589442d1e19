//! What a write must leave behind, beyond the core attributes: extension values read back,
//! `User.groups` following the memberships, a create without `userName` refused, and a PATCH
//! with a capitalised op name applied (rfc-checklist D2, E8, H5, I2; RFC 7643 §4.1.2).

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::resource::eval_values;
use super::util::{excerpt, get_ci, json_str, pointer_ci, same_value, show};
use crate::http::ReceivedResponse;
use serde_json::Value;
use std::collections::BTreeMap;

/// The core User schema URN.
const USER_URN: &str = "urn:ietf:params:scim:schemas:core:2.0:User";

/// `not-empty`: each pointer holds a value that is not null, "" or [].
pub(crate) fn eval_not_empty(resp: &ReceivedResponse, pointers: &[String]) -> CheckOutcome {
    let id = CheckId::NotEmpty;
    let Ok(body) = resp.json() else {
        return CheckOutcome::fail(
            id,
            "the answer is not JSON",
            "a JSON body",
            excerpt(&resp.text()),
        );
    };
    let empty: Vec<&String> = pointers
        .iter()
        .filter(|p| match pointer_ci(&body, p) {
            None | Some(Value::Null) => true,
            Some(Value::String(s)) => s.trim().is_empty(),
            Some(Value::Array(a)) => a.is_empty(),
            Some(_) => false,
        })
        .collect();
    if empty.is_empty() {
        return CheckOutcome::pass(id, format!("{} field(s) present", pointers.len()));
    }
    CheckOutcome::fail(
        id,
        format!(
            "{} is empty or absent{}",
            empty[0],
            if empty.len() > 1 {
                format!(" (and {} more)", empty.len() - 1)
            } else {
                String::new()
            }
        ),
        pointers.join(", "),
        format!(
            "empty: {}",
            empty
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
}

/// `racing-create`: one of two concurrent creates of the same user: 201, or a refusal as a
/// duplicate (409; 400 with scimType uniqueness, which RFC 7643 §7 allows).
pub(crate) fn eval_racing_create(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::RacingCreate;
    let scim_type = resp.json().ok().and_then(|v| json_str(&v, "scimType"));
    match (resp.status, scim_type.as_deref()) {
        // create-201 judges the status of a create wherever Okta's creates are replayed.
        (s, _) if (200..300).contains(&s) => CheckOutcome::pass(id, format!("created ({s})")),
        (409, _) => CheckOutcome::pass(id, "refused as a duplicate (409)"),
        (400, Some(t)) if t.eq_ignore_ascii_case("uniqueness") => {
            CheckOutcome::pass(id, "refused as a duplicate (400 uniqueness)")
        }
        // Refused for a reason of its own (the same refusal fails create-201 in F3): the race
        // itself was not tested.
        (s, t) if (400..500).contains(&s) && s != 408 && s != 429 => CheckOutcome::blocked(
            id,
            format!(
                "a refusal for another reason ({s}{}): the race was not tested",
                t.map(|t| format!(" {t}")).unwrap_or_default()
            ),
        ),
        (s, _) => CheckOutcome::fail(
            id,
            if s >= 500 {
                format!("a create racing another of the same user failed on the server ({s})")
            } else {
                format!("a create racing another of the same user answered {s}")
            },
            "201, or 409 with scimType uniqueness",
            format!("{s} {}", excerpt(&resp.text())),
        ),
    }
}

/// `racing-creates-one`: the filter on the raced userName finds exactly one user.
pub(crate) fn eval_racing_creates_one(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::RacingCreatesOne;
    let Ok(v) = resp.json() else {
        return CheckOutcome::fail(
            id,
            "the answer is not JSON",
            "a ListResponse",
            excerpt(&resp.text()),
        );
    };
    let listed = crate::check::pointer_ci(&v, "/Resources")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let total = crate::check::pointer_ci(&v, "/totalResults").and_then(Value::as_u64);
    match (listed, total) {
        (1, None | Some(1)) => CheckOutcome::pass(id, "exactly one user holds the name"),
        (0, _) => CheckOutcome::fail(
            id,
            "no user holds the name after the racing creates",
            "exactly one user",
            format!(
                "totalResults {}, no Resources",
                total.map_or("?".into(), |t| t.to_string())
            ),
        ),
        (n, t) => CheckOutcome::fail(
            id,
            format!(
                "{} users hold one userName: the racing creates made a twin",
                t.map_or(n as u64, |t| t.max(n as u64))
            ),
            "exactly one user",
            format!(
                "{n} listed, totalResults {}",
                t.map_or("?".into(), |t| t.to_string())
            ),
        ),
    }
}

/// `missing-required-400`: the create lacking `userName` is refused with 400.
pub(crate) fn eval_missing_required(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::MissingRequired400;
    let scim_type = resp.json().ok().and_then(|v| json_str(&v, "scimType"));
    match (resp.status, scim_type.as_deref()) {
        (400, Some(t)) if t.eq_ignore_ascii_case("invalidValue") => {
            CheckOutcome::pass(id, "refused with 400 invalidValue")
        }
        (400, t) => CheckOutcome::pass(
            id,
            format!(
                "refused with 400 (scimType {}; Table 9 names invalidValue for a missing required value)",
                t.unwrap_or("absent")
            ),
        ),
        (s, _) if (200..300).contains(&s) => CheckOutcome::fail(
            id,
            format!("a user without the required userName was accepted ({s})"),
            "400 with scimType invalidValue",
            format!("{s} {}", excerpt(&resp.text())),
        ),
        (s, _) => CheckOutcome::fail(
            id,
            format!("a create without the required userName answered {s}, not 400"),
            "400 with scimType invalidValue",
            format!("{s} {}", excerpt(&resp.text())),
        ),
    }
}

/// `extension-stored`: each pointer of `values` (the probe's `stored`) reads back. Where a
/// value sits (under its URN or, wrongly, at the top level) and its JSON type (`"7"` for 7) are
/// `own-schema`'s rules; this check asks only whether what was written was kept.
pub(crate) fn eval_extension_stored(resp: &ReceivedResponse, values: &Value) -> CheckOutcome {
    let id = CheckId::ExtensionStored;
    let map: BTreeMap<String, Value> = match values {
        Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        _ => BTreeMap::new(),
    };
    if map.is_empty() {
        return CheckOutcome::skipped(
            id,
            "the target advertises no writable extension attribute returned by default",
        );
    }
    let Ok(body) = resp.json() else {
        return eval_values(id, resp, &map);
    };
    let mut lost = Vec::new();
    for (ptr, want) in &map {
        let found = pointer_ci(&body, ptr).or_else(|| {
            let leaf = ptr.split('/').skip(2).collect::<Vec<_>>().join("/");
            pointer_ci(&body, &format!("/{leaf}"))
        });
        let same_text = match (want, found) {
            (Value::Number(_) | Value::Bool(_), Some(Value::String(s))) => {
                s.as_str() == want.to_string().as_str()
            }
            _ => false,
        };
        if !same_text && !same_value(ptr, want, found) {
            lost.push((ptr, want, found));
        }
    }
    let Some((ptr, want, found)) = lost.first() else {
        return CheckOutcome::pass(id, format!("{} extension value(s) kept", map.len()));
    };
    CheckOutcome::fail(
        id,
        format!(
            "{} of {} extension value(s) written were not kept: {ptr} is {} where {} was written",
            lost.len(),
            map.len(),
            found.map_or_else(|| "(absent)".to_owned(), show),
            show(want)
        ),
        lost.iter()
            .map(|(p, w, _)| format!("{p} = {}", show(w)))
            .collect::<Vec<_>>()
            .join("; "),
        lost.iter()
            .map(|(p, _, g)| format!("{p} = {}", g.map_or_else(|| "(absent)".to_owned(), show)))
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// `user-groups`: when the target's User schema declares `groups`, the user lists `includes`.
pub(crate) fn eval_user_groups(
    resp: &ReceivedResponse,
    includes: &[String],
    schemas: &Value,
) -> CheckOutcome {
    let id = CheckId::UserGroups;
    if !declares_user_groups(schemas) {
        return CheckOutcome::skipped(
            id,
            "the target's User schema declares no `groups` attribute",
        );
    }
    let Ok(body) = resp.json() else {
        return CheckOutcome::fail(
            id,
            "no user body to read groups from",
            "a User",
            excerpt(&resp.text()),
        );
    };
    let shown: Vec<String> = get_ci(&body, "groups")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|g| json_str(g, "value")).collect())
        .unwrap_or_default();
    let missing: Vec<&String> = includes.iter().filter(|g| !shown.contains(g)).collect();
    if missing.is_empty() {
        return CheckOutcome::pass(
            id,
            format!("User.groups lists the {} group(s)", includes.len()),
        );
    }
    CheckOutcome::fail(
        id,
        format!(
            "the user is a member of group {} but its `groups` does not list it",
            missing[0]
        ),
        format!("groups includes {}", includes.join(", ")),
        format!(
            "groups {}",
            show(get_ci(&body, "groups").unwrap_or(&Value::Null))
        ),
    )
}

/// True when a GET /Schemas answer (a ListResponse or a bare list) declares `groups` on User.
fn declares_user_groups(schemas: &Value) -> bool {
    let list = get_ci(schemas, "Resources")
        .and_then(Value::as_array)
        .or_else(|| schemas.as_array());
    list.into_iter().flatten().any(|s| {
        json_str(s, "id").is_some_and(|i| i.eq_ignore_ascii_case(USER_URN))
            && get_ci(s, "attributes")
                .and_then(Value::as_array)
                .is_some_and(|a| {
                    a.iter().any(|attr| {
                        json_str(attr, "name").is_some_and(|n| n.eq_ignore_ascii_case("groups"))
                    })
                })
    })
}

/// `patch-op-case`: the capitalised op was applied (the attribute holds the value; a 204
/// carries no body to compare, so its status is the answer).
pub(crate) fn eval_patch_op_case(
    resp: &ReceivedResponse,
    attribute: &str,
    value: &Value,
) -> CheckOutcome {
    let id = CheckId::PatchOpCase;
    match resp.status {
        204 => CheckOutcome::pass(id, "applied (204)"),
        200 => {
            let ptr = format!("/{attribute}");
            let got = resp.json().ok();
            let got = got.as_ref().and_then(|b| pointer_ci(b, &ptr));
            if same_value(&ptr, value, got) {
                CheckOutcome::pass(id, format!("applied: {attribute} is {}", show(value)))
            } else {
                CheckOutcome::fail(
                    id,
                    format!("answered 200 but {attribute} was not changed: the op was not applied"),
                    format!("{attribute} = {}", show(value)),
                    format!(
                        "{attribute} = {}",
                        got.map_or_else(|| "(absent)".to_owned(), show)
                    ),
                )
            }
        }
        s => CheckOutcome::fail(
            id,
            format!(
                "a PATCH with op \"Replace\" answered {s}: op names are compared case-sensitively"
            ),
            "200 or 204, as for \"replace\"",
            format!("{s} {}", excerpt(&resp.text())),
        ),
    }
}
