//! The answers that settle the verdict before every question asked is answered: a dead
//! end, or a path on which the questions left cannot change the outcome, the findings or
//! the cost. `check` and `recommend` then demand nothing more (`settled::missing`), and
//! the plan and answers schemas must accept such answers too.
//!
//! Found by walking the answer classes in question order, as the questionnaire would ask
//! them, and asking `settled::is_settled` itself at each step: the first answers that
//! settle the verdict are a pattern, and every answers file that agrees with a pattern is
//! settled as well, answering more only narrowing what is still open. The patterns are
//! then merged where they differ in one answer only, so that a schema reads them.
//!
//! `check` and `recommend` judge the answers the questionnaire would have asked
//! (`engine::asked_only`): the walk tries no question the answers do not lead to, and a
//! pattern also states the ask-when of each of its questions that a further answer could
//! make unasked (`Pattern::asked`). What is left out: `settled::is_settled` keeps a given
//! answer even on a path of its search where a value tried for an earlier, unanswered
//! question makes it unasked (an ask-when with `answered: false` or `not`), so there a
//! further answer could change what the search compares in a way no pattern foresees. The
//! small rulebooks of tests/it/conformance.rs use both forms.

use std::collections::{BTreeSet, HashMap};

use super::space::Space;
use crate::answers::Answers;
use crate::engine;
use crate::eval::{self, PlanView, Tri, View};
use crate::rulebook::{AnswerValue, QuestionKind, Rulebook, Trust};

/// What a pattern allows as the answer to one question (always an answer, never none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Allowed {
    /// Any of these choice or yes-no values; every value of the question when it is all
    /// of them.
    Values(Vec<AnswerValue>),
    /// A number in one of these intervals (`lo..=hi`, sorted, not touching).
    Numbers(Vec<(u64, u64)>),
}

/// Answers that settle the verdict: each of these questions answered as allowed, and
/// still asked, the others answered or not, anyhow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    /// In question order.
    pub answers: Vec<(usize, Allowed)>,
    /// The questions among them that the other answers could make unasked (an ask-when
    /// that the pattern's own answers do not decide), whose ask-when must hold too: an
    /// answer to a question not asked is dropped before anything is judged.
    pub asked: Vec<usize>,
}

/// Most answer sets judged, and most patterns found, before the walk gives up: the
/// embedded rulebook needs about 2,000 and 200.
const BUDGET: usize = 50_000;
const MOST_PATTERNS: usize = 2_000;

/// Every pattern of answers that settles the verdict while a required question that they
/// may lead to is still unanswered (others need none: nothing is missing); `None` when
/// the rulebook's answers are too many to walk within `BUDGET`.
pub fn patterns(rb: &Rulebook) -> Option<Vec<Pattern>> {
    let classes = classes(rb);
    let mut walk = Walk {
        rb,
        classes: &classes,
        found: Vec::new(),
        judged: 0,
    };
    let mut answers = Answers::new(rb);
    if walk.may_demand(&answers) {
        if crate::settled::is_settled(rb, &answers) {
            walk.found.push(Vec::new());
        } else {
            walk.walk(0, &mut answers, &mut Vec::new());
        }
    }
    if walk.judged > BUDGET || walk.found.len() > MOST_PATTERNS {
        return None;
    }
    let merged = merge(walk.found);
    Some(
        merged
            .into_iter()
            .map(|pattern| Pattern {
                asked: undecided_asking(rb, &classes, &pattern),
                answers: pattern
                    .into_iter()
                    .map(|(q, set)| (q, allowed(&classes[q], &set)))
                    .collect(),
            })
            .collect(),
    )
}

/// Most combinations of a pattern's classes tried to see that it decides an ask-when;
/// past it, the ask-when is stated anyway (true to the answers, only longer).
const MOST_COMBINATIONS: usize = 1_000;

/// The questions of `pattern` whose ask-when its own classes do not make true whatever
/// else is answered.
fn undecided_asking(rb: &Rulebook, classes: &[Vec<Class>], pattern: &Found) -> Vec<usize> {
    let decides = |when: &crate::rulebook::Condition| {
        let mut read = Vec::new();
        when.questions(&mut read);
        let mut combinations = vec![Answers::new(rb)];
        for (q, set) in pattern.iter().filter(|(q, _)| read.contains(q)) {
            combinations = combinations
                .into_iter()
                .flat_map(|answers| {
                    set.iter().map(move |&c| {
                        let mut more = answers.clone();
                        more.set(*q, Some(classes[*q][c].representative()));
                        more
                    })
                })
                .collect();
            if combinations.len() > MOST_COMBINATIONS {
                return false;
            }
        }
        combinations
            .iter()
            .all(|answers| eval::eval(when, &Given(answers), &mut eval::Unrecorded) == Some(true))
    };
    pattern
        .iter()
        .filter(|(q, _)| {
            rb.questions[*q]
                .ask_when
                .as_ref()
                .is_some_and(|w| !decides(w))
        })
        .map(|(q, _)| *q)
        .collect()
}

/// One class of answers to a question: values that every condition and every cost treats
/// alike, so one stands for all.
#[derive(Clone, Debug)]
enum Class {
    Values(Vec<AnswerValue>),
    Numbers(u64, u64),
}

impl Class {
    fn representative(&self) -> AnswerValue {
        match self {
            Class::Values(values) => values[0],
            Class::Numbers(lo, _) => AnswerValue::Number(*lo),
        }
    }
}

/// The classes of each question: the answer space's (values that pass and fail the same
/// tests), with numbers also cut after each free quota and after none (0): two volumes on
/// the same side of every cut are billed alike under any two quotas (`volume - free`, or
/// nothing), so the answers left open change the cost of both or of neither.
fn classes(rb: &Rulebook) -> Vec<Vec<Class>> {
    let space = Space::new(rb, Trust::ALL[0]);
    let free: Vec<u64> = rb
        .outcomes
        .iter()
        .flat_map(|o| o.billing.iter().chain(&o.billing_alternatives))
        .flat_map(|b| b.free.iter().map(|f| f.amount))
        .chain([0])
        .collect();
    rb.questions
        .iter()
        .zip(&space.questions)
        .map(|(question, answered)| match question.kind {
            QuestionKind::Number => {
                let largest = question.largest();
                let mut cuts: Vec<u64> = answered.classes.iter().map(|c| c.lo).collect();
                cuts.extend(free.iter().map(|f| f.saturating_add(1)));
                cuts.push(0);
                cuts.retain(|&c| c <= largest);
                cuts.sort_unstable();
                cuts.dedup();
                cuts.iter()
                    .enumerate()
                    .map(|(i, &lo)| {
                        Class::Numbers(lo, cuts.get(i + 1).map_or(largest, |next| next - 1))
                    })
                    .collect()
            }
            QuestionKind::Choice | QuestionKind::YesNo => answered
                .classes
                .iter()
                .map(|c| Class::Values(c.values.clone()))
                .collect(),
        })
        .collect()
}

/// A pattern while it is found: question and the classes it allows.
type Found = Vec<(usize, BTreeSet<usize>)>;

struct Walk<'a> {
    rb: &'a Rulebook,
    classes: &'a [Vec<Class>],
    found: Vec<Vec<(usize, usize)>>,
    /// Answer sets judged so far.
    judged: usize,
}

/// Answers given are known, the others may still be given: a condition on them reads
/// as "depends".
struct Given<'a>(&'a Answers);

impl View for Given<'_> {
    fn answer(&self, question: usize) -> Option<Option<AnswerValue>> {
        self.0.get(question).map(Some)
    }
    fn outcome(&self) -> Option<Option<usize>> {
        None
    }
    fn plan(&self) -> PlanView {
        PlanView::Unknown
    }
    fn setting_missing(&self, _: &str) -> Tri {
        None
    }
    fn premise(&self, _: usize) -> Tri {
        None
    }
}

impl Walk<'_> {
    /// Whether answers that agree with these may still leave a required question that
    /// they lead to unanswered; when none can, no pattern is needed.
    fn may_demand(&self, answers: &Answers) -> bool {
        self.rb.questions.iter().enumerate().any(|(q, question)| {
            question.required
                && question.default.is_none()
                && answers.get(q).is_none()
                && question.ask_when.as_ref().is_none_or(|when| {
                    eval::eval(when, &Given(answers), &mut eval::Unrecorded) != Some(false)
                })
        })
    }

    /// Tries each class of question `q` (when the answers lead to it) and of the ones
    /// after it, and leaving them unanswered; `answers` (the classes `chosen`) do not
    /// settle the verdict yet.
    fn walk(&mut self, q: usize, answers: &mut Answers, chosen: &mut Vec<(usize, usize)>) {
        if q == self.rb.questions.len() || self.judged > BUDGET || self.found.len() > MOST_PATTERNS
        {
            return;
        }
        if engine::is_asked(self.rb, q, answers) {
            for (c, class) in self.classes[q].iter().enumerate() {
                answers.set(q, Some(class.representative()));
                chosen.push((q, c));
                if self.may_demand(answers) {
                    self.judged += 1;
                    match crate::settled::is_settled(self.rb, answers) {
                        true => self.found.push(chosen.clone()),
                        false => self.walk(q + 1, answers, chosen),
                    }
                }
                chosen.pop();
                answers.set(q, None);
            }
        }
        self.walk(q + 1, answers, chosen);
    }
}

/// The patterns merged where two differ in the classes of one question only, and without
/// those that another covers.
fn merge(found: Vec<Vec<(usize, usize)>>) -> Vec<Found> {
    let mut patterns: Vec<Found> = found
        .into_iter()
        .map(|p| {
            p.into_iter()
                .map(|(q, c)| (q, BTreeSet::from([c])))
                .collect()
        })
        .collect();
    loop {
        let before = patterns.len();
        let questions: BTreeSet<usize> = patterns.iter().flatten().map(|(q, _)| *q).collect();
        for &q in &questions {
            patterns = merge_on(patterns, q);
        }
        if patterns.len() == before {
            break;
        }
    }
    let covers = |wide: &Found, narrow: &Found| {
        wide.iter().all(|(q, set)| {
            narrow
                .iter()
                .any(|(nq, nset)| nq == q && nset.is_subset(set))
        })
    };
    let mut kept: Vec<Found> = Vec::new();
    for (i, pattern) in patterns.iter().enumerate() {
        let covered = patterns.iter().enumerate().any(|(j, other)| {
            j != i && covers(other, pattern) && (!covers(pattern, other) || j < i)
        });
        if !covered {
            kept.push(pattern.clone());
        }
    }
    kept
}

/// Unites the patterns that agree on everything but the classes of question `q`, which
/// both constrain.
fn merge_on(patterns: Vec<Found>, q: usize) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    // The other constraints of each pattern in `out` that constrains `q`, to its index.
    let mut by_rest: HashMap<Found, usize> = HashMap::new();
    for pattern in patterns {
        let Some(at) = pattern.iter().position(|(pq, _)| *pq == q) else {
            out.push(pattern);
            continue;
        };
        let mut rest = pattern.clone();
        let (_, set) = rest.remove(at);
        match by_rest.get(&rest) {
            Some(&i) => {
                if let Some((_, into)) = out[i].iter_mut().find(|(pq, _)| *pq == q) {
                    into.extend(set);
                }
            }
            None => {
                by_rest.insert(rest, out.len());
                out.push(pattern);
            }
        }
    }
    out
}

/// What the classes `set` of a question allow.
fn allowed(classes: &[Class], set: &BTreeSet<usize>) -> Allowed {
    let chosen = set.iter().map(|&c| &classes[c]);
    match classes.first() {
        Some(Class::Numbers(..)) => {
            let mut ranges: Vec<(u64, u64)> = Vec::new();
            for class in chosen {
                if let Class::Numbers(lo, hi) = *class {
                    match ranges.last_mut() {
                        Some(last) if last.1.checked_add(1) == Some(lo) => last.1 = hi,
                        _ => ranges.push((lo, hi)),
                    }
                }
            }
            Allowed::Numbers(ranges)
        }
        _ => {
            let mut values: Vec<AnswerValue> = chosen
                .flat_map(|class| match class {
                    Class::Values(values) => values.clone(),
                    Class::Numbers(..) => Vec::new(),
                })
                .collect();
            values.sort_unstable();
            Allowed::Values(values)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"
rulebook: { id: t, version: "1", title: T }
questions:
  - { id: kind, prompt: Kind?, kind: choice, choices: [{ value: good, label: Good }, { value: fine, label: Fine }, { value: bad, label: Bad }] }
  - { id: fast, prompt: Fast?, kind: yes-no }
  - { id: count, prompt: How many?, kind: number, required: false }
outcomes:
  - id: way
    kind: path
    name: Way
    billing: { currency: CNY, unit-price: 1, unit-size: 1, unit: item, volume: count, free: [{ amount: 100, when: { fast: yes } }] }
rules:
  - { id: r-good, when: { kind: [good, fine] }, outcome: way }
  - { id: r-bad, when: { kind: bad }, outcome: none }
findings:
  - { id: dead, severity: error, when: { kind: bad }, message: "No way." }
  - { id: slow, severity: warning, when: { path: way, fast: no, count: { gt: 10 } }, message: "Slow." }
"#;

    #[test]
    fn a_dead_end_and_a_count_that_no_answer_left_can_change_settle_the_verdict_and_only_those() {
        let rb = crate::rulebook::load_str("t.yaml", RULES, crate::yaml::Limits::RULEBOOK).unwrap();
        let (good, fine, bad) = (
            AnswerValue::Choice(0),
            AnswerValue::Choice(1),
            AnswerValue::Choice(2),
        );
        assert_eq!(
            patterns(&rb).unwrap(),
            [
                // None: `fast` changes neither the finding (more than ten) nor the amount
                // billed (the free quota, or none).
                Pattern {
                    answers: vec![
                        (0, Allowed::Values(vec![good, fine])),
                        (2, Allowed::Numbers(vec![(0, 0)])),
                    ],
                    asked: Vec::new(),
                },
                // The dead end: nothing more is asked.
                Pattern {
                    answers: vec![(0, Allowed::Values(vec![bad]))],
                    asked: Vec::new(),
                },
            ]
        );
    }

    #[test]
    fn a_walk_past_the_budget_gives_up() {
        // Twelve questions that each decide a finding: 3^12 ways to answer or leave them.
        let mut rules = String::from("rulebook: { id: t, version: \"1\", title: T }\nquestions:\n");
        let mut findings = String::from("findings:\n");
        for i in 0..12 {
            rules.push_str(&format!("  - {{ id: q{i}, prompt: Q?, kind: yes-no }}\n"));
            findings.push_str(&format!(
                "  - {{ id: f{i}, severity: info, when: {{ q{i}: yes }}, message: F. }}\n"
            ));
        }
        rules.push_str("outcomes:\n  - { id: way, kind: path, name: Way }\nrules:\n  - { id: r, when: { q0: [yes, no] }, outcome: way }\n");
        rules.push_str(&findings);
        let rb =
            crate::rulebook::load_str("t.yaml", &rules, crate::yaml::Limits::RULEBOOK).unwrap();
        assert_eq!(patterns(&rb), None);
    }
}
