//! Scenarios: replayed Okta traffic as readable YAML files, parsed strictly.
//!
//! A scenario is one Okta flow (okta-traffic.md §1): ordered steps, each one request as Okta
//! sends it plus the checks its response must pass. Values the run generates (names, emails,
//! Okta-shaped `00u…` ids) are declared under `vars`; values taken from responses are
//! `capture`d and feed later steps through `{{name}}` templates. Every parse error names the
//! file and the field path:
//!
//! ```text
//! scenarios/okta/create.yaml: steps[1].expect[0]: unknown field `stauts`
//! ```
//!
//! The format's JSON Schema is generated from the `model` types into `schemas/scenario.schema.json`.

mod load;
mod model;

pub use load::{
    LoadError, Scenario, builtin_scenarios, builtin_scenarios_in, load_dir, load_file,
    parse_scenario, scenario_json_schema,
};
pub use model::{
    AuthSpec, BulkCreatesSpec, CapabilitySpec, CaptureSpec, CreatesSpec, ForEachSpec, PaginateSpec,
    RepeatSpec, RequestTemplate, ResourceKind, ScenarioFile, SchemaProbeSpec, StepSpec, VarSpec,
};
