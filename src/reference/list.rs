//! Queries: `GET /Users?…`, `GET /Groups?…` and `POST …/.search`.
//!
//! Implements RFC 7644 §3.4.2–§3.4.3: `filter`, `sortBy`/`sortOrder`,
//! 1-based `startIndex` (values below 1 mean 1), `count` (negative means 0,
//! capped at `filter.maxResults`), `attributes`/`excludedAttributes`. Results
//! keep creation order unless sorted, so Okta's `startIndex += count` import
//! sees every resource exactly once. The answer always carries integer
//! `totalResults`, `startIndex`, `itemsPerPage` and a `Resources` array:
//!
//! ```json
//! {"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
//!  "totalResults":0,"startIndex":1,"itemsPerPage":0,"Resources":[]}
//! ```

use std::cmp::Ordering;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use scim_v2::filter::{AttrExp, AttrPath, CompValue, CompareOp, Filter};
use serde_json::{Map, Value, json};

use super::error::{ScimError, ScimType, scim_response};
use super::fault::Fault;
use super::filter::{FilterCx, get_ci, matches, parse_filter, sort_value, top_def};
use super::middleware::{Verbatim, json_body};
use super::representation::{Projection, render};
use super::served_type::ServedType;
use super::server::AppState;
use super::store::Record;

/// URN of the ListResponse message.
pub(crate) const LIST_URN: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
/// URN of the SearchRequest message.
pub(crate) const SEARCH_URN: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
/// The largest page the server returns (advertised as `filter.maxResults`).
pub(crate) const MAX_RESULTS: usize = 1000;

/// The parameters of one query.
#[derive(Debug, Default)]
pub(crate) struct ListParams {
    filter: Option<String>,
    start_index: i64,
    count: Option<i64>,
    sort_by: Option<String>,
    descending: bool,
    projection: Projection,
}

fn int(name: &str, raw: &str) -> Result<i64, ScimError> {
    raw.trim().parse::<i64>().map_err(|_| {
        ScimError::bad(
            ScimType::InvalidValue,
            format!("{name} must be an integer, got {raw:?}"),
        )
    })
}

fn order(raw: &str) -> Result<bool, ScimError> {
    match raw.to_ascii_lowercase().as_str() {
        "ascending" => Ok(false),
        "descending" => Ok(true),
        _ => Err(ScimError::bad(
            ScimType::InvalidValue,
            "sortOrder must be ascending or descending",
        )),
    }
}

fn pairs(query: Option<&str>) -> Vec<(String, String)> {
    url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .map(|(k, v)| (k.to_ascii_lowercase(), v.into_owned()))
        .collect()
}

/// `attributes` / `excludedAttributes` from a query string.
pub(crate) fn query_projection(query: Option<&str>) -> Result<Projection, ScimError> {
    let pairs = pairs(query);
    let find = |name: &str| {
        pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    Ok(Projection::from_params(
        find("attributes"),
        find("excludedattributes"),
    ))
}

impl ListParams {
    fn from_query(query: Option<&str>) -> Result<Self, ScimError> {
        let mut p = ListParams {
            start_index: 1,
            projection: query_projection(query)?,
            ..ListParams::default()
        };
        for (key, value) in pairs(query) {
            match key.as_str() {
                "filter" => p.filter = Some(value),
                "startindex" => p.start_index = int("startIndex", &value)?,
                "count" => p.count = Some(int("count", &value)?),
                "sortby" => p.sort_by = Some(value),
                "sortorder" => p.descending = order(&value)?,
                _ => {}
            }
        }
        Ok(p)
    }

    fn from_search(body: &Map<String, Value>) -> Result<Self, ScimError> {
        let bad = |name: &str| {
            ScimError::bad(ScimType::InvalidValue, format!("{name} has the wrong type"))
        };
        let text = |name: &str| -> Result<Option<String>, ScimError> {
            match get_ci(body, name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(Value::Array(items)) if name.ends_with("ttributes") => Ok(Some(
                    items
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join(","),
                )),
                Some(_) => Err(bad(name)),
            }
        };
        let number = |name: &str| -> Result<Option<i64>, ScimError> {
            match get_ci(body, name) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::Number(n)) => n.as_i64().map(Some).ok_or_else(|| bad(name)),
                Some(Value::String(s)) => int(name, s).map(Some),
                Some(_) => Err(bad(name)),
            }
        };
        Ok(ListParams {
            filter: text("filter")?,
            start_index: number("startIndex")?.unwrap_or(1),
            count: number("count")?,
            sort_by: text("sortBy")?,
            descending: text("sortOrder")?
                .map(|o| order(&o))
                .transpose()?
                .unwrap_or(false),
            projection: Projection::from_params(
                text("attributes")?.as_deref(),
                text("excludedAttributes")?.as_deref(),
            ),
        })
    }
}

/// `GET /Users`, `GET /Groups`.
pub(crate) async fn list(
    kind: ServedType,
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Response, ScimError> {
    let query = match query {
        // The fault: `+` read as a literal plus, not as a form-encoded space.
        Some(q) if state.has(Fault::PlusInFilterLiteral) => Some(q.replace('+', "%2B")),
        q => q,
    };
    let params = ListParams::from_query(query.as_deref())?;
    run(&state, &[kind], &params)
}

/// `POST /.search`: a query over every resource type (RFC 7644 §3.4.3).
pub(crate) async fn search_root(
    state: State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimError> {
    search_kinds(&[ServedType::User, ServedType::Group], state, headers, body).await
}

/// `POST /Users/.search`, `POST /Groups/.search`.
pub(crate) async fn search(
    kind: ServedType,
    state: State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimError> {
    search_kinds(&[kind], state, headers, body).await
}

async fn search_kinds(
    kinds: &[ServedType],
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimError> {
    let value = json_body(&headers, &body)?;
    let map = value.as_object().cloned().unwrap_or_default();
    if let Some(schemas) = get_ci(&map, "schemas") {
        let ok = schemas.as_array().is_some_and(|s| {
            s.iter().any(|u| {
                u.as_str()
                    .is_some_and(|u| u.eq_ignore_ascii_case(SEARCH_URN))
            })
        });
        if !ok {
            return Err(ScimError::bad(
                ScimType::InvalidSyntax,
                "schemas must contain the SearchRequest URN",
            ));
        }
    }
    run(&state, kinds, &ListParams::from_search(&map)?)
}

/// `Some(name)` when the filter is exactly `userName eq "name"`.
fn user_name_eq(filter: &Filter) -> Option<&str> {
    match filter {
        Filter::Attr(AttrExp::Comparison(
            AttrPath {
                name,
                sub_attr: None,
                ..
            },
            CompareOp::Eq,
            CompValue::Str(v),
        )) if name.eq_ignore_ascii_case("userName") => Some(v),
        _ => None,
    }
}

fn sort_path(raw: &str) -> Result<AttrPath, ScimError> {
    match format!("{raw} pr").parse::<Filter>() {
        Ok(Filter::Attr(AttrExp::Present(path))) => Ok(path),
        _ => Err(ScimError::bad(
            ScimType::InvalidValue,
            format!("sortBy {raw:?} is not an attribute path"),
        )),
    }
}

fn compare_keys(a: Option<&Value>, b: Option<&Value>, exact: bool) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(Value::String(x)), Some(Value::String(y))) if !exact => {
            x.to_lowercase().cmp(&y.to_lowercase())
        }
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

type Hit<'s> = (ServedType, &'s Record, Option<Value>);

fn run(state: &AppState, kinds: &[ServedType], params: &ListParams) -> Result<Response, ScimError> {
    let fcx = |kind| FilterCx {
        kind,
        user_name_case_sensitive: state.has(Fault::UserNameFilterCaseSensitive),
        value_path_split: state.has(Fault::ValuePathTermsSplit),
        not_ignored: state.has(Fault::FilterNotIgnored),
        eq_only: state.has(Fault::EqOnlyFilters),
    };
    let mut filters = Vec::with_capacity(kinds.len());
    for &kind in kinds {
        filters.push(match &params.filter {
            Some(raw) if !state.has(Fault::FilterIgnored) => Some(parse_filter(raw, fcx(kind))?),
            _ => None,
        });
    }
    let sort = params.sort_by.as_deref().map(sort_path).transpose()?;
    let cx = state.render_cx();
    let store = state.read();
    let mut hits: Vec<Hit<'_>> = Vec::new();
    for (&kind, filter) in kinds.iter().zip(&filters) {
        let table = store.table(kind);
        let ghosts = store
            .ghosts
            .iter()
            .filter(|_| kind == ServedType::User && state.has(Fault::DeletedStillListed));
        let Some(f) = filter else {
            hits.extend(table.rows.values().chain(ghosts).map(|r| (kind, r, None)));
            continue;
        };
        let fast = user_name_eq(f).filter(|_| {
            kind == ServedType::User
                && !state.has(Fault::DuplicatesAllowed)
                && !state.has(Fault::InactiveUsersNotUnique)
                && !state.has(Fault::RacingCreatesTwin)
        });
        let candidates: Box<dyn Iterator<Item = &Record>> = match fast {
            Some(name) => Box::new(table.by_name(name).into_iter()),
            None => Box::new(table.rows.values()),
        };
        hits.extend(
            candidates
                .chain(ghosts)
                .map(|r| (r, render(cx, &store, kind, r)))
                .filter(|(_, v)| matches(f, v, fcx(kind)))
                .map(|(r, v)| (kind, r, Some(v))),
        );
    }
    if let Some(path) = sort.as_ref().filter(|_| !state.has(Fault::SortIgnored)) {
        for hit in hits.iter_mut().filter(|h| h.2.is_none()) {
            hit.2 = Some(render(cx, &store, hit.0, hit.1));
        }
        hits.sort_by(|a, b| {
            let key = |h: &Hit<'_>| h.2.as_ref().and_then(|v| sort_value(h.0, v, path)).cloned();
            let exact = top_def(a.0, path).is_some_and(|d| d.case_exact);
            let o = compare_keys(key(a).as_ref(), key(b).as_ref(), exact);
            let o = if params.descending { o.reverse() } else { o };
            o.then(a.1.seq.cmp(&b.1.seq))
        });
    }
    if state.has(Fault::UnstableOrder) && state.next_list_call() % 2 == 1 {
        hits.reverse();
    }
    let total = hits.len();
    if params.filter.is_some() && total == 0 && state.has(Fault::NoMatchAnswers404) {
        return Err(ScimError::new(
            StatusCode::NOT_FOUND,
            "no resource matches the filter",
        ));
    }
    if params.filter.is_some() && total == 0 && state.has(Fault::NoMatchHtml404) {
        let mut response = (
            StatusCode::NOT_FOUND,
            "<html><body><h1>Not Found</h1></body></html>",
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        response.extensions_mut().insert(Verbatim);
        return Ok(response);
    }
    if params.start_index < 1 && state.has(Fault::StartIndexBelowOneRefused) {
        return Err(ScimError::bad(
            ScimType::InvalidValue,
            "startIndex must be 1 or more",
        ));
    }
    let start = if state.has(Fault::StartIndexIgnored) {
        1
    } else {
        params.start_index.max(1)
    };
    let count = match (state.has(Fault::CountIgnored), params.count) {
        (true, _) => total,
        (false, Some(c)) if c <= 0 && state.has(Fault::CountZeroIgnored) => MAX_RESULTS,
        (false, Some(c)) => usize::try_from(c.max(0)).unwrap_or(0).min(MAX_RESULTS),
        (false, None) => MAX_RESULTS,
    };
    let skip = usize::try_from(start - 1).unwrap_or(usize::MAX);
    let mut projection = params.projection.clone();
    if state.has(Fault::ExcludedAttributesIgnored) {
        projection.excluded.clear();
    }
    if state.has(Fault::AttributesIgnored) {
        projection.attributes.clear();
    }
    let page: Vec<Value> = hits
        .into_iter()
        .skip(skip)
        .take(count)
        .map(|(kind, r, v)| {
            projection.apply(kind, v.unwrap_or_else(|| render(cx, &store, kind, r)))
        })
        .collect();
    drop(store);
    Ok(scim_response(
        StatusCode::OK,
        &list_body(state, total, start, page),
    ))
}

/// A listed User cut to `schemas`, `id`, `userName` and `meta` (the list-minimal-users fault);
/// other resources unchanged.
fn minimal_user(v: Value) -> Value {
    let Value::Object(map) = v else { return v };
    if !map.contains_key("userName") {
        return Value::Object(map);
    }
    Value::Object(
        map.into_iter()
            .filter(|(k, _)| ["schemas", "id", "userName", "meta"].contains(&k.as_str()))
            .collect(),
    )
}

/// A ListResponse body, with the list-shaping faults applied.
pub(crate) fn list_body(state: &AppState, total: usize, start: i64, page: Vec<Value>) -> Value {
    let shown = page.len();
    let total = if state.has(Fault::TotalResultsWrong) {
        shown
    } else if state.has(Fault::TotalResultsRemaining) {
        total.saturating_sub(usize::try_from(start - 1).unwrap_or(0))
    } else {
        total
    };
    let page: Vec<Value> = if state.has(Fault::ListMinimalUsers) {
        page.into_iter().map(minimal_user).collect()
    } else {
        page
    };
    let mut body = json!({
        "schemas": [LIST_URN],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": shown,
        "Resources": page,
    });
    if let Some(map) = body.as_object_mut() {
        if state.has(Fault::ListWithoutSchemas) {
            map.remove("schemas");
        }
        if state.has(Fault::PagingFieldsAsStrings) {
            for key in ["totalResults", "startIndex", "itemsPerPage"] {
                if let Some(v) = map.get_mut(key) {
                    *v = Value::from(v.to_string());
                }
            }
        }
    }
    body
}
