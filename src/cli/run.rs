//! `scimgate run`: select scenarios, resolve the target, run with live console output, write
//! the JSON, JUnit and HTML reports, clean up (also on Ctrl-C), and pick the exit code.

use super::args::{ColorChoice, Profile, RunArgs, UsageError};
use super::target;
use crate::report::{ConsoleReporter, write_github, write_json, write_junit};
use crate::runner::{RunOptions, Runner};
use crate::scenario::{Scenario, builtin_scenarios_in, load_dir};
use crate::secret::Redactor;
use crate::template::RunPrefix;
use std::io::IsTerminal;
use std::sync::Arc;

/// Whether `--scenario PATTERN` picks the scenario `id` among `all`: an exact id picks only
/// that scenario (`okta/f06-deactivate` is not also `okta/f06-deactivate-put`); otherwise, or
/// with a trailing `*`, the pattern is an id prefix (`okta/f06`, `okta/f06*`, `rfc/`).
fn picks(pattern: &str, id: &str, all: &[Scenario]) -> bool {
    if let Some(prefix) = pattern.strip_suffix('*') {
        return id.starts_with(prefix);
    }
    if all.iter().any(|s| s.id == pattern) {
        return id == pattern;
    }
    id.starts_with(pattern)
}

/// Picks scenarios: the profile's first, then by id or id prefix, by tag; `slow` ones only
/// when named or tagged.
pub(crate) fn select(
    all: Vec<Scenario>,
    profile: Profile,
    ids: &[String],
    tags: &[String],
) -> Result<Vec<Scenario>, UsageError> {
    let all: Vec<Scenario> = all.into_iter().filter(|s| profile.covers(s)).collect();
    for id in ids {
        if !all.iter().any(|s| picks(id, &s.id, &all)) {
            return Err(UsageError(format!(
                "--scenario `{id}` matches no scenario (see `scimgate list`)"
            )));
        }
    }
    let chosen: Vec<bool> = all
        .iter()
        .map(|s| ids.is_empty() || ids.iter().any(|id| picks(id, &s.id, &all)))
        .collect();
    let picked: Vec<Scenario> = all
        .into_iter()
        .zip(chosen)
        .filter(|(_, chosen)| *chosen)
        .map(|(s, _)| s)
        .filter(|s| tags.is_empty() || tags.iter().any(|t| s.has_tag(t)))
        .filter(|s| !s.has_tag("slow") || !ids.is_empty() || tags.iter().any(|t| t == "slow"))
        .collect();
    if picked.is_empty() {
        return Err(UsageError("no scenario matches the selection".to_owned()));
    }
    Ok(picked)
}

/// Checks before the first request that an output file can be written, so a typo in a path
/// is a usage error and not a lost report after the whole run. A file the check had to create
/// is removed again (the ledger, appended to anyway, is kept).
pub(crate) fn writable(flag: &str, path: &std::path::Path) -> Result<(), UsageError> {
    if path.is_dir() {
        return Err(UsageError(format!(
            "{flag} {}: is a directory, not a file",
            path.display()
        )));
    }
    let existed = path.exists();
    std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(path)
        .map_err(|e| {
            UsageError(format!(
                "{flag} {}: cannot write there: {e}",
                path.display()
            ))
        })?;
    if !existed && flag != "--ledger" {
        let _ = std::fs::remove_file(path);
    }
    Ok(())
}

fn write_file(
    path: &std::path::Path,
    f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(path).map_err(|e| UsageError(format!("{}: {e}", path.display())))?,
    );
    f(&mut file).map_err(|e| anyhow::anyhow!("failed to write {}: {e}", path.display()))?;
    std::io::Write::flush(&mut file)?;
    Ok(())
}

/// Runs the command.
pub(crate) async fn run(mut args: RunArgs) -> anyhow::Result<i32> {
    let mut accept = match super::config::find(args.config.as_deref())? {
        Some(config) => super::config::apply(config, &mut args)?,
        None => Vec::new(),
    };
    for file in &args.accept {
        accept.extend(crate::accept::load(file).map_err(UsageError)?);
    }
    let profile = args.profile.unwrap_or(Profile::Okta);
    let all = match &args.scenarios_dir {
        Some(dir) => load_dir(dir),
        None => builtin_scenarios_in(profile.builtin_dirs()),
    }
    .map_err(|e| UsageError(e.to_string()))?;
    let scenarios = select(all, profile, &args.scenarios, &args.tags)?;
    let features = match &args.okta_features {
        Some(list) => crate::readiness::FeatureChoice::parse(list)
            .map_err(|e| UsageError(format!("--okta-features: {e}")))?,
        None => crate::readiness::FeatureChoice::Infer,
    };
    let json_to_stdout = args.json.as_deref() == Some(std::path::Path::new("-"));
    let github = args.github || std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let step_summary = std::env::var_os("GITHUB_STEP_SUMMARY")
        .filter(|_| github)
        .map(std::path::PathBuf::from);
    for (flag, path) in [
        ("--json", &args.json.clone().filter(|_| !json_to_stdout)),
        ("--junit", &args.junit),
        ("--html", &args.html),
        ("--har", &args.har),
        ("--ledger", &args.ledger),
    ] {
        if let Some(p) = path {
            writable(flag, p)?;
        }
    }
    let target = target::resolve(&args.target, &args.faults).await?;
    let redactor = Redactor::new(target.client.secrets().iter());
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let gate = args.gate.map_or(profile.default_gate(), |g| g.gate());
    // A status line for people at a terminal; CI logs (CI set, or not a terminal) stay clean.
    let progress = !json_to_stdout
        && std::io::stdout().is_terminal()
        && std::env::var_os("CI").is_none()
        && !github;
    // With `--json -` the JSON report owns stdout; people read the console on stderr.
    let console_out: Box<dyn std::io::Write + Send> = if json_to_stdout {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    };
    let console = Arc::new(
        ConsoleReporter::new(console_out, color, args.verbose, redactor.clone())
            .with_gate(gate)
            .with_progress(progress),
    );
    if progress {
        let ticking = Arc::clone(&console);
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(std::time::Duration::from_millis(250)).await;
                ticking.tick();
            }
        });
    }
    let mut options = RunOptions {
        keep: args.keep,
        ledger_file: args.ledger.clone(),
        sync_group: args.sync_group.clone(),
        membership_chunk: args.membership_chunk,
        gate,
        features,
        accept,
        ..RunOptions::default()
    };
    options.seed = args.seed.unwrap_or_else(rand_seed);
    options.prefix = RunPrefix::from_seed(options.seed);
    if let Some(j) = args.jobs {
        if j == 0 {
            return Err(
                UsageError("--jobs 0: give at least 1 scenario at a time".to_owned()).into(),
            );
        }
        options.jobs = j;
    }
    let runner = Runner::new(Arc::new(target.client), options);
    let sink_console = Arc::clone(&console);
    let sink = Arc::new(move |e: crate::runner::RunEvent| sink_console.on_event(&e));
    // SIGINT, SIGTERM, SIGHUP: stop starting steps, let requests in flight finish, end waits,
    // clean up, report, exit 3. A second signal quits at once (see `signals.rs`).
    let mut signals = super::signals::Signals::install()
        .map_err(|e| anyhow::anyhow!("failed to install the signal handlers: {e}"))?;
    let interrupter = runner.interrupter();
    let has_ledger = args.ledger.is_some();
    tokio::spawn(async move {
        let first = signals.next().await;
        interrupter.interrupt();
        eprintln!(
            "interrupted ({first}): finishing requests in flight, then cleaning up what this run created (a second signal quits at once)"
        );
        let second = signals.next().await;
        let hint = if has_ledger {
            "`scimgate cleanup --ledger FILE` removes what was left"
        } else {
            "objects this run created may be left on the target"
        };
        eprintln!("{second} again: quitting now, without cleanup; {hint}");
        std::process::exit(crate::exit::COULD_NOT_TEST);
    });
    let mut report = runner.run(&scenarios, sink).await;
    report.drift_fails = args.drift != Some(super::args::DriftMode::Warn);
    if !report.left_behind.is_empty() && report.left_behind_ledger.is_none() {
        report.left_behind_ledger = write_left_behind(&report);
    }
    if report.interrupted {
        let cleaned = report
            .scenarios
            .iter()
            .flat_map(|s| &s.cleanup)
            .filter(|c| {
                !c.result.left_behind() && c.result != crate::runner::CleanupResult::Refused
            })
            .count();
        eprintln!(
            "interrupted: cleaned up {cleaned} object(s) this run created, left {}",
            report.left_behind.len()
        );
    }
    if let Some(dir) = &args.snapshots {
        let snaps =
            crate::snapshot::apply_snapshots(&mut report, dir, args.update_snapshots, &redactor)
                .map_err(|e| {
                    anyhow::anyhow!("failed to write snapshots in {}: {e}", dir.display())
                })?;
        let note = |line: String| {
            if json_to_stdout {
                eprintln!("{line}");
            } else {
                out!("{line}");
            }
        };
        for id in &snaps.written {
            note(format!(
                "snapshot written: {}",
                crate::snapshot::snap_file(dir, id).display()
            ));
        }
        for (id, file) in &snaps.drifted {
            note(format!(
                "drift in {id}: review with `scimgate snapshots review --dir {}` ({})",
                dir.display(),
                file.display()
            ));
        }
    }
    console.finish(&report);
    if json_to_stdout {
        let mut out = std::io::stdout().lock();
        if let Err(e) = write_json(&report, &redactor, &mut out)
            && e.kind() != std::io::ErrorKind::BrokenPipe
        {
            return Err(anyhow::anyhow!(
                "failed to write the JSON report to stdout: {e}"
            ));
        }
    } else if let Some(path) = &args.json {
        write_file(path, |w| write_json(&report, &redactor, w))?;
    }
    if github {
        // Workflow commands go where the console goes (stdout, or stderr under `--json -`).
        let mut commands: Box<dyn std::io::Write> = if json_to_stdout {
            Box::new(std::io::stderr())
        } else {
            Box::new(std::io::stdout())
        };
        let mut summary_file = match &step_summary {
            Some(p) => Some(
                std::fs::OpenOptions::new()
                    .append(true)
                    .create(true)
                    .open(p)
                    .map_err(|e| anyhow::anyhow!("GITHUB_STEP_SUMMARY {}: {e}", p.display()))?,
            ),
            None => None,
        };
        let _ = write_github(
            &report,
            &redactor,
            &mut commands,
            summary_file.as_mut().map(|f| f as &mut dyn std::io::Write),
        );
    }
    if let Some(path) = &args.junit {
        write_file(path, |w| write_junit(&report, &redactor, w))?;
    }
    if let Some(path) = &args.html {
        let provenance = provenance(&args, &scenarios, &report);
        write_file(path, |w| {
            crate::report::write_html(&report, &redactor, &provenance, w)
        })?;
    }
    if let Some(path) = &args.har {
        let entries = crate::record::har::from_report(&report);
        write_file(path, |w| {
            crate::record::har::write_har(&entries, &report.target, &redactor, w)
        })?;
    }
    if let Some(server) = target.embedded {
        server.shutdown().await;
    }
    Ok(crate::exit::for_report(&report))
}

/// Without `--ledger`, what cleanup could not remove goes into a ledger file of its own, so
/// that `scimgate cleanup --ledger FILE` can remove it later: in the working directory, else in
/// the temporary directory.
fn write_left_behind(report: &crate::runner::RunReport) -> Option<String> {
    let name = format!("scimgate-left-behind-{}.jsonl", report.run_prefix);
    let lines: String = report
        .left_behind_entries()
        .iter()
        .filter_map(|e| serde_json::to_string(e).ok())
        .map(|l| l + "\n")
        .collect();
    [
        std::path::PathBuf::from(&name),
        std::env::temp_dir().join(&name),
    ]
    .into_iter()
    .find(|p| std::fs::write(p, &lines).is_ok())
    .map(|p| p.display().to_string())
}

fn rand_seed() -> u64 {
    let u = uuid::Uuid::new_v4();
    let b = u.as_bytes();
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// Where the HTML report came from: the profile, what ran, and this command line less the token.
fn provenance(
    args: &RunArgs,
    scenarios: &[Scenario],
    report: &crate::runner::RunReport,
) -> crate::report::Provenance {
    use clap::ValueEnum;
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let command =
        crate::report::reproduce_command(&argv, args.target.base_url.as_deref(), report.seed);
    let profile = args
        .profile
        .unwrap_or(Profile::Okta)
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_owned());
    crate::report::Provenance::new(&profile, command, scenarios, report)
}
