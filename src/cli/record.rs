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
    /// Listen with TLS, with this certificate chain (PEM): for an Okta org that calls only
    /// https URLs. Needs --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// Also write what passed through as HAR 1.2 (redacted).
    #[arg(long, value_name = "FILE")]
    pub har: Option<PathBuf>,
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
    std::fs::create_dir_all(dir).map_err(|e| anyhow::anyhow!("--out {}: {e}", dir.display()))?;
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
    if let Some(p) = &args.har {
        super::run::writable("--har", p)?;
    }
    let target = super::target::resolve(&args.target, &args.faults).await?;
    let upstream = target.client.options().base_url.to_string();
    let client = Arc::new(target.client);
    let live = Box::new(
        |j: &crate::record::proxy::Judged, r: &crate::secret::Redactor| {
            out!("{}", r.redact(&j.line()));
        },
    );
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(crate::record::proxy::TlsFiles {
            cert: cert.clone(),
            key: key.clone(),
        }),
        _ => None,
    };
    let recorder =
        crate::record::proxy::start(args.listen, Arc::clone(&client), live, tls.as_ref())
            .await
            .map_err(UsageError)?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let url = format!("{scheme}://{}", recorder.addr());
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
        base_url: Some(upstream.clone()),
    };
    let (files, steps) = write_scenarios(&args.out, &recorded, &options, &redactor)?;
    if let Some(p) = &args.har {
        let mut f = std::io::BufWriter::new(
            std::fs::File::create(p).map_err(|e| anyhow::anyhow!("--har {}: {e}", p.display()))?,
        );
        crate::record::har::write_har(&recorded, &upstream, &redactor, &mut f)
            .map_err(|e| anyhow::anyhow!("failed to write {}: {e}", p.display()))?;
    }
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

/// `scimgate import-har`.
#[derive(clap::Args, Debug)]
pub struct ImportHarArgs {
    /// The HAR file (from mitmproxy, a browser, another proxy, or `--har`).
    pub file: PathBuf,
    /// Write the scenarios here (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// A pause longer than this starts a new session.
    #[arg(long, default_value = "30s", value_name = "DURATION")]
    pub idle: String,
    /// A secret the HAR may hold (a token Okta sent, say): masked in what is written.
    /// Repeatable; SCIMGATE_TOKEN counts too.
    #[arg(long = "secret", value_name = "VALUE", hide_env_values = true)]
    pub secrets: Vec<String>,
}

/// Runs `import-har`.
pub(crate) fn import_har(args: &ImportHarArgs) -> anyhow::Result<i32> {
    let idle = parse_duration("--idle", &args.idle)?;
    let source = args.file.display().to_string();
    let text =
        std::fs::read_to_string(&args.file).map_err(|e| UsageError(format!("{source}: {e}")))?;
    let (base, recorded) = crate::record::har::read_har(&text, &source).map_err(UsageError)?;
    let Some(base) = base else {
        return Err(UsageError(format!(
            "{source}: no request in it names a SCIM resource (/Users, /Groups, /ServiceProviderConfig, ...)"
        ))
        .into());
    };
    let mut secrets: Vec<crate::secret::Secret> = args
        .secrets
        .iter()
        .map(crate::secret::Secret::new)
        .collect();
    if let Ok(t) = std::env::var("SCIMGATE_TOKEN") {
        secrets.push(crate::secret::Secret::new(t));
    }
    let redactor = crate::secret::Redactor::new(secrets.iter());
    let options = WriteOptions {
        idle,
        source: format!("{source} (HAR of {base})"),
        base_url: Some(base.to_string()),
    };
    let (files, steps) = write_scenarios(&args.out, &recorded, &options, &redactor)?;
    out!(
        "{source}: {} exchange(s) below {base}; wrote {files} scenario(s), {steps} step(s), to {}; replay with `scimgate run --scenarios-dir {}`",
        recorded.len(),
        args.out.display(),
        args.out.display()
    );
    Ok(crate::exit::OK)
}
