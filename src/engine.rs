//! The decision engine: answers in, verdict out. Pure: no I/O, no prompts, no printing.
//! Every front end (flags, questionnaire, plan check) and every output format is a view
//! of the same `Verdict`, so they cannot disagree.

use crate::answers::Answers;
use std::cell::Cell;

use crate::eval::{self, PlanView, View};
use crate::rulebook::{Billing, Condition, Rulebook, Severity, Trust};

/// What a plan adds to the answers: the path it chose and its settings.
pub struct PlanContext<'a> {
    pub planned: Option<usize>,
    pub settings: &'a dyn Settings,
}

/// The view of a plan's settings that conditions need.
pub trait Settings {
    /// Missing, null, or empty (string, list or mapping).
    fn is_missing(&self, key: &str) -> bool;
}

#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    /// The recommended outcome; `None` when no outcome is supported.
    pub outcome: Option<usize>,
    pub decided_by: Decision,
    pub findings: Vec<Fired>,
    /// Why not each other outcome; left empty by `decide`.
    pub rejected: Vec<Rejection>,
    pub cost: Option<Cost>,
    /// The recommended outcome's next steps that apply, as indices into its `next_steps`.
    pub next_steps: Vec<usize>,
    /// The rules tried, in order, up to the one that matched.
    pub trace: Vec<TraceStep>,
    /// The source of truth the premises were read under.
    pub trust: Trust,
    /// The premises the decision, the findings and the cost read, in rulebook order.
    pub premises: Vec<usize>,
    /// What the other source of truth would decide, when its path or its errors differ.
    pub under_other_trust: Option<OtherTrust>,
}

/// The verdict under the other source of truth, where it differs in path or errors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OtherTrust {
    pub trust: Trust,
    pub outcome: Option<usize>,
    /// Its error findings, in rulebook order.
    pub errors: Vec<usize>,
    /// The verdict's own path and errors, which these differ from.
    pub instead_of: (Option<usize>, Vec<usize>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Rule(usize),
    Default,
    /// No rule matched and the rulebook has no default.
    NoRule,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fired {
    pub finding: usize,
    pub severity: Severity,
    /// The first of the finding's variants whose condition holds: its wording applies.
    pub variant: Option<usize>,
    /// The questions its condition read, in order, without repeats.
    pub because: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub outcome: usize,
    /// Indices into the outcome's `not_fit` reasons that hold.
    pub reasons: Vec<usize>,
    /// Error findings that would fire were this outcome chosen.
    pub blocked_by: Vec<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cost {
    pub outcome: usize,
    pub volume: u64,
    pub free: u64,
    pub billable: u64,
    /// In the billing's currency per month, not rounded.
    pub monthly: f64,
    /// The billing used: `None` the outcome's `billing`, `Some(i)` its alternative `i`.
    pub alternative: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceStep {
    pub rule: usize,
    pub matched: bool,
    pub read: Vec<usize>,
}

impl Verdict {
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    pub fn has(&self, finding: usize) -> bool {
        self.findings.iter().any(|f| f.finding == finding)
    }

    /// The error findings, in rulebook order.
    pub fn errors(&self) -> Vec<usize> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| f.finding)
            .collect()
    }
}

struct Ctx<'a> {
    answers: &'a Answers,
    outcome: Option<usize>,
    plan: Option<&'a PlanContext<'a>>,
    trust: Trust,
    rulebook: &'a Rulebook,
    /// Bits of the premises read so far (a rulebook has few).
    premises_read: Cell<u128>,
    /// Whether any premise was read so far, whatever its number.
    read_a_premise: Cell<bool>,
}

impl Ctx<'_> {
    fn holds(&self, condition: &Condition, read: &mut Vec<usize>) -> bool {
        // Everything is known here, so the evaluator never answers "depends".
        eval::eval(condition, self, read) == Some(true)
    }
}

impl View for Ctx<'_> {
    fn answer(&self, question: usize) -> Option<Option<crate::rulebook::AnswerValue>> {
        Some(self.answers.get(question))
    }

    fn outcome(&self) -> Option<Option<usize>> {
        Some(self.outcome)
    }

    fn plan(&self) -> PlanView {
        match self.plan {
            None => PlanView::NoPlan,
            Some(p) => PlanView::Planned(p.planned),
        }
    }

    fn setting_missing(&self, key: &str) -> Option<bool> {
        Some(self.plan.is_some_and(|p| p.settings.is_missing(key)))
    }

    fn premise(&self, p: usize) -> Option<bool> {
        self.read_a_premise.set(true);
        if p < 128 {
            self.premises_read.set(self.premises_read.get() | 1 << p);
        }
        Some(self.rulebook.premises[p].holds(self.trust))
    }
}

/// Whether `condition` holds on answers alone (no outcome, no plan; an ask-when, which
/// reads no premise).
pub fn holds_on_answers(rulebook: &Rulebook, condition: &Condition, answers: &Answers) -> bool {
    let ctx = Ctx::new(rulebook, answers, None, Trust::Page);
    eval::holds(condition, &ctx)
}

impl<'a> Ctx<'a> {
    fn new(
        rulebook: &'a Rulebook,
        answers: &'a Answers,
        plan: Option<&'a PlanContext<'a>>,
        trust: Trust,
    ) -> Ctx<'a> {
        Ctx {
            answers,
            outcome: None,
            plan,
            trust,
            rulebook,
            premises_read: Cell::new(0),
            read_a_premise: Cell::new(false),
        }
    }
}

/// Whether `condition` holds on `answers` under source of truth `trust` (no outcome, no
/// plan): the `when` of a fact that states one source's claim.
pub fn holds_under(
    rulebook: &Rulebook,
    condition: &Condition,
    answers: &Answers,
    trust: Trust,
) -> bool {
    let ctx = Ctx::new(rulebook, answers, None, trust);
    eval::holds(condition, &ctx)
}

/// Whether `condition` can hold under `trust` for some answers (a step or fact shown
/// without answers, as `paths ID` does): premises are read under `trust`, everything else
/// is unknown.
pub fn may_hold(rulebook: &Rulebook, condition: &Condition, trust: Trust) -> bool {
    struct PremisesOnly<'a> {
        rulebook: &'a Rulebook,
        trust: Trust,
    }
    impl View for PremisesOnly<'_> {
        fn answer(&self, _: usize) -> Option<Option<crate::rulebook::AnswerValue>> {
            None
        }
        fn outcome(&self) -> Option<Option<usize>> {
            None
        }
        fn plan(&self) -> PlanView {
            PlanView::Unknown
        }
        fn setting_missing(&self, _: &str) -> eval::Tri {
            None
        }
        fn premise(&self, p: usize) -> eval::Tri {
            Some(self.rulebook.premises[p].holds(self.trust))
        }
    }
    let view = PremisesOnly { rulebook, trust };
    eval::eval(condition, &view, &mut eval::Unrecorded) != Some(false)
}

/// Whether the questionnaire asks `question` given the answers so far.
pub fn is_asked(rulebook: &Rulebook, question: usize, answers: &Answers) -> bool {
    rulebook.questions[question]
        .ask_when
        .as_ref()
        .is_none_or(|c| holds_on_answers(rulebook, c, answers))
}

/// The answers to questions that apply, and the questions answered that do not: a
/// question the answers before it do not lead to (asked when the goal is A, answered
/// with goal B). The questionnaire would never ask it, so dropping it gives the verdict
/// the questionnaire would.
pub fn asked_only(rulebook: &Rulebook, answers: &Answers) -> (Answers, Vec<usize>) {
    let mut kept = Answers::new(rulebook);
    let mut unasked = Vec::new();
    // In question order: a question's ask-when reads only the questions before it.
    for q in 0..rulebook.questions.len() {
        if let Some(value) = answers.get(q) {
            if is_asked(rulebook, q, &kept) {
                kept.set(q, Some(value));
            } else {
                unasked.push(q);
            }
        }
    }
    (kept, unasked)
}

/// The required questions that apply to these answers and are not answered, in order.
pub fn missing(rulebook: &Rulebook, answers: &Answers) -> Vec<usize> {
    (0..rulebook.questions.len())
        .filter(|&q| {
            let question = &rulebook.questions[q];
            question.required
                && question.default.is_none()
                && answers.get(q).is_none()
                && is_asked(rulebook, q, answers)
        })
        .collect()
}

/// Fills in the defaults of unanswered questions that apply.
pub fn with_defaults(rulebook: &Rulebook, answers: &Answers) -> Answers {
    let mut filled = answers.clone();
    for (q, question) in rulebook.questions.iter().enumerate() {
        if let Some(default) = question.default {
            if filled.get(q).is_none() && is_asked(rulebook, q, &filled) {
                filled.set(q, Some(default));
            }
        }
    }
    filled
}

/// Decides the outcome, the findings, why not the others, and the cost, reading the
/// premises under `trust`.
pub fn evaluate(
    rulebook: &Rulebook,
    answers: &Answers,
    plan: Option<&PlanContext>,
    trust: Trust,
) -> Verdict {
    let mut verdict = decide(rulebook, answers, plan, trust);
    verdict.rejected = (0..rulebook.outcomes.len())
        .filter(|&o| Some(o) != verdict.outcome)
        .map(|o| reject(rulebook, answers, o, trust))
        .collect();
    verdict
}

/// `evaluate` without the reasons against the other outcomes (`rejected` is empty): for
/// a plan check, which shows only the outcome and the findings. Those reasons re-run
/// every finding once per other outcome, the larger part of an evaluation.
///
/// When the rules or the findings read a premise, it also decides under the other source
/// of truth, and keeps that verdict's path and errors where they differ. (What was not
/// read cannot change anything: every condition is read left to right, the same way under
/// either source. A premise read only by the cost or a next step changes neither the path
/// nor the errors.)
pub fn decide(
    rulebook: &Rulebook,
    answers: &Answers,
    plan: Option<&PlanContext>,
    trust: Trust,
) -> Verdict {
    let (mut verdict, path_or_findings_read_premise) = decide_under(rulebook, answers, plan, trust);
    if path_or_findings_read_premise {
        let (other, _) = decide_under(rulebook, answers, plan, trust.other());
        let (errors, own) = (other.errors(), verdict.errors());
        if other.outcome != verdict.outcome || errors != own {
            verdict.under_other_trust = Some(OtherTrust {
                trust: other.trust,
                outcome: other.outcome,
                errors,
                instead_of: (verdict.outcome, own),
            });
        }
    }
    verdict
}

/// The verdict under `trust`, and whether its path or findings read a premise.
fn decide_under(
    rulebook: &Rulebook,
    answers: &Answers,
    plan: Option<&PlanContext>,
    trust: Trust,
) -> (Verdict, bool) {
    let mut ctx = Ctx::new(rulebook, answers, plan, trust);
    let mut trace = Vec::new();
    let mut decided_by = Decision::NoRule;
    for (i, rule) in rulebook.rules.iter().enumerate() {
        let mut read = Vec::new();
        let matched = ctx.holds(&rule.when, &mut read);
        dedup_in_order(&mut read);
        trace.push(TraceStep {
            rule: i,
            matched,
            read,
        });
        if matched {
            ctx.outcome = rule.outcome;
            decided_by = Decision::Rule(i);
            break;
        }
    }
    if decided_by == Decision::NoRule {
        if let Some(default) = &rulebook.default {
            ctx.outcome = default.outcome;
            decided_by = Decision::Default;
        }
    }

    let findings = fire_findings(rulebook, &ctx);
    let path_or_findings_read_premise = ctx.read_a_premise.get();
    let cost = ctx.outcome.and_then(|o| cost(rulebook, &ctx, o));
    let mut scratch = Vec::new();
    let next_steps = ctx.outcome.map_or_else(Vec::new, |o| {
        rulebook.outcomes[o]
            .next_steps
            .iter()
            .enumerate()
            .filter(|(_, step)| {
                step.when
                    .as_ref()
                    .is_none_or(|c| ctx.holds(c, &mut scratch))
            })
            .map(|(i, _)| i)
            .collect()
    });
    let read = ctx.premises_read.get();
    let verdict = Verdict {
        outcome: ctx.outcome,
        decided_by,
        findings,
        rejected: Vec::new(),
        cost,
        next_steps,
        trace,
        trust,
        premises: (0..rulebook.premises.len().min(128))
            .filter(|p| read & (1 << p) != 0)
            .collect(),
        under_other_trust: None,
    };
    (verdict, path_or_findings_read_premise)
}

fn fire_findings(rulebook: &Rulebook, ctx: &Ctx) -> Vec<Fired> {
    findings_on(rulebook, ctx)
}

/// The findings whose condition is known to hold on `view`, with the severity their
/// known escalations give: a finding that depends on what the view does not know does
/// not fire, nor does an escalation that does.
pub fn findings_on<V: View + ?Sized>(rulebook: &Rulebook, view: &V) -> Vec<Fired> {
    let holds = |condition: &Condition, read: &mut Vec<usize>| {
        eval::eval(condition, view, read) == Some(true)
    };
    let mut fired = Vec::new();
    let mut read = Vec::new();
    for (i, def) in rulebook.findings.iter().enumerate() {
        read.clear();
        if !holds(&def.when, &mut read) {
            continue;
        }
        let mut severity = def.severity;
        for (raised, when) in &def.escalate {
            if holds(when, &mut read) {
                severity = severity.max(*raised);
            }
        }
        let mut because = read.clone();
        dedup_in_order(&mut because);
        let mut scratch = Vec::new();
        let variant = def
            .variants
            .iter()
            .position(|v| holds(&v.when, &mut scratch));
        fired.push(Fired {
            finding: i,
            severity,
            variant,
            because,
        });
    }
    fired
}

/// Why `outcome` was not recommended: its own not-fit reasons, and the error findings
/// that would fire had it been chosen.
fn reject(rulebook: &Rulebook, answers: &Answers, outcome: usize, trust: Trust) -> Rejection {
    let mut ctx = Ctx::new(rulebook, answers, None, trust);
    ctx.outcome = Some(outcome);
    let mut scratch = Vec::new();
    let reasons = rulebook.outcomes[outcome]
        .not_fit
        .iter()
        .enumerate()
        .filter(|(_, n)| ctx.holds(&n.when, &mut scratch))
        .map(|(i, _)| i)
        .collect();
    let blocked_by = fire_findings(rulebook, &ctx)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.finding)
        .collect();
    Rejection {
        outcome,
        reasons,
        blocked_by,
    }
}

fn cost(rulebook: &Rulebook, ctx: &Ctx, outcome: usize) -> Option<Cost> {
    let mut scratch = Vec::new();
    let o = &rulebook.outcomes[outcome];
    // No volume, no estimate: the billing conditions (and the premises they test) are
    // not read.
    if o.billing.is_none() && o.billing_alternatives.is_empty() {
        return None;
    }
    let volume_question = o
        .billing
        .iter()
        .chain(&o.billing_alternatives)
        .map(|b| b.volume)
        .next()?;
    if !matches!(
        ctx.answers.get(volume_question),
        Some(crate::rulebook::AnswerValue::Number(_))
    ) {
        return None;
    }
    let alternative = o.billing_alternatives.iter().position(|b| {
        b.when
            .as_ref()
            .is_some_and(|when| ctx.holds(when, &mut scratch))
    });
    let billing: &Billing = match alternative {
        Some(i) => &o.billing_alternatives[i],
        None => o.billing.as_ref()?,
    };
    let volume = match ctx.answers.get(billing.volume)? {
        crate::rulebook::AnswerValue::Number(n) => n,
        _ => return None,
    };
    let free = billing
        .free
        .iter()
        .find(|f| ctx.holds(&f.when, &mut scratch))
        .map_or(0, |f| f.amount);
    let billable = volume.saturating_sub(free);
    let monthly = billable as f64 * billing.unit_price / billing.unit_size as f64;
    Some(Cost {
        outcome,
        volume,
        free,
        billable,
        // Drop binary floating-point noise (4000 × 0.0001 is 0.4, not 0.4000000000000001)
        // without rounding the amount itself.
        monthly: (monthly * 1e12).round() / 1e12,
        alternative,
    })
}

fn dedup_in_order(items: &mut Vec<usize>) {
    // In place: the lists are a few questions long, and this runs for every rule and
    // finding of every plan checked.
    let mut kept = 0;
    for i in 0..items.len() {
        let item = items[i];
        if !items[..kept].contains(&item) {
            items[kept] = item;
            kept += 1;
        }
    }
    items.truncate(kept);
}

#[cfg(test)]
mod tests {
    #[test]
    fn dedup_keeps_the_first_of_each_in_order() {
        let mut items = vec![3, 1, 3, 2, 1, 3];
        super::dedup_in_order(&mut items);
        assert_eq!(items, [3, 1, 2]);
        let mut none: Vec<usize> = Vec::new();
        super::dedup_in_order(&mut none);
        assert!(none.is_empty());
    }
}
