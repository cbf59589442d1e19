//! Immutable attributes (RFC 7643 §7, RFC 7644 §3.5.1; checklist H3, E7): a value set at
//! creation may be repeated but never changed.
//!
//! A scenario cannot know which attribute of the target is immutable, so the `schema-probe`
//! capture finds one in the target's own `/Schemas` ([`super::probe`]) and the steps use it:
//!
//! ```yaml
//! - check: immutable
//!   probe: "{{probe.immutable}}"
//! ```

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, pointer_ci, show};
use crate::http::ReceivedResponse;
use serde_json::Value;

/// RFC 7644 §3.5.2: "An operation that is not compatible with an attribute's mutability or
/// schema SHALL return the appropriate HTTP response status code and a JSON detail error
/// response". Any 4xx is an error response; which scimType is `immutable-400`'s and
/// `patch-error-400`'s business, and the body's shape `error-body`'s.
pub(crate) fn eval_mutability_refused(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::PatchMutabilityRefused;
    if (400..500).contains(&resp.status) {
        return CheckOutcome::pass(id, format!("refused with {}", resp.status));
    }
    let why = if (200..300).contains(&resp.status) {
        "the PATCH against the attribute's mutability was accepted"
    } else {
        "the PATCH against the attribute's mutability was not answered with a client error"
    };
    CheckOutcome::fail(
        id,
        why,
        "a 4xx SCIM Error (400 mutability)",
        format!("{} {}", resp.status, excerpt(&resp.text())),
    )
}

/// RFC 7644 §3.5.1: "If the service provider has no existing values, the new value(s)
/// SHALL be applied."
fn eval_applied(
    resp: &ReceivedResponse,
    pointer: &str,
    attribute: &str,
    value: &Value,
) -> CheckOutcome {
    let id = CheckId::Immutable;
    let expected = format!("{attribute} = {}", show(value));
    if !(200..300).contains(&resp.status) {
        return CheckOutcome::fail(
            id,
            format!(
                "setting {attribute}, which had no value, was refused with {}",
                resp.status
            ),
            expected,
            format!("{} {}", resp.status, excerpt(&resp.text())),
        );
    }
    let Ok(body) = resp.json() else {
        return CheckOutcome::skipped(
            id,
            "no resource in the answer; a later read judges the stored value",
        );
    };
    match pointer_ci(&body, pointer).filter(|v| !v.is_null()) {
        Some(v) if same(v, value) => {
            CheckOutcome::pass(id, format!("{attribute} took the value it had none of"))
        }
        other => CheckOutcome::fail(
            id,
            format!("{attribute} had no value, yet the write's value was not applied"),
            expected,
            other.map_or_else(|| "(absent)".to_owned(), show),
        ),
    }
}

fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.eq_ignore_ascii_case(y),
        _ => a == b,
    }
}

/// `immutable`: after a write trying to change the value, the resource still shows the
/// first value. A refused write passes (whether it was refused the RFC way is
/// `immutable-400`); an answer without the attribute has nothing to compare. With `unset`
/// (the resource had no value), the write's value must have been applied.
pub(crate) fn eval_immutable(resp: &ReceivedResponse, probe: &Value, unset: bool) -> CheckOutcome {
    let id = CheckId::Immutable;
    let (Some(pointer), Some(first), Some(second)) = (
        probe.get("pointer").and_then(Value::as_str),
        probe.get("first_value"),
        probe.get("second_value"),
    ) else {
        return CheckOutcome::error(
            id,
            "scenario error: `probe` is not an immutable-attribute capture",
        );
    };
    let attribute = probe
        .get("attribute")
        .and_then(Value::as_str)
        .unwrap_or(pointer);
    if unset {
        return eval_applied(resp, pointer, attribute, second);
    }
    if !(200..300).contains(&resp.status) {
        return CheckOutcome::pass(
            id,
            format!("the change of {attribute} was refused with {}", resp.status),
        );
    }
    let Ok(body) = resp.json() else {
        return CheckOutcome::skipped(
            id,
            "no resource in the answer; a later read judges the stored value",
        );
    };
    match pointer_ci(&body, pointer).filter(|v| !v.is_null()) {
        None => CheckOutcome::skipped(
            id,
            format!("the answer does not show {attribute}; nothing to compare"),
        ),
        Some(v) if same(v, first) => {
            CheckOutcome::pass(id, format!("{attribute} kept its first value"))
        }
        Some(v) => {
            let sent = if same(v, second) {
                " (the value the write sent)"
            } else {
                ""
            };
            CheckOutcome::fail(
                id,
                format!(
                    "the immutable {attribute} changed from {} to {}{sent}",
                    show(first),
                    show(v)
                ),
                format!(
                    "{attribute} stays {} (or the write is refused with 400 mutability)",
                    show(first)
                ),
                format!("{} {}", resp.status, excerpt(&v.to_string())),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::schema_probe::schema_probe;
    use crate::check::schema_probe::tests::declared;
    use serde_json::json;

    #[test]
    fn a_changed_value_fails_and_a_refusal_or_the_old_value_passes() {
        let (schemas, types) = declared();
        let p = schema_probe(&schemas, &types, "/Users", "sg-1")["immutable"].clone();
        let resp = |status: u16, badge: &str| ReceivedResponse {
            status,
            headers: Vec::new(),
            body: json!({"urn:ext:User": {"badge": badge}})
                .to_string()
                .into_bytes(),
            parsed: Default::default(),
        };
        use crate::check::Verdict::{Fail, Pass};
        assert_eq!(
            eval_immutable(&resp(200, "sg-1-immutable-2"), &p, false).verdict,
            Fail
        );
        assert_eq!(
            eval_immutable(&resp(200, "sg-1-immutable-1"), &p, false).verdict,
            Pass
        );
        assert_eq!(eval_immutable(&resp(400, "x"), &p, false).verdict, Pass);
        assert_eq!(
            eval_immutable(&resp(200, "sg-1-immutable-2"), &p, true).verdict,
            Pass
        );
        assert_eq!(
            eval_immutable(&resp(200, "sg-1-immutable-1"), &p, true).verdict,
            Fail
        );
        assert_eq!(eval_immutable(&resp(400, "x"), &p, true).verdict, Fail);
    }
}
