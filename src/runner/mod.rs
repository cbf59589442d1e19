//! The runner: scenarios in, a [`RunReport`] out, [`RunEvent`]s on the way. It never prints.
//!
//! Steps inside a scenario run in order (captures flow between them); independent scenarios run
//! concurrently over one shared HTTP client. Every object a scenario creates goes into the
//! [`Ledger`] before the run moves on and is cleaned up when the scenario ends.

mod bulk;
mod effects;
mod events;
mod imp;
mod ledger;
mod render;
mod result;
mod scenario;
mod step;
mod sync;

pub use events::RunEvent;
pub use imp::{EventSink, RunOptions, Runner};
pub use ledger::{Ledger, LedgerEntry, clean_up, read_ledger_file};
pub use result::{
    CleanupOutcome, Exchange, Preflight, RunReport, ScenarioResult, StepResult, Summary, worst,
};
