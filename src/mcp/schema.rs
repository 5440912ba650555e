//! The tools as an agent sees them: names, descriptions and input schemas generated from
//! the loaded rulebook, so that question ids, values and path ids are enums an agent
//! cannot invent.
//!
//! The answers and settings schemas are taken from the plan file's schema (`rules schema
//! plan`), so a tool and an editor completing a plan accept exactly the same.

use std::sync::Arc;

use clap::ValueEnum;
use rmcp::model::{JsonObject, Tool, ToolAnnotations};
use serde_json::{json, Value};

use super::handler::{CHECK_PLAN, DRAFT_PLAN, EXPLAIN_PATH, QUESTIONS, RECOMMEND};
use crate::cli::FailLevel;
use crate::rulebook::{Rulebook, Trust};
use crate::text::Lang;
use crate::yaml::Limits;

fn object(value: Value) -> Arc<JsonObject> {
    match value {
        Value::Object(map) => Arc::new(map),
        _ => Arc::new(JsonObject::new()),
    }
}

fn lang_schema() -> Value {
    json!({
        "type": "string",
        "enum": ["en", "zh"],
        "description": "The language of the text summary and of messages (structured results speak English, as --format json does). Default: the server's --lang."
    })
}

/// The names `--fail-level` takes, from its definition.
pub fn fail_levels() -> Vec<String> {
    FailLevel::value_variants()
        .iter()
        .filter_map(|v| v.to_possible_value())
        .map(|v| v.get_name().to_string())
        .collect()
}

/// The `trust` argument: the values `--trust` takes.
fn trust_schema() -> Value {
    let values: Vec<&str> = Trust::ALL.iter().map(|t| t.as_str()).collect();
    json!({
        "type": "string",
        "enum": values,
        "description": "The source of truth where the rulebook's premises disagree, as --trust: page (the document the rulebook encodes) or docs (the public documentation its premises cite). Default: the server's --trust, else the team policy's, else page."
    })
}

pub fn tools(rb: &Rulebook, limits: Limits) -> Vec<Tool> {
    let plan: Value =
        serde_json::from_str(&crate::authoring::schema::plan(rb)).unwrap_or(Value::Null);
    let answers = plan["properties"]["answers"].clone();
    let settings = plan["properties"]["settings"].clone();
    let mut partial_answers = answers.clone();
    if let Value::Object(map) = &mut partial_answers {
        map.remove("required");
        map.insert(
            "description".into(),
            json!("The answers given so far: question id to value. Any subset, none included."),
        );
    }
    let outcome_ids: Vec<&str> = rb.outcomes.iter().map(|o| o.id.as_str()).collect();
    let outcome_names: Vec<String> = rb
        .outcomes
        .iter()
        .map(|o| o.name.get(Lang::En).trim().to_string())
        .collect();
    let title = rb.title.get(Lang::En).trim();
    let read_only = ToolAnnotations::new()
        .read_only(true)
        .destructive(false)
        .idempotent(true)
        .open_world(false);
    let tool = |name: &'static str, title_text: &str, description: String, schema: Value| {
        Tool::new(name, description, object(schema))
            .with_title(title_text)
            .with_annotations(read_only.clone())
    };
    vec![
        tool(
            QUESTIONS,
            "Questions to ask",
            format!(
                "The questions of the rulebook \"{title}\" that apply to the answers given so far, in the order to ask them, with prompts, help and allowed values; `next` is the first one unanswered and `missing` the required ones still unanswered. Use it to interview the user one question at a time, then call `recommend`."
            ),
            json!({
                "type": "object",
                "properties": { "answers": partial_answers, "lang": lang_schema() },
                "additionalProperties": false
            }),
        ),
        tool(
            RECOMMEND,
            "Recommend a path",
            format!(
                "The verdict of the rulebook \"{title}\" for a set of answers: the recommended path (or none), findings with severities and remedies, why not the other paths, the cost estimate and the rule that decided. The structured result is exactly `eb-advisor recommend --format json`; quote the text summary to the user. Deterministic: the same answers always give the same verdict, and `eb-advisor check` in CI enforces it."
            ),
            json!({
                "type": "object",
                "properties": { "answers": answers, "trust": trust_schema(), "lang": lang_schema() },
                "required": ["answers"],
                "additionalProperties": false
            }),
        ),
        tool(
            CHECK_PLAN,
            "Check a plan file",
            "Checks the text of an integration plan file (*.eb-plan.yaml) as CI's `eb-advisor check` would: every finding with its line and column. The structured result is exactly `eb-advisor check FILE --format json`. A plan that cannot be read or breaks the plan schema (`invalid-plan`) is returned as a tool error, with the same findings.".to_string(),
            json!({
                "type": "object",
                "properties": {
                    "text": {
                        "type": "string",
                        "description": format!("The plan file's content (YAML). At most {} bytes, the limit on plan files (--max-file-size).", limits.max_bytes)
                    },
                    "file": {
                        "type": "string",
                        "description": "The file's name, shown in the findings (default: <plan>). Only a label: nothing is read from disk."
                    },
                    "fail_level": {
                        "type": "string",
                        "enum": fail_levels(),
                        "description": "The plan fails at this severity or above, as --fail-level (default: the team policy's, else error)."
                    },
                    "trust": trust_schema(),
                    "lang": lang_schema()
                },
                "required": ["text"],
                "additionalProperties": false
            }),
        ),
        tool(
            EXPLAIN_PATH,
            "Explain a path",
            "One path of the rulebook in full: best for, description, key facts, when to use and when not to, limitations, with sources. The structured result is exactly `eb-advisor paths ID --format json`.".to_string(),
            json!({
                "type": "object",
                "properties": {
                    "path": {
                        "type": "string",
                        "enum": outcome_ids,
                        "enumDescriptions": outcome_names,
                        "description": "The path (outcome) id."
                    },
                    "lang": lang_schema()
                },
                "required": ["path"],
                "additionalProperties": false
            }),
        ),
        tool(
            DRAFT_PLAN,
            "Draft a plan file",
            "The plan file (YAML) for the verdict on these answers, as `eb-advisor ask --save-plan FILE` writes it, with the settings given written in and the settings still missing left as commented placeholders. `check` is the result of checking the draft. Settings that name secrets must be references (${ENV_VAR} or secret-ref:NAME): a literal secret is refused, never written.".to_string(),
            json!({
                "type": "object",
                "properties": {
                    "answers": answers,
                    "settings": settings,
                    "trust": trust_schema(),
                    "lang": lang_schema()
                },
                "required": ["answers"],
                "additionalProperties": false
            }),
        ),
    ]
}
