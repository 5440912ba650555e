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

use std::collections::BTreeMap;

use crate::answers::Answers;
use crate::engine;
use crate::rulebook::{AnswerValue, Rulebook, Trust};

mod cubes;
mod joint;

use cubes::{describe, example, merge, MAX_CLASSES};
use joint::{joint_questions, JointQuestion};
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
