//! Writing a plan file for a verdict (`ask --save-plan`): the path, the answers, and the
//! settings the rulebook's findings will ask for, as commented placeholders.

use std::fmt::Write;

use super::is_secret_key;
use crate::answers::{AnswerText, Answers};
use crate::engine::{self, PlanContext, Settings, Verdict};
use crate::i18n::tr;
use crate::rulebook::{Condition, Rulebook, SettingKind, Severity};
use crate::text::Lang;

/// Settings in which everything is missing: what a fresh plan has.
struct NoSettings;

impl Settings for NoSettings {
    fn is_missing(&self, _key: &str) -> bool {
        true
    }
}

/// A setting given at a prompt, as the plan records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SettingValue {
    Text(String),
    List(Vec<String>),
    /// Any other value (a mapping, nested lists), written as JSON, which YAML reads as
    /// the same value.
    Json(serde_json::Value),
}

/// A setting a fresh plan for this verdict lacks: a finding that fires until it is filled
/// in (`ask --save-plan` asks for these).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WantedSetting {
    pub key: String,
    pub finding: usize,
    /// As the check will report it, escalations included.
    pub severity: Severity,
}

/// The settings the findings that can fire for this verdict's outcome test with
/// `settings-missing`, in rulebook order.
pub fn wanted_settings(rb: &Rulebook, answers: &Answers, verdict: &Verdict) -> Vec<WantedSetting> {
    let filled = engine::with_defaults(rb, answers);
    let plan_verdict = engine::evaluate(
        rb,
        &filled,
        Some(&PlanContext {
            planned: verdict.outcome,
            settings: &NoSettings,
        }),
        verdict.trust,
    );
    wanted(rb, &plan_verdict)
        .into_iter()
        .map(|(key, finding)| WantedSetting {
            severity: plan_verdict
                .findings
                .iter()
                .find(|f| f.finding == finding)
                .map_or(rb.findings[finding].severity, |f| f.severity),
            key,
            finding,
        })
        .collect()
}

/// A plan file (YAML) for the recommended outcome with these answers, in English.
pub fn template(rb: &Rulebook, answers: &Answers, verdict: &Verdict) -> String {
    template_with(rb, answers, verdict, &[], Lang::En)
}

/// A plan file (YAML) for the recommended outcome with these answers: the rulebook it
/// was written against, the path, the answers, the settings `given`, and the others that
/// the findings which can fire for this outcome ask for, as commented placeholders; its
/// comments in `lang`.
///
/// Once the placeholders are filled in, the plan passes `eb-advisor check` unless the
/// verdict itself has error findings (those are listed in the file's comments).
pub fn template_with(
    rb: &Rulebook,
    answers: &Answers,
    verdict: &Verdict,
    given: &[(String, SettingValue)],
    lang: Lang,
) -> String {
    let mut out = String::new();
    let outcome = verdict.outcome.map(|o| &rb.outcomes[o]);
    let _ = writeln!(
        out,
        "{}",
        tr(
            lang,
            "# Integration plan, written by eb-advisor.",
            "# 集成方案，由 eb-advisor 生成。"
        )
    );
    match outcome {
        Some(o) => {
            let _ = writeln!(
                out,
                "# {}{} ({})",
                tr(lang, "Path: ", "路径："),
                one_line(o.name.get(lang)),
                o.id
            );
        }
        None => {
            let _ = writeln!(
                out,
                "{}",
                tr(
                    lang,
                    "# The rulebook supports no path for these answers: set `path` to the outcome\n# you plan to use; `check` will report why it does not fit.",
                    "# 规则库对这些回答没有可支持的路径：请将 `path` 设为您打算采用的方案；\n# `check` 会报告它为何不适用。"
                )
            );
        }
    }
    let _ = writeln!(
        out,
        "{}",
        tr(
            lang,
            "# Keep it in the repository as NAME.eb-plan.yaml and check it (locally or in CI) with:\n#   eb-advisor check NAME.eb-plan.yaml\n# `eb-advisor check DIR` checks every *.eb-plan.yaml under DIR.",
            "# 将其以 NAME.eb-plan.yaml 保存在代码仓库中，并（在本地或 CI 中）检查：\n#   eb-advisor check NAME.eb-plan.yaml\n# `eb-advisor check DIR` 会检查 DIR 下的所有 *.eb-plan.yaml。"
        )
    );

    let filled = engine::with_defaults(rb, answers);
    let plan_verdict = engine::evaluate(
        rb,
        &filled,
        Some(&PlanContext {
            planned: verdict.outcome,
            settings: &NoSettings,
        }),
        // The same source of truth as the verdict the template is drafted from.
        verdict.trust,
    );
    let blocking: Vec<_> = verdict
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .collect();
    if !blocking.is_empty() {
        let _ = writeln!(out, "#");
        let _ = writeln!(
            out,
            "{}",
            tr(
                lang,
                "# Findings for these answers (see `eb-advisor recommend`):",
                "# 这些回答的发现（见 `eb-advisor recommend`）："
            )
        );
        for f in &blocking {
            let def = &rb.findings[f.finding];
            let _ = writeln!(
                out,
                "#   {} {}: {}",
                severity_word(f.severity, lang),
                def.id,
                one_line(def.message.get(lang))
            );
        }
        if blocking.iter().any(|f| f.severity == Severity::Error) {
            let _ = writeln!(
                out,
                "{}",
                tr(
                    lang,
                    "# `check` fails on the errors above until the answers or the path change, or the\n# finding is acknowledged with a reason under `acknowledge:`.",
                    "# 在回答或路径改变之前，`check` 会因上述错误而失败；也可在 `acknowledge:` 下\n# 写明理由以确认该发现。"
                )
            );
        }
    }

    let _ = writeln!(out);
    let _ = writeln!(out, "rulebook:");
    let _ = writeln!(out, "  id: {}", scalar(&rb.id));
    let _ = writeln!(out, "  version: {}", quoted(&rb.version));
    match outcome {
        Some(o) => {
            let _ = writeln!(out, "path: {}", scalar(&o.id));
        }
        None => {
            let ids: Vec<&str> = rb.outcomes.iter().map(|o| o.id.as_str()).collect();
            let _ = writeln!(
                out,
                "path: \"\"  # {}{}",
                tr(lang, "one of: ", "可选："),
                ids.join(", ")
            );
        }
    }
    let _ = writeln!(out, "answers:");
    for (id, value) in answers.to_pairs(rb) {
        let value = match value {
            AnswerText::Number(n) => n.to_string(),
            AnswerText::Text(t) => scalar(&t),
        };
        let _ = writeln!(out, "  {}: {value}", scalar(&id));
    }

    let wanted = wanted(rb, &plan_verdict);
    let open: Vec<&(String, usize)> = wanted
        .iter()
        .filter(|(key, _)| !given.iter().any(|(k, _)| k == key))
        .collect();
    if !given.is_empty() || !open.is_empty() {
        if !open.is_empty() {
            let _ = writeln!(
                out,
                "{}",
                tr(
                    lang,
                    "# Fill these in and remove the leading `#`.",
                    "# 请填写以下各项并去掉行首的 `#`。"
                )
            );
        }
        let _ = writeln!(out, "settings:");
        for (key, value) in given {
            let value = match value {
                SettingValue::Text(text) => scalar(text),
                SettingValue::Json(value) => {
                    serde_json::to_string(value).unwrap_or_else(|_| "null".into())
                }
                SettingValue::List(items) => format!(
                    "[{}]",
                    items
                        .iter()
                        .map(|i| scalar(i))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let _ = writeln!(out, "  {}: {value}", scalar(key));
        }
        for (key, finding) in open {
            let def = &rb.findings[*finding];
            let placeholder = if is_secret_key(rb, key) {
                tr(
                    lang,
                    "\"${ENV_VAR}\"  # a reference (${ENV_VAR} or secret-ref:NAME), never the value;",
                    "\"${ENV_VAR}\"  # 引用（${ENV_VAR} 或 secret-ref:NAME），切勿写入值本身；",
                )
            } else {
                let kind = rb.settings.iter().find(|d| d.key == *key).map(|d| d.kind);
                match kind {
                    Some(SettingKind::List) => tr(
                        lang,
                        " []  # your values, a list;",
                        " []  # 您的值，列表形式；",
                    ),
                    Some(SettingKind::JsonObject) => tr(
                        lang,
                        " {}  # your value, a mapping (or a string holding a JSON object);",
                        " {}  # 您的值，映射（或内容为 JSON 对象的字符串）；",
                    ),
                    _ => tr(lang, " # your value;", " # 您的值；"),
                }
            };
            let severity = plan_verdict
                .findings
                .iter()
                .find(|f| f.finding == *finding)
                .map_or(def.severity, |f| f.severity);
            let _ = match lang {
                Lang::En => writeln!(
                    out,
                    "#  {}:{placeholder} while it is missing or empty, `check` reports {} ({})",
                    scalar(key),
                    def.id,
                    severity.as_str()
                ),
                Lang::Zh => writeln!(
                    out,
                    "#  {}:{placeholder}缺少或为空时，`check` 会报告 {}（{}）",
                    scalar(key),
                    def.id,
                    severity_word(severity, lang)
                ),
            };
        }
    }

    let ackable: Vec<_> = plan_verdict
        .findings
        .iter()
        .filter(|f| f.severity >= Severity::Warning)
        .filter(|f| !wanted.iter().any(|(_, w)| *w == f.finding))
        .collect();
    if !ackable.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            tr(
                lang,
                "# To accept a finding knowingly, give the reason (the check then does not fail on it):",
                "# 如需明知而接受某个发现，请写明理由（检查便不会因它而失败）："
            )
        );
        let _ = writeln!(out, "# acknowledge:");
        for f in ackable {
            let _ = writeln!(
                out,
                "#   {}: \"{}\"",
                rb.findings[f.finding].id,
                tr(lang, "why this is acceptable here", "为何在此可以接受")
            );
        }
    }
    out
}

/// `error`, `warning`, `info`, or their Chinese.
fn severity_word(severity: Severity, lang: Lang) -> &'static str {
    match (lang, severity) {
        (Lang::En, s) => s.as_str(),
        (Lang::Zh, Severity::Error) => "错误",
        (Lang::Zh, Severity::Warning) => "警告",
        (Lang::Zh, Severity::Info) => "提示",
    }
}

/// The settings keys that fired findings test with `settings-missing`, in rulebook order,
/// each with the first finding that wants it.
fn wanted(rb: &Rulebook, verdict: &Verdict) -> Vec<(String, usize)> {
    let mut wanted: Vec<(String, usize)> = Vec::new();
    for fired in &verdict.findings {
        let def = &rb.findings[fired.finding];
        let mut keys = Vec::new();
        settings_keys(&def.when, &mut keys);
        for (_, when) in &def.escalate {
            settings_keys(when, &mut keys);
        }
        for key in keys {
            if !wanted.iter().any(|(k, _)| *k == key) {
                wanted.push((key, fired.finding));
            }
        }
    }
    wanted
}

/// Every key a condition tests with `settings-missing`.
pub fn settings_keys(condition: &Condition, out: &mut Vec<String>) {
    match condition {
        Condition::All(items) | Condition::Any(items) => {
            items.iter().for_each(|c| settings_keys(c, out))
        }
        Condition::Not(inner) => settings_keys(inner, out),
        Condition::SettingsMissing(keys) => out.extend(keys.iter().cloned()),
        _ => {}
    }
}

fn one_line(text: &str) -> String {
    crate::text::escape_controls(text).replace('\n', " ")
}

/// A YAML scalar: plain when it is a plain word, else double-quoted.
pub fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !text.starts_with(['-', '.'])
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "~"
        )
        && text.parse::<f64>().is_err();
    if plain {
        text.to_string()
    } else {
        quoted(text)
    }
}

/// Double-quoted YAML (JSON string syntax is valid YAML).
pub fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}
