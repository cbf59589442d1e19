//! Text-level normalisation used by transcripts: timestamps become `[timestamp]`, and short
//! ids are replaced only where they stand alone as a token, so unrelated digits survive.

/// Replaces `tok` where it stands alone: a whole path segment (`/Users/7`, `/Users/7?x`), a
/// quoted value (`"7"`, URL-encoded `%227%22`) or the whole string. Prose is left alone
/// (`Group 7 not found`, `line 1 column 7`), as are `count=7` and `v2`: there a bare number is
/// as likely something else, and a server with small numeric ids must not garble them.
pub(super) fn replace_token(s: &str, tok: &str, rep: &str) -> String {
    if s == tok {
        return rep.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let before_ok =
        |done: &str| done.is_empty() || done.ends_with(['/', '"']) || done.ends_with("%22");
    while let Some(at) = rest.find(tok) {
        let (head, tail) = rest.split_at(at);
        out.push_str(head);
        let after = &tail[tok.len()..];
        let after_ok = after.is_empty()
            || after.starts_with(['/', '?', '"', '#', '&'])
            || after.starts_with("%22");
        if before_ok(&out) && after_ok {
            out.push_str(rep);
        } else {
            out.push_str(tok);
        }
        rest = after;
    }
    out.push_str(rest);
    out
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

    #[test]
    fn short_ids_are_replaced_only_as_whole_tokens() {
        let r = |s: &str| replace_token(s, "7", "[user-1]");
        assert_eq!(r("7"), "[user-1]");
        assert_eq!(r("/Users/7"), "/Users/[user-1]");
        assert_eq!(r("/Users/7?attributes=id"), "/Users/[user-1]?attributes=id");
        assert_eq!(
            r("filter=id%20eq%20%227%22&count=7"),
            "filter=id%20eq%20%22[user-1]%22&count=7"
        );
        assert_eq!(
            r("members[value eq \"7\"]"),
            "members[value eq \"[user-1]\"]"
        );
        assert_eq!(r("/Users/17"), "/Users/17");
        assert_eq!(r("77"), "77");
        assert_eq!(r("startIndex=7"), "startIndex=7");
        assert_eq!(r("Group 7 not found"), "Group 7 not found");
    }
}
