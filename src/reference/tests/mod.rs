//! In-process tests of the reference server, grouped by concern.
//!
//! Most tests drive [`crate::reference::app`] with `tower::ServiceExt::oneshot`
//! through [`support::TestApp`]; `served.rs` binds a real socket.

mod crud;
mod discovery;
mod errors;
mod faults;
mod fuzz;
mod list;
mod patch;
mod served;
mod support;
