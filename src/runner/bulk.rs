//! What steps against `/Bulk` need from the runner: the ids a BulkResponse reports by `bulkId`
//! (for `capture: {x: {bulk-id: ann}}` and for cleanup), recording every object a bulk request
//! may have created (`bulk_creates`), and the generated lists (`repeat`) that build a request
//! with as many operations as a limit the target advertises.

use super::ledger::LedgerEntry;
use super::ownership::{Lookup, find_by_name};
use super::scenario::ScenarioState;
use super::step::NotRun;
use crate::check::identity::unusable_id;
use crate::check::{Verdict, pointer_ci};
use crate::http::Call;
use crate::scenario::{RepeatSpec, StepSpec};
use crate::template::{RenderError, VarSet, render_str, render_value};
use serde_json::{Value, json};

/// The id of the resource the operation with `bulk_id` created: the last path segment of the
/// `location` of the BulkResponse result echoing that `bulkId`.
pub(crate) fn bulk_result_id(body: &Value, bulk_id: &str) -> Option<String> {
    pointer_ci(body, "/Operations")?
        .as_array()?
        .iter()
        .find(|r| pointer_ci(r, "/bulkId").and_then(Value::as_str) == Some(bulk_id))
        .and_then(|r| pointer_ci(r, "/location"))
        .and_then(Value::as_str)
        .and_then(location_id)
}

/// The id a resource URI names: everything after its `/Users/` or `/Groups/` segment,
/// percent-decoded (so an id holding a `/` comes out whole, for `id-usable` to judge), or the
/// last path segment of a URI with neither.
fn location_id(location: &str) -> Option<String> {
    let path = location.trim_end_matches('/');
    let tail = ["/Users/", "/Groups/"]
        .iter()
        .filter_map(|e| path.rfind(e).map(|i| &path[i + e.len()..]))
        .min_by_key(|t| t.len())
        .or_else(|| path.rsplit('/').next())?;
    let id = percent_encoding::percent_decode_str(tail)
        .decode_utf8_lossy()
        .into_owned();
    (!id.is_empty()).then_some(id)
}

/// Why a `repeat` list was not built.
#[derive(Debug)]
pub(crate) enum RepeatError {
    /// A template had no value.
    Render(RenderError),
    /// The count is not a non-negative integer (a scenario or target error).
    NotCount(String),
    /// More copies than the step allows: the step is skipped with this reason.
    TooMany(String),
}

/// Builds the list a `repeat` asks for.
pub(crate) fn repeat_list(spec: &RepeatSpec, vars: &VarSet) -> Result<Value, RepeatError> {
    let count =
        render_value(&Value::String(spec.count.clone()), vars).map_err(RepeatError::Render)?;
    let n = count
        .as_u64()
        .or_else(|| count.as_str().and_then(|s| s.trim().parse().ok()))
        .ok_or_else(|| {
            RepeatError::NotCount(format!(
                "repeat.count `{}` rendered to {count}, not a non-negative integer",
                spec.count
            ))
        })?;
    let total = n.saturating_add(spec.plus);
    if total > spec.at_most {
        return Err(RepeatError::TooMany(format!(
            "`{}` is {n}: the step would send {total} elements, more than its limit of {}; not sent",
            spec.count, spec.at_most
        )));
    }
    let mut scoped = vars.clone();
    let mut out = Vec::new();
    for i in 1..=total {
        scoped.set("repeat", json!({ "index": i }));
        out.push(render_value(&spec.item, &scoped).map_err(RepeatError::Render)?);
    }
    Ok(Value::Array(out))
}

impl ScenarioState<'_> {
    /// Binds a step's `repeat` list before its request is rendered; an `Err` says why the
    /// step is not sent (over its limit: skipped; a count that cannot be read: blocked or an
    /// error).
    pub(crate) fn bind_repeat(&mut self, step: &StepSpec) -> Result<(), NotRun> {
        let Some(rep) = step.repeat.as_ref() else {
            return Ok(());
        };
        let (verdict, why) = match repeat_list(rep, &self.vars) {
            Ok(list) => {
                self.vars.set(rep.into.clone(), list);
                return Ok(());
            }
            Err(RepeatError::TooMany(why)) => return Err(NotRun::skipped(why)),
            Err(RepeatError::NotCount(why)) => (Verdict::Error, format!("scenario error: {why}")),
            Err(RepeatError::Render(err)) => self.explain_missing(&err),
        };
        Err(NotRun::new(verdict, why))
    }

    /// Records what a bulk step may have created, whatever its status: a target can create
    /// some of the operations and still answer with an error.
    pub(crate) async fn record_bulk_created(&mut self, step: &StepSpec, calls: &[Call]) {
        let body = calls
            .last()
            .and_then(|c| c.response.as_ref().ok())
            .and_then(|r| r.json().ok());
        for spec in &step.bulk_creates {
            let Ok(name) = render_str(&spec.name, &self.vars) else {
                continue;
            };
            let reported = body
                .as_ref()
                .and_then(|b| bulk_result_id(b, &spec.bulk_id))
                .filter(|id| unusable_id(id).is_none());
            let ids = match reported {
                Some(id) => vec![id],
                None => match find_by_name(self.client, spec.kind, &name, self.prefix).await {
                    Lookup::Found(ids) => ids,
                    Lookup::NotFound => {
                        self.ledger
                            .settle(spec.kind, &name, &self.prefix.0, &self.scenario_id);
                        Vec::new()
                    }
                    Lookup::Failed(_) => Vec::new(),
                },
            };
            for id in ids {
                self.ledger.record(LedgerEntry::created(
                    spec.kind,
                    id,
                    name.clone(),
                    self.prefix.0.clone(),
                    self.scenario_id.clone(),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_ids_map_to_the_last_location_segment() {
        let body = json!({"Operations": [
            {"bulkId": "a", "location": "https://x/v2/Users/42", "status": "201"},
            {"bulkId": "b", "status": "409"},
        ]});
        assert_eq!(bulk_result_id(&body, "a").as_deref(), Some("42"));
        assert_eq!(bulk_result_id(&body, "b"), None);
        assert_eq!(bulk_result_id(&body, "c"), None);
    }

    #[test]
    fn repeat_renders_each_index_and_refuses_past_its_limit() {
        let mut vars = VarSet::default();
        vars.set("spc", json!({"bulk": {"maxOperations": 2}}));
        let spec = RepeatSpec {
            count: "{{spc.bulk.maxOperations}}".into(),
            plus: 1,
            at_most: 3,
            into: "ops".into(),
            item: json!({"path": "/Users/x-{{repeat.index}}"}),
        };
        let list = repeat_list(&spec, &vars).unwrap();
        assert_eq!(list[2], json!({"path": "/Users/x-3"}));
        vars.set("spc", json!({"bulk": {"maxOperations": 5}}));
        assert!(matches!(
            repeat_list(&spec, &vars),
            Err(RepeatError::TooMany(_))
        ));
        vars.set("spc", json!({"bulk": {"maxOperations": "lots"}}));
        assert!(matches!(
            repeat_list(&spec, &vars),
            Err(RepeatError::NotCount(_))
        ));
    }
}
