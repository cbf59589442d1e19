//! Recorded exchanges → scenarios in the format of `scenarios/`, replayable with
//! `scimgate run --scenarios-dir DIR`.
//!
//! What a replay needs, and how the writer gets it:
//! - **Fresh objects**: each user a `POST /Users` created becomes a `user` variable, each
//!   group a `POST /Groups` created a `group` variable; the recorded userName, emails, names,
//!   externalId and password (and a group's displayName) are replaced wherever they appear
//!   (path, query, body, expectations) by that variable's run-prefixed value
//!   (`{{u1.userName}}`, percent-encoded as `{{u1.userName|url}}` in a query). No recorded
//!   password survives.
//! - **Correlated ids**: the id a create's answer assigned becomes a capture (`u1_id`), and
//!   every later use of it (a path segment, `members[].value`, `$ref`, `Location`, a filter
//!   value, an id inside any string) becomes `{{u1_id}}`, with `needs:` on the create.
//!   Exchanges about objects the session did not create (someone else's users, found by an
//!   import) cannot be replayed against another server; they are left out, and counted in
//!   the scenario's description.
//! - **Cleanup**: each create carries `creates:` so the replay removes what it made.
//! - **Expectations**: the checks live judging used ([`Shape::expect`]), with the same
//!   variables; nothing the server chose (timestamps, versions, ids) is expected verbatim.
//! - **One scenario per flow**: exchanges are split into sessions at idle gaps, then by the
//!   objects they concern (a membership change joins its group and its members), so that each
//!   file reads as one thing the admin did.
//!
//! - **Headers**: a request carries the recorded headers that differ from Okta's defaults,
//!   which the replay sends anyway; never one that authenticates or may hold a secret.
//! - **Not Okta's**: scimgate's own bookkeeping requests (ownership reads, cleanup, marked by
//!   [`crate::http::BOOKKEEPING_HEADER`]) are left out, so recording a scimgate run gives the
//!   scenarios' own traffic.
//!
//! The token is never written (no `Authorization` header; every text passes through the
//! [`Redactor`]).

use super::Recorded;
use super::shape::{Shape, resource};
use crate::scenario::ResourceKind;
use crate::secret::Redactor;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value, json};
use std::time::Duration;

/// The encoding of `|url` in templates (kept in step with `template/render.rs`).
const URL: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// How the writer splits and names what it writes.
#[derive(Clone, Debug)]
pub struct WriteOptions {
    /// A pause longer than this starts a new session.
    pub idle: Duration,
    /// Where the recording came from (`record` or a HAR file), for `source:`.
    pub source: String,
    /// The recorded server's base URL: a request body's URLs below it (`meta.location` in
    /// Okta's PUT, which is the GET body sent back) become `{{target.base_url}}…`.
    pub base_url: Option<String>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(30),
            source: "scimgate record".to_owned(),
            base_url: None,
        }
    }
}

/// One written scenario: its file name (`01-create-user.yaml`) and YAML text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// The file name.
    pub file: String,
    /// The scenario.
    pub yaml: String,
    /// How many steps it has.
    pub steps: usize,
}

/// A generated object: its variable, kind, and the recorded strings that stand for it.
#[derive(Debug)]
struct Object {
    var: String,
    kind: ResourceKind,
    /// Recorded value → template, longest first when applied.
    values: Vec<(String, String)>,
    /// The recorded id the server assigned, once its create answered.
    id: Option<String>,
    /// The step that created it.
    created_by: usize,
}

/// One exchange kept for writing.
struct Item<'a> {
    rec: &'a Recorded,
    shape: Shape,
    status: u16,
    body: Option<Value>,
    response: Option<Value>,
    /// The objects it concerns (indexes into the object list).
    objects: Vec<usize>,
}

fn parse(text: Option<&str>) -> Option<Value> {
    text.and_then(|t| serde_json::from_str(t).ok())
}

/// Replaces whole-token occurrences of `needle` in `hay` (not inside a longer id: `13` is
/// not replaced in `2013`). In a query (`percent`), a percent-escape next to it (`%22`) is a
/// boundary too.
fn replace_token(hay: &str, needle: &str, with: &str, percent: bool) -> String {
    if needle.is_empty() || !hay.contains(needle) {
        return hay.to_owned();
    }
    let word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut out = String::with_capacity(hay.len());
    let mut rest = hay;
    while let Some(at) = rest.find(needle) {
        let (head, tail) = (&rest[..at], &rest[at + needle.len()..]);
        let escaped_before = percent
            && head.len() >= 3
            && head.is_char_boundary(head.len() - 3)
            && head[head.len() - 3..].starts_with('%');
        let before_ok = escaped_before || head.chars().next_back().is_none_or(|c| !word(c));
        let after_ok = tail
            .chars()
            .next()
            .is_none_or(|c| !word(c) || (percent && c == '%'));
        out.push_str(head);
        out.push_str(if before_ok && after_ok { with } else { needle });
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// One replacement: a recorded value and the template that stands for it. Short ids (`7`)
/// are replaced only where they stand alone (a whole string, a path segment), never inside
/// text, where they would match a `count=7`.
#[derive(Clone, Debug)]
struct Sub {
    from: String,
    to: String,
    alone_only: bool,
}

/// Ids shorter than this are replaced only where they stand alone.
const SHORT_ID: usize = 6;

/// The substitutions of all objects, longest recorded value first (so an email is replaced
/// before the userName it contains).
fn substitutions<'a>(objects: impl IntoIterator<Item = &'a Object>) -> Vec<Sub> {
    let mut subs: Vec<Sub> = objects
        .into_iter()
        .flat_map(|o| {
            let mut v: Vec<Sub> = o
                .values
                .iter()
                .map(|(from, to)| Sub {
                    from: from.clone(),
                    to: to.clone(),
                    alone_only: false,
                })
                .collect();
            // Okta's case-insensitivity probes send the userName upper-cased.
            if let Some((name, to)) = o.values.first()
                && name.to_uppercase() != *name
            {
                v.push(Sub {
                    from: name.to_uppercase(),
                    to: to.replace("}}", "|upper}}"),
                    alone_only: false,
                });
            }
            if let Some(id) = &o.id {
                v.push(Sub {
                    from: id.clone(),
                    to: format!("{{{{{}_id}}}}", o.var),
                    alone_only: id.chars().count() < SHORT_ID,
                });
            }
            v
        })
        .collect();
    subs.sort_by(|a, b| b.from.len().cmp(&a.from.len()).then(a.from.cmp(&b.from)));
    subs.dedup_by(|a, b| a.from == b.from);
    subs
}

fn rewrite_str(s: &str, subs: &[Sub]) -> String {
    let mut out = s.to_owned();
    for sub in subs {
        if sub.alone_only {
            if out == sub.from {
                out.clone_from(&sub.to);
            }
        } else {
            out = replace_token(&out, &sub.from, &sub.to, false);
        }
    }
    out
}

/// A path: whole segments first (where short ids stand alone), then text.
fn rewrite_path(path: &str, subs: &[Sub]) -> String {
    path.split('/')
        .map(|seg| rewrite_str(seg, subs))
        .collect::<Vec<_>>()
        .join("/")
}

fn rewrite(v: &Value, subs: &[Sub]) -> Value {
    match v {
        // A URL (`$ref`, `Location`) or path: its segments, where short ids stand alone.
        Value::String(s) if s.contains('/') => Value::String(rewrite_path(s, subs)),
        Value::String(s) => Value::String(rewrite_str(s, subs)),
        Value::Array(a) => Value::Array(a.iter().map(|x| rewrite(x, subs)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), rewrite(x, subs)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A query: recorded values appear percent-encoded there, so they are matched encoded and
/// replaced by the `|url` form of their template. Short ids are left alone (a filter on one
/// is rare, a `count=2` common).
fn rewrite_query(q: &str, subs: &[Sub]) -> String {
    let mut out = q.to_owned();
    for sub in subs.iter().filter(|s| !s.alone_only) {
        let encoded = utf8_percent_encode(&sub.from, URL).to_string();
        let template = match sub.to.strip_suffix("}}") {
            Some(inner) => format!("{inner}|url}}}}"),
            None => sub.to.clone(),
        };
        out = replace_token(&out, &encoded, &template, true);
        if encoded != sub.from {
            out = replace_token(&out, &sub.from, &template, true);
        }
    }
    out
}

/// The strings of a request where a replay would have to rewrite an object: the path's
/// segments and its decoded form, and every string in the body.
struct Haystack {
    exact: std::collections::HashSet<String>,
    text: String,
}

impl Haystack {
    fn of(path: &str, body: Option<&Value>, response: Option<&Value>) -> Self {
        fn walk(v: &Value, out: &mut Vec<String>) {
            match v {
                Value::String(s) => out.push(s.clone()),
                Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
                Value::Object(o) => o.values().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        // Path segments stand alone; the query is text only (a short id would match `count=2`).
        let mut strings: Vec<String> = path
            .split('?')
            .next()
            .unwrap_or(path)
            .split('/')
            .map(str::to_owned)
            .collect();
        strings.push(
            percent_encoding::percent_decode_str(path)
                .decode_utf8_lossy()
                .into_owned(),
        );
        if let Some(b) = body {
            walk(b, &mut strings);
        }
        // The users a lookup found or a page lists, and a group's members read back: its
        // expectations name them, and a page read after the session created what it lists
        // (Okta's import) belongs with those creates, so that a replay creates them first.
        if let Some(listed) = response
            .and_then(|r| r.get("Resources"))
            .and_then(Value::as_array)
        {
            strings.extend(
                listed
                    .iter()
                    .filter_map(|r| r.get("id").and_then(Value::as_str))
                    .map(str::to_owned),
            );
        }
        if let Some(members) = response
            .and_then(|r| r.get("members"))
            .and_then(Value::as_array)
        {
            strings.extend(
                members
                    .iter()
                    .filter_map(|m| m.get("value").and_then(Value::as_str))
                    .map(str::to_owned),
            );
        }
        // URLs in bodies (`$ref`) hold ids as segments.
        let segments: Vec<String> = strings
            .iter()
            .filter(|s| s.contains('/'))
            .flat_map(|s| s.split('/').map(str::to_owned).collect::<Vec<_>>())
            .collect();
        let text = strings.join("\u{1}");
        let mut exact: std::collections::HashSet<String> = strings.into_iter().collect();
        exact.extend(segments);
        Self { exact, text }
    }

    /// Whether the object appears: its id standing alone (or inside text when long), or its
    /// userName / displayName inside any string.
    fn names(&self, o: &Object) -> bool {
        let by_id = o.id.as_deref().is_some_and(|id| {
            self.exact.contains(id) || (id.chars().count() >= SHORT_ID && self.text.contains(id))
        });
        let by_name = o.values.first().is_some_and(|(v, _)| {
            self.text.contains(v.as_str()) || self.text.contains(&v.to_uppercase())
        });
        by_id || by_name
    }
}

/// The recorded values of a created user (from its POST body) mapped to its variable.
fn user_values(var: &str, body: &Value) -> Vec<(String, String)> {
    let mut v = Vec::new();
    let mut add = |value: Option<&Value>, field: &str| {
        if let Some(s) = value.and_then(Value::as_str).filter(|s| !s.is_empty()) {
            v.push((s.to_owned(), format!("{{{{{var}.{field}}}}}")));
        }
    };
    add(body.get("userName"), "userName");
    add(body.pointer("/name/givenName"), "givenName");
    add(body.pointer("/name/familyName"), "familyName");
    add(body.get("displayName"), "displayName");
    add(body.get("externalId"), "externalId");
    add(body.get("password"), "password");
    if let Some(emails) = body.get("emails").and_then(Value::as_array) {
        for e in emails {
            add(e.get("value"), "email");
        }
    }
    // The first spelling of a value wins (an email equal to the userName stays the userName).
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|(from, _)| seen.insert(from.clone()));
    v
}

/// Turns a recording into scenarios. The redactor masks anything secret that is left.
pub fn write(recorded: &[Recorded], options: &WriteOptions, redactor: &Redactor) -> Vec<Written> {
    // 1. Keep what can be judged, and learn the objects the session created.
    let mut objects: Vec<Object> = Vec::new();
    let mut items: Vec<Item<'_>> = Vec::new();
    let (mut users, mut groups) = (0, 0);
    for rec in recorded {
        let ex = &rec.exchange;
        let Some(status) = ex.status else { continue };
        if super::bookkeeping(&ex.request).is_some() {
            continue;
        }
        let body = parse(ex.request.body.as_deref());
        let shape = Shape::of(ex.request.method, &ex.request.path, body.as_ref());
        if shape == Shape::Other {
            continue;
        }
        let response = parse(ex.response_body.as_deref());
        let index = items.len();
        if status == 201
            && matches!(shape, Shape::CreateUser | Shape::CreateGroup)
            && let Some(b) = &body
        {
            let (var, kind, values) = if shape == Shape::CreateUser {
                users += 1;
                let var = format!("u{users}");
                let values = user_values(&var, b);
                (var, ResourceKind::User, values)
            } else {
                groups += 1;
                let var = format!("g{groups}");
                let values = b
                    .get("displayName")
                    .and_then(Value::as_str)
                    .map(|n| vec![(n.to_owned(), format!("{{{{{var}.displayName}}}}"))])
                    .unwrap_or_default();
                (var, ResourceKind::Group, values)
            };
            let id = response
                .as_ref()
                .and_then(|r| r.get("id"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            objects.push(Object {
                var,
                kind,
                values,
                id,
                created_by: index,
            });
        }
        items.push(Item {
            rec,
            shape,
            status,
            body,
            response,
            objects: Vec::new(),
        });
    }
    // 1b. A lookup that matched nothing asked about a name nobody has (the check before a
    //     create that did not follow, a probe): its name becomes a fresh generated one, so
    //     the replay asks about a name that is new on its target too, whatever data is there.
    let mut probes = 0;
    for item in &items {
        if let Some((kind, value)) = no_match_lookup(item)
            && !objects
                .iter()
                .any(|o| o.values.iter().any(|(v, _)| *v == value))
        {
            probes += 1;
            let var = format!("p{probes}");
            let field = if kind == ResourceKind::User {
                "userName"
            } else {
                "displayName"
            };
            objects.push(Object {
                values: vec![(value, format!("{{{{{var}.{field}}}}}"))],
                var,
                kind,
                id: None,
                created_by: NEVER,
            });
        }
    }
    // 1c. A write that sets new values on an object the session created (a profile change
    //     in Okta: another name, a new email; a group renamed) carries data no create
    //     carried: they become generated values too, of a variable of their own (`vN`), and
    //     belong to the object, so every later read of it expects them.
    let mut updates = 0;
    for item in &items {
        let path = &item.rec.exchange.request.path;
        let Some((kind, Some(id))) = resource(path) else {
            continue;
        };
        let Some(owner) = objects
            .iter()
            .position(|o| o.kind == kind && o.id.as_deref() == Some(id.as_str()))
        else {
            continue;
        };
        let var = format!("v{}", updates + 1);
        let values: Vec<(String, String)> = match item.shape {
            Shape::ReplaceUser | Shape::PatchUser => updated_user_values(&var, item.body.as_ref()),
            Shape::ReplaceGroup | Shape::PatchGroup => new_group_names(item.body.as_ref())
                .into_iter()
                .map(|n| (n, format!("{{{{{var}.displayName}}}}")))
                .collect(),
            _ => continue,
        };
        // Only the owner's own values count as known: another user may share a surname.
        let values: Vec<(String, String)> = values
            .into_iter()
            .filter(|(v, _)| !objects[owner].values.iter().any(|(k, _)| k == v))
            .collect();
        if !values.is_empty() {
            updates += 1;
            objects[owner].values.extend(values);
        }
    }
    // 2. Which objects each exchange concerns; those about objects the session did not
    //    create are left out.
    let mut left_out = 0;
    let mut kept: Vec<Item<'_>> = Vec::new();
    for (i, mut item) in items.into_iter().enumerate() {
        let ex = &item.rec.exchange;
        let hay = Haystack::of(&ex.request.path, item.body.as_ref(), item.response.as_ref());
        for (n, o) in objects.iter().enumerate() {
            if o.created_by == i || hay.names(o) {
                item.objects.push(n);
            }
        }
        let addressed = resource(&ex.request.path).and_then(|(_, id)| id);
        // A read of an id that answered 404 addressed nobody's object (Okta's SPEC test asks
        // for a made-up id): replayed as recorded, as the built-in scenarios do.
        let probe_404 = ex.request.method == crate::http::Method::Get && item.status == 404;
        let foreign = !probe_404
            && addressed.is_some_and(|id| {
                !objects
                    .iter()
                    .any(|o| o.id.as_deref().is_some_and(|own| own == id))
            });
        if foreign {
            left_out += 1;
            continue;
        }
        // Objects are numbered by the step that created them, among the kept ones.
        for o in objects.iter_mut().filter(|o| o.created_by == i) {
            o.created_by = kept.len();
        }
        kept.push(item);
    }
    // 3. Flows: exchanges joined by a shared object stay together however long the pauses
    //    between them (a replay needs the create before the use); the exchanges about no
    //    object (probes, discovery, imports) are split into sessions at idle gaps.
    let all: Vec<usize> = (0..kept.len()).collect();
    let mut written = Vec::new();
    let mut n = 0;
    for mut flow in flows(&all, &kept, options.idle) {
        // Racing creates arrive together; a replay sends one at a time, so the one that won
        // (201) goes before those refused as duplicates (409) of the same object.
        let key = |i: usize| {
            let item = &kept[i];
            let won_later = (item.status == 409
                && matches!(item.shape, Shape::CreateUser | Shape::CreateGroup))
            .then(|| {
                item.objects
                    .iter()
                    .map(|&o| objects[o].created_by)
                    .filter(|&by| by > i && by != NEVER)
                    .max()
            })
            .flatten();
            won_later.map_or((i, 0), |by| (by, 1))
        };
        flow.sort_by_key(|&i| key(i));
        n += 1;
        written.push(scenario(
            n, &flow, &kept, &objects, left_out, options, redactor,
        ));
    }
    written
}

/// The recorded request headers a replay must send itself: those that differ from what it
/// sends anyway (Okta's defaults, `crate::http::OKTA_HEADERS`), leaving out what the
/// connection sets, anything that authenticates or may hold a secret (by name), proxies'
/// headers and scimgate's own bookkeeping mark.
fn written_headers(recorded: &[(String, String)], has_body: bool) -> Map<String, Value> {
    const CONNECTION: &[&str] = &[
        "host",
        "content-length",
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "upgrade",
        "accept-encoding",
        "forwarded",
        "via",
    ];
    const SECRET: &[&str] = &[
        "auth",
        "cookie",
        "token",
        "secret",
        "key",
        "session",
        "signature",
        "pass",
        "credential",
    ];
    let mut out = Map::new();
    for (name, value) in recorded {
        let n = name.to_ascii_lowercase();
        if CONNECTION.contains(&n.as_str())
            || n.starts_with("x-forwarded-")
            || n == crate::http::BOOKKEEPING_HEADER
            || SECRET.iter().any(|s| n.contains(s))
        {
            continue;
        }
        let default = if n == "content-type" && has_body {
            Some(crate::http::OKTA_CONTENT_TYPE)
        } else {
            crate::http::OKTA_HEADERS
                .iter()
                .find(|(d, _)| *d == n)
                .map(|(_, v)| *v)
        };
        if default != Some(value.as_str()) {
            out.insert(n, Value::String(value.clone()));
        }
    }
    out
}

/// Strings that are URLs below the recorded base URL start with `{{target.base_url}}`.
fn rebase(v: &mut Value, base: &str) {
    match v {
        Value::String(s) => {
            if let Some(rest) = s.strip_prefix(base)
                && (rest.is_empty() || rest.starts_with('/'))
            {
                *s = format!("{{{{target.base_url}}}}{rest}");
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| rebase(x, base)),
        Value::Object(o) => o.values_mut().for_each(|x| rebase(x, base)),
        _ => {}
    }
}

/// The values a user PUT or PATCH body sets, mapped to `var`'s fields (a PUT body and a
/// path-less replace's value as a create body; `name.givenName`-style paths one by one).
fn updated_user_values(var: &str, body: Option<&Value>) -> Vec<(String, String)> {
    let Some(b) = body else { return Vec::new() };
    let Some(ops) = b.get("Operations").and_then(Value::as_array) else {
        return user_values(var, b);
    };
    let mut out = Vec::new();
    for op in ops {
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let value = op.get("value");
        let field = match path.to_ascii_lowercase().as_str() {
            "" => {
                out.extend(value.map(|v| user_values(var, v)).unwrap_or_default());
                continue;
            }
            "name.givenname" => "givenName",
            "name.familyname" => "familyName",
            "displayname" => "displayName",
            "externalid" => "externalId",
            "username" => "userName",
            _ => continue,
        };
        if let Some(s) = value.and_then(Value::as_str).filter(|s| !s.is_empty()) {
            out.push((s.to_owned(), format!("{{{{{var}.{field}}}}}")));
        }
    }
    out.retain(|(_, t)| !t.ends_with(".password}}"));
    out
}

/// The displayNames a group PUT or PATCH body sets.
fn new_group_names(body: Option<&Value>) -> Vec<String> {
    let Some(b) = body else { return Vec::new() };
    let mut out: Vec<String> = b
        .get("displayName")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .into_iter()
        .collect();
    for op in b
        .get("Operations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let path = op.get("path").and_then(Value::as_str).unwrap_or("");
        let value = op.get("value");
        if path.eq_ignore_ascii_case("displayName") {
            out.extend(value.and_then(Value::as_str).map(str::to_owned));
        } else if path.is_empty() {
            out.extend(
                value
                    .and_then(|v| v.get("displayName"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            );
        }
    }
    out
}

/// `created_by` of a generated name no step creates (a lookup's probe).
const NEVER: usize = usize::MAX;

/// For a `userName eq "…"` (or group `displayName eq "…"`) lookup that matched nothing: the
/// kind and the value looked for.
fn no_match_lookup(item: &Item<'_>) -> Option<(ResourceKind, String)> {
    let (kind, attr) = match item.shape {
        Shape::FindUser => (ResourceKind::User, "username"),
        Shape::FindGroup => (ResourceKind::Group, "displayname"),
        _ => return None,
    };
    let total = item.response.as_ref()?.get("totalResults")?.as_u64()?;
    if item.status != 200 || total != 0 {
        return None;
    }
    let query = item.rec.exchange.request.path.split_once('?')?.1;
    let filter = query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        k.eq_ignore_ascii_case("filter").then_some(v)
    })?;
    let filter = percent_encoding::percent_decode_str(&filter.replace('+', " "))
        .decode_utf8()
        .ok()?
        .into_owned();
    let (lhs, rhs) = filter.trim().split_once(char::is_whitespace)?;
    let rhs = rhs.trim_start();
    let (op, value) = rhs.split_once(char::is_whitespace)?;
    let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    (lhs.eq_ignore_ascii_case(attr) && op.eq_ignore_ascii_case("eq") && !value.contains('"'))
        .then(|| (kind, value.to_owned()))
}

/// Any password the recording still holds (a Sync Password change sets one the session did
/// not generate) becomes a generated one, `{{pwN.password}}` from a variable `fresh` declares:
/// no recorded password is written, and each replay sends a new one.
fn fresh_passwords(v: &mut Value, fresh: &mut dyn FnMut() -> String) {
    match v {
        Value::Object(o) => {
            let password_op = o
                .get("path")
                .and_then(Value::as_str)
                .is_some_and(|p| p.eq_ignore_ascii_case("password"));
            for (k, x) in o.iter_mut() {
                let is_password =
                    k.eq_ignore_ascii_case("password") || (password_op && k == "value");
                if is_password && !x.as_str().is_some_and(|s| s.starts_with("{{")) {
                    *x = Value::String(fresh());
                } else {
                    fresh_passwords(x, fresh);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| fresh_passwords(x, fresh)),
        _ => {}
    }
}

/// A check as a replay can judge it: ids and names the server chose in the recording (and
/// the writer could not turn into variables) are dropped from it, and a check left with
/// nothing to compare is dropped.
fn replayable(mut check: Value) -> Option<Value> {
    let literal = |v: &Value| v.as_str().is_some_and(|s| !s.contains("{{"));
    match check.get("check").and_then(Value::as_str) {
        Some("read-back") => {
            let values = check.get_mut("values")?.as_object_mut()?;
            let names = |k: &str| {
                [
                    "/id",
                    "/userName",
                    "/displayName",
                    "/givenName",
                    "/familyName",
                ]
                .iter()
                .any(|n| k.ends_with(n))
            };
            // A lookup that found someone else's user: nothing about it is the replay's.
            if values
                .iter()
                .any(|(k, v)| k.starts_with("/Resources/") && names(k) && literal(v))
            {
                return None;
            }
            values.retain(|k, v| !(names(k) && literal(v)));
            (!values.is_empty()).then_some(check)
        }
        Some("members") => {
            let all = check.get("exactly")?.as_array()?;
            (!all.iter().any(literal)).then_some(check)
        }
        Some("filter-match") => (!check.get("id").is_some_and(literal)).then_some(check),
        _ => Some(check),
    }
}

/// True for a first page of `/Users` (no startIndex, or 1) that answered with one of the
/// users this flow created before it.
fn first_page_listing_own(item: &Item<'_>, i: usize, flow: &[usize], objects: &[Object]) -> bool {
    let first = page(item).is_none_or(|p| p.start == 1);
    let listed: Vec<&str> = item
        .response
        .as_ref()
        .and_then(|r| r.get("Resources"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|r| r.get("id").and_then(Value::as_str))
        .collect();
    item.shape == Shape::ListUsers
        && item.status == 200
        && first
        && objects.iter().any(|o| {
            o.created_by < i
                && flow.contains(&o.created_by)
                && o.id.as_deref().is_some_and(|id| listed.contains(&id))
        })
}

/// A page of a list read (`GET /Users?startIndex=101&count=100`): Okta's import pages.
#[derive(Debug, PartialEq, Eq)]
struct Page {
    path: String,
    start: u64,
    count: u64,
    /// The query's other parameters, and where startIndex and count stood among them.
    rest: Vec<String>,
}

fn page(item: &Item<'_>) -> Option<Page> {
    if !matches!(item.shape, Shape::ListUsers | Shape::ListGroups) || item.status != 200 {
        return None;
    }
    let (path, query) = item.rec.exchange.request.path.split_once('?')?;
    let (mut start, mut count) = (None, None);
    let mut rest = Vec::new();
    for kv in query.split('&') {
        match kv.split_once('=') {
            Some(("startIndex", v)) => {
                start = v.parse().ok();
                rest.push("startIndex".to_owned());
            }
            Some(("count", v)) => {
                count = v.parse().ok();
                rest.push("count".to_owned());
            }
            _ => rest.push(kv.to_owned()),
        }
    }
    Some(Page {
        path: path.to_owned(),
        start: start?,
        count: count.filter(|c| *c > 0)?,
        rest,
    })
}

/// The flow's steps: one per exchange, except that pages of one list read one after another
/// from the first (Okta's import) form one `paginate` step, so that a replay pages through
/// whatever its target holds; and writes of one shape to one resource that
/// were under way at the same time (Okta's concurrent membership PATCHes), answered alike,
/// form one step, sent at once again on replay.
fn races(flow: &[usize], items: &[Item<'_>]) -> Vec<Vec<usize>> {
    let end = |i: usize| {
        let e = &items[i].rec;
        e.at.checked_add(jiff::SignedDuration::from_millis(
            i64::try_from(e.exchange.elapsed_ms).unwrap_or(i64::MAX),
        ))
        .unwrap_or(e.at)
    };
    let mut out: Vec<Vec<usize>> = Vec::new();
    for &i in flow {
        let b = &items[i];
        if let Some(unit) = out.last_mut() {
            let a = &items[unit[0]];
            let last = &items[*unit.last().unwrap_or(&unit[0])];
            if let (Some(p), Some(q)) = (page(last), page(b))
                && page(a).is_some_and(|first| first.start == 1)
                && p.path == q.path
                && p.count == q.count
                && q.start == p.start + p.count
                && p.rest == q.rest
            {
                unit.push(i);
                continue;
            }
            let writes = matches!(
                a.shape,
                Shape::PatchGroup | Shape::PatchUser | Shape::ReplaceGroup | Shape::ReplaceUser
            );
            let alike = writes
                && a.shape == b.shape
                && a.status == b.status
                && a.rec.exchange.request.method == b.rec.exchange.request.method
                && a.rec.exchange.request.path == b.rec.exchange.request.path
                && a.body.is_some()
                && b.body.is_some()
                && a.shape
                    .expect(a.status, a.body.as_ref(), a.response.as_ref())
                    == b.shape
                        .expect(b.status, b.body.as_ref(), b.response.as_ref());
            let overlapping = unit.iter().any(|&j| b.rec.at < end(j));
            if alike && overlapping {
                unit.push(i);
                continue;
            }
        }
        out.push(vec![i]);
    }
    out
}

/// Splits the exchanges into flows: connected components of exchanges sharing an object; the
/// exchanges about no object (probes, discovery) form flows of their own, one per session
/// (a pause longer than `idle` starts a new one).
fn flows(session: &[usize], items: &[Item<'_>], idle: Duration) -> Vec<Vec<usize>> {
    let mut flows: Vec<(Vec<usize>, Vec<usize>)> = Vec::new(); // (objects, items)
    let mut loose: Vec<usize> = Vec::new();
    for &i in session {
        let objs = &items[i].objects;
        if objs.is_empty() {
            loose.push(i);
            continue;
        }
        let touching: Vec<usize> = flows
            .iter()
            .enumerate()
            .filter(|(_, (o, _))| o.iter().any(|x| objs.contains(x)))
            .map(|(k, _)| k)
            .collect();
        match touching.split_first() {
            None => flows.push((objs.clone(), vec![i])),
            Some((&first, rest)) => {
                for &k in rest.iter().rev() {
                    let (o, it) = flows.remove(k);
                    flows[first].0.extend(o);
                    flows[first].1.extend(it);
                }
                flows[first].0.extend(objs.iter().copied());
                flows[first].1.push(i);
                flows[first].1.sort_unstable();
            }
        }
    }
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for i in loose {
        if let Some(&last) = current.last() {
            let gap = items[i].rec.at.duration_since(items[last].rec.at);
            if gap.as_secs_f64() > idle.as_secs_f64() {
                out.push(std::mem::take(&mut current));
            }
        }
        current.push(i);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.extend(flows.into_iter().map(|(_, it)| it));
    out.sort_by_key(|f| f[0]);
    out
}

#[allow(clippy::too_many_arguments)]
fn scenario(
    n: usize,
    flow: &[usize],
    items: &[Item<'_>],
    objects: &[Object],
    left_out: usize,
    options: &WriteOptions,
    redactor: &Redactor,
) -> Written {
    let mut vars = Map::new();
    let mut passwords = 0;
    // A scenario that pages through a list runs alone (as the built-in imports do): other
    // scenarios' creates would move its pages and totals.
    let mut exclusive = false;
    let (mut deactivated, mut deleted) = (
        std::collections::BTreeSet::new(),
        std::collections::BTreeSet::new(),
    );
    let mut steps = Vec::new();
    let mut step_names: Vec<(usize, String)> = Vec::new();
    let mut features = Vec::new();
    for (k, unit) in races(flow, items).iter().enumerate() {
        let i = unit[0];
        let item = &items[i];
        let ex = &item.rec.exchange;
        // Only the values of the objects this step concerns: two users may share a surname.
        let concerned: std::collections::BTreeSet<usize> = unit
            .iter()
            .flat_map(|&j| items[j].objects.iter().copied())
            .collect();
        let subs = &substitutions(concerned.iter().map(|&o| &objects[o]));
        let name = format!("{:02}-{}", k + 1, item.shape.as_str());
        for &j in unit {
            step_names.push((j, name.clone()));
        }
        if let Some(f) = item.shape.feature(&ex.request.path) {
            features.push(f);
        }
        let (path, query) = match ex.request.path.split_once('?') {
            Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
            None => (ex.request.path.clone(), None),
        };
        let mut request = Map::new();
        request.insert("method".into(), json!(ex.request.method.as_str()));
        // A request without credentials is replayed without; one the server refused (401)
        // sent credentials that were not the session's token: the replay sends a bearer
        // value that is certainly wrong (the recorded one is masked, and may be a secret).
        let authorization = ex
            .request
            .headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("authorization"));
        if !authorization {
            request.insert("auth".into(), json!("none"));
        } else if item.status == 401 {
            request.insert(
                "auth".into(),
                json!({"literal": "Bearer {{run.prefix}}-not-the-token"}),
            );
        }
        let headers = written_headers(&ex.request.headers, ex.request.body.is_some());
        if !headers.is_empty() {
            request.insert("headers".into(), Value::Object(headers));
        }
        request.insert("path".into(), json!(rewrite_path(&path, subs)));
        let pages = (unit.len() > 1).then(|| page(item)).flatten();
        if let Some(p) = &pages {
            let query: Vec<String> = p
                .rest
                .iter()
                .map(|kv| match kv.as_str() {
                    "startIndex" => "startIndex={{page.startIndex}}".to_owned(),
                    "count" => "count={{page.count}}".to_owned(),
                    other => rewrite_query(other, subs),
                })
                .collect();
            request.insert("query".into(), json!(query.join("&")));
        } else if let Some(q) = query {
            request.insert("query".into(), json!(rewrite_query(&q, subs)));
        }
        let mut written_body = |b: &Value| {
            let mut body = rewrite(b, subs);
            let mut fresh = || {
                passwords += 1;
                let var = format!("pw{passwords}");
                vars.insert(var.clone(), json!({"kind": "user"}));
                format!("{{{{{var}.password}}}}")
            };
            fresh_passwords(&mut body, &mut fresh);
            if let Some(base) = &options.base_url {
                rebase(&mut body, base.trim_end_matches('/'));
            }
            body
        };
        let mut racing = None;
        if unit.len() > 1 && pages.is_none() {
            // Writes Okta sent at once to one resource: sent at once again, each body an item.
            let bodies: Vec<Value> = unit
                .iter()
                .filter_map(|&j| items[j].body.as_ref())
                .map(&mut written_body)
                .collect();
            racing = Some(json!({"items": bodies, "as": "write", "parallel": unit.len().min(64)}));
            request.insert("body".into(), json!("{{write}}"));
        } else if let Some(b) = &item.body {
            request.insert("body".into(), written_body(b));
        } else if let Some(raw) = &ex.request.body {
            request.insert("raw_body".into(), json!(raw));
        }
        let mut step = Map::new();
        step.insert("name".into(), json!(name));
        step.insert(
            "title".into(),
            json!(format!(
                "{} {} (recorded: answered {})",
                ex.request.method.as_str(),
                path.split('/').take(2).collect::<Vec<_>>().join("/"),
                item.status
            )),
        );
        if let Some(f) = item.shape.feature(&ex.request.path) {
            step.insert(
                "feature".into(),
                serde_json::to_value(f).unwrap_or(Value::Null),
            );
        }
        if let Some(fe) = racing {
            step.insert("for_each".into(), fe);
        }
        if let Some(p) = &pages {
            exclusive = true;
            step.insert(
                "paginate".into(),
                json!({"count": p.count, "max_pages": 1000}),
            );
        }
        step.insert("request".into(), Value::Object(request));
        // Needs: the creates of the objects this step uses, when they are earlier steps.
        let mut needs: Vec<String> = concerned
            .iter()
            .filter_map(|&o| {
                let by = objects[o].created_by;
                (!unit.contains(&by))
                    .then(|| {
                        step_names
                            .iter()
                            .find(|(j, _)| *j == by)
                            .map(|(_, s)| s.clone())
                    })
                    .flatten()
            })
            .collect();
        needs.sort();
        needs.dedup();
        if !needs.is_empty() {
            step.insert("needs".into(), json!(needs));
        }
        if let Some(o) = objects.iter().find(|o| o.created_by == i) {
            vars.insert(
                o.var.clone(),
                json!({"kind": if o.kind == ResourceKind::User { "user" } else { "group" }}),
            );
            let mut capture = Map::new();
            capture.insert(format!("{}_id", o.var), json!({"json": "/id"}));
            step.insert("capture".into(), Value::Object(capture));
            let name = if o.kind == ResourceKind::User {
                format!("{{{{{}.userName}}}}", o.var)
            } else {
                format!("{{{{{}.displayName}}}}", o.var)
            };
            step.insert(
                "creates".into(),
                json!({"kind": if o.kind == ResourceKind::User { "User" } else { "Group" }, "name": name}),
            );
        }
        let mut expect = item
            .shape
            .expect(item.status, item.body.as_ref(), item.response.as_ref());
        if pages.is_some() {
            // Every page is a list, none holds more than asked, the total is right, and the
            // flow's own objects that the pages listed appear exactly once (what a first
            // page's user holds is not asked of every page).
            expect.retain(|c| c["check"] != "not-empty");
            expect.push(json!({"check": "paging-count"}));
            expect.push(json!({"check": "paging-total"}));
            let listed: std::collections::BTreeSet<&str> = unit
                .iter()
                .filter_map(|&j| items[j].response.as_ref())
                .filter_map(|r| r.get("Resources").and_then(Value::as_array))
                .flatten()
                .filter_map(|r| r.get("id").and_then(Value::as_str))
                .collect();
            let own: Vec<String> = objects
                .iter()
                .filter(|o| flow.contains(&o.created_by))
                .filter(|o| o.id.as_deref().is_some_and(|id| listed.contains(id)))
                .map(|o| format!("{{{{{}_id}}}}", o.var))
                .collect();
            if !own.is_empty() {
                expect.push(json!({"check": "paging-complete", "own": own}));
            }
        }
        // A first page of users that listed one of this flow's own users (created before it):
        // Okta's SPEC test reads the first listed user's fields, and a replay's page is sure
        // to hold a user.
        if pages.is_none() && first_page_listing_own(item, i, flow, objects) {
            let present = super::shape::present(item.response.as_ref(), "/Resources/0");
            if !present.is_empty() {
                expect.push(json!({"check": "not-empty", "pointers": present}));
            }
        }
        let addressed = ex
            .request
            .path
            .split('?')
            .next()
            .unwrap_or_default()
            .to_owned();
        match (ex.request.method, item.status) {
            // A read after the session deactivated the user: Okta's deactivation is soft.
            (crate::http::Method::Get, 200) if deactivated.contains(&addressed) => {
                expect.insert(0, json!({"check": "deactivate-keeps-user"}));
            }
            // A read after the session deleted the object: it is gone, not unknown.
            (crate::http::Method::Get, 404) if deleted.contains(&addressed) => {
                for c in expect.iter_mut() {
                    if c["check"] == "unknown-id-404" {
                        *c = json!({"check": "deleted-404"});
                    }
                }
            }
            _ => {}
        }
        match item.shape {
            Shape::DeactivateUser => {
                deactivated.insert(addressed);
            }
            // Okta's PUT deactivation (an app that does not take PATCH) sets active false.
            Shape::ReplaceUser
                if item
                    .body
                    .as_ref()
                    .and_then(|b| b.get("active"))
                    .is_some_and(|a| a == &Value::Bool(false)) =>
            {
                deactivated.insert(addressed);
            }
            Shape::ReactivateUser => {
                deactivated.remove(&addressed);
            }
            Shape::DeleteUser | Shape::DeleteGroup if item.status < 300 => {
                deleted.insert(addressed);
            }
            _ => {}
        }
        let expect: Vec<Value> = expect
            .iter()
            .map(|c| rewrite(c, subs))
            .filter_map(replayable)
            .collect();
        step.insert("expect".into(), Value::Array(expect));
        steps.push(Value::Object(step));
    }
    // An object used but created in no step of this flow (a lookup's probe; a create in
    // another flow cannot happen after `flows`), and the variables of the values a write set
    // on an object: a variable must exist for every template, so declare them.
    for item in flow.iter().map(|&i| &items[i]) {
        for &o in &item.objects {
            let ob = &objects[o];
            let kind = if ob.kind == ResourceKind::User {
                "user"
            } else {
                "group"
            };
            for (_, template) in &ob.values {
                let var = template
                    .trim_start_matches("{{")
                    .split(['.', '|', '}'])
                    .next()
                    .unwrap_or_default();
                if !var.is_empty() {
                    vars.entry(var.to_owned())
                        .or_insert_with(|| json!({"kind": kind}));
                }
            }
            vars.entry(ob.var.clone())
                .or_insert_with(|| json!({"kind": kind}));
        }
    }
    let main_feature = features
        .iter()
        .copied()
        .find(|f| *f != crate::feature::OktaFeature::TestApiCredentials)
        .or(features.first().copied());
    let first = &items[flow[0]];
    let slug = format!("{:02}-{}", n, first.shape.as_str());
    let mut description = format!(
        "Recorded {} exchange(s) starting {}.",
        flow.len(),
        first.rec.at
    );
    if left_out > 0 {
        description.push_str(&format!(
            " {left_out} exchange(s) of the recording concerned objects the session did not create (someone else's) and were left out of every scenario."
        ));
    }
    let mut doc = Map::new();
    doc.insert(
        "title".into(),
        json!(format!("Recorded flow {n}: {}", first.shape.as_str())),
    );
    doc.insert("description".into(), json!(description));
    doc.insert("source".into(), json!(options.source));
    let mut tags = vec!["okta", "recorded"];
    if exclusive {
        tags.push("exclusive");
    }
    doc.insert("tags".into(), json!(tags));
    if let Some(f) = main_feature {
        doc.insert(
            "feature".into(),
            serde_json::to_value(f).unwrap_or(Value::Null),
        );
    }
    if !vars.is_empty() {
        doc.insert("vars".into(), Value::Object(vars));
    }
    let count = steps.len();
    doc.insert("steps".into(), Value::Array(steps));
    let yaml = serde_saphyr::to_string(&Value::Object(doc)).unwrap_or_default();
    Written {
        file: format!("{slug}.yaml"),
        yaml: redactor.redact(&yaml),
        steps: count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::{Method, SentRequest};
    use crate::runner::Exchange;

    fn rec(
        secs: i64,
        method: Method,
        path: &str,
        body: Option<Value>,
        status: u16,
        response: Option<Value>,
    ) -> Recorded {
        Recorded {
            at: jiff::Timestamp::from_second(1_800_000_000 + secs).unwrap(),
            exchange: Exchange {
                request: SentRequest {
                    method,
                    path: path.to_owned(),
                    headers: vec![("authorization".into(), "Bearer ***".into())],
                    body: body.map(|b| b.to_string()),
                },
                status: Some(status),
                response_headers: Vec::new(),
                response_body: response.map(|r| r.to_string()),
                transport_error: None,
                elapsed_ms: 3,
            },
        }
    }

    #[test]
    fn ids_names_and_passwords_become_variables_and_captures() {
        let user = json!({"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "jane@acme.test", "name": {"givenName": "Jane", "familyName": "Roe"},
            "emails": [{"value": "jane@acme.test", "primary": true}], "password": "Hunter2!x", "active": true});
        let group = json!({"displayName": "Acme Sales", "members": []});
        let session = vec![
            rec(
                0,
                Method::Get,
                "/Users?filter=userName%20eq%20%22jane%40acme.test%22&startIndex=1&count=100",
                None,
                200,
                Some(json!({"totalResults": 0, "Resources": []})),
            ),
            rec(
                1,
                Method::Post,
                "/Users",
                Some(user),
                201,
                Some(json!({"id": "7f3a", "userName": "jane@acme.test"})),
            ),
            rec(
                2,
                Method::Post,
                "/Groups",
                Some(group),
                201,
                Some(json!({"id": "g-9"})),
            ),
            rec(
                3,
                Method::Patch,
                "/Groups/g-9",
                Some(
                    json!({"Operations": [{"op": "add", "path": "members", "value": [{"value": "7f3a", "$ref": "https://x/scim/v2/Users/7f3a"}]}]}),
                ),
                204,
                None,
            ),
            rec(
                4,
                Method::Patch,
                "/Users/7f3a",
                Some(json!({"Operations": [{"op": "replace", "value": {"active": false}}]})),
                200,
                None,
            ),
            rec(
                5,
                Method::Get,
                "/Users/someone-else",
                None,
                200,
                Some(json!({"id": "someone-else"})),
            ),
        ];
        let out = write(
            &session,
            &WriteOptions::default(),
            &Redactor::new(std::iter::empty()),
        );
        assert_eq!(out.len(), 1, "{out:#?}");
        let y = &out[0].yaml;
        for want in [
            "filter=userName%20eq%20%22{{u1.userName|url}}%22",
            "userName: \"{{u1.userName}}\"",
            "password: \"{{u1.password}}\"",
            "u1_id:",
            "path: /Groups/{{g1_id}}",
            "value: \"{{u1_id}}\"",
            "$ref: https://x/scim/v2/Users/{{u1_id}}",
            "path: /Users/{{u1_id}}",
            "kind: User",
            "check: create-201",
            "check: filter-no-match",
            "were left",
        ] {
            assert!(y.contains(want), "missing {want:?} in:\n{y}");
        }
        for gone in [
            "jane@acme.test",
            "Hunter2!x",
            "7f3a",
            "g-9",
            "someone-else",
            "Acme Sales",
        ] {
            assert!(!y.contains(gone), "{gone} survived:\n{y}");
        }
        crate::scenario::parse_scenario("recorded/01", "01.yaml", y).expect("a valid scenario");
    }

    fn with_headers(mut r: Recorded, headers: &[(&str, &str)]) -> Recorded {
        r.exchange.request.headers = headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        r
    }

    fn at_ms(mut r: Recorded, ms: i64, elapsed_ms: u64) -> Recorded {
        r.at = jiff::Timestamp::from_millisecond(1_800_000_000_000 + ms).unwrap();
        r.exchange.elapsed_ms = elapsed_ms;
        r
    }

    #[test]
    fn a_replay_sends_what_okta_sent_racing_writes_at_once_and_new_values_fresh() {
        let user = json!({"userName": "kim@acme.test", "name": {"givenName": "Kim", "familyName": "Lee"}, "password": "Old-pass-1"});
        let add = |id: &str| json!({"Operations": [{"op": "add", "path": "members", "value": [{"value": id}]}]});
        let bearer = ("authorization", "Bearer ***");
        let session = vec![
            at_ms(
                rec(
                    0,
                    Method::Post,
                    "/Users",
                    Some(user.clone()),
                    201,
                    Some(json!({"id": "u-1"})),
                ),
                0,
                5,
            ),
            at_ms(
                rec(
                    0,
                    Method::Post,
                    "/Users",
                    Some(json!({"userName": "max@acme.test"})),
                    201,
                    Some(json!({"id": "u-2"})),
                ),
                10,
                5,
            ),
            at_ms(
                rec(
                    0,
                    Method::Post,
                    "/Groups",
                    Some(json!({"displayName": "Acme Ops"})),
                    201,
                    Some(json!({"id": "g-1"})),
                ),
                20,
                5,
            ),
            // Two membership PATCHes under way at once, then a rename after they ended.
            at_ms(
                rec(0, Method::Patch, "/Groups/g-1", Some(add("u-1")), 204, None),
                30,
                50,
            ),
            at_ms(
                rec(0, Method::Patch, "/Groups/g-1", Some(add("u-2")), 204, None),
                40,
                50,
            ),
            at_ms(
                rec(
                    0,
                    Method::Patch,
                    "/Groups/g-1",
                    Some(
                        json!({"Operations": [{"op": "replace", "path": "displayName", "value": "Acme Ops EU"}]}),
                    ),
                    204,
                    None,
                ),
                200,
                5,
            ),
            // A profile change (Okta's PUT is the GET body back, with its meta.location).
            at_ms(
                with_headers(
                    rec(
                        0,
                        Method::Put,
                        "/Users/u-1",
                        Some(
                            json!({"userName": "kim@acme.test", "name": {"givenName": "Kimberly", "familyName": "Lee"},
                            "meta": {"location": "https://app.test/scim/v2/Users/u-1"}}),
                        ),
                        200,
                        Some(json!({"id": "u-1"})),
                    ),
                    &[
                        bearer,
                        ("content-type", "application/json"),
                        ("x-api-key", "k-123"),
                        ("x-db-password", "pw-9"),
                        ("x-tenant", "acme"),
                    ],
                ),
                300,
                5,
            ),
            at_ms(
                rec(
                    0,
                    Method::Get,
                    "/Users/u-1",
                    None,
                    200,
                    Some(json!({"id": "u-1", "name": {"givenName": "Kimberly"}})),
                ),
                310,
                5,
            ),
            // A password change, a probe for a name nobody has, a refused credential, and
            // scimgate's own ownership read (not Okta's).
            at_ms(
                rec(
                    0,
                    Method::Patch,
                    "/Users/u-1",
                    Some(
                        json!({"Operations": [{"op": "replace", "path": "password", "value": "New-pass-2"}]}),
                    ),
                    204,
                    None,
                ),
                320,
                5,
            ),
            at_ms(
                rec(
                    0,
                    Method::Get,
                    "/Users?filter=userName%20eq%20%22nobody%40acme.test%22",
                    None,
                    200,
                    Some(json!({"totalResults": 0, "Resources": []})),
                ),
                330,
                5,
            ),
            at_ms(
                rec(
                    0,
                    Method::Get,
                    "/Users?startIndex=1&count=2",
                    None,
                    401,
                    None,
                ),
                340,
                5,
            ),
            at_ms(
                with_headers(
                    rec(
                        0,
                        Method::Get,
                        "/Users/u-1",
                        None,
                        200,
                        Some(json!({"id": "u-1"})),
                    ),
                    &[bearer, (crate::http::BOOKKEEPING_HEADER, "ownership")],
                ),
                350,
                5,
            ),
        ];
        let options = WriteOptions {
            base_url: Some("https://app.test/scim/v2/".to_owned()),
            ..WriteOptions::default()
        };
        let out = write(&session, &options, &Redactor::new(std::iter::empty()));
        let all: String = out.iter().map(|w| w.yaml.as_str()).collect();
        for want in [
            "parallel: 2",
            "value: \"{{u1_id}}\"",
            "value: \"{{u2_id}}\"",
            "body: \"{{write}}\"",
            "value: \"{{v1.displayName}}\"",
            "givenName: \"{{v2.givenName}}\"",
            "location: \"{{target.base_url}}/Users/{{u1_id}}\"",
            "content-type: application/json",
            "x-tenant: acme",
            "value: \"{{pw1.password}}\"",
            "{{p1.userName|url}}",
            "literal: Bearer {{run.prefix}}-not-the-token",
        ] {
            assert!(all.contains(want), "missing {want:?} in:\n{all}");
        }
        for gone in [
            "Acme Ops EU",
            "Kimberly",
            "New-pass-2",
            "Old-pass-1",
            "nobody",
            "k-123",
            "x-api-key",
            "pw-9",
            "ownership",
        ] {
            assert!(!all.contains(gone), "{gone} survived:\n{all}");
        }
        // The racing PATCHes are one step; the rename after them is its own.
        let steps: usize = out.iter().map(|w| w.steps).sum();
        assert_eq!(steps, session.len() - 2, "{all}");
        for w in &out {
            crate::scenario::parse_scenario("recorded/x", &w.file, &w.yaml)
                .unwrap_or_else(|e| panic!("{e}\n{}", w.yaml));
        }
    }

    #[test]
    fn idle_gaps_and_unrelated_objects_make_separate_scenarios() {
        let a = json!({"userName": "a@x.test"});
        let b = json!({"userName": "b@x.test"});
        let session = vec![
            rec(
                0,
                Method::Get,
                "/Users?startIndex=1&count=2",
                None,
                200,
                Some(json!({"totalResults": 0, "Resources": []})),
            ),
            rec(
                1,
                Method::Post,
                "/Users",
                Some(a),
                201,
                Some(json!({"id": "1"})),
            ),
            rec(
                2,
                Method::Post,
                "/Users",
                Some(b),
                201,
                Some(json!({"id": "2"})),
            ),
            rec(
                100,
                Method::Get,
                "/Users/1",
                None,
                200,
                Some(json!({"id": "1"})),
            ),
            rec(
                101,
                Method::Get,
                "/Users?startIndex=1&count=2",
                None,
                200,
                Some(json!({"totalResults": 0, "Resources": []})),
            ),
        ];
        let out = write(
            &session,
            &WriteOptions::default(),
            &Redactor::new(std::iter::empty()),
        );
        // A page of everyone is judged and shown as the built-in f01 and f09 pages are
        // (snapshots drop the resources a scenario did not create); not withheld.
        assert!(!out[0].yaml.contains("reads_others"), "{}", out[0].yaml);
        let steps: Vec<usize> = out.iter().map(|w| w.steps).collect();
        // The probe; user a (its create and, after a pause, its read); user b; the late probe.
        assert_eq!(steps, [1, 2, 1, 1], "{out:#?}");
        assert_eq!(
            replace_token("Resource 13 not found", "13", "X", false),
            "Resource X not found"
        );
        assert_eq!(
            replace_token("2013 and 130", "13", "X", false),
            "2013 and 130"
        );
        assert_eq!(replace_token("%22a%40b%22", "a%40b", "X", true), "%22X%22");
    }
}
