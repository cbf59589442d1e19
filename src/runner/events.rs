//! Events the runner emits while it works; the console reporter renders them live. The runner
//! itself never prints.

use super::result::ScenarioResult;

/// Something that happened during a run.
#[derive(Clone, Debug)]
pub enum RunEvent {
    /// The run is about to start.
    RunStarted {
        /// The target's base URL.
        target: String,
        /// How many scenarios will run.
        scenarios: usize,
        /// The run prefix on every object created.
        prefix: String,
        /// The seed of generated values.
        seed: u64,
    },
    /// Okta's "Test API Credentials" request answered.
    PreflightDone {
        /// The status, or the transport error text.
        outcome: Result<u16, String>,
    },
    /// A scenario started.
    ScenarioStarted {
        /// Its id.
        id: String,
    },
    /// A scenario finished (cleanup included).
    ScenarioFinished {
        /// Its result.
        result: Box<ScenarioResult>,
    },
    /// A 429 made the run wait.
    RateLimited {
        /// Seconds waited.
        waited_secs: f64,
    },
}
