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
//! (`[timestamp]`); versions and ETags (`[version]`).
//!
//! An id is replaced wherever it stands alone as a token, inside text too (`"detail": "User
//! [user-1] not found"`, a `Location`, `$ref` or `meta.location` URL), not only where it is a
//! whole JSON value: a server that quotes its ids in prose would otherwise drift with every
//! run, its ids being new each time. Only the ids this scenario's creates were answered with
//! are replaced, and only as tokens, never inside `2013` or `130`; a small number (`13`) is
//! also a count or a version, and is an id only between the marks ids stand between
//! (`/Users/13`, `"13"`, `Group 13 not found`, not `count=13` or `2.0`; see
//! [`super::text::is_token`]).
//!
//! A generated value is labelled by its role, the variable that produced it
//! (`[bob.familyName]`), never by its text alone: two roles may share a text (two people with
//! one family name), and a label looked up by text names whichever of them sorts first, so
//! bob's name would read `[bob.familyName]` in a run where it is his alone and
//! `[alice.familyName]` in one where alice has it too. A text two roles share takes the label
//! of the role its surroundings name, the innermost JSON object first (a listed user whose
//! userName is bob's, a request to the id created with bob's values), and only when nothing
//! names one, that of the first of them by variable name: the same in every run (see
//! [`super::label`]).
//!
//! Resources the scenario did not create are dropped from list bodies (their counters become
//! `[n]`), so other data on a shared target neither leaks into snapshots nor causes drift.
//! Object keys are sorted; arrays keep their order, except `schemas` (RFC 7643 §3: order does
//! not matter), `members` and `groups` (sets of references, RFC 7643 §4.1.2, §4.2), which are
//! sorted. A step that pages through a list shows each page with a count of the scenario's own
//! resources on it, and lists them once, sorted, after the last page: which page holds which
//! of many concurrently created users is the server's order, not behaviour to compare.

use super::label::{Labels, Role, Roles};
use super::text::redact_times;
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

/// The normaliser of one scenario: its placeholders and the ids of what it created.
struct Normalizer {
    labels: Labels,
    ours: Vec<String>,
}

/// Ids shorter than this are short tokens (see [`super::text::is_token`]).
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

/// The roles of the generated values: each variable, or each item of a list variable
/// (`crowd.3`), with its name, in the order of the (sorted) variable names.
fn roles(generated: &BTreeMap<String, Value>) -> Vec<(String, &Value)> {
    generated
        .iter()
        .flat_map(|(name, v)| match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| (format!("{name}.{i}"), item))
                .collect(),
            v => vec![(name.clone(), v)],
        })
        .collect()
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
        let mut labels = Labels::default();
        // Generated values, in the forms scenarios send them, each labelled by its role.
        let mut vars = VarSet::default();
        for (name, v) in &scenario.generated {
            vars.set(name.clone(), v.clone());
        }
        for (role, (path, v)) in roles(&scenario.generated).into_iter().enumerate() {
            let mut flat = Vec::new();
            flatten(&path, v, &mut flat);
            for (path, value) in flat {
                // A userName and the email of one person can be the same text (upper-cased,
                // for a name without accents): the userName label wins, whatever the seed.
                let rank = usize::from(!path.ends_with(".userName"));
                for filter in ["", "|url", "|form", "|upper", "|upper|url"] {
                    if let Ok(form) = render_str(&format!("{{{{{path}{filter}}}}}"), &vars)
                        && (form != value || filter.is_empty())
                    {
                        labels.generated(form, role, rank, format!("[{path}{filter}]"));
                    }
                }
            }
        }
        let base = report.target.trim_end_matches('/').to_owned();
        labels.fixed(base.clone(), "[base]".to_owned());
        if let Ok(u) = url::Url::parse(&base)
            && let Some(host) = u.host_str()
        {
            let hp = u.port().map_or(host.to_owned(), |p| format!("{host}:{p}"));
            labels.fixed(hp, "[host]".to_owned());
        }
        labels.fixed(report.run_prefix.clone(), "[prefix]".to_owned());
        // Scenarios may send the prefix upper-cased (caseExact=false probes).
        labels.fixed(report.run_prefix.to_uppercase(), "[PREFIX]".to_owned());
        labels.index();
        // Ids of created objects, in creation order, each with the role whose values its
        // create request carried (when they name one).
        let mut counters: BTreeMap<&str, usize> = BTreeMap::new();
        let mut ours: Vec<String> = Vec::new();
        let mut ids: Vec<(String, String, Option<Role>)> = Vec::new();
        let mut add = |kind: &'static str, id: String, role: Option<Role>| {
            if !id.is_empty() && !ours.contains(&id) {
                let n = counters.entry(kind).or_insert(0);
                *n += 1;
                ids.push((id.clone(), format!("[{kind}-{n}]"), role));
                ours.push(id);
            }
        };
        for e in scenario.steps.iter().flat_map(|s| &s.exchanges) {
            let created = e.request.method == crate::http::Method::Post
                && e.status.is_some_and(|s| (200..300).contains(&s));
            if created && e.request.path.eq_ignore_ascii_case("/bulk") {
                for (kind, id) in bulk_created(e.response_body.as_deref()) {
                    add(kind, id, None);
                }
                continue;
            }
            let Some(kind) = kind_prefix(&e.request.path)
                .filter(|_| created && !e.request.path.contains("/.search"))
            else {
                continue;
            };
            let mut named = Roles::new();
            labels.evidence(e.request.body.as_deref().unwrap_or_default(), &mut named);
            let role = (named.len() == 1)
                .then(|| named.iter().copied().next())
                .flatten();
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
            for id in [from_body, from_location].into_iter().flatten() {
                add(kind, id, role);
            }
        }
        for (id, label, role) in ids {
            // Small numbers (`7`, `101`) are also counts and startIndexes.
            let numeric = id.len() < 8 && id.bytes().all(|b| b.is_ascii_digit());
            let short = id.len() < SHORT_ID || numeric;
            labels.id(id, label, short, role);
        }
        labels.index();
        Self { labels, ours }
    }

    /// The roles a JSON value names anywhere in it (keys and string values).
    fn named(&self, v: &Value, roles: &mut Roles) {
        match v {
            Value::String(s) => self.labels.evidence(s, roles),
            Value::Array(a) => a.iter().for_each(|x| self.named(x, roles)),
            Value::Object(m) => m.iter().for_each(|(k, x)| {
                self.labels.evidence(k, roles);
                self.named(x, roles);
            }),
            _ => {}
        }
    }

    /// `s` with its placeholders; a value two roles share is labelled for one `context` names.
    fn text(&self, s: &str, context: &Roles) -> String {
        // Times first: a short id must not be found inside one (`2024-11-29T12:40`).
        self.labels.replace(&redact_times(s), context)
    }

    /// A JSON value normalised. Each object is read in the context of the roles it names
    /// itself (a listed user is that user), else in that of what encloses it.
    fn value(&self, v: &Value, key: Option<&str>, context: &Roles) -> Value {
        match v {
            Value::String(s) => {
                let lower = key.map(str::to_ascii_lowercase);
                match lower.as_deref() {
                    Some("version") => Value::String("[version]".into()),
                    Some("created" | "lastmodified") => Value::String("[timestamp]".into()),
                    _ => Value::String(self.text(s, context)),
                }
            }
            Value::Array(a) => {
                let lower = key.map(str::to_ascii_lowercase);
                let mut items: Vec<Value> =
                    a.iter().map(|x| self.value(x, None, context)).collect();
                if lower.as_deref() == Some("resources") {
                    items = self.only_ours(a, context);
                }
                if matches!(lower.as_deref(), Some("schemas" | "members" | "groups")) {
                    items.sort_by_key(|x| x.to_string());
                }
                Value::Array(items)
            }
            Value::Object(m) => {
                let mut own = Roles::new();
                self.named(v, &mut own);
                let context = if own.is_empty() { context } else { &own };
                let mut out = serde_json::Map::new();
                let foreign = m.iter().any(|(k, v)| {
                    k.eq_ignore_ascii_case("resources")
                        && v.as_array()
                            .is_some_and(|a| self.only_ours(a, context).len() != a.len())
                });
                for (k, v) in m {
                    let is_counter =
                        ["totalresults", "itemsperpage"].contains(&k.to_ascii_lowercase().as_str());
                    let nv = if foreign && is_counter {
                        Value::String("[n]".into())
                    } else {
                        self.value(v, Some(k), context)
                    };
                    out.insert(self.text(k, context), nv);
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    /// List resources created by this scenario, normalised; others are dropped.
    fn only_ours(&self, items: &[Value], context: &Roles) -> Vec<Value> {
        items
            .iter()
            .filter(|r| {
                crate::check::pointer_ci(r, "/id")
                    .and_then(Value::as_str)
                    .is_some_and(|id| self.ours.iter().any(|o| o == id))
            })
            .map(|r| self.value(r, None, context))
            .collect()
    }

    fn body(&self, raw: &str, context: &Roles) -> String {
        match serde_json::from_str::<Value>(raw) {
            Ok(v) => {
                serde_json::to_string_pretty(&self.value(&v, None, context)).unwrap_or_default()
            }
            Err(_) => self.text(raw, context),
        }
    }

    /// The roles the request and the answer of an exchange name, each falling back on the
    /// other's when it names none.
    fn contexts(&self, e: &Exchange) -> (Roles, Roles) {
        let mut request = Roles::new();
        self.labels.evidence(&e.request.path, &mut request);
        for text in e.request.body.iter() {
            self.labels.evidence(text, &mut request);
        }
        let mut answer = Roles::new();
        for (n, v) in &e.response_headers {
            if KEEP_RESPONSE.contains(&n.as_str()) {
                self.labels.evidence(v, &mut answer);
            }
        }
        for text in e.response_body.iter() {
            self.labels.evidence(text, &mut answer);
        }
        match (request.is_empty(), answer.is_empty()) {
            (true, false) => (answer.clone(), answer),
            (false, true) => (request.clone(), request),
            _ => (request, answer),
        }
    }

    fn exchange(&self, e: &Exchange, out: &mut String) {
        let (request, answer) = self.contexts(e);
        let mut path = self.text(&e.request.path, &request);
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
                out.push_str(&format!("> {n}: {}\n", self.text(v, &request)));
            }
        }
        if let Some(b) = &e.request.body {
            out.push_str(&self.body(b, &request));
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
                        self.text(v, &answer)
                    };
                    out.push_str(&format!("< {n}: {v}\n"));
                }
                if let Some(b) = &e.response_body {
                    out.push_str(&self.body(b, &answer));
                    out.push('\n');
                }
            }
            (None, Some(err)) => {
                out.push_str(&format!("< (no answer: {})\n", self.text(err, &request)))
            }
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
                .map(|a| self.only_ours(a, &Roles::new()))
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
    use crate::http::{Method, SentRequest};
    use crate::runner::StepResult;
    use serde_json::json;

    fn exchange(
        method: Method,
        path: &str,
        sent: Option<Value>,
        status: u16,
        got: Value,
    ) -> Exchange {
        Exchange {
            request: SentRequest {
                method,
                path: path.to_owned(),
                headers: Vec::new(),
                body: sent.map(|b| b.to_string()),
            },
            status: Some(status),
            response_headers: Vec::new(),
            response_body: Some(got.to_string()),
            transport_error: None,
            elapsed_ms: 1,
        }
    }

    fn person(user_name: &str, family: &str) -> Value {
        json!({"userName": user_name, "givenName": user_name[3..].to_owned(), "familyName": family})
    }

    /// A scenario that creates alice and bob, reads bob, creates alice again (the 409 quotes
    /// her id) and reads bob once he is gone (the 404 quotes his id and URL), against a server
    /// that assigned `ids`, with these family names.
    fn transcript_with(ids: [&str; 2], families: [&str; 2]) -> String {
        let mut report = crate::report::fixture::report();
        let target = report.target.trim_end_matches('/').to_owned();
        let users = [
            person("sg-alice", families[0]),
            person("sg-bob", families[1]),
        ];
        let body =
            |u: &Value| json!({"userName": u["userName"], "name": {"familyName": u["familyName"]}});
        let with_id = |u: &Value, id: &str| {
            let mut b = body(u);
            b["id"] = json!(id);
            b["meta"] = json!({"location": format!("{target}/Users/{id}")});
            b
        };
        let (alice, bob) = (&users[0], &users[1]);
        let steps = vec![
            exchange(
                Method::Post,
                "/Users",
                Some(body(alice)),
                201,
                with_id(alice, ids[0]),
            ),
            exchange(
                Method::Post,
                "/Users",
                Some(body(bob)),
                201,
                with_id(bob, ids[1]),
            ),
            exchange(
                Method::Get,
                &format!("/Users/{}", ids[1]),
                None,
                200,
                with_id(bob, ids[1]),
            ),
            exchange(
                Method::Get,
                &format!("/Users?filter=familyName%20eq%20%22{}%22", families[1]),
                None,
                200,
                json!({"totalResults": 1, "Resources": [with_id(bob, ids[1])]}),
            ),
            exchange(
                Method::Post,
                "/Users",
                Some(body(alice)),
                409,
                json!({"detail": format!("User {} already exists", ids[0]), "status": "409"}),
            ),
            exchange(
                Method::Get,
                &format!("/Users/{}", ids[1]),
                None,
                404,
                json!({"detail": format!("Resource {} not found at {}/Users/{}.", ids[1], target, ids[1])}),
            ),
        ];
        let scenario = ScenarioResult {
            id: "okta/x".into(),
            title: "x".into(),
            verdict: crate::check::Verdict::Pass,
            steps: vec![StepResult {
                name: "all".into(),
                title: "all".into(),
                source: None,
                feature: None,
                verdict: crate::check::Verdict::Pass,
                exchanges: steps,
                checks: Vec::new(),
                capability: None,
            }],
            cleanup: Vec::new(),
            duration_ms: 1,
            interrupted: false,
            generated: BTreeMap::from([
                ("alice".into(), users[0].clone()),
                ("bob".into(), users[1].clone()),
            ]),
        };
        report.scenarios = vec![scenario.clone()];
        transcript(&report, &scenario)
    }

    #[test]
    fn ids_in_text_and_a_family_name_two_users_share_are_labelled_the_same_in_every_run() {
        let base = transcript_with(["13", "14"], ["Smith", "Jones"]);
        for (ids, families) in [
            (
                ["2819c223-7f76-453a-919d-413861904646", "7"],
                ["Smith", "Jones"],
            ),
            (["130", "2013"], ["Smith", "Smith"]),
            (["7", "8"], ["Jones", "Jones"]),
        ] {
            assert_eq!(transcript_with(ids, families), base, "{ids:?} {families:?}");
        }
        for text in [
            "User [user-1] already exists",
            "Resource [user-2] not found at [base]/Users/[user-2].",
            "/Users?filter=familyName%20eq%20%22[bob.familyName]%22",
        ] {
            assert!(base.contains(text), "{text} in {base}");
        }
        assert_eq!(base.matches("[alice.familyName]").count(), 3, "{base}");
        assert_eq!(base.matches("[bob.familyName]").count(), 5, "{base}");
    }

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
