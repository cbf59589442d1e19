//! scimgate: a conformance harness for SCIM 2.0 service providers as Okta drives them.
pub mod reference;
