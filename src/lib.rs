//! scimgate: a conformance harness for SCIM 2.0 service providers as Okta drives them.
//!
//! It replays the traffic Okta sends (Test API Credentials, Create Users, profile updates,
//! deactivation, Push Groups, imports) against a SCIM base URL and bearer token, checks every
//! answer against RFC 7643/7644 and against what Okta needs, and says, in the Okta admin's
//! words, which steps work and what Okta does where one does not. The `scimgate` binary is
//! the usual way in; this library is the same engine for `cargo test`.
//!
//! # Testing your own SCIM server
//!
//! Start the server (an axum app on a random port, say), then:
//!
//! ```no_run
//! # async fn test(base_url: &str) {
//! use scimgate::{Conformance, OktaFeature};
//!
//! Conformance::okta(base_url, "the-test-token")
//!     .features(&[OktaFeature::CreateUsers, OktaFeature::DeactivateUsers])
//!     .run()
//!     .await
//!     .expect("scimgate could test the server")
//!     .assert_conformant(); // panics with `scenario › step › check: message` per failure
//! # }
//! ```
//!
//! `examples/axum_server.rs` is a whole server tested this way. [`Conformance`] chooses the
//! profile, gate, features and scenarios; [`Outcome`] holds the [`RunReport`] every report is
//! made of. The embedded reference server ([`mod@reference`]) is what scimgate tests itself
//! against, with faults that each break one rule.
//!
//! # Where things are
//!
//! [`scenario`] (the scenario format and the built-in ones), [`runner`] (runs them, emits
//! events), [`check`] (the check catalogue and evaluators), [`readiness`] (the verdict in
//! Okta's terms), [`report`] (console, JSON, JUnit, HTML, GitHub), [`snapshot`] (behaviour
//! snapshots), [`record`] (record and replay), [`http`] (the only module that touches the
//! HTTP client). `cli` is the binary's argument handling, not part of the API.

#![warn(missing_docs)]
pub mod accept;
pub mod check;
#[doc(hidden)]
pub mod cli;
pub mod conformance;
pub mod exit;
pub mod feature;
pub mod http;
pub mod readiness;
pub mod record;
pub mod reference;
pub mod report;
pub mod runner;
pub mod scenario;
pub mod schema;
pub mod secret;
pub mod snapshot;
pub mod template;

pub use check::{CheckId, Gate, Verdict};
pub use cli::Profile;
pub use conformance::{Conformance, ConformanceError, Outcome};
pub use feature::OktaFeature;
pub use runner::RunReport;
