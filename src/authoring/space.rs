//! The answer space of a rulebook, made small enough to search.
//!
//! Every condition is a combination of tests on single answers, plus tests on the
//! outcome and the plan. So two values of a question that pass and fail exactly the same
//! answer tests behave identically everywhere: they form one *class*. Numbers are cut at
//! the constants their comparisons use, so each interval between two constants is one
//! class. A combination is one class per question, encoded as small integers, and
//! conditions are compiled to table lookups over those integers.
//!
//! Class 0 of every question is "unanswered"; it is the only class of a question that is
//! not asked, and a possible class of an asked question that is optional and has no
//! default. The search walks questions in order and respects `ask-when`, so an unasked
//! question is never given a value.

use crate::answers::Answers;
use crate::engine;
use crate::rulebook::{AnswerValue, Condition, QuestionKind, Rulebook, Test};

/// Marks a question whose class is not known yet (in a partial combination).
pub const UNKNOWN: u16 = u16::MAX;
/// The class of an unanswered question.
pub const UNANSWERED: u16 = 0;

/// A set of values of one question that every answer test treats alike.
#[derive(Clone, Debug)]
pub struct Class {
    /// Choice and yes-no values in the class (empty for numbers).
    pub values: Vec<AnswerValue>,
    /// For numbers: the interval `lo..=hi`.
    pub lo: u64,
    pub hi: u64,
}

impl Class {
    pub fn representative(&self) -> AnswerValue {
        self.values
            .first()
            .copied()
            .unwrap_or(AnswerValue::Number(self.lo))
    }
}

#[derive(Debug)]
pub struct QuestionSpace {
    /// Answered classes; class index `i + 1` is `classes[i]`.
    pub classes: Vec<Class>,
    /// Some condition (rule, finding, ask-when, not-fit, free quota) tests this question.
    pub read: bool,
    /// When asked, it may stay unanswered (optional, no default).
    pub may_stay_unanswered: bool,
    pub ask_when: Option<Compiled>,
}

/// A compiled condition: tests on answers are lookups in a table indexed by class.
#[derive(Clone, Debug)]
pub enum Compiled {
    All(Vec<Compiled>),
    Any(Vec<Compiled>),
    Not(Box<Compiled>),
    Answer {
        question: usize,
        table: Vec<bool>,
    },
    Outcome(Vec<Option<usize>>),
    Path(Vec<usize>),
    Planned(Vec<usize>),
    PlannedDiffers(bool),
    /// Bits of `Space::settings_keys`.
    SettingsMissing(u64),
}

/// What a condition may read besides answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Situation {
    /// Not known yet: outcome and plan tests are undecided.
    Unknown,
    /// A recommendation (`recommend`, `ask`): the outcome, no plan.
    Recommend { outcome: Option<usize> },
    /// A plan check: the recommended outcome, the planned path and which settings
    /// (bits of `Space::settings_keys`) are missing.
    Check {
        outcome: Option<usize>,
        planned: usize,
        missing: u64,
    },
}

/// Three-valued logic: `None` is "depends on what is not known yet".
pub type Tri = Option<bool>;

impl Compiled {
    pub fn eval(&self, classes: &[u16], situation: Situation) -> Tri {
        match self {
            Compiled::All(items) => {
                let mut all = Some(true);
                for item in items {
                    match item.eval(classes, situation) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            Compiled::Any(items) => {
                let mut any = Some(false);
                for item in items {
                    match item.eval(classes, situation) {
                        Some(true) => return Some(true),
                        None => any = None,
                        Some(false) => {}
                    }
                }
                any
            }
            Compiled::Not(inner) => inner.eval(classes, situation).map(|b| !b),
            Compiled::Answer { question, table } => match classes[*question] {
                UNKNOWN => None,
                class => Some(table[class as usize]),
            },
            Compiled::Outcome(ids) => match situation {
                Situation::Unknown => None,
                Situation::Recommend { outcome } | Situation::Check { outcome, .. } => {
                    Some(ids.contains(&outcome))
                }
            },
            Compiled::Path(ids) => match situation {
                Situation::Unknown => None,
                Situation::Recommend { outcome } => Some(outcome.is_some_and(|o| ids.contains(&o))),
                Situation::Check {
                    outcome, planned, ..
                } => Some(outcome.is_some_and(|o| ids.contains(&o)) || ids.contains(&planned)),
            },
            Compiled::Planned(ids) => match situation {
                Situation::Unknown => None,
                Situation::Recommend { .. } => Some(false),
                Situation::Check { planned, .. } => Some(ids.contains(&planned)),
            },
            Compiled::PlannedDiffers(expected) => match situation {
                Situation::Unknown => None,
                Situation::Recommend { .. } => Some(false),
                Situation::Check {
                    outcome, planned, ..
                } => Some((outcome != Some(planned)) == *expected),
            },
            Compiled::SettingsMissing(mask) => match situation {
                Situation::Unknown => None,
                Situation::Recommend { .. } => Some(false),
                Situation::Check { missing, .. } => Some(missing & mask != 0),
            },
        }
    }

    /// Holds, with everything it reads known.
    pub fn holds(&self, classes: &[u16], situation: Situation) -> bool {
        self.eval(classes, situation) == Some(true)
    }

    /// The questions it tests, without repeats.
    pub fn questions(&self, out: &mut Vec<usize>) {
        match self {
            Compiled::All(items) | Compiled::Any(items) => {
                items.iter().for_each(|c| c.questions(out))
            }
            Compiled::Not(inner) => inner.questions(out),
            Compiled::Answer { question, .. } if !out.contains(question) => out.push(*question),
            _ => {}
        }
    }

    /// The settings bits it tests.
    pub fn settings_mask(&self) -> u64 {
        match self {
            Compiled::All(items) | Compiled::Any(items) => {
                items.iter().fold(0, |m, c| m | c.settings_mask())
            }
            Compiled::Not(inner) => inner.settings_mask(),
            Compiled::SettingsMissing(mask) => *mask,
            _ => 0,
        }
    }

    /// Whether it reads the outcome or the plan.
    pub fn reads_beyond_answers(&self) -> bool {
        match self {
            Compiled::All(items) | Compiled::Any(items) => {
                items.iter().any(Compiled::reads_beyond_answers)
            }
            Compiled::Not(inner) => inner.reads_beyond_answers(),
            Compiled::Answer { .. } => false,
            _ => true,
        }
    }

    /// Whether it reads the plan (planned path, planned-differs, settings).
    pub fn reads_plan(&self) -> bool {
        match self {
            Compiled::All(items) | Compiled::Any(items) => items.iter().any(Compiled::reads_plan),
            Compiled::Not(inner) => inner.reads_plan(),
            Compiled::Planned(_)
            | Compiled::PlannedDiffers(_)
            | Compiled::SettingsMissing(_)
            | Compiled::Path(_) => true,
            _ => false,
        }
    }
}

/// The whole space: one entry per question, and every condition of the rulebook compiled.
pub struct Space<'a> {
    pub rb: &'a Rulebook,
    pub questions: Vec<QuestionSpace>,
    pub settings_keys: Vec<String>,
    pub rules: Vec<Compiled>,
    pub findings: Vec<Compiled>,
    /// Per finding, its escalations.
    pub escalations: Vec<Vec<Compiled>>,
    /// Per outcome, its not-fit conditions.
    pub not_fit: Vec<Vec<Compiled>>,
    /// Per outcome, its free-quota conditions.
    pub free: Vec<Vec<Compiled>>,
    /// Per question: some ask-when reads it.
    pub read_by_ask_when: Vec<bool>,
    /// Per question: the last rule that reads it.
    pub last_rule_reading: Vec<Option<usize>>,
}

fn collect_tests(condition: &Condition, out: &mut [Vec<Test>], keys: &mut Vec<String>) {
    match condition {
        Condition::All(items) | Condition::Any(items) => {
            items.iter().for_each(|c| collect_tests(c, out, keys))
        }
        Condition::Not(inner) => collect_tests(inner, out, keys),
        Condition::Answer { question, test } if !out[*question].contains(test) => {
            out[*question].push(test.clone())
        }
        Condition::SettingsMissing(list) => {
            for k in list {
                if !keys.contains(k) {
                    keys.push(k.clone())
                }
            }
        }
        _ => {}
    }
}

/// Every condition of the rulebook, in a fixed order.
pub fn all_conditions(rb: &Rulebook) -> Vec<&Condition> {
    let mut all: Vec<&Condition> = Vec::new();
    all.extend(rb.questions.iter().filter_map(|q| q.ask_when.as_ref()));
    all.extend(rb.rules.iter().map(|r| &r.when));
    for f in &rb.findings {
        all.push(&f.when);
        all.extend(f.escalate.iter().map(|(_, c)| c));
    }
    for o in &rb.outcomes {
        all.extend(o.not_fit.iter().map(|n| &n.when));
        if let Some(b) = &o.billing {
            all.extend(b.free.iter().map(|f| &f.when));
        }
    }
    all
}

impl<'a> Space<'a> {
    pub fn new(rb: &'a Rulebook) -> Space<'a> {
        let n = rb.questions.len();
        let mut tests: Vec<Vec<Test>> = vec![Vec::new(); n];
        let mut keys = Vec::new();
        for c in all_conditions(rb) {
            collect_tests(c, &mut tests, &mut keys);
        }
        keys.truncate(64);
        let mut questions = Vec::with_capacity(n);
        for (qi, q) in rb.questions.iter().enumerate() {
            let holds = |test: &Test, value: Option<AnswerValue>| {
                let mut answers = Answers::new(rb);
                answers.set(qi, value);
                engine::holds_on_answers(
                    &Condition::Answer {
                        question: qi,
                        test: test.clone(),
                    },
                    &answers,
                )
            };
            let signature = |value: AnswerValue| -> Vec<bool> {
                tests[qi].iter().map(|t| holds(t, Some(value))).collect()
            };
            let mut classes: Vec<(Vec<bool>, Class)> = Vec::new();
            let mut add = |value: AnswerValue, lo: u64, hi: u64, merge: bool| {
                let sig = signature(value);
                if merge {
                    if let Some((_, class)) = classes.iter_mut().find(|(s, _)| *s == sig) {
                        class.values.push(value);
                        return;
                    }
                }
                classes.push((
                    sig,
                    Class {
                        values: if merge { vec![value] } else { Vec::new() },
                        lo,
                        hi,
                    },
                ));
            };
            match q.kind {
                QuestionKind::Choice => {
                    for i in 0..q.choices.len() {
                        add(AnswerValue::Choice(i as u16), 0, 0, true);
                    }
                }
                QuestionKind::YesNo => {
                    add(AnswerValue::Bool(true), 0, 0, true);
                    add(AnswerValue::Bool(false), 0, 0, true);
                }
                QuestionKind::Number => {
                    let max = q.max.unwrap_or(u64::MAX);
                    let mut cuts = vec![0u64];
                    for t in &tests[qi] {
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
                            cuts.push(c);
                            cuts.push(c.saturating_add(1));
                        }
                    }
                    cuts.retain(|&c| c <= max);
                    cuts.sort_unstable();
                    cuts.dedup();
                    for (i, &lo) in cuts.iter().enumerate() {
                        let hi = cuts.get(i + 1).map_or(max, |next| next - 1);
                        add(AnswerValue::Number(lo), lo, hi, false);
                    }
                }
            }
            let may_stay_unanswered = !q.required && q.default.is_none();
            questions.push(QuestionSpace {
                classes: classes.into_iter().map(|(_, c)| c).collect(),
                read: !tests[qi].is_empty(),
                may_stay_unanswered,
                ask_when: None,
            });
        }
        let mut space = Space {
            rb,
            questions,
            settings_keys: keys,
            rules: Vec::new(),
            findings: Vec::new(),
            escalations: Vec::new(),
            not_fit: Vec::new(),
            free: Vec::new(),
            read_by_ask_when: vec![false; n],
            last_rule_reading: vec![None; n],
        };
        for qi in 0..n {
            let compiled = rb.questions[qi].ask_when.as_ref().map(|c| space.compile(c));
            if let Some(c) = &compiled {
                let mut read = Vec::new();
                c.questions(&mut read);
                for q in read {
                    space.read_by_ask_when[q] = true;
                }
            }
            space.questions[qi].ask_when = compiled;
        }
        space.rules = rb.rules.iter().map(|r| space.compile(&r.when)).collect();
        for (r, rule) in space.rules.iter().enumerate() {
            let mut read = Vec::new();
            rule.questions(&mut read);
            for q in read {
                space.last_rule_reading[q] = Some(r);
            }
        }
        space.findings = rb.findings.iter().map(|f| space.compile(&f.when)).collect();
        space.escalations = rb
            .findings
            .iter()
            .map(|f| f.escalate.iter().map(|(_, c)| space.compile(c)).collect())
            .collect();
        space.not_fit = rb
            .outcomes
            .iter()
            .map(|o| o.not_fit.iter().map(|n| space.compile(&n.when)).collect())
            .collect();
        space.free = rb
            .outcomes
            .iter()
            .map(|o| {
                o.billing
                    .iter()
                    .flat_map(|b| b.free.iter().map(|f| space.compile(&f.when)))
                    .collect()
            })
            .collect();
        space
    }

    /// The class of `value` for question `q` (1-based; 0 is unanswered).
    pub fn class_of(&self, q: usize, value: Option<AnswerValue>) -> u16 {
        let Some(value) = value else {
            return UNANSWERED;
        };
        let qs = &self.questions[q];
        let index = qs.classes.iter().position(|c| match value {
            AnswerValue::Number(n) => c.values.is_empty() && c.lo <= n && n <= c.hi,
            other => c.values.contains(&other),
        });
        index.map_or(UNANSWERED, |i| i as u16 + 1)
    }

    pub fn compile(&self, condition: &Condition) -> Compiled {
        match condition {
            Condition::All(items) => Compiled::All(items.iter().map(|c| self.compile(c)).collect()),
            Condition::Any(items) => Compiled::Any(items.iter().map(|c| self.compile(c)).collect()),
            Condition::Not(inner) => Compiled::Not(Box::new(self.compile(inner))),
            Condition::Answer { question, test } => {
                let q = *question;
                let rb = self.rb;
                let holds = |value: Option<AnswerValue>| {
                    let mut answers = Answers::new(rb);
                    answers.set(q, value);
                    engine::holds_on_answers(
                        &Condition::Answer {
                            question: q,
                            test: test.clone(),
                        },
                        &answers,
                    )
                };
                let mut table = vec![holds(None)];
                table.extend(
                    self.questions[q]
                        .classes
                        .iter()
                        .map(|c| holds(Some(c.representative()))),
                );
                Compiled::Answer { question: q, table }
            }
            Condition::Outcome(ids) => Compiled::Outcome(ids.clone()),
            Condition::Path(ids) => Compiled::Path(ids.clone()),
            Condition::Planned(ids) => Compiled::Planned(ids.clone()),
            Condition::PlannedDiffers(b) => Compiled::PlannedDiffers(*b),
            Condition::SettingsMissing(keys) => Compiled::SettingsMissing(
                keys.iter()
                    .filter_map(|k| self.settings_keys.iter().position(|s| s == k))
                    .fold(0u64, |m, i| m | (1 << i)),
            ),
        }
    }

    /// The first rule that holds, on a full combination.
    pub fn first_rule(&self, classes: &[u16]) -> Option<usize> {
        self.rules
            .iter()
            .position(|r| r.holds(classes, Situation::Unknown))
    }

    /// The outcome of a full combination and the rule that decided it (`None`: the
    /// default); `None` for a gap (no rule matches and there is no default).
    pub fn decide(&self, classes: &[u16]) -> Option<(Option<usize>, Option<usize>)> {
        match self.first_rule(classes) {
            Some(r) => Some((self.rb.rules[r].outcome, Some(r))),
            None => self.rb.default.as_ref().map(|d| (d.outcome, None)),
        }
    }

    /// Every situation a condition reading `mask` settings can meet with this outcome:
    /// the recommendation, and a plan check for each planned path and each combination
    /// of those settings missing or given.
    pub fn situations(&self, outcome: Option<usize>, mask: u64, out: &mut Vec<Situation>) {
        out.clear();
        out.push(Situation::Recommend { outcome });
        let bits: Vec<u64> = (0..64).filter(|b| mask & (1 << b) != 0).collect();
        let subsets: Vec<u64> = if bits.len() <= 10 {
            (0..(1u64 << bits.len()))
                .map(|s| {
                    bits.iter()
                        .enumerate()
                        .filter(|(i, _)| s & (1 << i) != 0)
                        .fold(0, |m, (_, b)| m | (1 << b))
                })
                .collect()
        } else {
            let mut v = vec![0, mask];
            v.extend(bits.iter().map(|b| 1 << b));
            v
        };
        for planned in 0..self.rb.outcomes.len() {
            for &missing in &subsets {
                out.push(Situation::Check {
                    outcome,
                    planned,
                    missing,
                });
            }
        }
    }

    /// The classes question `q` can take: unanswered only when not asked.
    pub fn class_range(&self, q: usize, asked: bool) -> (u16, u16) {
        let qs = &self.questions[q];
        if !asked {
            (UNANSWERED, UNANSWERED)
        } else {
            (
                if qs.may_stay_unanswered { 0 } else { 1 },
                qs.classes.len() as u16,
            )
        }
    }

    /// The number of full combinations below a node where questions before `q` are
    /// known. Only questions that a later ask-when reads need to be branched on.
    pub fn count(&self, q: usize, classes: &mut [u16]) -> u128 {
        if q == classes.len() {
            return 1;
        }
        let asked = self.questions[q]
            .ask_when
            .as_ref()
            .is_none_or(|c| c.holds(classes, Situation::Unknown));
        let saved = classes[q];
        let n = if !asked {
            classes[q] = UNANSWERED;
            self.count(q + 1, classes)
        } else if !self.read_by_ask_when[q] {
            u128::from(self.branches(q)).saturating_mul(self.count(q + 1, classes))
        } else {
            let (first, last) = self.class_range(q, true);
            (first..=last).fold(0u128, |n, class| {
                classes[q] = class;
                n.saturating_add(self.count(q + 1, classes))
            })
        };
        classes[q] = saved;
        n
    }

    /// Number of branches question `q` can take when asked.
    pub fn branches(&self, q: usize) -> u64 {
        self.questions[q].classes.len() as u64 + u64::from(self.questions[q].may_stay_unanswered)
    }

    /// `goal=capture, database=x` for the answered questions that some condition reads.
    pub fn describe(&self, classes: &[u16]) -> Vec<(String, String)> {
        classes
            .iter()
            .enumerate()
            .filter(|&(q, &c)| c != UNANSWERED && c != UNKNOWN && self.questions[q].read)
            .map(|(q, &c)| {
                let question = &self.rb.questions[q];
                let class = &self.questions[q].classes[c as usize - 1];
                (
                    question.id.clone(),
                    question.value_text(class.representative()),
                )
            })
            .collect()
    }

    pub fn describe_text(&self, classes: &[u16]) -> String {
        let pairs = self.describe(classes);
        if pairs.is_empty() {
            return "no answers".into();
        }
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Called after question `q` got its class, with the classes and which questions are
/// asked on the path; false skips everything below.
pub type Prune<'p> = dyn FnMut(&[u16], &[bool], usize) -> bool + 'p;

/// What a visitor tells the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// A depth-first walk over the combinations, in question order, respecting ask-when,
/// bounded by a number of steps (nodes visited, leaves included).
pub struct Walk<'s, 'a> {
    pub space: &'s Space<'a>,
    /// Nodes that may be visited.
    pub budget: u64,
    pub steps: u64,
    /// Full combinations visited.
    pub visited: u64,
    /// The budget ran out before the walk was done.
    pub exhausted: bool,
    stopped: bool,
    /// Per question: asked on the current path.
    pub asked: Vec<bool>,
}

impl<'s, 'a> Walk<'s, 'a> {
    pub fn new(space: &'s Space<'a>, budget: u64) -> Self {
        let n = space.questions.len();
        Walk {
            space,
            budget,
            steps: 0,
            visited: 0,
            exhausted: false,
            stopped: false,
            asked: vec![false; n],
        }
    }

    /// Visits every full combination for which `prune` never said "no" on a prefix.
    /// `prune(classes, asked, q)` is called after question `q` got its class (later ones
    /// are `UNKNOWN`); returning false skips everything below.
    pub fn run(&mut self, prune: &mut Prune, leaf: &mut dyn FnMut(&[u16], &[bool]) -> Flow) {
        let mut classes = vec![UNKNOWN; self.space.questions.len()];
        self.stopped = false;
        self.step(0, &mut classes, prune, leaf);
    }

    fn tick(&mut self) -> bool {
        if self.steps >= self.budget {
            self.exhausted = true;
            self.stopped = true;
            return false;
        }
        self.steps += 1;
        true
    }

    fn step(
        &mut self,
        q: usize,
        classes: &mut Vec<u16>,
        prune: &mut Prune,
        leaf: &mut dyn FnMut(&[u16], &[bool]) -> Flow,
    ) {
        if self.stopped || !self.tick() {
            return;
        }
        if q == classes.len() {
            self.visited += 1;
            if leaf(classes, &self.asked) == Flow::Stop {
                self.stopped = true;
            }
            return;
        }
        let qs = &self.space.questions[q];
        let asked = qs
            .ask_when
            .as_ref()
            .is_none_or(|c| c.holds(classes, Situation::Unknown));
        self.asked[q] = asked;
        let (first, last) = self.space.class_range(q, asked);
        for class in first..=last {
            classes[q] = class;
            if prune(classes, &self.asked, q) {
                self.step(q + 1, classes, prune, leaf);
            }
            if self.stopped {
                break;
            }
        }
        classes[q] = UNKNOWN;
        self.asked[q] = false;
    }
}

/// How the rules decide on every combination below a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decided {
    Rule(usize),
    Default,
    /// No rule matches and there is no default.
    Gap,
}

/// The walk over the decision: it stops descending as soon as the answers given so far
/// decide (a rule holds whatever comes next, and every rule before it fails whatever
/// comes next), and counts the combinations below instead of visiting them.
pub struct DecisionWalk<'s, 'a> {
    pub space: &'s Space<'a>,
    pub budget: u64,
    pub steps: u64,
    pub exhausted: bool,
    /// Combinations covered so far (visited or counted).
    pub covered: u128,
}

impl<'s, 'a> DecisionWalk<'s, 'a> {
    pub fn new(space: &'s Space<'a>, budget: u64) -> Self {
        DecisionWalk {
            space,
            budget,
            steps: 0,
            exhausted: false,
            covered: 0,
        }
    }

    /// Calls `visit(classes, decided, combinations)` for each decided subtree: `classes`
    /// has the questions that decided it, the rest are `UNKNOWN`.
    pub fn run(&mut self, visit: &mut dyn FnMut(&[u16], Decided, u128)) {
        let mut classes = vec![UNKNOWN; self.space.questions.len()];
        self.step(0, &mut classes, 0, 1, visit);
    }

    /// `times`: how many combinations each one below stands for, because questions that
    /// no remaining rule reads were left open.
    fn step(
        &mut self,
        q: usize,
        classes: &mut Vec<u16>,
        start: usize,
        times: u128,
        visit: &mut dyn FnMut(&[u16], Decided, u128),
    ) {
        if self.exhausted {
            return;
        }
        if self.steps >= self.budget {
            self.exhausted = true;
            return;
        }
        self.steps += 1;
        let space = self.space;
        // Rules that fail on a prefix fail on every longer one, so start where the
        // parent stopped.
        let mut r = start;
        let mut decided = None;
        while r < space.rules.len() {
            match space.rules[r].eval(classes, Situation::Unknown) {
                Some(false) => r += 1,
                Some(true) => {
                    decided = Some(Decided::Rule(r));
                    break;
                }
                None => break,
            }
        }
        if r == space.rules.len() {
            decided = Some(if space.rb.default.is_some() {
                Decided::Default
            } else {
                Decided::Gap
            });
        }
        if let Some(d) = decided {
            let n = times.saturating_mul(space.count(q, classes));
            self.covered = self.covered.saturating_add(n);
            visit(classes, d, n);
            return;
        }
        let asked = space.questions[q]
            .ask_when
            .as_ref()
            .is_none_or(|c| c.holds(classes, Situation::Unknown));
        // A question that no rule still undecided reads and no ask-when reads changes
        // nothing below: leave it open and count its branches instead.
        let matters =
            space.read_by_ask_when[q] || space.last_rule_reading[q].is_some_and(|last| last >= r);
        if !matters {
            classes[q] = if asked { UNKNOWN } else { UNANSWERED };
            let times = if asked {
                times.saturating_mul(u128::from(space.branches(q)))
            } else {
                times
            };
            self.step(q + 1, classes, r, times, visit);
            classes[q] = UNKNOWN;
            return;
        }
        let (first, last) = space.class_range(q, asked);
        for class in first..=last {
            classes[q] = class;
            self.step(q + 1, classes, r, times, visit);
            if self.exhausted {
                break;
            }
        }
        classes[q] = UNKNOWN;
    }
}
