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

use super::names::{CHECK_PLAN, DRAFT_PLAN, EXPLAIN_PATH, QUESTIONS, RECOMMEND};
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
        "description": "Language of the summary (default: the server's)."
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
        "description": "Source of truth, as --trust (default: the server's)."
    })
}

pub fn tools(rb: &Rulebook, limits: Limits) -> Vec<Tool> {
    let plan: Value =
        serde_json::from_str(&crate::authoring::schema::plan(rb)).unwrap_or(Value::Null);
    // Each question is described once, in `recommend`'s answers (its prompt, and when it is
    // asked); the other tools take the same ids and values without the words. The help
    // and the values' labels are in the `questions` tool's result and in the plan schema
    // (resource eb-advisor://schema/plan).
    let answers = compact_answers(&plan["properties"]["answers"]);
    let bare_answers = json!({
        "type": "object",
        "description": "Question id to value: the ids and values of `recommend`'s answers."
    });
    let partial_answers = json!({
        "type": "object",
        "description": "The answers so far, any subset: the ids and values of `recommend`'s answers."
    });
    // `type: object` alone (the plan schema allows null too): clients such as MCP
    // Inspector send an argument as JSON only when its type says object.
    let mut settings = plan["properties"]["settings"].clone();
    if let Value::Object(map) = &mut settings {
        map.insert("type".into(), json!("object"));
        // Shorter than the plan schema's words, for tools/list's budget.
        map.insert(
            "description".into(),
            json!("The plan's settings; secrets as references (${ENV_VAR} or secret-ref:NAME)."),
        );
        // The keys alone: which findings read them is in the plan schema.
        if let Some(Value::Object(keys)) = map.get_mut("properties") {
            keys.values_mut().for_each(|v| *v = json!({}));
        }
    }
    let outcome_ids: Vec<&str> = rb.outcomes.iter().map(|o| o.id.as_str()).collect();
    let title = rb.title.get(Lang::En).trim();
    let read_only = ToolAnnotations::new()
        .read_only(true)
        .destructive(false)
        .idempotent(true)
        .open_world(false);
    let tool = |name: &'static str, title_text: &str, description: String, schema: Value| {
        let output = output_schema(name);
        Tool::new(name, description, object(schema))
            .with_title(title_text)
            .with_annotations(read_only.clone())
            .with_raw_output_schema(object(output))
    };
    vec![
        tool(
            QUESTIONS,
            "Questions to ask",
            format!(
                "The questions of the rulebook \"{title}\" that apply to the answers so far, in order, with prompts, help and values; `next` is the first unanswered. Interview the user one question at a time, then call `recommend`."
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
                "The verdict of the rulebook \"{title}\" on a set of answers: path, findings, cost, next steps. The structured result is exactly `eb-advisor recommend --format json`; quote the text summary (with its footnotes) to the user. Deterministic; `eb-advisor check` in CI enforces it."
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
            "Checks a plan file's text (*.eb-plan.yaml) as CI's `eb-advisor check` does; the structured result is exactly `check FILE --format json`. An unreadable plan (`invalid-plan`) is a tool error, with the same findings.".to_string(),
            json!({
                "type": "object",
                "properties": {
                    "text": {
                        "type": "string",
                        "description": format!("The plan's YAML, at most {} bytes.", limits.max_bytes)
                    },
                    "file": {
                        "type": "string",
                        "description": "A label for the findings (default: <plan>); nothing is read from disk."
                    },
                    "fail_level": {
                        "type": "string",
                        "enum": fail_levels(),
                        "description": "As --fail-level (default: the policy's, else error)."
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
            "One path in full: facts, when to use, limitations, sources. The structured result is exactly `eb-advisor paths ID --format json`.".to_string(),
            json!({
                "type": "object",
                "properties": {
                    "path": {
                        "type": "string",
                        "enum": outcome_ids,
                        "description": "The path id (names: resource eb-advisor://paths)."
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
            "The plan file (YAML) for these answers, as `ask --save-plan` writes it, with the settings given filled in; `check` is its check. Secrets must be references (${ENV_VAR} or secret-ref:NAME): a literal secret is refused.".to_string(),
            json!({
                "type": "object",
                "properties": {
                    "answers": bare_answers,
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

/// The plan schema's answers, each question with its type and values only, and with
/// its prompt (first paragraph), and whether it is optional.
fn compact_answers(answers: &Value) -> Value {
    let mut answers = answers.clone();
    // Which answers are required depends on the others (the plan schema's `if`/`then` and
    // the answers that settle the verdict): more than tools/list's budget holds, and
    // `recommend` names each missing answer at its pointer.
    if let Value::Object(map) = &mut answers {
        for rule in ["required", "allOf", "anyOf"] {
            map.remove(rule);
        }
    }
    if let Some(Value::Object(properties)) = answers.get_mut("properties") {
        for question in properties.values_mut() {
            let Value::Object(map) = question else {
                continue;
            };
            map.remove("enumDescriptions");
            let description = map.remove("description");
            let text = description.as_ref().and_then(Value::as_str).unwrap_or("");
            let mut parts = text.split("\n\n");
            let mut short = parts.next().unwrap_or("").trim().to_string();
            if parts.any(|p| p.starts_with("Optional")) {
                short.push_str(" Optional.");
            }
            map.insert("description".into(), json!(short));
        }
    }
    answers
}

/// A property of an output schema: its JSON type, `type` alone (the shape inside is
/// `rules schema plan`'s for answers, and the command's JSON documented in docs/mcp.md).
fn typed(kind: Value) -> Value {
    json!({ "type": kind })
}

/// The schema of a structured result: an object with these properties, `required` of them
/// always present; a tool error is `{ "error": { "message", "problems" } }` instead.
fn output(properties: Value, required: &[&str]) -> Value {
    json!({
        "type": "object",
        "properties": properties,
        "anyOf": [{ "required": required }, { "required": ["error"] }]
    })
}

/// A finding as the JSON of `recommend` and `check` give it: id, severity and message.
fn finding_schema() -> Value {
    json!({ "type": "object", "required": ["id", "severity", "message"] })
}

fn rulebook_ref() -> Value {
    json!({ "type": "object", "required": ["id", "version"] })
}

fn trust_values() -> Value {
    let values: Vec<&str> = Trust::ALL.iter().map(|t| t.as_str()).collect();
    json!({ "enum": values })
}

/// What `recommend --format json` prints (`RecommendJson`, src/report/json.rs).
fn recommend_output() -> Value {
    output(
        json!({
            "rulebook": rulebook_ref(),
            "answers": typed(json!("object")),
            "recommendation": { "type": ["object", "null"], "required": ["path"] },
            "findings": { "type": "array", "items": finding_schema() },
            "summary": typed(json!("object")),
            "rejected": typed(json!("array")),
            "cost": typed(json!("object")),
            "no_estimate": typed(json!("string")),
            "next_steps": typed(json!("array")),
            "decided_by": typed(json!("object")),
            "trace": typed(json!("array")),
            "trust": trust_values(),
            "premises": typed(json!("array")),
            "under-other-trust": typed(json!("object"))
        }),
        &[
            "rulebook",
            "answers",
            "recommendation",
            "findings",
            "summary",
            "rejected",
            "next_steps",
            "decided_by",
            "trace",
            "trust",
        ],
    )
}

/// What `check FILE --format json` prints (src/report/check/json.rs).
fn check_output() -> Value {
    json!({
        "type": "object",
        "required": ["rulebook", "fail_level", "trust", "plans", "summary"],
        "properties": {
            "rulebook": rulebook_ref(),
            "fail_level": { "enum": fail_levels() },
            "trust": trust_values(),
            "plans": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["file", "path", "passed", "findings", "next_steps"],
                    "properties": { "findings": { "type": "array", "items": finding_schema() } }
                }
            },
            "summary": { "type": "object", "required": ["failed", "errors", "warnings", "info"] }
        }
    })
}

/// A tool's output schema: what its structured results validate against.
fn output_schema(name: &str) -> Value {
    match name {
        QUESTIONS => output(
            json!({
                "rulebook": rulebook_ref(),
                "questions": { "type": "array", "items": { "type": "object", "required": ["id", "kind"] } },
                "next": { "type": ["string", "null"] },
                "missing": { "type": "array", "items": { "type": "string" } },
                "ignored": { "type": "array", "items": { "type": "string" } },
                "settled": typed(json!("boolean")),
                "complete": typed(json!("boolean"))
            }),
            &[
                "rulebook",
                "questions",
                "next",
                "missing",
                "ignored",
                "settled",
                "complete",
            ],
        ),
        RECOMMEND => recommend_output(),
        CHECK_PLAN => {
            let mut schema = output(
                json!({}),
                &["rulebook", "fail_level", "trust", "plans", "summary"],
            );
            if let (Value::Object(schema), Value::Object(check)) = (&mut schema, check_output()) {
                if let Some(Value::Object(props)) = schema.get_mut("properties") {
                    if let Some(Value::Object(own)) = check.get("properties") {
                        props.extend(own.clone());
                    }
                }
            }
            schema
        }
        EXPLAIN_PATH => output(
            json!({
                "path": typed(json!("string")),
                "key_facts": typed(json!("array"))
            }),
            &[
                "path",
                "name",
                "kind",
                "key_facts",
                "when_to_use",
                "when_not_to_use",
                "limitations",
            ],
        ),
        DRAFT_PLAN => output(
            json!({ "plan": typed(json!("string")), "check": typed(json!("object")) }),
            &["plan", "check"],
        ),
        _ => json!({ "type": "object" }),
    }
}
