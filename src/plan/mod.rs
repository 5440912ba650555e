//! Plan files (`*.eb-plan.yaml`): the path a team chose, the answers it was chosen on,
//! and the settings the rulebook's findings inspect.
//!
//! `template` writes a plan for a verdict (for `ask --save-plan`); the rest of this
//! module checks plan files.

mod frames;
mod redact;
mod suggest;
mod template;

use frames::add_frames;
use suggest::{did_you_mean, nearest};
pub use template::template;

use std::io::Read;

use crate::answers::Answers;
use crate::engine::{self, PlanContext, Settings};
use crate::i18n::tr;
use crate::rulebook::{PlanPointer, Rulebook, Severity};
use crate::text::{inline, Lang};
use crate::yaml::{self, Diagnostic, Limits, Name, Node, Pos, Value};

/// The top-level keys of a plan file.
pub const PLAN_KEYS: &[&str] = &["path", "answers", "settings", "acknowledge", "rulebook"];

/// Whether a settings key names a secret (case-insensitive substring of a secret key).
pub fn is_secret_key(rb: &Rulebook, key: &str) -> bool {
    rb.is_secret_key(key)
}

// ---------------------------------------------------------------------------------------
// Checking a plan
// ---------------------------------------------------------------------------------------

/// The findings that belong to the plan check itself rather than to a rulebook: their
/// ids and texts are the tool's, in every rulebook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Generic {
    InvalidPlan,
    PlaintextSecret,
    RulebookVersionMismatch,
    UnusedAcknowledgement,
}

impl Generic {
    pub const ALL: [Generic; 4] = [
        Generic::InvalidPlan,
        Generic::PlaintextSecret,
        Generic::RulebookVersionMismatch,
        Generic::UnusedAcknowledgement,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Generic::InvalidPlan => "invalid-plan",
            Generic::PlaintextSecret => "plaintext-secret",
            Generic::RulebookVersionMismatch => "rulebook-version-mismatch",
            Generic::UnusedAcknowledgement => "unused-acknowledgement",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Generic::InvalidPlan | Generic::PlaintextSecret => Severity::Error,
            Generic::RulebookVersionMismatch | Generic::UnusedAcknowledgement => Severity::Warning,
        }
    }

    /// Whether a plan may acknowledge it (a broken plan or a stale acknowledgement may not).
    pub fn acknowledgeable(self) -> bool {
        matches!(
            self,
            Generic::PlaintextSecret | Generic::RulebookVersionMismatch
        )
    }

    /// One line on what the finding is about.
    pub fn summary(self, lang: Lang) -> &'static str {
        match self {
            Generic::InvalidPlan => tr(
                lang,
                "The plan file cannot be read or parsed, or breaks the plan schema.",
                "方案文件无法读取或解析，或不符合方案格式。",
            ),
            Generic::PlaintextSecret => tr(
                lang,
                "A settings value under a secret-like key holds a literal value instead of a reference.",
                "类似密钥的设置项中写入了明文值，而不是引用。",
            ),
            Generic::RulebookVersionMismatch => tr(
                lang,
                "The plan was written against another rulebook or rulebook version than the one checking it.",
                "方案编写时依据的规则库或其版本与当前检查所用的不同。",
            ),
            Generic::UnusedAcknowledgement => tr(
                lang,
                "The plan acknowledges a finding that does not occur.",
                "方案确认了一个并未出现的发现。",
            ),
        }
    }

    /// What to do about it.
    pub fn remedy(self, lang: Lang) -> &'static str {
        match self {
            Generic::InvalidPlan => tr(
                lang,
                "Fix the file at the line shown. A plan has the keys path and answers (required), settings, acknowledge and rulebook (optional); `eb-advisor ask --save-plan FILE` writes a valid one.",
                "按所示行修正文件。方案包含 path 和 answers（必填），以及 settings、acknowledge 和 rulebook（可选）；`eb-advisor ask --save-plan FILE` 可生成有效的方案。",
            ),
            Generic::PlaintextSecret => tr(
                lang,
                "Remove the value from the file (and rotate it if it was committed); reference it as ${ENV_VAR} or secret-ref:NAME instead.",
                "从文件中删除该值（如已提交，请轮换该密钥），改用 ${ENV_VAR} 或 secret-ref:NAME 引用。",
            ),
            Generic::RulebookVersionMismatch => tr(
                lang,
                "Review the plan against the current rulebook (`eb-advisor recommend` with the plan's answers), then update `rulebook:` in the plan.",
                "请依据当前规则库重新审视方案（用方案中的回答运行 `eb-advisor recommend`），然后更新方案中的 `rulebook:`。",
            ),
            Generic::UnusedAcknowledgement => tr(
                lang,
                "Remove the entry from `acknowledge:` so that the finding fails the check again if it comes back.",
                "从 `acknowledge:` 中删除该条目，以便该发现再次出现时检查会重新失败。",
            ),
        }
    }

    pub fn from_id(id: &str) -> Option<Generic> {
        Generic::ALL.into_iter().find(|g| g.id() == id)
    }
}

/// What a finding in a plan is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A finding of the rulebook (index into `Rulebook::findings`).
    Rule(usize),
    Generic(Generic),
}

/// A message of the tool's own, in each language it speaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Said {
    pub en: String,
    pub zh: String,
}

impl Said {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Said {
        Said {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// A finding in a plan, with where it points.
#[derive(Clone, Debug)]
pub struct PlanFinding {
    pub kind: Kind,
    pub severity: Severity,
    pub pos: Pos,
    /// The message of a generic finding (rulebook findings use the rulebook's text).
    pub said: Option<Said>,
    /// The plan's reason, when the plan acknowledges the finding.
    pub acknowledged: Option<String>,
    /// The offending line (number, text with secrets masked), when frames were asked for.
    pub frame: Option<(u32, String)>,
}

impl PlanFinding {
    pub fn id<'a>(&self, rb: &'a Rulebook) -> &'a str {
        match self.kind {
            Kind::Rule(i) => &rb.findings[i].id,
            Kind::Generic(g) => g.id(),
        }
    }

    pub fn message<'a>(&'a self, rb: &'a Rulebook, lang: Lang) -> &'a str {
        match (&self.said, self.kind) {
            (Some(said), _) => said.get(lang),
            (None, Kind::Rule(i)) => rb.findings[i].message.get(lang),
            (None, Kind::Generic(g)) => g.summary(lang),
        }
    }

    pub fn remedy<'a>(&self, rb: &'a Rulebook, lang: Lang) -> Option<&'a str> {
        match self.kind {
            Kind::Rule(i) => rb.findings[i].remedy.as_ref().map(|t| t.get(lang)),
            // Each problem's message already says what is expected there.
            Kind::Generic(Generic::InvalidPlan) => None,
            Kind::Generic(g) => Some(g.remedy(lang)),
        }
    }

    pub fn source<'a>(&self, rb: &'a Rulebook, lang: Lang) -> Option<&'a str> {
        match self.kind {
            Kind::Rule(i) => rb.findings[i].source.as_ref().map(|t| t.get(lang)),
            Kind::Generic(_) => None,
        }
    }

    /// Whether this finding makes the plan fail at `threshold` (`None`: never).
    pub fn fails(&self, threshold: Option<Severity>) -> bool {
        self.acknowledged.is_none() && threshold.is_some_and(|t| self.severity >= t)
    }
}

/// The result of checking one plan file.
#[derive(Clone, Debug)]
pub struct PlanReport {
    /// The file as the user named it (or as found under a folder).
    pub file: String,
    /// The planned outcome id, when the plan names a valid one.
    pub planned: Option<String>,
    /// Sorted by position.
    pub findings: Vec<PlanFinding>,
}

impl PlanReport {
    pub fn passed(&self, threshold: Option<Severity>) -> bool {
        !self.findings.iter().any(|f| f.fails(threshold))
    }
}

/// A plan's `settings:` mapping, as the engine's conditions see it.
struct PlanSettings<'a>(Option<&'a Node>);

impl Settings for PlanSettings<'_> {
    fn is_missing(&self, key: &str) -> bool {
        self.0
            .and_then(|s| setting(s, key))
            .is_none_or(|(_, v)| is_empty(v))
    }
}

/// Finds a settings key: the key as written at the top level, else a dotted path
/// (`database.password`) into nested mappings.
fn setting<'a>(settings: &'a Node, key: &str) -> Option<(&'a Name, &'a Node)> {
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

/// What a plan file was read from.
#[derive(Clone, Debug)]
pub enum Source {
    File(std::path::PathBuf),
    Stdin,
    /// The file could not even be listed (an unreadable folder, say).
    Unreadable(String),
}

/// The name shown for standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Reads a plan's text, refusing anything over the size cap or not UTF-8.
pub fn read(source: &Source, name: &str, limits: Limits) -> Result<String, Diagnostic> {
    match source {
        Source::File(path) => yaml::read_text(path, limits),
        Source::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(limits.max_bytes + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| Diagnostic::new(name, Pos::START, yaml::io_message(&e)))?;
            if bytes.len() as u64 > limits.max_bytes {
                return Err(Diagnostic::new(
                    name,
                    Pos::START,
                    format!(
                        "is larger than the limit of {} bytes; raise the limit with --max-file-size if the file is genuine",
                        limits.max_bytes
                    ),
                ));
            }
            yaml::decode_text(name, bytes)
        }
        Source::Unreadable(message) => Err(Diagnostic::new(name, Pos::START, message.clone())),
    }
}

/// Reads and checks one plan. Never fails: every problem becomes a finding.
pub fn check_source(
    rb: &Rulebook,
    name: &str,
    source: &Source,
    limits: Limits,
    frames: bool,
) -> PlanReport {
    match read(source, name, limits) {
        Ok(text) => check_text(rb, name, &text, limits, frames),
        Err(d) => unreadable(name, d),
    }
}

/// Checks a plan given as raw bytes, as a file or standard input would give them: over
/// the size cap or not UTF-8 is an `invalid-plan` finding like any other. Never fails.
pub fn check_bytes(
    rb: &Rulebook,
    name: &str,
    bytes: &[u8],
    limits: Limits,
    frames: bool,
) -> PlanReport {
    if bytes.len() as u64 > limits.max_bytes {
        let d = Diagnostic::new(
            name,
            Pos::START,
            format!(
                "is larger than the limit of {} bytes; raise the limit with --max-file-size if the file is genuine",
                limits.max_bytes
            ),
        );
        return unreadable(name, d);
    }
    match yaml::decode_text(name, bytes.to_vec()) {
        Ok(text) => check_text(rb, name, &text, limits, frames),
        Err(d) => unreadable(name, d),
    }
}

/// The report of a plan that could not be read.
fn unreadable(name: &str, d: Diagnostic) -> PlanReport {
    PlanReport {
        file: name.to_string(),
        planned: None,
        findings: vec![invalid(
            d.pos,
            Said::new(
                format!("cannot read the plan: {}", d.message),
                format!("无法读取方案：{}", d.message),
            ),
        )],
    }
}

fn invalid(pos: Pos, said: Said) -> PlanFinding {
    PlanFinding {
        kind: Kind::Generic(Generic::InvalidPlan),
        severity: Severity::Error,
        pos,
        said: Some(said),
        acknowledged: None,
        frame: None,
    }
}

/// Checks the text of one plan file.
pub fn check_text(
    rb: &Rulebook,
    name: &str,
    text: &str,
    limits: Limits,
    frames: bool,
) -> PlanReport {
    let parsed = yaml::parse::<Node>(name, text, limits);
    let mut report = match &parsed {
        Ok(root) => Checker::new(rb).check(root),
        Err(d) => PlanReport {
            file: String::new(),
            planned: None,
            findings: vec![invalid(
                d.pos,
                Said::new(
                    format!("not valid YAML: {}", d.message),
                    format!("不是有效的 YAML：{}", d.message),
                ),
            )],
        },
    };
    report.file = name.to_string();
    report
        .findings
        .sort_by_key(|f| (f.pos, std::cmp::Reverse(f.severity)));
    if frames {
        add_frames(rb, text, parsed.as_ref().ok(), &mut report.findings);
    }
    if let Ok(root) = &parsed {
        redact::redact(rb, root, &mut report.findings);
    }
    report
}

struct Checker<'a> {
    rb: &'a Rulebook,
    findings: Vec<PlanFinding>,
}

impl<'a> Checker<'a> {
    fn new(rb: &'a Rulebook) -> Self {
        Checker {
            rb,
            findings: Vec::new(),
        }
    }

    fn invalid(&mut self, pos: Pos, en: String, zh: String) {
        self.findings.push(invalid(pos, Said::new(en, zh)));
    }

    fn generic(&mut self, g: Generic, pos: Pos, said: Said) {
        self.findings.push(PlanFinding {
            kind: Kind::Generic(g),
            severity: g.severity(),
            pos,
            said: Some(said),
            acknowledged: None,
            frame: None,
        });
    }

    fn check(mut self, root: &Node) -> PlanReport {
        let rb = self.rb;
        let entries = match &root.value {
            Value::Map(entries) => entries.as_slice(),
            Value::Null => {
                self.invalid(
                    Pos::START,
                    "the plan is empty; expected a mapping with `path` and `answers`".into(),
                    "方案为空；应为包含 `path` 和 `answers` 的映射".into(),
                );
                return self.finish(None);
            }
            _ => {
                self.invalid(
                    root.pos,
                    format!(
                        "found {} at the top of the plan; expected a mapping with the keys {}",
                        root.kind_name(),
                        PLAN_KEYS.join(", ")
                    ),
                    format!(
                        "方案顶层是{}；应为包含以下键的映射：{}",
                        root.kind_name(),
                        PLAN_KEYS.join(", ")
                    ),
                );
                return self.finish(None);
            }
        };
        // Keys misspelt with a clear suggestion are not reported as missing as well.
        let mut misspelt = Vec::new();
        for (key, _) in entries {
            if !PLAN_KEYS.contains(&key.name.as_str()) {
                misspelt.extend(nearest(&key.name, PLAN_KEYS.iter().copied()));
                let hint = did_you_mean(&key.name, PLAN_KEYS.iter().copied());
                self.invalid(
                    key.pos,
                    format!(
                        "unknown key `{}`{}; expected one of {}",
                        inline(&key.name),
                        hint.en,
                        PLAN_KEYS.join(", ")
                    ),
                    format!(
                        "未知的键 `{}`{}；应为以下之一：{}",
                        inline(&key.name),
                        hint.zh,
                        PLAN_KEYS.join(", ")
                    ),
                );
            }
        }
        let outcome_ids = || {
            rb.outcomes
                .iter()
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };

        // path
        let planned = match root.get("path") {
            None if misspelt.contains(&"path") => None,
            None => {
                self.invalid(
                    root.pos,
                    format!(
                        "missing `path`: the outcome the plan follows; expected one of {}",
                        outcome_ids()
                    ),
                    format!(
                        "缺少 `path`（方案采用的路径）；应为以下之一：{}",
                        outcome_ids()
                    ),
                );
                None
            }
            Some((key, value)) => match &value.value {
                Value::Str(id) => match rb.outcome(id) {
                    Some(o) => Some(o),
                    None => {
                        let hint = did_you_mean(id, rb.outcomes.iter().map(|o| o.id.as_str()));
                        self.invalid(
                            value.pos,
                            format!(
                                "unknown path `{}`{}; expected one of {}",
                                inline(id),
                                hint.en,
                                outcome_ids()
                            ),
                            format!(
                                "未知的路径 `{}`{}；应为以下之一：{}",
                                inline(id),
                                hint.zh,
                                outcome_ids()
                            ),
                        );
                        None
                    }
                },
                _ => {
                    let pos = if value.value == Value::Null {
                        key.pos
                    } else {
                        value.pos
                    };
                    self.invalid(
                        pos,
                        format!(
                            "found {} for `path`; expected one of {}",
                            value.kind_name(),
                            outcome_ids()
                        ),
                        format!(
                            "`path` 的值是{}；应为以下之一：{}",
                            value.kind_name(),
                            outcome_ids()
                        ),
                    );
                    None
                }
            },
        };

        let answers = if root.get("answers").is_none() && misspelt.contains(&"answers") {
            None
        } else {
            self.answers(root)
        };
        let settings = self.settings(root);
        let acknowledged = self.acknowledge(root);
        self.rulebook_ref(root);

        let (Some(planned), Some(answers)) = (planned, answers) else {
            return self.finish(planned);
        };
        let filled = engine::with_defaults(rb, &answers);
        let verdict = engine::decide(
            rb,
            &filled,
            Some(&PlanContext {
                planned: Some(planned),
                settings: &PlanSettings(settings),
            }),
        );
        let recommended = rb.outcome_id(verdict.outcome);
        let names = [
            ("planned", rb.outcomes[planned].id.as_str()),
            ("recommended", recommended),
        ];
        for fired in &verdict.findings {
            let def = &rb.findings[fired.finding];
            let pos = locate(rb, root, &def.at);
            // Messages may name the paths: `{planned}`, `{recommended}`.
            let said = def
                .message
                .translations()
                .any(|(_, t)| t.contains('{'))
                .then(|| {
                    Said::new(
                        crate::text::fill(def.message.get(Lang::En), &names),
                        crate::text::fill(def.message.get(Lang::Zh), &names),
                    )
                });
            self.findings.push(PlanFinding {
                kind: Kind::Rule(fired.finding),
                severity: fired.severity,
                pos,
                said,
                acknowledged: None,
                frame: None,
            });
        }
        for (name, reason) in acknowledged {
            let mut used = false;
            for f in self.findings.iter_mut() {
                let id = match f.kind {
                    Kind::Rule(i) => rb.findings[i].id.as_str(),
                    Kind::Generic(g) if g.acknowledgeable() => g.id(),
                    Kind::Generic(_) => continue,
                };
                if id == name.name {
                    f.acknowledged = Some(reason.clone());
                    used = true;
                }
            }
            if !used {
                self.generic(
                    Generic::UnusedAcknowledgement,
                    name.pos,
                    Said::new(
                        format!(
                            "`{}` is acknowledged but does not occur in this plan",
                            inline(&name.name)
                        ),
                        format!(
                            "已确认 `{}`，但该发现并未出现在此方案中",
                            inline(&name.name)
                        ),
                    ),
                );
            }
        }
        self.finish(Some(planned))
    }

    fn finish(self, planned: Option<usize>) -> PlanReport {
        PlanReport {
            file: String::new(),
            planned: planned.map(|o| self.rb.outcomes[o].id.clone()),
            findings: self.findings,
        }
    }

    /// The answers, when they are all valid and complete.
    fn answers(&mut self, root: &Node) -> Option<Answers> {
        let rb = self.rb;
        let question_ids = || {
            rb.questions
                .iter()
                .map(|q| q.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some((key, node)) = root.get("answers") else {
            self.invalid(
                root.pos,
                format!(
                    "missing `answers`: a mapping of question id to value ({})",
                    question_ids()
                ),
                format!("缺少 `answers`：问题 id 到回答的映射（{}）", question_ids()),
            );
            return None;
        };
        let entries = match &node.value {
            Value::Map(entries) => entries.as_slice(),
            Value::Null => &[],
            _ => {
                self.invalid(
                    node.pos,
                    format!(
                        "found {} for `answers`; expected a mapping of question id to value ({})",
                        node.kind_name(),
                        question_ids()
                    ),
                    format!(
                        "`answers` 的值是{}；应为问题 id 到回答的映射（{}）",
                        node.kind_name(),
                        question_ids()
                    ),
                );
                return None;
            }
        };
        let mut answers = Answers::new(rb);
        let mut valid = true;
        // Questions given (or misspelt with a clear suggestion): not reported as missing.
        let mut given = Vec::new();
        for (name, value) in entries {
            let Some(q) = rb.question(&name.name) else {
                let suggestion = nearest(&name.name, rb.questions.iter().map(|q| q.id.as_str()));
                given.extend(suggestion.and_then(|s| rb.question(s)));
                let hint = did_you_mean(&name.name, rb.questions.iter().map(|q| q.id.as_str()));
                self.invalid(
                    name.pos,
                    format!(
                        "unknown answer id `{}`{}; expected one of {}",
                        inline(&name.name),
                        hint.en,
                        question_ids()
                    ),
                    format!(
                        "未知的回答 id `{}`{}；应为以下之一：{}",
                        inline(&name.name),
                        hint.zh,
                        question_ids()
                    ),
                );
                valid = false;
                continue;
            };
            given.push(q);
            match rb.questions[q].parse_node(value) {
                Ok(v) => answers.set(q, Some(v)),
                Err(message) => {
                    let pos = if value.value == Value::Null {
                        name.pos
                    } else {
                        value.pos
                    };
                    let zh = format!(
                        "`{}` 的回答无效；应为：{}",
                        rb.questions[q].id,
                        rb.questions[q].allowed_values()
                    );
                    let message = match rb.is_secret_key(&rb.questions[q].id) {
                        true => rb.questions[q].invalid_secret_message(),
                        false => message,
                    };
                    self.invalid(pos, message, zh);
                    valid = false;
                }
            }
        }
        for q in engine::missing(rb, &answers) {
            if given.contains(&q) {
                continue;
            }
            let question = &rb.questions[q];
            self.invalid(
                key.pos,
                format!(
                    "missing answer `{}` ({}); expected {}",
                    question.id,
                    question.prompt.get(Lang::En).trim(),
                    question.allowed_values()
                ),
                format!(
                    "缺少回答 `{}`（{}）；应为：{}",
                    question.id,
                    question.prompt.get(Lang::Zh).trim(),
                    question.allowed_values()
                ),
            );
            valid = false;
        }
        valid.then_some(answers)
    }

    /// The settings mapping; every literal under a secret-like key is reported.
    fn settings<'n>(&mut self, root: &'n Node) -> Option<&'n Node> {
        let (_, node) = root.get("settings")?;
        match &node.value {
            Value::Null => None,
            Value::Map(_) => {
                self.secrets(node, None);
                Some(node)
            }
            _ => {
                self.invalid(
                    node.pos,
                    format!(
                        "found {} for `settings`; expected a mapping of setting key to value",
                        node.kind_name()
                    ),
                    format!(
                        "`settings` 的值是{}；应为设置键到值的映射",
                        node.kind_name()
                    ),
                );
                None
            }
        }
    }

    /// Walks settings; `under` is the innermost secret-like key above `node`, if any.
    fn secrets(&mut self, node: &Node, under: Option<&Name>) {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    let secret = is_secret_key(self.rb, &key.name);
                    let under = if secret { Some(key) } else { under };
                    self.secrets(value, under);
                }
            }
            Value::Seq(items) => items.iter().for_each(|item| self.secrets(item, under)),
            _ => {
                let Some(key) = under else { return };
                let reported = self
                    .findings
                    .iter()
                    .any(|f| f.kind == Kind::Generic(Generic::PlaintextSecret) && f.pos == key.pos);
                if is_literal_secret(node) && !reported {
                    self.generic(
                        Generic::PlaintextSecret,
                        key.pos,
                        Said::new(
                            format!(
                                "`{}` holds a literal value; a secret must be a reference (${{ENV_VAR}} or secret-ref:NAME), and the value is not shown here",
                                inline(&key.name)
                            ),
                            format!(
                                "`{}` 中写入了明文值；密钥必须以引用（${{ENV_VAR}} 或 secret-ref:NAME）给出，此处不显示该值",
                                inline(&key.name)
                            ),
                        ),
                    );
                }
            }
        }
    }

    /// The valid acknowledgements: finding id (with its position) and reason.
    fn acknowledge(&mut self, root: &Node) -> Vec<(Name, String)> {
        let rb = self.rb;
        let Some((_, node)) = root.get("acknowledge") else {
            return Vec::new();
        };
        let entries = match &node.value {
            Value::Map(entries) => entries.as_slice(),
            Value::Null => &[],
            _ => {
                self.invalid(
                    node.pos,
                    format!(
                        "found {} for `acknowledge`; expected a mapping of finding id to the reason it is accepted",
                        node.kind_name()
                    ),
                    format!(
                        "`acknowledge` 的值是{}；应为发现 id 到接受理由的映射",
                        node.kind_name()
                    ),
                );
                return Vec::new();
            }
        };
        let known: Vec<&str> = rb
            .findings
            .iter()
            .map(|f| f.id.as_str())
            .chain(
                Generic::ALL
                    .into_iter()
                    .filter(|g| g.acknowledgeable())
                    .map(|g| -> &str { g.id() }),
            )
            .collect();
        let mut valid = Vec::new();
        for (name, value) in entries {
            if !known.contains(&name.name.as_str()) {
                let hint = did_you_mean(&name.name, known.iter().copied());
                let (en, zh) = if Generic::from_id(&name.name).is_some() {
                    (
                        format!("`{}` cannot be acknowledged", inline(&name.name)),
                        format!("`{}` 不能被确认", inline(&name.name)),
                    )
                } else {
                    (
                        format!("unknown finding `{}`{}", name.name, hint.en),
                        format!("未知的发现 `{}`{}", name.name, hint.zh),
                    )
                };
                self.invalid(
                    name.pos,
                    format!("{en}; expected one of {}", known.join(", ")),
                    format!("{zh}；应为以下之一：{}", known.join(", ")),
                );
                continue;
            }
            match &value.value {
                Value::Str(reason) if !reason.trim().is_empty() => {
                    // One line: a reason is shown beside its finding, and a line break
                    // in it must not start a line of the report (`::error::` in CI).
                    let reason = reason.split_whitespace().collect::<Vec<_>>().join(" ");
                    valid.push((name.clone(), reason))
                }
                _ => {
                    let pos = if matches!(value.value, Value::Null) {
                        name.pos
                    } else {
                        value.pos
                    };
                    self.invalid(
                        pos,
                        format!(
                            "acknowledging `{}` needs a reason; expected a non-empty string saying why the finding is acceptable",
                            inline(&name.name)
                        ),
                        format!(
                            "确认 `{}` 需要理由；应为说明为何可以接受该发现的非空字符串",
                            inline(&name.name)
                        ),
                    );
                }
            }
        }
        valid
    }

    /// `rulebook: { id, version }`: which rulebook the plan was written against.
    fn rulebook_ref(&mut self, root: &Node) {
        let rb = self.rb;
        let Some((_, node)) = root.get("rulebook") else {
            return;
        };
        let Some(entries) = node.as_map() else {
            self.invalid(
                node.pos,
                format!(
                    "found {} for `rulebook`; expected a mapping with `id` and `version`",
                    node.kind_name()
                ),
                format!(
                    "`rulebook` 的值是{}；应为包含 `id` 和 `version` 的映射",
                    node.kind_name()
                ),
            );
            return;
        };
        for (key, value) in entries {
            let expected = match key.name.as_str() {
                "id" => &rb.id,
                "version" => &rb.version,
                _ => {
                    self.invalid(
                        key.pos,
                        format!(
                            "unknown key `{}` in `rulebook`; expected id, version",
                            inline(&key.name)
                        ),
                        format!(
                            "`rulebook` 中未知的键 `{}`；应为 id、version",
                            inline(&key.name)
                        ),
                    );
                    continue;
                }
            };
            match value.scalar_text() {
                None => self.invalid(
                    value.pos,
                    format!("found {} for `rulebook.{}`; expected a string", value.kind_name(), inline(&key.name)),
                    format!("`rulebook.{}` 的值是{}；应为字符串", key.name, value.kind_name()),
                ),
                Some(text) if text != *expected => self.generic(
                    Generic::RulebookVersionMismatch,
                    value.pos,
                    Said::new(
                        format!(
                            "the plan was written against rulebook {} `{}`, but it is checked with `{expected}` (rulebook {} {})",
                            key.name, inline(&text), rb.id, rb.version
                        ),
                        format!(
                            "方案依据的规则库 {} 为 `{}`，但当前检查使用的是 `{expected}`（规则库 {} {}）",
                            key.name, inline(&text), rb.id, rb.version
                        ),
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}

/// A literal value where a secret stands: not empty, not a reference.
fn is_literal_secret(node: &Node) -> bool {
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
fn locate(rb: &Rulebook, root: &Node, at: &[PlanPointer]) -> Pos {
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

#[cfg(test)]
mod tests {
    use super::frames::masked_line;
    use super::suggest::edit_distance;
    use super::*;

    fn rulebook() -> Rulebook {
        crate::rulebook::load_str(
            crate::rulebook::EMBEDDED_NAME,
            crate::rulebook::EMBEDDED_SOURCE,
            Limits::RULEBOOK,
        )
        .unwrap()
    }

    #[test]
    fn references_are_not_literals() {
        assert!(is_reference("${DB_PASSWORD}"));
        assert!(is_reference("secret-ref:orders-db"));
        assert!(!is_reference("${}"));
        assert!(!is_reference("${1X}"));
        assert!(!is_reference("prefix-${X}"));
        assert!(!is_reference("secret-ref:"));
        assert!(!is_reference("hunter2"));
    }

    #[test]
    fn frames_mask_values_under_secret_keys() {
        let rb = rulebook();
        let lines = [
            "settings:",
            "  Password: hunter2",
            "  tokens:",
            "    - abc",
            "  host: db",
        ];
        assert_eq!(masked_line(&rb, &lines, 1), "  Password: ***");
        assert_eq!(masked_line(&rb, &lines, 3), "    ***");
        assert_eq!(masked_line(&rb, &lines, 4), "  host: db");
    }

    #[test]
    fn near_misses_get_a_suggestion() {
        assert_eq!(nearest("pth", PLAN_KEYS.iter().copied()), Some("path"));
        assert_eq!(nearest("colour", PLAN_KEYS.iter().copied()), None);
        assert_eq!(edit_distance("databse", "database"), 1);
    }

    #[test]
    fn settings_are_found_by_key_or_dotted_path() {
        let node: Node = yaml::parse("t", "a.b: 1\nc:\n  d: 2\n", Limits::PLAN).unwrap();
        assert!(setting(&node, "a.b").is_some());
        assert_eq!(setting(&node, "c.d").unwrap().0.pos.line, 3);
        assert!(setting(&node, "c.e").is_none());
        assert!(PlanSettings(Some(&node)).is_missing("x"));
        assert!(!PlanSettings(Some(&node)).is_missing("c"));
    }
}
