//! The joint answer space of two rulebooks: questions matched by id, their values cut
//! into classes that no test of either rulebook tells apart, in an order where every
//! ask-when reads only questions before it.

use super::Counting;
use crate::rulebook::{AnswerValue, Condition, QuestionKind, Rulebook, Test};

/// A set of values of one joint question that every test of both rulebooks treats alike.
#[derive(Clone, Debug)]
pub(super) struct JointClass {
    /// The representative answer in each rulebook (`None`: unanswered there).
    pub(super) old: Option<AnswerValue>,
    pub(super) new: Option<AnswerValue>,
    pub(super) label: Vec<String>,
    /// For numbers: the interval `lo..=hi` (adjacent ones read as one in a cube).
    pub(super) range: Option<(u64, u64)>,
    pub(super) weight: u128,
}

#[derive(Debug)]
pub(super) struct JointQuestion {
    pub(super) id: String,
    pub(super) old: Option<usize>,
    pub(super) new: Option<usize>,
    /// Answered classes; class `i + 1` is `classes[i]`, class 0 is unanswered.
    pub(super) classes: Vec<JointClass>,
    /// Some condition (or a billing, by its volume) of either rulebook reads it.
    pub(super) read: bool,
}

fn tests_of(condition: &Condition, question: usize, out: &mut Vec<Test>) {
    match condition {
        Condition::All(items) | Condition::Any(items) => {
            items.iter().for_each(|c| tests_of(c, question, out))
        }
        Condition::Not(inner) => tests_of(inner, question, out),
        Condition::Answer { question: q, test } if *q == question && !out.contains(test) => {
            out.push(test.clone())
        }
        _ => {}
    }
}

/// Every test of `question` in `rb`, and the free-quota amounts of billings it is the
/// volume of (where the cost bends).
fn question_tests(rb: &Rulebook, question: usize) -> (Vec<Test>, Vec<u64>, bool) {
    let mut tests = Vec::new();
    for c in crate::authoring::space::all_conditions(rb) {
        tests_of(c, question, &mut tests);
    }
    let mut bends = Vec::new();
    let mut volume = false;
    for o in &rb.outcomes {
        for b in o.billing.iter().chain(&o.billing_alternatives) {
            if b.volume == question {
                volume = true;
                bends.extend(b.free.iter().map(|f| f.amount));
            }
            if let Some(w) = &b.when {
                tests_of(w, question, &mut tests);
            }
        }
    }
    (tests, bends, volume)
}

/// The value of `rb`'s question `q` written `text`, if it has one.
fn value_named(rb: &Rulebook, q: usize, text: &str) -> Option<AnswerValue> {
    let question = &rb.questions[q];
    match question.kind {
        QuestionKind::Choice => question
            .choices
            .iter()
            .position(|c| c.value == text)
            .map(|i| AnswerValue::Choice(i as u16)),
        QuestionKind::YesNo => match text {
            "yes" => Some(AnswerValue::Bool(true)),
            "no" => Some(AnswerValue::Bool(false)),
            _ => None,
        },
        QuestionKind::Number => None,
    }
}

fn signature(tests: &[Test], value: Option<AnswerValue>) -> Vec<Option<bool>> {
    tests
        .iter()
        .map(|t| value.map(|v| crate::eval::test_holds(t, Some(v))))
        .collect()
}

fn joint_question(
    id: &str,
    (old_rb, old): (&Rulebook, Option<usize>),
    (new_rb, new): (&Rulebook, Option<usize>),
    counting: Counting,
) -> JointQuestion {
    let empty = (Vec::new(), Vec::new(), false);
    let (old_tests, old_bends, old_volume) =
        old.map_or(empty.clone(), |q| question_tests(old_rb, q));
    let (new_tests, new_bends, new_volume) = new.map_or(empty, |q| question_tests(new_rb, q));
    let read = !old_tests.is_empty() || !new_tests.is_empty() || old_volume || new_volume;
    let kind = new
        .map(|q| new_rb.questions[q].kind)
        .or(old.map(|q| old_rb.questions[q].kind))
        .unwrap_or(QuestionKind::YesNo);
    let mut classes: Vec<(Vec<Option<bool>>, JointClass)> = Vec::new();
    match kind {
        QuestionKind::Choice | QuestionKind::YesNo => {
            let mut texts: Vec<String> = Vec::new();
            for (rb, q) in [(new_rb, new), (old_rb, old)] {
                let Some(q) = q else { continue };
                let question = &rb.questions[q];
                let these: Vec<String> = match question.kind {
                    QuestionKind::Choice => {
                        question.choices.iter().map(|c| c.value.clone()).collect()
                    }
                    _ => vec!["yes".into(), "no".into()],
                };
                for t in these {
                    if !texts.contains(&t) {
                        texts.push(t);
                    }
                }
            }
            for text in texts {
                let o = old.and_then(|q| value_named(old_rb, q, &text));
                let n = new.and_then(|q| value_named(new_rb, q, &text));
                let mut sig = signature(&old_tests, o);
                sig.extend(signature(&new_tests, n));
                // Which rulebooks know the value is part of what tells classes apart.
                sig.extend([Some(o.is_some()), Some(n.is_some())]);
                match classes.iter_mut().find(|(s, _)| *s == sig) {
                    Some((_, class)) => {
                        class.label.push(text);
                        class.weight += 1;
                    }
                    None => classes.push((
                        sig,
                        JointClass {
                            old: o,
                            new: n,
                            label: vec![text],
                            range: None,
                            weight: 1,
                        },
                    )),
                }
            }
        }
        QuestionKind::Number => {
            let max_of = |rb: &Rulebook, q: Option<usize>| {
                q.map(|q| rb.questions[q].max.unwrap_or(u64::MAX))
            };
            let (old_max, new_max) = (max_of(old_rb, old), max_of(new_rb, new));
            let max = old_max.max(new_max).unwrap_or(u64::MAX);
            let mut cuts = vec![0u64];
            for t in old_tests.iter().chain(&new_tests) {
                for c in t.numbers() {
                    cuts.extend([c, c.saturating_add(1)]);
                }
            }
            for b in old_bends.iter().chain(&new_bends) {
                cuts.extend([*b, b.saturating_add(1)]);
            }
            // Above the smaller max, one rulebook reads no answer.
            for m in [old_max, new_max].into_iter().flatten() {
                if m < max {
                    cuts.push(m + 1);
                }
            }
            cuts.retain(|&c| c <= max);
            cuts.sort_unstable();
            cuts.dedup();
            for (i, &lo) in cuts.iter().enumerate() {
                let hi = cuts.get(i + 1).map_or(max, |next| next - 1);
                let within = |m: Option<u64>| m.is_some_and(|m| lo <= m);
                let label = range_label(lo, hi);
                let weight = match counting {
                    Counting::Values => u128::from(hi - lo) + 1,
                    Counting::NumberRangesOnce => 1,
                };
                classes.push((
                    Vec::new(),
                    JointClass {
                        old: within(old_max).then_some(AnswerValue::Number(lo)),
                        new: within(new_max).then_some(AnswerValue::Number(lo)),
                        label: vec![label],
                        range: Some((lo, hi)),
                        weight,
                    },
                ));
            }
        }
    }
    JointQuestion {
        id: id.to_string(),
        old,
        new,
        classes: classes.into_iter().map(|(_, c)| c).collect(),
        read,
    }
}

/// The joint questions: the new rulebook's in its order, each question only the old one
/// has placed after the one it followed there; then, where the two orders disagree, moved
/// so that every ask-when of either rulebook reads only questions placed before it.
pub(super) fn joint_questions(
    old: &Rulebook,
    new: &Rulebook,
    counting: Counting,
) -> Vec<JointQuestion> {
    let same_kind = |o: usize, n: usize| old.questions[o].kind == new.questions[n].kind;
    let mut order: Vec<(Option<usize>, Option<usize>)> = new
        .questions
        .iter()
        .enumerate()
        .map(|(n, q)| (old.question(&q.id).filter(|&o| same_kind(o, n)), Some(n)))
        .collect();
    let mut after = 0;
    for o in 0..old.questions.len() {
        match order.iter().position(|&(oo, _)| oo == Some(o)) {
            Some(at) => after = at + 1,
            None => {
                order.insert(after, (Some(o), None));
                after += 1;
            }
        }
    }
    asked_after_what_they_read(old, new, &mut order);
    order
        .into_iter()
        .map(|(o, n)| {
            let id = n.map_or_else(|| &old.questions[o.unwrap()].id, |n| &new.questions[n].id);
            joint_question(id, (old, o), (new, n), counting)
        })
        .collect()
}

/// Reorders `order` (pairs of old and new question indices) so that each question comes
/// after every question its ask-when reads in either rulebook, keeping the order otherwise
/// (the first placeable question first). The walk sets a question's class only once the
/// ones deciding whether it is asked are set. Should the two rulebooks' dependencies form a
/// cycle, the rest keeps its order.
fn asked_after_what_they_read(
    old: &Rulebook,
    new: &Rulebook,
    order: &mut Vec<(Option<usize>, Option<usize>)>,
) {
    let entry_of = |side: usize, q: usize| {
        order.iter().position(|&(o, n)| {
            if side == 0 {
                o == Some(q)
            } else {
                n == Some(q)
            }
        })
    };
    let reads: Vec<Vec<usize>> = order
        .iter()
        .map(|&(o, n)| {
            let mut entries = Vec::new();
            for (side, rb, at) in [(0, old, o), (1, new, n)] {
                let Some(c) = at.and_then(|q| rb.questions[q].ask_when.as_ref()) else {
                    continue;
                };
                let mut read = Vec::new();
                c.questions(&mut read);
                entries.extend(read.into_iter().filter_map(|q| entry_of(side, q)));
            }
            entries
        })
        .collect();
    let mut placed = vec![false; order.len()];
    let mut sorted = Vec::with_capacity(order.len());
    while sorted.len() < order.len() {
        let next = (0..order.len())
            .find(|&e| !placed[e] && reads[e].iter().all(|&r| placed[r] || r == e))
            .or_else(|| (0..order.len()).find(|&e| !placed[e]));
        let Some(e) = next else { break };
        placed[e] = true;
        sorted.push(order[e]);
    }
    *order = sorted;
}

pub(super) fn range_label(lo: u64, hi: u64) -> String {
    match (lo, hi) {
        (lo, hi) if lo == hi => lo.to_string(),
        (lo, u64::MAX) => format!("{lo} or more"),
        (lo, hi) => format!("{lo}..{hi}"),
    }
}
