//! scimgate: a conformance harness for SCIM 2.0 service providers as Okta drives them.

pub mod accept;
pub mod check;
pub mod cli;
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
