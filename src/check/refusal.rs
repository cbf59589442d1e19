//! Root causes of refused requests: when a step that expects success is refused, its status
//! check's failure quotes the server (status, `scimType`, `detail`), names what scimgate sent
//! that the server objected to where the detail names it, and carries a hint for what was
//! actually observed, instead of the catalogue's hint for a wrong success code.

use super::outcome::{CheckOutcome, Verdict};
use super::util::{excerpt, get_ci};
use crate::http::Call;
use crate::scenario::ResourceKind;
use serde_json::Value;
use std::collections::BTreeSet;

/// The server's Error, as far as it said anything.
struct Refusal {
    status: u16,
    scim_type: Option<String>,
    detail: Option<String>,
}

impl Refusal {
    fn of(call: &Call) -> Option<Self> {
        let resp = call.response.as_ref().ok()?;
        if resp.status < 400 {
            return None;
        }
        let body = resp.json().ok();
        let text = |k: &str| {
            body.as_ref()
                .and_then(|b| get_ci(b, k))
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        Some(Self {
            status: resp.status,
            scim_type: text("scimType"),
            detail: text("detail"),
        })
    }

    /// `400 invalidValue: "Field 'formatted' is required"`.
    fn quoted(&self) -> String {
        let mut s = self.status.to_string();
        if let Some(t) = &self.scim_type {
            s.push(' ');
            s.push_str(t);
        }
        if let Some(d) = &self.detail {
            s.push_str(&format!(": \"{}\"", excerpt(d)));
        }
        s
    }
}

/// Rewrites a failed status check (a gate expecting success) on a refused request: the
/// message quotes the refusal and names the attribute it objects to; the hint fits it.
pub(crate) fn explain(outcome: &mut CheckOutcome, call: &Call, kind: Option<ResourceKind>) {
    let expects_success = outcome
        .expected
        .as_deref()
        .is_some_and(|e| e.trim_start().starts_with('2'));
    // `json-body-accepted` has a control step: its own message already blames the media type;
    // `filter-no-match` takes a 404 with a SCIM Error, and says what it missed.
    if outcome.verdict != Verdict::Fail
        || !outcome.check.is_gate()
        || !expects_success
        || outcome.check == super::CheckId::JsonBodyAccepted
        || outcome.check == super::CheckId::FilterNoMatch
    {
        return;
    }
    let Some(refusal) = Refusal::of(call) else {
        return;
    };
    let sent = call
        .request
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str::<Value>(b).ok());
    let named = refusal
        .detail
        .as_deref()
        .map(|d| named_attributes(d, sent.as_ref()))
        .unwrap_or_default();
    let what = if refusal.status >= 500 {
        "failed on"
    } else {
        "refused"
    };
    let mut message = format!(
        "the target {what} the request ({}) where {} was expected",
        refusal.quoted(),
        outcome.expected.as_deref().unwrap_or("success")
    );
    let required = match kind {
        Some(ResourceKind::Group) => "displayName",
        _ => "userName",
    };
    let content_type = call
        .request
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.clone());
    let hint = match named.first() {
        _ if refusal.status == 415 => {
            let ct = content_type.unwrap_or_else(|| "(none)".to_owned());
            message.push_str(&format!(
                "; 415 refuses the media type the request was labelled with ({ct})"
            ));
            format!(
                "Accept request bodies labelled {ct} as SCIM JSON (RFC 7644 §3.8: application/json too; Okta's SPEC test sends it)."
            )
        }
        Some(Named::Sent(path)) => {
            message.push_str(&format!(
                "; it names `{path}`, which scimgate sent as shown below"
            ));
            format!(
                "Accept `{path}` in the form RFC 7643 defines and Okta sends it, or tell the admin which Okta attribute mapping to change."
            )
        }
        Some(Named::NotSent(name)) => {
            message.push_str(&format!(
                "; it names `{name}`, which the request did not carry"
            ));
            format!(
                "Do not require `{name}`: RFC 7643 requires only `{required}` (and `schemas`), and Okta sends only the attributes the admin maps."
            )
        }
        None => "The target refused a request scimgate sends as Okta does: make it accept this request (the quoted Error says what it objected to).".to_owned(),
    };
    outcome.message = message;
    outcome.hint = Some(hint);
}

/// What an Error's detail names.
enum Named {
    /// An attribute path present in the request body (`name.formatted`).
    Sent(String),
    /// A word that looks like an attribute name but is not in the body.
    NotSent(String),
}

/// The attribute names an Error's detail mentions: quoted words (`'formatted'`, `"emails"`,
/// `` `title` ``), and bare words equal to a sent attribute's name. Sent ones come first.
fn named_attributes(detail: &str, sent: Option<&Value>) -> Vec<Named> {
    let mut paths = BTreeSet::new();
    if let Some(v) = sent {
        collect_paths(v, "", &mut paths);
    }
    let find_sent = |word: &str| {
        let w = word.to_ascii_lowercase();
        paths
            .iter()
            .find(|p| {
                let p = p.to_ascii_lowercase();
                p == w || p.rsplit('.').next() == Some(w.as_str())
            })
            .cloned()
    };
    let quoted = quoted_words(detail);
    let mut out: Vec<Named> = Vec::new();
    for w in &quoted {
        if let Some(p) = find_sent(w) {
            out.push(Named::Sent(p));
        }
    }
    // Bare words only name a path written out in full (`emails`, `name.givenName`): a leaf
    // like `value` or `type` is too common a word to be sure of.
    let find_exact = |word: &str| paths.iter().find(|p| p.eq_ignore_ascii_case(word)).cloned();
    for w in detail.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_')) {
        if w.len() > 2
            && let Some(p) = find_exact(w)
            && !out.iter().any(|n| matches!(n, Named::Sent(q) if *q == p))
        {
            out.push(Named::Sent(p));
        }
    }
    let raw = sent
        .map(Value::to_string)
        .unwrap_or_default()
        .to_lowercase();
    for w in quoted {
        // A word the request carries anywhere (a value such as "home") was sent.
        if find_sent(&w).is_none() && looks_like_attribute(&w) && !raw.contains(&w.to_lowercase()) {
            out.push(Named::NotSent(w));
        }
    }
    out
}

/// Dotted attribute paths of a JSON body (`name`, `name.givenName`, `emails.value`).
fn collect_paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                if k.starts_with("urn:") {
                    collect_paths(child, prefix, out);
                    continue;
                }
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                out.insert(path.clone());
                collect_paths(child, &path, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                collect_paths(item, prefix, out);
            }
        }
        _ => {}
    }
}

/// Words between quotes or backticks.
fn quoted_words(detail: &str) -> Vec<String> {
    let mut out = Vec::new();
    for q in ['\'', '"', '`'] {
        let parts: Vec<&str> = detail.split(q).collect();
        for (i, part) in parts.iter().enumerate() {
            if i % 2 == 1 && i + 1 < parts.len() && !part.trim().is_empty() {
                out.push(part.trim().to_owned());
            }
        }
    }
    out
}

/// One identifier-like word (letters, digits, `.`, `_`), starting with a letter.
fn looks_like_attribute(w: &str) -> bool {
    w.len() <= 64
        && w.chars().next().is_some_and(char::is_alphabetic)
        && w.chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn names(detail: &str, sent: Value) -> Vec<String> {
        named_attributes(detail, Some(&sent))
            .into_iter()
            .map(|n| match n {
                Named::Sent(p) => format!("sent:{p}"),
                Named::NotSent(w) => format!("missing:{w}"),
            })
            .collect()
    }

    #[test]
    fn a_quoted_attribute_the_body_lacks_is_named_as_missing() {
        let body = json!({"userName": "a", "name": {"givenName": "A", "familyName": "B"}});
        assert_eq!(
            names("Field 'formatted' is required", body),
            ["missing:formatted"]
        );
    }

    #[test]
    fn an_attribute_the_body_carries_is_named_with_its_path() {
        let body = json!({"userName": "a", "emails": [{"value": "x", "type": "work"}]});
        assert_eq!(
            names("emails must have a primary value", body),
            ["sent:emails"]
        );
        assert_eq!(
            names("invalid \"givenName\"", json!({"name": {"givenName": "A"}})),
            ["sent:name.givenName"]
        );
    }

    #[test]
    fn prose_without_attribute_names_names_nothing() {
        assert!(names("internal error", json!({"userName": "a"})).is_empty());
    }
}
