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

/// Replaces every known secret, in every spelling a server or an output format may give it,
/// with [`MASK`].
///
/// Rather than a list of pre-encoded needles, each secret is matched character by character,
/// and each character may be spelled: as itself; percent-encoded (`%2B`, `%2b`, each UTF-8
/// byte); `+` for a space (form encoding); as a JSON escape (`\"`, `\\`, `\/`, `\n`,
/// `\u002B`, surrogate pairs), its backslash itself escaped any number of times (a
/// JSON-escaped body inside a JSON report: `\\\"`); as an XML or HTML entity (`&quot;`,
/// `&#43;`, `&#x2b;`); and a run of white space in the secret matches any run of white space
/// (a message whose spacing was collapsed). Spellings may mix within one occurrence.
///
/// A secret of 8 bytes or more is also masked base64-encoded (standard and URL-safe
/// alphabets), wherever it starts in the encoded stream (`Bearer <token>` or `user:<token>`
/// encoded whole, as a Basic header or a debug echo does): the characters that encode only
/// its bytes are masked, so at most the two or three characters at each edge, which mix in
/// a neighbour's bits, remain.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    needles: Vec<Vec<char>>,
    /// The secrets' base64 cores ([`base64_cores`]), matched as they are: longest first.
    encoded: Vec<String>,
}

/// The shortest secret also masked base64-encoded: a shorter one's encoding is too short a
/// needle to tell from unrelated base64 text.
const BASE64_MIN_BYTES: usize = 8;

/// The base64 characters that encode only the secret's bytes, for each of the three places
/// it can start within an encoded stream, in both alphabets, without padding.
fn base64_cores(secret: &str) -> Vec<String> {
    use base64::Engine;
    let n = secret.len();
    let mut out = Vec::new();
    for k in 0..3usize {
        let mut bytes = vec![0u8; k];
        bytes.extend_from_slice(secret.as_bytes());
        // Character i carries bits 6i..6i+6 of the stream; the secret's are 8k..8(k+n).
        let (start, end) = ((8 * k).div_ceil(6), 8 * (k + n) / 6);
        for engine in [
            base64::engine::general_purpose::STANDARD_NO_PAD,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ] {
            let encoded = engine.encode(&bytes);
            if let Some(core) = encoded.get(start..end) {
                out.push(core.to_owned());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// How many backslashes in a row may introduce one JSON escape (escaping nested three deep).
const MAX_BACKSLASHES: usize = 8;

impl Redactor {
    /// A redactor for these secrets; empty and very short values are ignored because
    /// masking them would garble unrelated text.
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a Secret>) -> Self {
        let mut needles: Vec<Vec<char>> = secrets
            .into_iter()
            .map(|s| s.expose().trim())
            .filter(|s| s.chars().count() >= 4)
            .map(|s| s.chars().collect())
            .collect();
        let mut encoded: Vec<String> = needles
            .iter()
            .map(|n| n.iter().collect::<String>())
            .filter(|n| n.len() >= BASE64_MIN_BYTES)
            .flat_map(|n| base64_cores(&n))
            .collect();
        // Longest first, so a secret that contains another is masked whole.
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        needles.dedup();
        encoded.sort_by_key(|n| std::cmp::Reverse(n.len()));
        encoded.dedup();
        Self { needles, encoded }
    }

    /// The text with every secret masked.
    pub fn redact(&self, text: &str) -> String {
        let spelled = self.redact_spelled(text);
        // Base64 has no other spelling worth a character-by-character match: plain search.
        self.encoded
            .iter()
            .fold(spelled, |acc, core| acc.replace(core.as_str(), MASK))
    }

    /// [`Redactor::redact`] for the secrets themselves, in all their spellings.
    fn redact_spelled(&self, text: &str) -> String {
        if self.needles.is_empty() {
            return text.to_owned();
        }
        let t = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut copied = 0;
        let mut p = 0;
        while p < t.len() {
            if !text.is_char_boundary(p) {
                p += 1;
                continue;
            }
            let hit = self
                .needles
                .iter()
                .find_map(|n| match_from(t, p, n, 0).filter(|end| *end > p));
            match hit {
                Some(end) => {
                    out.push_str(&text[copied..p]);
                    out.push_str(MASK);
                    p = end;
                    // A match may end inside a multi-byte character only if the secret does.
                    while p < t.len() && !text.is_char_boundary(p) {
                        p += 1;
                    }
                    copied = p;
                }
                None => p += 1,
            }
        }
        out.push_str(&text[copied..]);
        out
    }

    /// True when the text contains no secret.
    pub fn is_clean(&self, text: &str) -> bool {
        self.redact(text) == text
    }
}

/// The process-wide redactor for output that does not pass through a report: log lines,
/// panic messages, the one-line error of a failed command. The CLI registers each secret as
/// soon as it knows it.
static GLOBAL: std::sync::RwLock<Option<Redactor>> = std::sync::RwLock::new(None);

/// Adds secrets to the process-wide redactor.
pub fn register_global<'a>(secrets: impl IntoIterator<Item = &'a Secret>) {
    let more = Redactor::new(secrets);
    let mut g = GLOBAL
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let r = g.get_or_insert_with(Redactor::default);
    r.needles.extend(more.needles);
    r.needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
    r.needles.dedup();
    r.encoded.extend(more.encoded);
    r.encoded.sort_by_key(|n| std::cmp::Reverse(n.len()));
    r.encoded.dedup();
}

/// The text with every secret registered so far masked.
pub fn redact_global(text: &str) -> String {
    let g = GLOBAL
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match g.as_ref() {
        Some(r) => r.redact(text),
        None => text.to_owned(),
    }
}

/// Standard error through the process-wide redactor, for the log subscriber: each log event
/// is collected whole and written masked.
#[derive(Clone, Copy, Debug, Default)]
pub struct RedactingStderr;

/// One log event on its way to standard error.
#[derive(Debug, Default)]
pub struct RedactedLine(Vec<u8>);

impl std::io::Write for RedactedLine {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for RedactedLine {
    fn drop(&mut self) {
        let text = redact_global(&String::from_utf8_lossy(&self.0));
        let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for RedactingStderr {
    type Writer = RedactedLine;

    fn make_writer(&'a self) -> Self::Writer {
        RedactedLine::default()
    }
}

/// Where the needle from position `j` on ends when it matches the text at byte `p`.
fn match_from(t: &[u8], p: usize, needle: &[char], j: usize) -> Option<usize> {
    let Some(&c) = needle.get(j) else {
        return Some(p);
    };
    if c.is_whitespace() {
        // A run of white space in the secret matches a run (one or more) in the text.
        let k = needle[j..]
            .iter()
            .position(|ch| !ch.is_whitespace())
            .map_or(needle.len(), |i| j + i);
        let mut q = p;
        while q < t.len() && (t[q] as char).is_ascii_whitespace() {
            q += 1;
        }
        if q > p
            && let Some(end) = match_from(t, q, needle, k)
        {
            return Some(end);
        }
    }
    for q in spellings(t, p, c) {
        if let Some(end) = match_from(t, q, needle, j + 1) {
            return Some(end);
        }
    }
    None
}

/// Every end position of a spelling of `c` starting at `p`.
fn spellings(t: &[u8], p: usize, c: char) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut buf = [0u8; 4];
    let utf8 = c.encode_utf8(&mut buf).as_bytes();
    if t[p..].starts_with(utf8) {
        ends.push(p + utf8.len());
    }
    // Percent-encoded, byte by byte, hex digits in either case.
    let mut q = p;
    let mut all = true;
    for b in utf8 {
        match hex_byte(t, q, b'%', 2) {
            Some((v, next)) if v == u32::from(*b) => q = next,
            _ => {
                all = false;
                break;
            }
        }
    }
    if all {
        ends.push(q);
    }
    if c == ' ' && t.get(p) == Some(&b'+') {
        ends.push(p + 1);
    }
    ends.extend(json_escapes(t, p, c));
    ends.extend(entity(t, p, c));
    ends
}

/// `%HH` (with `lead` `%` and `digits` 2), returning the value and the end.
fn hex_byte(t: &[u8], p: usize, lead: u8, digits: usize) -> Option<(u32, usize)> {
    if t.get(p) != Some(&lead) {
        return None;
    }
    let hex = t.get(p + 1..p + 1 + digits)?;
    let v = u32::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
    Some((v, p + 1 + digits))
}

/// JSON escapes of `c` at `p`, their backslash written as a run of one to eight backslashes.
fn json_escapes(t: &[u8], p: usize, c: char) -> Vec<usize> {
    let mut ends = Vec::new();
    let run = t[p..]
        .iter()
        .take(MAX_BACKSLASHES)
        .take_while(|b| **b == b'\\')
        .count();
    for n in (1..=run).rev() {
        let q = p + n;
        let short = match c {
            '"' => Some(b'"'),
            '\\' => Some(b'\\'),
            '/' => Some(b'/'),
            '\n' => Some(b'n'),
            '\r' => Some(b'r'),
            '\t' => Some(b't'),
            '\u{8}' => Some(b'b'),
            '\u{c}' => Some(b'f'),
            _ => None,
        };
        if let Some(s) = short
            && t.get(q) == Some(&s)
        {
            ends.push(q + 1);
        }
        if c == '\\' && n >= 2 {
            // An escaped backslash that is not followed by an escape letter.
            ends.push(p + n);
        }
        let mut units = [0u16; 2];
        let units = c.encode_utf16(&mut units);
        if let Some((v, next)) = hex_byte(t, q, b'u', 4)
            && v == u32::from(units[0])
        {
            if units.len() == 1 {
                ends.push(next);
            } else {
                let run2 = t[next..]
                    .iter()
                    .take(MAX_BACKSLASHES)
                    .take_while(|b| **b == b'\\')
                    .count();
                if let Some((v2, end)) = hex_byte(t, next + run2, b'u', 4)
                    && run2 > 0
                    && v2 == u32::from(units[1])
                {
                    ends.push(end);
                }
            }
        }
    }
    ends
}

/// XML and HTML entities for `c` at `p`: named ones and `&#NN;` / `&#xHH;`.
fn entity(t: &[u8], p: usize, c: char) -> Vec<usize> {
    if t.get(p) != Some(&b'&') {
        return Vec::new();
    }
    let Some(semi) = t[p..].iter().take(12).position(|b| *b == b';') else {
        return Vec::new();
    };
    let body = &t[p + 1..p + semi];
    let Ok(body) = std::str::from_utf8(body) else {
        return Vec::new();
    };
    let named = match body {
        "quot" => Some('"'),
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "apos" => Some('\''),
        _ => None,
    };
    let numeric = body.strip_prefix('#').and_then(|n| {
        match n.strip_prefix('x').or_else(|| n.strip_prefix('X')) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => n.parse().ok(),
        }
        .and_then(char::from_u32)
    });
    if named.or(numeric) == Some(c) {
        vec![p + semi + 1]
    } else {
        Vec::new()
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

    /// Every spelling an echoing server or an output format gives a token.
    fn spellings_of(token: &str) -> Vec<(String, String)> {
        let pct = |set| percent_encoding::utf8_percent_encode(token, set).to_string();
        let json = serde_json::to_string(token).unwrap();
        let json = json.trim_matches('"').to_owned();
        let form: String = form_urlencoded(token);
        vec![
            ("raw".into(), token.to_owned()),
            (
                "percent (all)".into(),
                pct(percent_encoding::NON_ALPHANUMERIC),
            ),
            (
                "percent (lower-case hex)".into(),
                lower_hex(&pct(percent_encoding::NON_ALPHANUMERIC)),
            ),
            ("form".into(), form),
            ("json".into(), json.clone()),
            ("json with \\/".into(), json.replace('/', "\\/")),
            ("json twice".into(), {
                let twice = serde_json::to_string(&json).unwrap();
                twice.trim_matches('"').to_owned()
            }),
            (
                "json \\u".into(),
                token
                    .encode_utf16()
                    .map(|u| format!("\\u{u:04x}"))
                    .collect(),
            ),
            (
                "xml".into(),
                token
                    .replace('&', "&amp;")
                    .replace('"', "&quot;")
                    .replace('<', "&lt;"),
            ),
            (
                "numeric entities".into(),
                token.chars().map(|c| format!("&#{};", c as u32)).collect(),
            ),
            (
                "collapsed".into(),
                token.split_whitespace().collect::<Vec<_>>().join(" "),
            ),
            ("spread".into(), token.replace(' ', "\n   ")),
        ]
    }

    fn lower_hex(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            out.push(c);
            if c == '%' {
                out.extend(chars.next().map(|c| c.to_ascii_lowercase()));
                out.extend(chars.next().map(|c| c.to_ascii_lowercase()));
            }
        }
        out
    }

    fn form_urlencoded(s: &str) -> String {
        s.bytes()
            .map(|b| match b {
                b' ' => "+".to_owned(),
                b if b.is_ascii_alphanumeric() || b"-._*".contains(&b) => (b as char).to_string(),
                b => format!("%{b:02X}"),
            })
            .collect()
    }

    #[test]
    fn every_spelling_of_a_token_with_awkward_characters_is_masked() {
        for token in [
            "ab+cd/ef=gh\"ij\\kl  mn",
            "tok_SECRET_9f8e7d6c5b4a3210",
            "pa ss+wörd/==",
            "emoji-😀-token",
        ] {
            let r = Redactor::new([&Secret::new(token)]);
            for (form, text) in spellings_of(token) {
                let framed = format!("before {text} after");
                let out = r.redact(&framed);
                assert_eq!(out, "before *** after", "{form} of {token:?}: {text}");
            }
        }
    }

    #[test]
    fn a_token_base64_encoded_anywhere_in_a_stream_is_masked_but_for_its_edges() {
        use base64::Engine;
        let token = "tok_SECRET_9f8e7d6c5b4a3210+/?";
        let r = Redactor::new([&Secret::new(token)]);
        let std = base64::engine::general_purpose::STANDARD;
        let url = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        for (form, encoded) in [
            ("base64", std.encode(token)),
            ("base64url", url.encode(token)),
            ("Bearer", std.encode(format!("Bearer {token}"))),
            ("Basic", std.encode(format!("scimgate:{token}"))),
            ("offset 2", std.encode(format!("ab{token}cd"))),
        ] {
            let out = r.redact(&format!("x-debug: {encoded} end"));
            let kept = out.len() - "x-debug: ".len() - MASK.len() - " end".len();
            assert!(out.contains(MASK), "{form}: {out}");
            // What remains is a neighbour's text and at most 3 mixed characters at each edge.
            let neighbours = encoded.len() * 3 / 4 - token.len();
            assert!(
                kept <= neighbours * 4 / 3 + 8,
                "{form}: {out} (kept {kept})"
            );
        }
        // A short token's encoding is no needle.
        let short = Redactor::new([&Secret::new("abc12")]);
        let text = std.encode("abc12");
        assert_eq!(short.redact(&text), text);
    }

    #[test]
    fn mixed_spellings_inside_one_occurrence_are_masked() {
        let r = Redactor::new([&Secret::new("a+b/c d\"e")]);
        let out = r.redact("x a%2Bb\\/c+d&quot;e y");
        assert_eq!(out, "x *** y");
    }

    #[test]
    fn unrelated_text_is_left_alone() {
        let r = Redactor::new([&Secret::new("secret-value")]);
        let text = "a secret-valu and secret value and %73ecret-valuX: nothing to mask, ünïcode";
        assert_eq!(r.redact(text), text);
        assert!(r.is_clean(text));
        assert!(!r.is_clean("secret-value"));
    }

    #[test]
    fn redactor_ignores_tiny_secrets() {
        let r = Redactor::new([&Secret::new("a")]);
        assert_eq!(r.redact("a cat"), "a cat");
    }
}
