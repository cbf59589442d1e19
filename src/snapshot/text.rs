//! Text-level normalisation used by transcripts: timestamps become `[timestamp]`, and ids are
//! replaced only where they stand alone as a token, so unrelated digits survive.

/// True when `s[start..end]` stands alone as a token: no letter or digit touches it on either
/// side (`2819c223-…` in `User 2819c223-… already exists`, but not inside a longer token). A
/// percent escape before it (`%22`, `%20`) ends a token; a match right after a `%` is that
/// escape's hex digits.
///
/// A `short` token (a small number or a two-letter id) is also a count, a version or part of
/// a date, so it is one only between the marks ids stand between: whitespace, `/`, quotes,
/// parentheses, a percent escape, and after it `?`, `#`, `&`, `,`, `;` or a final `.`/`:`.
/// So `Group 13 not found`, `/Users/13?x`, `"13"` and `%2213%22` hold the token `13`;
/// `2013`, `130`, `v13`, `count=13`, `utf-8`, `2.0`, `12:40`, `2024-13-01`, a path segment
/// right after a number segment (the `11` of Entra's `…/2006/11/ResourceManagement/…` schema
/// URN: ids follow an endpoint name, never a number) and a transcript's own
/// `[13 of the scenario's own]` do not.
pub(super) fn is_token(s: &str, start: usize, end: usize, short: bool) -> bool {
    let before = s[..start].chars().next_back();
    let mut rest = s[end..].chars();
    let after = rest.next();
    let then = rest.next();
    let escape_before = start >= 3
        && s.as_bytes()[start - 3] == b'%'
        && s.as_bytes()[start - 2..start]
            .iter()
            .all(u8::is_ascii_hexdigit);
    if before == Some('%') || after.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let starts = before.is_none_or(|c| !c.is_alphanumeric()) || escape_before;
    if !short {
        return starts;
    }
    let after_number_segment = before == Some('/')
        && s[..start - 1]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit());
    let opens = escape_before
        || before.is_none_or(|c| c.is_whitespace() || "/\"'(#".contains(c))
            && !after_number_segment;
    let closes = match after {
        None => true,
        Some('.' | ':' | '!') => !then.is_some_and(char::is_alphanumeric),
        Some(c) => c.is_whitespace() || "/\"')?#&,;%".contains(c),
    };
    opens && closes
}

/// Replaces ISO 8601 / xsd:dateTime timestamps with `[timestamp]`.
pub(super) fn redact_times(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let digits = |from: usize, n: usize| {
        b.len() >= from + n && b[from..from + n].iter().all(u8::is_ascii_digit)
    };
    while i < b.len() {
        // YYYY-MM-DDTHH:MM:SS
        if digits(i, 4)
            && b.get(i + 4) == Some(&b'-')
            && digits(i + 5, 2)
            && b.get(i + 7) == Some(&b'-')
            && digits(i + 8, 2)
            && b.get(i + 10) == Some(&b'T')
            && digits(i + 11, 2)
            && b.get(i + 13) == Some(&b':')
            && digits(i + 14, 2)
        {
            let mut j = i + 16;
            while j < b.len()
                && (b[j].is_ascii_digit() || matches!(b[j], b':' | b'.' | b'+' | b'-' | b'Z'))
            {
                j += 1;
            }
            out.push_str("[timestamp]");
            i = j;
        } else {
            let ch = s[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_of_every_common_form_are_redacted() {
        assert_eq!(
            redact_times("a 2026-11-29T12:40:33.559602Z b"),
            "a [timestamp] b"
        );
        assert_eq!(redact_times("2011-08-01T21:32:44+02:00"), "[timestamp]");
        assert_eq!(redact_times("2011-08-01T21:32:44"), "[timestamp]");
        assert_eq!(
            redact_times("no time 2011-08-01 here"),
            "no time 2011-08-01 here"
        );
    }

    /// Replaces every token `tok` in `s`, as the transcript does with an id.
    fn replace(s: &str, tok: &str, short: bool) -> String {
        let mut out = String::new();
        let mut i = 0;
        while let Some(at) = s[i..].find(tok).map(|a| a + i) {
            out.push_str(&s[i..at]);
            let end = at + tok.len();
            out.push_str(if is_token(s, at, end, short) {
                "[user-1]"
            } else {
                tok
            });
            i = end;
        }
        out.push_str(&s[i..]);
        out
    }

    #[test]
    fn ids_are_replaced_only_as_whole_tokens() {
        let r = |s: &str| replace(s, "13", true);
        assert_eq!(r("13"), "[user-1]");
        assert_eq!(r("/Users/13"), "/Users/[user-1]");
        assert_eq!(
            r("/Users/13?attributes=id"),
            "/Users/[user-1]?attributes=id"
        );
        assert_eq!(
            r("filter=id%20eq%20%2213%22&count=13"),
            "filter=id%20eq%20%22[user-1]%22&count=13"
        );
        assert_eq!(
            r("members[value eq \"13\"]"),
            "members[value eq \"[user-1]\"]"
        );
        assert_eq!(r("Group 13 not found"), "Group [user-1] not found");
        assert_eq!(r("Resource 13."), "Resource [user-1].");
        assert_eq!(r("(13)"), "([user-1])");
        for untouched in [
            "/Users/113",
            "2013",
            "130",
            "v13",
            "startIndex=13",
            "%13",
            "utf-13",
            "13.0",
            "core:13.0:User",
            "12:13:40",
            "2024-13-01",
            "[13 of the scenario's own]",
            "http://schemas.microsoft.com/2006/13/ResourceManagement",
        ] {
            assert_eq!(r(untouched), untouched);
        }
        let uuid = "2819c223-7f76-453a-919d-413861904646";
        let r = |s: &str| replace(s, uuid, false);
        assert_eq!(
            r(&format!("User {uuid} already exists")),
            "User [user-1] already exists"
        );
        assert_eq!(r(&format!("?id={uuid}")), "?id=[user-1]");
        assert_eq!(r(&format!("x{uuid}")), format!("x{uuid}"));
        assert_eq!(r(&format!("{uuid}0")), format!("{uuid}0"));
    }
}
