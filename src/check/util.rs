//! Helpers shared by the checks: excerpts, case-insensitive JSON lookups, value comparison.

use serde_json::Value;

/// At most this many characters of a body go into a message.
pub(crate) const EXCERPT: usize = 240;

/// The text shortened to [`EXCERPT`] characters on one line.
pub(crate) fn excerpt(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > EXCERPT {
        format!("{}…", one.chars().take(EXCERPT).collect::<String>())
    } else {
        one
    }
}

/// A value rendered compactly for messages.
pub(crate) fn show(v: &Value) -> String {
    excerpt(&v.to_string())
}

/// Object member lookup, case-insensitive as SCIM attribute names are (RFC 7643 §2.1).
pub(crate) fn get_ci<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    let obj = v.as_object()?;
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// A string member, case-insensitive name.
pub(crate) fn json_str(v: &Value, key: &str) -> Option<String> {
    get_ci(v, key).and_then(Value::as_str).map(str::to_owned)
}

/// JSON Pointer lookup with case-insensitive member names.
pub(crate) fn pointer_ci<'a>(v: &'a Value, pointer: &str) -> Option<&'a Value> {
    if pointer.is_empty() {
        return Some(v);
    }
    let mut cur = v;
    for raw in pointer.strip_prefix('/')?.split('/') {
        let seg = raw.replace("~1", "/").replace("~0", "~");
        cur = match cur {
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            Value::Object(_) => get_ci(cur, &seg)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Attributes whose string values compare case-insensitively (caseExact=false in RFC 7643).
fn case_insensitive(pointer: &str) -> bool {
    let lower = pointer.to_ascii_lowercase();
    lower.ends_with("/username")
        || lower.ends_with("/displayname")
        || lower.starts_with("/emails/")
        || lower.contains("/emails/")
        || lower.ends_with("/display")
}

/// Compares a received value with the expected one, following caseExact rules, and treating
/// `null`, `[]` and absent as the same (RFC 7643 §2.5).
pub(crate) fn same_value(pointer: &str, expected: &Value, actual: Option<&Value>) -> bool {
    let actual = actual.unwrap_or(&Value::Null);
    let empty = |v: &Value| v.is_null() || v.as_array().is_some_and(Vec::is_empty);
    if empty(expected) && empty(actual) {
        return true;
    }
    match (expected, actual) {
        (Value::String(e), Value::String(a)) if case_insensitive(pointer) => {
            e.to_lowercase() == a.to_lowercase()
        }
        _ => expected == actual,
    }
}

/// Every object key anywhere in the value equal (case-insensitively) to `key`, as JSON Pointers.
pub(crate) fn find_key(v: &Value, key: &str, at: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let here = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                if k.eq_ignore_ascii_case(key) {
                    out.push(here.clone());
                }
                find_key(child, key, &here, out);
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                find_key(child, key, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointer_lookup_ignores_attribute_name_case() {
        let v = json!({"Name": {"GivenName": "Ann"}, "emails": [{"value": "a@b"}]});
        assert_eq!(pointer_ci(&v, "/name/givenName"), Some(&json!("Ann")));
        assert_eq!(pointer_ci(&v, "/emails/0/value"), Some(&json!("a@b")));
        assert_eq!(pointer_ci(&v, "/emails/1/value"), None);
    }

    #[test]
    fn same_value_follows_case_exact_and_null_equivalence() {
        assert!(same_value(
            "/userName",
            &json!("Ann@X.com"),
            Some(&json!("ann@x.com"))
        ));
        assert!(!same_value(
            "/externalId",
            &json!("00uA"),
            Some(&json!("00ua"))
        ));
        assert!(same_value("/members", &json!([]), None));
        assert!(!same_value("/active", &json!(false), Some(&json!("false"))));
    }

    #[test]
    fn find_key_reports_pointers_case_insensitively() {
        let mut out = Vec::new();
        find_key(
            &json!({"Resources": [{"id": "1"}, {"Password": "x"}]}),
            "password",
            "",
            &mut out,
        );
        assert_eq!(out, vec!["/Resources/1/Password".to_owned()]);
    }
}
