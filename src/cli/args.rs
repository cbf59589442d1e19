//! clap argument types for every subcommand.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Parses a fault name; a mistake names the nearest fault and `scimgate list faults`, not the
/// hundred-odd names (which `--help` does not list either).
pub fn parse_fault(s: &str) -> Result<crate::reference::Fault, String> {
    use clap::ValueEnum;
    if let Ok(f) = crate::reference::Fault::from_str(s, true) {
        return Ok(f);
    }
    let names: Vec<String> = crate::reference::Fault::value_variants()
        .iter()
        .filter_map(|f| f.to_possible_value())
        .map(|v| v.get_name().to_owned())
        .collect();
    let score = |n: &str| {
        let common = n.chars().zip(s.chars()).take_while(|(a, b)| a == b).count();
        let shared = s
            .split('-')
            .filter(|w| n.split('-').any(|x| x == *w))
            .count();
        common + 4 * shared
    };
    let nearest = names
        .iter()
        .max_by_key(|n| score(n))
        .filter(|n| score(n) >= 4);
    Err(match nearest {
        Some(n) => format!("unknown fault (did you mean `{n}`? `scimgate list faults` lists them)"),
        None => "unknown fault (`scimgate list faults` lists them)".to_owned(),
    })
}

/// A usage mistake (exit 2), as opposed to trouble while testing (exit 3).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// scimgate: replays the SCIM 2.0 traffic Okta sends against a service provider and checks
/// every response against RFC 7643/7644 and what Okta needs.
#[derive(Parser, Debug)]
#[command(name = "scimgate", version, about, after_help = crate::exit::TABLE)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run a profile (Okta's traffic by default, or `--profile rfc`) against a target (the embedded reference server when no
    /// --base-url is given).
    #[command(after_help = crate::exit::TABLE)]
    Run(Box<RunArgs>),
    /// Serve the embedded reference SCIM server.
    Serve(super::serve::ServeArgs),
    /// List scenarios, checks or reference-server faults.
    List(ListArgs),
    /// Explain a check: what it enforces, the rule, the severity and the fix.
    Explain {
        /// The check id, e.g. `create-201`.
        id: String,
    },
    /// Record Okta's traffic through a proxy in front of your server, judge it live, and write
    /// it as scenarios to replay (`run --scenarios-dir DIR`).
    Record(Box<super::record::RecordArgs>),
    /// Turn a HAR file (mitmproxy, a browser, `--har`) into scenarios, as `record` does.
    ImportHar(super::record::ImportHarArgs),
    /// Delete what an interrupted or crashed run left behind, from its ledger file.
    Cleanup(CleanupArgs),
    /// Review or accept pending snapshots (`.snap.new`) written by `run --snapshots`.
    Snapshots(SnapshotsArgs),
    /// Run the same scenarios against two targets and show where their behaviour differs.
    #[command(
        after_help = "Exit codes: 0 same behaviour, 1 the targets differ, 2 bad usage, 3 could not test"
    )]
    Diff(Box<super::diff::DiffArgs>),
    /// Print a shell completion script: `scimgate completions bash > ~/.local/share/bash-completion/completions/scimgate`.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of the scenario format.
    #[command(hide = true)]
    ScenarioSchema,
}

/// Where the target is and how to reach it.
#[derive(Args, Debug, Clone)]
pub struct TargetArgs {
    /// The SCIM base URL, as pasted into Okta (e.g. `https://staging.example.com/scim/v2`).
    #[arg(long, env = "SCIMGATE_BASE_URL")]
    pub base_url: Option<String>,
    /// The bearer token. Prefer SCIMGATE_TOKEN or --token-file: a flag shows in `ps`.
    #[arg(
        long,
        env = "SCIMGATE_TOKEN",
        hide_env_values = true,
        conflicts_with = "token_file"
    )]
    pub token: Option<String>,
    /// Read the bearer token from this file (surrounding whitespace is trimmed).
    #[arg(long)]
    pub token_file: Option<PathBuf>,
    /// An extra request header, `Name: value` (repeatable; values are treated as secrets).
    #[arg(long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// Per-request timeout (`30s`, `500ms`, `2m`; Okta gives up at 60 s).
    #[arg(long, default_value = "30s")]
    pub timeout: String,
    /// Accept any TLS certificate (self-signed staging servers).
    #[arg(long)]
    pub insecure: bool,
    /// At most N requests per second.
    #[arg(long, value_name = "N")]
    pub rate: Option<f64>,
    /// At most N requests in flight at once, across all scenarios (a server with a small
    /// listen backlog drops the connections beyond it, and each costs a 1 s SYN retry).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_in_flight: Option<u32>,
    /// The longest wait on one HTTP 429 (Okta waits Retry-After seconds, else 5 minutes,
    /// doubling; scimgate does the same up to this cap, and retries 3 times).
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    pub max_429_wait: String,
    /// The most the whole run waits on 429 and 503 answers; a wait that would pass it stops
    /// the run (exit 3, "the target is rate limiting"), as do three requests in a row still
    /// refused after their retries.
    #[arg(long, default_value = "40s", value_name = "DURATION")]
    pub rate_limit_budget: String,
    /// Trust the CA certificates in this PEM file.
    #[arg(long)]
    pub cacert: Option<PathBuf>,
}

/// `scimgate run`.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// The target.
    #[command(flatten)]
    pub target: TargetArgs,
    /// Run only these scenarios (id or id prefix, e.g. `okta/f06`; repeatable).
    #[arg(long = "scenario", value_name = "ID")]
    pub scenarios: Vec<String>,
    /// Run only scenarios with this tag (repeatable; `slow` ones run only when named).
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// Which profile: Okta's traffic (default: okta), the RFC 7643/7644 conformance profile,
    /// Microsoft Entra ID's traffic, or all three.
    #[arg(long, value_enum)]
    pub profile: Option<Profile>,
    /// What fails the run (exit 1): `okta`, a check whose failure breaks Okta's provisioning;
    /// `oin`, also one that fails Okta's OIN tests; `rfc`, also an RFC MUST (and, in Entra
    /// scenarios, what breaks Entra); `entra`, a check whose failure breaks Entra's
    /// provisioning, in Entra scenarios only. Default: `okta` for the Okta profile, `rfc` for
    /// `--profile rfc` and `all`, `entra` for `--profile entra`. Every run reports them all.
    #[arg(long, value_enum)]
    pub gate: Option<GateArg>,
    /// The Okta features the vendor enables, comma-separated: create-users,
    /// update-user-attributes, deactivate-users, sync-password, push-groups, import-users,
    /// import-groups (Test API Credentials always runs). The others are skipped. Without it,
    /// scimgate infers them from the target's discovery documents and says so.
    #[arg(long, value_name = "LIST")]
    pub okta_features: Option<String>,
    /// Load scenarios from this directory instead of the built-in ones.
    #[arg(long)]
    pub scenarios_dir: Option<PathBuf>,
    /// Write the JSON report here (`-`: to stdout, with the console output on stderr).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Write the JUnit XML report here.
    #[arg(long)]
    pub junit: Option<PathBuf>,
    /// Write the self-contained HTML certification report here (for Okta's reviewers).
    #[arg(long)]
    pub html: Option<PathBuf>,
    /// Write every request and answer of the run here as a HAR 1.2 file (token masked).
    #[arg(long, value_name = "FILE")]
    pub har: Option<PathBuf>,
    /// Seed for generated names and ids (printed in every report; reuse it to reproduce).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Leave created objects on the target and list them.
    #[arg(long)]
    pub keep: bool,
    /// Append every created object to this file as it is created (for `scimgate cleanup`).
    #[arg(long)]
    pub ledger: Option<PathBuf>,
    /// Scenarios to run at once (default: 32, every independent scenario of a profile; a run
    /// waits on the network, not the CPU). `exclusive` scenarios always run alone.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Check that every created user reads back as a member of this group.
    #[arg(long, value_name = "GROUP")]
    pub sync_group: Option<String>,
    /// The most members one membership PATCH carries, as Okta splits a push (Okta: 100; an
    /// OIN app can have it set between 100 and 1000).
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub membership_chunk: u32,
    /// Compare each scenario's normalised transcript with the snapshot in DIR (written there
    /// the first time); changed steps get the verdict `drift`.
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// Rewrite the snapshots in --snapshots DIR from this run.
    #[arg(long, requires = "snapshots")]
    pub update_snapshots: bool,
    /// Whether drift fails the run (exit 1) or is only reported (default: fail).
    #[arg(long, value_enum)]
    pub drift: Option<DriftMode>,
    /// Read settings from this file (default: `scimgate.toml` in the working directory, when
    /// there is one). Flags override it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Accepted deviations: a TOML file of `[[accept]]` tables (`check`, optional `scenario`
    /// and `step`, `reason`, optional `until = 2027-03-01`). Their failures are reported as
    /// accepted and do not fail the run; an entry fails it again once expired or once what it
    /// names passes. Repeatable.
    #[arg(long = "accept", value_name = "FILE")]
    pub accept: Vec<PathBuf>,
    /// Write a GitHub Actions step summary (to $GITHUB_STEP_SUMMARY) and `::error` annotations
    /// (default: when GITHUB_ACTIONS=true).
    #[arg(long)]
    pub github: bool,
    /// Embedded server only: switch on a fault (see `scimgate list faults`; repeatable).
    #[arg(long = "fault", value_name = "FAULT", value_parser = parse_fault)]
    pub faults: Vec<crate::reference::Fault>,
    /// Show passing checks too.
    #[arg(long, short)]
    pub verbose: bool,
    /// Colour: auto (when stdout is a terminal and NO_COLOR is unset), always, never.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,
}

/// `--gate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GateArg {
    /// Exit 1 when a check whose failure breaks Okta's provisioning failed.
    Okta,
    /// ... or one that fails Okta's OIN tests.
    Oin,
    /// ... or one that breaks an RFC MUST.
    Rfc,
    /// Exit 1 when a check whose failure breaks Entra's provisioning failed in an Entra
    /// scenario.
    Entra,
}

impl GateArg {
    /// The gate.
    pub fn gate(self) -> crate::check::Gate {
        match self {
            GateArg::Okta => crate::check::Gate::Okta,
            GateArg::Oin => crate::check::Gate::Oin,
            GateArg::Rfc => crate::check::Gate::Rfc,
            GateArg::Entra => crate::check::Gate::Entra,
        }
    }
}

impl Profile {
    /// The gate a run of this profile uses unless `--gate` says otherwise.
    pub fn default_gate(self) -> crate::check::Gate {
        match self {
            Profile::Okta => crate::check::Gate::Okta,
            Profile::Rfc | Profile::All => crate::check::Gate::Rfc,
            Profile::Entra => crate::check::Gate::Entra,
        }
    }
}

/// What drift does to the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DriftMode {
    /// Drift exits 1.
    Fail,
    /// Drift is reported; the exit code ignores it.
    Warn,
}

/// Colour output.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// A scenario profile: which built-in scenarios a run, list or diff covers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Profile {
    /// Okta's SCIM traffic (scenarios tagged `okta`).
    #[default]
    Okta,
    /// RFC 7643/7644 conformance (scenarios tagged `rfc`).
    Rfc,
    /// Microsoft Entra ID's provisioning traffic (scenarios tagged `entra`).
    Entra,
    /// All three.
    All,
}

impl Profile {
    /// The directories of `scenarios/` holding the profile's built-in scenarios (a test checks
    /// that each directory's scenarios carry its tag).
    pub fn builtin_dirs(self) -> &'static [&'static str] {
        match self {
            Profile::Okta => &["okta/"],
            Profile::Rfc => &["rfc/"],
            Profile::Entra => &["entra/"],
            Profile::All => &[""],
        }
    }

    /// True when the scenario belongs to this profile, by its `okta` / `rfc` / `entra` tag (a
    /// scenario carrying none of them, say from --scenarios-dir, belongs to the default Okta
    /// profile only).
    pub fn covers(self, s: &crate::scenario::Scenario) -> bool {
        match self {
            Profile::Okta => s.has_tag("okta") || !(s.has_tag("rfc") || s.has_tag("entra")),
            Profile::Rfc => s.has_tag("rfc"),
            Profile::Entra => s.has_tag("entra"),
            Profile::All => true,
        }
    }
}

/// `scimgate list`.
#[derive(Args, Debug)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum, default_value = "scenarios")]
    pub what: ListWhat,
    /// Scenarios of this profile only (default: all).
    #[arg(long, value_enum, default_value = "all")]
    pub profile: Profile,
}

/// Things `list` can show.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ListWhat {
    /// Built-in scenarios with their tags.
    Scenarios,
    /// The check catalogue.
    Checks,
    /// The reference server's faults.
    Faults,
}

/// `scimgate snapshots`.
#[derive(Args, Debug)]
pub struct SnapshotsArgs {
    /// What to do with the pending snapshots.
    #[arg(value_enum)]
    pub action: SnapshotAction,
    /// The snapshot directory given to `run --snapshots`.
    #[arg(long = "dir", value_name = "DIR")]
    pub dir: PathBuf,
}

/// Actions on pending snapshots.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SnapshotAction {
    /// Show each pending change; on a terminal, ask to accept or reject it.
    Review,
    /// Accept every pending change.
    Accept,
    /// Reject (delete) every pending change.
    Reject,
}

/// `scimgate cleanup`.
#[derive(Args, Debug)]
pub struct CleanupArgs {
    /// The target.
    #[command(flatten)]
    pub target: TargetArgs,
    /// The ledger file a run wrote with --ledger.
    #[arg(long)]
    pub ledger: PathBuf,
}

/// Parses `30s`, `500ms`, `2m` or plain seconds.
pub fn parse_duration(flag: &str, s: &str) -> Result<std::time::Duration, UsageError> {
    let t = s.trim();
    let bad = || {
        UsageError(format!(
            "{flag}: `{s}` is not a duration (use 30s, 500ms or 2m)"
        ))
    };
    let (num, mult_ms) = if let Some(n) = t.strip_suffix("ms") {
        (n, 1)
    } else if let Some(n) = t.strip_suffix('s') {
        (n, 1000)
    } else if let Some(n) = t.strip_suffix('m') {
        (n, 60_000)
    } else {
        (t, 1000)
    };
    let n: u64 = num.trim().parse().map_err(|_| bad())?;
    if n == 0 {
        return Err(UsageError(format!(
            "{flag}: `{s}`: give a duration above zero (e.g. 30s)"
        )));
    }
    Ok(std::time::Duration::from_millis(n * mult_ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn durations_parse_in_the_documented_forms() {
        assert_eq!(
            parse_duration("--timeout", "30s").unwrap(),
            Duration::from_secs(30)
        );
        assert_eq!(
            parse_duration("--timeout", "500ms").unwrap(),
            Duration::from_millis(500)
        );
        assert_eq!(
            parse_duration("--timeout", "2m").unwrap(),
            Duration::from_secs(120)
        );
        assert_eq!(
            parse_duration("--timeout", "7").unwrap(),
            Duration::from_secs(7)
        );
        assert!(parse_duration("--timeout", "soon").is_err());
        assert!(parse_duration("--timeout", "0s").is_err());
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
