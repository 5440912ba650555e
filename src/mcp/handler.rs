//! What each tool and resource does, as plain functions of their arguments: no I/O, no
//! async, no protocol. The server (`server.rs`) hands requests here; the fuzz target
//! calls these functions directly.
//!
//! Every structured result is the JSON view the matching command prints (built by the
//! same functions), so an agent and CI can never be told different things.

use rmcp::model::{CallToolResult, ContentBlock, JsonObject, ReadResourceResult, ResourceContents};
use rmcp::ErrorData;
use serde_json::{json, Value};

use super::advisor::Advisor;
use super::arguments::{expected_one_of, string_argument, Problem, ToolError};
use super::names::*;
use super::schema;
use super::summary;
use clap::ValueEnum;

use crate::answers::Answers;
use crate::cli::FailLevel;
use crate::engine;
use crate::i18n::tr;
use crate::plan::{self, PlanReport};
use crate::report;
use crate::report::check::{json::JsonReport, Renderer, Summary, View};
use crate::report::Ui;
use crate::rulebook::{QuestionKind, Severity, Trust};
use crate::suggest::nearest;
use crate::text::Lang;

impl Advisor {
    /// Calls a tool. `Err` only for a tool that does not exist (a protocol error, as the
    /// protocol asks); every problem with the arguments is a tool error in the result.
    pub fn call_tool(
        &self,
        name: &str,
        args: Option<&JsonObject>,
    ) -> Result<CallToolResult, ErrorData> {
        let empty = JsonObject::new();
        let args = args.unwrap_or(&empty);
        let result = match name {
            QUESTIONS => self.questions(args),
            RECOMMEND => self.recommend(args),
            CHECK_PLAN => self.check_plan(args),
            EXPLAIN_PATH => self.explain_path(args),
            DRAFT_PLAN => self.draft_plan(args),
            _ => {
                let meant = nearest(name, TOOLS.iter().copied())
                    .map(|m| format!(" (did you mean `{m}`?)"))
                    .unwrap_or_default();
                return Err(ErrorData::invalid_params(
                    format!(
                        "unknown tool `{}`{meant}; expected one of {}",
                        crate::text::inline(name),
                        TOOLS.join(", ")
                    ),
                    None,
                ));
            }
        };
        Ok(result.unwrap_or_else(ToolError::into_result))
    }

    pub fn read_resource(&self, uri: &str) -> Result<ReadResourceResult, ErrorData> {
        let (text, mime) = match uri {
            RULEBOOK_URI => (self.rulebook_yaml.to_string(), "application/yaml"),
            PLAN_SCHEMA_URI => (
                crate::authoring::schema::plan(&self.ctx.rulebook),
                "application/schema+json",
            ),
            PATHS_URI => (
                report::markdown::paths_table(&self.ctx.rulebook, self.ctx.ui.lang),
                "text/markdown",
            ),
            _ => {
                let meant = nearest(uri, RESOURCES.iter().copied())
                    .map(|m| format!(" (did you mean `{m}`?)"))
                    .unwrap_or_default();
                return Err(ErrorData::resource_not_found(
                    format!(
                        "unknown resource `{}`{meant}; expected one of {}",
                        crate::text::inline(uri),
                        RESOURCES.join(", ")
                    ),
                    Some(json!({ "uri": uri })),
                ));
            }
        };
        Ok(ReadResourceResult::new(vec![ResourceContents::text(
            text, uri,
        )
        .with_mime_type(mime)]))
    }

    // -----------------------------------------------------------------------------------
    // The tools
    // -----------------------------------------------------------------------------------

    fn questions(&self, args: &JsonObject) -> Result<CallToolResult, ToolError> {
        let lang = self.arguments(args, &["answers", "lang"], &[])?;
        let given = self.answers(args, lang)?;
        let rb = &self.ctx.rulebook;
        let (answers, ignored) = engine::asked_only(rb, &given);
        let applicable: Vec<usize> = (0..rb.questions.len())
            .filter(|&q| engine::is_asked(rb, q, &answers))
            .collect();
        // As the questionnaire asks: nothing more once the answers settle the verdict
        // (no answer still open could change it), under either source of truth.
        let settled = crate::settled::is_settled(rb, &answers);
        let missing = crate::settled::missing(rb, &answers);
        let next = applicable
            .iter()
            .copied()
            .find(|&q| answers.get(q).is_none())
            .filter(|_| !settled);
        let view = json!({
            "rulebook": { "id": rb.id, "version": rb.version },
            "questions": applicable.iter().map(|&q| self.question_view(q, &answers, lang)).collect::<Vec<_>>(),
            "next": next.map(|q| rb.questions[q].id.as_str()),
            "missing": missing.iter().map(|&q| rb.questions[q].id.as_str()).collect::<Vec<_>>(),
            "ignored": ignored.iter().map(|&q| rb.questions[q].id.as_str()).collect::<Vec<_>>(),
            "settled": settled,
            "complete": missing.is_empty(),
        });
        let text = summary::questions(rb, &answers, next, &missing, &ignored, lang);
        Ok(with_text(text, view))
    }

    fn question_view(&self, q: usize, answers: &Answers, lang: Lang) -> Value {
        let question = &self.ctx.rulebook.questions[q];
        let kind = match question.kind {
            QuestionKind::Choice => "choice",
            QuestionKind::YesNo => "yes-no",
            QuestionKind::Number => "number",
        };
        let values: Vec<Value> = match question.kind {
            QuestionKind::Choice => question
                .choices
                .iter()
                .map(|c| {
                    let mut v = json!({ "value": c.value, "label": c.label.get(lang) });
                    if let Some(help) = &c.help {
                        v["help"] = json!(help.get(lang));
                    }
                    v
                })
                .collect(),
            QuestionKind::YesNo => vec![
                json!({ "value": "yes", "label": tr(lang, "yes", "是") }),
                json!({ "value": "no", "label": tr(lang, "no", "否") }),
            ],
            QuestionKind::Number => Vec::new(),
        };
        let mut view = json!({
            "id": question.id,
            "prompt": question.prompt.get(lang).trim(),
            "kind": kind,
            "required": question.required && question.default.is_none(),
            "allowed": question.allowed_values_in(lang),
        });
        if !values.is_empty() {
            view["values"] = json!(values);
        }
        if let Some(help) = &question.help {
            view["help"] = json!(help.get(lang).trim());
        }
        if let Some(max) = question.max {
            view["max"] = json!(max);
        }
        if let Some(default) = question.default {
            view["default"] = json!(crate::answers::AnswerText::of(question, default));
        }
        if let Some(value) = answers.get(q) {
            view["answer"] = json!(crate::answers::AnswerText::of(question, value));
        }
        view
    }

    fn recommend(&self, args: &JsonObject) -> Result<CallToolResult, ToolError> {
        let lang = self.arguments(args, &["answers", "trust", "lang"], &["answers"])?;
        let trust = self.trust(args, lang)?;
        let (answers, ignored) = self.complete_answers(args, lang)?;
        let rb = &self.ctx.rulebook;
        let verdict = self.verdict(&answers, trust);
        // What `recommend --format json` prints, by the same function.
        let printed = report::json::recommendation(rb, &answers, &verdict);
        let value = serde_json::from_str(&printed).unwrap_or(Value::Null);
        let text = summary::verdict(rb, &answers, &verdict, &ignored, lang);
        Ok(with_text(text, value))
    }

    /// The verdict as `recommend` gives it: under `trust`, with the policy's severities.
    fn verdict(&self, answers: &Answers, trust: Trust) -> engine::Verdict {
        let mut verdict = engine::evaluate(&self.ctx.rulebook, answers, None, trust);
        self.ctx.apply_policy_to_verdict(&mut verdict);
        verdict
    }

    fn check_plan(&self, args: &JsonObject) -> Result<CallToolResult, ToolError> {
        let lang = self.arguments(
            args,
            &["text", "file", "fail_level", "trust", "lang"],
            &["text"],
        )?;
        let trust = self.trust(args, lang)?;
        let text = string_argument(args, "text", lang)?;
        let file = match args.get("file") {
            None => UNNAMED_PLAN.to_string(),
            Some(_) => string_argument(args, "file", lang)?.to_string(),
        };
        let level = match args.get("fail_level") {
            // As `check` without --fail-level: the policy's, else error.
            None => self.ctx.fail_level(None),
            Some(_) => {
                let given = string_argument(args, "fail_level", lang)?;
                FailLevel::from_str(given, false).map_err(|_| {
                    let levels = schema::fail_levels();
                    let levels: Vec<&str> = levels.iter().map(String::as_str).collect();
                    ToolError::one(
                        "/fail_level",
                        expected_one_of(given, &levels, lang),
                        nearest(given, levels.iter().copied()),
                    )
                })?
            }
        };
        let threshold = match level {
            FailLevel::Error => Some(Severity::Error),
            FailLevel::Warning => Some(Severity::Warning),
            FailLevel::Never => None,
        };
        let report = self.check_text(&file, text, trust, lang);
        let (printed, summary) = self.check_json(&report, threshold, trust);
        let value = serde_json::from_str(&printed).unwrap_or(Value::Null);
        let text = summary::check(
            &self.ctx.rulebook,
            &report,
            &summary,
            threshold,
            trust,
            lang,
        );
        let mut result = with_text(text, value);
        // A plan that cannot be read is bad input, as the protocol's tool errors mean;
        // the findings still say where.
        if report
            .findings
            .iter()
            .any(|f| f.kind == plan::Kind::Generic(plan::Generic::InvalidPlan))
        {
            result.is_error = Some(true);
        }
        Ok(result)
    }

    /// A plan's text checked as `check` checks a file: held to the size limit of plan
    /// files, under `trust`, with the policy's severities.
    /// The structured result is English (as `check --format json`), the text in `lang`.
    fn check_text(&self, file: &str, text: &str, trust: Trust, lang: Lang) -> PlanReport {
        let options = plan::CheckOptions {
            languages: plan::Languages::only(Lang::En).with(lang),
            ..plan::CheckOptions::new(self.ctx.limits, trust)
        };
        let mut report = plan::check_bytes(&self.ctx.rulebook, file, text.as_bytes(), options);
        self.ctx.apply_policy_to_report(&mut report);
        report
    }

    /// `check --format json` for one plan, by the renderer `check` uses.
    fn check_json(
        &self,
        report: &PlanReport,
        threshold: Option<Severity>,
        trust: Trust,
    ) -> (String, Summary) {
        let view = View {
            rb: &self.ctx.rulebook,
            ui: Ui::plain(Lang::En),
            threshold,
            shown: Severity::Info,
            trust,
        };
        let mut out = String::new();
        let mut renderer = JsonReport::new(view, &mut out);
        let mut summary = Summary::default();
        summary.add(report, threshold);
        renderer.plan(&mut out, report);
        renderer.finish(&mut out, &summary);
        (out, summary)
    }

    fn explain_path(&self, args: &JsonObject) -> Result<CallToolResult, ToolError> {
        let lang = self.arguments(args, &["path", "lang"], &["path"])?;
        let id = string_argument(args, "path", lang)?;
        let outcome = self.ctx.rulebook.outcome(id).ok_or_else(|| {
            let ids: Vec<&str> = self
                .ctx
                .rulebook
                .outcomes
                .iter()
                .map(|o| o.id.as_str())
                .collect();
            let meant = nearest(id, ids.iter().copied());
            ToolError::one(
                "/path",
                crate::commands::paths::unknown_path(&self.ctx.rulebook, id, lang),
                meant,
            )
        })?;
        let printed = report::json::path(&self.ctx.rulebook, outcome, self.ctx.trust);
        let value = serde_json::from_str(&printed).unwrap_or(Value::Null);
        let text = summary::path(&self.ctx.rulebook, outcome, lang);
        Ok(with_text(text, value))
    }

    fn draft_plan(&self, args: &JsonObject) -> Result<CallToolResult, ToolError> {
        let lang = self.arguments(
            args,
            &["answers", "settings", "trust", "lang"],
            &["answers"],
        )?;
        let trust = self.trust(args, lang)?;
        let settings = self.settings(args, lang)?;
        // The answers as given, not filled with defaults: what `ask --save-plan` writes.
        let given = self.answers(args, lang)?;
        let rb = &self.ctx.rulebook;
        let (given, ignored) = engine::asked_only(rb, &given);
        self.require_complete(&given, lang)?;
        let filled = engine::with_defaults(rb, &given);
        let verdict = self.verdict(&filled, trust);
        let text = plan::template_with(rb, &given, &verdict, &settings, lang);
        let report = self.check_text("draft.eb-plan.yaml", &text, trust, lang);
        // The draft is meant to be committed: it never carries a secret (the check masks
        // the value; the message says which key), and it is a plan `check` can read (the
        // settings given might nest deeper than a plan may, say).
        let refused: Vec<Problem> = report
            .findings
            .iter()
            .filter(|f| {
                matches!(
                    f.kind,
                    plan::Kind::Generic(
                        plan::Generic::PlaintextSecret | plan::Generic::InvalidPlan
                    )
                )
            })
            .map(|f| Problem {
                at: "/settings".into(),
                message: f.message(&self.ctx.rulebook, lang).to_string(),
                suggestion: None,
            })
            .collect();
        if !refused.is_empty() {
            return Err(ToolError::many(refused));
        }
        let (check, check_summary) = self.check_json(&report, Some(Severity::Error), trust);
        let check: Value = serde_json::from_str(&check).unwrap_or(Value::Null);
        let summary_text = summary::draft(
            &self.ctx.rulebook,
            &verdict,
            &report,
            &check_summary,
            &ignored,
            lang,
        );
        let value = json!({ "plan": text, "check": check });
        let mut result = with_text(summary_text, value);
        // The plan itself, ready to save, as its own block.
        result.content.push(ContentBlock::text(text));
        Ok(result)
    }
}

/// A successful result: the structured content once, and the summary beside it (what an
/// agent quotes). The JSON is not repeated as text: clients read `structuredContent`.
fn with_text(summary: String, value: Value) -> CallToolResult {
    let mut result = CallToolResult::structured(value);
    result.content = vec![ContentBlock::text(summary)];
    result
}
