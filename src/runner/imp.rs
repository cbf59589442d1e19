//! The runner: a preflight with Okta's "Test API Credentials" request, then every scenario
//! (independent scenarios concurrently, up to `jobs`), then the report, in scenario-id order.

use super::events::RunEvent;
use super::ledger::Ledger;
use super::result::{Preflight, RunReport, Summary};
use super::scenario::{ScenarioEnv, run_scenario};
use super::sync::SyncGroup;
use crate::http::{HttpClient, Method, RequestSpec};
use crate::scenario::Scenario;
use crate::secret::Redactor;
use crate::template::RunPrefix;
use futures_util::StreamExt;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Scenarios run at once by default: every independent one of a profile (the Okta profile has
/// fewer than 32). A run is network-bound, so the number of CPUs says nothing about how many
/// can wait on a distant server at once: with 2 (a typical CI runner) a target 50 ms away took
/// 2.5 times as long as with all at once. `--jobs` caps it; `--max-in-flight` caps requests.
pub const DEFAULT_JOBS: usize = 32;

/// How a run behaves.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// Seed for generated values.
    pub seed: u64,
    /// The prefix on every object created.
    pub prefix: RunPrefix,
    /// Scenarios run at once ([`DEFAULT_JOBS`] by default).
    pub jobs: usize,
    /// Leave created objects on the target.
    pub keep: bool,
    /// Append every created object to this file as it is created.
    pub ledger_file: Option<PathBuf>,
    /// Check that every created user is a member of this group.
    pub sync_group: Option<String>,
    /// What makes the run fail (the exit code reads it).
    pub gate: crate::check::Gate,
    /// Which Okta features to test.
    pub features: crate::readiness::FeatureChoice,
    /// The most members one membership PATCH carries: Okta sends 100 (OIN apps can have it
    /// set up to 1000). Scenarios see it as `{{okta.membership_chunk}}`.
    pub membership_chunk: u32,
    /// Accepted deviations (`--accept`): failures they name are reported as accepted and do
    /// not fail the run.
    pub accept: Vec<crate::accept::Acceptance>,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            prefix: RunPrefix::random(),
            jobs: DEFAULT_JOBS,
            keep: false,
            ledger_file: None,
            sync_group: None,
            gate: crate::check::Gate::Okta,
            features: crate::readiness::FeatureChoice::Infer,
            membership_chunk: 100,
            accept: Vec::new(),
        }
    }
}

/// Runs scenarios against one target.
#[derive(Debug)]
pub struct Runner {
    client: Arc<HttpClient>,
    options: RunOptions,
    ledger: Ledger,
    sync_group: Option<SyncGroup>,
    cancel: Arc<AtomicBool>,
    /// Masks the client's secrets in every result before anyone sees it.
    redactor: Redactor,
}

/// Interrupts a run from elsewhere (a signal handler, a test).
#[derive(Clone, Debug)]
pub struct Interrupter {
    cancel: Arc<AtomicBool>,
    client: Arc<HttpClient>,
}

impl Interrupter {
    /// Interrupts the run (see [`Runner::interrupter`]).
    pub fn interrupt(&self) {
        self.cancel.store(true, Ordering::SeqCst);
        self.client.interrupt();
    }

    /// True once the run was interrupted.
    pub fn is_interrupted(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }
}

/// Receives events while the run works (called from concurrent scenarios).
pub type EventSink = Arc<dyn Fn(RunEvent) + Send + Sync>;

impl Runner {
    /// A runner over a shared client.
    pub fn new(client: Arc<HttpClient>, options: RunOptions) -> Self {
        let redactor = Redactor::new(client.secrets().iter());
        let ledger = Ledger::with_file(options.ledger_file.clone(), redactor.clone());
        let sync_group = options.sync_group.clone().map(SyncGroup::new);
        Self {
            client,
            options,
            ledger,
            sync_group,
            cancel: Arc::default(),
            redactor,
        }
    }

    /// A handle that interrupts the run: no new step starts, requests in flight finish and are
    /// recorded, waits on 429s and `--rate` end at once, and every scenario still cleans up
    /// what it created.
    pub fn interrupter(&self) -> Interrupter {
        Interrupter {
            cancel: Arc::clone(&self.cancel),
            client: Arc::clone(&self.client),
        }
    }

    /// The ledger (for cleanup on interrupt).
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The client.
    pub fn client(&self) -> &Arc<HttpClient> {
        &self.client
    }

    /// Runs the scenarios and returns the report.
    pub async fn run(&self, scenarios: &[Scenario], events: EventSink) -> RunReport {
        let started = Instant::now();
        let started_at = jiff::Timestamp::now().to_string();
        events(RunEvent::RunStarted {
            target: self.client.options().base_url.to_string(),
            scenarios: scenarios.len(),
            prefix: self.options.prefix.0.clone(),
            seed: self.options.seed,
        });
        // Compile the JSON Schemas while the first request is in flight, not after it.
        std::thread::spawn(|| {
            let _ = crate::schema::SchemaSet::global();
        });
        let mut preflight = self.preflight().await;
        preflight.redact(&self.redactor);
        events(RunEvent::PreflightDone {
            outcome: preflight
                .status
                .ok_or_else(|| preflight.error.clone().unwrap_or_default()),
        });
        let mut results = Vec::new();
        let discovery = if preflight.fatal.is_none() {
            crate::readiness::Discovery::read(&self.client).await
        } else {
            crate::readiness::Discovery::default()
        };
        let features = if preflight.fatal.is_none() {
            self.features(scenarios, &discovery)
        } else {
            crate::readiness::FeatureConfig::default()
        };
        let today = crate::accept::today();
        if preflight.fatal.is_none() {
            let env = ScenarioEnv {
                features: &features,
                discovery: &discovery,
                client: &self.client,
                ledger: &self.ledger,
                prefix: &self.options.prefix,
                seed: self.options.seed,
                keep: self.options.keep,
                sync_group: self.sync_group.as_ref(),
                membership_chunk: self.options.membership_chunk,
                cancel: &self.cancel,
                accept: &self.options.accept,
                today,
            };
            let events = &events;
            let (alone, shared): (Vec<&Scenario>, Vec<&Scenario>) =
                scenarios.iter().partition(|s| s.has_tag("exclusive"));
            results = futures_util::stream::iter(shared)
                .map(|s| run_one(env, events, &self.redactor, s))
                .buffer_unordered(self.options.jobs.max(1))
                .collect::<Vec<_>>()
                .await;
            for s in alone {
                results.push(run_one(env, events, &self.redactor, s).await);
            }

            results.sort_by(|a, b| a.id.cmp(&b.id));
        }
        let kept = if self.options.keep {
            self.ledger.take_all()
        } else {
            Vec::new()
        };
        let left_behind: Vec<super::result::LeftBehind> = results
            .iter()
            .flat_map(|s| s.cleanup.iter().map(move |c| (s, c)))
            .filter(|(_, c)| c.result.left_behind())
            .map(|(s, c)| super::result::LeftBehind {
                kind: c.kind,
                id: c.id.clone(),
                name: c.name.clone(),
                scenario: s.id.clone(),
                result: c.result,
                detail: c.detail.clone(),
            })
            .collect();
        let left_behind_ledger = self
            .ledger
            .file()
            .filter(|_| !left_behind.is_empty() && self.ledger.write_error().is_none())
            .map(|p| p.display().to_string());
        let mut report = RunReport {
            format_version: crate::report::JSON_FORMAT_VERSION,
            gate: self.options.gate,
            features,
            okta_readiness: None,
            entra_readiness: None,
            target: redact_url(&self.client.options().base_url),
            run_prefix: self.options.prefix.0.clone(),
            seed: self.options.seed,
            started_at,
            duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            requests: self.client.request_count(),
            responses_429: self.client.rate_limited().1,
            waited_on_429_ms: u64::try_from(self.client.rate_limited().0.as_millis())
                .unwrap_or(u64::MAX),
            preflight,
            summary: Summary::default(),
            scenarios: results,
            kept,
            left_behind,
            left_behind_ledger,
            interrupted: self.cancel.load(Ordering::SeqCst),
            stopped: self.client.stopped(),
            drift_fails: true,
            accepted: Vec::new(),
        };
        report.accepted = crate::accept::outcomes(&report, &self.options.accept, today);
        report.recount();
        report.okta_readiness = crate::readiness::readiness(&report);
        report.entra_readiness = crate::readiness::entra_readiness(&report, scenarios);
        report
    }

    /// Which Okta features this run tests: as declared, else inferred from the target's
    /// discovery documents (read once per run: they also tell the scenarios whether the
    /// target has groups, `{{target.groups.supported}}`); the RFC profile tests all.
    fn features(
        &self,
        scenarios: &[Scenario],
        discovery: &crate::readiness::Discovery,
    ) -> crate::readiness::FeatureConfig {
        use crate::readiness::{FeatureChoice, FeatureConfig};
        if !scenarios.iter().any(|s| s.file.feature.is_some()) {
            return FeatureConfig::default();
        }
        match &self.options.features {
            FeatureChoice::Declared(list) => FeatureConfig::declared(list),
            FeatureChoice::Infer => discovery.infer(),
        }
    }

    /// Okta's "Test API Credentials": `GET /Users?startIndex=1&count=2` (okta-traffic.md F1).
    async fn preflight(&self) -> Preflight {
        // Marked as scimgate's own: the scenario `okta/f01` sends Okta's exact request.
        let mut spec = RequestSpec::new(Method::Get, "/Users").bookkeeping("preflight");
        spec.query = Some("startIndex=1&count=2".to_owned());
        let call = self.client.send(&spec).await;
        match call.response {
            Err(e) => Preflight {
                status: None,
                error: Some(e.to_string()),
                fatal: Some(format!(
                    "Test API Credentials (GET /Users?startIndex=1&count=2) failed: {e}"
                )),
            },
            Ok(r) if crate::http::is_rate_limit(r.status) => Preflight {
                status: Some(r.status),
                error: None,
                fatal: Some(format!(
                    "the target is rate limiting: Test API Credentials (GET /Users?startIndex=1&count=2) answered {} after {:.0} s of waiting on its Retry-After; try again later or lower --rate",
                    r.status,
                    self.client.rate_limited().0.as_secs_f64()
                )),
            },
            Ok(r) if r.status == 401 || r.status == 403 => Preflight {
                status: Some(r.status),
                error: None,
                fatal: Some(format!(
                    "credentials refused: GET /Users?startIndex=1&count=2 answered {} (Okta's Test API Credentials would fail)",
                    r.status
                )),
            },
            Ok(r) => Preflight {
                status: Some(r.status),
                error: None,
                fatal: not_scim(&r, self.client.options().base_url.as_str()),
            },
        }
    }
}

/// Why the answer to Test API Credentials shows that the base URL is not a SCIM endpoint: a
/// status other than 2xx, an HTML page, or a body that is neither JSON nor labelled as JSON. Running the profile
/// against it would only repeat that in every check, so the run stops with this one line.
fn not_scim(r: &crate::http::ReceivedResponse, base: &str) -> Option<String> {
    let ctype = r.header("content-type").unwrap_or("").to_ascii_lowercase();
    let html = ctype.contains("html")
        || r.text()
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("<!doctype")
        || r.text()
            .trim_start()
            .to_ascii_lowercase()
            .starts_with("<html");
    let what = if !(200..300).contains(&r.status) {
        format!("answered {}", r.status)
    } else if html {
        format!("answered {} with an HTML page", r.status)
    } else if r.json().is_err() && !ctype.contains("json") {
        // (A SCIM media type over broken JSON is a SCIM server answering badly: the checks
        // judge that.)
        format!("answered {} with a body that is not JSON", r.status)
    } else {
        return None;
    };
    let shown = if ctype.is_empty() {
        "no Content-Type".to_owned()
    } else {
        ctype
    };
    // What the server said, on one line: an Error's detail, else the start of the body.
    let said = r
        .json()
        .ok()
        .and_then(|v| {
            crate::check::pointer_ci(&v, "/detail").and_then(|d| d.as_str().map(str::to_owned))
        })
        .unwrap_or_else(|| r.text());
    let said: String = said.split_whitespace().collect::<Vec<_>>().join(" ");
    let said = if said.is_empty() {
        String::new()
    } else if said.chars().count() > 100 {
        format!(": \"{}…\"", said.chars().take(100).collect::<String>())
    } else {
        format!(": \"{said}\"")
    };
    Some(format!(
        "the base URL is not a SCIM endpoint: Test API Credentials (GET /Users?startIndex=1&count=2) {what} ({shown}){said}; check that {base} is the SCIM base URL, the part before /Users (e.g. https://host/scim/v2), as pasted into Okta"
    ))
}

/// Runs one scenario between its start and finish events. Scenarios tagged `exclusive`
/// (paging) judge a whole list, so the caller runs them alone, after the concurrent ones.
async fn run_one(
    env: ScenarioEnv<'_>,
    events: &EventSink,
    redactor: &Redactor,
    s: &Scenario,
) -> crate::runner::ScenarioResult {
    events(RunEvent::ScenarioStarted { id: s.id.clone() });
    let (accept, today) = (env.accept, env.today);
    let mut r = run_scenario(env, s).await;
    // A check tied to an OIN test step fails that test only where the SPEC test sends the
    // request: elsewhere (a 409 in F7's re-assignment, an error body in F16's race) Okta's
    // OIN tests never see it, and the `oin` gate must agree with the readiness line.
    for st in r
        .steps
        .iter_mut()
        .filter(|st| !crate::readiness::is_spec_step(st))
    {
        for c in st
            .checks
            .iter_mut()
            .filter(|c| c.consequence == crate::check::Consequence::FailsOin)
        {
            c.consequence = crate::check::Consequence::OktaUnaffected;
        }
    }
    if s.has_tag("entra") {
        // Entra's traffic: Entra's consequence decides what a failure here means.
        for c in r.steps.iter_mut().flat_map(|st| st.checks.iter_mut()) {
            c.entra = Some(c.check.entra());
            // A refusal's own hint names the IdP that sent the request: here, Entra.
            if let Some(h) = &mut c.hint {
                for (okta, entra) in [
                    ("as Okta does", "as Entra does"),
                    ("and Okta sends", "and Entra sends"),
                    (
                        "which Okta attribute mapping",
                        "which Entra attribute mapping",
                    ),
                    ("Okta's SPEC test sends it", "Entra sends it"),
                ] {
                    *h = h.replace(okta, entra);
                }
            }
        }
    }
    r.redact(redactor);
    crate::accept::mark(&mut r, accept, today);
    events(RunEvent::ScenarioFinished {
        result: Box::new(r.clone()),
    });
    r
}

/// The base URL without user info (which would be a secret).
fn redact_url(url: &url::Url) -> String {
    let mut u = url.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.to_string()
}
