//! The check catalogue: every check scimgate can run, with a stable id, a title, the rule it
//! enforces (RFC section or Okta fact), a severity and a one-line hint for the fix.
//!
//! `scimgate explain <id>` prints an entry; `scimgate list checks` prints them all.

use serde::{Deserialize, Serialize};

/// How much a failed check matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// An RFC MUST / SHALL (or behaviour the RFC states as the protocol): non-conformance.
    Must,
    /// RFC-legal behaviour that breaks Okta's provisioning.
    Okta,
    /// An RFC SHOULD: reported, but the run still passes.
    Should,
}

impl Severity {
    /// The label used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Must => "must",
            Severity::Okta => "okta",
            Severity::Should => "should",
        }
    }

    /// True when a failure of this severity makes the run non-conformant (exit 1).
    pub fn fails_run(self) -> bool {
        matches!(self, Severity::Must | Severity::Okta)
    }
}

macro_rules! catalogue {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $sev:ident, $rule:literal, $title:literal, $hint:literal; )+) => {
        /// Every check, by stable id.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        pub enum CheckId {
            $( $(#[$doc])* #[serde(rename = $id)] $variant, )+
        }

        impl CheckId {
            /// Every check, in catalogue order.
            pub const ALL: &'static [CheckId] = &[ $( CheckId::$variant, )+ ];

            /// The stable id, e.g. `create-201`.
            pub fn as_str(self) -> &'static str {
                match self { $( CheckId::$variant => $id, )+ }
            }

            /// The severity of a failure.
            pub fn severity(self) -> Severity {
                match self { $( CheckId::$variant => Severity::$sev, )+ }
            }

            /// The rule it enforces: an RFC section or an Okta fact.
            pub fn rule(self) -> &'static str {
                match self { $( CheckId::$variant => $rule, )+ }
            }

            /// What it checks, in one line.
            pub fn title(self) -> &'static str {
                match self { $( CheckId::$variant => $title, )+ }
            }

            /// How to fix a failure, in one line.
            pub fn hint(self) -> &'static str {
                match self { $( CheckId::$variant => $hint, )+ }
            }

            /// True for status checks whose failure with a 2xx answer still leaves a usable
            /// answer, so it is reported but blocks nothing: a wrong success code (200 instead
            /// of 201 or 204: the effect happened), or a write accepted where the RFC wants it
            /// refused (the answer and later reads show what the server did with it).
            pub fn success_is_usable(self) -> bool {
                matches!(
                    self,
                    CheckId::Create201
                        | CheckId::Get200
                        | CheckId::Replace200
                        | CheckId::Patch200Or204
                        | CheckId::Delete204
                        | CheckId::DeactivateKeepsUser
                        | CheckId::PatchMutabilityRefused
                )
            }

            /// Looks a check up by id.
            pub fn from_id(id: &str) -> Option<CheckId> {
                Self::ALL.iter().copied().find(|c| c.as_str() == id)
            }
        }
    };
}

mod entries;
pub use entries::CheckId;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_round_trip() {
        let mut seen = std::collections::BTreeSet::new();
        for c in CheckId::ALL {
            assert!(seen.insert(c.as_str()), "duplicate id {}", c.as_str());
            assert!(
                c.as_str()
                    .chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
            );
            assert_eq!(CheckId::from_id(c.as_str()), Some(*c));
            let json = serde_json::to_string(c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
        }
    }

    #[test]
    fn every_entry_names_a_rule_and_a_hint() {
        for c in CheckId::ALL {
            assert!(
                c.rule().contains("RFC")
                    || c.rule().contains("Okta")
                    || c.rule().contains("Vendor"),
                "{}",
                c.as_str()
            );
            assert!(!c.hint().is_empty() && !c.title().is_empty());
        }
    }
}
