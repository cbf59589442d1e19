//! Textual rewrites applied to a filter before `scim_v2` parses it.
//!
//! - `not(` becomes `not (`: the RFC 7644 ABNF (`*1"not" "(" FILTER ")"`)
//!   allows both, the `scim_v2` lexer only the spaced form.
//! - Microsoft Entra's `emails[type eq "work"].value eq "x"` (a sub-attribute
//!   after a value path, outside the RFC grammar) becomes the equivalent
//!   `emails[(type eq "work") and value eq "x"]`.
//!
//! - A bare word after a comparison operator is quoted, so the RFC's own
//!   example `meta.resourceType eq User` (RFC 7644 §3.4.2.2, outside its
//!   ABNF) works; `true`, `false` and `null` stay literals.
//!
//! All rewrites skip string literals, so quoted values are never altered.

/// Rewrites `not(` outside string literals to `not (`.
pub(crate) fn space_not(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 4);
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = raw.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if c == '"' {
            in_string = true;
        } else if c.eq_ignore_ascii_case(&'t')
            && chars.get(i + 1) == Some(&'(')
            && i >= 2
            && chars[i - 2..i]
                .iter()
                .collect::<String>()
                .eq_ignore_ascii_case("no")
            && (i < 3 || matches!(chars[i - 3], ' ' | '('))
        {
            out.push(' ');
        }
    }
    out
}

/// Rewrites `attr[inner].sub op value` to `attr[(inner) and sub op value]`.
pub(crate) fn lift_value_path_sub(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len() + 8);
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let end = string_end(&chars, i);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        match c {
            '[' => open = Some(out.len()),
            ']' => {
                if let (Some(at), Some((expr, next))) =
                    (open.take(), trailing_comparison(&chars, i + 1))
                {
                    out.insert(at + 1, '(');
                    out.push_str(") and ");
                    out.push_str(&expr);
                    out.push(']');
                    i = next;
                    continue;
                }
            }
            _ => {}
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Quotes a bare word after a comparison operator: `eq User` → `eq "User"`.
pub(crate) fn quote_bare_values(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len() + 4);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            let end = string_end(&chars, i);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        if let Some(value_start) = c
            .is_whitespace()
            .then(|| operand_start(&chars, i))
            .flatten()
        {
            out.extend(&chars[i..value_start]);
            let mut j = value_start;
            while chars
                .get(j)
                .is_some_and(|c| !c.is_whitespace() && !matches!(c, ')' | ']' | '"' | '\\'))
            {
                j += 1;
            }
            let word: String = chars[value_start..j].iter().collect();
            let literal = matches!(word.as_str(), "true" | "false" | "null");
            let alphabetic = word.starts_with(|c: char| c.is_alphabetic());
            if alphabetic && !literal && !chars.get(j).is_some_and(|c| matches!(c, '"' | '\\')) {
                out.push('"');
                out.push_str(&word);
                out.push('"');
            } else {
                out.push_str(&word);
            }
            i = j;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// At whitespace before ` op `: the index of the operand after it.
fn operand_start(chars: &[char], mut i: usize) -> Option<usize> {
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    let start = i;
    while chars.get(i).is_some_and(char::is_ascii_alphabetic) {
        i += 1;
    }
    let op: String = chars[start..i].iter().collect();
    const OPS: [&str; 9] = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
    if !OPS.iter().any(|o| o.eq_ignore_ascii_case(&op))
        || !chars.get(i).is_some_and(|c| c.is_whitespace())
    {
        return None;
    }
    while chars.get(i).is_some_and(|c| c.is_whitespace()) {
        i += 1;
    }
    Some(i)
}

/// Index just past the JSON string literal starting at `start`.
fn string_end(chars: &[char], start: usize) -> usize {
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}

/// After a `]`: `.sub op value` or `.sub pr` → (expression, index after it).
fn trailing_comparison(chars: &[char], mut i: usize) -> Option<(String, usize)> {
    let word = |i: &mut usize| {
        let start = *i;
        while chars
            .get(*i)
            .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        {
            *i += 1;
        }
        chars[start..*i].iter().collect::<String>()
    };
    let spaces = |i: &mut usize| {
        let start = *i;
        while chars.get(*i).is_some_and(|c| c.is_whitespace()) {
            *i += 1;
        }
        *i > start
    };
    if chars.get(i) != Some(&'.') {
        return None;
    }
    i += 1;
    let sub = word(&mut i);
    if !sub.starts_with(|c: char| c.is_ascii_alphabetic()) || !spaces(&mut i) {
        return None;
    }
    let op = word(&mut i);
    if op.eq_ignore_ascii_case("pr") {
        return Some((format!("{sub} pr"), i));
    }
    const OPS: [&str; 9] = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
    if !OPS.iter().any(|o| o.eq_ignore_ascii_case(&op)) || !spaces(&mut i) {
        return None;
    }
    let start = i;
    let end = if chars.get(i) == Some(&'"') {
        string_end(chars, i)
    } else {
        let mut j = i;
        while chars
            .get(j)
            .is_some_and(|c| !c.is_whitespace() && *c != ')')
        {
            j += 1;
        }
        j
    };
    let value: String = chars[start..end].iter().collect();
    Some((format!("{sub} {op} {value}"), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_not_only_outside_strings() {
        assert_eq!(space_not(r#"not(a pr)"#), r#"not (a pr)"#);
        assert_eq!(
            space_not(r#"x eq "not(" and NOT(b pr)"#),
            r#"x eq "not(" and NOT (b pr)"#
        );
        assert_eq!(space_not("knot(a pr)"), "knot(a pr)");
    }

    #[test]
    fn lifts_entra_sub_attribute_after_value_path() {
        assert_eq!(
            lift_value_path_sub(r#"emails[type eq "work"].value eq "a]b""#),
            r#"emails[(type eq "work") and value eq "a]b"]"#
        );
        assert_eq!(
            lift_value_path_sub(r#"x eq "[y].z eq 1" and emails[type eq "w"].value pr"#),
            r#"x eq "[y].z eq 1" and emails[(type eq "w") and value pr]"#
        );
        assert_eq!(
            lift_value_path_sub(r#"emails[type eq "w"]"#),
            r#"emails[type eq "w"]"#
        );
        assert_eq!(lift_value_path_sub("a[b pr].c"), "a[b pr].c");
    }

    #[test]
    fn quotes_bare_words_after_operators_only() {
        assert_eq!(
            quote_bare_values("meta.resourceType eq User"),
            r#"meta.resourceType eq "User""#
        );
        assert_eq!(
            quote_bare_values(r#"(a EQ x) and b ne "y z" and c eq true and d gt 5 and e[f eq g]"#),
            r#"(a EQ "x") and b ne "y z" and c eq true and d gt 5 and e[f eq "g"]"#
        );
        assert_eq!(quote_bare_values(r#"x eq " eq y""#), r#"x eq " eq y""#);
        assert_eq!(
            quote_bare_values("title pr and equal pr"),
            "title pr and equal pr"
        );
    }
}
