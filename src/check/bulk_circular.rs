//! `bulk-circular` (RFC 7644 §3.7.1; rfc-checklist.md K4): two POSTs of one bulk request whose
//! data reference each other's bulkId. The RFC lets a service provider either resolve the cycle
//! ("MUST try to resolve circular cross-references", e.g. by creating both and then linking
//! them) or give up with 409, so both readings pass: every operation of the cycle succeeded
//! (a later read then finds the real ids, never a literal `"bulkId:…"`), or all of them were
//! refused with 409 (per operation, or the whole request). A 5xx, any other error, or some
//! operations succeeding while the others were refused (a 2xx whose reference could not be
//! resolved) fail.

use super::bulk::{bulk_results, loose_code, request};
use super::catalogue::CheckId;
use super::eval::CheckInput;
use super::outcome::CheckOutcome;
use super::util::{excerpt, json_str};
use crate::http::ReceivedResponse;
use serde_json::Value;
use std::collections::BTreeMap;

/// `bulk-circular`: on the bulk answer, the cycle was resolved (all 2xx) or refused (409);
/// with `values`, on a later read, the references hold the other resource's real id.
pub(crate) fn eval_bulk_circular(
    input: &CheckInput<'_>,
    resp: &ReceivedResponse,
    values: &BTreeMap<String, Value>,
) -> CheckOutcome {
    let id = CheckId::BulkCircular;
    if !values.is_empty() {
        return super::bulk::read_back(id, resp, values);
    }
    if resp.status == 409 {
        return CheckOutcome::pass(
            id,
            "the request was refused with 409 (the circular references were not resolved)",
        );
    }
    let results = match bulk_results(id, resp) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let mut codes = Vec::new();
    for op in request(input).ops {
        let Some(b) = json_str(&op, "bulkId") else {
            continue;
        };
        let code = results
            .iter()
            .find(|r| json_str(r, "bulkId").as_deref() == Some(b.as_str()))
            .and_then(loose_code);
        codes.push((b, code));
    }
    let shown = codes
        .iter()
        .map(|(b, c)| match c {
            Some(c) => format!("{b}: {c}"),
            None => format!("{b}: (no result)"),
        })
        .collect::<Vec<_>>()
        .join(", ");
    if codes
        .iter()
        .all(|(_, c)| c.is_some_and(|c| (200..300).contains(&c)))
    {
        return CheckOutcome::pass(
            id,
            format!("every operation of the cycle succeeded ({shown}); the reads check the ids"),
        );
    }
    if codes.iter().all(|(_, c)| *c == Some(409)) {
        return CheckOutcome::pass(
            id,
            format!("every operation of the cycle was refused with 409 ({shown})"),
        );
    }
    let why = if codes.iter().any(|(_, c)| c.is_some_and(|c| c >= 500)) {
        "the circular references made the server fail (5xx)"
    } else if codes
        .iter()
        .any(|(_, c)| c.is_some_and(|c| (200..300).contains(&c)))
    {
        "some operations of the cycle succeeded while others were refused: a 2xx whose reference could not be resolved"
    } else {
        "the circular references were refused with something other than 409"
    };
    CheckOutcome::fail(
        id,
        format!("{why} ({shown})"),
        "all operations of the cycle 2xx with the references resolved, or all refused with 409 (RFC 7644 §3.7.1)",
        excerpt(&Value::from(results).to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;
    use crate::http::{Call, Method, SentRequest};
    use serde_json::json;
    use std::time::Duration;

    fn call(status: u16, body: &Value) -> Call {
        let ops = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        "Operations": [
            {"method": "POST", "path": "/Groups", "bulkId": "a", "data": {"displayName": "a", "members": [{"value": "bulkId:b"}]}},
            {"method": "POST", "path": "/Groups", "bulkId": "b", "data": {"displayName": "b", "members": [{"value": "bulkId:a"}]}},
        ]});
        Call {
            request: SentRequest {
                method: Method::Post,
                path: "/Bulk".into(),
                headers: Vec::new(),
                body: Some(ops.to_string()),
            },
            response: Ok(ReceivedResponse {
                status,
                headers: Vec::new(),
                body: body.to_string().into_bytes(),
                parsed: Default::default(),
            }),
            elapsed: Duration::ZERO,
        }
    }

    fn answer(a: &str, b: &str) -> Value {
        let result = |bulk_id: &str, status: &str| {
            json!({"method": "POST", "bulkId": bulk_id, "status": status,
                "location": format!("https://x/Groups/{bulk_id}-id")})
        };
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:BulkResponse"],
            "Operations": [result("a", a), result("b", b)]})
    }

    fn verdict(status: u16, body: &Value, values: &BTreeMap<String, Value>) -> Verdict {
        let calls = [call(status, body)];
        let input = CheckInput {
            calls: &calls,
            kind: None,
        };
        eval_bulk_circular(&input, calls[0].response.as_ref().unwrap(), values).verdict
    }

    #[test]
    fn both_readings_pass() {
        let none = BTreeMap::new();
        // Resolved: both created (the reference server takes the other reading).
        assert_eq!(verdict(200, &answer("201", "201"), &none), Verdict::Pass);
        // Refused: per operation, or the whole request.
        assert_eq!(verdict(200, &answer("409", "409"), &none), Verdict::Pass);
        assert_eq!(
            verdict(409, &json!({"status": "409"}), &none),
            Verdict::Pass
        );
    }

    #[test]
    fn errors_and_half_resolved_cycles_fail() {
        let none = BTreeMap::new();
        assert_eq!(verdict(200, &answer("500", "409"), &none), Verdict::Fail);
        assert_eq!(verdict(200, &answer("201", "409"), &none), Verdict::Fail);
        assert_eq!(verdict(200, &answer("400", "400"), &none), Verdict::Fail);
        assert_eq!(verdict(500, &json!({}), &none), Verdict::Fail);
    }

    #[test]
    fn a_read_back_needs_the_other_real_id() {
        let values = BTreeMap::from([("/members/0/value".to_owned(), json!("b-id"))]);
        let group = |v: &str| json!({"id": "a-id", "members": [{"value": v}]});
        assert_eq!(verdict(200, &group("b-id"), &values), Verdict::Pass);
        assert_eq!(verdict(200, &group("bulkId:b"), &values), Verdict::Fail);
    }
}
