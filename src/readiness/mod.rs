//! Okta readiness: the vendor's question answered. Which Okta features a run tests
//! ([`FeatureConfig`], declared with `--okta-features` or inferred from discovery), and the
//! verdict in the admin's words ([`OktaReadiness`]: ready / not ready / off per feature, the OIN
//! tests, the RFC standing), from which the exit code follows at the run's [`Gate`]; and the
//! same for Microsoft Entra ID from the Entra scenarios ([`EntraReadiness`]).
//!
//! [`Gate`]: crate::check::Gate

mod config;
mod entra;
mod verdict;

pub use config::{Discovery, FeatureChoice, FeatureConfig, FeatureState};
pub use entra::{EntraLine, EntraReadiness, entra_readiness};
pub use verdict::{
    CheckRef, FeatureReadiness, OinReadiness, OktaReadiness, ReadyState, RfcStanding, entra_text,
    fails_run, is_spec_step, okta_text, readiness,
};
