//! In-process tests of the reference server, grouped by concern.
//!
//! Most tests drive [`crate::reference::app`] with `tower::ServiceExt::oneshot`
//! through [`support::TestApp`]; `server.rs` also binds a real socket.

mod bulk;
mod crud;
mod errors;
mod faults;
mod fuzz;
mod list;
mod patch;
mod server;
mod support;
