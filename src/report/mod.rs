//! Reporters: what a run found, written for people and for machines.
//!
//! The runner emits [`RunEvent`](crate::runner::RunEvent)s and returns a
//! [`RunReport`](crate::runner::RunReport); it never prints. The reporters consume those:
//!
//! - [`ConsoleReporter`] renders events live, then failures and a summary (`console.rs`,
//!   `summary.rs`).
//! - [`write_json`] writes the versioned JSON report (`json.rs`).
//! - [`write_junit`] writes JUnit XML for CI systems (`junit.rs`).
//! - [`write_github`] writes GitHub Actions annotations and a Markdown step summary
//!   (`github.rs`).
//! - [`write_html`] writes the self-contained HTML certification report (`--html`) a vendor
//!   hands to Okta's reviewers or a customer's IT team (`html.rs`), with the [`Provenance`]
//!   of the run (version, fingerprint of what ran, the command that reproduces it without
//!   the token; `provenance.rs`).
//!
//! Every output path takes the run's [`Redactor`](crate::secret::Redactor): the token never
//! reaches a report, even when a server echoes it back. There is no reporter trait; each format
//! is a module of plain functions.

mod capability;
mod console;
mod excerpt;
#[cfg(test)]
pub(crate) mod fixture;
mod github;
mod html;
mod json;
mod junit;
mod provenance;
mod summary;

pub use console::ConsoleReporter;
pub use github::write_github;
pub use html::write_html;
pub use json::{JSON_FORMAT_VERSION, write_json};
pub use junit::write_junit;
pub use provenance::{Provenance, fingerprint, reproduce_command};
