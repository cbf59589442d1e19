//! Signals during a run: SIGINT (Ctrl-C), SIGTERM (what CI systems and `timeout` send to
//! cancel a job) and SIGHUP (a closed terminal) all interrupt it the same way: no new step
//! starts, requests in flight finish, waits end, every scenario cleans up, the report is
//! written, and scimgate exits 3. A second signal quits at once and says so.
//!
//! The handlers are installed before the first request, so no signal in the run falls back to
//! the default action of killing the process without cleanup.

/// The signals that interrupt a run, installed.
pub(crate) struct Signals {
    #[cfg(unix)]
    streams: Vec<(tokio::signal::unix::Signal, &'static str)>,
}

impl Signals {
    /// Installs the handlers now.
    pub(crate) fn install() -> std::io::Result<Self> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            let streams = vec![
                (signal(SignalKind::interrupt())?, "SIGINT"),
                (signal(SignalKind::terminate())?, "SIGTERM"),
                (signal(SignalKind::hangup())?, "SIGHUP"),
            ];
            Ok(Self { streams })
        }
        #[cfg(not(unix))]
        {
            Ok(Self {})
        }
    }

    /// Waits for the next signal and names it.
    pub(crate) async fn next(&mut self) -> &'static str {
        #[cfg(unix)]
        {
            let waits = self.streams.iter_mut().map(|(s, name)| {
                Box::pin(async move {
                    s.recv().await;
                    *name
                })
            });
            futures_util::future::select_all(waits).await.0
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
            "Ctrl-C"
        }
    }
}
