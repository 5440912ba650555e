//! What a change of rulebook does: the answers whose outcome, error findings or cost
//! change, as readable regions with exact counts, and what was added or removed.
//!
//! Both rulebooks are read over one *joint* answer space. A question is matched by id in
//! the two rulebooks; its values are cut into classes that no test of either rulebook
//! tells apart (as `space.rs` does for one rulebook), so one representative answer per
//! class decides for the whole class, in both. A value one rulebook does not know (a
//! choice it lacks, a number above its `max`) and a question it lacks read as unanswered
//! there. The walk goes through every combination of classes, each question answered
//! only where some rulebook asks it, and evaluates both rulebooks through the engine on
//! the representatives. A question neither rulebook reads is not branched on: one leaf
//! stands for all its values.
//!
//! Combinations that change the same way are grouped and described as a disjunction of
//! disjoint cubes (one set of classes per question), merged where they differ in one
//! question only, so the counts of one kind of change add up.

use std::collections::{BTreeMap, HashMap};

use crate::answers::Answers;
use crate::engine;
use crate::rulebook::{AnswerValue, Condition, QuestionKind, Rulebook, Test, Trust};

/// How many values a class of answers counts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// Every value once, a number range by its width (exact for bounded numbers).
    Values,
    /// Every choice and yes-no value once, and every number range (between two constants
    /// the conditions compare with) once: readable counts when numbers are unbounded.
    NumberRangesOnce,
}

#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Most combinations (leaves of the walk) evaluated before the diff is incomplete.
    pub budget: u64,
    pub counting: Counting,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            budget: 2_000_000,
            counting: Counting::NumberRangesOnce,
        }
    }
}

/// What changed on a region of answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Outcome,
    Errors,
    Cost,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Outcome => "outcome",
            ChangeKind::Errors => "errors",
            ChangeKind::Cost => "cost",
        }
    }
}

/// One question's part of a cube (a question a cube leaves out may have any answer, or
/// none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    pub question: String,
    /// The values allowed, as written (`(unanswered)` for no answer).
    pub values: Vec<String>,
    /// The values are every answer the question was seen to take: it is answered, with
    /// any value.
    pub any_answer: bool,
}

/// Answers whose change is the same, with how many combinations they count.
#[derive(Clone, Debug)]
pub struct Region {
    pub trust: Trust,
    pub kind: ChangeKind,
    pub before: String,
    pub after: String,
    pub count: u128,
    /// Disjoint cubes; a question a cube does not name may have any answer.
    pub cubes: Vec<Vec<Constraint>>,
    /// One combination of the region, as `question = value` pairs (answered ones).
    pub example: Vec<(String, String)>,
}

/// Ids present in one rulebook and not the other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

impl Changes {
    fn between(old: Vec<&str>, new: Vec<&str>) -> Changes {
        Changes {
            added: new
                .iter()
                .filter(|id| !old.contains(id))
                .map(|s| s.to_string())
                .collect(),
            removed: old
                .iter()
                .filter(|id| !new.contains(id))
                .map(|s| s.to_string())
                .collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty()
    }
}

#[derive(Clone, Debug)]
pub struct Diff {
    pub regions: Vec<Region>,
    pub questions: Changes,
    pub outcomes: Changes,
    pub findings: Changes,
    pub premises: Changes,
    /// Combinations walked per source of truth.
    pub combinations: u128,
    /// The sources of truth compared (one when neither rulebook has premises).
    pub trusts: Vec<Trust>,
    /// Whether the cost was compared (its volume question is in both rulebooks).
    pub cost_compared: bool,
    /// False when the budget ran out: the regions are those seen so far.
    pub complete: bool,
    pub counting: Counting,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.regions.is_empty()
            && self.questions.is_empty()
            && self.outcomes.is_empty()
            && self.findings.is_empty()
            && self.premises.is_empty()
    }
}

/// The highest bit of a cube's class mask: classes from this one on share it, so a cube
/// names them together (a question with that many classes is rare; counts stay exact, as
/// they come from the combinations, not the masks).
const MAX_CLASSES: usize = 127;

/// A set of values of one joint question that every test of both rulebooks treats alike.
#[derive(Clone, Debug)]
struct JointClass {
    /// The representative answer in each rulebook (`None`: unanswered there).
    old: Option<AnswerValue>,
    new: Option<AnswerValue>,
    label: Vec<String>,
    /// For numbers: the interval `lo..=hi` (adjacent ones read as one in a cube).
    range: Option<(u64, u64)>,
    weight: u128,
}

#[derive(Debug)]
struct JointQuestion {
    id: String,
    old: Option<usize>,
    new: Option<usize>,
    /// Answered classes; class `i + 1` is `classes[i]`, class 0 is unanswered.
    classes: Vec<JointClass>,
    /// Some condition (or a billing, by its volume) of either rulebook reads it.
    read: bool,
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
    for c in super::space::all_conditions(rb) {
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
                let constants: Vec<u64> = match t {
                    Test::Compare(_, c) => vec![*c],
                    Test::OneOf(vs) | Test::NoneOf(vs) => vs
                        .iter()
                        .filter_map(|v| match v {
                            AnswerValue::Number(n) => Some(*n),
                            _ => None,
                        })
                        .collect(),
                    Test::Answered(_) => Vec::new(),
                };
                for c in constants {
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
fn joint_questions(old: &Rulebook, new: &Rulebook, counting: Counting) -> Vec<JointQuestion> {
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

/// How a rulebook reads one combination: its outcome, errors and cost.
#[derive(Clone, Debug, PartialEq)]
struct Reading {
    outcome: String,
    errors: Vec<String>,
    cost: String,
}

fn read(rb: &Rulebook, answers: &Answers, trust: Trust) -> Reading {
    let answers = engine::with_defaults(rb, answers);
    let verdict = engine::decide(rb, &answers, None, trust);
    let mut errors: Vec<String> = verdict
        .errors()
        .into_iter()
        .map(|f| rb.findings[f].id.clone())
        .collect();
    errors.sort();
    let cost = verdict.cost.as_ref().map_or_else(
        || "no cost".to_string(),
        |c| {
            let billing = rb.outcomes[c.outcome].billing_used(c.alternative);
            let currency = billing.map_or("", |b| b.currency.as_str());
            format!("{:.2} {currency}/month", c.monthly)
        },
    );
    Reading {
        outcome: rb.outcome_id(verdict.outcome).to_string(),
        errors,
        cost,
    }
}

fn errors_text(errors: &[String]) -> String {
    if errors.is_empty() {
        "no errors".into()
    } else {
        errors.join(", ")
    }
}

/// Whether every billing's volume question of each rulebook is a question of the other.
fn cost_comparable(old: &Rulebook, new: &Rulebook) -> bool {
    let volumes_in = |a: &Rulebook, b: &Rulebook| {
        a.outcomes
            .iter()
            .flat_map(|o| o.billing.iter().chain(&o.billing_alternatives))
            .all(|billing| b.question(&a.questions[billing.volume].id).is_some())
    };
    volumes_in(old, new) && volumes_in(new, old)
}

/// The combinations that changed one way: disjoint cubes (one class mask per question),
/// merged whenever they have doubled, so memory follows the description, not the count.
#[derive(Default)]
struct Group {
    cubes: Vec<Vec<u128>>,
    count: u128,
    /// The first combination seen, for the example.
    first: Vec<u128>,
    merge_at: usize,
}

impl Group {
    fn add(&mut self, leaf: &[u128], weight: u128) {
        if self.cubes.is_empty() && self.count == 0 {
            self.first = leaf.to_vec();
            self.merge_at = 4096;
        }
        self.count = self.count.saturating_add(weight);
        self.cubes.push(leaf.to_vec());
        if self.cubes.len() >= self.merge_at {
            self.cubes = merge(std::mem::take(&mut self.cubes), leaf.len());
            self.merge_at = (self.cubes.len() * 2).max(4096);
        }
    }
}

/// Per (source of truth, kind, before, after).
type Groups = BTreeMap<(usize, ChangeKind, String, String), Group>;

struct Walker<'a> {
    old: &'a Rulebook,
    new: &'a Rulebook,
    questions: &'a [JointQuestion],
    trusts: &'a [Trust],
    cost: bool,
    budget: u64,
    leaves: u64,
    exhausted: bool,
    combinations: u128,
    groups: Groups,
    /// Per question, every class some combination gave it: a cube allowing all of them
    /// says nothing about the question.
    seen: Vec<u128>,
}

impl Walker<'_> {
    fn step(
        &mut self,
        q: usize,
        masks: &mut Vec<u128>,
        weight: u128,
        old: &mut Answers,
        new: &mut Answers,
    ) {
        if self.exhausted {
            return;
        }
        if q == self.questions.len() {
            if self.leaves >= self.budget {
                self.exhausted = true;
                return;
            }
            self.leaves += 1;
            self.leaf(masks, weight, old, new);
            return;
        }
        let jq = &self.questions[q];
        let asked_old = jq.old.is_some_and(|i| engine::is_asked(self.old, i, old));
        let asked_new = jq.new.is_some_and(|i| engine::is_asked(self.new, i, new));
        // Unanswered is a combination when every rulebook that asks the question lets it
        // stay so (optional, no default).
        let may_stay = |rb: &Rulebook, at: Option<usize>, asked: bool| {
            !asked
                || at.is_some_and(|i| {
                    let question = &rb.questions[i];
                    !question.required && question.default.is_none()
                })
        };
        let unanswered_ok =
            may_stay(self.old, jq.old, asked_old) && may_stay(self.new, jq.new, asked_new);
        // Class 0 is unanswered; an answered class is given where some rulebook that asks
        // the question knows its value.
        let mut allowed: Vec<usize> = Vec::new();
        if unanswered_ok {
            allowed.push(0);
        }
        for (i, class) in jq.classes.iter().enumerate() {
            if (asked_old && class.old.is_some()) || (asked_new && class.new.is_some()) {
                allowed.push(i + 1);
            }
        }
        let set =
            |answers: &mut Answers, at: Option<usize>, asked: bool, value: Option<AnswerValue>| {
                if let Some(at) = at {
                    answers.set(at, if asked { value } else { None });
                }
            };
        let class_value = |c: usize| match c {
            0 => (None, None),
            c => (jq.classes[c - 1].old, jq.classes[c - 1].new),
        };
        let class_weight = |c: usize| if c == 0 { 1 } else { jq.classes[c - 1].weight };
        if !jq.read && !allowed.is_empty() {
            // Nothing reads it: one leaf for all its classes, counting each.
            let total: u128 = allowed.iter().map(|&c| class_weight(c)).sum();
            masks[q] = allowed.iter().fold(0, |m, &c| m | 1 << c.min(MAX_CLASSES));
            let (o, n) = class_value(allowed[0]);
            set(old, jq.old, asked_old, o);
            set(new, jq.new, asked_new, n);
            self.step(q + 1, masks, weight.saturating_mul(total), old, new);
        } else {
            for c in allowed {
                masks[q] = 1 << c.min(MAX_CLASSES);
                let (o, n) = class_value(c);
                set(old, jq.old, asked_old, o);
                set(new, jq.new, asked_new, n);
                self.step(
                    q + 1,
                    masks,
                    weight.saturating_mul(class_weight(c)),
                    old,
                    new,
                );
                if self.exhausted {
                    break;
                }
            }
        }
        set(old, jq.old, false, None);
        set(new, jq.new, false, None);
        masks[q] = 0;
    }

    fn leaf(&mut self, masks: &[u128], weight: u128, old: &Answers, new: &Answers) {
        self.combinations = self.combinations.saturating_add(weight);
        for (seen, mask) in self.seen.iter_mut().zip(masks) {
            *seen |= mask;
        }
        for (t, &trust) in self.trusts.iter().enumerate() {
            let (before, after) = (read(self.old, old, trust), read(self.new, new, trust));
            let mut changed = Vec::new();
            if before.outcome != after.outcome {
                changed.push((ChangeKind::Outcome, before.outcome, after.outcome));
            }
            if before.errors != after.errors {
                changed.push((
                    ChangeKind::Errors,
                    errors_text(&before.errors),
                    errors_text(&after.errors),
                ));
            }
            if self.cost && before.cost != after.cost {
                changed.push((ChangeKind::Cost, before.cost, after.cost));
            }
            for (kind, b, a) in changed {
                self.groups
                    .entry((t, kind, b, a))
                    .or_default()
                    .add(masks, weight);
            }
        }
    }
}

/// Merges cubes (one class mask per question) that differ in one question only, until
/// none do. Cubes are disjoint, so those agreeing on every other question differ in that
/// one and their union is again a cube: the result stays disjoint and covers the same.
fn merge(mut cubes: Vec<Vec<u128>>, questions: usize) -> Vec<Vec<u128>> {
    loop {
        let before = cubes.len();
        for q in (0..questions).rev() {
            let mut by_rest: HashMap<Vec<u128>, usize> = HashMap::new();
            let mut merged: Vec<Vec<u128>> = Vec::with_capacity(cubes.len());
            for cube in cubes {
                let mut rest = cube.clone();
                rest[q] = 0;
                match by_rest.get(&rest) {
                    Some(&at) => merged[at][q] |= cube[q],
                    None => {
                        by_rest.insert(rest, merged.len());
                        merged.push(cube);
                    }
                }
            }
            cubes = merged;
        }
        if cubes.len() == before {
            return cubes;
        }
    }
}

fn range_label(lo: u64, hi: u64) -> String {
    match (lo, hi) {
        (lo, hi) if lo == hi => lo.to_string(),
        (lo, u64::MAX) => format!("{lo} or more"),
        (lo, hi) => format!("{lo}..{hi}"),
    }
}

fn class_labels(jq: &JointQuestion, mask: u128) -> Vec<String> {
    let mut labels = Vec::new();
    if mask & 1 != 0 {
        labels.push("(unanswered)".to_string());
    }
    // Number intervals that touch read as one: `10 or more`, not `10, 11..99, 100 or more`.
    let mut open: Option<(u64, u64)> = None;
    for (i, class) in jq.classes.iter().enumerate().take(MAX_CLASSES - 1) {
        if mask & (1 << (i + 1)) == 0 {
            continue;
        }
        match (class.range, open) {
            (Some((lo, hi)), Some((start, end))) if end.checked_add(1) == Some(lo) => {
                open = Some((start, hi))
            }
            (Some(range), _) => {
                if let Some((start, end)) = open.replace(range) {
                    labels.push(range_label(start, end));
                }
            }
            (None, _) => labels.extend(class.label.iter().cloned()),
        }
    }
    if let Some((start, end)) = open {
        labels.push(range_label(start, end));
    }
    let shared = &jq.classes[jq.classes.len().min(MAX_CLASSES - 1)..];
    if mask & (1 << MAX_CLASSES) != 0 {
        match shared {
            [one] => labels.extend(one.label.iter().cloned()),
            many => labels.push(format!("some of {} more values", many.len())),
        }
    }
    labels
}

fn describe(questions: &[JointQuestion], seen: &[u128], cube: &[u128]) -> Vec<Constraint> {
    questions
        .iter()
        .zip(cube)
        .zip(seen)
        .filter(|((_, &mask), &seen)| mask != seen)
        .map(|((jq, &mask), &seen)| Constraint {
            question: jq.id.clone(),
            values: class_labels(jq, mask),
            any_answer: mask == seen & !1 && mask != 0,
        })
        .collect()
}

fn example(questions: &[JointQuestion], leaf: &[u128]) -> Vec<(String, String)> {
    questions
        .iter()
        .zip(leaf)
        .filter_map(|(jq, &mask)| {
            let class = (0..=jq.classes.len()).find(|&c| mask & (1 << c.min(MAX_CLASSES)) != 0)?;
            (class > 0).then(|| (jq.id.clone(), jq.classes[class - 1].label[0].clone()))
        })
        .collect()
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<&str> {
    items.iter().map(id).collect()
}

/// What changes from `old` to `new`.
pub fn diff(old: &Rulebook, new: &Rulebook, options: Options) -> Diff {
    let questions = joint_questions(old, new, options.counting);
    let trusts: Vec<Trust> = if old.premises.is_empty() && new.premises.is_empty() {
        vec![Trust::Page]
    } else {
        Trust::ALL.to_vec()
    };
    let cost = cost_comparable(old, new);
    let mut walker = Walker {
        old,
        new,
        questions: &questions,
        trusts: &trusts,
        cost,
        budget: options.budget,
        leaves: 0,
        exhausted: false,
        combinations: 0,
        groups: BTreeMap::new(),
        seen: vec![0; questions.len()],
    };
    let mut masks = vec![0u128; questions.len()];
    walker.step(
        0,
        &mut masks,
        1,
        &mut Answers::new(old),
        &mut Answers::new(new),
    );
    let (complete, combinations) = (!walker.exhausted, walker.combinations);
    let (groups, seen) = (walker.groups, walker.seen);
    let mut regions = Vec::new();
    for ((t, kind, before, after), group) in groups {
        let (count, example) = (group.count, example(&questions, &group.first));
        let cubes = merge(group.cubes, questions.len());
        regions.push(Region {
            trust: trusts[t],
            kind,
            before,
            after,
            count,
            cubes: cubes
                .iter()
                .map(|c| describe(&questions, &seen, c))
                .collect(),
            example,
        });
    }
    Diff {
        regions,
        questions: Changes::between(
            ids(&old.questions, |q| &q.id),
            ids(&new.questions, |q| &q.id),
        ),
        outcomes: Changes::between(ids(&old.outcomes, |o| &o.id), ids(&new.outcomes, |o| &o.id)),
        findings: Changes::between(ids(&old.findings, |f| &f.id), ids(&new.findings, |f| &f.id)),
        premises: Changes::between(ids(&old.premises, |p| &p.id), ids(&new.premises, |p| &p.id)),
        combinations,
        trusts,
        cost_compared: cost,
        complete,
        counting: options.counting,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every point of a set of cubes (masks of classes 0..4 per question).
    fn points(cubes: &[Vec<u128>]) -> Vec<Vec<u32>> {
        let mut out = Vec::new();
        for cube in cubes {
            let mut partial: Vec<Vec<u32>> = vec![Vec::new()];
            for &mask in cube {
                partial = partial
                    .into_iter()
                    .flat_map(|p| {
                        (0..4u32)
                            .filter(move |c| mask & (1 << c) != 0)
                            .map(move |c| {
                                let mut p = p.clone();
                                p.push(c);
                                p
                            })
                    })
                    .collect();
            }
            out.extend(partial);
        }
        out.sort();
        out
    }

    #[test]
    fn merging_covers_the_same_points_once_in_fewer_cubes() {
        // Every point of {0,1} × {0,1,2} plus (3, 3): one cube and one point remain.
        let mut leaves = Vec::new();
        for a in 0..2 {
            for b in 0..3 {
                leaves.push(vec![1u128 << a, 1u128 << b]);
            }
        }
        leaves.push(vec![1 << 3, 1 << 3]);
        let merged = merge(leaves.clone(), 2);
        assert_eq!(merged.len(), 2, "{merged:?}");
        assert!(merged.contains(&vec![0b11, 0b111]));
        assert_eq!(points(&merged), points(&leaves), "same points, none twice");
    }

    #[test]
    fn touching_number_ranges_read_as_one() {
        let class = |lo, hi| JointClass {
            old: None,
            new: None,
            label: vec![range_label(lo, hi)],
            range: Some((lo, hi)),
            weight: 1,
        };
        let jq = JointQuestion {
            id: "n".into(),
            old: None,
            new: None,
            classes: vec![class(0, 9), class(10, 10), class(11, u64::MAX)],
            read: true,
        };
        assert_eq!(class_labels(&jq, 0b1100), ["10 or more"]);
        assert_eq!(
            class_labels(&jq, 0b1011),
            ["(unanswered)", "0..9", "11 or more"]
        );
    }
}
