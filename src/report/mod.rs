//! Placeholder for the reporters (replaced by the reports branch on merge).
#![allow(missing_docs, dead_code)]
use crate::runner::{RunEvent, RunReport};
use crate::secret::Redactor;
use std::io::Write;
use std::sync::Mutex;

pub struct ConsoleReporter { out: Mutex<Box<dyn Write + Send>>, redactor: Redactor }
impl ConsoleReporter {
    pub fn new(out: Box<dyn Write + Send>, _color: bool, _verbose: bool, redactor: Redactor) -> Self { Self { out: Mutex::new(out), redactor } }
    pub fn on_event(&self, event: &RunEvent) {
        if let RunEvent::ScenarioFinished { result } = event {
            let mut o = self.out.lock().unwrap();
            let _ = writeln!(o, "{} {}", result.verdict.as_str(), result.id);
            for s in &result.steps { for c in &s.checks { if c.verdict != crate::check::Verdict::Pass { let _ = writeln!(o, "  {} {} › {} [{}] {}", c.verdict.as_str(), s.name, c.check.as_str(), c.severity.as_str(), self.redactor.redact(&c.message)); } } }
        }
    }
    pub fn finish(&self, report: &RunReport) { let mut o = self.out.lock().unwrap(); let _ = writeln!(o, "{:?}", report.summary); }
}
pub fn write_json(report: &RunReport, redactor: &Redactor, out: &mut dyn Write) -> std::io::Result<()> { let s = serde_json::to_string_pretty(report).unwrap_or_default(); out.write_all(redactor.redact(&s).as_bytes()) }
pub fn write_junit(_report: &RunReport, _redactor: &Redactor, _out: &mut dyn Write) -> std::io::Result<()> { Ok(()) }
