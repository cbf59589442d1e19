//! The ids a server assigns and the objects they name, judged before scimgate uses them: an id
//! goes into request paths only as one path segment, and a create answer must describe the
//! object just created. The runner applies these where it captures an id and where it records
//! a created object for cleanup, so that a broken (or hostile) answer can never make scimgate
//! write to, or delete, an object it did not create.

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, json_str, show};
use crate::scenario::ResourceKind;
use serde_json::Value;

/// Why `id` cannot be used as one path segment of `{endpoint}/{id}`, if it cannot: empty, a
/// dot segment (`.`, `..`, which URI resolution removes), or holding a character that ends a
/// segment or the path (`/`, `\`, `?`, `#`) or a control character.
pub fn unusable_id(id: &str) -> Option<&'static str> {
    if id.trim().is_empty() {
        Some("it is empty")
    } else if id == "." || id == ".." {
        Some("it is a dot segment, which URI resolution removes from the path")
    } else if id.contains('/') || id.contains('\\') {
        Some("it contains a `/` (or `\\`), which would make it several path segments")
    } else if id.contains('?') || id.contains('#') {
        Some("it contains a `?` or `#`, which would end the path")
    } else if id.chars().any(char::is_control) {
        Some("it contains a control character")
    } else {
        None
    }
}

/// The id as text, when it is a string (or, leniently, a number).
pub fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `id-usable`: the id a server assigned can address its resource as `{endpoint}/{id}`.
pub fn eval_id_usable(value: &Value) -> CheckOutcome {
    let check = CheckId::IdUsable;
    let Some(id) = id_text(value) else {
        return CheckOutcome::fail(
            check,
            format!("the id is not a string: {}", show(value)),
            "a non-empty string id",
            show(value),
        );
    };
    match unusable_id(&id) {
        None => CheckOutcome::pass(check, format!("id {} is one path segment", excerpt(&id))),
        Some(why) => CheckOutcome::fail(
            check,
            format!(
                "the server's id {} cannot address the resource as {{endpoint}}/{{id}}: {why}; scimgate will not send it",
                show(value)
            ),
            "an id usable as one path segment (not empty, `.` or `..`; no `/`, `?` or `#`)",
            show(value),
        ),
    }
}

/// The attribute that names a resource of this kind, carrying the run prefix.
pub fn name_attribute(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::User => "userName",
        ResourceKind::Group => "displayName",
    }
}

/// `create-own-resource`: a create answer that names a resource describes the one just
/// created: its `userName` (User) or `displayName` (Group) is the one sent, compared
/// case-insensitively (RFC 7643 §4.1.1: userName is caseExact false). `None` when the body
/// names no such attribute (nothing to compare: `create-returns-resource` judges the body).
pub fn eval_create_own_resource(
    body: &Value,
    kind: ResourceKind,
    sent: &str,
) -> Option<CheckOutcome> {
    let attr = name_attribute(kind);
    let got = json_str(body, attr)?;
    let check = CheckId::CreateOwnResource;
    Some(if got.to_lowercase() == sent.to_lowercase() {
        CheckOutcome::pass(check, format!("the answer describes the {attr} sent"))
    } else {
        let id = json_str(body, "id").unwrap_or_default();
        CheckOutcome::fail(
            check,
            format!(
                "the create answer carries id {} with {attr} {}, not the {attr} just sent; scimgate will not touch that id",
                excerpt(&id),
                excerpt(&got)
            ),
            format!("{attr} {}", excerpt(sent)),
            format!("{attr} {}", excerpt(&got)),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Verdict;
    use serde_json::json;

    #[test]
    fn ids_that_would_leave_their_segment_are_unusable() {
        for bad in [
            "",
            " ",
            ".",
            "..",
            "../../admin4",
            "a/b",
            "a\\b",
            "x?y=1",
            "x#frag",
            "a\u{0}b",
        ] {
            assert!(unusable_id(bad).is_some(), "{bad:?}");
            assert_eq!(
                eval_id_usable(&json!(bad)).verdict,
                Verdict::Fail,
                "{bad:?}"
            );
        }
        for good in [
            "2819c223",
            "a.b",
            "...",
            "user@example.com",
            "a:b",
            "13",
            "%2e%2e",
        ] {
            assert_eq!(unusable_id(good), None, "{good:?}");
        }
        assert_eq!(eval_id_usable(&json!(13)).verdict, Verdict::Pass);
        assert_eq!(eval_id_usable(&json!({"a": 1})).verdict, Verdict::Fail);
    }

    #[test]
    fn a_create_answer_naming_another_object_fails() {
        let body = json!({"id": "u1", "userName": "seed.user2"});
        let o =
            eval_create_own_resource(&body, ResourceKind::User, "sg-1.ann@example.com").unwrap();
        assert_eq!(o.verdict, Verdict::Fail);
        assert!(o.message.contains("seed.user2"), "{}", o.message);
        let same = json!({"id": "u1", "userName": "SG-1.Ann@example.com"});
        assert_eq!(
            eval_create_own_resource(&same, ResourceKind::User, "sg-1.ann@example.com")
                .unwrap()
                .verdict,
            Verdict::Pass
        );
        let group = json!({"id": "g", "displayName": "sg-1 Team 3"});
        assert_eq!(
            eval_create_own_resource(&group, ResourceKind::Group, "sg-1 Team 3")
                .unwrap()
                .verdict,
            Verdict::Pass
        );
        assert!(eval_create_own_resource(&json!({"id": "u"}), ResourceKind::User, "x").is_none());
    }
}
