//! Running one scenario: generate its values, run its steps in order, then clean up what it
//! created, whatever happened on the way.

use super::ledger::{Ledger, clean_up};
use super::result::{ScenarioResult, worst};
use crate::http::HttpClient;
use crate::scenario::Scenario;
use crate::template::{Generator, RunPrefix, VarSet};
use serde_json::json;
use std::collections::HashMap;
use std::time::Instant;

/// Everything a scenario run reads and changes.
pub(crate) struct ScenarioState<'a> {
    pub(crate) cancel: &'a std::sync::atomic::AtomicBool,
    pub(crate) client: &'a HttpClient,
    pub(crate) ledger: &'a Ledger,
    pub(crate) prefix: &'a RunPrefix,
    pub(crate) scenario_id: String,
    pub(crate) vars: VarSet,
    /// Step name → the root cause later steps name when they cannot run.
    pub(crate) failed: HashMap<String, String>,
    /// Step name → why it was skipped (a capability the target does not advertise).
    pub(crate) skipped: HashMap<String, String>,
    /// Captured variable → the step that captures it.
    pub(crate) origin: HashMap<String, String>,
}

/// Shared settings for scenario runs.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScenarioEnv<'a> {
    pub(crate) client: &'a HttpClient,
    pub(crate) ledger: &'a Ledger,
    pub(crate) prefix: &'a RunPrefix,
    pub(crate) seed: u64,
    pub(crate) keep: bool,
    pub(crate) sync_group: Option<&'a super::sync::SyncGroup>,
    /// Set on Ctrl-C: no new step starts; cleanup still runs.
    pub(crate) cancel: &'a std::sync::atomic::AtomicBool,
}

/// Runs a scenario and its cleanup.
pub(crate) async fn run_scenario(env: ScenarioEnv<'_>, scenario: &Scenario) -> ScenarioResult {
    let started = Instant::now();
    let mut generator = Generator::new(env.seed, &scenario.id, env.prefix.clone());
    let mut vars = VarSet::default();
    vars.set("run", json!({ "prefix": env.prefix.0 }));
    let mut generated = std::collections::BTreeMap::new();
    for (name, spec) in &scenario.file.vars {
        let v = generator.value(spec);
        generated.insert(name.clone(), v.clone());
        vars.set(name.clone(), v);
    }
    let mut origin = HashMap::new();
    for step in &scenario.file.steps {
        for name in step.capture.keys() {
            origin
                .entry(name.clone())
                .or_insert_with(|| step.name.clone());
        }
    }
    let mut state = ScenarioState {
        cancel: env.cancel,
        client: env.client,
        ledger: env.ledger,
        prefix: env.prefix,
        scenario_id: scenario.id.clone(),
        vars,
        failed: HashMap::new(),
        skipped: HashMap::new(),
        origin,
    };
    let mut steps = Vec::with_capacity(scenario.file.steps.len());
    for step in &scenario.file.steps {
        if env.cancel.load(std::sync::atomic::Ordering::SeqCst) {
            steps.push(super::step::interrupted(step));
            continue;
        }
        steps.push(state.run_step(step).await);
    }
    if let Some(sync) = env.sync_group {
        let users = env.ledger.users_of(&scenario.id);
        if !users.is_empty() {
            steps.push(sync.check(env.client, &users).await);
        }
    }
    let cleanup = if env.keep {
        Vec::new()
    } else {
        let entries = env.ledger.take_scenario(&scenario.id);
        clean_up(env.client, &entries).await
    };
    ScenarioResult {
        id: scenario.id.clone(),
        title: scenario.file.title.clone(),
        verdict: worst(steps.iter().map(|s| s.verdict)),
        steps,
        cleanup,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        generated,
    }
}
