//! `rules graph`: the decision as a diagram. Questions are decision nodes, the answers
//! that branch are edge labels, outcomes are leaves, and the findings that can fire with
//! an outcome hang from it as a note.
//!
//! The tree is derived from the rules, not drawn from them: questions are split in the
//! order they are asked, a question that makes no difference at a node is left out, and
//! answers that lead to the same subtree share one edge.

use super::space::{Situation, Space, UNANSWERED, UNKNOWN};
use crate::rulebook::{AnswerValue, QuestionKind, Rulebook, NO_OUTCOME};

#[derive(Clone, Debug, PartialEq)]
enum Tree {
    /// The outcome (`Some(None)` is no supported outcome); `None`: no rule decides.
    Leaf(Option<Option<usize>>),
    Split {
        question: usize,
        branches: Vec<(Vec<u16>, Tree)>,
    },
}

/// Too many nodes to draw usefully.
#[derive(Debug)]
pub struct TooLarge;

const MAX_STEPS: u64 = 200_000;

struct Builder<'s, 'a> {
    space: &'s Space<'a>,
    steps: u64,
}

impl Builder<'_, '_> {
    /// The outcome if the rules already decide on the known questions.
    fn decided(&self, classes: &[u16]) -> Option<Option<Option<usize>>> {
        for (r, rule) in self.space.rules.iter().enumerate() {
            match self.space.eval(rule, classes, Situation::Unknown) {
                Some(true) => return Some(Some(self.space.rb.rules[r].outcome)),
                Some(false) => continue,
                None => return None,
            }
        }
        Some(self.space.rb.default.as_ref().map(|d| d.outcome))
    }

    fn build(&mut self, classes: &mut Vec<u16>, q: usize) -> Result<Tree, TooLarge> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(TooLarge);
        }
        if let Some(leaf) = self.decided(classes) {
            return Ok(Tree::Leaf(leaf));
        }
        if q == classes.len() {
            return Ok(Tree::Leaf(None));
        }
        let qs = &self.space.questions[q];
        let asked = self.space.asked(q, classes);
        if !asked {
            classes[q] = UNANSWERED;
            let tree = self.build(classes, q + 1);
            classes[q] = UNKNOWN;
            return tree;
        }
        let first = if qs.may_stay_unanswered { 0 } else { 1 };
        let mut branches: Vec<(Vec<u16>, Tree)> = Vec::new();
        for class in first..=qs.classes.len() as u16 {
            classes[q] = class;
            let tree = self.build(classes, q + 1)?;
            match branches.iter_mut().find(|(_, t)| *t == tree) {
                Some((list, _)) => list.push(class),
                None => branches.push((vec![class], tree)),
            }
        }
        classes[q] = UNKNOWN;
        if branches.len() == 1 {
            return Ok(branches.pop().map(|(_, t)| t).unwrap_or(Tree::Leaf(None)));
        }
        Ok(Tree::Split {
            question: q,
            branches,
        })
    }
}

/// Which findings can fire with each outcome: on a recommendation, and (check only) on a
/// plan that chose that path.
fn notes(space: &Space) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let rb = space.rb;
    let slots = rb.outcomes.len() + 1;
    let slot = |o: Option<usize>| o.unwrap_or(rb.outcomes.len());
    let mut recommend = vec![vec![false; rb.findings.len()]; slots];
    let mut check = vec![vec![false; rb.findings.len()]; slots];
    let mut situations = Vec::new();
    let mut walk = super::space::Walk::new(space, 200_000);
    walk.run(&mut |_, _, _| true, &mut |classes, _| {
        let Some((outcome, _)) = space.decide(classes) else {
            return super::space::Flow::Continue;
        };
        for (f, cond) in space.findings.iter().enumerate() {
            if space.holds(cond, classes, Situation::Recommend { outcome }) {
                recommend[slot(outcome)][f] = true;
            } else if cond.reads_plan() {
                space.situations(outcome, space.settings_mask(cond), &mut situations);
                for s in &situations {
                    if let Situation::Check { planned, .. } = *s {
                        if space.holds(cond, classes, *s) {
                            check[planned][f] = true;
                        }
                    }
                }
            }
        }
        super::space::Flow::Continue
    });
    let list = |table: Vec<Vec<bool>>| -> Vec<Vec<usize>> {
        table
            .into_iter()
            .map(|row| {
                let mut ids: Vec<usize> = (0..row.len()).filter(|&f| row[f]).collect();
                ids.sort_by_key(|&f| std::cmp::Reverse(rb.findings[f].severity));
                ids
            })
            .collect()
    };
    let recommend = list(recommend);
    let mut check = list(check);
    // A finding already shown on a recommendation is not repeated under "check".
    for (row, shown) in check.iter_mut().zip(&recommend) {
        row.retain(|f| !shown.contains(f));
    }
    (recommend, check)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Mermaid,
    Dot,
}

struct Drawing {
    /// (id, label, kind)
    nodes: Vec<(String, String, NodeKind)>,
    /// (from, to, label, dashed)
    edges: Vec<(String, String, String, bool)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Question,
    Outcome,
    Note,
}

fn node_id(prefix: &str, id: &str) -> String {
    let clean: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{prefix}_{clean}")
}

fn class_label(space: &Space, q: usize, classes: &[u16]) -> String {
    let question = &space.rb.questions[q];
    let qs = &space.questions[q];
    let mut parts: Vec<(u64, String)> = Vec::new();
    for &c in classes {
        if c == UNANSWERED {
            parts.push((u64::MAX, "unanswered".into()));
            continue;
        }
        let class = &qs.classes[c as usize - 1];
        if question.kind == QuestionKind::Number {
            let max = question.max.unwrap_or(u64::MAX);
            let text = if class.hi == max {
                format!("≥ {}", class.lo)
            } else if class.lo == class.hi {
                class.lo.to_string()
            } else {
                format!("{}–{}", class.lo, class.hi)
            };
            parts.push((class.lo, text));
        } else {
            parts.extend(class.values.iter().map(|v| {
                let order = match v {
                    AnswerValue::Choice(i) => u64::from(*i),
                    AnswerValue::Bool(b) => u64::from(!b),
                    AnswerValue::Number(n) => *n,
                };
                (order, question.value_text(*v))
            }));
        }
    }
    parts.sort_by_key(|(order, _)| *order);
    parts
        .into_iter()
        .map(|(_, text)| text)
        .collect::<Vec<_>>()
        .join(", ")
}

fn outcome_node(rb: &Rulebook, outcome: Option<Option<usize>>) -> (String, String) {
    match outcome {
        Some(Some(o)) => (
            node_id("o", &rb.outcomes[o].id),
            format!(
                "{}: {}",
                rb.outcomes[o].id,
                rb.outcomes[o].name.get(Default::default())
            ),
        ),
        Some(None) => (
            "o__none".into(),
            format!("{NO_OUTCOME}: no supported outcome"),
        ),
        None => ("o__gap".into(), "no rule decides".into()),
    }
}

fn draw(space: &Space, tree: &Tree) -> Drawing {
    let rb = space.rb;
    let mut d = Drawing {
        nodes: Vec::new(),
        edges: Vec::new(),
    };
    let mut counter = 0usize;
    let mut leaves: Vec<Option<Option<usize>>> = Vec::new();
    fn walk(
        space: &Space,
        tree: &Tree,
        d: &mut Drawing,
        counter: &mut usize,
        leaves: &mut Vec<Option<Option<usize>>>,
    ) -> String {
        match tree {
            Tree::Leaf(outcome) => {
                if !leaves.contains(outcome) {
                    leaves.push(*outcome);
                }
                outcome_node(space.rb, *outcome).0
            }
            Tree::Split { question, branches } => {
                *counter += 1;
                let id = format!("q{counter}");
                d.nodes.push((
                    id.clone(),
                    space.rb.questions[*question].id.clone(),
                    NodeKind::Question,
                ));
                for (classes, sub) in branches {
                    // The edge first, so that the diagram reads from the top down.
                    let target = match sub {
                        Tree::Leaf(outcome) => outcome_node(space.rb, *outcome).0,
                        Tree::Split { .. } => format!("q{}", *counter + 1),
                    };
                    d.edges.push((
                        id.clone(),
                        target,
                        class_label(space, *question, classes),
                        false,
                    ));
                    walk(space, sub, d, counter, leaves);
                }
                id
            }
        }
    }
    walk(space, tree, &mut d, &mut counter, &mut leaves);
    let (recommend, check) = notes(space);
    // Outcomes in the rulebook's order, then none, then gaps.
    let mut order: Vec<Option<Option<usize>>> =
        (0..rb.outcomes.len()).map(|o| Some(Some(o))).collect();
    order.push(Some(None));
    order.push(None);
    for outcome in order.into_iter().filter(|o| leaves.contains(o)) {
        let (id, label) = outcome_node(rb, outcome);
        d.nodes.push((id.clone(), label, NodeKind::Outcome));
        let Some(o) = outcome else { continue };
        let slot = o.unwrap_or(rb.outcomes.len());
        let mut lines: Vec<String> = recommend[slot]
            .iter()
            .map(|&f| format!("{}: {}", severity_word(&rb.findings[f]), rb.findings[f].id))
            .collect();
        lines.extend(check[slot].iter().map(|&f| {
            format!(
                "check {}: {}",
                severity_word(&rb.findings[f]),
                rb.findings[f].id
            )
        }));
        if !lines.is_empty() {
            let note = format!("{id}_findings");
            d.nodes
                .push((note.clone(), lines.join("\n"), NodeKind::Note));
            d.edges.push((id, note, String::new(), true));
        }
    }
    d
}

/// `info`, or `info→warning` for a finding that escalates (to the highest it can reach).
fn severity_word(def: &crate::rulebook::FindingDef) -> String {
    match def.escalate.iter().map(|(s, _)| *s).max() {
        Some(raised) if raised > def.severity => {
            format!("{}→{}", def.severity.as_str(), raised.as_str())
        }
        _ => def.severity.as_str().to_string(),
    }
}

/// A label's text as Mermaid shows it literally: Mermaid reads labels as HTML (`<b>` is
/// bold) and `#name;` as an entity code, so `#`, `&`, `<`, `>` and `"` are written as
/// entity codes (`#` first, as the others bring their own); a line break is `<br/>`.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '"' => out.push_str("#quot;"),
            '\n' => out.push_str("<br/>"),
            c => out.push(c),
        }
    }
    out
}

/// A label's text as Graphviz shows it literally, inside `"…"`: `\` and `"` escaped,
/// and `&` as `&amp;`, since Graphviz turns entities (`&amp;`, `&lt;`) in labels into the
/// characters they name; a line break ends a left-justified line (`\l`).
fn dot_text(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('&', "&amp;")
        .replace('\n', "\\l")
}

fn render(d: &Drawing, format: Format, title: &str) -> String {
    let mut out = String::new();
    match format {
        Format::Mermaid => {
            out.push_str("flowchart TD\n");
            for (id, label, kind) in &d.nodes {
                let label = mermaid_text(label);
                out.push_str(&match kind {
                    NodeKind::Question => format!("    {id}{{\"{label}\"}}\n"),
                    NodeKind::Outcome => format!("    {id}([\"{label}\"])\n"),
                    NodeKind::Note => format!("    {id}[\"{label}\"]:::note\n"),
                });
            }
            for (from, to, label, dashed) in &d.edges {
                out.push_str(&if *dashed {
                    format!("    {from} -.- {to}\n")
                } else {
                    format!("    {from} -->|\"{}\"| {to}\n", mermaid_text(label))
                });
            }
            out.push_str("    classDef note fill:#fff8dc,stroke:#c9b458,text-align:left\n");
        }
        Format::Dot => {
            out.push_str(&format!("digraph \"{}\" {{\n", dot_text(title)));
            out.push_str("    rankdir=TB;\n    node [fontname=\"Helvetica\"];\n    edge [fontname=\"Helvetica\"];\n");
            for (id, label, kind) in &d.nodes {
                let shape = match kind {
                    NodeKind::Question => "shape=diamond",
                    NodeKind::Outcome => "shape=box, style=rounded",
                    NodeKind::Note => "shape=note, style=filled, fillcolor=\"#fff8dc\"",
                };
                let mut label = dot_text(label);
                if *kind == NodeKind::Note {
                    label.push_str("\\l");
                }
                out.push_str(&format!("    {id} [{shape}, label=\"{label}\"];\n"));
            }
            for (from, to, label, dashed) in &d.edges {
                if *dashed {
                    out.push_str(&format!(
                        "    {from} -> {to} [style=dashed, arrowhead=none];\n"
                    ));
                } else {
                    out.push_str(&format!(
                        "    {from} -> {to} [label=\"{}\"];\n",
                        dot_text(label).replace("\\l", " ")
                    ));
                }
            }
            out.push_str("}\n");
        }
    }
    out
}

/// The rulebook's decision as a Mermaid flowchart or a Graphviz digraph.
/// The decision under one source of truth (`trust`): a premise is not a question, so the
/// diagram shows the tree its rules give under that setting.
pub fn graph(
    rb: &Rulebook,
    format: Format,
    trust: crate::rulebook::Trust,
) -> Result<String, TooLarge> {
    let space = Space::new(rb, trust);
    let mut builder = Builder {
        space: &space,
        steps: 0,
    };
    let mut classes = vec![UNKNOWN; rb.questions.len()];
    let tree = builder.build(&mut classes, 0)?;
    let drawing = draw(&space, &tree);
    Ok(render(&drawing, format, &rb.id))
}
