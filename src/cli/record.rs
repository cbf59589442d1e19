//! `scimgate record`: the recorder in front of the vendor's server (or the embedded one),
//! live lines while Okta's traffic passes, and scenarios written when it stops (Ctrl-C,
//! SIGTERM or SIGHUP).

use super::args::{TargetArgs, UsageError, parse_duration};
use crate::record::writer::{WriteOptions, write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `scimgate record`.
#[derive(clap::Args, Debug)]
pub struct RecordArgs {
    /// Where to listen: Okta's "SCIM 2.0 Base URL" points here (only loopback unless told).
    #[arg(long, default_value = "127.0.0.1:8088", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// The vendor's SCIM base URL, where every request is forwarded (same as --base-url;
    /// default: the embedded reference server).
    #[arg(long, value_name = "URL")]
    pub upstream: Option<String>,
    /// The upstream and how to reach it (its token as for `run`: SCIMGATE_TOKEN, --token-file).
    #[command(flatten)]
    pub target: TargetArgs,
    /// Write the scenarios here (created if missing), replayable with
    /// `scimgate run --scenarios-dir DIR`.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// A pause longer than this starts a new recorded session.
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    pub idle: String,
    /// Embedded upstream only: switch on a fault (see `scimgate list faults`; repeatable).
    #[arg(long = "fault", value_name = "FAULT", value_parser = super::args::parse_fault)]
    pub faults: Vec<crate::reference::Fault>,
}

/// Writes the scenarios into `dir`; returns how many and their steps.
pub(crate) fn write_scenarios(
    dir: &Path,
    recorded: &[crate::record::Recorded],
    options: &WriteOptions,
    redactor: &crate::secret::Redactor,
) -> anyhow::Result<(usize, usize)> {
    let written = write(recorded, options, redactor);
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("--out {}: {e}", dir.display()))?;
    let mut steps = 0;
    for w in &written {
        let path = dir.join(&w.file);
        std::fs::write(&path, &w.yaml)
            .map_err(|e| anyhow::anyhow!("failed to write {}: {e}", path.display()))?;
        steps += w.steps;
    }
    Ok((written.len(), steps))
}

/// Runs the command.
pub(crate) async fn run(mut args: RecordArgs) -> anyhow::Result<i32> {
    if let Some(u) = args.upstream.take() {
        args.target.base_url = Some(u);
    }
    let idle = parse_duration("--idle", &args.idle)?;
    if args.out.is_file() {
        return Err(UsageError(format!(
            "--out {}: is a file; give a directory",
            args.out.display()
        ))
        .into());
    }
    let target = super::target::resolve(&args.target, &args.faults).await?;
    let upstream = target.client.options().base_url.to_string();
    let client = Arc::new(target.client);
    let live = Box::new(
        |j: &crate::record::proxy::Judged, r: &crate::secret::Redactor| {
            out!("{}", r.redact(&j.line()));
        },
    );
    let recorder = crate::record::proxy::start(args.listen, Arc::clone(&client), live)
        .await
        .map_err(|e| UsageError(format!("--listen {}: {e}", args.listen)))?;
    let url = format!("http://{}", recorder.addr());
    out!(
        "recording: point Okta's SCIM 2.0 Base URL at {url} (forwarding to {upstream}); stop with Ctrl-C to write the scenarios to {}",
        args.out.display()
    );
    match &target.embedded {
        // The embedded server's own throwaway token, so that a client can be pointed here.
        Some(server) => out!("RECORDER_URL={url} TOKEN={}", server.token()),
        None => out!("RECORDER_URL={url}"),
    }
    let mut signals = super::signals::Signals::install()
        .map_err(|e| anyhow::anyhow!("failed to install the signal handlers: {e}"))?;
    let signal = signals.next().await;
    let redactor = recorder.redactor();
    let recorded = recorder.stop().await;
    let options = WriteOptions {
        idle,
        source: format!("scimgate record in front of {upstream}"),
    };
    let (files, steps) = write_scenarios(&args.out, &recorded, &options, &redactor)?;
    out!(
        "{signal}: stopped after {} exchange(s); wrote {files} scenario(s), {steps} step(s), to {}; replay with `scimgate run --scenarios-dir {}`",
        recorded.len(),
        args.out.display(),
        args.out.display()
    );
    if let Some(server) = target.embedded {
        server.shutdown().await;
    }
    Ok(crate::exit::OK)
}
