//! `version-segment` (RFC 7644 §3.13, rfc-checklist.md A11): a request with the version
//! segment `/v2` put immediately before the endpoint is either performed with that version
//! (the same kind of answer as without it) or refused with 400 `invalidVers`. Probed only
//! when the target's base URL does not end in a version segment already
//! (`requires: "!{{target.versioned}}"`).
//!
//! ```yaml
//! - name: version-segment
//!   requires: "!{{target.versioned}}"
//!   request: {method: GET, path: /v2/Users, query: count=1}
//!   expect:
//!     - check: version-segment
//!       schema: urn:ietf:params:scim:api:messages:2.0:ListResponse
//! ```

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, get_ci, json_str};
use crate::http::ReceivedResponse;

const ID: CheckId = CheckId::VersionSegment;

/// Served (200 whose `schemas` names `schema`, the answer the endpoint gives without the
/// segment) or refused with 400 `invalidVers`; anything else fails.
pub(crate) fn eval_version_segment(resp: &ReceivedResponse, schema: &str) -> CheckOutcome {
    let want =
        format!("200 with {schema} (as without the segment), or 400 with scimType invalidVers");
    let actual = || format!("{} {}", resp.status, excerpt(&resp.text()));
    let body = resp.json().ok();
    match resp.status {
        200 => {
            let named = body
                .as_ref()
                .and_then(|b| get_ci(b, "schemas"))
                .and_then(|s| s.as_array())
                .is_some_and(|s| {
                    s.iter()
                        .filter_map(|v| v.as_str())
                        .any(|v| v.eq_ignore_ascii_case(schema))
                });
            if named {
                CheckOutcome::pass(
                    ID,
                    format!("served with the version segment (200, {schema})"),
                )
            } else {
                CheckOutcome::fail(
                    ID,
                    format!(
                        "answered 200, but not with {schema} as the endpoint does without the segment"
                    ),
                    want,
                    actual(),
                )
            }
        }
        400 => match body.as_ref().and_then(|b| json_str(b, "scimType")) {
            Some(t) if t.eq_ignore_ascii_case("invalidVers") => {
                CheckOutcome::pass(ID, format!("refused with 400 {t}"))
            }
            t => CheckOutcome::fail(
                ID,
                format!(
                    "answered 400 with scimType {}: a refused version is invalidVers",
                    t.as_deref().unwrap_or("(none)")
                ),
                want,
                actual(),
            ),
        },
        s => CheckOutcome::fail(
            ID,
            format!(
                "answered {s}: the version segment before the endpoint is neither served nor refused with invalidVers"
            ),
            want,
            actual(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;

    const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    fn resp(status: u16, body: &str) -> ReceivedResponse {
        ReceivedResponse {
            status,
            headers: vec![(
                "content-type".to_owned(),
                "application/scim+json".to_owned(),
            )]
            .into_iter()
            .collect(),
            body: body.as_bytes().to_vec(),
            parsed: Default::default(),
        }
    }

    fn verdict(status: u16, body: &str) -> Verdict {
        eval_version_segment(&resp(status, body), LIST).verdict
    }

    #[test]
    fn served_or_refused_with_invalid_vers_passes() {
        let list = format!(r#"{{"schemas":["{LIST}"],"totalResults":0,"Resources":[]}}"#);
        assert_eq!(verdict(200, &list), Verdict::Pass);
        assert_eq!(
            verdict(400, r#"{"status":"400","scimType":"invalidVers"}"#),
            Verdict::Pass
        );
    }

    #[test]
    fn anything_else_fails() {
        assert_eq!(verdict(404, r#"{"status":"404"}"#), Verdict::Fail);
        assert_eq!(verdict(200, "<html>Welcome</html>"), Verdict::Fail);
        assert_eq!(verdict(200, r#"{"schemas":["urn:other"]}"#), Verdict::Fail);
        assert_eq!(
            verdict(400, r#"{"status":"400","scimType":"invalidSyntax"}"#),
            Verdict::Fail
        );
        assert_eq!(verdict(500, ""), Verdict::Fail);
    }
}
