//! What a step leaves behind once its answer is in: captured variables (JSON pointers,
//! headers, bulk ids, schema probes) for later steps, and the cleanup ledger's entries for
//! what it created or deleted, so cleanup touches only the run's own objects.
//!
//! Ids are judged where they enter: a captured id that cannot be one path segment fails
//! `id-usable` and is not captured, and a create answer describing another object than the
//! one sent fails `create-own-resource` and its id is neither captured nor recorded.

use super::bulk::bulk_result_id;
use super::ledger::LedgerEntry;
use super::ownership::{Lookup, find_by_name, observe};
use super::scenario::ScenarioState;
use super::step::kind_of;
use crate::check::identity::{eval_create_own_resource, eval_id_usable, id_text, unusable_id};
use crate::check::{CheckOutcome, Verdict};
use crate::http::{Call, Method, RequestSpec};
use crate::scenario::{CaptureSpec, StepSpec};
use crate::template::{render_str, render_value};
use serde_json::Value;

/// True for a capture that takes a server-assigned id: a JSON Pointer ending in `/id`, or a
/// bulk result's id.
fn captures_id(spec: &CaptureSpec) -> bool {
    match spec {
        CaptureSpec::Json(ptr) => ptr
            .rsplit('/')
            .next()
            .is_some_and(|last| last.eq_ignore_ascii_case("id") && ptr.contains('/')),
        CaptureSpec::BulkId(_) => true,
        CaptureSpec::Header(_) | CaptureSpec::SchemaProbe(_) => false,
    }
}

impl ScenarioState<'_> {
    /// Takes the step's captures from its answer. Returns the `id-usable` outcome of each id
    /// captured; an unusable id is not captured (`ids_trusted` false: none is).
    pub(super) fn capture(
        &mut self,
        step: &StepSpec,
        calls: &[Call],
        ids_trusted: bool,
    ) -> Vec<CheckOutcome> {
        let mut outcomes = Vec::new();
        let Some(resp) = calls.last().and_then(|c| c.response.as_ref().ok()) else {
            return outcomes;
        };
        if !(200..300).contains(&resp.status) {
            return outcomes;
        }
        let body = resp.json().ok();
        for (name, spec) in &step.capture {
            let value = match spec {
                CaptureSpec::Json(ptr) => body
                    .as_ref()
                    .and_then(|b| crate::check::pointer_ci(b, ptr))
                    .filter(|v| !v.is_null())
                    .cloned(),
                CaptureSpec::Header(h) => resp.header(h).map(|s| Value::String(s.to_owned())),
                CaptureSpec::BulkId(b) => body
                    .as_ref()
                    .and_then(|v| bulk_result_id(v, b))
                    .map(Value::String),
                CaptureSpec::SchemaProbe(spec) => {
                    let types =
                        render_value(&Value::String(spec.resource_types.clone()), &self.vars);
                    let prefix = self
                        .vars
                        .lookup("run.prefix")
                        .and_then(Value::as_str)
                        .unwrap_or("scimgate");
                    match (body.as_ref(), types) {
                        (Some(b), Ok(t)) => {
                            Some(crate::check::schema_probe(b, &t, &spec.endpoint, prefix))
                        }
                        _ => None,
                    }
                }
            };
            let Some(v) = value else { continue };
            if captures_id(spec) {
                if !ids_trusted {
                    continue;
                }
                let judged = eval_id_usable(&v);
                let usable = judged.verdict == Verdict::Pass;
                outcomes.push(judged);
                if !usable {
                    continue;
                }
            }
            if step.for_each.is_some() {
                self.vars.push(name, v);
            } else {
                self.vars.set(name.clone(), v);
            }
        }
        outcomes
    }

    /// Before a step that creates something is sent: a `pending` ledger entry per object it
    /// may create, so a kill while it is in flight still leaves a trace for `cleanup`.
    pub(super) fn record_pending(&mut self, step: &StepSpec) {
        let names = step
            .creates
            .iter()
            .map(|c| (c.kind, &c.name))
            .chain(step.bulk_creates.iter().map(|b| (b.kind, &b.name)));
        for (kind, name) in names {
            if let Ok(name) = render_str(name, &self.vars) {
                self.ledger.pending(LedgerEntry::pending(
                    kind,
                    name,
                    self.prefix.0.clone(),
                    self.scenario_id.clone(),
                ));
            }
        }
    }

    /// After a step that `creates` an object: records it under the id its answer names, or,
    /// when the answer names none (or an unusable one), under the id a search by its name
    /// finds. Returns the `create-own-resource` outcome when the answer named an object, and
    /// whether the answer's ids may be trusted (false: they name another object).
    pub(super) async fn record_created(
        &mut self,
        step: &StepSpec,
        calls: &[Call],
    ) -> (Option<CheckOutcome>, bool) {
        let Some(creates) = &step.creates else {
            return (None, true);
        };
        let Ok(name) = render_str(&creates.name, &self.vars) else {
            return (None, true);
        };
        let answer = calls.last().and_then(|c| c.response.as_ref().ok());
        let refused = answer.is_some_and(|r| (400..500).contains(&r.status));
        if refused {
            // The server says it created nothing.
            self.ledger
                .settle(creates.kind, &name, &self.prefix.0, &self.scenario_id);
            return (None, true);
        }
        let body = answer
            .filter(|r| (200..300).contains(&r.status))
            .and_then(|r| r.json().ok());
        let own = body
            .as_ref()
            .and_then(|b| eval_create_own_resource(b, creates.kind, &name));
        let trusted = own.as_ref().is_none_or(|o| o.verdict == Verdict::Pass);
        let id = body
            .as_ref()
            .and_then(|b| crate::check::pointer_ci(b, &creates.id))
            .and_then(id_text)
            .filter(|id| trusted && unusable_id(id).is_none());
        let ids = match id {
            Some(id) => vec![id],
            // The server created something but did not say (usably) which: find it by name.
            None => match find_by_name(self.client, creates.kind, &name, self.prefix).await {
                Lookup::Found(ids) => ids,
                Lookup::NotFound => {
                    self.ledger
                        .settle(creates.kind, &name, &self.prefix.0, &self.scenario_id);
                    Vec::new()
                }
                // Stays pending: cleanup searches again and reports it if it still cannot tell.
                Lookup::Failed(_) => Vec::new(),
            },
        };
        for id in ids {
            self.ledger.record(LedgerEntry::created(
                creates.kind,
                id,
                name.clone(),
                self.prefix.0.clone(),
                self.scenario_id.clone(),
            ));
        }
        (own, trusted)
    }

    /// A scenario's own reads confirm ownership; its DELETEs take objects off the ledger.
    pub(super) fn observe_call(&self, spec: &RequestSpec, call: &Call) {
        let Ok(resp) = &call.response else { return };
        if spec.method == Method::Get {
            observe(
                self.ledger,
                self.prefix,
                spec,
                resp.status,
                resp.json().ok().as_ref(),
            );
            return;
        }
        if spec.method != Method::Delete || !(200..300).contains(&resp.status) {
            return;
        }
        if let Some(kind) = kind_of(&spec.path)
            && let Some((_, id)) = super::ownership::addressed(&spec.path)
        {
            self.ledger.forget(kind, &id);
        }
    }
}
