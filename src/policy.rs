//! The team policy file, `eb-advisor.yaml` (or `.eb-advisor.yaml`): settings a team
//! commits once instead of repeating flags in every script and CI job.
//!
//! It is found as typos and cargo-deny find theirs: in the working folder or the nearest
//! parent, stopping at the root of the repository (the folder that holds `.git`).
//! `--config FILE` names one, `--no-config` ignores it, and every flag overrides it.
//!
//! Every key is validated like a rulebook: an unknown key or a bad value is an error at
//! its line and column, with the nearest valid spelling.

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics, Severity};
use crate::rulebook::Rulebook;
use crate::suggest::nearest;
use crate::text::Lang;
use crate::yaml::{self, Limits, Name, Node, Pos, Value};

/// The names a policy file may have, in the order they are looked for in each folder.
pub const FILE_NAMES: [&str; 2] = ["eb-advisor.yaml", ".eb-advisor.yaml"];

/// The policy file's format, for its JSON Schema (`rules schema config`). The file is
/// read through [`load`], which checks the same keys with positions.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "eb-advisor team policy (eb-advisor.yaml)")]
pub struct PolicySchema {
    /// Which source of truth the verdicts follow where the decision page and the
    /// provider's documentation disagree: page or docs (by default, the rulebook's
    /// `default-trust`).
    pub trust: Option<TrustName>,
    /// The severity at which `recommend` and `check` exit 1: error (the default),
    /// warning or never.
    pub fail_level: Option<FailLevelName>,
    /// A rulebook to use instead of the embedded one, relative to this file.
    #[schemars(pattern(r"\S"))]
    pub rules: Option<String>,
    /// The output language: en or zh.
    pub lang: Option<LangName>,
    /// Globs (relative to this file) of the plan and Terraform files that `check` picks up
    /// in the folders it searches; by default `**/*.eb-plan.yaml`, `**/*.eb-plan.yml` and
    /// `**/*.tf`.
    #[serde(default)]
    pub include: Vec<String>,
    /// Globs (relative to this file) of files and folders that `check` skips in the
    /// folders it searches. Files named on the command line are always checked.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Finding id → the severity this team gives it, and why.
    #[serde(default)]
    pub severity: std::collections::BTreeMap<String, SeverityOverrideSchema>,
    /// The address of eb-advisor's docs/ci.md (http, https or file) that SARIF's rules
    /// for the check's own findings link to, as `ADDRESS#invalid-plan`; by default its
    /// page on docs.rs for the running version.
    #[schemars(pattern(r"^(https?|file)://\S+$"))]
    pub docs_url: Option<String>,
    /// `.tfvars` files (relative to this file) that Terraform configurations are read
    /// with, before any `check --var-file`.
    #[serde(default)]
    pub var_files: Vec<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SeverityOverrideSchema {
    pub severity: Severity,
    /// Why the team reports this finding at another severity (required, not empty).
    #[schemars(pattern(r"\S"))]
    pub reason: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TrustName {
    Page,
    Docs,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FailLevelName {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LangName {
    En,
    Zh,
}

/// Every key of the policy file.
pub const KEYS: [&str; 9] = [
    "trust",
    "fail-level",
    "rules",
    "lang",
    "include",
    "exclude",
    "severity",
    "docs-url",
    "var-files",
];
const TRUSTS: [&str; 2] = ["page", "docs"];
const FAIL_LEVELS: [&str; 3] = ["error", "warning", "never"];
const LANGS: [&str; 2] = ["en", "zh"];
const SEVERITIES: [&str; 3] = ["error", "warning", "info"];
const OVERRIDE_KEYS: [&str; 2] = ["severity", "reason"];

/// A loaded, validated policy.
#[derive(Debug, Default)]
pub struct Policy {
    /// The file, as it is shown in messages (relative to the working folder when inside it).
    pub file: String,
    /// The folder that holds the file: `rules`, `include` and `exclude` are relative to it.
    pub dir: PathBuf,
    /// `page` or `docs`.
    pub trust: Option<String>,
    /// `error`, `warning` or `never`.
    pub fail_level: Option<String>,
    pub rules: Option<PathBuf>,
    pub lang: Option<Lang>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// The raw `severity` entries, checked against a rulebook by [`Policy::overrides`].
    severity: Vec<(Name, Severity, String, Pos)>,
    /// Where the team's copy of docs/ci.md is: SARIF's `helpUri` for the check's own rules.
    pub docs_url: Option<String>,
    /// `.tfvars` files for Terraform configurations, resolved against `dir`.
    pub var_files: Vec<PathBuf>,
}

/// A finding that the policy reports at another severity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    pub finding: usize,
    pub severity: Severity,
    pub reason: String,
}

/// Where to look for the policy, from the command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Choice {
    /// Look in the working folder and its parents.
    #[default]
    Discover,
    /// `--config FILE`.
    File(PathBuf),
    /// `--no-config`.
    Ignore,
}

/// Finds and loads the policy that applies, if any.
pub fn find_and_load(
    choice: &Choice,
    limits: Limits,
    lang: Lang,
) -> Result<Option<Policy>, Diagnostics> {
    let path = match choice {
        Choice::Ignore => return Ok(None),
        Choice::File(path) => path.clone(),
        Choice::Discover => {
            let Ok(cwd) = std::env::current_dir() else {
                return Ok(None);
            };
            match discover(&cwd) {
                Some(path) => path,
                None => return Ok(None),
            }
        }
    };
    load(&path, limits, lang).map(Some)
}

/// The policy file nearest to `start`: in it or a parent, up to the repository root.
pub fn discover(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
        // The root of the repository ends the search: a policy above it belongs to
        // something else.
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Reads and validates a policy file, reporting every problem in it.
pub fn load(path: &Path, limits: Limits, lang: Lang) -> Result<Policy, Diagnostics> {
    // Named as the user would type it from here: `eb-advisor.yaml`, `../eb-advisor.yaml`.
    let shown = match std::env::current_dir() {
        Ok(cwd) if path.is_absolute() => crate::fsutil::relative_to(path, &cwd),
        _ => path.to_path_buf(),
    };
    let file = crate::fsutil::display_path(&shown);
    let one = |d: Diagnostic| Diagnostics(vec![d]);
    let text = yaml::read_text(path, limits).map_err(one)?;
    let root: Node = yaml::parse(&file, &text, limits).map_err(one)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let mut policy = Policy {
        file: file.clone(),
        dir,
        ..Policy::default()
    };
    let mut problems = Vec::new();
    let mut say = |pos: Pos, problem: Problem| {
        problems.push(Diagnostic::new(&file, pos, problem.message(lang)))
    };
    let entries = match &root.value {
        Value::Map(entries) => entries.as_slice(),
        Value::Null => &[],
        _ => {
            say(root.pos, Problem::NotAMapping(root.kind_name()));
            &[]
        }
    };
    for (key, value) in entries {
        match key.name.as_str() {
            "trust" => policy.trust = word(value, &TRUSTS, "trust", &mut say),
            "fail-level" => policy.fail_level = word(value, &FAIL_LEVELS, "fail-level", &mut say),
            "lang" => {
                policy.lang =
                    word(value, &LANGS, "lang", &mut say).and_then(|l| Lang::from_code(&l))
            }
            "rules" => match &value.value {
                Value::Str(s) if !s.trim().is_empty() => {
                    policy.rules = Some(policy.dir.join(s));
                }
                _ => say(value.pos, Problem::NotAPath(value.kind_name())),
            },
            "include" => policy.include = globs(value, "include", &mut say),
            "exclude" => policy.exclude = globs(value, "exclude", &mut say),
            "severity" => policy.severity = overrides(value, &mut say),
            "var-files" => match &value.value {
                Value::Seq(items) => {
                    for item in items {
                        match &item.value {
                            Value::Str(file) => policy.var_files.push(policy.dir.join(file)),
                            _ => say(item.pos, Problem::NotAFile(item.kind_name())),
                        }
                    }
                }
                _ => say(value.pos, Problem::NotAListOfFiles(value.kind_name())),
            },
            "docs-url" => match &value.value {
                Value::Str(s) if is_absolute_url(s) => policy.docs_url = Some(s.clone()),
                _ => say(value.pos, Problem::NotAnAddress(value.kind_name())),
            },
            other => say(key.pos, Problem::unknown("", other, &KEYS)),
        }
    }
    if problems.is_empty() {
        Ok(policy)
    } else {
        Err(Diagnostics(problems))
    }
}

/// An absolute address SARIF viewers can open: a scheme they know and something after it,
/// with no blanks (a SARIF `helpUri` must be an absolute URI). The policy schema's
/// pattern for `docs-url` says the same.
fn is_absolute_url(text: &str) -> bool {
    ["https://", "http://", "file://"].iter().any(|scheme| {
        text.strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty() && !rest.contains(char::is_whitespace))
    })
}

/// A problem in a policy file, worded in the user's language when it is reported.
enum Problem {
    NotAMapping(&'static str),
    /// Under `key` (empty for a top-level key), `found` is none of `expected`.
    Unknown {
        key: String,
        found: String,
        meant: Option<&'static str>,
        expected: &'static [&'static str],
    },
    NotAWord(String, &'static [&'static str], &'static str),
    NotAPath(&'static str),
    NotAnAddress(&'static str),
    NotAListOfFiles(&'static str),
    NotAFile(&'static str),
    NotAList(String, &'static str),
    BadGlob(String, String),
    GlobNotAString(&'static str),
    NotOverrides(&'static str),
    NotAnOverride(String, &'static str),
    EmptyReason,
    Lacks(String, &'static str),
}

impl Problem {
    fn unknown(key: &str, found: &str, expected: &'static [&'static str]) -> Problem {
        Problem::Unknown {
            key: key.to_string(),
            found: crate::text::inline(found),
            meant: nearest(found, expected.iter().copied()),
            expected,
        }
    }

    fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Problem::NotAMapping(found) if zh => {
                format!("应为设置的映射（{}），实际为{found}", KEYS.join("、"))
            }
            Problem::NotAMapping(found) => {
                format!(
                    "expected a mapping of settings ({}), found {found}",
                    KEYS.join(", ")
                )
            }
            Problem::Unknown {
                key,
                found,
                meant,
                expected,
            } => {
                let what = match (key.is_empty(), zh) {
                    (true, false) => "key".to_string(),
                    (true, true) => "键".to_string(),
                    (false, false) => format!("`{key}` value"),
                    (false, true) => format!("`{key}` 的值"),
                };
                let tip = match (meant, zh) {
                    (Some(m), false) => format!(" (did you mean `{m}`?)"),
                    (Some(m), true) => format!("（是否想写 `{m}`？）"),
                    (None, _) => String::new(),
                };
                if zh {
                    format!(
                        "未知的{what} `{found}`{tip}；应为以下之一：{}",
                        expected.join(", ")
                    )
                } else {
                    format!(
                        "unknown {what} `{found}`{tip}; expected one of {}",
                        expected.join(", ")
                    )
                }
            }
            Problem::NotAWord(key, allowed, found) if zh => {
                format!(
                    "`{key}` 应为以下之一：{}，实际为{found}",
                    allowed.join(", ")
                )
            }
            Problem::NotAWord(key, allowed, found) => {
                format!(
                    "`{key}` expects one of {}, found {found}",
                    allowed.join(", ")
                )
            }
            Problem::NotAPath(found) if zh => {
                format!("`rules` 应为规则库文件的路径，实际为{found}")
            }
            Problem::NotAPath(found) => {
                format!("`rules` expects the path of a rulebook file, found {found}")
            }
            Problem::NotAListOfFiles(found) if zh => {
                format!("`var-files` 应为 .tfvars 文件的列表（`- prod.tfvars`），实际为{found}")
            }
            Problem::NotAListOfFiles(found) => {
                format!("`var-files` expects a list of .tfvars files (`- prod.tfvars`), found {found}")
            }
            Problem::NotAFile(found) if zh => format!("文件路径必须是字符串，实际为{found}"),
            Problem::NotAFile(found) => format!("a file path must be a string, found {found}"),
            Problem::NotAnAddress(found) if zh => format!(
                "`docs-url` 应为以 http://、https:// 或 file:// 开头的完整地址（团队的 docs/ci.md 副本所在之处），实际为{found}"
            ),
            Problem::NotAnAddress(found) => format!(
                "`docs-url` expects a whole address starting with http://, https:// or file:// (where the team's copy of docs/ci.md is), found {found}"
            ),
            Problem::NotAList(key, found) if zh => {
                format!("`{key}` 应为 glob 列表（`- plans/**/*.yaml`），实际为{found}")
            }
            Problem::NotAList(key, found) => {
                format!("`{key}` expects a list of globs (`- plans/**/*.yaml`), found {found}")
            }
            Problem::BadGlob(glob, why) if zh => format!("`{glob}` 不是有效的 glob：{why}"),
            Problem::BadGlob(glob, why) => format!("`{glob}` is not a valid glob: {why}"),
            Problem::GlobNotAString(found) if zh => format!("glob 必须是字符串，实际为{found}"),
            Problem::GlobNotAString(found) => format!("a glob must be a string, found {found}"),
            Problem::NotOverrides(found) if zh => {
                format!("`severity` 应为“发现项 id → {{severity, reason}}”的映射，实际为{found}")
            }
            Problem::NotOverrides(found) => format!(
                "`severity` expects a mapping of finding id to {{severity, reason}}, found {found}"
            ),
            Problem::NotAnOverride(id, found) if zh => {
                format!("`severity.{id}` 应包含 `severity:` 和 `reason:`，实际为{found}")
            }
            Problem::NotAnOverride(id, found) => {
                format!("`severity.{id}` expects `severity:` and `reason:`, found {found}")
            }
            Problem::EmptyReason if zh => {
                "`reason` 必须用文字说明团队为何给这个发现项另定严重级别".into()
            }
            Problem::EmptyReason => {
                "`reason` must say, in words, why the team gives this finding another severity"
                    .into()
            }
            Problem::Lacks(id, "severity") if zh => {
                format!("`severity.{id}` 缺少 `severity:`（error、warning 或 info）")
            }
            Problem::Lacks(id, "severity") => {
                format!("`severity.{id}` lacks `severity:` (error, warning or info)")
            }
            Problem::Lacks(id, _) if zh => {
                format!("`severity.{id}` 缺少 `reason:`；请说明团队为何另定严重级别")
            }
            Problem::Lacks(id, _) => format!(
                "`severity.{id}` lacks `reason:`; say why the team gives it another severity"
            ),
        }
    }
}

/// One of a few words, or a problem at the value.
fn word(
    value: &Node,
    allowed: &'static [&'static str],
    key: &str,
    say: &mut impl FnMut(Pos, Problem),
) -> Option<String> {
    match &value.value {
        Value::Str(s) if allowed.contains(&s.as_str()) => Some(s.clone()),
        Value::Str(s) => {
            say(value.pos, Problem::unknown(key, s, allowed));
            None
        }
        _ => {
            say(
                value.pos,
                Problem::NotAWord(key.to_string(), allowed, value.kind_name()),
            );
            None
        }
    }
}

fn globs(value: &Node, key: &str, say: &mut impl FnMut(Pos, Problem)) -> Option<GlobSet> {
    let Value::Seq(items) = &value.value else {
        say(
            value.pos,
            Problem::NotAList(key.to_string(), value.kind_name()),
        );
        return None;
    };
    let mut set = GlobSetBuilder::new();
    for item in items {
        match &item.value {
            // `*` stays within one folder, as in .gitignore; `**` crosses folders.
            Value::Str(s) => match GlobBuilder::new(s).literal_separator(true).build() {
                Ok(glob) => {
                    set.add(glob);
                }
                Err(e) => say(
                    item.pos,
                    Problem::BadGlob(crate::text::inline(s), e.kind().to_string()),
                ),
            },
            _ => say(item.pos, Problem::GlobNotAString(item.kind_name())),
        }
    }
    set.build().ok()
}

fn overrides(
    value: &Node,
    say: &mut impl FnMut(Pos, Problem),
) -> Vec<(Name, Severity, String, Pos)> {
    let Value::Map(entries) = &value.value else {
        say(value.pos, Problem::NotOverrides(value.kind_name()));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, entry) in entries {
        let id_shown = crate::text::inline(&id.name);
        let Value::Map(fields) = &entry.value else {
            say(
                entry.pos,
                Problem::NotAnOverride(id_shown, entry.kind_name()),
            );
            continue;
        };
        let mut severity = None;
        let mut reason = None;
        for (field, v) in fields {
            match field.name.as_str() {
                "severity" => {
                    severity = word(v, &SEVERITIES, "severity", say).map(|s| match s.as_str() {
                        "error" => Severity::Error,
                        "warning" => Severity::Warning,
                        _ => Severity::Info,
                    })
                }
                "reason" => match &v.value {
                    Value::Str(s) if !s.trim().is_empty() => reason = Some(s.clone()),
                    _ => say(v.pos, Problem::EmptyReason),
                },
                other => say(field.pos, Problem::unknown("", other, &OVERRIDE_KEYS)),
            }
        }
        for key in OVERRIDE_KEYS {
            if !fields.iter().any(|(f, _)| f.name == key) {
                say(entry.pos, Problem::Lacks(id_shown.clone(), key));
            }
        }
        if let (Some(severity), Some(reason)) = (severity, reason) {
            out.push((id.clone(), severity, reason, entry.pos));
        }
    }
    out
}

impl Policy {
    /// The severity overrides, checked against the rulebook in use: an unknown finding id
    /// is an error at its line, with the nearest id.
    pub fn overrides(&self, rb: &Rulebook, lang: Lang) -> Result<Vec<Override>, Diagnostics> {
        let ids = || rb.findings.iter().map(|f| f.id.as_str());
        let mut problems = Vec::new();
        let mut out = Vec::new();
        for (id, severity, reason, _) in &self.severity {
            match rb.findings.iter().position(|f| f.id == id.name) {
                Some(finding) => out.push(Override {
                    finding,
                    severity: *severity,
                    reason: reason.clone(),
                }),
                None => {
                    let found = crate::text::inline(&id.name);
                    let (en, zh) = crate::suggest::expected(&id.name, ids());
                    let message = match lang {
                        Lang::En => format!("unknown finding id `{found}`{en}"),
                        Lang::Zh => format!("未知的发现项 id `{found}`{zh}"),
                    };
                    problems.push(Diagnostic::new(&self.file, id.pos, message));
                }
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(Diagnostics(problems))
        }
    }

    /// Whether a file found while searching a folder is a plan to check. Without
    /// `include`, plans are the files named `*.eb-plan.yaml` or `*.eb-plan.yml`.
    pub fn selects(&self, path: &Path, default: bool) -> bool {
        let relative = self.relative(path);
        if self
            .exclude
            .as_ref()
            .is_some_and(|set| set.is_match(&relative))
        {
            return false;
        }
        match &self.include {
            Some(set) => set.is_match(&relative),
            None => default,
        }
    }

    /// Whether a folder met while searching is skipped whole.
    pub fn prunes(&self, dir: &Path) -> bool {
        let relative = self.relative(dir);
        self.exclude
            .as_ref()
            .is_some_and(|set| set.is_match(&relative))
    }

    /// Whether a search from the policy's folder would pick up the file `path` (named on
    /// the command line, for `check --respect-policy-paths`): no folder on the way to it
    /// excluded, and the file itself selected.
    pub fn finds(&self, path: &Path, plan_like: bool) -> bool {
        let relative = self.relative(path);
        let excluded_folder = relative
            .ancestors()
            .skip(1)
            .take_while(|folder| !folder.as_os_str().is_empty())
            .any(|folder| {
                self.exclude
                    .as_ref()
                    .is_some_and(|set| set.is_match(folder))
            });
        !excluded_folder && self.selects(path, plan_like)
    }

    /// A path as the globs see it: relative to the policy's folder, without `./`.
    fn relative(&self, path: &Path) -> PathBuf {
        crate::fsutil::relative_to(path, &self.dir)
    }

    /// One line for text output: the file, and what it set.
    pub fn summary(&self, lang: Lang) -> String {
        let mut set: Vec<String> = Vec::new();
        if let Some(t) = &self.trust {
            set.push(format!("trust {t}"));
        }
        if let Some(f) = &self.fail_level {
            set.push(format!("fail-level {f}"));
        }
        if !self.severity.is_empty() {
            set.push(match lang {
                Lang::En if self.severity.len() == 1 => "1 severity override".to_string(),
                Lang::En => format!("{} severity overrides", self.severity.len()),
                Lang::Zh => format!("{} 项严重级别调整", self.severity.len()),
            });
        }
        let file = crate::text::one_line(&self.file);
        match (lang, set.is_empty()) {
            (Lang::En, true) => format!("Policy: {file}"),
            (Lang::En, false) => format!("Policy: {file} ({})", set.join(", ")),
            (Lang::Zh, true) => format!("团队策略：{file}"),
            (Lang::Zh, false) => format!("团队策略：{file}（{}）", set.join("，")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Policy, Diagnostics> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("eb-advisor.yaml");
        std::fs::write(&path, text).unwrap();
        load(&path, Limits::PLAN, Lang::En)
    }

    fn messages(text: &str) -> Vec<String> {
        let problems = load_text(text).unwrap_err();
        problems
            .0
            .iter()
            .map(|d| format!("{}:{}: {}", d.pos.line, d.pos.column, d.message))
            .collect()
    }

    #[test]
    fn every_problem_is_reported_at_its_place_with_the_nearest_spelling() {
        let found = messages("trustt: docs\nfail-level: warn\nlang: fr\ninclude: plans\n");
        assert_eq!(
            found,
            [
                "1:1: unknown key `trustt` (did you mean `trust`?); expected one of trust, fail-level, rules, lang, include, exclude, severity, docs-url, var-files",
                "2:13: unknown `fail-level` value `warn` (did you mean `warning`?); expected one of error, warning, never",
                "3:7: unknown `lang` value `fr`; expected one of en, zh",
                "4:10: `include` expects a list of globs (`- plans/**/*.yaml`), found a string",
            ]
        );
    }

    #[test]
    fn a_severity_override_needs_a_reason() {
        let found = messages("severity:\n  empty-event-pattern:\n    severity: error\n");
        assert_eq!(
            found,
            ["3:5: `severity.empty-event-pattern` lacks `reason:`; say why the team gives it another severity"]
        );
        let found = messages("severity:\n  x:\n    severity: eror\n    reason: ''\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("did you mean `error`"), "{found:?}");
        assert!(found[1].starts_with("4:13: `reason` must say"), "{found:?}");
    }

    #[test]
    fn a_valid_policy_keeps_every_setting() {
        let policy = load_text(
            "trust: docs\nfail-level: warning\nlang: zh\nrules: rules/x.yaml\ninclude: ['plans/**/*.yaml']\nexclude: ['plans/old/**']\n",
        )
        .unwrap();
        assert_eq!(policy.trust.as_deref(), Some("docs"));
        assert_eq!(policy.fail_level.as_deref(), Some("warning"));
        assert_eq!(policy.lang, Some(Lang::Zh));
        assert!(policy.rules.as_ref().unwrap().ends_with("rules/x.yaml"));
        let dir = policy.dir.clone();
        assert!(policy.selects(&dir.join("plans/a/b.yaml"), false));
        assert!(!policy.selects(&dir.join("plans/old/b.yaml"), true));
        assert!(!policy.selects(&dir.join("other/b.yaml"), true));
        assert!(policy.prunes(&dir.join("plans/old/deep")));
    }

    #[test]
    fn discovery_stops_at_the_repository_root() {
        let top = tempfile::tempdir().unwrap();
        std::fs::write(top.path().join("eb-advisor.yaml"), "trust: docs\n").unwrap();
        let repo = top.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("a/b")).unwrap();
        assert_eq!(discover(&repo.join("a/b")), None);
        std::fs::write(repo.join(".eb-advisor.yaml"), "").unwrap();
        assert_eq!(
            discover(&repo.join("a/b")),
            Some(repo.join(".eb-advisor.yaml"))
        );
        std::fs::write(repo.join("a/eb-advisor.yaml"), "").unwrap();
        assert_eq!(
            discover(&repo.join("a/b")),
            Some(repo.join("a/eb-advisor.yaml"))
        );
    }
}
