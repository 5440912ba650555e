//! Looking things up in a plan: a setting by key or dotted path, what counts as missing
//! or as a reference to a secret, and where a rulebook finding points.

use crate::engine::Settings;
use crate::rulebook::{PlanPointer, Rulebook};
use crate::yaml::{Name, Node, Pos, Value};

/// A plan's `settings:` mapping, as the engine's conditions see it.
pub(super) struct PlanSettings<'a>(pub(super) Option<&'a Node>);

impl Settings for PlanSettings<'_> {
    fn is_missing(&self, key: &str) -> bool {
        self.0
            .and_then(|s| setting(s, key))
            .is_none_or(|(_, v)| is_empty(v))
    }
}

/// Finds a settings key: the key as written at the top level, else a dotted path
/// (`database.password`) into nested mappings.
pub(super) fn setting<'a>(settings: &'a Node, key: &str) -> Option<(&'a Name, &'a Node)> {
    if let Some(found) = settings.get(key) {
        return Some(found);
    }
    let mut parts = key.split('.');
    let mut found = settings.get(parts.next()?)?;
    for part in parts {
        found = found.1.get(part)?;
    }
    Some(found)
}

/// Missing for a condition: null, or an empty (or blank) string, list or mapping.
fn is_empty(node: &Node) -> bool {
    match &node.value {
        Value::Null => true,
        Value::Str(s) => s.trim().is_empty(),
        Value::Seq(items) => items.is_empty(),
        Value::Map(entries) => entries.is_empty(),
        _ => false,
    }
}

/// A literal value where a secret stands: not empty, not a reference.
pub(super) fn is_literal_secret(node: &Node) -> bool {
    match &node.value {
        Value::Null => false,
        Value::Str(s) => {
            let s = s.trim();
            !s.is_empty() && !is_reference(s)
        }
        Value::Bool(_) | Value::Int(_) | Value::Float(_) => true,
        Value::Seq(_) | Value::Map(_) => false,
    }
}

/// `${ENV_VAR}` or `secret-ref:NAME`.
pub fn is_reference(value: &str) -> bool {
    if let Some(var) = value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
        return !var.is_empty()
            && !var.starts_with(|c: char| c.is_ascii_digit())
            && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    }
    if let Some(name) = value.strip_prefix("secret-ref:") {
        return !name.trim().is_empty() && !name.chars().any(char::is_whitespace);
    }
    false
}

/// Where a rulebook finding points in a plan: the first of its `at` places that the plan
/// has; else the mapping that lacks the key; else `path:`; else the top of the file.
pub(super) fn locate(rb: &Rulebook, root: &Node, at: &[PlanPointer]) -> Pos {
    let answers = root.get("answers");
    let settings = root.get("settings");
    for pointer in at {
        let found = match pointer {
            PlanPointer::Path => root.get("path").map(|(k, _)| k.pos),
            PlanPointer::Answers => answers.map(|(k, _)| k.pos),
            PlanPointer::Settings => settings.map(|(k, _)| k.pos),
            PlanPointer::Answer(q) => answers
                .and_then(|(_, a)| a.get(&rb.questions[*q].id))
                .map(|(k, _)| k.pos),
            PlanPointer::Setting(key) => settings
                .and_then(|(_, s)| setting(s, key))
                .map(|(k, _)| k.pos),
        };
        if let Some(pos) = found {
            return pos;
        }
    }
    let enclosing = at.iter().find_map(|p| match p {
        PlanPointer::Answer(_) => answers.map(|(k, _)| k.pos),
        PlanPointer::Setting(_) => settings.map(|(k, _)| k.pos),
        _ => None,
    });
    enclosing
        .or_else(|| root.get("path").map(|(k, _)| k.pos))
        .unwrap_or(Pos::START)
}
