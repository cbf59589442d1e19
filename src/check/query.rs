//! Query checks for the RFC profile (RFC 7644 §3.4.2–§3.4.3; rfc-checklist.md §G, §J): which
//! resources a filter, a `.search`, a sort or a paging edge case returns, and what
//! `attributes` / `excludedAttributes` leave in them.
//!
//! Scenarios AND every filter with `userName sw "<run prefix>"`, so the expected ids are the
//! scenario's own resources and nothing else on the target matters.

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, get_ci, json_str};
use crate::http::ReceivedResponse;
use serde_json::Value;
use std::collections::BTreeSet;

/// The body of a 200 answer, or the failure saying why there is none.
fn list_body(id: CheckId, resp: &ReceivedResponse) -> Result<Value, CheckOutcome> {
    if resp.status != 200 {
        return Err(CheckOutcome::fail(
            id,
            format!(
                "answered {} instead of 200 with a ListResponse",
                resp.status
            ),
            "200 ListResponse",
            format!("{} {}", resp.status, excerpt(&resp.text())),
        ));
    }
    resp.json()
        .map_err(|e| CheckOutcome::fail(id, "the body is not JSON", "a ListResponse", e))
}

fn resources(v: &Value) -> Vec<Value> {
    get_ci(v, "Resources")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn ids_of(v: &Value) -> Vec<String> {
    resources(v)
        .iter()
        .map(|r| json_str(r, "id").unwrap_or_else(|| "(no id)".to_owned()))
        .collect()
}

/// The answer holds exactly `want` (as a set, or in order when `ordered`).
pub(crate) fn eval_ids(
    id: CheckId,
    resp: &ReceivedResponse,
    want: &[String],
    ordered: bool,
) -> CheckOutcome {
    let v = match list_body(id, resp) {
        Ok(v) => v,
        Err(o) => return o,
    };
    let got = ids_of(&v);
    let same = if ordered {
        got == want
    } else {
        got.len() == want.len()
            && got.iter().collect::<BTreeSet<_>>() == want.iter().collect::<BTreeSet<_>>()
    };
    if same {
        return CheckOutcome::pass(id, format!("{} resource(s), as expected", got.len()));
    }
    let what = if ordered { "in this order" } else { "exactly" };
    CheckOutcome::fail(
        id,
        format!(
            "the answer holds {} resource(s) where {} were expected {what}",
            got.len(),
            want.len()
        ),
        format!("[{}]", want.join(", ")),
        format!("[{}]", got.join(", ")),
    )
}

/// `spc-honest`: the feature `flag` denies answered as a working one would (`want`, in order
/// when `ordered`) is a failure; any other answer (a refusal, a filter ignored) is honest.
pub(crate) fn eval_spc_honest(
    resp: &ReceivedResponse,
    flag: &str,
    want: &[String],
    ordered: bool,
) -> CheckOutcome {
    let id = CheckId::SpcHonest;
    let works = resp.status == 200
        && resp.json().is_ok_and(|v| {
            let got = ids_of(&v);
            if ordered {
                got == want
            } else {
                got.len() == want.len()
                    && got.iter().collect::<BTreeSet<_>>() == want.iter().collect::<BTreeSet<_>>()
            }
        });
    if works {
        return CheckOutcome::fail(
            id,
            format!(
                "the ServiceProviderConfig says `{flag}: false`, yet the target answered as a working one would; clients that read it will not use what works"
            ),
            format!("`{flag}: true`, or a refusal"),
            format!("200 with exactly [{}]", want.join(", ")),
        );
    }
    CheckOutcome::pass(
        id,
        format!(
            "answered {} (not as a working feature would): `{flag}: false` holds",
            resp.status
        ),
    )
}

/// No resources, and `totalResults` equal to `total`.
pub(crate) fn eval_empty_page(id: CheckId, resp: &ReceivedResponse, total: u64) -> CheckOutcome {
    let v = match list_body(id, resp) {
        Ok(v) => v,
        Err(o) => return o,
    };
    let n = resources(&v).len();
    let t = get_ci(&v, "totalResults").and_then(Value::as_u64);
    if n == 0 && t == Some(total) {
        return CheckOutcome::pass(id, format!("no resources, totalResults {total}"));
    }
    CheckOutcome::fail(
        id,
        format!(
            "the page holds {n} resource(s) with totalResults {}",
            t.map_or("(missing)".to_owned(), |t| t.to_string())
        ),
        format!("no Resources, totalResults {total}"),
        format!("{n} resource(s), totalResults {t:?}"),
    )
}

/// startIndex < 1 read as 1: every expected id is there and `startIndex` (when sent) is 1.
pub(crate) fn eval_start_index_min(resp: &ReceivedResponse, want: &[String]) -> CheckOutcome {
    let id = CheckId::StartIndexMin;
    let v = match list_body(id, resp) {
        Ok(v) => v,
        Err(o) => return o,
    };
    if let Some(s) = get_ci(&v, "startIndex")
        && s.as_u64() != Some(1)
    {
        return CheckOutcome::fail(
            id,
            format!("startIndex comes back as {s}"),
            "startIndex 1",
            s.to_string(),
        );
    }
    eval_ids(id, resp, want, false)
}

/// Every returned resource has each of `present` and none of `absent` (names case-insensitive).
pub(crate) fn eval_projection(
    id: CheckId,
    resp: &ReceivedResponse,
    present: &[String],
    absent: &[String],
) -> CheckOutcome {
    let v = match list_body(id, resp) {
        Ok(v) => v,
        Err(o) => return o,
    };
    let items = if get_ci(&v, "Resources").is_some() {
        resources(&v)
    } else {
        vec![v]
    };
    for (i, r) in items.iter().enumerate() {
        let has = |name: &str| get_ci(r, name).is_some_and(|x| !x.is_null());
        if let Some(missing) = present.iter().find(|n| !has(n)) {
            return CheckOutcome::fail(
                id,
                format!("resource {i} lacks `{missing}`"),
                format!("`{missing}` present"),
                excerpt(&r.to_string()),
            );
        }
        if let Some(extra) = absent.iter().find(|n| has(n)) {
            return CheckOutcome::fail(
                id,
                format!("resource {i} still carries `{extra}`"),
                format!("no `{extra}`"),
                excerpt(&r.to_string()),
            );
        }
    }
    CheckOutcome::pass(
        id,
        format!("{} resource(s) projected as asked", items.len()),
    )
}

/// The deleted id is not in the answer.
pub(crate) fn eval_not_listed(resp: &ReceivedResponse, gone: &str) -> CheckOutcome {
    let id = CheckId::DeletedNotListed;
    let v = match list_body(id, resp) {
        Ok(v) => v,
        Err(o) => return o,
    };
    if ids_of(&v).iter().any(|i| i == gone) {
        return CheckOutcome::fail(
            id,
            "the deleted resource is still listed",
            format!("no {gone}"),
            format!("{gone} listed"),
        );
    }
    CheckOutcome::pass(id, "the deleted resource is not listed")
}

/// 400 with `scimType` equal to `want` (the status alone when `want` is `None`).
pub(crate) fn eval_error_type(id: CheckId, resp: &ReceivedResponse, want: &str) -> CheckOutcome {
    let got = resp.json().ok().and_then(|v| json_str(&v, "scimType"));
    match (resp.status, got.as_deref()) {
        (400, Some(t)) if t.eq_ignore_ascii_case(want) => {
            CheckOutcome::pass(id, format!("refused with 400 {t}"))
        }
        (s, t) => CheckOutcome::fail(
            id,
            format!("answered {s} with scimType {}", t.unwrap_or("(none)")),
            format!("400 with scimType {want}"),
            format!("{s} {}", excerpt(&resp.text())),
        ),
    }
}
