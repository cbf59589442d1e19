//! Rendering a step's request and checks against the scenario's variables, including Okta's
//! read-modify-write PUT (`body_base`: the captured GET body with `body` deep-merged onto it).

use crate::check::CheckSpec;
use crate::http::{Auth, RequestSpec};
use crate::scenario::{AuthSpec, StepSpec};
use crate::template::{RenderError, VarSet, query_value, render_path, render_str, render_value};
use serde_json::Value;

pub(crate) fn render_request(step: &StepSpec, vars: &VarSet) -> Result<RequestSpec, RenderError> {
    let t = &step.request;
    let mut spec = RequestSpec::new(t.method, render_path(&t.path, vars)?);
    let query = t
        .query
        .as_deref()
        .map(|q| render_str(q, vars))
        .transpose()?;
    spec.query = match &t.filter {
        Some(f) => {
            let filter = format!("filter={}", query_value(&render_str(f, vars)?));
            Some(match query {
                Some(q) if !q.is_empty() => format!("{filter}&{q}"),
                _ => filter,
            })
        }
        None => query,
    };
    for (k, v) in &t.headers {
        spec.headers.push((k.clone(), render_str(v, vars)?));
    }
    let base = match &t.body_base {
        Some(b) => Some(render_value(&Value::String(b.clone()), vars)?),
        None => None,
    };
    let body = t.body.as_ref().map(|b| render_value(b, vars)).transpose()?;
    let body = match (base, body) {
        (Some(mut base), Some(over)) => {
            deep_merge(&mut base, over);
            Some(base)
        }
        (base, body) => body.or(base),
    };
    if let Some(v) = body {
        spec.body = Some(serde_json::to_vec(&v).unwrap_or_default());
    }
    if let Some(raw) = &t.raw_body {
        spec.body = Some(render_str(raw, vars)?.into_bytes());
    }
    spec.auth = match &t.auth {
        AuthSpec::Bearer => Auth::Bearer,
        AuthSpec::None => Auth::None,
        AuthSpec::Literal(s) => Auth::Literal(render_str(s, vars)?),
    };
    Ok(spec)
}

/// Merges `over` into `base`: objects member by member, anything else replaced.
fn deep_merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Object(b), Value::Object(o)) => {
            for (k, v) in o {
                // SCIM attribute names are case-insensitive: replace whatever spelling is there.
                let existing = b.keys().find(|bk| bk.eq_ignore_ascii_case(&k)).cloned();
                match existing {
                    Some(ek) => {
                        if let Some(slot) = b.get_mut(&ek) {
                            deep_merge(slot, v);
                        }
                    }
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// Why a check's parameters could not be rendered.
pub(crate) enum CheckRenderError {
    /// A template had no value (or was malformed).
    Render(RenderError),
    /// The rendered parameters do not fit the check (a scenario error).
    Invalid(String),
}

pub(crate) fn render_check(spec: &CheckSpec, vars: &VarSet) -> Result<CheckSpec, CheckRenderError> {
    let raw = serde_json::to_value(spec).map_err(|e| CheckRenderError::Invalid(e.to_string()))?;
    let rendered = render_value(&raw, vars).map_err(CheckRenderError::Render)?;
    serde_json::from_value(rendered)
        .map_err(|e| CheckRenderError::Invalid(format!("rendered check is invalid: {e}")))
}
