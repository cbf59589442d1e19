//! What a step leaves behind once its answer is in: captured variables (JSON pointers,
//! headers, bulk ids, schema probes) for later steps, and the cleanup ledger's entries for
//! what it created or deleted, so cleanup touches only the run's own objects.

use super::bulk::bulk_result_id;
use super::ledger::LedgerEntry;
use super::scenario::ScenarioState;
use super::step::kind_of;
use crate::http::{Call, Method, RequestSpec};
use crate::scenario::{CaptureSpec, ResourceKind, StepSpec};
use crate::template::{VarSet, render_str, render_value};
use serde_json::Value;

impl ScenarioState<'_> {
    pub(super) fn capture(&mut self, step: &StepSpec, calls: &[Call]) {
        let Some(resp) = calls.last().and_then(|c| c.response.as_ref().ok()) else {
            return;
        };
        if !(200..300).contains(&resp.status) {
            return;
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
            if let Some(v) = value {
                if step.for_each.is_some() {
                    self.vars.push(name, v);
                } else {
                    self.vars.set(name.clone(), v);
                }
            }
        }
    }

    pub(super) async fn record_created(&mut self, step: &StepSpec, calls: &[Call]) {
        let Some(creates) = &step.creates else { return };
        let Some(resp) = calls.last().and_then(|c| c.response.as_ref().ok()) else {
            return;
        };
        if !(200..300).contains(&resp.status) {
            return;
        }
        let Ok(name) = render_str(&creates.name, &self.vars) else {
            return;
        };
        let id = resp
            .json()
            .ok()
            .and_then(|b| {
                crate::check::pointer_ci(&b, &creates.id)
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            })
            .filter(|s| !s.is_empty());
        let id = match id {
            Some(id) => Some(id),
            // The server created something but did not say its id: find it by name to clean up.
            None => self.find_by_name(creates.kind, &name).await,
        };
        if let Some(id) = id {
            self.ledger.record(LedgerEntry {
                kind: creates.kind,
                id,
                name,
                prefix: self.prefix.0.clone(),
                scenario: self.scenario_id.clone(),
            });
        }
    }

    pub(crate) async fn find_by_name(&self, kind: ResourceKind, name: &str) -> Option<String> {
        let attr = match kind {
            ResourceKind::User => "userName",
            ResourceKind::Group => "displayName",
        };
        let mut vars = VarSet::default();
        vars.set("n", Value::String(name.to_owned()));
        let q = render_str(
            &format!("filter={attr}%20eq%20%22{{{{n|url}}}}%22&startIndex=1&count=2"),
            &vars,
        )
        .ok()?;
        let mut spec = RequestSpec::new(Method::Get, kind.endpoint());
        spec.query = Some(q);
        let call = self.client.send(&spec).await;
        let v = call.response.ok()?.json().ok()?;
        let res = crate::check::pointer_ci(&v, "/Resources")?.as_array()?;
        match res.as_slice() {
            [one] => crate::check::pointer_ci(one, "/id")?
                .as_str()
                .map(str::to_owned),
            _ => None,
        }
    }

    pub(super) fn forget_deleted(&self, spec: &RequestSpec, call: &Call) {
        if spec.method != Method::Delete {
            return;
        }
        let ok = call
            .response
            .as_ref()
            .is_ok_and(|r| (200..300).contains(&r.status));
        if let (true, Some(kind)) = (ok, kind_of(&spec.path))
            && let Some(id) = spec.path.rsplit('/').next()
        {
            self.ledger.forget(kind, id);
        }
    }
}
