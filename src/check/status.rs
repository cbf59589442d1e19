//! Status-code checks and the small checks on error answers.

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, json_str};
use crate::http::{Call, ReceivedResponse};

/// The status is one of `allowed`.
pub(crate) fn eval_status(id: CheckId, resp: &ReceivedResponse, allowed: &[u16]) -> CheckOutcome {
    let want = allowed
        .iter()
        .map(u16::to_string)
        .collect::<Vec<_>>()
        .join(" or ");
    if allowed.contains(&resp.status) {
        CheckOutcome::pass(id, format!("answered {}", resp.status))
    } else {
        CheckOutcome::fail(
            id,
            format!("answered {} where {want} was expected", resp.status),
            want,
            format!("{} {}", resp.status, excerpt(&resp.text())),
        )
    }
}

/// 409 (or 400 with scimType uniqueness, which RFC 7643 §7 allows).
/// A refusal as a duplicate: 409, or 400 with scimType uniqueness (RFC 7643 §7 allows it).
pub(crate) fn is_duplicate_refusal(resp: &ReceivedResponse) -> bool {
    resp.status == 409
        || (resp.status == 400
            && resp
                .json()
                .ok()
                .and_then(|v| {
                    crate::check::pointer_ci(&v, "/scimType")
                        .and_then(|t| t.as_str().map(str::to_owned))
                })
                .is_some_and(|t| t.eq_ignore_ascii_case("uniqueness")))
}

pub(crate) fn eval_duplicate_refused(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::DuplicateRefused;
    match resp.status {
        s if (400..500).contains(&s) => {
            CheckOutcome::pass(id, format!("the duplicate was refused with {s}"))
        }
        s => CheckOutcome::fail(
            id,
            if (200..300).contains(&s) {
                format!(
                    "the duplicate was accepted ({s}): the server now holds two users with one userName, and Okta's racing assignments make twin accounts"
                )
            } else {
                format!("the duplicate answered {s}, not a refusal")
            },
            "a 4xx refusal (409 with scimType uniqueness)",
            format!("{s} {}", excerpt(&resp.text())),
        ),
    }
}

/// Exactly 409, as Okta's SPEC test step 8 asserts.
pub(crate) fn eval_duplicate_409(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::Duplicate409;
    match resp.status {
        409 => CheckOutcome::pass(id, "duplicate refused with 409"),
        s => CheckOutcome::fail(
            id,
            if s == 400 {
                "the duplicate answered 400, not 409: RFC 7643 §7 allows it, RFC 7644 §3.3 and Okta's SPEC test step 8 want 409".to_owned()
            } else {
                format!("the duplicate answered {s} instead of 409")
            },
            "409",
            format!("{s} {}", excerpt(&resp.text())),
        ),
    }
}

/// A refused duplicate names scimType uniqueness.
pub(crate) fn eval_duplicate_scim_type(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::DuplicateScimType;
    let scim_type = resp.json().ok().and_then(|v| json_str(&v, "scimType"));
    match scim_type.as_deref() {
        Some(t) if t.eq_ignore_ascii_case("uniqueness") => {
            CheckOutcome::pass(id, format!("{} with scimType uniqueness", resp.status))
        }
        other => CheckOutcome::fail(
            id,
            format!(
                "the {} refusing the duplicate names scimType {}",
                resp.status,
                other.map_or("(none)".to_owned(), |t| format!("\"{t}\""))
            ),
            "scimType \"uniqueness\"",
            format!("{} {}", resp.status, excerpt(&resp.text())),
        ),
    }
}

/// A 401 names its auth scheme.
pub(crate) fn eval_www_authenticate(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::WwwAuthenticate;
    if resp.status != 401 {
        return CheckOutcome::skipped(
            id,
            format!(
                "the answer is {}, not a 401 (its status is judged apart)",
                resp.status
            ),
        );
    }
    match resp.header("www-authenticate") {
        Some(v) if !v.trim().is_empty() => {
            CheckOutcome::pass(id, format!("WWW-Authenticate: {}", excerpt(v)))
        }
        _ => CheckOutcome::fail(
            id,
            "the 401 has no WWW-Authenticate header",
            "WWW-Authenticate: Bearer ...",
            "(absent)",
        ),
    }
}

/// An error body carries a non-empty `detail`.
pub(crate) fn eval_error_detail(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::ErrorDetail;
    match resp.json().ok().and_then(|v| json_str(&v, "detail")) {
        Some(d) if !d.trim().is_empty() => {
            CheckOutcome::pass(id, format!("detail: {}", excerpt(&d)))
        }
        _ => CheckOutcome::fail(
            id,
            "the error has no `detail`",
            "a non-empty `detail` string",
            excerpt(&resp.text()),
        ),
    }
}

/// Every call of the step answered within `max_ms`.
pub(crate) fn eval_response_time(calls: &[Call], max_ms: u64) -> CheckOutcome {
    let id = CheckId::ResponseTime;
    let slowest = calls
        .iter()
        .map(|c| c.elapsed.as_millis())
        .max()
        .unwrap_or(0);
    if slowest <= u128::from(max_ms) {
        CheckOutcome::pass(id, format!("answered in {slowest} ms (limit {max_ms} ms)"))
    } else {
        CheckOutcome::fail(
            id,
            format!("answered in {slowest} ms, over the {max_ms} ms limit"),
            format!("at most {max_ms} ms"),
            format!("{slowest} ms"),
        )
    }
}
