//! Secrets (the bearer token, `--header` values) as a type, and the redactor every output
//! path goes through.
//!
//! A [`Secret`] never prints its value: `Debug` and `Display` show `***`. Reporters, the
//! console, snapshot writers and error messages pass text through [`Redactor::redact`] as a
//! last line of defence, so a server that echoes the token back cannot leak it either.

use std::fmt;

/// The replacement text for a secret in any output.
pub const MASK: &str = "***";

/// A value that must never reach any output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret value, for the one place that must send it (the HTTP layer).
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// True when the secret is empty.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MASK)
    }
}

/// Replaces every known secret (and its common encodings) with [`MASK`].
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    needles: Vec<Secret>,
}

impl Redactor {
    /// A redactor for these secrets; empty and very short values are ignored because
    /// masking them would garble unrelated text.
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Self {
        let mut needles: Vec<Secret> = Vec::new();
        for s in secrets {
            if s.expose().len() < 4 {
                continue;
            }
            needles.push(s.clone());
            // A server may echo the token percent-encoded or JSON-escaped.
            let encoded = percent_encoding::utf8_percent_encode(
                s.expose(),
                percent_encoding::NON_ALPHANUMERIC,
            )
            .to_string();
            if encoded != s.expose() {
                needles.push(Secret::new(encoded));
            }
            let escaped = serde_json::to_string(s.expose()).unwrap_or_default();
            let escaped = escaped.trim_matches('"').to_owned();
            if escaped != s.expose() && !escaped.is_empty() {
                needles.push(Secret::new(escaped));
            }
        }
        // Longest first, so a secret that contains another is masked whole.
        needles.sort_by_key(|s| std::cmp::Reverse(s.expose().len()));
        needles.dedup();
        Self { needles }
    }

    /// The text with every secret masked.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for n in &self.needles {
            if out.contains(n.expose()) {
                out = out.replace(n.expose(), MASK);
            }
        }
        out
    }

    /// True when the text contains no secret.
    pub fn is_clean(&self, text: &str) -> bool {
        !self.needles.iter().any(|n| text.contains(n.expose()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_debug_and_display_never_show_the_value() {
        let s = Secret::new("tok-123456");
        assert_eq!(format!("{s:?} {s}"), "*** ***");
    }

    #[test]
    fn redactor_masks_raw_percent_encoded_and_json_escaped_forms() {
        let s = Secret::new("ab/cd\"ef+gh");
        let r = Redactor::new([&s]);
        let text = format!(
            "raw {} enc {} json {}",
            s.expose(),
            percent_encoding::utf8_percent_encode(s.expose(), percent_encoding::NON_ALPHANUMERIC),
            serde_json::to_string(s.expose()).unwrap()
        );
        let out = r.redact(&text);
        assert!(r.is_clean(&out), "{out}");
        assert!(!out.contains("cd"), "{out}");
    }

    #[test]
    fn redactor_ignores_tiny_secrets() {
        let r = Redactor::new([&Secret::new("a")]);
        assert_eq!(r.redact("a cat"), "a cat");
    }
}
