//! scimgate's integration tests, one binary (one link of the crate instead of sixteen): each
//! module is one area, named as its file; `common` holds what they share. Run one area with
//! `cargo test --test integration <module>::`, e.g. `cargo test --test integration selftest::`.
//!
//! The tests against real third-party servers (`third_party`, `better_auth`) and the HTML
//! report in Chromium (`html_report`) are `#[ignore]`d; `.ci/run` starts what they need and
//! runs them with `--ignored`.

mod common;

mod better_auth;
mod cli;
mod entra_profile;
mod hostile;
mod html_report;
mod okta_traffic;
mod ownership;
mod readiness;
mod record;
mod rfc_profile;
mod secrets;
mod selftest;
mod snapshots;
mod staging;
mod third_party;
mod tls;
