//! Bulk checks on where processing stops (RFC 7644 §3.7.3, §3.7.4; rfc-checklist.md K3, K5):
//! after `failOnErrors` failures nothing more runs, and a request over `maxOperations` is
//! refused with 413 naming the limit.

use super::bulk::{ERROR_URN, bulk_results, loose_code, request};
use super::catalogue::CheckId;
use super::eval::CheckInput;
use super::outcome::CheckOutcome;
use super::util::{excerpt, get_ci, json_str, show};
use crate::http::{Method, ReceivedResponse};
use serde_json::Value;

const LIST_URN: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// `bulk-fail-on-errors`: nothing after the error limit was processed (K3). On the bulk
/// answer: the failures are reported and the operations whose bulkIds are in `unprocessed`
/// are not; on a later filter (a GET), no resource has a userName in `unprocessed`.
pub(crate) fn eval_fail_on_errors(
    input: &CheckInput<'_>,
    resp: &ReceivedResponse,
    unprocessed: &[String],
) -> CheckOutcome {
    let id = CheckId::BulkFailOnErrors;
    let is_get = input
        .calls
        .last()
        .is_some_and(|c| c.request.method == Method::Get);
    if is_get {
        let body = resp.json().unwrap_or(Value::Null);
        let list = get_ci(&body, "schemas")
            .and_then(Value::as_array)
            .is_some_and(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .any(|s| s.eq_ignore_ascii_case(LIST_URN))
            });
        if resp.status != 200 || !list {
            return CheckOutcome::error(
                id,
                format!(
                    "the filter answered {} without a usable ListResponse",
                    resp.status
                ),
            );
        }
        let found: Vec<String> = get_ci(&body, "Resources")
            .and_then(Value::as_array)
            .map(|rs| rs.iter().filter_map(|r| json_str(r, "userName")).collect())
            .unwrap_or_default();
        return match found
            .iter()
            .find(|n| unprocessed.iter().any(|u| u.eq_ignore_ascii_case(n)))
        {
            None => CheckOutcome::pass(id, "the operation after the limit created nothing"),
            Some(n) => CheckOutcome::fail(
                id,
                format!("the operation after the error limit was performed: {n} exists"),
                "no resource created by an operation after the limit",
                excerpt(&resp.text()),
            ),
        };
    }
    let Some(limit) = request(input).fail_on_errors else {
        return CheckOutcome::error(id, "scenario error: the request carries no failOnErrors");
    };
    if resp.status >= 400 {
        let error = resp.json().ok().is_some_and(|b| {
            get_ci(&b, "schemas")
                .and_then(Value::as_array)
                .is_some_and(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .any(|s| s.eq_ignore_ascii_case(ERROR_URN))
                })
        });
        if error {
            return CheckOutcome::pass(
                id,
                format!(
                    "answered {} with an Error: the failOnErrors definition (RFC 7644 §3.7) allows an error response",
                    resp.status
                ),
            );
        }
    }
    let results = match bulk_results(id, resp) {
        Ok(r) => r,
        Err(o) => return o,
    };
    let errors = results
        .iter()
        .filter(|r| loose_code(r).is_some_and(|c| c >= 400))
        .count() as u64;
    if let Some(late) = results
        .iter()
        .find_map(|r| json_str(r, "bulkId").filter(|b| unprocessed.contains(b)))
    {
        return CheckOutcome::fail(
            id,
            format!(
                "the operation {late:?} after the error limit (failOnErrors {limit}) was processed"
            ),
            format!(
                "processing stops after {limit} error(s) (RFC 7644 §3.7.3; after {} under the \"accepts {limit}\" reading)",
                limit + 1
            ),
            excerpt(&Value::from(results.clone()).to_string()),
        );
    }
    if errors == 0 || errors > limit + 1 {
        return CheckOutcome::fail(
            id,
            format!("{errors} failed operation(s) reported with failOnErrors {limit}"),
            format!(
                "the error that reached the limit: {limit} failure(s) ({} under the \"accepts {limit}\" reading)",
                limit + 1
            ),
            excerpt(&Value::from(results).to_string()),
        );
    }
    CheckOutcome::pass(
        id,
        format!("stopped after {errors} error(s) with failOnErrors {limit}"),
    )
}

/// `bulk-limits-413`: a request over maxOperations or maxPayloadSize is refused with 413 naming
/// the limit (its name or its value) (K5).
pub(crate) fn eval_limits_413(resp: &ReceivedResponse, limit: &Value) -> CheckOutcome {
    let id = CheckId::BulkLimits413;
    if resp.status != 413 {
        return CheckOutcome::fail(
            id,
            format!(
                "a request over the bulk limit ({}) answered {} instead of 413",
                show(limit),
                resp.status
            ),
            "413 Payload Too Large naming the limit",
            format!("{} {}", resp.status, excerpt(&resp.text())),
        );
    }
    let text = resp.text().to_ascii_lowercase();
    let number = match limit {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let named = text.contains("operations")
        || text.contains("payload")
        || text
            .split(|c: char| !c.is_ascii_digit())
            .any(|t| t == number);
    if named {
        CheckOutcome::pass(id, "413 naming the limit")
    } else {
        CheckOutcome::fail(
            id,
            "the 413 does not say which limit was exceeded",
            format!(
                "an error body naming the limit (maxOperations, maxPayloadSize) or its value {number} (RFC 7644 §3.7.4)"
            ),
            excerpt(&resp.text()),
        )
    }
}
