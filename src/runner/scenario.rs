//! Running one scenario: generate its values, run its steps in order, then clean up what it
//! created, whatever happened on the way.

use super::cleanup::clean_up;
use super::ledger::Ledger;
use super::result::{ScenarioResult, worst};
use crate::http::HttpClient;
use crate::scenario::Scenario;
use crate::template::{Generator, RunPrefix, VarSet};
use serde_json::json;
use std::collections::HashMap;
use std::time::Instant;

/// Everything a scenario run reads and changes. Its methods are in the files of the step's
/// phases: `step.rs` (the phases in order, what blocks), `capture.rs` (effects: captures and
/// the ledger), `bulk.rs` (a bulk step's `repeat` list and what it may have created).
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
    /// The scenario's Okta feature (a step may name another).
    pub(crate) feature: Option<crate::feature::OktaFeature>,
    /// Which features the run tests.
    pub(crate) features: &'a crate::readiness::FeatureConfig,
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
    /// The most members one membership PATCH carries (`{{okta.membership_chunk}}`).
    pub(crate) membership_chunk: u32,
    /// Set on Ctrl-C: no new step starts; cleanup still runs.
    pub(crate) cancel: &'a std::sync::atomic::AtomicBool,
    /// Which features the run tests.
    pub(crate) features: &'a crate::readiness::FeatureConfig,
    /// What the target's discovery documents said.
    pub(crate) discovery: &'a crate::readiness::Discovery,
    /// Accepted deviations, marked on the scenario's result before it is reported.
    pub(crate) accept: &'a [crate::accept::Acceptance],
    /// The day `until` dates are compared with.
    pub(crate) today: jiff::civil::Date,
}

/// `{{target.versioned}}`: whether the base URL already ends in a version segment (`/v2`,
/// `/V2/`, any `v<digits>`), with `{{target.reason}}` saying so for a skipped probe;
/// `{{target.base_url}}`: the base URL without a trailing `/` (a recorded body's
/// `meta.location` is rewritten to it). (The
/// runner adds `{{target.groups.supported}}` from the discovery documents.)
fn target_vars(base: &url::Url) -> serde_json::Value {
    let last = base
        .path()
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    let versioned = last.len() > 1
        && last.as_bytes()[0].eq_ignore_ascii_case(&b'v')
        && last[1..].bytes().all(|b| b.is_ascii_digit());
    let base_url = base.as_str().trim_end_matches('/').to_owned();
    let mut vars = if versioned {
        json!({
            "versioned": true,
            "reason": format!("the base URL already ends in /{last}: the version segment is part of it"),
        })
    } else {
        json!({"versioned": false})
    };
    vars["base_url"] = json!(base_url);
    vars
}

/// Runs a scenario and its cleanup.
pub(crate) async fn run_scenario(env: ScenarioEnv<'_>, scenario: &Scenario) -> ScenarioResult {
    let started = Instant::now();
    let mut generator = Generator::new(env.seed, &scenario.id, env.prefix.clone());
    let mut vars = VarSet::default();
    vars.set("run", json!({ "prefix": env.prefix.0 }));
    vars.set(
        "okta",
        json!({ "membership_chunk": env.membership_chunk.max(1) }),
    );
    let mut target = target_vars(&env.client.options().base_url);
    target["groups"] = match env.discovery.no_groups() {
        None => json!({"supported": true}),
        Some(why) => json!({"supported": false, "reason": why}),
    };
    vars.set("target", target);
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
        feature: scenario.file.feature,
        features: env.features,
    };
    let mut steps = Vec::with_capacity(scenario.file.steps.len());
    let mut interrupted = false;
    for step in &scenario.file.steps {
        if env.cancel.load(std::sync::atomic::Ordering::SeqCst) || env.client.stopped().is_some() {
            interrupted = true;
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
        interrupted,
        generated,
    }
}

#[cfg(test)]
mod tests {
    use super::target_vars;

    fn versioned(base: &str) -> bool {
        target_vars(&url::Url::parse(base).unwrap())["versioned"] == true
    }

    #[test]
    fn a_trailing_version_segment_makes_the_base_versioned() {
        for base in [
            "http://h/scim/v2",
            "http://h/scim/v2/",
            "http://h/scim/V2",
            "http://h/v10",
        ] {
            assert!(versioned(base), "{base}");
        }
        for base in [
            "http://h/scim",
            "http://h/",
            "http://h/v",
            "http://h/v2x",
            "http://h/api/v2/x",
        ] {
            assert!(!versioned(base), "{base}");
        }
        let v = target_vars(&url::Url::parse("http://h/scim/V2/").unwrap());
        assert_eq!(
            v["reason"],
            "the base URL already ends in /V2: the version segment is part of it"
        );
    }
}
