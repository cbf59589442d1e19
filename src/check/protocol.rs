//! Protocol checks of the RFC profile (rfc-checklist.md §A, §B, §L, §M): media-type
//! negotiation (RFC 7644 §3.8), operations an endpoint does not offer (Table 8), discovery
//! endpoints ignoring paging and refusing filters (§4), features the ServiceProviderConfig
//! marks unsupported (501), and `/Me` (§3.11).
//!
//! ```yaml
//! - name: accept-json
//!   request: {method: GET, path: /Users, query: count=1, headers: {Accept: application/json}}
//!   expect:
//!     - check: accept-json
//! ```

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, get_ci, show};
use crate::http::ReceivedResponse;
use serde_json::Value;
use std::collections::BTreeSet;

fn actual(resp: &ReceivedResponse) -> String {
    format!("{} {}", resp.status, excerpt(&resp.text()))
}

/// `accept-json`, `accept-default`: 200 with a JSON body. The label (`application/scim+json`
/// or `application/json`) is judged by `media-type` on every response, so it is not judged
/// twice here.
pub(crate) fn eval_json_answer(id: CheckId, resp: &ReceivedResponse) -> CheckOutcome {
    if resp.status != 200 {
        return CheckOutcome::fail(
            id,
            format!("answered {} instead of the SCIM JSON answer", resp.status),
            "200 with a SCIM JSON body",
            actual(resp),
        );
    }
    match resp.json() {
        Ok(_) => CheckOutcome::pass(
            id,
            format!(
                "answered 200 with JSON ({})",
                resp.media_type()
                    .unwrap_or_else(|| "no Content-Type".into())
            ),
        ),
        Err(e) => CheckOutcome::fail(
            id,
            format!("answered 200 but the body is not JSON: {e}"),
            "200 with a SCIM JSON body",
            actual(resp),
        ),
    }
}

/// `json-body-accepted`: a body labelled `application/json` was taken (any 2xx).
pub(crate) fn eval_json_body_accepted(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::JsonBodyAccepted;
    if (200..300).contains(&resp.status) {
        CheckOutcome::pass(id, format!("accepted with {}", resp.status))
    } else {
        CheckOutcome::fail(
            id,
            format!(
                "a body sent as application/json answered {}{}, where the same kind of body sent as application/scim+json was accepted (the step before): the media type is what the target refuses",
                resp.status,
                error_detail(resp)
                    .map(|d| format!(" (\"{d}\")"))
                    .unwrap_or_default()
            ),
            "2xx, as for application/scim+json",
            actual(resp),
        )
    }
}

/// `attribute-names-ci` on a refused create: the names differed from the canonical ones in
/// case only, so the refusal is the failure.
pub(crate) fn eval_names_refused(resp: &ReceivedResponse) -> CheckOutcome {
    CheckOutcome::fail(
        CheckId::AttributeNamesCi,
        format!(
            "a create whose attribute names differ from the canonical ones only in case (UserName, NAME) answered {}{}: RFC 7643 §2.1 makes attribute names case-insensitive",
            resp.status,
            error_detail(resp)
                .map(|d| format!(" (\"{d}\")"))
                .unwrap_or_default()
        ),
        "2xx, as for userName and name",
        actual(resp),
    )
}

/// The `detail` of a SCIM Error answer, shortened.
fn error_detail(resp: &ReceivedResponse) -> Option<String> {
    let v = resp.json().ok()?;
    let d = super::util::get_ci(&v, "detail")?.as_str()?.trim();
    (!d.is_empty()).then(|| super::util::excerpt(d))
}

/// `method-not-supported`: refused with an error; 405 and 501 are the usual codes, any 4xx
/// passes since the RFC only requires errors to be SCIM Errors (judged by `error-body`).
pub(crate) fn eval_method_not_supported(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::MethodNotSupported;
    match resp.status {
        405 | 501 => CheckOutcome::pass(id, format!("refused with {}", resp.status)),
        s @ 400..=499 => CheckOutcome::pass(
            id,
            format!("refused with {s} (405 or 501 say it best; any 4xx error is accepted)"),
        ),
        s => CheckOutcome::fail(
            id,
            if (200..300).contains(&s) {
                format!("the unsupported operation answered {s}, as if it had been performed")
            } else {
                format!("the unsupported operation answered {s}")
            },
            "405 or 501 (any 4xx accepted) with a SCIM Error",
            actual(resp),
        ),
    }
}

/// The entries of a discovery ListResponse, by `id` (or `name`: a ResourceType's `id` is
/// OPTIONAL), and `totalResults`.
fn entries(v: &Value) -> Option<(BTreeSet<String>, Option<u64>)> {
    let items = get_ci(v, "Resources")?.as_array()?;
    let keys = items
        .iter()
        .map(|i| {
            get_ci(i, "id")
                .or_else(|| get_ci(i, "name"))
                .map(|k| k.as_str().map_or_else(|| k.to_string(), str::to_owned))
                .unwrap_or_else(|| show(i))
        })
        .collect();
    Some((keys, get_ci(v, "totalResults").and_then(Value::as_u64)))
}

/// `discovery-params-ignored`: with paging and sorting parameters the answer lists the same
/// entries as `same_as`, the answer without them. Order is not compared: without `sortBy` the
/// RFC leaves it open.
pub(crate) fn eval_params_ignored(resp: &ReceivedResponse, same_as: &Value) -> CheckOutcome {
    let id = CheckId::DiscoveryParamsIgnored;
    let Some((want, want_total)) = entries(same_as) else {
        return CheckOutcome::error(id, "the unparameterised answer is not a ListResponse");
    };
    let got = resp.json().ok().and_then(|v| entries(&v));
    let Some((got, got_total)) = got else {
        return CheckOutcome::fail(
            id,
            format!("answered {} without a ListResponse", resp.status),
            format!("200 with the same {} entries", want.len()),
            actual(resp),
        );
    };
    if resp.status == 200 && got == want && got_total == want_total {
        return CheckOutcome::pass(id, format!("the same {} entries", want.len()));
    }
    let missing: Vec<&String> = want.difference(&got).collect();
    CheckOutcome::fail(
        id,
        format!(
            "the parameters changed the answer: {} of {} entries, totalResults {:?} (missing {missing:?})",
            got.len(),
            want.len(),
            got_total
        ),
        format!(
            "200 with all {} entries, totalResults {:?}",
            want.len(),
            want_total
        ),
        actual(resp),
    )
}

/// `discovery-filter-403`.
pub(crate) fn eval_discovery_filter(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::DiscoveryFilter403;
    if resp.status == 403 {
        return CheckOutcome::pass(id, "the filter was refused with 403");
    }
    CheckOutcome::fail(
        id,
        if resp.status == 200 {
            "the filter was answered 200 (ignored or applied) instead of 403".to_owned()
        } else {
            format!("the filter answered {} instead of 403", resp.status)
        },
        "403 with a SCIM Error",
        actual(resp),
    )
}

/// `unsupported-501`: the operation the ServiceProviderConfig marks unsupported answers 501.
pub(crate) fn eval_unsupported(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::Unsupported501;
    match resp.status {
        501 => CheckOutcome::pass(id, "answered 501 Not Implemented"),
        s if (200..300).contains(&s) => CheckOutcome::fail(
            id,
            format!(
                "the operation succeeded ({s}) although the ServiceProviderConfig marks it unsupported"
            ),
            "501 (or advertise the feature as supported)",
            actual(resp),
        ),
        s => CheckOutcome::fail(
            id,
            format!("answered {s} where Table 8 names 501 for an unsupported operation"),
            "501",
            actual(resp),
        ),
    }
}

/// `me-alias`: 501 when /Me is not supported; a served or redirected /Me (2xx, 308) is judged
/// by `me-location`; 401/403/404 pass too, since the harness token need not belong to a User.
pub(crate) fn eval_me(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::MeAlias;
    match resp.status {
        501 => CheckOutcome::pass(id, "/Me is not supported: 501"),
        s @ (200..=299 | 307 | 308) => CheckOutcome::pass(id, format!("/Me answered {s}")),
        s @ (401 | 403 | 404) => CheckOutcome::pass(
            id,
            format!(
                "/Me answered {s}: the token's subject is not a SCIM resource (or /Me is not routed; 501 says so better)"
            ),
        ),
        s => CheckOutcome::fail(
            id,
            format!("/Me answered {s}"),
            "501 when /Me is not supported, else the subject's resource or a 308 to it",
            actual(resp),
        ),
    }
}

/// `me-location`: a served or redirected /Me names the aliased resource in `Location`.
pub(crate) fn eval_me_location(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::MeLocation;
    if !(200..400).contains(&resp.status) {
        return CheckOutcome::skipped(
            id,
            format!(
                "/Me answered {}: no resource was served, so no Location is expected",
                resp.status
            ),
        );
    }
    match resp.header("location").map(str::trim) {
        Some(l) if !l.is_empty() && !l.trim_end_matches('/').ends_with("/Me") => {
            CheckOutcome::pass(id, format!("Location: {}", excerpt(l)))
        }
        other => CheckOutcome::fail(
            id,
            format!(
                "/Me answered {} without the aliased resource's Location",
                resp.status
            ),
            "Location: <base>/Users/<id of the token's subject>",
            other.map_or_else(|| "(no Location header)".to_owned(), str::to_owned),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;
    use serde_json::json;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> ReceivedResponse {
        ReceivedResponse {
            status,
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
            parsed: Default::default(),
        }
    }

    #[test]
    fn a_json_answer_needs_200_and_json_whatever_the_label() {
        let ok = resp(200, &[("content-type", "application/json")], "{}");
        assert_eq!(
            eval_json_answer(CheckId::AcceptJson, &ok).verdict,
            Verdict::Pass
        );
        let refused = resp(406, &[], "");
        assert_eq!(
            eval_json_answer(CheckId::AcceptJson, &refused).verdict,
            Verdict::Fail
        );
        let html = resp(200, &[("content-type", "text/html")], "<html/>");
        assert_eq!(
            eval_json_answer(CheckId::AcceptDefault, &html).verdict,
            Verdict::Fail
        );
    }

    #[test]
    fn unsupported_methods_pass_any_4xx_and_fail_success() {
        for (s, v) in [
            (405, Verdict::Pass),
            (501, Verdict::Pass),
            (404, Verdict::Pass),
            (200, Verdict::Fail),
            (500, Verdict::Fail),
        ] {
            assert_eq!(
                eval_method_not_supported(&resp(s, &[], "")).verdict,
                v,
                "{s}"
            );
        }
    }

    #[test]
    fn discovery_lists_compare_as_sets() {
        let all = json!({"totalResults": 2, "Resources": [{"id": "a"}, {"name": "b"}]});
        let same = resp(
            200,
            &[],
            r#"{"totalResults":2,"Resources":[{"name":"b"},{"id":"a"}]}"#,
        );
        assert_eq!(eval_params_ignored(&same, &all).verdict, Verdict::Pass);
        let cut = resp(200, &[], r#"{"totalResults":2,"Resources":[{"id":"a"}]}"#);
        let o = eval_params_ignored(&cut, &all);
        assert_eq!(o.verdict, Verdict::Fail);
        assert!(o.message.contains("\"b\""), "{}", o.message);
    }

    #[test]
    fn me_accepts_501_and_aliases_with_a_location() {
        assert_eq!(eval_me(&resp(501, &[], "")).verdict, Verdict::Pass);
        assert_eq!(eval_me(&resp(404, &[], "")).verdict, Verdict::Pass);
        assert_eq!(eval_me(&resp(500, &[], "")).verdict, Verdict::Fail);
        assert_eq!(
            eval_me_location(&resp(501, &[], "")).verdict,
            Verdict::Skipped
        );
        assert_eq!(
            eval_me_location(&resp(200, &[], "{}")).verdict,
            Verdict::Fail
        );
        let moved = resp(308, &[("location", "https://x/scim/v2/Users/1")], "");
        assert_eq!(eval_me_location(&moved).verdict, Verdict::Pass);
        let self_ref = resp(200, &[("location", "https://x/scim/v2/Me")], "{}");
        assert_eq!(eval_me_location(&self_ref).verdict, Verdict::Fail);
    }

    #[test]
    fn unsupported_features_must_answer_501() {
        assert_eq!(eval_unsupported(&resp(501, &[], "")).verdict, Verdict::Pass);
        assert_eq!(
            eval_unsupported(&resp(200, &[], "{}")).verdict,
            Verdict::Fail
        );
        assert_eq!(eval_unsupported(&resp(405, &[], "")).verdict, Verdict::Fail);
    }
}
