//! The command line: clap types, and one function per subcommand that turns arguments into
//! library calls. Nothing below this module sees clap types.

#[macro_use]
mod out;

mod args;
mod cleanup;
mod config;
mod diff;
mod dispatch;
mod list;
mod record;
mod run;
mod serve;
mod signals;
mod snapshots;
mod target;

pub use args::{Cli, Command, Profile};
pub use dispatch::dispatch;
pub(crate) use run::select;
