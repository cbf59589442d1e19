//! Text helpers shared by the console, JUnit and HTML reports: bodies squeezed onto one line
//! and cut to a budget, the request/response excerpt of a step's last exchange, and the
//! labelled fields of a failure (expected, actual, rule, fix).
//!
//! A failure shows what was sent and what came back, so a developer can reproduce it without
//! opening the JSON report:
//!
//! ```text
//! request:  POST /Users
//!           {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"sg-…"}
//! response: 200 application/scim+json
//!           {"id":"42","userName":"sg-…"}
//! ```
//!
//! JSON bodies are compacted without reordering keys (the server's order is part of what it
//! said); other bodies have their whitespace runs folded into single spaces.

use crate::check::{CheckOutcome, Verdict};
use crate::runner::{Exchange, StepResult};
use crate::scenario::ResourceKind;

/// The text cut to at most `max_chars` characters, with `…` marking a cut.
pub(super) fn cut(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// The text on one line: JSON compacted, anything else with whitespace runs folded.
pub(super) fn one_line(text: &str) -> String {
    let text = text.trim();
    if serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok() {
        compact_json(text)
    } else {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Drops the whitespace outside strings of a valid JSON text.
fn compact_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

/// The last request a step made (the one its checks judged last).
pub(super) fn last_exchange(step: &StepResult) -> Option<&Exchange> {
    step.exchanges.last()
}

/// The request line: method and path with query, e.g. `POST /Users`.
pub(super) fn request_line(ex: &Exchange) -> String {
    format!("{} {}", ex.request.method.as_str(), ex.request.path)
}

/// The response line: status and content type, or why no answer came.
pub(super) fn response_line(ex: &Exchange) -> String {
    match (ex.status, &ex.transport_error) {
        (Some(status), _) => match content_type(ex) {
            Some(ct) => format!("{status} {ct}"),
            None => status.to_string(),
        },
        (None, Some(err)) => format!("no answer: {}", one_line(err)),
        (None, None) => "no answer".to_owned(),
    }
}

/// The response's `Content-Type`, if any.
fn content_type(ex: &Exchange) -> Option<&str> {
    ex.response_headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
        .map(|(_, v)| v.as_str())
}

/// A body on one line, cut to `max_chars`; `None` when there is no body.
pub(super) fn body(body: Option<&str>, max_chars: usize) -> Option<String> {
    body.map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| cut(&one_line(b), max_chars))
}

/// The labelled fields of a failed, errored or drifted check, in the order reports show them:
/// `expected`, `actual`, `verdict` (consequence and RFC level), `rule`, `okta` (why Okta
/// cares, when the rule says; `entra`, why Entra does, in an Entra scenario), `fix` (not for a check scimgate could not evaluate), `explain`.
pub(super) fn failure_fields(check: &CheckOutcome) -> Vec<(&'static str, String)> {
    let mut fields = Vec::new();
    if let Some(expected) = &check.expected {
        fields.push(("expected", expected.clone()));
    }
    if let Some(actual) = &check.actual {
        fields.push(("actual", actual.clone()));
    }
    fields.push(("verdict", check.tag()));
    fields.push(("rule", check.check.rule_cited().to_owned()));
    if check.entra.is_some() {
        if let Some(why) = check.check.entra_reason() {
            fields.push(("entra", why.to_owned()));
        }
    } else if let Some(why) = check.check.okta_reason() {
        fields.push(("okta", why.to_owned()));
    }
    if check.verdict != Verdict::Error {
        fields.push(("fix", check.hint().to_owned()));
    }
    fields.push((
        "explain",
        format!("scimgate explain {}", check.check.as_str()),
    ));
    fields
}

/// The lower-case name of a resource kind, as shown in reports.
pub(super) fn kind_label(kind: ResourceKind) -> &'static str {
    match kind {
        ResourceKind::User => "user",
        ResourceKind::Group => "group",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_counts_characters_and_marks_the_cut() {
        assert_eq!(cut("héllo", 3), "hél…");
        assert_eq!(cut("héllo", 5), "héllo");
    }

    #[test]
    fn one_line_compacts_json_without_reordering_or_touching_strings() {
        let pretty = "{\n  \"z\": 1,\n  \"a\": \"two  words \\\" x\"\n}";
        assert_eq!(one_line(pretty), r#"{"z":1,"a":"two  words \" x"}"#);
    }

    #[test]
    fn one_line_folds_whitespace_of_other_text() {
        assert_eq!(
            one_line("<html>\n  <body>Bad   Gateway</body>\n</html>"),
            "<html> <body>Bad Gateway</body> </html>"
        );
    }

    #[test]
    fn body_skips_empty_bodies() {
        assert_eq!(body(Some("  \n"), 10), None);
        assert_eq!(body(None, 10), None);
        assert_eq!(body(Some("[1, 2, 3]"), 4).as_deref(), Some("[1,2…"));
    }
}
