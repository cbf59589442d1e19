//! The `scimgate` binary: parse the command line, run it, exit with its code.

use clap::Parser;

fn main() {
    let cli = scimgate::cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("SCIMGATE_LOG"))
        .with_writer(std::io::stderr)
        .init();
    let code = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt.block_on(scimgate::cli::dispatch(cli)),
        Err(e) => {
            eprintln!("error: failed to start the async runtime: {e}");
            scimgate::exit::COULD_NOT_TEST
        }
    };
    std::process::exit(code);
}
