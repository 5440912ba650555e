//! Plan files (`*.eb-plan.yaml`): the path a team chose, the answers it was chosen on,
//! and the settings the rulebook's findings inspect.
//!
//! This module reads a plan and holds what a check reports; `checker` checks one parsed
//! plan, `frames` and `redact` keep secrets out of the report, and `template` writes a
//! plan for a verdict (for `ask --save-plan`).

mod checker;
mod credentials;
mod frames;
mod lookup;
mod redact;
mod setting_values;
mod suggest;
mod template;
pub mod terraform;

use frames::add_frames;
pub use lookup::is_reference;
pub use setting_values::text_problem as setting_text_problem;
pub use template::{
    quoted, scalar, template, template_with, wanted_settings, SettingValue, WantedSetting,
};

use std::io::Read;

use crate::engine::OtherTrust;
use crate::i18n::tr;
use crate::rulebook::{Rulebook, Severity, Trust};
use crate::text::Lang;
use crate::yaml::{self, Diagnostic, Limits, Node, Pos};

/// The top-level keys of a plan file.
pub const PLAN_KEYS: &[&str] = &[
    "path",
    "answers",
    "settings",
    "acknowledge",
    "rulebook",
    "implemented-by",
];

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
    UnaskedAnswer,
    InvalidTerraform,
    UnreadTerraformValues,
    ImplementationDiffers,
}

impl Generic {
    pub const ALL: [Generic; 8] = [
        Generic::InvalidPlan,
        Generic::PlaintextSecret,
        Generic::RulebookVersionMismatch,
        Generic::UnusedAcknowledgement,
        Generic::UnaskedAnswer,
        Generic::InvalidTerraform,
        Generic::UnreadTerraformValues,
        Generic::ImplementationDiffers,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Generic::InvalidPlan => "invalid-plan",
            Generic::PlaintextSecret => "plaintext-secret",
            Generic::RulebookVersionMismatch => "rulebook-version-mismatch",
            Generic::UnusedAcknowledgement => "unused-acknowledgement",
            Generic::UnaskedAnswer => "unasked-answer",
            Generic::InvalidTerraform => "invalid-terraform",
            Generic::UnreadTerraformValues => "unread-terraform-values",
            Generic::ImplementationDiffers => "implementation-differs",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Generic::InvalidPlan
            | Generic::PlaintextSecret
            | Generic::InvalidTerraform
            | Generic::ImplementationDiffers => Severity::Error,
            Generic::UnreadTerraformValues => Severity::Info,
            Generic::RulebookVersionMismatch
            | Generic::UnusedAcknowledgement
            | Generic::UnaskedAnswer => Severity::Warning,
        }
    }

    /// Whether the formats people read show it whatever its severity: the note that a
    /// configuration's values could not be read is said once, always, or a report of
    /// unread values would read as a clean one.
    pub fn always_shown(self) -> bool {
        self == Generic::UnreadTerraformValues
    }

    /// Whether a plan may acknowledge it (a broken plan or a stale acknowledgement may not).
    pub fn acknowledgeable(self) -> bool {
        matches!(
            self,
            Generic::PlaintextSecret
                | Generic::RulebookVersionMismatch
                | Generic::UnaskedAnswer
                | Generic::ImplementationDiffers
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
                "A settings value under a secret-like key, or a URL with a credential in it, holds a literal value instead of a reference.",
                "类似密钥的设置项或含有凭据的 URL 中写入了明文值，而不是引用。",
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
            Generic::UnaskedAnswer => tr(
                lang,
                "The plan answers a question that its other answers do not lead to; the answer is ignored.",
                "方案回答了其他回答不会引出的问题；该回答被忽略。",
            ),
            Generic::InvalidTerraform => tr(
                lang,
                "A Terraform file cannot be read or parsed.",
                "Terraform 文件无法读取或解析。",
            ),
            Generic::UnreadTerraformValues => tr(
                lang,
                "Values of the Terraform configuration that a static reading cannot know; findings that need them are not reported.",
                "Terraform 配置中有静态读取无法得知的值；依赖这些值的发现项不予报告。",
            ),
            Generic::ImplementationDiffers => tr(
                lang,
                "The Terraform configuration that the plan names as its implementation declares another path, answer or setting than the plan.",
                "方案指明的实现（Terraform 配置）所声明的路径、回答或设置与方案不一致。",
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
            Generic::UnaskedAnswer => tr(
                lang,
                "Remove the answer, or check the answers it depends on: the plan may mean another goal.",
                "删除该回答，或检查它所依赖的回答：方案可能想选择另一个目标。",
            ),
            Generic::InvalidTerraform => tr(
                lang,
                "Fix the file at the line shown (`terraform validate` says the same); the other files are still read.",
                "按所示行修正文件（`terraform validate` 也会指出）；其余文件照常读取。",
            ),
            Generic::UnreadTerraformValues => tr(
                lang,
                "Give the values a default, or a .tfvars file (`check --var-file FILE`), for the check to see them; or accept that those findings are not checked.",
                "为这些值设置默认值，或提供 .tfvars 文件（`check --var-file FILE`），以便检查能读到；或接受相应发现项不做检查。",
            ),
            Generic::ImplementationDiffers => tr(
                lang,
                "Make the plan and the Terraform agree: change whichever no longer says what the team decided.",
                "让方案与 Terraform 保持一致：修改其中不再反映团队决定的一方。",
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

    /// The text in `lang`; the other language's when this one was not filled in (a check
    /// fills rulebook texts only in the languages its reports print).
    pub fn get(&self, lang: Lang) -> &str {
        let (asked, other) = match lang {
            Lang::En => (&self.en, &self.zh),
            Lang::Zh => (&self.zh, &self.en),
        };
        if asked.is_empty() {
            other
        } else {
            asked
        }
    }
}

/// The languages a check's reports print: the rulebook texts of its findings and next
/// steps are filled in those alone, since filling every one in both was a tenth of the
/// work of checking a plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Languages {
    en: bool,
    zh: bool,
}

impl Languages {
    pub const ALL: Languages = Languages { en: true, zh: true };

    pub fn only(lang: Lang) -> Languages {
        Languages {
            en: lang == Lang::En,
            zh: lang == Lang::Zh,
        }
    }

    pub fn with(self, lang: Lang) -> Languages {
        Languages {
            en: self.en || lang == Lang::En,
            zh: self.zh || lang == Lang::Zh,
        }
    }

    pub fn has(self, lang: Lang) -> bool {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// How plans are checked.
#[derive(Clone, Copy)]
pub struct CheckOptions<'a> {
    pub limits: Limits,
    /// Whether each finding carries the line it points at, for the formats that show it.
    pub frames: bool,
    /// The source of truth the premises are read under.
    pub trust: Trust,
    pub languages: Languages,
    /// Reads the Terraform configuration a plan names (`implemented-by`); without it the
    /// key is checked for its shape only.
    pub implementations: Option<&'a dyn Implementations>,
}

impl CheckOptions<'_> {
    /// Without frames, in every language, reading no implementation.
    pub fn new(limits: Limits, trust: Trust) -> CheckOptions<'static> {
        CheckOptions {
            limits,
            frames: false,
            trust,
            languages: Languages::ALL,
            implementations: None,
        }
    }
}

/// Where a plan's `implemented-by` folder is read from.
pub trait Implementations {
    /// The configuration in `folder`, as the plan names it (relative to the plan's own
    /// folder); the error says why it cannot be read.
    fn read(&self, folder: &str) -> Result<crate::terraform::Configuration, String>;
}

/// A finding in a plan, with where it points.
#[derive(Clone, Debug)]
pub struct PlanFinding {
    pub kind: Kind,
    pub severity: Severity,
    pub pos: Pos,
    /// The message of a generic finding, or a rulebook finding's message as worded and
    /// filled in for this plan (else the rulebook's text).
    pub said: Option<Said>,
    /// A rulebook finding's remedy as worded and filled in for this plan.
    pub fix: Option<Said>,
    /// The plan's reason, when the plan acknowledges the finding.
    pub acknowledged: Option<String>,
    /// The offending line (number, text with secrets masked), when frames were asked for.
    pub frame: Option<(u32, String)>,
    /// The file the finding is in when it is not the report's own: a Terraform file of
    /// the configuration that the report covers, or that its plan names.
    pub file: Option<String>,
}

impl PlanFinding {
    /// The file the finding is in: its own, else the report's.
    pub fn file_in<'a>(&'a self, report: &'a PlanReport) -> &'a str {
        self.file.as_deref().unwrap_or(&report.file)
    }

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

    pub fn remedy<'a>(&'a self, rb: &'a Rulebook, lang: Lang) -> Option<&'a str> {
        if let Some(fix) = &self.fix {
            return Some(fix.get(lang));
        }
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
    /// The chosen path's next steps, filled in from the plan's answers and settings, when
    /// the plan chose the path its answers lead to.
    pub next_steps: Vec<PlanStep>,
    /// The source of truth the premises were read under.
    pub trust: Trust,
    /// What the other source of truth would decide, where its path or errors differ.
    pub under_other_trust: Option<OtherTrust>,
    /// Whether the report is of a Terraform configuration that no plan names, not of a plan.
    pub terraform: bool,
}

/// A next step of a plan, in each language, with the addresses that show how.
#[derive(Clone, Debug)]
pub struct PlanStep {
    pub text: Said,
    pub docs: Vec<String>,
}

impl PlanReport {
    pub fn passed(&self, threshold: Option<Severity>) -> bool {
        !self.findings.iter().any(|f| f.fails(threshold))
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
    options: CheckOptions,
) -> PlanReport {
    match read(source, name, options.limits) {
        Ok(text) => check_text(rb, name, &text, options),
        Err(d) => unreadable(name, d, options.trust),
    }
}

/// Checks a plan given as raw bytes, as a file or standard input would give them: over
/// the size cap or not UTF-8 is an `invalid-plan` finding like any other. Never fails.
pub fn check_bytes(rb: &Rulebook, name: &str, bytes: &[u8], options: CheckOptions) -> PlanReport {
    let limits = options.limits;
    if bytes.len() as u64 > limits.max_bytes {
        let d = Diagnostic::new(
            name,
            Pos::START,
            format!(
                "is larger than the limit of {} bytes; raise the limit with --max-file-size if the file is genuine",
                limits.max_bytes
            ),
        );
        return unreadable(name, d, options.trust);
    }
    match yaml::decode_text(name, bytes.to_vec()) {
        Ok(text) => check_text(rb, name, &text, options),
        Err(d) => unreadable(name, d, options.trust),
    }
}

/// The report of a plan that could not be read.
fn unreadable(name: &str, d: Diagnostic, trust: Trust) -> PlanReport {
    PlanReport {
        file: name.to_string(),
        planned: None,
        next_steps: Vec::new(),
        trust,
        under_other_trust: None,
        terraform: false,
        findings: vec![invalid(
            // A finding has a place in every format (SARIF needs a line): the top.
            if d.pos == Pos::NONE {
                Pos::START
            } else {
                d.pos
            },
            Said::new(
                format!("cannot read the plan: {}", d.message),
                format!("无法读取方案：{}", d.message_in(Lang::Zh)),
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
        fix: None,
        acknowledged: None,
        frame: None,
        file: None,
    }
}

/// Checks the text of one plan file.
pub fn check_text(rb: &Rulebook, name: &str, text: &str, options: CheckOptions) -> PlanReport {
    let (limits, frames, trust) = (options.limits, options.frames, options.trust);
    let parsed = yaml::parse::<Node>(name, text, limits);
    let mut report = match &parsed {
        Ok(root) => checker::Checker::new(rb, trust, options.languages)
            .reading_implementations(options.implementations)
            .check(root),
        Err(d) => PlanReport {
            file: String::new(),
            planned: None,
            next_steps: Vec::new(),
            trust,
            under_other_trust: None,
            terraform: false,
            findings: vec![invalid(
                d.pos,
                Said::new(
                    format!("not valid YAML: {}", d.message),
                    format!("不是有效的 YAML：{}", d.message_in(Lang::Zh)),
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

#[cfg(test)]
mod tests {
    use super::frames::masked_line;
    use super::lookup::{setting, PlanSettings};
    use super::*;
    use crate::engine::Settings;

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
    fn secret_keys_are_found_in_any_case_anywhere_in_the_key() {
        let rb = rulebook();
        for key in [
            "password",
            "DB_Password",
            "x-api-key-id",
            "my-token",
            "数据库PWD",
        ] {
            assert!(is_secret_key(&rb, key), "{key}");
        }
        for key in ["goal", "pw", "", "pass-word", "host"] {
            assert!(!is_secret_key(&rb, key), "{key}");
        }
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
    fn settings_are_found_by_key_or_dotted_path() {
        let node: Node = yaml::parse("t", "a.b: 1\nc:\n  d: 2\n", Limits::PLAN).unwrap();
        assert!(setting(&node, "a.b").is_some());
        assert_eq!(setting(&node, "c.d").unwrap().0.pos.line, 3);
        assert!(setting(&node, "c.e").is_none());
        assert!(PlanSettings(Some(&node)).is_missing("x"));
        assert!(!PlanSettings(Some(&node)).is_missing("c"));
    }
}
