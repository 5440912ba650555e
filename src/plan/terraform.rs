//! Checking a Terraform configuration: what the rulebook's `terraform` section says its
//! resources mean (a path, settings, answers), the literal secrets in them, and the
//! rulebook's findings that this much decides. What a static reading cannot know stays
//! unknown: a finding that would need it is not reported, and one note per
//! configuration says so.
//!
//! A plan that names its configuration (`implemented-by`) gets, besides its own
//! findings, the configuration's secrets and every place where the two disagree.

use std::cell::Cell;

use super::credentials;
use super::{Generic, Kind, PlanFinding, PlanReport, Said};
use crate::answers::Answers;
use crate::engine;
use crate::eval::{PlanView, Tri, View};
use crate::rulebook::{AnswerValue, PlanPointer, Rulebook, SettingKind, Trust};
use crate::terraform::{Block, Configuration, Loc, Located, Value};
use crate::text::inline;
use crate::yaml::{Node, Pos, Value as YamlValue};

/// The comment that acknowledges a finding in a configuration:
/// `# eb-advisor: acknowledge ID — reason` (or `-`, `:` before the reason).
const ACKNOWLEDGE: &str = "eb-advisor: acknowledge";

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
    fn locate(&self, rb: &Rulebook, focus: Option<&'c Block>, at: &[PlanPointer]) -> Option<Loc> {
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
struct TerraformView<'r, 'c> {
    rb: &'r Rulebook,
    reading: &'r Reading<'c>,
    /// The resource whose settings come first (see [`Reading::setting`]).
    focus: Option<&'c Block>,
    trust: Trust,
    /// Set when a condition asked for a value that the configuration does not let a
    /// static reading know.
    read_unknown: Cell<bool>,
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

/// Builds the findings of one configuration (or of the configuration a plan names).
struct Findings<'a> {
    rb: &'a Rulebook,
    config: &'a Configuration,
    findings: Vec<PlanFinding>,
}

impl<'a> Findings<'a> {
    /// What the files themselves hold, whoever reads them: the ones that cannot be read,
    /// and literal secrets.
    fn of_files(rb: &'a Rulebook, config: &'a Configuration, reading: &Reading) -> Findings<'a> {
        let mut findings = Findings {
            rb,
            config,
            findings: Vec::new(),
        };
        findings.problems();
        findings.secrets(reading);
        findings
    }

    fn push(
        &mut self,
        kind: Kind,
        severity: crate::rulebook::Severity,
        at: Loc,
        said: Option<Said>,
    ) {
        // A problem of a file as a whole (too large) has no position: a finding has one in
        // every format, the file's top.
        let pos = if at.pos == Pos::NONE {
            Pos::START
        } else {
            at.pos
        };
        self.findings.push(PlanFinding {
            kind,
            severity,
            pos,
            said,
            fix: None,
            acknowledged: None,
            frame: None,
            file: Some(self.file(at)),
        });
    }

    fn generic(&mut self, g: Generic, at: Loc, said: Said) {
        self.push(Kind::Generic(g), g.severity(), at, Some(said));
    }

    fn file(&self, at: Loc) -> String {
        self.config
            .files
            .get(at.file)
            .map(|f| crate::fsutil::display_path(&f.path))
            .unwrap_or_default()
    }

    /// `file:line` of `at`, for a message.
    fn place(&self, at: Loc) -> String {
        format!("{}:{}", self.file(at), at.pos.line)
    }

    fn problems(&mut self) {
        for (at, message) in &self.config.problems {
            let said = Said::new(
                format!("cannot read the Terraform file: {message}"),
                format!("无法读取 Terraform 文件：{message}"),
            );
            self.generic(Generic::InvalidTerraform, *at, said);
        }
    }

    /// Literal secrets in the blocks read: a value under a secret-like attribute, or a
    /// URL with a credential in it, wherever the value is written (a variable default,
    /// a .tfvars file, the attribute itself). The value is never quoted.
    fn secrets(&mut self, reading: &Reading) {
        for block in &reading.blocks {
            let name = block_name(block);
            let mut found = Vec::new();
            walk_strings(&block.body, &mut Vec::new(), &mut |path, text, at| {
                let key = path.last().map(|k| k.replace('_', "-")).unwrap_or_default();
                let what = if self.rb.is_secret_key(&key) && !text.trim().is_empty() {
                    Some(("holds a literal value", "中写入了明文值"))
                } else if !credentials::in_value(self.rb, text).is_empty() {
                    Some((
                        "holds a URL with a credential in it (a password, a secret-like parameter, or a token the rulebook names)",
                        "中的 URL 含有凭据（密码、类似密钥的参数，或规则库指明的令牌）",
                    ))
                } else {
                    None
                };
                if let Some(what) = what {
                    found.push((path.join("."), what, at));
                }
            });
            for (path, (en, zh), at) in found {
                if self.findings.iter().any(|f| {
                    f.kind == Kind::Generic(Generic::PlaintextSecret)
                        && f.pos == at.pos
                        && f.file.as_deref() == Some(self.file(at).as_str())
                }) {
                    continue;
                }
                let said = Said::new(
                    format!(
                        "{name}: `{}` {en}; a secret must reach Terraform from outside the repository (a variable without a default, set from the environment or a secret store), and the value is not shown here",
                        inline(&path)
                    ),
                    format!(
                        "{name}：`{}` {zh}；密钥必须从仓库之外传给 Terraform（不设默认值的变量，由环境变量或密钥管理服务提供），此处不显示该值",
                        inline(&path)
                    ),
                );
                self.generic(Generic::PlaintextSecret, at, said);
                if let Some(f) = self.findings.last_mut() {
                    f.fix = Some(Said::new(
                        "Remove the value from the file (and rotate it if it was committed); give Terraform the value from outside the repository: a variable without a default, set with TF_VAR_NAME or from a secret store, marked `sensitive = true`.",
                        "从文件中删除该值（如已提交，请轮换）；改为从仓库之外向 Terraform 提供该值：不设默认值的变量，通过 TF_VAR_NAME 或密钥管理服务设置，并标记 `sensitive = true`。",
                    ));
                }
            }
        }
    }

    /// The rulebook's findings that the configuration alone decides: once for each
    /// resource that gives settings (two rules are two event patterns), each finding once
    /// at each place.
    fn rulebook_findings(&mut self, reading: &Reading, trust: Trust) {
        let rb = self.rb;
        let mut focuses: Vec<Option<&Block>> = reading
            .blocks
            .iter()
            .filter(|b| {
                b.kind == "resource"
                    && b.labels
                        .first()
                        .and_then(|kind| rb.terraform.resource(kind))
                        .is_some_and(|r| !r.settings.is_empty())
            })
            .map(|b| Some(*b))
            .collect();
        if focuses.is_empty() {
            focuses.push(None);
        }
        let fallback = reading
            .blocks
            .iter()
            .find(|b| b.kind == "resource")
            .map(|b| b.at);
        let mut read_unknown = false;
        // (finding, where it is placed: `None` for a fact of the whole configuration).
        let mut seen: Vec<(usize, Option<Loc>)> = Vec::new();
        for focus in focuses {
            let view = TerraformView {
                rb,
                reading,
                focus,
                trust,
                read_unknown: Cell::new(false),
            };
            for f in engine::findings_on(rb, &view) {
                let def = &rb.findings[f.finding];
                let Some(at) = reading.locate(rb, focus, &def.at).or(fallback) else {
                    continue;
                };
                // A finding that tests settings is one per place it is found at (two
                // rules, two patterns); any other is one fact of the whole configuration.
                let mut read = Vec::new();
                def.when.settings_keys(&mut read);
                let key = (f.finding, (!read.is_empty()).then_some(at));
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                self.push(Kind::Rule(f.finding), f.severity, at, None);
            }
            read_unknown |= view.read_unknown.get();
        }
        if read_unknown {
            if let Some((first, _)) = reading.unknown.first() {
                let shown: Vec<String> = reading
                    .unknown
                    .iter()
                    .take(3)
                    .map(|(at, why)| format!("{} ({})", why, self.place(*at)))
                    .collect();
                let more = reading.unknown.len().saturating_sub(3);
                let more_en = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                let more_zh = if more > 0 {
                    format!("等另外 {more} 处")
                } else {
                    String::new()
                };
                let said = Said::new(
                    format!(
                        "{} value(s) of the configuration cannot be known without running terraform: {}{more_en}; findings that need them are not reported",
                        reading.unknown.len(),
                        shown.join(", ")
                    ),
                    format!(
                        "配置中有 {} 个值不运行 terraform 就无法得知：{}{more_zh}；依赖这些值的发现项不予报告",
                        reading.unknown.len(),
                        shown.join("，")
                    ),
                );
                self.generic(Generic::UnreadTerraformValues, *first, said);
            }
        }
    }

    /// Acknowledgements written as comments on the blocks read.
    fn acknowledge(&mut self, reading: &Reading) {
        let rb = self.rb;
        let mut given: Vec<(String, String, Loc)> = Vec::new();
        for block in &reading.blocks {
            for (at, text) in &block.comments {
                if let Some((id, reason)) = acknowledgement(text) {
                    given.push((id, reason, *at));
                }
            }
        }
        for (id, reason, at) in given {
            let mut used = false;
            for f in &mut self.findings {
                if f.id(rb) == id && f.acknowledged.is_none() && acknowledgeable(f.kind) {
                    f.acknowledged = Some(reason.clone());
                    used = true;
                }
            }
            if !used {
                let said = Said::new(
                    format!(
                        "the comment acknowledges `{}`, which does not occur in this configuration",
                        inline(&id)
                    ),
                    format!("注释确认了 `{}`，但该发现项并未出现在此配置中", inline(&id)),
                );
                self.generic(Generic::UnusedAcknowledgement, at, said);
            }
        }
    }

    fn sorted(mut self) -> Vec<PlanFinding> {
        self.findings.sort_by(|a, b| {
            (a.file.as_deref(), a.pos, std::cmp::Reverse(a.severity)).cmp(&(
                b.file.as_deref(),
                b.pos,
                std::cmp::Reverse(b.severity),
            ))
        });
        self.findings
    }
}

fn acknowledgeable(kind: Kind) -> bool {
    match kind {
        Kind::Rule(_) => true,
        Kind::Generic(g) => g.acknowledgeable(),
    }
}

/// `ID — reason` from `eb-advisor: acknowledge ID — reason`.
fn acknowledgement(comment: &str) -> Option<(String, String)> {
    let rest = comment.trim().strip_prefix(ACKNOWLEDGE)?.trim();
    let id_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
    let (id, reason) = rest.split_at(id_end);
    let reason = reason
        .trim()
        .trim_start_matches(['—', '–', '-', ':'])
        .trim();
    (!id.is_empty()).then(|| (id.to_string(), reason.to_string()))
}

/// `alicloud_event_bridge_rule.orders` (with its module, if any).
fn block_name(block: &Block) -> String {
    let name = block.labels.join(".");
    let name = if block.kind == "resource" {
        name
    } else {
        format!("{}.{name}", block.kind)
    };
    match block.module.is_empty() {
        true => format!("`{}`", inline(&name)),
        false => format!("`{}.{}`", inline(&block.module), inline(&name)),
    }
}

fn walk_strings<'v>(
    body: &'v [(String, Located)],
    path: &mut Vec<&'v str>,
    found: &mut dyn FnMut(&[&str], &str, Loc),
) {
    for (key, value) in body {
        path.push(key);
        walk_value(value, path, found);
        path.pop();
    }
}

fn walk_value<'v>(
    value: &'v Located,
    path: &mut Vec<&'v str>,
    found: &mut dyn FnMut(&[&str], &str, Loc),
) {
    match &value.value {
        Value::Str(text) => found(path, text, value.at),
        Value::List(items) => items.iter().for_each(|i| walk_value(i, path, found)),
        Value::Object(entries) => walk_strings(entries, path, found),
        _ => {}
    }
}

/// Checks a configuration that no plan names. `name` is what the report calls it (its
/// folder); `None` when it declares nothing the rulebook maps (it adds nothing).
pub fn check_configuration(
    rb: &Rulebook,
    name: &str,
    config: &Configuration,
    trust: Trust,
) -> Option<PlanReport> {
    let reading = Reading::of(rb, config);
    let mapped = reading.blocks.iter().any(|b| b.kind == "resource");
    if !mapped && config.problems.is_empty() {
        return None;
    }
    let mut findings = Findings::of_files(rb, config, &reading);
    findings.rulebook_findings(&reading, trust);
    findings.acknowledge(&reading);
    Some(PlanReport {
        file: name.to_string(),
        planned: reading.path.map(|(o, _)| rb.outcomes[o].id.clone()),
        findings: findings.sorted(),
        next_steps: Vec::new(),
        trust,
        under_other_trust: None,
    })
}

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
    let mut out = findings.sorted();
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
