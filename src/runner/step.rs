//! Running one step, in four phases read top to bottom in [`ScenarioState::run_step`]:
//! preconditions (its feature, the steps it needs, `requires`, its lists: or why it is not
//! run), send (page by page or once per list element, batches at once), judge (its checks
//! on each answer), apply effects (the ledger, captures). One place, `settle`, then records
//! what the steps that need it do: run, be skipped with it, or be blocked by its root cause.

use super::ownership::permit;
use super::result::{Exchange, StepResult, worst};
use super::scenario::ScenarioState;
use super::step_request::{CheckRenderError, render_check, render_request};
use crate::check::{CheckInput, CheckOutcome, Verdict, judge_step};
use crate::http::Call;
use crate::scenario::{ResourceKind, StepSpec};
use crate::template::{RenderError, render_str, render_value};
use serde_json::{Value, json};

/// The resource type a path addresses.
pub(crate) fn kind_of(path: &str) -> Option<ResourceKind> {
    let lower = path.to_ascii_lowercase();
    if lower.starts_with("/users") {
        Some(ResourceKind::User)
    } else if lower.starts_with("/groups") {
        Some(ResourceKind::Group)
    } else {
        None
    }
}

/// A step not started because the run was interrupted.
pub(crate) fn interrupted(step: &StepSpec) -> StepResult {
    StepResult {
        name: step.name.clone(),
        title: step.title.clone(),
        source: step.source.clone(),
        feature: step.feature,
        verdict: Verdict::Skipped,
        exchanges: Vec::new(),
        checks: step
            .expect
            .iter()
            .map(|c| {
                CheckOutcome::skipped(
                    c.id(),
                    "the run was interrupted (or stopped: the target kept rate limiting)",
                )
            })
            .collect(),
        capability: None,
    }
}

impl ScenarioState<'_> {
    /// A step that needs a skipped step is skipped for the same reason.
    fn skip_reason(&self, step: &StepSpec) -> Option<String> {
        step.needs.iter().find_map(|n| self.skipped.get(n)).cloned()
    }

    /// Why a template cannot render: blocked by the step that should have produced the value,
    /// or an error when nothing produces it.
    pub(crate) fn explain_missing(&self, err: &RenderError) -> (Verdict, String) {
        if let Some(var) = err.missing_root()
            && let Some(origin) = self.origin.get(var)
        {
            if let Some(root) = self.failed.get(origin) {
                return (Verdict::Blocked, root.clone());
            }
            return (
                Verdict::Blocked,
                format!("step `{origin}` (it produced no `{var}`)"),
            );
        }
        if let RenderError::UnsafePath(_) = err {
            return (Verdict::Error, err.to_string());
        }
        (Verdict::Error, format!("scenario error: {err}"))
    }

    pub(crate) fn not_run(step: &StepSpec, verdict: Verdict, why: &str) -> StepResult {
        let checks = step
            .expect
            .iter()
            .map(|c| match verdict {
                Verdict::Blocked => CheckOutcome::blocked(c.id(), why),
                Verdict::Skipped => CheckOutcome::skipped(c.id(), why),
                _ => CheckOutcome::error(c.id(), why),
            })
            .collect();
        StepResult {
            name: step.name.clone(),
            title: step.title.clone(),
            source: step.source.clone(),
            feature: step.feature,
            verdict,
            exchanges: Vec::new(),
            checks,
            capability: super::capability::untested(step, why),
        }
    }

    /// A `reason` string next to the flag a `requires` names (`{{probe.immutable.declared}}`
    /// → `probe.immutable.reason`), so a skip can say why the flag is false.
    fn sibling_reason(&self, req: &str) -> Option<String> {
        let path = req.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
        let (parent, _) = path.rsplit_once('.')?;
        let reason = self.vars.lookup(&format!("{parent}.reason"))?;
        reason.as_str().map(str::to_owned)
    }

    /// Runs one step in four phases, read top to bottom: its preconditions (or why it is not
    /// run), then for each batch of requests: send, judge, apply effects (captures, ledger
    /// entries); then [`ScenarioState::settle`] decides what the steps that need it do. Its
    /// result names the Okta feature it belongs to (its own, else the scenario's).
    pub(crate) async fn run_step(&mut self, step: &StepSpec) -> StepResult {
        let feature = step.feature.or(self.feature);
        let (mut result, dependants) = match self.preconditions(step, feature) {
            Err(not_run) => {
                let result = Self::not_run(step, not_run.verdict, &not_run.why);
                (result, not_run.for_dependants())
            }
            Ok(items) => self.send_judge_apply(step, &items).await,
        };
        result.feature = feature;
        self.settle(step, dependants);
        result
    }

    /// The one place that decides what the steps that `need` this one do (see
    /// [`Dependants`]).
    fn settle(&mut self, step: &StepSpec, dependants: Dependants) {
        match dependants {
            Dependants::Run => {}
            Dependants::Skip(why) => {
                self.skipped.insert(step.name.clone(), why);
            }
            Dependants::Block(root) => {
                self.failed.insert(step.name.clone(), root);
            }
        }
    }

    /// Phase 1: whether the step runs, and over which items (one `None` for a step without
    /// `for_each`). In order: its feature is on; no step it needs failed or was skipped; the
    /// captures it reads back exist (`skip_without`); its `requires` hold; its `repeat` list
    /// binds; its `for_each` list renders.
    fn preconditions(
        &mut self,
        step: &StepSpec,
        feature: Option<crate::feature::OktaFeature>,
    ) -> Result<Vec<Option<Value>>, NotRun> {
        if let Some(why) = self.feature_off(feature) {
            return Err(NotRun::skipped(why));
        }
        if let Some(root) = step.needs.iter().find_map(|n| self.failed.get(n)).cloned() {
            return Err(NotRun::new(Verdict::Blocked, root));
        }
        if let Some(why) = self.skip_reason(step) {
            return Err(NotRun::skipped(why));
        }
        if let Some(var) = step
            .skip_without
            .iter()
            .find(|v| self.vars.lookup(v).is_none())
        {
            let from = self
                .origin
                .get(var.as_str())
                .map_or_else(String::new, |o| format!(" by step `{o}`"));
            return Err(NotRun::skipped(format!(
                "no `{var}` was captured{from}, an answer its own checks allow: nothing to read back"
            )));
        }
        if let Some(req) = &step.requires {
            self.check_requires(req)?;
        }
        self.bind_repeat(step)?;
        let Some(fe) = &step.for_each else {
            return Ok(vec![None]);
        };
        let list = match self.for_each_list(fe) {
            Err(err) => {
                let (v, why) = self.explain_missing(&err);
                return Err(NotRun::new(v, why));
            }
            Ok(None) => {
                let (v, why) = self.explain_missing(&RenderError::Missing(fe.var.clone()));
                return Err(NotRun::new(v, why));
            }
            Ok(Some(list)) => list,
        };
        let Some(t) = &fe.chunk else {
            return Ok(list.iter().cloned().map(Some).collect());
        };
        match render_str(t, &self.vars)
            .ok()
            .and_then(|n| n.trim().parse::<usize>().ok())
            .filter(|n| *n > 0)
        {
            Some(n) => Ok(list
                .chunks(n)
                .map(|c| Some(Value::Array(c.to_vec())))
                .collect()),
            None => Err(NotRun::new(
                Verdict::Error,
                format!("for_each.chunk `{t}` is not a positive whole number"),
            )),
        }
    }

    /// Why a step of this feature is not run, when the feature is off.
    pub(crate) fn feature_off(
        &self,
        feature: Option<crate::feature::OktaFeature>,
    ) -> Option<String> {
        let f = feature?;
        match self.features.state(f) {
            crate::readiness::FeatureState::On { .. } => None,
            crate::readiness::FeatureState::Off { by, why, .. } => {
                Some(format!("{} is off ({by}: {why})", f.label()))
            }
        }
    }

    /// A step's `requires`: one or more terms joined by `&&`, each a template rendering to a
    /// boolean, `!` negating it. `Some` is the result of a step that is not run (skipped
    /// naming the first term that is false and why; an error for a term that is not boolean).
    fn check_requires(&self, req: &str) -> Result<(), NotRun> {
        for term in req.split("&&").map(str::trim) {
            // `!{{flag}}` exercises what a target does when it does NOT offer a feature.
            let (negated, template) = match term.strip_prefix('!') {
                Some(rest) => (true, rest.trim().to_owned()),
                None => (false, term.to_owned()),
            };
            match render_value(&Value::String(template.clone()), &self.vars) {
                Ok(Value::Bool(flag)) if flag != negated => {}
                Ok(Value::Bool(_)) => {
                    let why = if negated {
                        // A reason next to the flag says it best (`target.reason`).
                        self.sibling_reason(&template).unwrap_or_else(|| {
                            format!(
                                "the target advertises `{}` (this step probes a target without it)",
                                flag_name(&template)
                            )
                        })
                    } else {
                        let why = format!("the target does not advertise `{}`", flag_name(term));
                        match self.sibling_reason(term) {
                            Some(reason) => format!("{why}: {reason}"),
                            None => why,
                        }
                    };
                    return Err(NotRun::skipped(why));
                }
                Ok(other) => {
                    let why = format!(
                        "scenario error: requires `{term}` rendered to {other}, not a boolean"
                    );
                    return Err(NotRun::new(Verdict::Error, why));
                }
                Err(err) => {
                    let (v, why) = self.explain_missing(&err);
                    return Err(NotRun::new(v, why));
                }
            }
        }
        Ok(())
    }

    /// Phases 2 to 4 for each batch of items (`for_each` with `parallel: N` sends N requests
    /// at once; each batch is prepared, its pending ledger entries written, in order, then
    /// judged in order): send, judge, apply effects. Then the step's verdict and what it
    /// means for the steps that need it.
    async fn send_judge_apply(
        &mut self,
        step: &StepSpec,
        items: &[Option<Value>],
    ) -> (StepResult, Dependants) {
        let mut exchanges = Vec::new();
        let mut per_iteration: Vec<Vec<CheckOutcome>> = Vec::new();
        let batch = step
            .for_each
            .as_ref()
            .and_then(|fe| fe.parallel)
            .map_or(1, |n| usize::try_from(n.max(1)).unwrap_or(1));
        for items in items.chunks(batch) {
            let stop = self.cancel.load(std::sync::atomic::Ordering::SeqCst)
                || self.client.stopped().is_some();
            if stop && !exchanges.is_empty() {
                break;
            }
            // Phase 2: send.
            let sent = match self.send_batch(step, items).await {
                Ok(sent) => sent,
                Err(not_sent) => return self.not_sent(step, not_sent),
            };
            for (item, calls) in items.iter().zip(sent) {
                self.bind_item(step, item);
                exchanges.extend(calls.iter().map(|c| {
                    let mut e = Exchange::from_call(c);
                    if step.reads_others {
                        e.withhold_body();
                    }
                    e
                }));
                // Phase 3: judge.
                let mut checks = self.judge(step, &calls);
                if let Some(why) = self.vanished_own(step, &calls) {
                    for c in checks.iter_mut() {
                        *c = CheckOutcome::skipped(c.check, why.clone());
                    }
                } else if step.reads_others {
                    // What a failure quotes of the answer is other people's data too.
                    for c in checks.iter_mut().filter(|c| c.actual.is_some()) {
                        c.actual = Some(super::result::WITHHELD.to_owned());
                    }
                }
                // Phase 4: apply effects (the ledger first: a create answer describing
                // another object is judged there, and its id is neither captured nor kept).
                let (own, trusted) = self.record_created(step, &calls).await;
                if let Some(o) = own.as_ref().filter(|o| o.verdict == Verdict::Fail) {
                    // The answer describes another resource: what it says about the one just
                    // created means nothing (its status codes still stand).
                    let why = format!("`{}` at this step", o.check.as_str());
                    for c in checks.iter_mut().filter(|c| !c.check.is_gate()) {
                        *c = CheckOutcome::blocked(c.check, why.clone());
                    }
                }
                checks.extend(own);
                checks.extend(self.capture(step, &calls, trusted));
                self.record_bulk_created(step, &calls).await;
                per_iteration.push(checks);
            }
        }
        if let Some(fe) = &step.for_each {
            self.vars.remove(&fe.as_name);
        }
        if let Some(rep) = &step.repeat {
            self.vars.remove(&rep.into);
        }
        let checks = merge_iterations(per_iteration);
        let verdict = worst(checks.iter().map(|c| c.verdict));
        let mut result = StepResult {
            name: step.name.clone(),
            title: step.title.clone(),
            source: step.source.clone(),
            feature: step.feature,
            verdict,
            exchanges,
            checks,
            capability: None,
        };
        if let Some(spec) = &step.capability
            && let Some(why) = super::capability::judge(spec, step, &mut result)
        {
            // A capability the target does not offer: the steps that need it are skipped.
            return (result, Dependants::Skip(why));
        }
        let dependants = root_cause(&result).map_or(Dependants::Run, Dependants::Block);
        (result, dependants)
    }

    /// A `reads_others` step addresses a resource another answer named (Okta's SPEC test reads
    /// "the first user the server lists"). When that was one of this run's own objects and
    /// another scenario deleted it before this read, a 404 says nothing about the server.
    fn vanished_own(&self, step: &StepSpec, calls: &[Call]) -> Option<String> {
        if !step.reads_others {
            return None;
        }
        let call = calls.last()?;
        let resp = call.response.as_ref().ok()?;
        if resp.status != 404 {
            return None;
        }
        let (kind, id) = super::ownership::addressed(&call.request.path)?;
        self.ledger.deleted(kind, &id).then(|| {
            "the resource it reads was one this run created, deleted by another scenario \
             before this read (scenarios run at once); `--jobs 1` reads a resource that stays"
                .to_owned()
        })
    }

    /// The list a `for_each` iterates: its `items` rendered, or its variable's value when
    /// that is a list (`None` otherwise).
    fn for_each_list(
        &self,
        fe: &crate::scenario::ForEachSpec,
    ) -> Result<Option<Vec<Value>>, RenderError> {
        match &fe.items {
            Some(items) => items
                .iter()
                .map(|v| crate::template::render_value(v, &self.vars))
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            None => Ok(match self.vars.lookup(&fe.var) {
                Some(Value::Array(a)) => Some(a.clone()),
                _ => None,
            }),
        }
    }

    fn bind_item(&mut self, step: &StepSpec, item: &Option<Value>) {
        if let (Some(fe), Some(item)) = (&step.for_each, item) {
            self.vars.set(fe.as_name.clone(), item.clone());
        }
    }

    /// The step's result when its request was not sent, and what that means for the steps
    /// that need it.
    fn not_sent(&mut self, step: &StepSpec, why: NotSent) -> (StepResult, Dependants) {
        match why {
            NotSent::Render(err) => {
                let (v, why) = self.explain_missing(&err);
                (Self::not_run(step, v, &why), Dependants::Block(why))
            }
            NotSent::NotOwned(refusal) if refusal.foreign => {
                // The id came from a create answer; the server's answer was wrong.
                let root = format!("step `{}` (`create-own-resource` fail)", step.name);
                let mut r = Self::not_run(step, Verdict::Blocked, &root);
                r.checks.push(CheckOutcome::fail(
                    crate::check::CheckId::CreateOwnResource,
                    format!("not sent: {}", refusal.message),
                    "the id a create answers names the object created",
                    "an object without the run prefix",
                ));
                r.verdict = Verdict::Fail;
                (r, Dependants::Block(root))
            }
            NotSent::NotOwned(refusal) => {
                let why = format!("not sent: {}", refusal.message);
                (
                    Self::not_run(step, Verdict::Error, &why),
                    Dependants::Block(why),
                )
            }
        }
    }

    /// Sends the step's request once per item of the batch, all at once; a paginated step
    /// (never iterated) pages.
    async fn send_batch(
        &mut self,
        step: &StepSpec,
        items: &[Option<Value>],
    ) -> Result<Vec<Vec<Call>>, NotSent> {
        if let Some(p) = &step.paginate {
            return Ok(vec![self.page(step, p).await?]);
        }
        let mut specs = Vec::with_capacity(items.len());
        for item in items {
            self.bind_item(step, item);
            let spec = render_request(step, &self.vars).map_err(NotSent::Render)?;
            permit(self.client, self.ledger, self.prefix, &spec)
                .await
                .map_err(NotSent::NotOwned)?;
            self.record_pending(step);
            specs.push(spec);
        }
        let client = self.client;
        let calls = futures_util::future::join_all(specs.iter().map(|s| client.send(s))).await;
        Ok(specs
            .iter()
            .zip(calls)
            .map(|(spec, call)| {
                self.observe_call(spec, &call);
                vec![call]
            })
            .collect())
    }

    /// Pages through a list as Okta's import does.
    async fn page(
        &mut self,
        step: &StepSpec,
        p: &crate::scenario::PaginateSpec,
    ) -> Result<Vec<Call>, NotSent> {
        // Another writer (a concurrent run, a person) may change the list while it is paged;
        // RFC 7644 §3.4.2.4 makes clients tolerate that, so such a pass is repeated, a few
        // times, before the paging checks judge it.
        let mut calls = Vec::new();
        for attempt in 0..4u32 {
            if attempt > 0 {
                tokio::time::sleep(std::time::Duration::from_millis(250 * u64::from(attempt)))
                    .await;
            }
            calls = self.page_once(step, p).await.map_err(NotSent::Render)?;
            if !crate::check::list_changed_while_paging(&calls) {
                break;
            }
        }
        self.vars.remove("page");
        Ok(calls)
    }

    async fn page_once(
        &mut self,
        step: &StepSpec,
        p: &crate::scenario::PaginateSpec,
    ) -> Result<Vec<Call>, RenderError> {
        let mut calls = Vec::new();
        let mut start: u64 = 1;
        let count = u64::from(p.count.max(1));
        for _ in 0..p.max_pages.max(1) {
            self.vars
                .set("page", json!({"startIndex": start, "count": count}));
            let spec = render_request(step, &self.vars)?;
            let call = self.client.send(&spec).await;
            // The pages show the run's own objects: cleanup need not read them again.
            self.observe_call(&spec, &call);
            let total = total_results(&call);
            calls.push(call);
            // Okta's rule: another page while startIndex + count - 1 < totalResults.
            match total {
                Some(t) if start + count - 1 < t => start += count,
                _ => break,
            }
        }
        Ok(calls)
    }

    fn judge(&self, step: &StepSpec, calls: &[Call]) -> Vec<CheckOutcome> {
        let mut rendered = Vec::new();
        let mut broken = Vec::new();
        for c in &step.expect {
            match render_check(c, &self.vars) {
                Ok(r) => rendered.push(r),
                // A value an earlier answer did not carry blocks only the check that needs it.
                Err(CheckRenderError::Render(e)) => broken.push(match self.explain_missing(&e) {
                    (Verdict::Blocked, why) => CheckOutcome::blocked(c.id(), why),
                    (_, why) => CheckOutcome::error(c.id(), why),
                }),
                Err(CheckRenderError::Invalid(e)) => {
                    broken.push(CheckOutcome::error(c.id(), format!("scenario error: {e}")));
                }
            }
        }
        let kind = calls.first().and_then(|c| kind_of(&c.request.path));
        let mut out = judge_step(&rendered, &CheckInput { calls, kind });
        out.extend(broken);
        out
    }
}

fn total_results(call: &Call) -> Option<u64> {
    call.response
        .as_ref()
        .ok()
        .filter(|r| r.status == 200)
        .and_then(|r| r.json().ok())
        .and_then(|v| crate::check::pointer_ci(&v, "/totalResults").and_then(Value::as_u64))
}

/// A `requires` term as the target's document names it: `{{spc.filter.supported}}` →
/// `filter.supported`.
fn flag_name(term: &str) -> String {
    let inner = term
        .trim()
        .trim_start_matches("{{")
        .trim_end_matches("}}")
        .trim();
    inner.strip_prefix("spc.").unwrap_or(inner).to_owned()
}

/// Worst outcome per check across iterations. Outcomes pair up by check id and occurrence
/// (an iteration whose answer held no id has no `id-usable` outcome, for one).
fn merge_iterations(mut iterations: Vec<Vec<CheckOutcome>>) -> Vec<CheckOutcome> {
    if iterations.len() <= 1 {
        return iterations.pop().unwrap_or_default();
    }
    let n = iterations.len();
    let mut merged: Vec<CheckOutcome> = Vec::new();
    for (i, it) in iterations.iter().enumerate() {
        let mut seen: std::collections::HashMap<crate::check::CheckId, usize> =
            std::collections::HashMap::new();
        for o in it {
            let nth = seen.entry(o.check).or_default();
            let slot = merged.iter_mut().filter(|m| m.check == o.check).nth(*nth);
            *nth += 1;
            match slot {
                Some(slot) if worst([slot.verdict, o.verdict]) != slot.verdict => {
                    *slot = o.clone();
                    slot.message = format!("{} (element {} of {n})", o.message, i + 1);
                }
                Some(_) => {}
                None => merged.push(o.clone()),
            }
        }
    }
    merged
}

/// Why a step is not run: skipped, blocked or an error, and the reason its checks and the
/// steps that need it inherit.
pub(crate) struct NotRun {
    pub(crate) verdict: Verdict,
    pub(crate) why: String,
}

impl NotRun {
    pub(crate) fn new(verdict: Verdict, why: String) -> Self {
        Self { verdict, why }
    }

    pub(crate) fn skipped(why: String) -> Self {
        Self::new(Verdict::Skipped, why)
    }

    /// A skipped step's dependants are skipped with it; a blocked or broken one blocks them.
    fn for_dependants(&self) -> Dependants {
        if self.verdict == Verdict::Skipped {
            Dependants::Skip(self.why.clone())
        } else {
            Dependants::Block(self.why.clone())
        }
    }
}

/// What the steps that `need` a step do, once it has run or not: run, be skipped for its
/// reason, or be blocked naming its root cause ([`root_cause`]).
pub(crate) enum Dependants {
    Run,
    Skip(String),
    Block(String),
}

/// Why a step's request was not sent.
enum NotSent {
    /// A template could not render (or would leave the object it names).
    Render(RenderError),
    /// It writes to an object the run cannot prove it created.
    NotOwned(super::ownership::Refusal),
}

/// A step's failure as the root cause the steps that `need` it name, if it left nothing to
/// build on: an error, or an answer a failed check made unusable (see
/// [`CheckOutcome::leaves_answer_unusable`]). A capture the answer did not yield is not one:
/// only the steps whose templates use it are blocked, by name (`explain_missing`), and the
/// rest still run.
fn root_cause(r: &StepResult) -> Option<String> {
    let success = r
        .exchanges
        .last()
        .and_then(|e| e.status)
        .is_some_and(|s| (200..300).contains(&s));
    let found = r
        .checks
        .iter()
        .find(|c| c.leaves_answer_unusable(success) || c.verdict == Verdict::Error)
        .map(|bad| {
            format!(
                "step `{}` (`{}` {})",
                r.name,
                bad.check.as_str(),
                bad.verdict.as_str()
            )
        });
    // Every gate blocked by what the answer was (a race refused for another reason): what
    // the step was for did not happen, and the steps that need it cannot be judged either.
    let gates: Vec<&CheckOutcome> = r.checks.iter().filter(|c| c.check.is_gate()).collect();
    found.or_else(|| {
        (!gates.is_empty() && gates.iter().all(|c| c.verdict == Verdict::Blocked)).then(|| {
            format!(
                "step `{}` (`{}` {})",
                r.name,
                gates[0].check.as_str(),
                gates[0].message
            )
        })
    })
}
