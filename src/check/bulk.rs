//! Bulk checks (RFC 7644 §3.7; rfc-checklist.md §K): the BulkResponse reports every processed
//! operation as the RFC describes and `"bulkId:<id>"` references end up as real ids. Where
//! processing must stop (`failOnErrors`) or not start (`maxOperations`) is `bulk_limits.rs`.
//!
//! The checks read the request they judge from the step's call (its operations, bulkIds and
//! `failOnErrors`), so a scenario only states what it cannot know from there.
//!
//! **Q.11** (the RFC contradicts itself on `status`): §3.7.3 says the status "MUST include the
//! code attribute" (an object, `{"code": "201"}`, a leftover of a draft), while every example,
//! and the attribute definition, use the code itself as a string (`"201"`). Both pass; a JSON
//! number (`201`) fails, as it matches neither.

use super::catalogue::CheckId;
use super::eval::CheckInput;
use super::outcome::CheckOutcome;
use super::util::{excerpt, get_ci, json_str, show};
use crate::http::ReceivedResponse;
use serde_json::Value;
use std::collections::BTreeMap;

const BULK_RESPONSE_URN: &str = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";
pub(super) const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// The request a bulk check judges: its operations and `failOnErrors`.
pub(super) struct BulkRequest {
    pub(super) ops: Vec<Value>,
    pub(super) fail_on_errors: Option<u64>,
}

pub(super) fn request(input: &CheckInput<'_>) -> BulkRequest {
    let body = input
        .calls
        .last()
        .and_then(|c| c.request.body.as_deref())
        .and_then(|b| serde_json::from_str::<Value>(b).ok())
        .unwrap_or(Value::Null);
    BulkRequest {
        ops: get_ci(&body, "Operations")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        fail_on_errors: get_ci(&body, "failOnErrors").and_then(Value::as_u64),
    }
}

/// A result's status code: `"201"`, or `{"code": "201"}` (Q.11); `Err` says what came instead.
fn status_code(result: &Value) -> Result<u16, String> {
    let raw = get_ci(result, "status");
    let text = match raw {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(obj @ Value::Object(_)) => get_ci(obj, "code").and_then(Value::as_str),
        _ => None,
    };
    text.and_then(|s| s.trim().parse::<u16>().ok())
        .filter(|c| (100..600).contains(c))
        .ok_or_else(|| match raw {
            None => "no status".to_owned(),
            Some(v @ Value::Number(_)) => format!("status {v} is a JSON number, not a string"),
            Some(v) => format!("status {} is not an HTTP code as a string", show(v)),
        })
}

/// A code from any spelling of `status` (string, number, object), for the checks that judge
/// what happened rather than how it is written.
pub(super) fn loose_code(result: &Value) -> Option<u64> {
    status_code(result).map(u64::from).ok().or_else(|| {
        get_ci(result, "status").and_then(|s| {
            s.as_u64()
                .or_else(|| get_ci(s, "code").and_then(Value::as_u64))
        })
    })
}

/// 200 with a BulkResponse: its results, or the failure saying why not.
pub(super) fn bulk_results(
    id: CheckId,
    resp: &ReceivedResponse,
) -> Result<Vec<Value>, CheckOutcome> {
    if resp.status != 200 {
        return Err(CheckOutcome::fail(
            id,
            format!("POST /Bulk answered {} instead of 200", resp.status),
            "200 with a BulkResponse",
            format!("{} {}", resp.status, excerpt(&resp.text())),
        ));
    }
    let body = resp
        .json()
        .map_err(|e| CheckOutcome::fail(id, "the answer is not JSON", "a BulkResponse", e))?;
    let urn = get_ci(&body, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .any(|s| s.eq_ignore_ascii_case(BULK_RESPONSE_URN))
        });
    if !urn {
        return Err(CheckOutcome::fail(
            id,
            "the answer does not carry the BulkResponse URN in `schemas`",
            BULK_RESPONSE_URN,
            show(get_ci(&body, "schemas").unwrap_or(&Value::Null)),
        ));
    }
    match get_ci(&body, "Operations").and_then(Value::as_array) {
        Some(a) => Ok(a.clone()),
        None => Err(CheckOutcome::fail(
            id,
            "the BulkResponse has no Operations array",
            "Operations: one result per processed operation",
            excerpt(&body.to_string()),
        )),
    }
}

/// `bulk-response`: the BulkResponse reports every processed operation (K1–K3).
pub(crate) fn eval_bulk_response(input: &CheckInput<'_>, resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::BulkResponse;
    let results = match bulk_results(id, resp) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let req = request(input);
    let fail = |message: String, expected: &str, actual: String| {
        CheckOutcome::fail(id, message, expected, actual)
    };
    let all = req.fail_on_errors.is_none();
    if (all && results.len() != req.ops.len()) || results.len() > req.ops.len() {
        return fail(
            format!(
                "{} operation(s) sent, {} result(s) reported",
                req.ops.len(),
                results.len()
            ),
            "one result per processed operation (all of them without failOnErrors)",
            results.len().to_string(),
        );
    }
    for op in &req.ops {
        let post = json_str(op, "method").is_some_and(|m| m.eq_ignore_ascii_case("POST"));
        if let (true, true, Some(b)) = (all, post, json_str(op, "bulkId"))
            && !results
                .iter()
                .any(|r| json_str(r, "bulkId").as_deref() == Some(b.as_str()))
        {
            return fail(
                format!("no result echoes the bulkId {b:?} of a POST"),
                "the same bulkId on the POST's result (RFC 7644 §3.7)",
                excerpt(&Value::from(results.clone()).to_string()),
            );
        }
    }
    for (i, r) in results.iter().enumerate() {
        let at = format!("Operations[{i}]");
        let Some(method) = json_str(r, "method") else {
            return fail(
                format!("{at} has no method"),
                "method",
                excerpt(&r.to_string()),
            );
        };
        let code = match status_code(r) {
            Ok(c) => c,
            Err(why) => {
                return fail(
                    format!("{at}: {why}"),
                    "status: the HTTP code as a string, e.g. \"201\"",
                    excerpt(&r.to_string()),
                );
            }
        };
        let failed = code >= 400;
        let post = method.eq_ignore_ascii_case("POST");
        if !(failed && post) && json_str(r, "location").is_none_or(|l| l.trim().is_empty()) {
            return fail(
                format!("{at} ({method} {code}) has no location"),
                "location on every result except a failed POST (RFC 7644 §3.7.3)",
                excerpt(&r.to_string()),
            );
        }
        if !(200..300).contains(&code) {
            let error = get_ci(r, "response").is_some_and(|e| {
                get_ci(e, "schemas")
                    .and_then(Value::as_array)
                    .is_some_and(|a| {
                        a.iter()
                            .filter_map(Value::as_str)
                            .any(|s| s.eq_ignore_ascii_case(ERROR_URN))
                    })
                    && get_ci(e, "status").is_some()
            });
            if !error {
                return fail(
                    format!("{at} ({method} {code}) carries no SCIM Error in `response`"),
                    "response: the Error body (RFC 7644 §3.7, §3.12)",
                    excerpt(&r.to_string()),
                );
            }
        }
    }
    CheckOutcome::pass(
        id,
        format!(
            "a BulkResponse with {} well-formed result(s)",
            results.len()
        ),
    )
}

/// A read after a bulk request: the pointers in `values` hold the real ids, and a stored
/// literal `"bulkId:…"` is called out as such.
pub(super) fn read_back(
    id: CheckId,
    resp: &ReceivedResponse,
    values: &BTreeMap<String, Value>,
) -> CheckOutcome {
    let mut o = super::resource::eval_values(id, resp, values);
    if o.actual.as_deref().is_some_and(|a| a.contains("bulkId:")) {
        o.message = format!(
            "the literal \"bulkId:…\" reference was stored: {}",
            o.message
        );
    }
    o
}

/// `bulk-id-resolved`: on the BulkResponse, every operation that references another one's
/// bulkId succeeded; on a later read, the references hold the real ids (K4).
pub(crate) fn eval_bulk_id_resolved(
    input: &CheckInput<'_>,
    resp: &ReceivedResponse,
    values: &BTreeMap<String, Value>,
) -> CheckOutcome {
    let id = CheckId::BulkIdResolved;
    if !values.is_empty() {
        return read_back(id, resp, values);
    }
    let results = match bulk_results(id, resp) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let req = request(input);
    let declared: Vec<String> = req
        .ops
        .iter()
        .filter_map(|o| json_str(o, "bulkId"))
        .collect();
    let mut checked = 0;
    for op in &req.ops {
        let mut refs = Vec::new();
        collect_refs(op, &mut refs);
        refs.retain(|r| declared.contains(r));
        let Some(b) = json_str(op, "bulkId").filter(|_| !refs.is_empty()) else {
            continue;
        };
        checked += 1;
        let result = results
            .iter()
            .find(|r| json_str(r, "bulkId").as_deref() == Some(b.as_str()));
        let ok = result
            .and_then(loose_code)
            .is_some_and(|c| (200..300).contains(&c));
        if !ok {
            return CheckOutcome::fail(
                id,
                format!(
                    "the operation {b:?}, which references bulkId:{}, did not succeed",
                    refs.join(", bulkId:")
                ),
                "a 2xx result: the reference replaced by the new resource's id (RFC 7644 §3.7.2)",
                result.map_or_else(|| "(no result)".to_owned(), |r| excerpt(&r.to_string())),
            );
        }
    }
    CheckOutcome::pass(
        id,
        format!("{checked} operation(s) with bulkId references succeeded"),
    )
}

fn collect_refs(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => {
            if let Some(b) = s.strip_prefix("bulkId:") {
                out.push(b.to_owned());
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect_refs(x, out)),
        Value::Object(m) => m.values().for_each(|x| collect_refs(x, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn status_accepts_both_q11_readings_and_refuses_numbers() {
        assert_eq!(status_code(&json!({"status": "201"})), Ok(201));
        assert_eq!(status_code(&json!({"status": {"code": "409"}})), Ok(409));
        assert!(status_code(&json!({"status": 201})).is_err());
        assert!(status_code(&json!({})).is_err());
        assert_eq!(loose_code(&json!({"status": 404})), Some(404));
    }

    #[test]
    fn references_are_collected_from_nested_data() {
        let mut out = Vec::new();
        collect_refs(
            &json!({"data": {"members": [{"value": "bulkId:u"}], "x": "bulkIdless"}}),
            &mut out,
        );
        assert_eq!(out, ["u"]);
    }
}
