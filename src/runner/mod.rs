//! The runner: scenarios in, a [`RunReport`] out, [`RunEvent`]s on the way. It never prints.
//!
//! Steps inside a scenario run in order (captures flow between them); independent scenarios run
//! concurrently over one shared HTTP client. Every object a scenario creates goes into the
//! [`Ledger`] before the run moves on and is cleaned up when the scenario ends.

mod bulk;
mod capability;
mod capture;
mod cleanup;
mod events;
mod imp;
mod ledger;
mod ownership;
mod result;
mod scenario;
mod step;
mod step_request;
mod sync;

pub use capability::{CapabilityResult, CapabilityState};
pub use cleanup::{CleanupOutcome, CleanupResult, clean_up};
pub use events::RunEvent;
pub use imp::{DEFAULT_JOBS, EventSink, Interrupter, RunOptions, Runner};
pub use ledger::{EntryState, Ledger, LedgerEntry, read_ledger_file, unresolved};
pub use result::{
    Exchange, LeftBehind, Preflight, RunReport, ScenarioResult, StepResult, Summary, WITHHELD,
    worst,
};
