//! `scimgate serve`: runs the embedded reference server (owned by the reference-server work).
//!
//! Prints exactly one line to stdout once the server listens, so scripts can
//! read the address and token:
//!
//! ```text
//! BASE_URL=http://127.0.0.1:41234/scim/v2 TOKEN=3f2a…
//! ```
//!
//! and serves until Ctrl-C, then shuts down gracefully. `--fault NAME` (repeatable)
//! switches on deliberate deviations; `--list-faults` prints them with the rule
//! each one breaks.

use std::io::Write;
use std::net::SocketAddr;

use anyhow::Context;

use crate::reference::{Fault, ServeOptions, spawn};

/// Run the embedded reference SCIM 2.0 server until Ctrl-C.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:0")]
    pub listen: SocketAddr,
    /// Bearer token clients must send; random when omitted.
    #[arg(long, env = "SCIMGATE_SERVE_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
    /// Switch on a deliberate deviation (repeatable); see --list-faults.
    #[arg(long = "fault", value_name = "NAME", value_parser = super::args::parse_fault)]
    pub faults: Vec<Fault>,
    /// Print every fault with the rule it breaks, then exit.
    #[arg(long)]
    pub list_faults: bool,
    /// Store this many users of "other people" before serving (`staging.user{n}@example.org`):
    /// a populated shared staging server, for trying runs that must not touch them.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub preload_users: u32,
    /// Store a group with this displayName before serving, and make every user created
    /// through the API join it: the vendor promise `scimgate run --sync-group NAME` checks.
    #[arg(long, value_name = "NAME")]
    pub sync_group: Option<String>,
    /// Wait this many milliseconds before every answer (a distant target, for speed
    /// measurements).
    #[arg(long, default_value_t = 0, value_name = "MS")]
    pub latency_ms: u64,
}

/// Runs the command.
pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if args.list_faults {
        for fault in Fault::ALL {
            writeln!(stdout, "{:<32} {}", fault.name(), fault.rule())?;
        }
        return Ok(());
    }
    let options = ServeOptions {
        listen: args.listen,
        token: args.token,
        faults: args.faults,
        preload_users: args.preload_users,
        sync_group: args.sync_group,
        latency: std::time::Duration::from_millis(args.latency_ms),
        ..ServeOptions::default()
    };
    let server = spawn(options)
        .await
        .with_context(|| format!("failed to listen on {}", args.listen))?;
    writeln!(
        stdout,
        "BASE_URL={} TOKEN={}",
        server.base_url(),
        server.token()
    )?;
    stdout.flush()?;
    drop(stdout);
    tokio::signal::ctrl_c()
        .await
        .context("failed to wait for Ctrl-C")?;
    server.shutdown().await;
    Ok(())
}
