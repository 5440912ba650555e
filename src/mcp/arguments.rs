//! A tool call's arguments, read and checked: unknown names, missing ones, answers
//! checked as `--answer ID=VALUE` checks them, sizes held to the file limits. Every
//! problem becomes a [`ToolError`], which the agent reads and can fix.

use rmcp::model::{CallToolResult, ContentBlock, JsonObject};
use serde_json::{json, Value};

use super::advisor::Advisor;
use crate::answers::Answers;
use crate::engine;
use crate::i18n::tr;
use crate::plan::SettingValue;
use crate::rulebook::{Trust, Written};
use crate::suggest::nearest;
use crate::text::Lang;

/// The problems a tool error lists (the rest are counted).
pub const LISTED: usize = 20;

/// One problem with a call's arguments, at a JSON pointer into them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub at: String,
    pub message: String,
    pub suggestion: Option<String>,
}

/// A call that cannot be answered: said as a tool error, which the agent reads and can fix.
#[derive(Debug, Clone, PartialEq)]
pub struct ToolError {
    pub message: String,
    pub problems: Vec<Problem>,
    /// More for the caller to act on (`missing` questions, say).
    pub detail: Option<(&'static str, Value)>,
}

impl ToolError {
    pub(super) fn one(
        at: impl Into<String>,
        message: String,
        suggestion: Option<&str>,
    ) -> ToolError {
        let problem = Problem {
            at: at.into(),
            message,
            suggestion: suggestion.map(str::to_string),
        };
        ToolError::many(vec![problem])
    }

    /// Every problem is counted, the first [`LISTED`] are said: an agent reads a tool
    /// error into its context, where fifty thousand misspelt keys help nobody.
    pub(super) fn many(problems: Vec<Problem>) -> ToolError {
        ToolError::counted(problems, 0)
    }

    /// `problems`, and `unsaid` more found but not worded.
    pub(super) fn counted(mut problems: Vec<Problem>, unsaid: usize) -> ToolError {
        let more = problems.len().saturating_sub(LISTED) + unsaid;
        problems.truncate(LISTED);
        let mut message = problems
            .iter()
            .map(|p| format!("{}: {}", pointer_label(&p.at), p.message))
            .collect::<Vec<_>>()
            .join("\n");
        if more > 0 {
            message.push_str(&format!("\n… (+{more})"));
        }
        ToolError {
            message,
            problems,
            detail: (more > 0).then(|| ("more", json!(more))),
        }
    }

    pub fn into_result(self) -> CallToolResult {
        let problems: Vec<Value> = self
            .problems
            .iter()
            .map(|p| {
                let mut problem = json!({ "at": p.at, "message": p.message });
                if let Some(s) = &p.suggestion {
                    problem["suggestion"] = json!(s);
                }
                problem
            })
            .collect();
        let mut error = json!({ "message": self.message, "problems": problems });
        if let Some((key, value)) = self.detail {
            error[key] = value;
        }
        let mut result = CallToolResult::structured_error(json!({ "error": error }));
        result.content = vec![ContentBlock::text(self.message)];
        result
    }
}

/// `/answers/databse` as `answers.databse`, for messages; the root as `arguments`.
fn pointer_label(at: &str) -> String {
    match at.strip_prefix('/') {
        Some(rest) if !rest.is_empty() => rest.replace('/', "."),
        _ => "arguments".into(),
    }
}

/// A JSON pointer token (RFC 6901).
pub(super) fn token(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

impl Advisor {
    /// Checks the argument names (every unknown one is a problem, with a suggestion) and
    /// the required ones, and reads `lang`.
    pub(super) fn arguments(
        &self,
        args: &JsonObject,
        known: &[&str],
        required: &[&str],
    ) -> Result<Lang, ToolError> {
        let lang = match args.get("lang") {
            None => self.ctx.ui.lang,
            Some(Value::String(code)) if Lang::from_code(code).is_some() => {
                Lang::from_code(code).unwrap_or(self.ctx.ui.lang)
            }
            Some(other) => {
                let text = scalar_text(other);
                return Err(ToolError::one(
                    "/lang",
                    expected_one_of(&text, &["en", "zh"], self.ctx.ui.lang),
                    None,
                ));
            }
        };
        let mut problems = Vec::new();
        for key in args.keys() {
            if !known.contains(&key.as_str()) {
                let meant = nearest(key, known.iter().copied());
                let message = match lang {
                    Lang::En => format!(
                        "unknown argument `{}`{}; expected {}",
                        crate::text::inline(key),
                        meant
                            .map(|m| format!(" (did you mean `{m}`?)"))
                            .unwrap_or_default(),
                        known.join(", ")
                    ),
                    Lang::Zh => format!(
                        "未知的参数 `{}`{}；应为：{}",
                        crate::text::inline(key),
                        meant
                            .map(|m| format!("（是否想写 `{m}`？）"))
                            .unwrap_or_default(),
                        known.join("、")
                    ),
                };
                problems.push(Problem {
                    at: format!("/{}", token(key)),
                    message,
                    suggestion: meant.map(str::to_string),
                });
            }
        }
        for key in required {
            if !args.contains_key(*key) {
                problems.push(Problem {
                    at: format!("/{key}"),
                    message: match lang {
                        Lang::En => format!("missing argument `{key}`"),
                        Lang::Zh => format!("缺少参数 `{key}`"),
                    },
                    suggestion: None,
                });
            }
        }
        match problems.is_empty() {
            true => Ok(lang),
            false => Err(ToolError::many(problems)),
        }
    }

    /// The source of truth for this call: `trust` when given, else the server's (`--trust`,
    /// else the policy's, else the page), as for a command.
    pub(super) fn trust(&self, args: &JsonObject, lang: Lang) -> Result<Trust, ToolError> {
        let Some(value) = args.get("trust") else {
            return Ok(self.ctx.trust);
        };
        let text = scalar_text(value);
        Trust::ALL
            .into_iter()
            .find(|t| value.is_string() && t.as_str() == text)
            .ok_or_else(|| {
                let names = Trust::ALL.map(Trust::as_str);
                ToolError::one(
                    "/trust",
                    expected_one_of(&text, &names, lang),
                    nearest(&text, names.into_iter()),
                )
            })
    }

    /// The settings given for a draft, as a plan file records them: a scalar as text, a
    /// list of scalars as a list, anything else (a mapping, say) as it is.
    pub(super) fn settings(
        &self,
        args: &JsonObject,
        lang: Lang,
    ) -> Result<Vec<(String, SettingValue)>, ToolError> {
        let map = match args.get("settings") {
            None | Some(Value::Null) => return Ok(Vec::new()),
            Some(Value::Object(map)) => map,
            Some(other) => {
                return Err(ToolError::one(
                    "/settings",
                    found_expected(
                        other,
                        "a mapping of settings key to value",
                        "设置键到值的映射",
                        lang,
                    ),
                    None,
                ))
            }
        };
        self.within_limit("/settings", map, lang)?;
        let text = |v: &Value| match v {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => Some(scalar_text(v)),
            _ => None,
        };
        Ok(map
            .iter()
            .map(|(key, value)| {
                let setting = match value {
                    Value::Array(items) => items
                        .iter()
                        .map(text)
                        .collect::<Option<Vec<_>>>()
                        .map_or_else(|| SettingValue::Json(value.clone()), SettingValue::List),
                    other => text(other)
                        .map_or_else(|| SettingValue::Json(value.clone()), SettingValue::Text),
                };
                (key.clone(), setting)
            })
            .collect())
    }

    /// The answers given, checked as `--answer ID=VALUE` checks each one (the same
    /// messages, every problem at once), with the answers the others do not lead to.
    pub(super) fn answers(&self, args: &JsonObject, lang: Lang) -> Result<Answers, ToolError> {
        let rb = &self.ctx.rulebook;
        let mut answers = Answers::new(rb);
        let entries = match args.get("answers") {
            None => return Ok(answers),
            Some(Value::Object(entries)) => entries,
            Some(other) => {
                return Err(ToolError::one(
                    "/answers",
                    found_expected(
                        other,
                        "a mapping of question id to value",
                        "问题 id 到回答的映射",
                        lang,
                    ),
                    None,
                ))
            }
        };
        self.within_limit("/answers", entries, lang)?;
        let mut problems = Vec::new();
        // Problems past those listed are counted, not worded.
        let mut unsaid = 0;
        for (id, value) in entries {
            let question = rb.question(id);
            let valid = question.is_some_and(|q| rb.questions[q].read(written(value)).is_ok());
            if !valid && problems.len() >= LISTED {
                unsaid += 1;
                continue;
            }
            let at = format!("/answers/{}", token(id));
            let Some(q) = question else {
                let meant = nearest(id.trim(), rb.questions.iter().map(|q| q.id.as_str()));
                problems.push(Problem {
                    at,
                    message: crate::answers::unknown_question(rb, id, lang),
                    suggestion: meant.map(str::to_string),
                });
                continue;
            };
            let question = &rb.questions[q];
            match question.read(written(value)) {
                Ok(v) => answers.set(q, Some(v)),
                Err(refusal) => {
                    let secret = rb.is_secret_key(&question.id);
                    problems.push(Problem {
                        at,
                        message: match secret {
                            true => question.invalid_secret_message(lang),
                            false => refusal.message(question, lang),
                        },
                        suggestion: match secret {
                            true => None,
                            false => refusal.meant(question).map(str::to_string),
                        },
                    });
                }
            }
        }
        match problems.is_empty() {
            true => Ok(answers),
            false => Err(ToolError::counted(problems, unsaid)),
        }
    }

    /// Answers for a verdict: those that apply, every required one given, defaults filled
    /// in, as `recommend` takes them; with the questions answered that do not apply.
    pub(super) fn complete_answers(
        &self,
        args: &JsonObject,
        lang: Lang,
    ) -> Result<(Answers, Vec<usize>), ToolError> {
        let given = self.answers(args, lang)?;
        let (answers, ignored) = engine::asked_only(&self.ctx.rulebook, &given);
        self.require_complete(&answers, lang)?;
        Ok((engine::with_defaults(&self.ctx.rulebook, &answers), ignored))
    }

    pub(super) fn require_complete(&self, answers: &Answers, lang: Lang) -> Result<(), ToolError> {
        let rb = &self.ctx.rulebook;
        // As `recommend` asks: none once the answers settle the verdict.
        let missing = crate::settled::missing(rb, answers);
        if missing.is_empty() {
            return Ok(());
        }
        let problems = missing
            .iter()
            .map(|&q| {
                let question = &rb.questions[q];
                Problem {
                    at: format!("/answers/{}", token(&question.id)),
                    message: match lang {
                        Lang::En => format!(
                            "missing answer ({}); expected {}",
                            question.prompt.get(lang).trim(),
                            question.allowed_values_in(lang)
                        ),
                        Lang::Zh => format!(
                            "缺少回答（{}）；应为：{}",
                            question.prompt.get(lang).trim(),
                            question.allowed_values_in(lang)
                        ),
                    },
                    suggestion: None,
                }
            })
            .collect();
        let mut error = ToolError::many(problems);
        error.message.push('\n');
        error.message.push_str(tr(
            lang,
            "Give each in `answers`; the `questions` tool lists them with their prompts and values.",
            "请在 `answers` 中给出每个回答；`questions` 工具会列出它们的提示和可选值。",
        ));
        error.detail = Some((
            "missing",
            json!(missing
                .iter()
                .map(|&q| rb.questions[q].id.as_str())
                .collect::<Vec<_>>()),
        ));
        Err(error)
    }

    /// Answers and settings are held to the size limit of the files that carry them.
    pub(super) fn within_limit(
        &self,
        at: &str,
        value: &JsonObject,
        lang: Lang,
    ) -> Result<(), ToolError> {
        let size = serde_json::to_vec(value).map_or(usize::MAX, |s| s.len()) as u64;
        if size <= self.ctx.limits.max_bytes {
            return Ok(());
        }
        let limit = self.ctx.limits.max_bytes;
        Err(ToolError::one(
            at,
            match lang {
                Lang::En => format!(
                    "{size} bytes of JSON is larger than the limit of {limit} bytes that answers and plan files have; raise it with --max-file-size if the input is genuine"
                ),
                Lang::Zh => format!(
                    "{size} 字节的 JSON 超过了回答文件和方案文件的 {limit} 字节上限；如确属正常输入，请用 --max-file-size 调高上限"
                ),
            },
            None,
        ))
    }
}

pub(super) fn string_argument<'a>(
    args: &'a JsonObject,
    key: &str,
    lang: Lang,
) -> Result<&'a str, ToolError> {
    match args.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(other) => Err(ToolError::one(
            format!("/{key}"),
            found_expected(other, "a string", "字符串", lang),
            None,
        )),
        None => Err(ToolError::one(
            format!("/{key}"),
            match lang {
                Lang::En => format!("missing argument `{key}`"),
                Lang::Zh => format!("缺少参数 `{key}`"),
            },
            None,
        )),
    }
}

/// A JSON value as the text a user would have typed (strings without quotes).
/// A JSON value as an answer's source gives it: read as a file's value is.
fn written(value: &Value) -> Written<'_> {
    match value {
        Value::String(s) => Written::Str(s),
        Value::Bool(b) => Written::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Written::Int(i128::from(u)),
            (_, Some(i), _) => Written::Int(i128::from(i)),
            (_, _, Some(f)) => Written::Float(f),
            _ => Written::Float(f64::INFINITY),
        },
        other => Written::Other {
            found_en: kind_name(other, Lang::En),
            found_zh: kind_name(other, Lang::Zh),
        },
    }
}

pub(super) fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn kind_name(value: &Value, lang: Lang) -> &'static str {
    match value {
        Value::Null => tr(lang, "nothing (null)", "空值（null）"),
        Value::Bool(_) => tr(lang, "a boolean", "布尔值"),
        Value::Number(_) => tr(lang, "a number", "数字"),
        Value::String(_) => tr(lang, "a string", "字符串"),
        Value::Array(_) => tr(lang, "a list", "列表"),
        Value::Object(_) => tr(lang, "a mapping", "映射"),
    }
}

pub(super) fn found_expected(value: &Value, en: &str, zh: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("found {}; expected {en}", kind_name(value, lang)),
        Lang::Zh => format!("得到的是{}；应为{zh}", kind_name(value, lang)),
    }
}

pub(super) fn expected_one_of(text: &str, values: &[&str], lang: Lang) -> String {
    let text = crate::text::inline(text);
    match lang {
        Lang::En => format!(
            "`{text}` is not valid; expected one of {}",
            values.join(", ")
        ),
        Lang::Zh => format!("`{text}` 无效；应为以下之一：{}", values.join("、")),
    }
}
