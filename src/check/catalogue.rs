//! The check catalogue: every check scimgate can run, declared once, in `catalogue/entries.rs`.
//!
//! One row of the table says everything about a check: its stable id; for a check written in
//! scenarios, the parameters it takes (the row generates the [`CheckSpec`] variant and its serde
//! name); what its failure does in Okta ([`Consequence`], with the OIN test step it fails and
//! Okta's own error text where known); its RFC level ([`RfcLevel`]); whether it gates the
//! step's other checks and whether a 2xx that fails it is still usable; the rule it enforces,
//! a title and a one-line fix. [`CheckId`] and its accessors and [`CheckSpec`] with
//! `id()`/`validate()` are generated from it; the evaluator dispatch (`eval.rs`) is one
//! exhaustive match over [`CheckSpec`], so a written check without an evaluator does not build.
//!
//! `scimgate explain <id>` prints a row; `scimgate list checks` prints them all.

use serde::{Deserialize, Serialize};

/// What a failure of a check does when Okta provisions against the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Consequence {
    /// A provisioning task fails, or data goes wrong, in Okta.
    #[serde(rename = "breaks-okta")]
    BreaksOkta,
    /// Okta works, but Okta's own OIN tests (the SPEC and CRUD tests) fail.
    #[serde(rename = "fails-oin")]
    FailsOin,
    /// Okta works and its tests pass: an RFC rule Okta does not read.
    #[serde(rename = "none")]
    OktaUnaffected,
}

impl Consequence {
    /// The label used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Consequence::BreaksOkta => "breaks-okta",
            Consequence::FailsOin => "fails-oin",
            Consequence::OktaUnaffected => "none",
        }
    }
}

/// What a failure of a check does when Microsoft Entra ID provisions against the server
/// (judged only where the check ran in an Entra scenario, `--profile entra`).
///
/// A catalogue row that names no `entra:` is [`EntraConsequence::EntraUnaffected`]: either
/// no Entra scenario runs the check, or Entra is documented (or captured) to carry on when
/// it fails (a 200 for a create, a missing `Location`, an incomplete `meta`: Entra reads the
/// id from the body and nothing else). Rows that break Entra say so, with Microsoft's own
/// error wording in `entra_says` where it is known.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub enum EntraConsequence {
    /// A provisioning cycle fails for the object, or data goes wrong, in Entra.
    #[serde(rename = "breaks-entra")]
    BreaksEntra,
    /// Entra carries on.
    #[default]
    #[serde(rename = "none")]
    EntraUnaffected,
}

impl EntraConsequence {
    /// The label used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            EntraConsequence::BreaksEntra => "breaks-entra",
            EntraConsequence::EntraUnaffected => "none",
        }
    }
}

/// How strongly RFC 7643/7644 states the rule a check enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum RfcLevel {
    /// MUST, SHALL, REQUIRED.
    #[serde(rename = "must")]
    Must,
    /// SHOULD, RECOMMENDED, or stated without a 2119 keyword.
    #[serde(rename = "should")]
    Should,
    /// Not an RFC requirement (an Okta fact, an OPTIONAL item, a vendor setting).
    #[serde(rename = "none")]
    NotRfc,
}

impl RfcLevel {
    /// The label used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            RfcLevel::Must => "must",
            RfcLevel::Should => "should",
            RfcLevel::NotRfc => "none",
        }
    }
}

/// What makes a run exit 1 (`--gate`): `okta`, `oin` and `rfc` each include the ones before
/// them; `entra` stands apart: it counts only checks that ran in an Entra scenario.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Gate {
    /// A check whose failure breaks Okta's provisioning failed (the Okta profile's default).
    #[default]
    Okta,
    /// ... or one that fails Okta's OIN tests.
    Oin,
    /// ... or one that breaks an RFC MUST (the RFC profile's default).
    Rfc,
    /// A check whose failure breaks Entra's provisioning failed in an Entra scenario (the
    /// Entra profile's default).
    Entra,
}

impl Gate {
    /// The name on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Gate::Okta => "okta",
            Gate::Oin => "oin",
            Gate::Rfc => "rfc",
            Gate::Entra => "entra",
        }
    }

    /// True when a failure of this check, in an Okta or RFC scenario, fails the run at this
    /// gate (the `entra` gate counts none of those).
    pub fn counts(self, check: CheckId) -> bool {
        self.counts_as(check.consequence(), check.rfc())
    }

    /// [`Gate::counts`] for a failure with this consequence where it failed (a `fails-oin`
    /// check off the SPEC test's steps leaves Okta unaffected, see
    /// [`super::CheckOutcome::consequence`]) and this RFC level.
    pub fn counts_as(self, consequence: Consequence, rfc: RfcLevel) -> bool {
        match self {
            Gate::Okta => consequence == Consequence::BreaksOkta,
            Gate::Oin => consequence != Consequence::OktaUnaffected,
            Gate::Rfc => consequence != Consequence::OktaUnaffected || rfc == RfcLevel::Must,
            Gate::Entra => false,
        }
    }

    /// True when a failure of this check in an Entra scenario fails the run at this gate:
    /// at `entra` and `rfc` when it breaks Entra (and at `rfc` when it breaks an RFC MUST);
    /// never at `okta` and `oin`, since Okta does not send Entra's traffic.
    pub fn counts_in_entra(self, check: CheckId) -> bool {
        let breaks = check.entra() == EntraConsequence::BreaksEntra;
        match self {
            Gate::Okta | Gate::Oin => false,
            Gate::Rfc => breaks || check.rfc() == RfcLevel::Must,
            Gate::Entra => breaks,
        }
    }
}

/// Turns `yes`/`no` in a row into a bool.
macro_rules! flag {
    (yes) => {
        true
    };
    (no) => {
        false
    };
}

macro_rules! catalogue {
    ($(
        $(#[$doc:meta])*
        $variant:ident = $id:literal $( spec $params:tt )? {
            okta: $okta:ident, oin: $oin:literal, rfc: $rfc:ident,
            gate: $gate:ident, usable: $usable:ident,
            rule: $rule:literal,
            title: $title:literal,
            hint: $hint:literal,
            says: $says:literal
            $(, entra: $entra:ident)?
            $(, entra_why: $entra_why:literal)?
            $(, entra_says: $entra_says:literal)?
            $(, validate: $validate:path)? $(,)?
        }
    )+) => {
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

            /// What a failure does in Okta.
            pub fn consequence(self) -> Consequence {
                match self { $( CheckId::$variant => Consequence::$okta, )+ }
            }

            /// The OIN test steps a failure fails (`SPEC 8`), when there are any.
            pub fn oin(self) -> Option<&'static str> {
                match self { $( CheckId::$variant => Some($oin).filter(|s: &&str| !s.is_empty()), )+ }
            }

            /// How strongly the RFC states the rule.
            pub fn rfc(self) -> RfcLevel {
                match self { $( CheckId::$variant => RfcLevel::$rfc, )+ }
            }

            /// Gate checks judge the status of the answer; when one fails, the step's other
            /// checks are reported `blocked` by it instead of failing in a cascade.
            pub fn is_gate(self) -> bool {
                match self { $( CheckId::$variant => flag!($gate), )+ }
            }

            /// True for status checks whose failure with a 2xx answer still leaves a usable
            /// answer, so it is reported but blocks nothing: a wrong success code (200 instead
            /// of 201 or 204: the effect happened), or a write accepted where the RFC wants it
            /// refused (the answer and later reads show what the server did with it).
            pub fn success_is_usable(self) -> bool {
                match self { $( CheckId::$variant => flag!($usable), )+ }
            }

            /// The rule it enforces and why it has its consequence and RFC level.
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

            /// What Okta shows when it meets the failure, when its text is known. `<status>`
            /// and `<detail>` stand for the answer's reason phrase and SCIM Error detail.
            pub fn okta_says(self) -> Option<&'static str> {
                match self { $( CheckId::$variant => Some($says).filter(|s: &&str| !s.is_empty()), )+ }
            }

            /// What a failure does in Entra (a row without `entra:` is unaffected).
            pub fn entra(self) -> EntraConsequence {
                match self { $( CheckId::$variant => catalogue!(@entra $($entra)?), )+ }
            }

            /// Why the check has its Entra consequence, when the row says.
            pub fn entra_reason(self) -> Option<&'static str> {
                match self { $( CheckId::$variant => catalogue!(@entra_says $($entra_why)?), )+ }
            }

            /// What Entra's provisioning logs show when it meets the failure, when Microsoft's
            /// wording is known.
            pub fn entra_says(self) -> Option<&'static str> {
                match self { $( CheckId::$variant => catalogue!(@entra_says $($entra_says)?), )+ }
            }

            /// True for a check written in scenarios (`check: <id>`); the others run on every
            /// response or are judged by the runner.
            pub fn is_written(self) -> bool {
                match self { $( CheckId::$variant => catalogue!(@written $($params)?), )+ }
            }

            /// Looks a check up by id.
            pub fn from_id(id: &str) -> Option<CheckId> {
                Self::ALL.iter().copied().find(|c| c.as_str() == id)
            }
        }

        /// A check as written in a scenario's `expect` list: `check: <id>` plus its
        /// parameters, which may hold `{{templates}}`.
        #[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema, PartialEq)]
        #[serde(tag = "check", deny_unknown_fields)]
        pub enum CheckSpec {
            $( $(
                #[doc = concat!("`", $id, "` (see `scimgate explain ", $id, "`).")]
                #[serde(rename = $id)]
                $variant $params,
            )? )+
        }

        impl CheckSpec {
            /// The catalogue entry.
            pub fn id(&self) -> CheckId {
                match self {
                    $( $( CheckSpec::$variant { .. } => catalogue!(@id $variant $params), )? )+
                }
            }

            /// True when this check gates the step's other checks.
            pub fn is_gate(&self) -> bool {
                self.id().is_gate()
            }

            /// Static validation at load time.
            pub fn validate(&self) -> Result<(), String> {
                // Generated: a row names its validator, every other written check has none.
                #[allow(unreachable_patterns)]
                match self {
                    $( $( CheckSpec::$variant { .. } => $validate(self), )? )+
                    _ => Ok(()),
                }
            }
        }
    };
    (@entra) => { EntraConsequence::EntraUnaffected };
    (@entra $e:ident) => { EntraConsequence::$e };
    (@entra_says) => { None };
    (@entra_says $s:literal) => { Some($s) };
    (@written) => { false };
    (@written $params:tt) => { true };
    (@id $variant:ident $params:tt) => { CheckId::$variant };
}

mod entries;
pub use entries::{CheckId, CheckSpec};

impl CheckId {
    /// The rule's citation: the part of [`CheckId::rule`] before its Okta justification.
    pub fn rule_cited(self) -> &'static str {
        let r = self.rule();
        r.split(" · Okta: ").next().unwrap_or(r)
    }

    /// Why the check has its consequence for Okta, when the rule says.
    pub fn okta_reason(self) -> Option<&'static str> {
        self.rule().split_once(" · Okta: ").map(|(_, why)| why)
    }

    /// The consequence and RFC level as reports show them: `breaks-okta, rfc must`,
    /// `fails-oin (SPEC 8), rfc should`, `rfc must` (Okta unaffected), `okta-only`.
    pub fn tag(self) -> String {
        self.tag_as(self.consequence())
    }

    /// [`CheckId::tag`] with the consequence it had where it ran.
    pub fn tag_as(self, consequence: Consequence) -> String {
        let okta = match consequence {
            Consequence::BreaksOkta => Some("breaks-okta".to_owned()),
            Consequence::FailsOin => Some(match self.oin() {
                Some(step) => format!("fails-oin ({step})"),
                None => "fails-oin".to_owned(),
            }),
            Consequence::OktaUnaffected => None,
        };
        let rfc = match self.rfc() {
            RfcLevel::Must => Some("rfc must"),
            RfcLevel::Should => Some("rfc should"),
            RfcLevel::NotRfc => None,
        };
        match (okta, rfc) {
            (Some(o), Some(r)) => format!("{o}, {r}"),
            (Some(o), None) => o,
            (None, Some(r)) => r.to_owned(),
            (None, None) => "informational".to_owned(),
        }
    }
}

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
    fn every_entry_names_a_rule_a_hint_and_justifies_an_okta_consequence() {
        for c in CheckId::ALL {
            assert!(
                c.rule().contains("RFC")
                    || c.rule().contains("Okta")
                    || c.rule().contains("Vendor"),
                "{}",
                c.as_str()
            );
            assert!(!c.hint().is_empty() && !c.title().is_empty());
            if c.entra() == EntraConsequence::BreaksEntra {
                assert!(
                    c.entra_reason().is_some(),
                    "{} breaks Entra without saying why",
                    c.as_str()
                );
            }
            if c.consequence() == Consequence::FailsOin {
                assert!(
                    c.oin().is_some(),
                    "{} fails OIN without naming a step",
                    c.as_str()
                );
            }
            if c.rfc() == RfcLevel::NotRfc {
                assert!(
                    !c.rule().starts_with("RFC"),
                    "{}: an RFC-level none rule cites the RFC first",
                    c.as_str()
                );
            }
        }
    }

    #[test]
    fn gates_include_each_other() {
        for c in CheckId::ALL {
            if Gate::Okta.counts(*c) {
                assert!(Gate::Oin.counts(*c));
            }
            if Gate::Oin.counts(*c) {
                assert!(Gate::Rfc.counts(*c));
            }
        }
        assert!(Gate::Okta.counts(CheckId::CreateReturnsResource));
        assert!(!Gate::Okta.counts(CheckId::CreateLocation));
        assert!(Gate::Rfc.counts(CheckId::CreateLocation));
        assert!(
            !Gate::Okta.counts(CheckId::Duplicate409) && Gate::Oin.counts(CheckId::Duplicate409)
        );
    }
}
