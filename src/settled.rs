//! Whether the answers so far settle the verdict: no answer still open could change the
//! outcome, the findings (with their severities) or the cost. Then nothing more is asked
//! and nothing more is demanded (a dead end such as an unsupported source stops there).
//!
//! Decided by trying every way the open questions could still be answered, one value
//! per class that the rulebook's conditions tell apart (each choice, yes and no, and
//! for numbers the values either side of each threshold); the search gives up, and
//! counts the verdict as open, past `BUDGET` answer sets.

use crate::answers::Answers;
use crate::engine;
use crate::rulebook::{AnswerValue, Condition, QuestionKind, Rulebook, Test, Trust};

/// Most answer sets tried before the verdict is taken as still open. A few hundred
/// suffice for the embedded rulebook's deepest branch.
const BUDGET: usize = 20_000;

/// Whether every way of answering the open questions gives the same verdict.
pub fn is_settled(rb: &Rulebook, answers: &Answers) -> bool {
    let numbers = number_values(rb);
    let mut search = Search {
        rb,
        numbers: &numbers,
        first: [None, None],
        tried: 0,
    };
    search.same_everywhere(0, &mut answers.clone())
}

/// The required questions still to answer (`engine::missing`), none once the answers
/// settle the verdict.
pub fn missing(rb: &Rulebook, answers: &Answers) -> Vec<usize> {
    missing_but(rb, answers, &[])
}

/// `missing`, less the questions in `known` (answered under a misspelt id, say, and
/// reported as that): when only those are missing, the search is not needed.
pub fn missing_but(rb: &Rulebook, answers: &Answers, known: &[usize]) -> Vec<usize> {
    let mut missing = engine::missing(rb, answers);
    missing.retain(|q| !known.contains(q));
    if missing.is_empty() || is_settled(rb, answers) {
        Vec::new()
    } else {
        missing
    }
}

/// What the verdict shows: the outcome, each finding with its severity, and the cost.
#[derive(PartialEq)]
struct Shown {
    outcome: Option<usize>,
    findings: Vec<(usize, crate::rulebook::Severity)>,
    cost: Option<(u64, u64)>,
}

struct Search<'a> {
    rb: &'a Rulebook,
    numbers: &'a [Vec<u64>],
    /// The first verdict seen under each source of truth (`Trust::ALL`'s order).
    first: [Option<Shown>; 2],
    tried: usize,
}

impl Search<'_> {
    fn same_everywhere(&mut self, q: usize, answers: &mut Answers) -> bool {
        if q == self.rb.questions.len() {
            self.tried += 1;
            if self.tried > BUDGET {
                return false;
            }
            let filled = engine::with_defaults(self.rb, answers);
            // Settled under each source of truth alike: the answer that `--trust` reads is
            // given only after the questions.
            let mut same = true;
            for (i, trust) in Trust::ALL.into_iter().enumerate() {
                let verdict = engine::decide(self.rb, &filled, None, trust);
                let shown = Shown {
                    outcome: verdict.outcome,
                    findings: verdict
                        .findings
                        .iter()
                        .map(|f| (f.finding, f.severity))
                        .collect(),
                    cost: verdict.cost.map(|c| (c.volume, c.billable)),
                };
                match &self.first[i] {
                    None => self.first[i] = Some(shown),
                    Some(first) => same &= *first == shown,
                }
            }
            return same;
        }
        if answers.get(q).is_some() || !engine::is_asked(self.rb, q, answers) {
            return self.same_everywhere(q + 1, answers);
        }
        let question = &self.rb.questions[q];
        let mut values: Vec<Option<AnswerValue>> = match question.kind {
            QuestionKind::Choice => (0..question.choices.len())
                .map(|i| Some(AnswerValue::Choice(i as u16)))
                .collect(),
            QuestionKind::YesNo => vec![
                Some(AnswerValue::Bool(true)),
                Some(AnswerValue::Bool(false)),
            ],
            QuestionKind::Number => self.numbers[q]
                .iter()
                .filter(|&&n| question.max.is_none_or(|max| n <= max))
                .map(|&n| Some(AnswerValue::Number(n)))
                .collect(),
        };
        if !question.required {
            values.push(None);
        }
        for value in values {
            answers.set(q, value);
            let same = self.same_everywhere(q + 1, answers);
            answers.set(q, None);
            if !same {
                return false;
            }
        }
        true
    }
}

/// For each number question, one value per interval its conditions tell apart: 0, each
/// threshold and the numbers beside it, and one far beyond (a cost grows with it).
fn number_values(rb: &Rulebook) -> Vec<Vec<u64>> {
    let mut values: Vec<Vec<u64>> = rb
        .questions
        .iter()
        .map(|q| match q.kind {
            QuestionKind::Number => vec![0, 1_000_000_007],
            _ => Vec::new(),
        })
        .collect();
    let mut add = |condition: &Condition| {
        walk(condition, &mut |question, right| {
            let list = &mut values[question];
            list.extend([right.saturating_sub(1), right, right.saturating_add(1)]);
        })
    };
    for rule in &rb.rules {
        add(&rule.when);
    }
    for finding in &rb.findings {
        add(&finding.when);
        for (_, when) in &finding.escalate {
            add(when);
        }
    }
    for outcome in &rb.outcomes {
        for free in outcome.billing.iter().flat_map(|b| &b.free) {
            add(&free.when);
        }
    }
    for question in &rb.questions {
        if let Some(when) = &question.ask_when {
            add(when);
        }
    }
    for list in &mut values {
        list.sort_unstable();
        list.dedup();
    }
    values
}

/// Calls `found(question, threshold)` for every number comparison in `condition`.
fn walk(condition: &Condition, found: &mut dyn FnMut(usize, u64)) {
    match condition {
        Condition::All(items) | Condition::Any(items) => {
            items.iter().for_each(|c| walk(c, found));
        }
        Condition::Not(inner) => walk(inner, found),
        Condition::Answer {
            question,
            test: Test::Compare(_, right),
        } => found(*question, *right),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULES: &str = r#"
rulebook: { id: t, version: "1", title: T }
questions:
  - { id: kind, prompt: Kind?, kind: choice, choices: [{ value: good, label: Good }, { value: bad, label: Bad }] }
  - { id: fast, prompt: Fast?, kind: yes-no }
  - { id: count, prompt: How many?, kind: number, required: false }
outcomes:
  - id: way
    kind: path
    name: Way
    billing: { currency: CNY, unit-price: 1, unit-size: 1, unit: item, volume: count }
rules:
  - { id: r-good, when: { kind: good }, outcome: way }
  - { id: r-bad, when: { kind: bad }, outcome: none }
findings:
  - { id: dead, severity: error, when: { kind: bad }, message: "No way." }
  - { id: slow, severity: warning, when: { path: way, fast: no }, message: "Slow." }
"#;

    fn answers(rb: &Rulebook, given: &[(&str, &str)]) -> Answers {
        let mut answers = Answers::new(rb);
        for (id, value) in given {
            let q = rb.question(id).unwrap();
            answers.set(q, Some(rb.questions[q].read_text(value).unwrap()));
        }
        answers
    }

    #[test]
    fn a_dead_end_is_settled_and_a_live_branch_is_not() {
        let rb = crate::rulebook::load_str("t.yaml", RULES, crate::yaml::Limits::RULEBOOK).unwrap();
        let dead = answers(&rb, &[("kind", "bad")]);
        assert!(is_settled(&rb, &dead));
        assert!(missing(&rb, &dead).is_empty());
        let live = answers(&rb, &[("kind", "good")]);
        assert!(!is_settled(&rb, &live));
        assert_eq!(missing(&rb, &live), [1]);
        assert!(!is_settled(&rb, &Answers::new(&rb)));
        // The count still changes the cost.
        let all_but_count = answers(&rb, &[("kind", "good"), ("fast", "yes")]);
        assert!(!is_settled(&rb, &all_but_count));
    }
}
