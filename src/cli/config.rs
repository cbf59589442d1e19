//! `scimgate.toml`: the settings a team would otherwise retype on every `scimgate run`.
//!
//! Found in the working directory, or named with `--config FILE`. Flags (and the `SCIMGATE_*`
//! environment variables behind them) override it. The token itself is never in the file:
//! `token_env` names the environment variable that holds it, and `[headers]` maps each extra
//! header to the variable holding its value (header values are treated as secrets).
//!
//! ```toml
//! base_url = "https://staging.example.com/scim/v2"
//! token_env = "STAGING_SCIM_TOKEN"
//! profile = "okta"                  # okta | rfc | all
//! gate = "oin"                      # okta | oin | rfc
//! okta_features = ["create-users", "update-user-attributes", "deactivate-users", "push-groups"]
//! sync_group = "Everyone"
//! snapshots = "snapshots/staging"   # relative to this file
//! drift = "warn"                    # fail | warn
//!
//! [headers]
//! X-Tenant = "STAGING_TENANT_ID"    # header name = environment variable holding its value
//!
//! [[accept]]
//! check = "duplicate-409"
//! reason = "SCIM-142, fixed in the March release"
//! until = 2027-03-01
//! ```
//!
//! Parsing is strict: an unknown key, a value of the wrong type or an unknown profile is a
//! one-line error naming `file:line:column`, like a bad scenario.

use super::args::{DriftMode, GateArg, Profile, RunArgs, UsageError};
use clap::ValueEnum;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file looked for in the working directory.
pub const FILE_NAME: &str = "scimgate.toml";

/// `okta_features` as a list or as one comma-separated string.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Features {
    List(Vec<String>),
    One(String),
}

/// The file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    base_url: Option<String>,
    token_env: Option<String>,
    profile: Option<String>,
    gate: Option<String>,
    okta_features: Option<Features>,
    sync_group: Option<String>,
    snapshots: Option<PathBuf>,
    drift: Option<String>,
    scenarios_dir: Option<PathBuf>,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    accept: Vec<crate::accept::AcceptEntry>,
}

/// A loaded config, applied to `run`'s arguments by [`apply`].
#[derive(Debug)]
pub struct Config {
    path: PathBuf,
    file: File,
}

/// Finds the config: `--config FILE` (which must exist), else `scimgate.toml` in the working
/// directory, else none.
pub fn find(flag: Option<&Path>) -> Result<Option<Config>, UsageError> {
    let path = match flag {
        Some(p) => p.to_path_buf(),
        None => {
            let p = PathBuf::from(FILE_NAME);
            if !p.is_file() {
                return Ok(None);
            }
            p
        }
    };
    let source = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| UsageError(format!("{source}: {e}")))?;
    let file: File = toml::from_str(&text)
        .map_err(|e| UsageError(crate::accept::toml_error(&source, &text, &e)))?;
    Ok(Some(Config { path, file }))
}

fn parse_enum<T: ValueEnum>(source: &str, key: &str, value: &str) -> Result<T, UsageError> {
    T::from_str(value, true).map_err(|_| {
        let names: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_owned())
            .collect();
        UsageError(format!(
            "{source}: `{key} = \"{value}\"`: expected one of {}",
            names.join(", ")
        ))
    })
}

/// What the config adds to `run`: its accepted deviations (the rest is written into `args`).
pub fn apply(
    config: Config,
    args: &mut RunArgs,
) -> Result<Vec<crate::accept::Acceptance>, UsageError> {
    let source = config.path.display().to_string();
    let dir = config
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let relative = |p: PathBuf| if p.is_absolute() { p } else { dir.join(p) };
    let f = config.file;
    let t = &mut args.target;
    if t.base_url.is_none() {
        t.base_url = f.base_url;
    }
    if let Some(var) = &f.token_env
        && t.token.is_none()
        && t.token_file.is_none()
    {
        let value = std::env::var(var).map_err(|_| {
            UsageError(format!(
                "{source}: `token_env = \"{var}\"` names an environment variable that is not set"
            ))
        })?;
        t.token = Some(value);
    }
    for (name, var) in &f.headers {
        if t.headers.iter().any(|h| {
            h.split(':')
                .next()
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
        }) {
            continue;
        }
        let value = std::env::var(var).map_err(|_| {
            UsageError(format!(
                "{source}: [headers] `{name} = \"{var}\"` names an environment variable that is not set"
            ))
        })?;
        t.headers.push(format!("{name}: {value}"));
    }
    if args.profile.is_none()
        && let Some(p) = &f.profile
    {
        args.profile = Some(parse_enum::<Profile>(&source, "profile", p)?);
    }
    if args.gate.is_none()
        && let Some(g) = &f.gate
    {
        args.gate = Some(parse_enum::<GateArg>(&source, "gate", g)?);
    }
    if args.drift.is_none()
        && let Some(d) = &f.drift
    {
        args.drift = Some(parse_enum::<DriftMode>(&source, "drift", d)?);
    }
    if args.okta_features.is_none() {
        args.okta_features = f.okta_features.map(|v| match v {
            Features::List(l) => l.join(","),
            Features::One(s) => s,
        });
    }
    if args.sync_group.is_none() {
        args.sync_group = f.sync_group;
    }
    if args.snapshots.is_none() {
        args.snapshots = f.snapshots.map(relative);
    }
    if args.scenarios_dir.is_none() {
        args.scenarios_dir = f.scenarios_dir.map(relative);
    }
    crate::accept::from_entries(f.accept, &source).map_err(UsageError)
}
