//! Write and protocol checks for the RFC profile (RFC 7643 §3.1, §7; RFC 7644 §3.5, §3.14;
//! rfc-checklist.md §D, §H, §I, §N): readOnly values ignored, `meta` moving on every write,
//! PATCH on multi-valued attributes, ETags.

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, get_ci, json_str, pointer_ci, same_value, show};
use crate::http::ReceivedResponse;
use serde_json::Value;
use std::collections::BTreeMap;

fn body(id: CheckId, resp: &ReceivedResponse) -> Result<Value, CheckOutcome> {
    resp.json()
        .map_err(|e| CheckOutcome::fail(id, "the body is not JSON", "a resource", e))
}

/// Each pointer holds something other than the client-sent value.
pub(crate) fn eval_differs(
    id: CheckId,
    resp: &ReceivedResponse,
    values: &BTreeMap<String, Value>,
) -> CheckOutcome {
    let v = match body(id, resp) {
        Ok(v) => v,
        Err(o) => return o,
    };
    for (ptr, sent) in values {
        let got = pointer_ci(&v, ptr);
        if got.is_some_and(|g| same_value(ptr, sent, Some(g))) {
            return CheckOutcome::fail(
                id,
                format!("{ptr} took the client's value"),
                format!("a server-assigned {ptr}"),
                show(sent),
            );
        }
    }
    CheckOutcome::pass(id, "the server's own values stand")
}

fn instant(s: &str) -> Option<jiff::Timestamp> {
    s.parse::<jiff::Timestamp>().ok()
}

/// lastModified not earlier than before; version (if there was one) changed.
pub(crate) fn eval_meta_updated(resp: &ReceivedResponse, old: &Value) -> CheckOutcome {
    let id = CheckId::MetaUpdated;
    let before = json_str(old, "lastModified").unwrap_or_default();
    let before = before.as_str();
    let version = get_ci(old, "version");
    let v = match body(id, resp) {
        Ok(v) => v,
        Err(o) => return o,
    };
    let meta = get_ci(&v, "meta").cloned().unwrap_or(Value::Null);
    let Some(after) = json_str(&meta, "lastModified") else {
        return CheckOutcome::fail(id, "meta.lastModified is missing", "a dateTime", "(none)");
    };
    let went_back = match (instant(before), instant(&after)) {
        (Some(b), Some(a)) => a < b,
        _ => after.as_str() < before,
    };
    if went_back {
        return CheckOutcome::fail(
            id,
            "meta.lastModified went back in time after a write",
            format!("at or after {before}"),
            after,
        );
    }
    if let Some(old) = version.filter(|o| !o.is_null()) {
        let new = get_ci(&meta, "version").cloned().unwrap_or(Value::Null);
        if &new == old {
            return CheckOutcome::fail(
                id,
                "meta.version did not change with the write",
                format!("a version other than {}", show(old)),
                show(&new),
            );
        }
    }
    CheckOutcome::pass(id, format!("lastModified {after}"))
}

/// The multi-valued attribute holds each `includes` value and none of `excludes` (compared on
/// the `value` sub-attribute, case-insensitively).
pub(crate) fn eval_multi(
    id: CheckId,
    resp: &ReceivedResponse,
    attribute: &str,
    includes: &[String],
    excludes: &[String],
) -> CheckOutcome {
    let v = match body(id, resp) {
        Ok(v) => v,
        Err(o) => return o,
    };
    let values: Vec<String> = get_ci(&v, attribute)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|x| json_str(x, "value")).collect())
        .unwrap_or_default();
    let has = |w: &String| values.iter().any(|x| x.eq_ignore_ascii_case(w));
    let missing: Vec<&String> = includes.iter().filter(|w| !has(w)).collect();
    let extra: Vec<&String> = excludes.iter().filter(|w| has(w)).collect();
    if missing.is_empty() && extra.is_empty() {
        return CheckOutcome::pass(id, format!("{attribute}: {}", values.join(", ")));
    }
    CheckOutcome::fail(
        id,
        if missing.is_empty() {
            format!("{attribute} still holds {extra:?}")
        } else {
            format!("{attribute} lacks {missing:?}")
        },
        format!("includes {includes:?}, excludes {excludes:?}"),
        format!("{attribute}: [{}]", values.join(", ")),
    )
}

/// An ETag header, equal to meta.version when that is present; weak ones start `W/`.
pub(crate) fn eval_etag(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::EtagHeader;
    let Some(tag) = resp.header("etag").map(str::trim) else {
        return CheckOutcome::fail(
            id,
            "no ETag header although etag.supported is true",
            "ETag: W/\"...\"",
            "(none)",
        );
    };
    let opaque = tag.strip_prefix("W/").unwrap_or(tag);
    if !(opaque.len() >= 2 && opaque.starts_with('"') && opaque.ends_with('"')) {
        return CheckOutcome::fail(
            id,
            "the ETag is not a quoted entity tag",
            "\"<tag>\" or W/\"<tag>\"",
            tag.to_owned(),
        );
    }
    let version = resp
        .json()
        .ok()
        .and_then(|v| get_ci(&v, "meta").and_then(|m| json_str(m, "version")));
    match version {
        Some(ver) if ver != tag => CheckOutcome::fail(
            id,
            "meta.version differs from the ETag header",
            tag.to_owned(),
            ver,
        ),
        _ => CheckOutcome::pass(id, format!("ETag {tag}")),
    }
}

/// 412 for a stale If-Match; 409 is accepted (RFC 7644 Table 8 lists it too).
pub(crate) fn eval_stale(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::StaleEtag412;
    match resp.status {
        412 => CheckOutcome::pass(id, "refused with 412"),
        409 => CheckOutcome::pass(
            id,
            "refused with 409 (RFC 7644 Table 8 allows it; RFC 7232 says 412)",
        ),
        s => CheckOutcome::fail(
            id,
            format!("a write with a stale If-Match answered {s}"),
            "412 (or 409)",
            format!("{s} {}", excerpt(&resp.text())),
        ),
    }
}
