//! What a configuration tells through the rulebook's `terraform` section, and the one
//! evaluator's view of it.

use std::cell::Cell;

use crate::eval::{PlanView, Tri, View};
use crate::rulebook::{AnswerValue, PlanPointer, Rulebook, SettingKind, Trust};
use crate::terraform::{Block, Configuration, Loc, Located, Value};

/// What a configuration tells, read through the rulebook's `terraform` section.
pub struct Reading<'c> {
    /// The outcome its resources carry out, and the block that says so.
    pub path: Option<(usize, &'c Block)>,
    /// Settings key → the first value found for it, in resource order.
    pub settings: Vec<(String, &'c Located, &'c Block)>,
    /// Question → the answer the configuration gives, and where.
    pub answers: Vec<(usize, AnswerValue, Loc)>,
    /// Mapped attributes whose value a static reading cannot know: where, and why.
    pub unknown: Vec<(Loc, String)>,
    /// Questions whose mapped attribute is unknown.
    unknown_answers: Vec<usize>,
    /// The blocks of mapped resource types, and the providers: the ones read.
    pub blocks: Vec<&'c Block>,
}

impl<'c> Reading<'c> {
    pub fn of(rb: &Rulebook, config: &'c Configuration) -> Reading<'c> {
        let map = &rb.terraform;
        let mut reading = Reading {
            path: None,
            settings: Vec::new(),
            answers: Vec::new(),
            unknown: Vec::new(),
            unknown_answers: Vec::new(),
            blocks: Vec::new(),
        };
        for block in &config.blocks {
            let mapped = match block.kind.as_str() {
                "resource" => block
                    .labels
                    .first()
                    .and_then(|kind| map.resource(kind))
                    .is_some(),
                "provider" => true,
                _ => false,
            };
            if mapped {
                reading.blocks.push(block);
            }
        }
        // The path: the first type of the section's list that the configuration declares.
        reading.path = map.resources.iter().find_map(|r| {
            let outcome = r.outcome?;
            let block = reading.blocks.iter().find(|b| is_resource(b, &r.kind))?;
            Some((outcome, *block))
        });
        for resource in &map.resources {
            for block in reading
                .blocks
                .iter()
                .filter(|b| is_resource(b, &resource.kind))
            {
                for (key, attribute) in &resource.settings {
                    let Some(value) = attribute_in(&block.body, attribute) else {
                        continue;
                    };
                    if let Value::Unknown(why) = &value.value {
                        reading.unknown.push((value.at, why.clone()));
                    }
                    if !reading.settings.iter().any(|(k, ..)| k == key) {
                        reading.settings.push((key.clone(), value, block));
                    }
                }
            }
        }
        for answer in &map.answers {
            if reading.answers.iter().any(|(q, ..)| *q == answer.question) {
                continue;
            }
            let question = &rb.questions[answer.question];
            let found = reading.blocks.iter().find_map(|b| {
                if !block_is(b, &answer.block) {
                    return None;
                }
                attribute_in(&b.body, &answer.attribute)
            });
            let Some(found) = found else { continue };
            let value = match (&found.value, answer.value) {
                (Value::Null, _) => continue,
                (Value::Unknown(why), _) => {
                    reading.unknown.push((found.at, why.clone()));
                    reading.unknown_answers.push(answer.question);
                    continue;
                }
                (_, Some(given)) => Some(given),
                (Value::Str(text), None) => question.read_text(text).ok().or(answer.otherwise),
                (Value::Bool(b), None) => question
                    .read_text(if *b { "yes" } else { "no" })
                    .ok()
                    .or(answer.otherwise),
                (Value::Number(text), None) => question.read_text(text).ok().or(answer.otherwise),
                _ => answer.otherwise,
            };
            if let Some(value) = value {
                reading.answers.push((answer.question, value, found.at));
            }
        }
        reading
    }

    /// Setting `key` as seen from `focus`: the focus block's own attribute when its type
    /// maps the key (missing when it lacks it), else the first value in the configuration.
    /// `Err` carries the block that should have had it.
    fn setting(
        &self,
        rb: &Rulebook,
        focus: Option<&'c Block>,
        key: &str,
    ) -> Result<&'c Located, Option<&'c Block>> {
        if let Some(block) = focus {
            let mapped = block
                .labels
                .first()
                .and_then(|kind| rb.terraform.resource(kind))
                .and_then(|r| r.settings.iter().find(|(k, _)| k == key));
            if let Some((_, attribute)) = mapped {
                return attribute_in(&block.body, attribute).ok_or(Some(block));
            }
        }
        self.settings
            .iter()
            .find(|(k, ..)| k == key)
            .map(|(_, v, _)| *v)
            .ok_or(None)
    }

    /// Where a finding that is `at` these pointers sits in the configuration, seen from
    /// `focus`: the first one the configuration has.
    pub(super) fn locate(
        &self,
        rb: &Rulebook,
        focus: Option<&'c Block>,
        at: &[PlanPointer],
    ) -> Option<Loc> {
        for pointer in at {
            match pointer {
                PlanPointer::Setting(key) => match self.setting(rb, focus, key) {
                    Ok(value) => return Some(value.at),
                    Err(Some(block)) => return Some(block.at),
                    Err(None) => {}
                },
                PlanPointer::Answer(question) => {
                    if let Some((.., at)) = self.answers.iter().find(|(q, ..)| q == question) {
                        return Some(*at);
                    }
                }
                PlanPointer::Path => {
                    if let Some((_, block)) = self.path {
                        return Some(block.at);
                    }
                }
                PlanPointer::Answers | PlanPointer::Settings => {}
            }
        }
        None
    }
}

fn is_resource(block: &Block, kind: &str) -> bool {
    block.kind == "resource" && block.labels.first().is_some_and(|l| l == kind)
}

/// Whether `block` is the one a `terraform.answers` entry names: a resource type, or
/// `provider.NAME`.
fn block_is(block: &Block, named: &str) -> bool {
    match named.strip_prefix("provider.") {
        Some(provider) => {
            block.kind == "provider" && block.labels.first().is_some_and(|l| l == provider)
        }
        None => is_resource(block, named),
    }
}

/// The value at a dotted attribute path; through a list of nested blocks, the first
/// block's.
fn attribute_in<'v>(body: &'v [(String, Located)], path: &[String]) -> Option<&'v Located> {
    let (first, rest) = path.split_first()?;
    let (_, value) = body.iter().find(|(k, _)| k == first)?;
    if rest.is_empty() {
        return Some(value);
    }
    match &value.value {
        Value::Object(entries) => attribute_in(entries, rest),
        Value::List(items) => items.iter().find_map(|item| match &item.value {
            Value::Object(entries) => attribute_in(entries, rest),
            _ => None,
        }),
        Value::Unknown(_) => Some(value),
        _ => None,
    }
}

/// Missing for a condition, as a plan's setting is: null, blank text, an empty list or
/// object, and for a JSON-object setting a text that is the empty JSON object.
fn is_empty(value: &Value, kind: Option<SettingKind>) -> bool {
    match value {
        Value::Null => true,
        Value::Str(text) if text.trim().is_empty() => true,
        Value::Str(text) if kind == Some(SettingKind::JsonObject) => {
            matches!(serde_json::from_str::<serde_json::Value>(text), Ok(serde_json::Value::Object(map)) if map.is_empty())
        }
        Value::List(items) => items.is_empty(),
        Value::Object(entries) => entries.is_empty(),
        _ => false,
    }
}

/// The configuration as the one evaluator sees it: the answers it gives known, every
/// other answer unknown, no recommendation (it takes the team's answers), the path its
/// resources carry out as the planned one, and its settings.
pub(super) struct TerraformView<'r, 'c> {
    rb: &'r Rulebook,
    reading: &'r Reading<'c>,
    /// The resource whose settings come first (see [`Reading::setting`]).
    focus: Option<&'c Block>,
    trust: Trust,
    /// Set when a condition asked for a value that the configuration does not let a
    /// static reading know.
    read_unknown: Cell<bool>,
}

impl<'r, 'c> TerraformView<'r, 'c> {
    pub(super) fn new(
        rb: &'r Rulebook,
        reading: &'r Reading<'c>,
        focus: Option<&'c Block>,
        trust: Trust,
    ) -> Self {
        TerraformView {
            rb,
            reading,
            focus,
            trust,
            read_unknown: Cell::new(false),
        }
    }

    /// Whether a condition asked for a value that a static reading cannot know.
    pub(super) fn read_unknown(&self) -> bool {
        self.read_unknown.get()
    }
}

impl View for TerraformView<'_, '_> {
    fn answer(&self, question: usize) -> Option<Option<AnswerValue>> {
        if let Some((_, value, _)) = self.reading.answers.iter().find(|(q, ..)| *q == question) {
            return Some(Some(*value));
        }
        if self.reading.unknown_answers.contains(&question) {
            self.read_unknown.set(true);
        }
        None
    }

    fn outcome(&self) -> Option<Option<usize>> {
        None
    }

    fn plan(&self) -> PlanView {
        PlanView::Planned(self.reading.path.map(|(outcome, _)| outcome))
    }

    fn setting_missing(&self, key: &str) -> Tri {
        let kind = self
            .rb
            .settings
            .iter()
            .find(|d| d.key == key)
            .map(|d| d.kind);
        match self
            .reading
            .setting(self.rb, self.focus, key)
            .map(|v| &v.value)
        {
            Err(_) => Some(true),
            Ok(Value::Unknown(_)) => {
                self.read_unknown.set(true);
                None
            }
            Ok(value) => Some(is_empty(value, kind)),
        }
    }

    fn premise(&self, p: usize) -> Tri {
        Some(self.rb.premises[p].holds(self.trust))
    }
}
