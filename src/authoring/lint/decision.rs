//! The passes over the answer space: gaps, shadowed and dead rules, unreachable outcomes,
//! findings and questions, and questions whose values no condition tells apart.

use super::{Code, Level, Linter, Message, Options};
use crate::authoring::locate::Seg;
use crate::authoring::space::{Decided, DecisionWalk, Flow, Situation, Space, Walk, UNKNOWN};
use crate::rulebook::{AnswerValue, Condition, QuestionKind};
use crate::yaml::Pos;

/// What the decision pass covered.
pub struct Walked {
    /// Answer combinations whose decision was checked (visited or counted).
    pub covered: u128,
    /// The decision walk finished within the budget.
    pub complete: bool,
    /// All answer combinations (of classes).
    pub combinations: u128,
    pub not_checked: Vec<&'static str>,
    /// Questions found never to be asked.
    pub never_asked: Vec<usize>,
}

/// Whether some situation (recommendation, or plan check with any planned path and
/// settings) makes every condition in `all` hold on this full combination.
fn holds_somewhere(
    space: &Space,
    all: &[&Condition],
    classes: &[u16],
    situations: &mut Vec<Situation>,
) -> bool {
    let outcome = space.decide(classes).and_then(|(o, _)| o);
    let mask = all.iter().fold(0, |m, c| m | space.settings_mask(c));
    if all.iter().any(|c| c.reads_plan()) {
        space.situations(outcome, mask, situations);
    } else {
        situations.clear();
        situations.push(Situation::Recommend { outcome });
    }
    situations
        .iter()
        .any(|&s| all.iter().all(|c| space.holds(c, classes, s)))
}

/// The outcome of a search: found, shown impossible, or the budget ran out (`None`).
fn searched(found: bool, exhausted: bool) -> Option<bool> {
    if found {
        Some(true)
    } else if exhausted {
        None
    } else {
        Some(false)
    }
}

/// Searches for a full combination on which all of `all` can hold; `None` when the
/// search ran out of budget.
fn can_hold(space: &Space, all: &[&Condition], budget: u64) -> Option<bool> {
    let mut found = false;
    let mut situations = Vec::new();
    let mut walk = Walk::new(space, budget);
    walk.run(
        &mut |classes, _, _| {
            all.iter()
                .all(|c| space.eval(c, classes, Situation::Unknown) != Some(false))
        },
        &mut |classes, _| {
            if holds_somewhere(space, all, classes, &mut situations) {
                found = true;
                Flow::Stop
            } else {
                Flow::Continue
            }
        },
    );
    searched(found, walk.exhausted)
}

/// Searches for a combination on which question `q` is asked.
fn can_be_asked(space: &Space, q: usize, budget: u64) -> Option<bool> {
    let Some(ask) = space.questions[q].ask_when else {
        return Some(true);
    };
    let mut found = false;
    let mut walk = Walk::new(space, budget);
    let mut prefix = vec![UNKNOWN; space.questions.len()];
    if space.eval(ask, &prefix, Situation::Unknown) == Some(true) {
        return Some(true);
    }
    walk.run(
        &mut |classes, _, depth| {
            if found || depth >= q {
                return false;
            }
            prefix.copy_from_slice(classes);
            match space.eval(ask, &prefix, Situation::Unknown) {
                Some(true) => {
                    found = true;
                    false
                }
                Some(false) => false,
                None => true,
            }
        },
        &mut |_, _| Flow::Continue,
    );
    searched(found, walk.exhausted)
}

/// Whether some space (one per source of truth) shows it: found in one, or shown
/// impossible in all, or `None` when a search ran out of budget.
fn in_any(spaces: &[Space], mut search: impl FnMut(&Space) -> Option<bool>) -> Option<bool> {
    let mut unknown = false;
    for space in spaces {
        match search(space) {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    (!unknown).then_some(false)
}

/// The decision: gaps, shadowed and dead rules, unreachable outcomes, findings and
/// questions, over every space (one per source of truth a premise can be read under).
pub fn decision(l: &mut Linter, spaces: &[Space], options: Options) -> Walked {
    let rb = l.rb;
    let nr = rb.rules.len();
    let mut rule_decides = vec![false; nr];
    let mut outcome_seen = vec![false; rb.outcomes.len()];
    let mut gaps: Vec<(usize, Vec<u16>, u128)> = Vec::new();
    let mut gap_count: u128 = 0;
    let mut gap_sets: u64 = 0;
    let (mut complete, mut covered, mut combinations) = (true, 0u128, 0u128);
    for (si, space) in spaces.iter().enumerate() {
        let mut walk = DecisionWalk::new(space, options.budget);
        walk.run(&mut |classes, decided, n| {
            let outcome = match decided {
                Decided::Rule(r) => {
                    rule_decides[r] = true;
                    rb.rules[r].outcome
                }
                Decided::Default => rb.default.as_ref().and_then(|d| d.outcome),
                Decided::Gap => {
                    gap_count += n;
                    gap_sets += 1;
                    if gaps.len() < 5 {
                        gaps.push((si, classes.to_vec(), n));
                    }
                    None
                }
            };
            if let Some(o) = outcome {
                outcome_seen[o] = true;
            }
        });
        complete &= !walk.exhausted;
        covered = covered.saturating_add(walk.covered);
        combinations = combinations.saturating_add(if walk.exhausted {
            let mut classes = vec![UNKNOWN; rb.questions.len()];
            space.count(0, &mut classes)
        } else {
            walk.covered
        });
    }
    let mut not_checked: Vec<&'static str> = Vec::new();

    // Gaps are facts whether or not the walk finished.
    let rules_pos = l.loc.near(&[Seg::Key("rules")], Pos::START);
    for (si, gap, n) in &gaps {
        l.push(
            Code::Gap,
            Level::Error,
            rules_pos,
            Message::Gap { combinations: *n },
            Some(spaces[*si].describe(gap)),
        );
    }
    if gap_sets > gaps.len() as u64 {
        l.push(
            Code::Gap,
            Level::Error,
            rules_pos,
            Message::MoreGaps {
                sets: u128::from(gap_sets) - gaps.len() as u128,
                combinations: gap_count,
            },
            None,
        );
    }

    if complete {
        for s in (0..nr).filter(|&s| !rule_decides[s]) {
            never_decides(l, spaces, s, options, &mut not_checked);
        }
        for (o, outcome) in rb.outcomes.iter().enumerate() {
            if outcome_seen[o] {
                continue;
            }
            let givers = rb
                .rules
                .iter()
                .filter(|r| r.outcome == Some(o))
                .map(|r| r.id.clone())
                .collect();
            l.push(
                Code::UnreachableOutcome,
                Level::Error,
                outcome.pos,
                Message::UnreachableOutcome {
                    outcome: outcome.id.clone(),
                    givers,
                },
                None,
            );
        }
    } else {
        not_checked.push("shadowed and dead rules");
        not_checked.push("unreachable outcomes");
    }

    findings(l, spaces, options, &mut not_checked);

    let mut never_asked = Vec::new();
    for (q, question) in rb.questions.iter().enumerate() {
        match in_any(spaces, |space| can_be_asked(space, q, options.budget)) {
            Some(false) => {
                never_asked.push(q);
                let pos = l.loc.near(
                    &[Seg::Key("questions"), Seg::Index(q), Seg::Key("ask-when")],
                    question.pos,
                );
                l.push(
                    Code::UnreachableQuestion,
                    Level::Error,
                    pos,
                    Message::UnreachableQuestion {
                        question: question.id.clone(),
                    },
                    None,
                );
            }
            None => not_checked.push("questions that are never asked"),
            Some(true) => {}
        }
    }
    not_checked.dedup();
    Walked {
        covered,
        complete,
        combinations,
        not_checked,
        never_asked,
    }
}

/// Rule `s` never decides: find where it holds, and who decided there.
fn never_decides(
    l: &mut Linter,
    spaces: &[Space],
    s: usize,
    options: Options,
    not_checked: &mut Vec<&'static str>,
) {
    let rb = l.rb;
    let mut coverers: Vec<usize> = Vec::new();
    let mut example: Option<(Vec<(String, String)>, usize)> = None;
    let mut exhausted = false;
    for space in spaces {
        let rule = space.rules[s];
        let mut search = Walk::new(space, options.budget);
        search.run(
            &mut |classes, _, _| space.eval(rule, classes, Situation::Unknown) != Some(false),
            &mut |classes, _| {
                if let Some(first) = space.first_rule(classes) {
                    if !coverers.contains(&first) {
                        coverers.push(first);
                    }
                    if example.is_none() {
                        example = Some((space.describe(classes), first));
                    }
                }
                Flow::Continue
            },
        );
        exhausted |= search.exhausted;
    }
    let id = rb.rules[s].id.clone();
    match example {
        Some((described, first)) => {
            coverers.sort_unstable();
            l.push(
                Code::ShadowedRule,
                Level::Error,
                rb.rules[s].pos,
                Message::ShadowedRule {
                    rule: id,
                    coverers: coverers.iter().map(|&r| rb.rules[r].id.clone()).collect(),
                    partial: exhausted,
                    decides: rb.rules[first].id.clone(),
                },
                Some(described),
            );
        }
        None if !exhausted => l.push(
            Code::DeadRule,
            Level::Error,
            rb.rules[s].pos,
            Message::DeadRule { rule: id },
            None,
        ),
        None => not_checked.push("dead rules"),
    }
}

/// Findings and their escalations: each is searched for on its own.
fn findings(
    l: &mut Linter,
    spaces: &[Space],
    options: Options,
    not_checked: &mut Vec<&'static str>,
) {
    let rb = l.rb;
    for (f, def) in rb.findings.iter().enumerate() {
        let when = &rb.findings[f].when;
        match in_any(spaces, |space| can_hold(space, &[when], options.budget)) {
            Some(false) => {
                l.push(
                    Code::DeadFinding,
                    Level::Error,
                    def.pos,
                    Message::DeadFinding {
                        finding: def.id.clone(),
                    },
                    None,
                );
                continue;
            }
            None => {
                not_checked.push("findings that can never fire");
                continue;
            }
            Some(true) => {}
        }
        for (e, (_, escalation)) in def.escalate.iter().enumerate() {
            match in_any(spaces, |space| {
                can_hold(space, &[when, escalation], options.budget)
            }) {
                Some(false) => {
                    let pos = l.loc.near(
                        &[
                            Seg::Key("findings"),
                            Seg::Index(f),
                            Seg::Key("escalate"),
                            Seg::Index(e),
                        ],
                        def.pos,
                    );
                    l.push(
                        Code::DeadEscalation,
                        Level::Warning,
                        pos,
                        Message::DeadEscalation {
                            finding: def.id.clone(),
                            escalation: e + 1,
                        },
                        None,
                    );
                }
                None => not_checked.push("findings that can never fire"),
                Some(true) => {}
            }
        }
    }
}

/// Questions whose values no condition tells apart.
pub fn choices(l: &mut Linter, space: &Space, never_asked: &[usize]) {
    let rb = l.rb;
    let volumes: Vec<usize> = rb
        .outcomes
        .iter()
        .filter_map(|o| o.billing.as_ref().map(|b| b.volume))
        .collect();
    for (q, question) in rb.questions.iter().enumerate() {
        let qs = &space.questions[q];
        if !qs.read {
            if !volumes.contains(&q) && !never_asked.contains(&q) {
                l.push(
                    Code::UnusedQuestion,
                    Level::Warning,
                    question.pos,
                    Message::UnusedQuestion {
                        question: question.id.clone(),
                    },
                    None,
                );
            }
            continue;
        }
        if question.kind == QuestionKind::Number {
            continue;
        }
        let names = |values: &[AnswerValue]| -> Vec<String> {
            values.iter().map(|v| question.value_text(*v)).collect()
        };
        if qs.classes.len() == 1 {
            l.push(
                Code::IndistinctChoices,
                Level::Warning,
                question.pos,
                Message::IndistinctAll {
                    question: question.id.clone(),
                    values: names(&qs.classes[0].values),
                },
                None,
            );
            continue;
        }
        for class in &qs.classes {
            if class.values.len() > 1 {
                l.push(
                    Code::IndistinctChoices,
                    Level::Note,
                    question.pos,
                    Message::IndistinctSome {
                        question: question.id.clone(),
                        values: names(&class.values),
                    },
                    None,
                );
            }
        }
    }
}
