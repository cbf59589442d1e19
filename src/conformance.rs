//! The library's front door: run a profile against a SCIM server from `cargo test`, and fail
//! the test with one readable line per failure.
//!
//! A Rust SCIM-server author starts their server (an axum app on a random port, say) and
//! writes:
//!
//! ```no_run
//! # async fn test(base_url: &str) {
//! use scimgate::{Conformance, OktaFeature};
//!
//! scimgate::Conformance::okta(base_url, "the-test-token")
//!     .features(&[OktaFeature::CreateUsers, OktaFeature::DeactivateUsers])
//!     .run()
//!     .await
//!     .expect("scimgate could test the server")
//!     .assert_conformant();
//! # }
//! ```
//!
//! `run` answers `Err` only when scimgate could not test at all (a base URL that does not
//! parse, a selection that matches no scenario); everything the server did is in the
//! [`Outcome`]: [`Outcome::assert_conformant`] panics with `scenario › step › check: message`
//! per failure that fails the gate (the token masked, as in every report), and
//! [`Outcome::report`] holds the whole [`RunReport`] that the CLI's reports are made of.
//!
//! The defaults are the CLI's: the profile's own gate (`okta`, `rfc`, `entra`),
//! features inferred from the server's discovery documents, scenarios tagged `slow` left out,
//! every independent scenario at once, a 30 s timeout per request, seed 42 (so that a failing
//! test reproduces).

use crate::check::{Gate, Verdict};
use crate::cli::Profile;
use crate::feature::OktaFeature;
use crate::http::{ClientOptions, HttpClient};
use crate::readiness::FeatureChoice;
use crate::runner::{RunOptions, RunReport, Runner};
use crate::secret::Secret;
use std::sync::Arc;
use std::time::Duration;

/// A conformance run to make: which profile, against which server, with what settings.
#[derive(Debug)]
pub struct Conformance {
    base_url: String,
    token: Secret,
    profile: Profile,
    gate: Option<Gate>,
    features: FeatureChoice,
    scenarios: Vec<String>,
    include_slow: bool,
    jobs: usize,
    timeout: Duration,
    seed: u64,
}

/// Why a run could not be made at all.
#[derive(Debug, thiserror::Error)]
pub enum ConformanceError {
    /// The base URL does not parse as an http(s) URL.
    #[error("the base URL {0:?} is not an http(s) URL: {1}")]
    BaseUrl(String, String),
    /// The HTTP client could not be built.
    #[error("the HTTP client could not be built: {0}")]
    Client(String),
    /// The built-in scenarios did not load (a bug in scimgate).
    #[error("the built-in scenarios did not load: {0}")]
    Scenarios(String),
    /// The selection matches no scenario.
    #[error("{0}")]
    Selection(String),
}

impl Conformance {
    /// Okta's traffic (the default CLI profile), gated on what breaks Okta's provisioning.
    pub fn okta(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        Self::new(Profile::Okta, base_url, token)
    }

    /// RFC 7643/7644 conformance, gated on RFC MUSTs.
    pub fn rfc(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        Self::new(Profile::Rfc, base_url, token)
    }

    /// Microsoft Entra ID's provisioning traffic, gated on what breaks Entra.
    pub fn entra(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        Self::new(Profile::Entra, base_url, token)
    }

    /// Any profile, with its default gate.
    pub fn new(profile: Profile, base_url: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            token: Secret::new(token.into()),
            profile,
            gate: None,
            features: FeatureChoice::Infer,
            scenarios: Vec::new(),
            include_slow: false,
            jobs: crate::runner::DEFAULT_JOBS,
            timeout: Duration::from_secs(30),
            seed: 42,
        }
    }

    /// What fails the run (default: the profile's own gate).
    pub fn gate(mut self, gate: Gate) -> Self {
        self.gate = Some(gate);
        self
    }

    /// The Okta features the server's integration enables (default: inferred from its
    /// discovery documents). Checks of features that are off are reported, never gated.
    pub fn features(mut self, features: &[OktaFeature]) -> Self {
        self.features = FeatureChoice::Declared(features.to_vec());
        self
    }

    /// Only these scenarios, by exact id (`okta/f03-create-user`; `scimgate list` prints
    /// them). Named scenarios run even when tagged `slow`.
    pub fn scenarios<S: AsRef<str>>(mut self, ids: &[S]) -> Self {
        self.scenarios = ids.iter().map(|s| s.as_ref().to_owned()).collect();
        self
    }

    /// Also the scenarios tagged `slow` (large groups, paging through 100+ users).
    pub fn include_slow(mut self, yes: bool) -> Self {
        self.include_slow = yes;
        self
    }

    /// At most this many scenarios at once (at least 1).
    pub fn jobs(mut self, jobs: usize) -> Self {
        self.jobs = jobs.max(1);
        self
    }

    /// The timeout of each request.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The seed of generated values and of the run prefix.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Runs the scenarios against the server, cleaning up what they create.
    pub async fn run(self) -> Result<Outcome, ConformanceError> {
        let url = url::Url::parse(&self.base_url)
            .map_err(|e| ConformanceError::BaseUrl(self.base_url.clone(), e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ConformanceError::BaseUrl(
                self.base_url.clone(),
                format!("the scheme is {:?}", url.scheme()),
            ));
        }
        let all = crate::scenario::builtin_scenarios()
            .map_err(|e| ConformanceError::Scenarios(e.to_string()))?;
        // Slow scenarios are left out unless named; `include_slow` names them all.
        let ids: Vec<String> = if self.include_slow && self.scenarios.is_empty() {
            all.iter()
                .filter(|s| self.profile.covers(s))
                .map(|s| s.id.clone())
                .collect()
        } else {
            self.scenarios.clone()
        };
        self.run_selected(url, all, &ids).await
    }

    async fn run_selected(
        self,
        url: url::Url,
        all: Vec<crate::scenario::Scenario>,
        ids: &[String],
    ) -> Result<Outcome, ConformanceError> {
        let scenarios = crate::cli::select(all, self.profile, ids, &[])
            .map_err(|e| ConformanceError::Selection(e.0))?;
        let mut options = ClientOptions::new(url, self.token);
        options.timeout = self.timeout;
        let client =
            HttpClient::new(options).map_err(|e| ConformanceError::Client(e.to_string()))?;
        let gate = self.gate.unwrap_or(self.profile.default_gate());
        let runner = Runner::new(
            Arc::new(client),
            RunOptions {
                seed: self.seed,
                prefix: crate::template::RunPrefix::from_seed(self.seed),
                jobs: self.jobs,
                gate,
                features: self.features,
                ..RunOptions::default()
            },
        );
        let report = runner.run(&scenarios, Arc::new(|_| {})).await;
        Ok(Outcome { report })
    }
}

/// What a run found.
#[derive(Debug)]
pub struct Outcome {
    report: RunReport,
}

impl Outcome {
    /// The whole report (what `--json` writes).
    pub fn report(&self) -> &RunReport {
        &self.report
    }

    /// The CLI's exit code for this run (0 conformant, 1 non-conformance, 3 could not test).
    pub fn exit_code(&self) -> i32 {
        crate::exit::for_report(&self.report)
    }

    /// True when nothing failed the gate and the run could test everything.
    pub fn is_conformant(&self) -> bool {
        self.exit_code() == crate::exit::OK
    }

    /// One line per check that fails the gate (`scenario › step › check: message`), then
    /// what kept the run from testing (a refused first request, an evaluation error, objects
    /// left on the server), the token masked.
    pub fn failures(&self) -> Vec<String> {
        let r = &self.report;
        let mut out = Vec::new();
        if let Some(f) = &r.preflight.fatal {
            out.push(format!("could not test: {f}"));
        }
        for s in &r.scenarios {
            for st in &s.steps {
                for c in &st.checks {
                    let line = |what: &str| {
                        format!(
                            "{} › {} › {}: {what}{}",
                            s.id,
                            st.name,
                            c.check.as_str(),
                            c.message
                        )
                    };
                    if crate::readiness::fails_run(r, st, c) {
                        out.push(line(""));
                    } else if c.verdict == Verdict::Error {
                        out.push(line("could not evaluate: "));
                    }
                }
            }
        }
        for a in r.accepted.iter().filter(|a| a.state.fails_run()) {
            out.push(format!(
                "accepted deviation {}: what it names passed now; remove it",
                a.entry
            ));
        }
        for o in &r.left_behind {
            out.push(format!(
                "left on the server: {:?} {} {:?} (from {}): {}",
                o.kind,
                o.id,
                o.name,
                o.scenario,
                o.detail.as_deref().unwrap_or("cleanup could not remove it")
            ));
        }
        if r.interrupted {
            out.push("the run was interrupted".to_owned());
        }
        out
    }

    /// Panics, listing [`Outcome::failures`], unless the run is conformant.
    #[track_caller]
    pub fn assert_conformant(&self) {
        if !self.is_conformant() {
            let failures = self.failures();
            panic!(
                "scimgate: {} (exit {}), {} problem(s):\n  {}",
                crate::exit::meaning(&self.report, self.exit_code()),
                self.exit_code(),
                failures.len(),
                failures.join("\n  ")
            );
        }
    }
}
