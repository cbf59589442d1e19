//! The one place a parsed command line becomes a library call and an exit code; usage
//! mistakes exit 2, trouble while testing exits 3, always with one line on stderr.

use super::args::{self, Cli, Command};
use super::{cleanup, diff, list, record, run, serve, snapshots};

/// Runs a parsed command line and returns the process exit code.
pub async fn dispatch(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Run(a) => run::run(*a).await,
        Command::Serve(a) => serve::run(a).await.map(|()| crate::exit::OK),
        Command::List(a) => list::list(&a),
        Command::Explain { id } => list::explain(&id),
        Command::Record(a) => record::run(*a).await,
        Command::ImportHar(a) => record::import_har(&a),
        Command::Cleanup(a) => cleanup::run(a).await,
        Command::Snapshots(a) => snapshots::run(&a),
        Command::Diff(a) => diff::run(*a).await,
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "scimgate", &mut buf);
            out_inline!("{}", String::from_utf8_lossy(&buf));
            Ok(crate::exit::OK)
        }
        Command::ScenarioSchema => {
            out_inline!("{}", crate::scenario::scenario_json_schema());
            Ok(crate::exit::OK)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            let (code, msg) = match e.downcast_ref::<args::UsageError>() {
                Some(u) => (crate::exit::USAGE, u.0.clone()),
                None => (crate::exit::COULD_NOT_TEST, format!("{e:#}")),
            };
            let line = msg.split_whitespace().collect::<Vec<_>>().join(" ");
            eprintln!("error: {}", crate::secret::redact_global(&line));
            code
        }
    }
}
