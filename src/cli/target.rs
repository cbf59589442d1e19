//! Turning `--base-url`, the token and TLS flags into a client, or starting the embedded
//! reference server when no base URL is given.

use super::args::{TargetArgs, UsageError, parse_duration};
use crate::http::{ClientOptions, HttpClient};
use crate::reference::{Fault, RunningServer, ServeOptions};
use crate::secret::Secret;

/// The target of a run: a remote server, or the embedded one (kept alive for the run).
pub(crate) struct Target {
    pub(crate) client: HttpClient,
    pub(crate) embedded: Option<RunningServer>,
}

fn token(args: &TargetArgs) -> Result<Option<Secret>, UsageError> {
    if let Some(path) = &args.token_file {
        let text = std::fs::read_to_string(path)
            .map_err(|e| UsageError(format!("--token-file {}: {e}", path.display())))?;
        let t = text.trim();
        if t.is_empty() {
            return Err(UsageError(format!(
                "--token-file {}: the file is empty",
                path.display()
            )));
        }
        return Ok(Some(Secret::new(t)));
    }
    Ok(args
        .token
        .as_ref()
        .filter(|t| !t.trim().is_empty())
        .map(|t| Secret::new(t.trim())))
}

fn headers(args: &TargetArgs) -> Result<Vec<(String, Secret)>, UsageError> {
    args.headers
        .iter()
        .map(|h| {
            let (n, v) = h
                .split_once(':')
                .ok_or_else(|| UsageError("--header: expected `Name: value`".to_owned()))?;
            let n = n.trim();
            if n.is_empty()
                || !n
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            {
                return Err(UsageError(format!("--header: `{n}` is not a header name")));
            }
            Ok((n.to_owned(), Secret::new(v.trim())))
        })
        .collect()
}

fn pace(opts: &mut ClientOptions, args: &TargetArgs) -> Result<(), UsageError> {
    if let Some(r) = args.rate {
        if !(r.is_finite() && r > 0.0) {
            return Err(UsageError(format!(
                "--rate {r}: give a positive number of requests per second"
            )));
        }
        opts.rate = Some(r);
    }
    opts.max_in_flight = args.max_in_flight.map(|n| n as usize);
    opts.retry.max_wait = parse_duration("--max-429-wait", &args.max_429_wait)?;
    opts.retry.budget = parse_duration("--rate-limit-budget", &args.rate_limit_budget)?;
    Ok(())
}

/// The URL as given with any `user:pass@` masked, for messages.
fn redact_userinfo(raw: &str) -> String {
    match (raw.find("://"), raw.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme && !raw[scheme + 3..at].contains('/') => {
            format!("{}***{}", &raw[..scheme + 3], &raw[at..])
        }
        _ => raw.to_owned(),
    }
}

/// Parses and checks a base URL.
pub(crate) fn base_url(raw: &str) -> Result<url::Url, UsageError> {
    let u = url::Url::parse(raw.trim())
        .map_err(|e| UsageError(format!("--base-url `{}`: {e}", redact_userinfo(raw))))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(UsageError(format!(
            "--base-url `{}`: use http or https",
            redact_userinfo(raw)
        )));
    }
    if u.query().is_some() || u.fragment().is_some() {
        return Err(UsageError(format!(
            "--base-url `{}`: a SCIM base URL has no query string or fragment (RFC 7644 §1.3)",
            redact_userinfo(raw)
        )));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(UsageError(format!(
            "--base-url `{}`: remove the user info (`user:pass@`): scimgate authenticates with the bearer token only",
            redact_userinfo(raw)
        )));
    }
    Ok(u)
}

/// Builds the client for a remote target.
pub(crate) fn remote_client(args: &TargetArgs, raw_url: &str) -> Result<HttpClient, UsageError> {
    let url = base_url(raw_url)?;
    let token = token(args)?.ok_or_else(|| {
        UsageError(
            "no bearer token: pass --token, set SCIMGATE_TOKEN, or use --token-file".to_owned(),
        )
    })?;
    let mut opts = ClientOptions::new(url, token);
    opts.headers = headers(args)?;
    opts.timeout = parse_duration("--timeout", &args.timeout)?;
    opts.insecure = args.insecure;
    opts.cacert = args.cacert.clone();
    pace(&mut opts, args)?;
    crate::secret::register_global(
        std::iter::once(&opts.token).chain(opts.headers.iter().map(|(_, v)| v)),
    );
    HttpClient::new(opts).map_err(|e| UsageError(e.to_string()))
}

/// The run's target: remote when a base URL is given, else the embedded reference server.
pub(crate) async fn resolve(args: &TargetArgs, faults: &[Fault]) -> anyhow::Result<Target> {
    if let Some(raw) = &args.base_url {
        if !faults.is_empty() {
            return Err(UsageError(
                "--fault applies to the embedded server only; drop --base-url".to_owned(),
            )
            .into());
        }
        return Ok(Target {
            client: remote_client(args, raw)?,
            embedded: None,
        });
    }
    let server = crate::reference::spawn(ServeOptions {
        faults: faults.to_vec(),
        ..ServeOptions::default()
    })
    .await
    .map_err(|e| anyhow::anyhow!("failed to start the embedded reference server: {e}"))?;
    let mut opts = ClientOptions::new(base_url(server.base_url())?, Secret::new(server.token()));
    opts.headers = headers(args)?;
    opts.timeout = parse_duration("--timeout", &args.timeout)?;
    pace(&mut opts, args)?;
    crate::secret::register_global(
        std::iter::once(&opts.token).chain(opts.headers.iter().map(|(_, v)| v)),
    );
    let client = HttpClient::new(opts).map_err(|e| UsageError(e.to_string()))?;
    Ok(Target {
        client,
        embedded: Some(server),
    })
}
