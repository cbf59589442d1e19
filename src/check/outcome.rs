//! What a check concluded. A failed check is data: expected, actual and a message, never an
//! `Err`.

use super::catalogue::{CheckId, Consequence, EntraConsequence, Gate, RfcLevel};
use serde::{Deserialize, Serialize};

/// The verdict of one check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The server did what the rule asks.
    Pass,
    /// The server broke the rule.
    Fail,
    /// scimgate could not evaluate (transport trouble, unusable data).
    Error,
    /// A prerequisite failed; the root cause is named in the message.
    Blocked,
    /// Not run (not selected, or a capability the target does not advertise).
    Skipped,
    /// Behaviour changed against the stored snapshot.
    Drift,
}

impl Verdict {
    /// The label used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Error => "error",
            Verdict::Blocked => "blocked",
            Verdict::Skipped => "skipped",
            Verdict::Drift => "drift",
        }
    }
}

/// One check's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckOutcome {
    /// Which check.
    pub check: CheckId,
    /// What its failure does in Okta where it ran: the catalogue's, except that a `fails-oin`
    /// check off the steps of Okta's SPEC test leaves Okta unaffected (the OIN tests send
    /// those requests only in SPEC; the CRUD test asserts only what Okta's flows need).
    pub consequence: Consequence,
    /// What its failure does in Entra (from the catalogue), set only where the check ran in
    /// an Entra scenario (tagged `entra`): there Entra's consequence, not Okta's, decides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entra: Option<EntraConsequence>,
    /// Its RFC level (from the catalogue).
    pub rfc: RfcLevel,
    /// The verdict.
    pub verdict: Verdict,
    /// One line saying what happened.
    pub message: String,
    /// What the rule expects (on failures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// What the server did (on failures).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// The fix for what was observed, when it is not the catalogue's (a refused create is not
    /// a wrong success code); reporters show [`CheckOutcome::hint`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// A failure listed as an accepted deviation (`--accept`): the reason given. It is
    /// reported as accepted and does not fail the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<Box<String>>,
}

impl CheckOutcome {
    fn new(check: CheckId, verdict: Verdict, message: impl Into<String>) -> Self {
        Self {
            check,
            consequence: check.consequence(),
            entra: None,
            rfc: check.rfc(),
            verdict,
            message: message.into(),
            expected: None,
            actual: None,
            hint: None,
            accepted: None,
        }
    }

    /// The one-line fix: for what was observed, else the catalogue's.
    pub fn hint(&self) -> &str {
        self.hint.as_deref().unwrap_or(self.check.hint())
    }

    /// A pass.
    pub fn pass(check: CheckId, message: impl Into<String>) -> Self {
        Self::new(check, Verdict::Pass, message)
    }

    /// A failure with what was expected and what came.
    pub fn fail(
        check: CheckId,
        message: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        let mut o = Self::new(check, Verdict::Fail, message);
        o.expected = Some(expected.into());
        o.actual = Some(actual.into());
        o
    }

    /// Could not evaluate.
    pub fn error(check: CheckId, message: impl Into<String>) -> Self {
        Self::new(check, Verdict::Error, message)
    }

    /// Blocked by a named root cause.
    pub fn blocked(check: CheckId, root: impl Into<String>) -> Self {
        Self::new(
            check,
            Verdict::Blocked,
            format!("blocked by {}", root.into()),
        )
    }

    /// Not run.
    pub fn skipped(check: CheckId, reason: impl Into<String>) -> Self {
        Self::new(check, Verdict::Skipped, reason)
    }

    /// The one rule for blocking: true when this failure leaves the answer unusable for the
    /// step's other checks and for the steps that need this one. Only a status check (a gate),
    /// an unparseable body or an answer describing another resource (`create-own-resource`)
    /// does that: a wrong success code (201 expected, 200 came) leaves
    /// a usable answer, as do a missing header, an incomplete `meta` or any other value
    /// check; and a gate whose rule is only an RFC SHOULD Okta does not care about never
    /// blocks. (A capture the answer did not yield blocks its users too: see the runner.)
    pub fn leaves_answer_unusable(&self, success: bool) -> bool {
        let wrong_resource = self.check == CheckId::CreateOwnResource;
        // A step that expects a refusal and got one (400 where 404 was expected, another
        // scimType) did what later steps need: the write was refused.
        let refused_as_wanted = !success && self.wanted_an_error();
        self.verdict == Verdict::Fail
            && (wrong_resource
                || (self.check.is_gate() || self.check == CheckId::JsonBody)
                    && !(self.check.success_is_usable() && success)
                    && !refused_as_wanted
                    && Gate::Rfc.counts(self.check))
    }

    /// True when the check expected an error status (`404`, `400 with scimType …`).
    fn wanted_an_error(&self) -> bool {
        self.expected
            .as_deref()
            .is_some_and(|e| matches!(e.trim_start().chars().next(), Some('4' | '5')))
    }

    /// True when a failure of this check counts at this gate: by Entra's consequence where
    /// the check ran in an Entra scenario, else by Okta's.
    pub fn counts_at(&self, gate: Gate) -> bool {
        if self.entra.is_some() {
            gate.counts_in_entra(self.check)
        } else {
            gate.counts_as(self.consequence, self.rfc)
        }
    }

    /// True for a failure that fails the run at this gate (the step's feature being on).
    pub fn fails_gate(&self, gate: Gate) -> bool {
        self.verdict == Verdict::Fail && self.accepted.is_none() && self.counts_at(gate)
    }

    /// The consequence and RFC level as reports show them: [`CheckId::tag`] (Okta's
    /// consequence), or in an Entra scenario Entra's: `breaks-entra, rfc must`, `rfc should`.
    pub fn tag(&self) -> String {
        if self.entra.is_none() {
            return self.check.tag_as(self.consequence);
        }
        let entra = (self.check.entra() == EntraConsequence::BreaksEntra).then_some("breaks-entra");
        let rfc = match self.rfc {
            RfcLevel::Must => Some("rfc must"),
            RfcLevel::Should => Some("rfc should"),
            RfcLevel::NotRfc => None,
        };
        match (entra, rfc) {
            (Some(e), Some(r)) => format!("{e}, {r}"),
            (Some(e), None) => e.to_owned(),
            (None, Some(r)) => r.to_owned(),
            (None, None) => "informational".to_owned(),
        }
    }

    /// The label of the consequence that applies where the check ran (JUnit failure types,
    /// GitHub annotations): Entra's in an Entra scenario, else Okta's.
    pub fn consequence_label(&self) -> &'static str {
        match self.entra {
            Some(e) => e.as_str(),
            None => self.consequence.as_str(),
        }
    }
}
