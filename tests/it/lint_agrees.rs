//! Lint and the engine agree. On random rulebooks, `rules lint`'s verdicts about the
//! decision (a gap, a rule that never decides, an outcome never recommended, a finding
//! that never fires) must be exactly what brute force through the engine finds: every
//! answer set that can be given (questions answered only when asked), evaluated by
//! `engine::decide` as a recommendation and as a plan check for every planned path and
//! every combination of settings given or missing.
//!
//! Lint searches classes of answers three-valued; the engine evaluates concrete answers.
//! Both use the one evaluator, but lint's classes, its pruning and its situations are its
//! own, and this is what keeps them honest.

use eb_advisor::rulebook::Trust;
use proptest::prelude::*;

use eb_advisor::answers::Answers;
use eb_advisor::authoring::lint::{self, Code, Message};
use eb_advisor::engine::{self, Decision, PlanContext, Settings};
use eb_advisor::rulebook::{self, AnswerValue, QuestionKind, Rulebook};
use eb_advisor::yaml::Limits;

/// The largest answer of a number question: small, so brute force can try every value.
const MAX_NUMBER: u64 = 4;
const SETTINGS: [&str; 2] = ["s0", "s1"];

/// A small deterministic generator, so one `u64` from proptest is one rulebook and a
/// failure prints the seed that rebuilds it.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

#[derive(Clone, Copy, Debug)]
enum Kind {
    Choice(usize),
    YesNo,
    Number,
}

struct Shape {
    kinds: Vec<Kind>,
    outcomes: usize,
    /// The rulebook declares a premise `p0` (a fourth of them do).
    premise: bool,
}

/// A test on question `q`, as a one-entry YAML flow mapping.
fn answer_test(g: &mut Gen, shape: &Shape, q: usize) -> String {
    if g.chance(10) {
        return format!("{{ q{q}: {{ answered: {} }} }}", g.chance(50));
    }
    match shape.kinds[q] {
        Kind::Choice(n) => match g.below(3) {
            0 => format!("{{ q{q}: c{} }}", g.below(n)),
            1 => format!("{{ q{q}: [c{}, c{}] }}", g.below(n), g.below(n)),
            _ => format!("{{ q{q}: {{ not-in: [c{}] }} }}", g.below(n)),
        },
        Kind::YesNo => format!("{{ q{q}: {} }}", if g.chance(50) { "yes" } else { "no" }),
        Kind::Number => {
            let k = g.below(MAX_NUMBER as usize + 1);
            match g.below(7) {
                0 => format!("{{ q{q}: {k} }}"),
                op => {
                    let op = ["gt", "gte", "lt", "lte", "eq", "ne"][op - 1];
                    format!("{{ q{q}: {{ {op}: {k} }} }}")
                }
            }
        }
    }
}

/// A test of what a finding may read besides answers.
fn situation_test(g: &mut Gen, shape: &Shape) -> String {
    let outcome = g.below(shape.outcomes);
    match g.below(5) {
        0 if g.chance(30) => "{ outcome: none }".to_string(),
        0 => format!("{{ outcome: o{outcome} }}"),
        1 => format!("{{ path: o{outcome} }}"),
        2 => format!("{{ planned: o{outcome} }}"),
        3 => format!("{{ planned-differs: {} }}", g.chance(50)),
        _ => {
            let keys = if g.chance(50) { "[s0]" } else { "[s0, s1]" };
            format!("{{ settings-missing: {keys} }}")
        }
    }
}

/// A condition reading questions below `limit` (and, if `beyond`, the outcome or plan).
fn condition(g: &mut Gen, shape: &Shape, limit: usize, beyond: bool, depth: u32) -> String {
    let leaf = |g: &mut Gen| {
        if shape.premise && g.chance(15) {
            "{ premise: p0 }".to_string()
        } else if beyond && g.chance(35) {
            situation_test(g, shape)
        } else {
            let q = g.below(limit);
            answer_test(g, shape, q)
        }
    };
    if depth == 0 || g.chance(50) {
        return leaf(g);
    }
    let part = |g: &mut Gen| condition(g, shape, limit, beyond, depth - 1);
    match g.below(3) {
        0 => format!("{{ all: [{}, {}] }}", part(g), part(g)),
        1 => format!("{{ any: [{}, {}] }}", part(g), part(g)),
        _ => format!("{{ not: {} }}", part(g)),
    }
}

fn rulebook_yaml(seed: u64) -> String {
    rulebook_pair_yaml(seed, None)
}

/// The rulebook of `seed`, its rules, default and findings drawn from `rules_seed` when
/// given: two seeds give two rulebooks over the same questions (`rules_diff` compares
/// them).
pub(crate) fn rulebook_pair_yaml(seed: u64, rules_seed: Option<u64>) -> String {
    let mut g = Gen(seed | 1);
    let n = 2 + g.below(3);
    let kinds: Vec<Kind> = (0..n)
        .map(|_| match g.below(3) {
            0 => Kind::Choice(2 + g.below(2)),
            1 => Kind::YesNo,
            _ => Kind::Number,
        })
        .collect();
    let shape = Shape {
        kinds,
        outcomes: 2 + g.below(2),
        premise: g.chance(25),
    };
    let mut y = String::from("rulebook:\n  id: random\n  version: \"1\"\n  title: Random\n");
    y.push_str("questions:\n");
    for (q, kind) in shape.kinds.iter().enumerate() {
        y.push_str(&format!("  - id: q{q}\n    prompt: Q{q}?\n"));
        match kind {
            Kind::Choice(k) => {
                y.push_str("    kind: choice\n    choices:\n");
                for c in 0..*k {
                    y.push_str(&format!("      - {{ value: c{c}, label: C{c} }}\n"));
                }
            }
            Kind::YesNo => y.push_str("    kind: yes-no\n"),
            Kind::Number => y.push_str(&format!("    kind: number\n    max: {MAX_NUMBER}\n")),
        }
        if g.chance(40) {
            y.push_str("    required: false\n");
        }
        if q > 0 && g.chance(40) {
            // Whether a question is asked depends on answers only: no premise here.
            let answers_only = Shape {
                kinds: shape.kinds.clone(),
                outcomes: shape.outcomes,
                premise: false,
            };
            let c = condition(&mut g, &answers_only, q, false, 1);
            y.push_str(&format!("    ask-when: {c}\n"));
        }
    }
    y.push_str("outcomes:\n");
    for o in 0..shape.outcomes {
        y.push_str(&format!("  - id: o{o}\n    kind: path\n    name: O{o}\n"));
    }
    if let Some(other) = rules_seed {
        g = Gen(other | 1);
    }
    y.push_str("rules:\n");
    for r in 0..1 + g.below(5) {
        let when = condition(&mut g, &shape, n, false, 2);
        let outcome = match g.below(shape.outcomes + 1) {
            o if o == shape.outcomes => "none".to_string(),
            o => format!("o{o}"),
        };
        y.push_str(&format!(
            "  - id: r{r}\n    when: {when}\n    outcome: {outcome}\n"
        ));
    }
    if g.chance(40) {
        y.push_str(&format!(
            "default:\n  outcome: o{}\n",
            g.below(shape.outcomes)
        ));
    }
    if shape.premise {
        y.push_str("premises:\n  - id: p0\n    statement: P0.\n    page: false\n    docs: true\n    docs-say: P0 holds.\n    url: https://example.com/p0\n    checked: \"2026-12-01\"\n");
    }
    y.push_str("findings:\n");
    for f in 0..1 + g.below(3) {
        let when = condition(&mut g, &shape, n, true, 2);
        y.push_str(&format!(
            "  - id: f{f}\n    severity: warning\n    when: {when}\n    message: F{f}.\n"
        ));
    }
    y
}

/// Every answer set that can be given: a question is answered only when asked, and an
/// optional question may stay unanswered.
pub(crate) fn answer_sets(rb: &Rulebook) -> Vec<Answers> {
    fn walk(rb: &Rulebook, q: usize, answers: &mut Answers, out: &mut Vec<Answers>) {
        if q == rb.questions.len() {
            out.push(answers.clone());
            return;
        }
        let question = &rb.questions[q];
        let mut values: Vec<Option<AnswerValue>> = Vec::new();
        if engine::is_asked(rb, q, answers) {
            match question.kind {
                QuestionKind::Choice => values.extend(
                    (0..question.choices.len()).map(|c| Some(AnswerValue::Choice(c as u16))),
                ),
                QuestionKind::YesNo => values.extend([
                    Some(AnswerValue::Bool(true)),
                    Some(AnswerValue::Bool(false)),
                ]),
                QuestionKind::Number => {
                    values.extend((0..=MAX_NUMBER).map(|n| Some(AnswerValue::Number(n))))
                }
            }
            if !question.required {
                values.push(None);
            }
        } else {
            values.push(None);
        }
        for value in values {
            answers.set(q, value);
            walk(rb, q + 1, answers, out);
        }
        answers.set(q, None);
    }
    let mut out = Vec::new();
    walk(rb, 0, &mut Answers::new(rb), &mut out);
    out
}

/// Which of `SETTINGS` a plan leaves out.
struct Missing(Vec<&'static str>);

impl Settings for Missing {
    fn is_missing(&self, key: &str) -> bool {
        self.0.contains(&key)
    }
}

/// What brute force through the engine finds.
#[derive(Debug, PartialEq)]
struct Found {
    gap: bool,
    never_decides: Vec<String>,
    never_recommended: Vec<String>,
    never_fires: Vec<String>,
}

fn brute_force(rb: &Rulebook) -> Found {
    let mut gap = false;
    let mut decides = vec![false; rb.rules.len()];
    let mut recommended = vec![false; rb.outcomes.len()];
    let mut fires = vec![false; rb.findings.len()];
    let subsets: Vec<Missing> = (0..1u8 << SETTINGS.len())
        .map(|bits| {
            Missing(
                SETTINGS
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, k)| *k)
                    .collect(),
            )
        })
        .collect();
    // Brute force tries every source of truth, as lint explores each.
    let trusts: &[Trust] = if rb.premises.is_empty() {
        &[Trust::Page]
    } else {
        &Trust::ALL
    };
    for (answers, &trust) in answer_sets(rb)
        .iter()
        .flat_map(|a| trusts.iter().map(move |t| (a, t)))
    {
        let verdict = engine::decide(rb, answers, None, trust);
        match verdict.decided_by {
            Decision::NoRule => gap = true,
            Decision::Rule(r) => decides[r] = true,
            Decision::Default => {}
        }
        if let Some(o) = verdict.outcome {
            recommended[o] = true;
        }
        let mut fired =
            |v: &engine::Verdict| v.findings.iter().for_each(|f| fires[f.finding] = true);
        fired(&verdict);
        for planned in 0..rb.outcomes.len() {
            for settings in &subsets {
                let plan = PlanContext {
                    planned: Some(planned),
                    settings,
                };
                fired(&engine::decide(rb, answers, Some(&plan), trust));
            }
        }
    }
    let ids = |flags: &[bool], id: &dyn Fn(usize) -> String| -> Vec<String> {
        (0..flags.len()).filter(|&i| !flags[i]).map(id).collect()
    };
    Found {
        gap,
        never_decides: ids(&decides, &|r| rb.rules[r].id.clone()),
        never_recommended: ids(&recommended, &|o| rb.outcomes[o].id.clone()),
        never_fires: ids(&fires, &|f| rb.findings[f].id.clone()),
    }
}

fn linted(report: &lint::Report) -> Found {
    let mut found = Found {
        gap: false,
        never_decides: Vec::new(),
        never_recommended: Vec::new(),
        never_fires: Vec::new(),
    };
    for p in &report.problems {
        match (&p.code, &p.message) {
            (Code::Gap, _) => found.gap = true,
            (Code::ShadowedRule, Message::ShadowedRule { rule, .. })
            | (Code::DeadRule, Message::DeadRule { rule }) => {
                found.never_decides.push(rule.clone())
            }
            (Code::UnreachableOutcome, Message::UnreachableOutcome { outcome, .. }) => {
                found.never_recommended.push(outcome.clone())
            }
            (Code::DeadFinding, Message::DeadFinding { finding }) => {
                found.never_fires.push(finding.clone())
            }
            _ => {}
        }
    }
    // Problems are sorted by position; ids come in file order, as brute force lists them.
    let by_number = |ids: &mut Vec<String>| ids.sort_by_key(|id| id[1..].parse::<usize>().ok());
    by_number(&mut found.never_decides);
    by_number(&mut found.never_recommended);
    by_number(&mut found.never_fires);
    found
}

fn agree(seed: u64) -> Result<(), TestCaseError> {
    let yaml = rulebook_yaml(seed);
    let rb = match rulebook::load_str("random.yaml", &yaml, Limits::RULEBOOK) {
        Ok(rb) => rb,
        Err(e) => panic!("the generator wrote a rulebook that does not load:\n{yaml}\n{e:?}"),
    };
    let options = lint::Options {
        budget: 10_000_000,
        ..lint::Options::default()
    };
    let report = lint::lint(&rb, &yaml, options);
    prop_assert!(report.complete, "lint did not finish:\n{yaml}");
    prop_assert_eq!(linted(&report), brute_force(&rb), "rulebook:\n{}", yaml);
    Ok(())
}

proptest! {
    // 256 random rulebooks in the normal run; PROPTEST_CASES does not lower it below.
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn lint_verdicts_agree_with_brute_force_through_the_engine(seed in any::<u64>()) {
        agree(seed)?;
    }
}

/// The generator does reach each verdict, so agreement is not only on "no problems".
#[test]
fn the_random_rulebooks_show_every_verdict() {
    let mut seen = [false; 4];
    for seed in 1..400u64 {
        let yaml = rulebook_yaml(seed);
        let rb = rulebook::load_str("random.yaml", &yaml, Limits::RULEBOOK).unwrap();
        let found = brute_force(&rb);
        seen[0] |= found.gap;
        seen[1] |= !found.never_decides.is_empty();
        seen[2] |= !found.never_recommended.is_empty();
        seen[3] |= !found.never_fires.is_empty();
    }
    assert_eq!(
        seen, [true; 4],
        "gap, never decides, never recommended, never fires"
    );
}
