//! A plan against the configuration it names as its implementation.

use super::{block_name, Findings, Reading};
use crate::answers::Answers;
use crate::plan::{Generic, Kind, PlanFinding, Said};
use crate::rulebook::{AnswerValue, Rulebook};
use crate::terraform::{Configuration, Value};
use crate::text::inline;
use crate::yaml::{Node, Pos, Value as YamlValue};

/// What a plan says, for comparing it with its implementation.
pub struct PlanSide<'p> {
    pub path: Option<(usize, Pos)>,
    /// Question → its answer and the line it is on.
    pub answers: Vec<(usize, AnswerValue, Pos)>,
    /// Settings key → its text (JSON for a mapping) and position.
    pub settings: Vec<(&'p str, String, Pos)>,
    /// The folder as the plan names it.
    pub folder: &'p str,
}

impl<'p> PlanSide<'p> {
    /// The plan `root`, whose path and answers the checker has read as valid.
    pub fn of(
        rb: &Rulebook,
        root: &'p Node,
        planned: usize,
        answers: &Answers,
        folder: &'p str,
    ) -> PlanSide<'p> {
        let path = root.get("path").map(|(_, v)| (planned, v.pos));
        let mut given = Vec::new();
        if let Some(entries) = root.get("answers").and_then(|(_, v)| v.as_map()) {
            for (key, node) in entries {
                let Some(q) = rb.questions.iter().position(|q| q.id == key.name) else {
                    continue;
                };
                if let Some(value) = answers.get(q) {
                    given.push((q, value, node.pos));
                }
            }
        }
        let mut settings = Vec::new();
        if let Some(entries) = root.get("settings").and_then(|(_, v)| v.as_map()) {
            for (key, node) in entries {
                let text = match &node.value {
                    YamlValue::Map(_) | YamlValue::Seq(_) => node_json(node).to_string(),
                    _ => match node.scalar_text() {
                        Some(text) => text,
                        None => continue,
                    },
                };
                settings.push((key.name.as_str(), text, node.pos));
            }
        }
        PlanSide {
            path,
            answers: given,
            settings,
            folder,
        }
    }
}

/// A YAML node as JSON, to compare a plan's event pattern with a Terraform one.
fn node_json(node: &Node) -> serde_json::Value {
    match &node.value {
        YamlValue::Null => serde_json::Value::Null,
        YamlValue::Bool(b) => serde_json::Value::Bool(*b),
        YamlValue::Int(i) => i64::try_from(*i).map_or(serde_json::json!(*i as f64), Into::into),
        YamlValue::Float(f) => serde_json::json!(*f),
        YamlValue::Str(s) => serde_json::Value::String(s.clone()),
        YamlValue::Seq(items) => items.iter().map(node_json).collect(),
        YamlValue::Map(entries) => entries
            .iter()
            .map(|(k, v)| (k.name.clone(), node_json(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}

/// The findings that a plan's implementation adds to the plan's report: its unreadable
/// files, its secrets, and where it disagrees with the plan (at the plan's line).
pub fn compare_with_plan(
    rb: &Rulebook,
    plan: &PlanSide,
    config: &Configuration,
) -> Vec<PlanFinding> {
    let reading = Reading::of(rb, config);
    let findings = Findings::of_files(rb, config, &reading);
    let folder = inline(plan.folder);
    let mut differ = Vec::new();
    if let (Some((planned, pos)), Some((declared, block))) = (plan.path, reading.path) {
        if planned != declared {
            differ.push((
                pos,
                Said::new(
                    format!(
                        "the plan chose {}, but its implementation {folder} declares {} (at {}), which carries out {}",
                        rb.outcomes[planned].id,
                        block_name(block),
                        findings.place(block.at),
                        rb.outcomes[declared].id
                    ),
                    format!(
                        "方案选择了 {}，但其实现 {folder} 声明了 {}（位于 {}），对应的路径是 {}",
                        rb.outcomes[planned].id,
                        block_name(block),
                        findings.place(block.at),
                        rb.outcomes[declared].id
                    ),
                ),
            ));
        }
    }
    for (question, answer, at) in &reading.answers {
        let Some((_, planned, pos)) = plan.answers.iter().find(|(q, ..)| q == question) else {
            continue;
        };
        if planned != answer {
            let q = &rb.questions[*question];
            let text = |v: &AnswerValue| crate::answers::AnswerText::of(q, *v).to_string();
            differ.push((
                *pos,
                Said::new(
                    format!(
                        "the plan answers `{}` with {}, but its implementation {folder} gives {} (at {})",
                        q.id,
                        text(planned),
                        text(answer),
                        findings.place(*at)
                    ),
                    format!(
                        "方案对 `{}` 的回答是 {}，但其实现 {folder} 给出的是 {}（位于 {}）",
                        q.id,
                        text(planned),
                        text(answer),
                        findings.place(*at)
                    ),
                ),
            ));
        }
    }
    for (key, value, _) in &reading.settings {
        let Some((_, planned, pos)) = plan.settings.iter().find(|(k, ..)| k == key) else {
            continue;
        };
        let declared = match &value.value {
            Value::Str(text) => text.clone(),
            Value::Number(text) => text.clone(),
            Value::Bool(b) => b.to_string(),
            _ => continue,
        };
        if !same_setting(planned, &declared) {
            // Neither value is quoted: either may be a secret.
            differ.push((
                *pos,
                Said::new(
                    format!(
                        "the plan's `settings.{}` differs from its implementation's (at {})",
                        inline(key),
                        findings.place(value.at)
                    ),
                    format!(
                        "方案的 `settings.{}` 与其实现中的值不同（位于 {}）",
                        inline(key),
                        findings.place(value.at)
                    ),
                ),
            ));
        }
    }
    let mut out = findings.framed().sorted();
    for (pos, said) in differ {
        out.push(PlanFinding {
            kind: Kind::Generic(Generic::ImplementationDiffers),
            severity: Generic::ImplementationDiffers.severity(),
            pos,
            said: Some(said),
            fix: None,
            acknowledged: None,
            frame: None,
            file: None,
        });
    }
    out
}

/// Whether two settings say the same: as JSON when both are JSON, else as trimmed text.
fn same_setting(a: &str, b: &str) -> bool {
    match (
        serde_json::from_str::<serde_json::Value>(a),
        serde_json::from_str::<serde_json::Value>(b),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => a.trim() == b.trim(),
    }
}
