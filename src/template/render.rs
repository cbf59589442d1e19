//! Rendering `{{…}}` templates against a variable set.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use std::collections::BTreeMap;

/// `text` percent-encoded as a query parameter value (everything but RFC 3986 unreserved
/// characters: `%20` for a space, `%22` for a quote), as Okta encodes its filters.
pub fn query_value(text: &str) -> String {
    utf8_percent_encode(text, URL).to_string()
}

/// RFC 3986 unreserved characters stay; everything else is percent-encoded (`%20`, `%22`).
const URL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What stays as it is in one URI path segment (RFC 3986 `pchar` without `%`): unreserved,
/// sub-delims, `:` and `@`. Everything else, `/`, `?`, `#` and `%` among them, is encoded.
const SEGMENT: &AsciiSet = &URL
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// `text` as one URI path segment: percent-encoded so that no character of it can end the
/// segment or the path.
pub fn path_segment(text: &str) -> String {
    utf8_percent_encode(text, SEGMENT).to_string()
}

/// The values a scenario run can reference, by name.
#[derive(Clone, Debug, Default)]
pub struct VarSet {
    values: BTreeMap<String, Value>,
}

impl VarSet {
    /// Sets a variable.
    pub fn set(&mut self, name: impl Into<String>, value: Value) {
        self.values.insert(name.into(), value);
    }

    /// Appends to a list variable (creating it).
    pub fn push(&mut self, name: &str, value: Value) {
        match self
            .values
            .entry(name.to_owned())
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(a) => a.push(value),
            other => *other = Value::Array(vec![value]),
        }
    }

    /// Removes a variable.
    pub fn remove(&mut self, name: &str) {
        self.values.remove(name);
    }

    /// Looks up `a.b.c`.
    pub fn lookup(&self, path: &str) -> Option<&Value> {
        let mut parts = path.split('.');
        let mut cur = self.values.get(parts.next()?)?;
        for p in parts {
            cur = match cur {
                Value::Object(m) => m.get(p)?,
                Value::Array(a) => a.get(p.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(cur)
    }

    /// Every variable, for reports.
    pub fn all(&self) -> &BTreeMap<String, Value> {
        &self.values
    }
}

/// A template that could not be rendered.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// The variable has no value (never generated, or its capture failed).
    #[error("`{{{{{0}}}}}` has no value")]
    Missing(String),
    /// Bad template syntax or an unknown filter.
    #[error("bad template `{0}`: {1}")]
    Syntax(String, String),
    /// A value would make the request path leave the object it names; it is not sent.
    #[error("not sent: {0}")]
    UnsafePath(String),
}

impl RenderError {
    /// The variable name (first path segment) a missing value belongs to.
    pub fn missing_root(&self) -> Option<&str> {
        match self {
            RenderError::Missing(p) => p.split('.').next(),
            RenderError::Syntax(..) | RenderError::UnsafePath(_) => None,
        }
    }
}

fn as_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn eval(expr: &str, vars: &VarSet) -> Result<Value, RenderError> {
    let mut parts = expr.split('|').map(str::trim);
    let path = parts.next().unwrap_or_default();
    if path.is_empty() {
        return Err(RenderError::Syntax(
            expr.to_owned(),
            "empty variable name".to_owned(),
        ));
    }
    let mut v = vars
        .lookup(path)
        .cloned()
        .ok_or_else(|| RenderError::Missing(path.to_owned()))?;
    for f in parts {
        if f == "members" {
            // A list of ids as Group members: `[{"value": id}, …]`.
            let Value::Array(ids) = &v else {
                return Err(RenderError::Syntax(
                    expr.to_owned(),
                    "`members` needs a list of ids".to_owned(),
                ));
            };
            v = Value::Array(
                ids.iter()
                    .map(|id| serde_json::json!({ "value": id }))
                    .collect(),
            );
            continue;
        }
        let s = as_text(&v);
        v = Value::String(match f {
            "url" => utf8_percent_encode(&s, URL).to_string(),
            "form" => utf8_percent_encode(&s, URL).to_string().replace("%20", "+"),
            "upper" => s.to_uppercase(),
            "lower" => s.to_lowercase(),
            other => {
                return Err(RenderError::Syntax(
                    expr.to_owned(),
                    format!("unknown filter `{other}`"),
                ));
            }
        });
    }
    Ok(v)
}

/// Renders a string template.
pub fn render_str(template: &str, vars: &VarSet) -> Result<String, RenderError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| RenderError::Syntax(template.to_owned(), "unclosed `{{`".to_owned()))?;
        out.push_str(&as_text(&eval(&after[..end], vars)?));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Renders a request path: every value spliced in is percent-encoded as path-segment text
/// (a server's id `a/b` becomes `a%2Fb`), and a path whose rendered segments include `.` or
/// `..`, or an empty segment where a value went, is refused: a value from a server answer can
/// never move the request to another path.
pub fn render_path(template: &str, vars: &VarSet) -> Result<String, RenderError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| RenderError::Syntax(template.to_owned(), "unclosed `{{`".to_owned()))?;
        let text = as_text(&eval(&after[..end], vars)?);
        if text.is_empty() {
            return Err(RenderError::UnsafePath(format!(
                "`{{{{{}}}}}` is empty in the path `{template}`",
                after[..end].trim()
            )));
        }
        out.push_str(&path_segment(&text));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    if out.split('/').any(|seg| seg == "." || seg == "..") {
        return Err(RenderError::UnsafePath(format!(
            "the path `{out}` has a dot segment, which would leave the resource it names"
        )));
    }
    Ok(out)
}

/// Renders every string in a JSON value; a string that is exactly one template becomes the
/// variable's value itself (so `"{{member_list}}"` can become an array).
pub fn render_value(value: &Value, vars: &VarSet) -> Result<Value, RenderError> {
    Ok(match value {
        Value::String(s) => {
            let t = s.trim();
            if t.starts_with("{{")
                && t.ends_with("}}")
                && t[2..].find("{{").is_none()
                && t.matches("}}").count() == 1
            {
                eval(&t[2..t.len() - 2], vars)?
            } else {
                Value::String(render_str(s, vars)?)
            }
        }
        Value::Array(a) => Value::Array(
            a.iter()
                .map(|v| render_value(v, vars))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(m) => {
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                out.insert(render_str(k, vars)?, render_value(v, vars)?);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars() -> VarSet {
        let mut v = VarSet::default();
        v.set(
            "alice",
            json!({"userName": "sg-x.ann lee@example.com", "n": 3}),
        );
        v.set("ids", json!(["a", "b"]));
        v
    }

    #[test]
    fn url_filter_encodes_as_okta_does() {
        let out = render_str(
            "filter=userName%20eq%20%22{{alice.userName|url}}%22",
            &vars(),
        )
        .unwrap();
        assert_eq!(
            out,
            "filter=userName%20eq%20%22sg-x.ann%20lee%40example.com%22"
        );
    }

    #[test]
    fn form_filter_uses_plus_for_spaces() {
        assert_eq!(
            render_str("{{alice.userName|form}}", &vars()).unwrap(),
            "sg-x.ann+lee%40example.com"
        );
    }

    #[test]
    fn whole_string_template_keeps_the_json_type() {
        let v = render_value(
            &json!({"members": "{{ids}}", "n": "{{alice.n}}", "s": "x{{alice.n}}"}),
            &vars(),
        )
        .unwrap();
        assert_eq!(v, json!({"members": ["a", "b"], "n": 3, "s": "x3"}));
    }

    #[test]
    fn a_path_gets_each_value_as_one_segment_and_never_a_dot_segment() {
        let mut v = vars();
        for (id, want) in [
            ("2819c223", "/Users/2819c223"),
            ("a/b", "/Users/a%2Fb"),
            ("x?y=1#f", "/Users/x%3Fy=1%23f"),
            ("%2e%2e", "/Users/%252e%252e"),
            ("u@x:1", "/Users/u@x:1"),
        ] {
            v.set("id", json!(id));
            assert_eq!(render_path("/Users/{{id}}", &v).unwrap(), want);
        }
        for id in ["..", ".", ""] {
            v.set("id", json!(id));
            assert!(
                matches!(
                    render_path("/Users/{{id}}", &v),
                    Err(RenderError::UnsafePath(_))
                ),
                "{id:?}"
            );
        }
        v.set("id", json!(".."));
        assert!(
            render_path("/Users/{{id}}x", &v).is_ok(),
            "`..x` is an ordinary segment"
        );
        assert_eq!(render_path("/Users/{{alice.n}}", &v).unwrap(), "/Users/3");
    }

    #[test]
    fn missing_variables_and_bad_filters_are_errors() {
        assert_eq!(
            render_str("{{bob.id}}", &vars()),
            Err(RenderError::Missing("bob.id".into()))
        );
        assert!(matches!(
            render_str("{{alice.n|rot13}}", &vars()),
            Err(RenderError::Syntax(..))
        ));
        assert!(matches!(
            render_str("{{alice.n", &vars()),
            Err(RenderError::Syntax(..))
        ));
    }
}
