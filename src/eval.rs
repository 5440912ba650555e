//! The one evaluator of conditions.
//!
//! A condition is evaluated over a [`View`]: what is known of the answers, the outcome
//! and the plan. The engine's view knows everything (concrete answers, the outcome just
//! decided, the plan being checked, or none), so every condition comes out true or false.
//! Lint's view is a partial combination of answer *classes* and a situation that may not
//! be known yet, so a condition may come out "depends" (`None`): the logic is
//! three-valued (Kleene), and the concrete case is the special case where nothing is
//! unknown. A new condition form is written here once, and the engine, lint, the graph
//! and the self-tests all see it alike.

use crate::rulebook::{AnswerValue, Condition, Test};

/// Three-valued truth: `None` is "depends on what is not known yet".
pub type Tri = Option<bool>;

/// What a view knows of the plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanView {
    /// Not known yet whether a plan is checked, nor which path it chose.
    Unknown,
    /// A recommendation: there is no plan.
    NoPlan,
    /// A plan is checked; the path it chose (`None`: it names none the rulebook knows).
    Planned(Option<usize>),
}

/// What a condition can read. Every `Option` returned is "known" (`Some`) or "not known
/// yet" (`None`).
pub trait View {
    /// The answer to `question` (`Some(None)`: known to be unanswered).
    fn answer(&self, question: usize) -> Option<Option<AnswerValue>>;
    /// The recommended outcome (`Some(None)`: known to be "no outcome").
    fn outcome(&self) -> Option<Option<usize>>;
    fn plan(&self) -> PlanView;
    /// Whether the plan's setting `key` is missing or empty; asked only under
    /// `PlanView::Planned`.
    fn setting_missing(&self, key: &str) -> Tri;
    /// Whether premise `p` holds under the source of truth this view follows.
    fn premise(&self, p: usize) -> Tri;
}

/// Where the evaluator reports each question it reads (for the trace and `because`).
pub trait Reads {
    fn read(&mut self, question: usize);
}

impl Reads for Vec<usize> {
    fn read(&mut self, question: usize) {
        self.push(question);
    }
}

/// Reads nobody records.
pub struct Unrecorded;

impl Reads for Unrecorded {
    fn read(&mut self, _: usize) {}
}

/// Evaluates `condition` over `view`. `All` stops at the first part known false and `Any`
/// at the first known true, so on a concrete view `reads` gets exactly the questions a
/// left-to-right, short-circuit reading looks at.
pub fn eval<V: View + ?Sized, R: Reads + ?Sized>(
    condition: &Condition,
    view: &V,
    reads: &mut R,
) -> Tri {
    match condition {
        Condition::All(items) => {
            let mut all = Some(true);
            for item in items {
                match eval(item, view, reads) {
                    Some(false) => return Some(false),
                    None => all = None,
                    Some(true) => {}
                }
            }
            all
        }
        Condition::Any(items) => {
            let mut any = Some(false);
            for item in items {
                match eval(item, view, reads) {
                    Some(true) => return Some(true),
                    None => any = None,
                    Some(false) => {}
                }
            }
            any
        }
        Condition::Not(inner) => eval(inner, view, reads).map(|b| !b),
        Condition::Answer { question, test } => {
            reads.read(*question);
            view.answer(*question).map(|value| test_holds(test, value))
        }
        Condition::Outcome(ids) => view.outcome().map(|o| ids.contains(&o)),
        Condition::Path(ids) => or(
            view.outcome().map(|o| o.is_some_and(|o| ids.contains(&o))),
            planned_is(view, ids),
        ),
        Condition::Planned(ids) => planned_is(view, ids),
        Condition::PlannedDiffers(expected) => match view.plan() {
            PlanView::Unknown => None,
            PlanView::NoPlan => Some(false),
            PlanView::Planned(planned) => view.outcome().map(|o| (planned != o) == *expected),
        },
        Condition::SettingsMissing(keys) => match view.plan() {
            PlanView::Unknown => None,
            PlanView::NoPlan => Some(false),
            PlanView::Planned(_) => {
                let mut any = Some(false);
                for key in keys {
                    any = or(any, view.setting_missing(key));
                }
                any
            }
        },
        Condition::Premise(p) => view.premise(*p),
    }
}

/// Whether `condition` holds, everything it reads being known.
pub fn holds<V: View + ?Sized>(condition: &Condition, view: &V) -> bool {
    eval(condition, view, &mut Unrecorded) == Some(true)
}

/// Kleene's "or": true if either side is, false if both are.
fn or(left: Tri, right: Tri) -> Tri {
    match (left, right) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    }
}

fn planned_is<V: View + ?Sized>(view: &V, ids: &[usize]) -> Tri {
    match view.plan() {
        PlanView::Unknown => None,
        PlanView::NoPlan => Some(false),
        PlanView::Planned(planned) => Some(planned.is_some_and(|p| ids.contains(&p))),
    }
}

/// Whether one answer (or its absence) passes one test.
pub fn test_holds(test: &Test, value: Option<AnswerValue>) -> bool {
    match (test, value) {
        (Test::Answered(expected), v) => v.is_some() == *expected,
        (_, None) => false,
        (Test::OneOf(values), Some(v)) => values.contains(&v),
        (Test::NoneOf(values), Some(v)) => !values.contains(&v),
        (Test::Compare(op, right), Some(AnswerValue::Number(left))) => op.holds(left, *right),
        (Test::Compare(..), Some(_)) => false,
    }
}
