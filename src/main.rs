//! The `scimgate` binary: parse the command line, run it, exit with its code.

use clap::Parser;

fn main() {
    let cli = scimgate::cli::Cli::parse();
    // Logs and panic messages pass through the redactor the CLI fills with the secrets.
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_env("SCIMGATE_LOG"))
        .with_writer(scimgate::secret::RedactingStderr)
        .init();
    std::panic::set_hook(Box::new(|info| {
        eprintln!("{}", scimgate::secret::redact_global(&info.to_string()));
    }));
    let code = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt.block_on(scimgate::cli::dispatch(cli)),
        Err(e) => {
            eprintln!("error: failed to start the async runtime: {e}");
            scimgate::exit::COULD_NOT_TEST
        }
    };
    std::process::exit(code);
}
