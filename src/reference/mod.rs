//! The embedded reference SCIM 2.0 service provider.
//!
//! An in-memory server that follows RFC 7643/7644 and accepts what Okta and
//! Microsoft Entra actually send (no-path PATCH values, `"False"` strings,
//! `Replace` op names, read-modify-write PUTs echoing `id`/`meta`). The harness
//! runs against it to prove its own checks, and [`Fault`]s turn it into a
//! realistically broken server, one rule at a time.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use scimgate::reference::{Fault, ServeOptions, spawn};
//! let server = spawn(ServeOptions { faults: vec![Fault::CreateAnswers200], ..Default::default() }).await?;
//! println!("{} {}", server.base_url(), server.token());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod bulk;
mod discovery;
mod edit;
mod error;
mod extension;
mod fault;
mod filter;
mod filter_rewrite;
mod handlers;
mod list;
mod middleware;
mod negotiate;
mod normalize;
mod patch;
mod representation;
mod response_faults;
mod schema;
mod served_type;
mod server;
mod store;
#[cfg(test)]
mod tests;

pub use fault::Fault;
pub use server::{AppState, RunningServer, ServeOptions, app, spawn};
