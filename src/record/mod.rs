//! Recording real traffic and turning it into scenarios (`scimgate record`, `--har`,
//! `scimgate import-har`).
//!
//! A vendor's own Okta app sends what its own attribute mappings say: custom attributes, its
//! extension, its group names, its chunk size. Recording that traffic once and replaying it as
//! a scenario makes it a regression gate. The pieces:
//!
//! - [`Recorded`]: one exchange as it passed through, with the time it started;
//! - [`har`]: HAR 1.2 files, written from a run or a recording (`--har`) and read into
//!   [`Recorded`] exchanges with their base URL (`import-har`);
//! - `proxy.rs`: the reverse proxy that forwards, keeps and judges live;
//! - `shape.rs`: what a request is in Okta's terms, its feature, and the checks for it;
//! - `writer.rs`: recorded exchanges → scenarios, with variables, captures and cleanup.

pub mod har;
pub mod proxy;
pub mod shape;
pub mod writer;

use crate::runner::Exchange;

/// One exchange that passed through the recorder (or came from a HAR file): what was sent
/// and answered, and when it started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recorded {
    /// When the request arrived.
    pub at: jiff::Timestamp,
    /// The request and the answer (the token masked).
    pub exchange: Exchange,
}

/// What scimgate's own bookkeeping request (an ownership read, a cleanup delete, marked by
/// [`crate::http::BOOKKEEPING_HEADER`]) was for; `None` for every other request. A recording
/// of a scimgate run leaves these out: they are not Okta's traffic, and a replay cleans up
/// by its own `creates:` entries.
pub fn bookkeeping(request: &crate::http::SentRequest) -> Option<&str> {
    request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(crate::http::BOOKKEEPING_HEADER))
        .map(|(_, v)| v.as_str())
}

/// The exchange with every password in a request body replaced by the mask: a recording is
/// shared, and the passwords Okta sent are real people's (`password` keys, and PATCH ops on
/// the `password` path).
pub fn without_passwords(e: &Exchange) -> Exchange {
    fn mask(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => {
                let password_op = o
                    .get("path")
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(|p| p.eq_ignore_ascii_case("password"));
                for (k, x) in o.iter_mut() {
                    if k.eq_ignore_ascii_case("password") || (password_op && k == "value") {
                        *x = serde_json::Value::String(crate::secret::MASK.to_owned());
                    } else {
                        mask(x);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(mask),
            _ => {}
        }
    }
    let mut out = e.clone();
    if let Some(body) = &out.request.body
        && let Ok(mut v) = serde_json::from_str::<serde_json::Value>(body)
    {
        mask(&mut v);
        out.request.body = Some(v.to_string());
    }
    out
}
