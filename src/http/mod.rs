//! The HTTP layer: the only module that touches reqwest.
//!
//! Scenarios describe requests as written ([`crate::scenario`]); the runner renders them into a
//! [`RequestSpec`]; [`HttpClient::send`] sends it with Okta's headers and returns a [`Call`]:
//! the request as really sent (token masked) and the response as really received (raw bytes,
//! size-capped), or a [`TransportError`] when there was no HTTP answer to judge.

mod client;
mod pacing;
mod types;

pub use client::{ClientOptions, HttpClient, OKTA_CONTENT_TYPE, OKTA_HEADERS, OKTA_USER_AGENT};
pub use pacing::{RateLimiter, RetryPolicy, WaitLedger, is_rate_limit, retry_after};
pub use types::{
    Auth, BOOKKEEPING_HEADER, Call, Method, ReceivedResponse, RequestSpec, SentRequest,
    TransportError,
};
