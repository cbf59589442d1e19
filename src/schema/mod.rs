//! JSON-Schema validation of SCIM 2.0 payloads (RFC 7643/7644).
//!
//! The schemas live in `schemas/scim/*.schema.json` (draft 2020-12, URN `$id`s,
//! no remote references) and are embedded at compile time. [`SchemaSet`]
//! compiles them once ([`SchemaSet::global`]) and validates response bodies,
//! after canonicalising the case of attribute names, which SCIM treats as
//! case-insensitive. Schema validation covers shape only; cross-checks against
//! HTTP status, headers and the request live elsewhere.

mod canonical;
mod embedded;
mod set;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_rules;

pub use canonical::CasingNote;
pub use embedded::{SchemaError, ScimSchema};
pub use set::{MAX_VALUE_CHARS, SchemaReport, SchemaSet, SchemaViolation};
