//! Evaluates RFC 7644 §3.4.2.2 filters parsed by `scim_v2`.
//!
//! The `scim_v2` crate parses the grammar (keywords are case-insensitive there,
//! as RFC 5234 requires); this module evaluates the AST against a rendered
//! resource. Rules implemented here:
//!
//! - attribute names are case-insensitive, string comparison follows the
//!   attribute's `caseExact` (`userName` no, `id`/`externalId` yes);
//! - a multi-valued attribute matches if any value matches, and a complex
//!   multi-valued attribute without sub-attribute means its `value`;
//! - `meta.created`/`meta.lastModified` compare chronologically, numbers
//!   numerically, strings lexicographically;
//! - `gt`/`ge`/`lt`/`le` on a boolean is refused with 400 `invalidFilter`;
//! - unknown attributes have no value, so `eq`/`pr` are false (§3.4.2.1).
//!
//! The text is first adjusted by [`super::filter_rewrite`] for inputs real clients
//! send that the `scim_v2` grammar does not take.

use scim_v2::filter::{AttrExp, AttrPath, CompValue, CompareOp, Filter, ValFilter};
use serde_json::{Map, Value};

use super::error::{ScimError, ScimType};
use super::filter_rewrite::{lift_value_path_sub, quote_bare_values, space_not};
use super::schema::{Attr, Ty};
use super::served_type::{Container, ServedType};

/// How to evaluate: the resource type and fault-driven case rules.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FilterCx {
    pub(crate) kind: ServedType,
    pub(crate) user_name_case_sensitive: bool,
    /// The value-path fault: each `and` term of a bracket may match a different value.
    pub(crate) value_path_split: bool,
    /// The `not` fault: `not (f)` is evaluated as `f`.
    pub(crate) not_ignored: bool,
    /// The `eq-only-filters` option: anything but one `attribute eq value` comparison is
    /// refused with 400 `invalidFilter`, as servers offering only what Okta sends do.
    pub(crate) eq_only: bool,
}

/// Parses a filter, mapping parse errors to 400 `invalidFilter`.
pub(crate) fn parse_filter(raw: &str, cx: FilterCx) -> Result<Filter, ScimError> {
    let filter: Filter = lift_value_path_sub(&quote_bare_values(&space_not(raw)))
        .parse()
        .map_err(|e| {
            ScimError::bad(
                ScimType::InvalidFilter,
                format!("invalid filter {raw:?}: {e}"),
            )
        })?;
    check(&filter, cx)?;
    if cx.eq_only {
        eq_only(&filter)?;
    }
    Ok(filter)
}

/// Refuses every filter but a single `attribute eq value` (the `eq-only-filters` option).
fn eq_only(filter: &Filter) -> Result<(), ScimError> {
    let refuse = |what: &str| {
        Err(ScimError::bad(
            ScimType::InvalidFilter,
            format!("{what} is not supported; filter with attribute eq value"),
        ))
    };
    match filter {
        Filter::Attr(AttrExp::Comparison(_, CompareOp::Eq, _)) => Ok(()),
        Filter::Attr(AttrExp::Comparison(_, op, _)) => refuse(&format!("filter operator {op}")),
        Filter::Attr(AttrExp::Present(_)) => refuse("filter operator pr"),
        Filter::ValuePath(_) => refuse("a value path filter"),
        Filter::Not(_) => refuse("not"),
        Filter::And(_) => refuse("and"),
        Filter::Or(_) => refuse("or"),
    }
}

/// Refuses ordering comparisons on booleans (RFC 7644 §3.4.2.2).
fn check(filter: &Filter, cx: FilterCx) -> Result<(), ScimError> {
    match filter {
        Filter::Attr(e) => check_exp(e, top_def(cx.kind, exp_path(e))),
        Filter::ValuePath(vp) => {
            let parent = cx.kind.resolve(vp.attr.uri.as_deref(), &vp.attr.name, None);
            check_val(&vp.filter, parent.and_then(|r| r.attr))
        }
        Filter::Not(inner) => check(inner, cx),
        Filter::And(items) | Filter::Or(items) => items.iter().try_for_each(|f| check(f, cx)),
    }
}

fn check_val(filter: &ValFilter, parent: Option<&'static Attr>) -> Result<(), ScimError> {
    match filter {
        ValFilter::Attr(e) => check_exp(e, parent.and_then(|p| p.sub_attr(&exp_path(e).name))),
        ValFilter::Not(inner) => check_val(inner, parent),
        ValFilter::And(items) | ValFilter::Or(items) => {
            items.iter().try_for_each(|f| check_val(f, parent))
        }
    }
}

fn check_exp(e: &AttrExp, def: Option<&'static Attr>) -> Result<(), ScimError> {
    if let AttrExp::Comparison(path, op, value) = e {
        let ordering = matches!(
            op,
            CompareOp::Gt | CompareOp::Ge | CompareOp::Lt | CompareOp::Le
        );
        let boolean = def.is_some_and(|d| d.ty == Ty::Boolean)
            || matches!(value, CompValue::True | CompValue::False);
        if ordering && boolean {
            return Err(ScimError::bad(
                ScimType::InvalidFilter,
                format!("{op} cannot compare the boolean {path}"),
            ));
        }
    }
    Ok(())
}

fn exp_path(e: &AttrExp) -> &AttrPath {
    match e {
        AttrExp::Present(p) | AttrExp::Comparison(p, _, _) => p,
    }
}

/// The definition used for comparing values at `path` (sub-attribute, or
/// `value` of a complex multi-valued attribute, or the attribute itself).
pub(crate) fn top_def(kind: ServedType, path: &AttrPath) -> Option<&'static Attr> {
    let r = kind.resolve(path.uri.as_deref(), &path.name, path.sub_attr.as_deref())?;
    let attr = r.attr?;
    r.sub.or_else(|| {
        if attr.multi && attr.ty == Ty::Complex {
            attr.sub_attr("value")
        } else {
            Some(attr)
        }
    })
}

/// Whether `resource` (a rendered resource) matches `filter`.
pub(crate) fn matches(filter: &Filter, resource: &Value, cx: FilterCx) -> bool {
    match filter {
        Filter::Attr(e) => {
            let path = exp_path(e);
            let values = top_values(cx.kind, resource, path);
            let def = top_def(cx.kind, path);
            let exact = def.is_some_and(|d| d.case_exact)
                || (cx.user_name_case_sensitive && def.is_some_and(|d| d.name == "userName"));
            eval_exp(e, &values, def, exact)
        }
        Filter::ValuePath(vp) => {
            let parent = cx
                .kind
                .resolve(vp.attr.uri.as_deref(), &vp.attr.name, None)
                .and_then(|r| r.attr);
            let container = container_of(cx.kind, resource, &vp.attr);
            let items = container
                .and_then(|c| get_ci(c, &vp.attr.name))
                .map(flatten)
                .unwrap_or_default();
            if cx.value_path_split
                && let ValFilter::And(terms) = vp.filter.as_ref()
            {
                return terms
                    .iter()
                    .all(|t| items.iter().any(|item| val_matches(t, item, parent)));
            }
            items
                .into_iter()
                .any(|item| val_matches(&vp.filter, item, parent))
        }
        Filter::Not(inner) => matches(inner, resource, cx) == cx.not_ignored,
        Filter::And(items) => items.iter().all(|f| matches(f, resource, cx)),
        Filter::Or(items) => items.iter().any(|f| matches(f, resource, cx)),
    }
}

/// Whether one element of a multi-valued attribute matches a bracket filter.
pub(crate) fn val_matches(filter: &ValFilter, item: &Value, parent: Option<&'static Attr>) -> bool {
    match filter {
        ValFilter::Attr(e) => {
            let path = exp_path(e);
            if path.uri.is_some() || path.sub_attr.is_some() {
                return false;
            }
            let def = parent.and_then(|p| p.sub_attr(&path.name));
            let values = item
                .as_object()
                .and_then(|m| get_ci(m, &path.name))
                .map(flatten)
                .unwrap_or_default();
            eval_exp(e, &values, def, def.is_some_and(|d| d.case_exact))
        }
        ValFilter::Not(inner) => !val_matches(inner, item, parent),
        ValFilter::And(items) => items.iter().all(|f| val_matches(f, item, parent)),
        ValFilter::Or(items) => items.iter().any(|f| val_matches(f, item, parent)),
    }
}

fn container_of<'v>(
    kind: ServedType,
    resource: &'v Value,
    path: &AttrPath,
) -> Option<&'v Map<String, Value>> {
    let map = resource.as_object()?;
    match path.uri.as_deref() {
        None => Some(map),
        Some(_) => match kind
            .resolve(path.uri.as_deref(), &path.name, None)?
            .container
        {
            Container::Core => Some(map),
            c @ Container::Extension(_) => get_ci(map, kind.container_urn(c)?)?.as_object(),
        },
    }
}

fn top_values<'v>(kind: ServedType, resource: &'v Value, path: &AttrPath) -> Vec<&'v Value> {
    let Some(container) = container_of(kind, resource, path) else {
        return Vec::new();
    };
    let Some(value) = get_ci(container, &path.name) else {
        return Vec::new();
    };
    let items = flatten(value);
    match &path.sub_attr {
        Some(sub) => items
            .into_iter()
            .filter_map(|i| i.as_object().and_then(|m| get_ci(m, sub)))
            .flat_map(flatten)
            .collect(),
        None => items
            .into_iter()
            .map(|i| match i {
                Value::Object(m) if value.is_array() => m.get("value").unwrap_or(&Value::Null),
                other => other,
            })
            .collect(),
    }
}

/// The value `sortBy` uses (RFC 7644 §3.4.2.3): for a multi-valued attribute
/// the primary value, else the first.
pub(crate) fn sort_value<'v>(
    kind: ServedType,
    resource: &'v Value,
    path: &AttrPath,
) -> Option<&'v Value> {
    let value = get_ci(container_of(kind, resource, path)?, &path.name)?;
    let item = match value {
        Value::Array(items) => items
            .iter()
            .find(|i| i.get("primary") == Some(&Value::Bool(true)))
            .or_else(|| items.first())?,
        other => other,
    };
    match (&path.sub_attr, item) {
        (Some(sub), Value::Object(m)) => get_ci(m, sub),
        (None, Value::Object(m)) if value.is_array() => m.get("value"),
        (None, Value::Object(_)) => None,
        (None, other) => Some(other),
        (Some(_), _) => None,
    }
}

fn flatten(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// Case-insensitive key lookup (RFC 7643 §2.1).
pub(crate) fn get_ci<'m>(map: &'m Map<String, Value>, key: &str) -> Option<&'m Value> {
    map.get(key).or_else(|| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn eval_exp(e: &AttrExp, values: &[&Value], def: Option<&Attr>, exact: bool) -> bool {
    match e {
        AttrExp::Present(_) => values.iter().any(|v| present(v)),
        AttrExp::Comparison(_, CompareOp::Eq, CompValue::Null) => {
            !values.iter().any(|v| present(v))
        }
        AttrExp::Comparison(_, CompareOp::Ne, CompValue::Null) => values.iter().any(|v| present(v)),
        AttrExp::Comparison(_, CompareOp::Ne, expected) => !values
            .iter()
            .any(|v| compare(&CompareOp::Eq, v, expected, def, exact)),
        AttrExp::Comparison(_, op, expected) => {
            values.iter().any(|v| compare(op, v, expected, def, exact))
        }
    }
}

fn compare(
    op: &CompareOp,
    actual: &Value,
    expected: &CompValue,
    def: Option<&Attr>,
    exact: bool,
) -> bool {
    use std::cmp::Ordering;
    let ordering: Option<Ordering> = match (actual, expected) {
        (Value::String(a), CompValue::Str(b)) => {
            if def.is_some_and(|d| d.ty == Ty::DateTime)
                && let (Ok(x), Ok(y)) = (a.parse::<jiff::Timestamp>(), b.parse::<jiff::Timestamp>())
            {
                return order_matches(op, x.cmp(&y));
            }
            let (a, b) = if exact {
                (a.clone(), b.clone())
            } else {
                (a.to_lowercase(), b.to_lowercase())
            };
            match op {
                CompareOp::Co => return a.contains(&b),
                CompareOp::Sw => return a.starts_with(&b),
                CompareOp::Ew => return a.ends_with(&b),
                _ => Some(a.cmp(&b)),
            }
        }
        (Value::Number(a), CompValue::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(x), Some(y)) => Some(x.cmp(&y)),
            _ => a
                .as_f64()
                .zip(b.as_f64())
                .and_then(|(x, y)| x.partial_cmp(&y)),
        },
        (Value::Bool(a), CompValue::True) => Some(a.cmp(&true)),
        (Value::Bool(a), CompValue::False) => Some(a.cmp(&false)),
        _ => None,
    };
    ordering.is_some_and(|o| order_matches(op, o))
}

fn order_matches(op: &CompareOp, o: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CompareOp::Eq => o == Equal,
        CompareOp::Ne => o != Equal,
        CompareOp::Gt => o == Greater,
        CompareOp::Ge => o != Less,
        CompareOp::Lt => o == Less,
        CompareOp::Le => o != Greater,
        CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
    }
}
