//! The normalised transcript of a scenario run: every request and response as text, with
//! volatile values replaced by stable placeholders that keep identity, so that two runs of a
//! deterministic server give byte-identical transcripts whatever the seed, port or clock.
//!
//! ```text
//! ## create: Okta creates the user with its default-mapping body
//! > POST /Users
//! > content-type: application/scim+json; charset=utf-8
//! {"active": true, "userName": "[alice.userName]", ...}
//! < 201
//! < location: [base]/Users/[user-1]
//! ```
//!
//! What is replaced: server-assigned ids of objects the scenario created (`[user-1]`,
//! `[group-1]`, in creation order); generated values (`[alice.userName]`, also upper-cased and
//! URL-encoded); the run prefix (`[prefix]`); the base URL (`[base]`); timestamps
//! (`[timestamp]`); versions and ETags (`[version]`). Resources the scenario did not create are
//! dropped from list bodies (their counters become `[n]`), so other data on a shared target
//! neither leaks into snapshots nor causes drift. Object keys are sorted; arrays keep their
//! order, except `schemas` (RFC 7643 §3: order does not matter), `members` and `groups` (sets
//! of references, RFC 7643 §4.1.2, §4.2), which are sorted. A step that pages through a list
//! shows each page with a count of the scenario's own resources on it, and lists them once,
//! sorted, after the last page: which page holds which of many concurrently created users is
//! the server's order, not behaviour to compare.

use super::text::{redact_times, replace_token};
use crate::runner::{Exchange, RunReport, ScenarioResult};
use crate::template::{VarSet, render_str};
use serde_json::Value;
use std::collections::BTreeMap;

/// Response headers kept in transcripts.
const KEEP_RESPONSE: &[&str] = &[
    "content-type",
    "location",
    "etag",
    "www-authenticate",
    "retry-after",
];
/// Request headers kept in transcripts (besides method and path).
const KEEP_REQUEST: &[&str] = &["content-type", "authorization"];
/// The `Accept` every request sends unless its step says otherwise; only another one is shown.
const DEFAULT_ACCEPT: &str = "application/scim+json";

/// String replacements for one scenario, longest needle first.
struct Normalizer {
    needles: Vec<(String, String)>,
    /// Needle indices by their first byte, longest first.
    by_first: std::collections::HashMap<u8, Vec<usize>>,
    /// Ids too short to replace as substrings (`"7"`): replaced only as whole tokens.
    short: Vec<(String, String)>,
    ours: Vec<String>,
}

/// Ids shorter than this are replaced only as whole tokens (see [`replace_token`]).
const SHORT_ID: usize = 3;

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    match v {
        Value::String(s) if s.len() >= 3 => out.push((prefix.to_owned(), s.clone())),
        Value::Object(m) => m
            .iter()
            .for_each(|(k, v)| flatten(&format!("{prefix}.{k}"), v, out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, v)| flatten(&format!("{prefix}.{i}"), v, out)),
        _ => {}
    }
}

fn kind_prefix(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    if lower.starts_with("/users") {
        Some("user")
    } else if lower.starts_with("/groups") {
        Some("group")
    } else {
        None
    }
}

/// The resources a BulkResponse reports as created: the kind and id from each POST result's
/// `location` (`…/Users/<id>`), in the order reported.
fn bulk_created(body: Option<&str>) -> Vec<(&'static str, String)> {
    let body: Option<Value> = body.and_then(|b| serde_json::from_str(b).ok());
    let results = body
        .as_ref()
        .and_then(|b| crate::check::pointer_ci(b, "/Operations"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    results
        .iter()
        .filter(|r| {
            crate::check::pointer_ci(r, "/method")
                .and_then(Value::as_str)
                .is_some_and(|m| m.eq_ignore_ascii_case("POST"))
        })
        .filter_map(|r| crate::check::pointer_ci(r, "/location").and_then(Value::as_str))
        .filter_map(|l| {
            let mut segs = l.trim_end_matches('/').rsplit('/');
            let id = segs.next()?;
            let kind = kind_prefix(&format!("/{}", segs.next()?))?;
            (id.len() >= 3).then(|| (kind, id.to_owned()))
        })
        .collect()
}

impl Normalizer {
    fn new(report: &RunReport, scenario: &ScenarioResult) -> Self {
        let mut needles: Vec<(String, String)> = Vec::new();
        let mut short: Vec<(String, String)> = Vec::new();
        // Ids of created objects, in creation order.
        let mut counters: BTreeMap<&str, usize> = BTreeMap::new();
        let mut ours = Vec::new();
        for e in scenario.steps.iter().flat_map(|s| &s.exchanges) {
            let created = e.request.method == crate::http::Method::Post
                && e.status.is_some_and(|s| (200..300).contains(&s));
            if created && e.request.path.eq_ignore_ascii_case("/bulk") {
                for (kind, id) in bulk_created(e.response_body.as_deref()) {
                    if !ours.contains(&id) {
                        let n = counters.entry(kind).or_insert(0);
                        *n += 1;
                        needles.push((id.clone(), format!("[{kind}-{n}]")));
                        ours.push(id);
                    }
                }
                continue;
            }
            let Some(kind) = kind_prefix(&e.request.path)
                .filter(|_| created && !e.request.path.contains("/.search"))
            else {
                continue;
            };
            let body: Option<Value> = e
                .response_body
                .as_deref()
                .and_then(|b| serde_json::from_str(b).ok());
            let from_body = body
                .as_ref()
                .and_then(|b| crate::check::pointer_ci(b, "/id"))
                .and_then(Value::as_str)
                .map(str::to_owned);
            let from_location = e
                .response_headers
                .iter()
                .find(|(n, _)| n == "location")
                .and_then(|(_, v)| v.rsplit('/').next())
                .map(str::to_owned);
            for id in [from_body, from_location]
                .into_iter()
                .flatten()
                .filter(|i| !i.is_empty())
            {
                if !ours.contains(&id) {
                    let n = counters.entry(kind).or_insert(0);
                    *n += 1;
                    let pair = (id.clone(), format!("[{kind}-{n}]"));
                    // Small numbers (`7`, `101`) are also counts and startIndexes.
                    let numeric = id.len() < 8 && id.bytes().all(|b| b.is_ascii_digit());
                    if id.len() < SHORT_ID || numeric {
                        short.push(pair);
                    } else {
                        needles.push(pair);
                    }
                    ours.push(id);
                }
            }
        }
        // Generated values, in the forms scenarios send them.
        let mut vars = VarSet::default();
        let mut flat = Vec::new();
        for (name, v) in &scenario.generated {
            flatten(name, v, &mut flat);
            vars.set(name.clone(), v.clone());
        }
        for (path, value) in flat {
            for (filter, label) in [
                ("", ""),
                ("|url", "|url"),
                ("|form", "|form"),
                ("|upper", "|upper"),
                ("|upper|url", "|upper|url"),
            ] {
                if let Ok(form) = render_str(&format!("{{{{{path}{filter}}}}}"), &vars)
                    && (form != value || filter.is_empty())
                {
                    needles.push((form, format!("[{path}{label}]")));
                }
            }
        }
        let base = report.target.trim_end_matches('/').to_owned();
        needles.push((base.clone(), "[base]".to_owned()));
        if let Ok(u) = url::Url::parse(&base)
            && let Some(host) = u.host_str()
        {
            let hp = u.port().map_or(host.to_owned(), |p| format!("{host}:{p}"));
            needles.push((hp, "[host]".to_owned()));
        }
        needles.push((report.run_prefix.clone(), "[prefix]".to_owned()));
        // Scenarios may send the prefix upper-cased (caseExact=false probes).
        needles.push((report.run_prefix.to_uppercase(), "[PREFIX]".to_owned()));
        needles.retain(|(n, _)| !n.is_empty());
        // Two generated values may be the same text (a userName that is also the email, for
        // some seeds and not others): the userName label wins, whatever the seed.
        let rank = |label: &str| usize::from(!label.contains("userName"));
        needles.sort_by(|a, b| {
            b.0.len()
                .cmp(&a.0.len())
                .then_with(|| a.0.cmp(&b.0))
                .then_with(|| rank(&a.1).cmp(&rank(&b.1)))
        });
        needles.dedup_by(|a, b| a.0 == b.0);
        let mut by_first: std::collections::HashMap<u8, Vec<usize>> =
            std::collections::HashMap::new();
        for (k, (n, _)) in needles.iter().enumerate() {
            by_first.entry(n.as_bytes()[0]).or_default().push(k);
        }
        Self {
            needles,
            by_first,
            short,
            ours,
        }
    }

    /// Replaces the needles in one pass, longest first at each position (a placeholder just
    /// written is never searched again). A needle of letters only (a generated name such as
    /// `Ann`) matches only as a whole word, not inside `Annabel` or `givenName`.
    fn text(&self, s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = String::with_capacity(s.len());
        let mut i = 0;
        let letter = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphabetic);
        'scan: while i < s.len() {
            if let Some(candidates) = self.by_first.get(&bytes[i]) {
                for &k in candidates {
                    let (n, p) = &self.needles[k];
                    if s[i..].starts_with(n.as_str()) {
                        let word = n.bytes().all(|b| b.is_ascii_alphabetic());
                        let end = i + n.len();
                        if word
                            && (letter(i.checked_sub(1).and_then(|j| bytes.get(j)))
                                || letter(bytes.get(end)))
                        {
                            continue;
                        }
                        out.push_str(p);
                        i = end;
                        continue 'scan;
                    }
                }
            }
            let ch = s[i..].chars().next().unwrap_or_default();
            out.push(ch);
            i += ch.len_utf8().max(1);
        }
        for (id, p) in &self.short {
            if out.contains(id.as_str()) {
                out = replace_token(&out, id, p);
            }
        }
        redact_times(&out)
    }

    fn value(&self, v: &Value, key: Option<&str>) -> Value {
        match v {
            Value::String(s) => {
                let lower = key.map(str::to_ascii_lowercase);
                match lower.as_deref() {
                    Some("version") => Value::String("[version]".into()),
                    Some("created" | "lastmodified") => Value::String("[timestamp]".into()),
                    _ => Value::String(self.text(s)),
                }
            }
            Value::Array(a) => {
                let lower = key.map(str::to_ascii_lowercase);
                let mut items: Vec<Value> = a.iter().map(|x| self.value(x, None)).collect();
                if lower.as_deref() == Some("resources") {
                    items = self.only_ours(a);
                }
                if matches!(lower.as_deref(), Some("schemas" | "members" | "groups")) {
                    items.sort_by_key(|x| x.to_string());
                }
                Value::Array(items)
            }
            Value::Object(m) => {
                let mut out = serde_json::Map::new();
                let foreign = m.iter().any(|(k, v)| {
                    k.eq_ignore_ascii_case("resources")
                        && v.as_array()
                            .is_some_and(|a| self.only_ours(a).len() != a.len())
                });
                for (k, v) in m {
                    let is_counter =
                        ["totalresults", "itemsperpage"].contains(&k.to_ascii_lowercase().as_str());
                    let nv = if foreign && is_counter {
                        Value::String("[n]".into())
                    } else {
                        self.value(v, Some(k))
                    };
                    out.insert(self.text(k), nv);
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    /// List resources created by this scenario, normalised; others are dropped.
    fn only_ours(&self, items: &[Value]) -> Vec<Value> {
        items
            .iter()
            .filter(|r| {
                crate::check::pointer_ci(r, "/id")
                    .and_then(Value::as_str)
                    .is_some_and(|id| self.ours.iter().any(|o| o == id))
            })
            .map(|r| self.value(r, None))
            .collect()
    }

    fn body(&self, raw: &str) -> String {
        match serde_json::from_str::<Value>(raw) {
            Ok(v) => serde_json::to_string_pretty(&self.value(&v, None)).unwrap_or_default(),
            Err(_) => self.text(raw),
        }
    }

    fn exchange(&self, e: &Exchange, out: &mut String) {
        let mut path = self.text(&e.request.path);
        // A read of whichever resource the server lists first: which one that is, and whether
        // it still exists when read, depends on what else the target holds (other scenarios'
        // users come and go), not on the server's behaviour. Only the request is compared.
        let withheld = e.response_body.as_deref() == Some(crate::runner::WITHHELD);
        if withheld {
            path = listed_id(&path);
        }
        out.push_str(&format!("> {} {path}\n", e.request.method.as_str()));
        for (n, v) in &e.request.headers {
            if KEEP_REQUEST.contains(&n.as_str()) || (n == "accept" && v != DEFAULT_ACCEPT) {
                out.push_str(&format!("> {n}: {}\n", self.text(v)));
            }
        }
        if let Some(b) = &e.request.body {
            out.push_str(&self.body(b));
            out.push('\n');
        }
        match (e.status, &e.transport_error) {
            (Some(_), _) if withheld => out.push_str(&format!("< {}\n", crate::runner::WITHHELD)),
            (Some(s), _) => {
                out.push_str(&format!("< {s}\n"));
                let mut hs: Vec<&(String, String)> = e
                    .response_headers
                    .iter()
                    .filter(|(n, _)| KEEP_RESPONSE.contains(&n.as_str()))
                    .collect();
                hs.sort();
                for (n, v) in hs {
                    let v = if n == "etag" {
                        "[version]".to_owned()
                    } else {
                        self.text(v)
                    };
                    out.push_str(&format!("< {n}: {v}\n"));
                }
                if let Some(b) = &e.response_body {
                    out.push_str(&self.body(b));
                    out.push('\n');
                }
            }
            (None, Some(err)) => out.push_str(&format!("< (no answer: {})\n", self.text(err))),
            (None, None) => out.push_str("< (no answer)\n"),
        }
    }
}

/// `/Users/{id}` becomes `/Users/[listed]` (also when the listed resource was one of the
/// run's own: which one comes first varies); other paths are unchanged.
fn listed_id(path: &str) -> String {
    let (route, query) = path
        .split_once('?')
        .map_or((path, None), |(r, q)| (r, Some(q)));
    let segs: Vec<&str> = route.split('/').collect();
    let n = segs.len();
    if n < 2
        || segs[n - 1].is_empty()
        || !["users", "groups"].contains(&segs[n - 2].to_ascii_lowercase().as_str())
    {
        return path.to_owned();
    }
    let mut out = segs[..n - 1].join("/");
    out.push_str("/[listed]");
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

/// True for a step that paged through a list (several GETs moving `startIndex`): the order in
/// which the server lists resources created concurrently, and so which page holds which, is
/// not behaviour a snapshot should compare (`paging-complete` judges the paging itself).
fn paged(exchanges: &[Exchange]) -> bool {
    exchanges.len() > 1
        && exchanges.iter().all(|e| {
            e.request.method == crate::http::Method::Get && e.request.path.contains("startIndex=")
        })
}

impl Normalizer {
    /// A page of a paged step: its own resources are counted here and listed once, sorted,
    /// after the last page.
    fn page(&self, e: &Exchange, labels: &mut Vec<String>, out: &mut String) {
        let mut shown = e.clone();
        if let Some(body) = e
            .response_body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
        {
            let resources = crate::check::pointer_ci(&body, "/Resources")
                .and_then(Value::as_array)
                .map(|a| self.only_ours(a))
                .unwrap_or_default();
            for r in &resources {
                let id = crate::check::pointer_ci(r, "/id")
                    .and_then(Value::as_str)
                    .unwrap_or("(no id)");
                labels.push(id.to_owned());
            }
            let mut v = body.clone();
            if let Some(m) = v.as_object_mut()
                && let Some(key) = m
                    .keys()
                    .find(|k| k.eq_ignore_ascii_case("resources"))
                    .cloned()
            {
                let count = resources.len();
                m.insert(
                    key,
                    Value::String(format!("[{count} of the scenario's own]")),
                );
            }
            shown.response_body = Some(v.to_string());
        }
        self.exchange(&shown, out);
    }
}

/// The transcript of one scenario: a header, then one `## step` section per step.
pub fn transcript(report: &RunReport, scenario: &ScenarioResult) -> String {
    let n = Normalizer::new(report, scenario);
    let mut out = format!("# {}: {}\n", scenario.id, scenario.title);
    for step in &scenario.steps {
        out.push_str(&format!("\n## {}: {}\n", step.name, step.title));
        if step.exchanges.is_empty() {
            out.push_str(&format!("(not run: {})\n", step.verdict.as_str()));
        }
        if paged(&step.exchanges) {
            let mut labels = Vec::new();
            for e in &step.exchanges {
                n.page(e, &mut labels, &mut out);
            }
            labels.sort_by_key(|l| (l.len(), l.clone()));
            out.push_str(&format!(
                "(the scenario's own resources across the pages, sorted: {})\n",
                labels.join(", ")
            ));
            continue;
        }
        let racing = racing_writes(&step.exchanges);
        for e in &step.exchanges {
            if racing {
                // Each answer shows the resource as the writes that won the race so far left
                // it: which those were is timing, not behaviour (the read after judges).
                let mut shown = e.clone();
                if shown.response_body.is_some() {
                    shown.response_body = Some(RACED.to_owned());
                }
                n.exchange(&shown, &mut out);
            } else {
                n.exchange(e, &mut out);
            }
        }
    }
    out
}

/// What a transcript shows for the answer of one of several writes raced on one resource.
const RACED: &str =
    "\"(a write raced against others on the same resource: its answer is not compared)\"";

/// True for a step of several PUTs or PATCHes to one path (sent at once: F15's chunks).
fn racing_writes(exchanges: &[Exchange]) -> bool {
    use crate::http::Method;
    exchanges.len() > 1
        && exchanges
            .iter()
            .all(|e| matches!(e.request.method, Method::Patch | Method::Put))
        && exchanges
            .iter()
            .all(|e| e.request.path == exchanges[0].request.path)
}

/// Splits a transcript into (step name, section text), the header first as `""`.
pub fn sections(transcript: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = vec![(String::new(), String::new())];
    for line in transcript.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("## ") {
            let name = rest.split(':').next().unwrap_or("").trim().to_owned();
            out.push((name, String::new()));
        }
        if let Some(last) = out.last_mut() {
            last.1.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_split_on_step_headers() {
        let s = sections("# x: t\n\n## one: a\n> GET /\n\n## two: b\n< 200\n");
        assert_eq!(
            s.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            vec!["", "one", "two"]
        );
        assert!(s[2].1.contains("< 200"));
    }
}
