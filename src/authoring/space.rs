//! The answer space of a rulebook, made small enough to search.
//!
//! Every condition is a combination of tests on single answers, plus tests on the
//! outcome and the plan. So two values of a question that pass and fail exactly the same
//! answer tests behave identically everywhere: they form one *class*. Numbers are cut at
//! the constants their comparisons use, so each interval between two constants is one
//! class. A combination is one class per question, encoded as small integers, and
//! conditions are evaluated on it by the one evaluator (`crate::eval`), each class
//! standing for its values, a question not known yet reading as "depends".
//!
//! Class 0 of every question is "unanswered"; it is the only class of a question that is
//! not asked, and a possible class of an asked question that is optional and has no
//! default. The search walks questions in order and respects `ask-when`, so an unasked
//! question is never given a value.

use crate::eval::{self, PlanView, View};
use crate::rulebook::{AnswerValue, Condition, QuestionKind, Rulebook, Test, Trust};

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
pub struct QuestionSpace<'a> {
    /// Answered classes; class index `i + 1` is `classes[i]`.
    pub classes: Vec<Class>,
    /// Some condition (rule, finding, ask-when, not-fit, free quota) tests this question.
    pub read: bool,
    /// When asked, it may stay unanswered (optional, no default).
    pub may_stay_unanswered: bool,
    pub ask_when: Option<&'a Condition>,
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

pub use crate::eval::Tri;

/// A partial combination of classes in a situation, as the one evaluator reads it.
struct ClassView<'v, 'a> {
    space: &'v Space<'a>,
    classes: &'v [u16],
    situation: Situation,
}

impl View for ClassView<'_, '_> {
    fn answer(&self, question: usize) -> Option<Option<AnswerValue>> {
        match self.classes[question] {
            UNKNOWN => None,
            UNANSWERED => Some(None),
            // Every value of a class passes and fails the same tests, so one stands for all.
            class => Some(Some(
                self.space.questions[question].classes[class as usize - 1].representative(),
            )),
        }
    }

    fn outcome(&self) -> Option<Option<usize>> {
        match self.situation {
            Situation::Unknown => None,
            Situation::Recommend { outcome } | Situation::Check { outcome, .. } => Some(outcome),
        }
    }

    fn plan(&self) -> PlanView {
        match self.situation {
            Situation::Unknown => PlanView::Unknown,
            Situation::Recommend { .. } => PlanView::NoPlan,
            Situation::Check { planned, .. } => PlanView::Planned(Some(planned)),
        }
    }

    fn premise(&self, p: usize) -> Tri {
        Some(self.space.rb.premises[p].holds(self.space.trust))
    }

    fn setting_missing(&self, key: &str) -> Tri {
        match self.situation {
            Situation::Check { missing, .. } => Some(
                self.space
                    .settings_keys
                    .iter()
                    .position(|k| k == key)
                    .is_some_and(|bit| missing & (1 << bit) != 0),
            ),
            _ => None,
        }
    }
}

/// The whole space: one entry per question, and every condition of the rulebook.
pub struct Space<'a> {
    pub rb: &'a Rulebook,
    /// The source of truth the premises are read under: one more dimension of the
    /// answer space, explored one space per setting.
    pub trust: Trust,
    pub questions: Vec<QuestionSpace<'a>>,
    pub settings_keys: Vec<String>,
    pub rules: Vec<&'a Condition>,
    pub findings: Vec<&'a Condition>,
    /// Per finding, its escalations.
    pub escalations: Vec<Vec<&'a Condition>>,
    /// Per outcome, its not-fit conditions.
    pub not_fit: Vec<Vec<&'a Condition>>,
    /// Per outcome, its free-quota conditions.
    pub free: Vec<Vec<&'a Condition>>,
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
    pub fn new(rb: &'a Rulebook, trust: Trust) -> Space<'a> {
        let n = rb.questions.len();
        let mut tests: Vec<Vec<Test>> = vec![Vec::new(); n];
        let mut keys = Vec::new();
        for c in all_conditions(rb) {
            collect_tests(c, &mut tests, &mut keys);
        }
        keys.truncate(64);
        let mut questions = Vec::with_capacity(n);
        for (qi, q) in rb.questions.iter().enumerate() {
            let signature = |value: AnswerValue| -> Vec<bool> {
                tests[qi]
                    .iter()
                    .map(|t| eval::test_holds(t, Some(value)))
                    .collect()
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
                        for c in t.numbers() {
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
            trust,
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
            let ask_when = rb.questions[qi].ask_when.as_ref();
            if let Some(c) = ask_when {
                let mut read = Vec::new();
                c.questions(&mut read);
                for q in read {
                    space.read_by_ask_when[q] = true;
                }
            }
            space.questions[qi].ask_when = ask_when;
        }
        space.rules = rb.rules.iter().map(|r| &r.when).collect();
        for (r, rule) in space.rules.iter().enumerate() {
            let mut read = Vec::new();
            rule.questions(&mut read);
            for q in read {
                space.last_rule_reading[q] = Some(r);
            }
        }
        space.findings = rb.findings.iter().map(|f| &f.when).collect();
        space.escalations = rb
            .findings
            .iter()
            .map(|f| f.escalate.iter().map(|(_, c)| c).collect())
            .collect();
        space.not_fit = rb
            .outcomes
            .iter()
            .map(|o| o.not_fit.iter().map(|n| &n.when).collect())
            .collect();
        space.free = rb
            .outcomes
            .iter()
            .map(|o| {
                o.billing
                    .iter()
                    .flat_map(|b| b.free.iter().map(|f| &f.when))
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

    /// `condition` on a (partial) combination in a situation, by the one evaluator.
    pub fn eval(&self, condition: &Condition, classes: &[u16], situation: Situation) -> Tri {
        let view = ClassView {
            space: self,
            classes,
            situation,
        };
        eval::eval(condition, &view, &mut eval::Unrecorded)
    }

    /// Holds, with everything it reads known.
    pub fn holds(&self, condition: &Condition, classes: &[u16], situation: Situation) -> bool {
        self.eval(condition, classes, situation) == Some(true)
    }

    /// Whether question `q` is asked on a combination whose earlier questions are known.
    pub fn asked(&self, q: usize, classes: &[u16]) -> bool {
        self.questions[q]
            .ask_when
            .is_none_or(|c| self.holds(c, classes, Situation::Unknown))
    }

    /// The bits of `settings_keys` that `condition` tests.
    pub fn settings_mask(&self, condition: &Condition) -> u64 {
        let mut keys = Vec::new();
        condition.settings_keys(&mut keys);
        keys.iter()
            .filter_map(|k| self.settings_keys.iter().position(|s| s == k))
            .fold(0u64, |m, i| m | (1 << i))
    }

    /// The first rule that holds, on a full combination.
    pub fn first_rule(&self, classes: &[u16]) -> Option<usize> {
        self.rules
            .iter()
            .position(|r| self.holds(r, classes, Situation::Unknown))
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
        let asked = self.asked(q, classes);
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

    /// `goal=capture, database=x` for the answered questions that some condition reads,
    /// and `trust=docs` when the rulebook has premises.
    pub fn describe(&self, classes: &[u16]) -> Vec<(String, String)> {
        let trust = (!self.rb.premises.is_empty())
            .then(|| ("trust".to_string(), self.trust.as_str().to_string()));
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
            .chain(trust)
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
        let asked = self.space.asked(q, classes);
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
            match space.eval(space.rules[r], classes, Situation::Unknown) {
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
        let asked = space.asked(q, classes);
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
