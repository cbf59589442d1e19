//! `scimgate diff`: the same scenarios against two targets (say staging and production, each
//! with its own URL and token), compared step by step through the normalised transcripts, so
//! only real behaviour differences show.

use super::args::TargetArgs;
use super::run::select;
use super::target;
use crate::runner::{RunOptions, Runner};
use crate::scenario::builtin_scenarios;
use crate::snapshot::{StepDifference, differences};
use clap::Args;
use std::path::PathBuf;
use std::sync::Arc;

/// `scimgate diff`.
#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The left target's base URL (default: the embedded reference server).
    #[arg(long, value_name = "URL")]
    pub left: Option<String>,
    /// The left target's token (or SCIMGATE_LEFT_TOKEN).
    #[arg(long, env = "SCIMGATE_LEFT_TOKEN", hide_env_values = true)]
    pub left_token: Option<String>,
    /// Read the left token from a file.
    #[arg(long)]
    pub left_token_file: Option<PathBuf>,
    /// Embedded left server only: a fault to switch on (repeatable).
    #[arg(long = "left-fault", value_name = "FAULT", value_parser = super::args::parse_fault)]
    pub left_faults: Vec<crate::reference::Fault>,
    /// The right target's base URL (default: the embedded reference server).
    #[arg(long, value_name = "URL")]
    pub right: Option<String>,
    /// The right target's token (or SCIMGATE_RIGHT_TOKEN).
    #[arg(long, env = "SCIMGATE_RIGHT_TOKEN", hide_env_values = true)]
    pub right_token: Option<String>,
    /// Read the right token from a file.
    #[arg(long)]
    pub right_token_file: Option<PathBuf>,
    /// Embedded right server only: a fault to switch on (repeatable).
    #[arg(long = "right-fault", value_name = "FAULT", value_parser = super::args::parse_fault)]
    pub right_faults: Vec<crate::reference::Fault>,
    /// Compare only these scenarios (id or prefix; repeatable).
    #[arg(long = "scenario", value_name = "ID")]
    pub scenarios: Vec<String>,
    /// Compare only scenarios with this tag (repeatable).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Which profile to compare (okta, rfc or all).
    #[arg(long, value_enum, default_value = "okta")]
    pub profile: super::args::Profile,
    /// Per-request timeout for both targets.
    #[arg(long, default_value = "30s")]
    pub timeout: String,
    /// Accept any TLS certificate on both targets.
    #[arg(long)]
    pub insecure: bool,
}

fn side(
    url: &Option<String>,
    token: &Option<String>,
    file: &Option<PathBuf>,
    args: &DiffArgs,
) -> TargetArgs {
    TargetArgs {
        base_url: url.clone(),
        token: token.clone(),
        token_file: file.clone(),
        headers: Vec::new(),
        timeout: args.timeout.clone(),
        insecure: args.insecure,
        cacert: None,
        rate: None,
        max_in_flight: None,
        max_429_wait: "30s".to_owned(),
        rate_limit_budget: "40s".to_owned(),
    }
}

/// Runs the command.
pub(crate) async fn run(args: DiffArgs) -> anyhow::Result<i32> {
    let scenarios = select(
        builtin_scenarios().map_err(|e| super::args::UsageError(e.to_string()))?,
        args.profile,
        &args.scenarios,
        &args.tags,
    )?;
    let seed = 1;
    let mut reports = Vec::new();
    let mut secrets = Vec::new();
    for (ta, faults) in [
        (
            side(&args.left, &args.left_token, &args.left_token_file, &args),
            &args.left_faults,
        ),
        (
            side(
                &args.right,
                &args.right_token,
                &args.right_token_file,
                &args,
            ),
            &args.right_faults,
        ),
    ] {
        let t = target::resolve(&ta, faults).await?;
        secrets.extend(t.client.secrets());
        let runner = Runner::new(
            Arc::new(t.client),
            RunOptions {
                seed,
                jobs: 1,
                ..RunOptions::default()
            },
        );
        let report = runner.run(&scenarios, Arc::new(|_| {})).await;
        if let Some(fatal) = &report.preflight.fatal {
            eprintln!("error: {}: {fatal}", report.target);
            return Ok(crate::exit::COULD_NOT_TEST);
        }
        if let Some(server) = t.embedded {
            server.shutdown().await;
        }
        reports.push(report);
    }
    let redactor = crate::secret::Redactor::new(secrets.iter());
    let diffs: Vec<StepDifference> = differences(&reports[0], &reports[1])
        .into_iter()
        .map(|d| StepDifference {
            diff: redactor.redact(&d.diff),
            ..d
        })
        .collect();
    out!("left:  {}\nright: {}", reports[0].target, reports[1].target);
    for d in &diffs {
        out!("\n{} › {}\n{}", d.scenario, d.step, d.diff.trim_end());
    }
    out!(
        "\n{} scenario(s) compared, {} step(s) differ",
        scenarios.len(),
        diffs.len()
    );
    Ok(if diffs.is_empty() {
        crate::exit::OK
    } else {
        crate::exit::NONCONFORMANT
    })
}
