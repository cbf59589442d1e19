//! Checks on queries: the ListResponse envelope, filters, and paging across pages.

use super::catalogue::CheckId;
use super::outcome::CheckOutcome;
use super::util::{excerpt, get_ci, json_str, show};
use crate::http::{Call, ReceivedResponse};
use crate::schema::{SchemaSet, ScimSchema};
use serde_json::Value;
use std::collections::BTreeMap;

const LIST_URN: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// A parsed page: the counters as JSON integers where they are, and the resource ids.
struct Page {
    total: Option<u64>,
    start: Option<u64>,
    per_page: Option<u64>,
    ids: Vec<String>,
}

fn page(v: &Value) -> Page {
    let int = |k: &str| get_ci(v, k).and_then(Value::as_u64);
    let ids = get_ci(v, "Resources")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|r| json_str(r, "id")).collect())
        .unwrap_or_default();
    Page {
        total: int("totalResults"),
        start: int("startIndex"),
        per_page: int("itemsPerPage"),
        ids,
    }
}

/// 200 with a ListResponse whose counters are JSON integers.
pub(crate) fn eval_list_response(resp: &ReceivedResponse, query: Option<&str>) -> CheckOutcome {
    let id = CheckId::ListResponse;
    if resp.status != 200 {
        return CheckOutcome::fail(
            id,
            format!("the query answered {}", resp.status),
            "200 with a ListResponse",
            format!("{} {}", resp.status, excerpt(&resp.text())),
        );
    }
    let v = match resp.json() {
        Ok(v) => v,
        Err(e) => {
            return CheckOutcome::fail(
                id,
                format!("the query answer is unusable: {e}"),
                "a ListResponse",
                excerpt(&resp.text()),
            );
        }
    };
    // Okta always pages (`startIndex=1&count=…`) and its tests assert all three counters; the
    // RFC requires startIndex and itemsPerPage only on paginated (partial) answers.
    let paged = query.is_some_and(|q| {
        q.split('&').any(|kv| {
            let k = kv.split('=').next().unwrap_or("");
            k.eq_ignore_ascii_case("count") || k.eq_ignore_ascii_case("startIndex")
        })
    });
    list_envelope(&v, paged)
}

fn list_envelope(v: &Value, paged: bool) -> CheckOutcome {
    let id = CheckId::ListResponse;
    let total = get_ci(v, "totalResults").and_then(Value::as_u64);
    let held = get_ci(v, "Resources")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let partial = total.is_some_and(|t| (held as u64) < t);
    let urn_ok = get_ci(v, "schemas")
        .and_then(Value::as_array)
        .is_some_and(|a| {
            a.iter()
                .any(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(LIST_URN)))
        });
    if !urn_ok {
        return CheckOutcome::fail(
            id,
            "the ListResponse lacks its URN in `schemas`",
            format!("schemas: [\"{LIST_URN}\"]"),
            show(get_ci(v, "schemas").unwrap_or(&Value::Null)),
        );
    }
    for k in ["totalResults", "startIndex", "itemsPerPage"] {
        match get_ci(v, k) {
            Some(Value::Number(n)) if n.is_u64() => {}
            Some(other) => {
                return CheckOutcome::fail(
                    id,
                    format!(
                        "`{k}` is {} instead of a JSON integer; Okta rejects it",
                        show(other)
                    ),
                    format!("{k}: <integer>"),
                    format!("{k}: {}", show(other)),
                );
            }
            None if k != "totalResults" && !paged && !partial => {}
            None => {
                let why = if paged {
                    "the query asked for a page (startIndex/count), as Okta always does, and Okta's tests assert all three counters"
                } else {
                    "the answer holds fewer resources than totalResults, so it is a page (RFC 7644 §3.4.2 requires the counter then)"
                };
                return CheckOutcome::fail(
                    id,
                    format!("`{k}` is missing: {why}"),
                    format!("{k}: <integer>"),
                    "(absent)",
                );
            }
        }
    }
    let total = get_ci(v, "totalResults")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    if total > 0 && !get_ci(v, "Resources").is_some_and(Value::is_array) {
        return CheckOutcome::fail(
            id,
            "totalResults > 0 but no `Resources` array",
            "Resources: [...]",
            show(get_ci(v, "Resources").unwrap_or(&Value::Null)),
        );
    }
    let envelope: Vec<_> = SchemaSet::global()
        .validate(ScimSchema::ListResponse, v)
        .into_iter()
        .filter(|x| !x.instance_path.starts_with("/Resources/"))
        .collect();
    if let Some(first) = envelope.first() {
        return CheckOutcome::fail(
            id,
            format!(
                "the ListResponse violates its schema at {}: {}",
                first.instance_path, first.message
            ),
            "a valid ListResponse",
            first.message.clone(),
        );
    }
    CheckOutcome::pass(id, format!("ListResponse with totalResults {total}"))
}

/// 200 with no resources, or a 404 SCIM Error (both work with Okta).
pub(crate) fn eval_filter_no_match(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::FilterNoMatch;
    match resp.status {
        200 => match resp.json() {
            Ok(v) => {
                let p = page(&v);
                // Counter types are `list-response`'s rule; here only "nothing matched" counts.
                let total = p.total.or_else(|| {
                    get_ci(&v, "totalResults")
                        .and_then(Value::as_str)
                        .and_then(|s| s.trim().parse().ok())
                });
                match (total, p.ids.len()) {
                    (Some(0) | None, 0)
                        if get_ci(&v, "Resources")
                            .is_none_or(|r| r.as_array().is_some_and(Vec::is_empty)) =>
                    {
                        CheckOutcome::pass(id, "200 with no resources")
                    }
                    (t, n) => CheckOutcome::fail(
                        id,
                        format!(
                            "a userName nobody has matched {n} resource(s); Okta would link the wrong account"
                        ),
                        "totalResults 0 and no Resources",
                        format!(
                            "totalResults {}, {n} resource(s)",
                            t.map_or("(not an integer)".to_owned(), |t| t.to_string())
                        ),
                    ),
                }
            }
            Err(e) => CheckOutcome::fail(
                id,
                format!("the 200 answer is unusable: {e}"),
                "an empty ListResponse",
                excerpt(&resp.text()),
            ),
        },
        404 => {
            let scim = resp.json().ok().is_some_and(|v| {
                json_str(&v, "detail").is_some() || get_ci(&v, "schemas").is_some()
            });
            if scim {
                CheckOutcome::pass(
                    id,
                    "404 with a SCIM Error (Okta accepts it; RFC 7644 §3.4.2 prefers 200 with totalResults 0)",
                )
            } else {
                CheckOutcome::fail(
                    id,
                    "404 without a SCIM Error body",
                    "200 with totalResults 0 (or 404 with a SCIM Error)",
                    excerpt(&resp.text()),
                )
            }
        }
        s => CheckOutcome::fail(
            id,
            format!("the existence check answered {s}"),
            "200 with totalResults 0",
            format!("{s} {}", excerpt(&resp.text())),
        ),
    }
}

/// The filter found exactly one resource, the expected one.
pub(crate) fn eval_filter_match(id: CheckId, resp: &ReceivedResponse, want: &str) -> CheckOutcome {
    if resp.status != 200 {
        return CheckOutcome::fail(
            id,
            format!("the filter answered {}", resp.status),
            format!("200 with exactly {want}"),
            format!("{} {}", resp.status, excerpt(&resp.text())),
        );
    }
    let Ok(v) = resp.json() else {
        return CheckOutcome::fail(
            id,
            "the filter answer is not JSON",
            format!("a ListResponse with {want}"),
            excerpt(&resp.text()),
        );
    };
    let p = page(&v);
    if p.ids.len() == 1 && p.ids[0] == want {
        CheckOutcome::pass(id, "found exactly the resource")
    } else if p.ids.is_empty() {
        CheckOutcome::fail(
            id,
            "the filter found nothing",
            format!("exactly one resource with id {want}"),
            format!(
                "totalResults {}, no Resources",
                p.total.map_or("?".into(), |t| t.to_string())
            ),
        )
    } else {
        CheckOutcome::fail(
            id,
            format!("the filter found {} resource(s)", p.ids.len()),
            format!("exactly [{want}]"),
            format!("{:?}", p.ids),
        )
    }
}

fn pages(calls: &[Call]) -> Vec<(String, Page)> {
    calls
        .iter()
        .filter_map(|c| {
            c.response
                .as_ref()
                .ok()
                .map(|r| (c.request.path.clone(), r))
        })
        .filter_map(|(p, r)| r.json().ok().map(|v| (p, page(&v))))
        .collect()
}

/// Every own id appears exactly once across the pages; no id appears twice.
pub(crate) fn eval_paging_complete(calls: &[Call], own: &Value) -> CheckOutcome {
    let id = CheckId::PagingComplete;
    let own: Vec<String> = match own {
        Value::Array(a) => a
            .iter()
            .filter_map(|x| x.as_str().map(str::to_owned))
            .collect(),
        _ => return CheckOutcome::error(id, "`own` did not render to a list of ids"),
    };
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let pages = pages(calls);
    if let Some(why) = list_changed(&pages) {
        return CheckOutcome::error(
            id,
            format!(
                "{why}; order stability cannot be judged (run again with no other writer on the target)"
            ),
        );
    }
    for (path, p) in &pages {
        for i in &p.ids {
            seen.entry(i.clone()).or_default().push(path.clone());
        }
    }
    if let Some((dup, at)) = seen.iter().find(|(_, at)| at.len() > 1) {
        return CheckOutcome::fail(
            id,
            format!(
                "resource {dup} came back on {} pages: the order is not stable or startIndex is ignored",
                at.len()
            ),
            "each resource on exactly one page",
            format!("{dup} on {}", at.join(" and ")),
        );
    }
    let missing: Vec<&String> = own.iter().filter(|i| !seen.contains_key(*i)).collect();
    // Paging ended at scimgate's page cap while totalResults said there was more: the pages
    // not read could hold the missing ones.
    let asked_start = |path: &str| {
        path.split_once('?')?
            .1
            .split('&')
            .find_map(|kv| kv.strip_prefix("startIndex="))
            .and_then(|v| v.parse::<u64>().ok())
    };
    let cut_short = pages.last().is_some_and(|(path, p)| {
        match (asked_start(path), requested_count(path), p.total) {
            (Some(start), Some(count), Some(total)) => start + count as u64 - 1 < total,
            _ => false,
        }
    });
    if !missing.is_empty() && cut_short {
        return CheckOutcome::error(
            id,
            format!(
                "paging stopped at the scenario's page cap ({} pages) before totalResults was reached; {} of the {} users created for this check were not on those pages",
                pages.len(),
                missing.len(),
                own.len()
            ),
        );
    }
    if !missing.is_empty() {
        return CheckOutcome::fail(
            id,
            format!(
                "{} of the {} users created for this check never appeared while paging",
                missing.len(),
                own.len()
            ),
            "every created resource on some page",
            format!(
                "missing {:?} after {} page(s)",
                missing.iter().take(5).collect::<Vec<_>>(),
                pages.len()
            ),
        );
    }
    CheckOutcome::pass(
        id,
        format!(
            "{} resource(s) over {} page(s), each exactly once",
            seen.len(),
            pages.len()
        ),
    )
}

/// Another writer (a concurrent run, a person) changed the list while it was paged: RFC 7644
/// §3.4.2.4 makes clients tolerate that, so it is not the server's fault.
/// Why the pages cannot be judged: the total moved the way another writer moves it. A total
/// that falls by exactly what the earlier pages held (`totalResults` counting only what is left
/// from `startIndex` on) is the server's own mistake, judged by `paging-total`, not a change.
fn list_changed(pages: &[(String, Page)]) -> Option<String> {
    let totals: Vec<u64> = pages.iter().filter_map(|(_, p)| p.total).collect();
    let (lo, hi) = (totals.iter().min()?, totals.iter().max()?);
    (lo != hi && !counts_what_is_left(pages))
        .then(|| format!("the list changed while paging (totalResults between {lo} and {hi})"))
}

/// True when the total moved between the pages the way another writer moves it (the runner
/// pages again before judging).
pub(crate) fn list_changed_while_paging(calls: &[Call]) -> bool {
    list_changed(&pages(calls)).is_some()
}

/// True when every page's `totalResults + startIndex - 1` is the same: the total counts the
/// resources from `startIndex` on, not all the matches.
fn counts_what_is_left(pages: &[(String, Page)]) -> bool {
    let sums: Option<Vec<u64>> = pages
        .iter()
        .map(|(_, p)| Some(p.total? + p.start?.checked_sub(1)?))
        .collect();
    sums.is_some_and(|s| s.len() > 1 && s.windows(2).all(|w| w[0] == w[1]))
}

fn requested_count(path: &str) -> Option<usize> {
    let q = path.split_once('?')?.1;
    q.split('&')
        .find_map(|kv| kv.strip_prefix("count="))
        .and_then(|v| v.parse().ok())
}

/// No page is larger than `count`, and itemsPerPage matches the page.
pub(crate) fn eval_paging_count(calls: &[Call]) -> CheckOutcome {
    let id = CheckId::PagingCount;
    for (path, p) in pages(calls) {
        if let Some(count) = requested_count(&path)
            && p.ids.len() > count
        {
            return CheckOutcome::fail(
                id,
                format!("asked for count={count}, got {} resources", p.ids.len()),
                format!("at most {count} resources"),
                format!("{} resources for {path}", p.ids.len()),
            );
        }
        if let Some(n) = p.per_page
            && n as usize != p.ids.len()
        {
            return CheckOutcome::fail(
                id,
                format!(
                    "itemsPerPage says {n} but the page holds {}: itemsPerPage is the number of results on this page (RFC 7644 §3.4.2), not the count asked for",
                    p.ids.len()
                ),
                "itemsPerPage = number of Resources",
                format!("itemsPerPage {n}, {} resources", p.ids.len()),
            );
        }
    }
    CheckOutcome::pass(id, "every page within count")
}

/// totalResults is the same on every page and not less than what the pages hold.
pub(crate) fn eval_paging_total(calls: &[Call]) -> CheckOutcome {
    let id = CheckId::PagingTotal;
    let pages = pages(calls);
    let totals: Vec<Option<u64>> = pages.iter().map(|(_, p)| p.total).collect();
    if totals.iter().any(Option::is_none) {
        return CheckOutcome::fail(
            id,
            "a page has no integer totalResults",
            "totalResults: <integer>",
            "(absent or not an integer)",
        );
    }
    let first = totals[0].unwrap_or(0);
    if let Some(why) = list_changed(&pages) {
        return CheckOutcome::error(
            id,
            format!(
                "{why}; totals cannot be judged (run again with no other writer on the target)"
            ),
        );
    }
    if let Some((n, (_, p))) = pages
        .iter()
        .enumerate()
        .find(|(_, (_, p))| p.total != Some(first))
    {
        return CheckOutcome::fail(
            id,
            format!(
                "totalResults was {first} on the first page and {} on page {} (startIndex {}): it counts what is left from startIndex, not every match, so Okta can stop importing before the last page",
                p.total.unwrap_or(0),
                n + 1,
                p.start.unwrap_or(0)
            ),
            format!("totalResults {first} on every page"),
            format!("totalResults {} on page {}", p.total.unwrap_or(0), n + 1),
        );
    }
    // Distinct resources: a resource repeated across pages is `paging-complete`'s failure.
    let held = pages
        .iter()
        .flat_map(|(_, p)| &p.ids)
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if (first as usize) < held {
        return CheckOutcome::fail(
            id,
            format!("totalResults {first} but the pages held {held} resources"),
            format!("totalResults >= {held}"),
            format!("totalResults {first}"),
        );
    }
    let first_start = pages.first().and_then(|(_, p)| p.start);
    if first_start.is_some_and(|s| s != 1) {
        return CheckOutcome::fail(
            id,
            "the first page does not report startIndex 1",
            "startIndex 1",
            format!("{first_start:?}"),
        );
    }
    CheckOutcome::pass(id, format!("totalResults {first} on every page"))
}

/// `filter-no-match-200`: nothing matched is 200 with an empty list (no 404).
pub(crate) fn eval_filter_no_match_200(resp: &ReceivedResponse) -> CheckOutcome {
    let id = CheckId::FilterNoMatch200;
    if resp.status == 200 {
        return CheckOutcome::pass(id, "200 for a query that matches nothing");
    }
    CheckOutcome::fail(
        id,
        format!(
            "a query that matches nothing answered {}; Okta's provisioning takes a 404 SCIM Error, its SPEC test steps 3 and 5 and RFC 7644 §3.4.2 want 200 with totalResults 0",
            resp.status
        ),
        "200 with totalResults 0",
        format!("{} {}", resp.status, excerpt(&resp.text())),
    )
}
