//! Checks every response gets, whatever the step: JSON bodies parse, the SCIM media type,
//! resource bodies match the RFC 7643 schemas, `password` never comes back, and errors are
//! SCIM Error messages.

use super::catalogue::CheckId;
use super::eval::CheckInput;
use super::outcome::CheckOutcome;
use super::util::{excerpt, find_key, get_ci};
use crate::http::{Call, ReceivedResponse};
use crate::scenario::ResourceKind;
use crate::schema::{SchemaSet, ScimSchema};
use serde_json::Value;

/// The checks that run on every response.
pub const AUTO_CHECKS: &[CheckId] = &[
    CheckId::JsonBody,
    CheckId::MediaType,
    CheckId::ResourceSchema,
    CheckId::PasswordNeverReturned,
    CheckId::ErrorBody,
    CheckId::ErrorStatus,
];

const LIST_URN: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

fn responses(calls: &[Call]) -> impl Iterator<Item = &ReceivedResponse> {
    calls.iter().filter_map(|c| c.response.as_ref().ok())
}

fn has_body(r: &ReceivedResponse) -> bool {
    !r.body.iter().all(u8::is_ascii_whitespace)
}

/// Every non-empty body parses as JSON.
pub(crate) fn eval_json_body(calls: &[Call]) -> CheckOutcome {
    let id = CheckId::JsonBody;
    for r in responses(calls) {
        if has_body(r)
            && let Err(e) = r.json()
        {
            let media = r
                .media_type()
                .unwrap_or_else(|| "no Content-Type".to_owned());
            return CheckOutcome::fail(
                id,
                format!("the {} answer is not JSON ({media}): {e}", r.status),
                "a JSON body",
                excerpt(&r.text()),
            );
        }
    }
    CheckOutcome::pass(id, "bodies are JSON (or empty)")
}

/// The body checks that apply to these responses (inapplicable ones are left out).
pub(crate) fn eval_body_checks(input: &CheckInput<'_>) -> Vec<CheckOutcome> {
    let mut out = Vec::new();
    let with_body: Vec<(&ReceivedResponse, Value)> = responses(input.calls)
        .filter(|r| has_body(r))
        .filter_map(|r| r.json().ok().map(|v| (r, v)))
        .collect();
    if !with_body.is_empty() {
        out.push(media_type(&with_body, asked_for_json(input.calls)));
        out.push(password(&with_body));
    }
    let ok: Vec<&(&ReceivedResponse, Value)> =
        with_body.iter().filter(|(r, _)| r.status < 300).collect();
    if let Some(kind) = input.kind
        && !ok.is_empty()
    {
        out.push(resource_schema(&ok, kind));
    }
    let errors: Vec<&ReceivedResponse> =
        responses(input.calls).filter(|r| r.status >= 400).collect();
    if !errors.is_empty() {
        out.push(error_body(&errors));
        if let Some(o) = error_status(&errors) {
            out.push(o);
        }
    }
    out
}

/// True when the request asked for `application/json` (only): that label is then the right
/// answer too (RFC 7644 §3.8: both Accept values result in SCIM JSON "with appropriate media
/// type headers").
fn asked_for_json(calls: &[Call]) -> bool {
    calls.iter().all(|c| {
        c.request
            .headers
            .iter()
            .find(|(n, _)| n == "accept")
            .is_some_and(|(_, v)| {
                v.split(';')
                    .next()
                    .unwrap_or_default()
                    .trim()
                    .eq_ignore_ascii_case("application/json")
            })
    })
}

fn media_type(bodies: &[(&ReceivedResponse, Value)], json_ok: bool) -> CheckOutcome {
    let id = CheckId::MediaType;
    for (r, _) in bodies {
        match r.media_type().as_deref() {
            Some("application/scim+json") => {}
            Some("application/json") if json_ok => {}
            other => {
                let got = other.unwrap_or("(no Content-Type)").to_owned();
                return CheckOutcome::fail(
                    id,
                    format!("the {} answer is served as {got}", r.status),
                    "application/scim+json",
                    got,
                );
            }
        }
    }
    CheckOutcome::pass(id, "served as application/scim+json")
}

fn password(bodies: &[(&ReceivedResponse, Value)]) -> CheckOutcome {
    let id = CheckId::PasswordNeverReturned;
    for (r, v) in bodies {
        let mut hits = Vec::new();
        find_key(v, "password", "", &mut hits);
        if let Some(at) = hits.first() {
            return CheckOutcome::fail(
                id,
                format!("the {} answer returns a password at {at}", r.status),
                "no `password` attribute in responses",
                format!("`password` present at {at} (value not shown)"),
            );
        }
    }
    CheckOutcome::pass(id, "no password in the answer")
}

fn resource_schema(bodies: &[&(&ReceivedResponse, Value)], kind: ResourceKind) -> CheckOutcome {
    let id = CheckId::ResourceSchema;
    let item = match kind {
        ResourceKind::User => ScimSchema::User,
        ResourceKind::Group => ScimSchema::Group,
    };
    let set = SchemaSet::global();
    for (_, v) in bodies {
        // A list is recognised by its URN or, when the URN is missing (that is
        // `list-response`'s failure), by its shape.
        let is_list = get_ci(v, "schemas")
            .and_then(Value::as_array)
            .is_some_and(|a| {
                a.iter()
                    .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(LIST_URN)))
            })
            || get_ci(v, "Resources").is_some()
            || get_ci(v, "totalResults").is_some();
        let violations = if is_list {
            // The envelope belongs to `list-response`; only the resources are judged here.
            set.validate_list(item, v)
                .into_iter()
                .filter(|x| x.instance_path.starts_with("/Resources/"))
                .collect()
        } else {
            set.validate(item, v)
        };
        // `password` has its own check.
        let violations: Vec<_> = violations
            .into_iter()
            .filter(|x| !x.instance_path.to_ascii_lowercase().ends_with("/password"))
            .collect();
        if let Some(first) = violations.first() {
            let more = if violations.len() > 1 {
                format!(" (+{} more)", violations.len() - 1)
            } else {
                String::new()
            };
            let at = if first.instance_path.is_empty() {
                "/"
            } else {
                &first.instance_path
            };
            return CheckOutcome::fail(
                id,
                format!(
                    "{} body violates the schema at {at}: {}{more}",
                    item_name(item),
                    first.message
                ),
                format!(
                    "a valid {} (schemas/scim/{}.schema.json)",
                    item_name(item),
                    item_name(item)
                ),
                format!("{at}: {}", first.message),
            );
        }
    }
    CheckOutcome::pass(id, format!("{} bodies match the schema", item_name(item)))
}

fn item_name(s: ScimSchema) -> &'static str {
    match s {
        ScimSchema::Group => "Group",
        _ => "User",
    }
}

fn error_body(errors: &[&ReceivedResponse]) -> CheckOutcome {
    let id = CheckId::ErrorBody;
    for r in errors {
        let expected = format!(
            "{{\"schemas\":[\"{ERROR_URN}\"],\"status\":\"{}\",...}}",
            r.status
        );
        let fail = |what: String| {
            CheckOutcome::fail(
                id,
                format!("the {} answer {what}", r.status),
                expected.clone(),
                excerpt(&r.text()),
            )
        };
        let Ok(v) = r.json() else {
            return fail("has no SCIM Error body".to_owned());
        };
        let schemas_ok = get_ci(&v, "schemas")
            .and_then(Value::as_array)
            .is_some_and(|a| {
                a.iter().any(|s| {
                    s.as_str()
                        .is_some_and(|s| s.eq_ignore_ascii_case(ERROR_URN))
                })
            });
        if !schemas_ok {
            return fail("is an error body without the Error URN in `schemas`".to_owned());
        }
        // `status` is `error-status`'s rule: judge the rest with it as the string it should be.
        let mut v = v;
        if let Some(m) = v.as_object_mut() {
            let key = m
                .keys()
                .find(|k| k.eq_ignore_ascii_case("status"))
                .cloned()
                .unwrap_or_else(|| "status".to_owned());
            m.insert(key, Value::String(r.status.to_string()));
        }
        if let Some(first) = SchemaSet::global().validate(ScimSchema::Error, &v).first() {
            return fail(format!(
                "violates the Error schema at {}: {}",
                first.instance_path, first.message
            ));
        }
    }
    CheckOutcome::pass(id, "errors are SCIM Error messages")
}

/// `error-status`: the Error's `status` is the HTTP code as a JSON string. `None` when no
/// error answer is a JSON object (`error-body` reports that).
fn error_status(errors: &[&ReceivedResponse]) -> Option<CheckOutcome> {
    let id = CheckId::ErrorStatus;
    let mut judged = false;
    for r in errors {
        let Some(v) = r.json().ok().filter(Value::is_object) else {
            continue;
        };
        judged = true;
        let fail = |what: String| {
            Some(CheckOutcome::fail(
                id,
                format!("the {} answer {what}", r.status),
                format!("\"status\": \"{}\"", r.status),
                excerpt(&r.text()),
            ))
        };
        match get_ci(&v, "status") {
            Some(Value::String(s)) if s == &r.status.to_string() => {}
            Some(Value::String(s)) => return fail(format!("says status \"{s}\" in the body")),
            Some(Value::Number(n)) => {
                return fail(format!(
                    "carries `status` as the number {n}; RFC 7644 §3.12 makes it a string"
                ));
            }
            Some(other) => return fail(format!("carries `status` as {other}")),
            None => return fail("has no `status` in the body".to_owned()),
        }
    }
    judged.then(|| CheckOutcome::pass(id, "error status is the HTTP code as a string"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;
    use crate::http::{Method, SentRequest};
    use std::time::Duration;

    fn call(accept: &str, content_type: &str) -> Call {
        Call {
            request: SentRequest {
                method: Method::Get,
                path: "/Users".into(),
                headers: vec![("accept".into(), accept.into())],
                body: None,
            },
            response: Ok(ReceivedResponse {
                status: 200,
                headers: vec![("content-type".into(), content_type.into())],
                body: b"{}".to_vec(),
                parsed: Default::default(),
            }),
            elapsed: Duration::ZERO,
        }
    }

    fn verdict(c: &Call) -> Verdict {
        let r = c.response.as_ref().unwrap();
        media_type(&[(r, Value::Null)], asked_for_json(std::slice::from_ref(c))).verdict
    }

    #[test]
    fn application_json_passes_only_when_the_request_asked_for_it() {
        assert_eq!(
            verdict(&call("application/scim+json", "application/json")),
            Verdict::Fail
        );
        assert_eq!(
            verdict(&call("application/json", "application/json")),
            Verdict::Pass
        );
        assert_eq!(
            verdict(&call("application/json", "application/scim+json")),
            Verdict::Pass
        );
        assert_eq!(verdict(&call("*/*", "application/json")), Verdict::Fail);
    }
}
