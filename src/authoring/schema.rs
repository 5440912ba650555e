//! `rules schema`: JSON Schemas (draft-07, which editors' YAML language servers read)
//! for rulebooks, plan files and answers files.
//!
//! The rulebook schema is derived from the raw serde types by schemars, so it cannot
//! drift from what the loader accepts. The plan and answers schemas are generated from a
//! loaded rulebook: its question ids with their values, outcome ids and finding ids, with
//! prompts and labels as descriptions, so that an editor completes a plan file.

use serde_json::{json, Map, Value};

use super::settling::{self, Allowed, Pattern};
use crate::plan::Generic;
use crate::rulebook::raw::RawRulebook;
use crate::rulebook::{
    AnswerValue, CmpOp, Condition, Question, QuestionKind, Rulebook, SettingDecl, SettingKind, Test,
};
use crate::text::{Lang, Text};

const DRAFT07: &str = "http://json-schema.org/draft-07/schema#";

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema of the rulebook format itself.
pub fn rulebook() -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<RawRulebook>();
    let mut value = serde_json::to_value(&schema).unwrap_or(Value::Null);
    // A text has a reader of its own (`Text`'s `Deserialize`), which converts nothing.
    let text = value.pointer_mut("/definitions/Text").map(Value::take);
    read_as_the_loader_reads(&mut value);
    if let (Some(text), Some(slot)) = (text, value.pointer_mut("/definitions/Text")) {
        *slot = text;
    }
    if let Some(question) = value.pointer_mut("/definitions/RawQuestion") {
        // `load` counts the choices: two at least for a choice question, none for another.
        question["if"] = json!({ "properties": { "kind": { "const": "choice" } } });
        question["then"] =
            json!({ "required": ["choices"], "properties": { "choices": { "minItems": 2 } } });
        question["else"] = json!({ "properties": { "choices": { "maxItems": 0 } } });
    }
    if let Value::Object(map) = &mut value {
        map.insert("title".into(), json!("eb-advisor rulebook"));
        map.insert(
            "description".into(),
            json!("A decision as data: questions, outcomes, ordered rules, findings and self-tests. See docs/rulebook.md."),
        );
    }
    pretty(&value)
}

/// A YAML 1.1 boolean as the rulebook loader reads one (`yaml::Limits::RULEBOOK`), which an
/// editor reading YAML 1.2 sees as a string: y, yes, true, on, n, no, false, off, in any
/// case.
const YAML11_BOOLEAN: &str = "^[ \\t\\r\\n]*([yY]|[yY][eE][sS]|[tT][rR][uU][eE]|[oO][nN]|[nN]|[nN][oO]|[fF][aA][lL][sS][eE]|[oO][fF][fF])[ \\t\\r\\n]*$";
/// A whole number of 0 or more written as a string, as serde-saphyr reads one: decimal
/// without a leading zero, hexadecimal, octal or binary, `_` between digits. (One past
/// the largest u64 still matches; the loader refuses it.)
const DIGITS: &str = "^[ \\t\\r\\n]*[+]?(0|[1-9](_?[0-9])*|0[xX][0-9a-fA-F](_?[0-9a-fA-F])*|0[oO][0-7](_?[0-7])*|0[bB][01](_?[01])*)[ \\t\\r\\n]*$";
/// A decimal number written as a string, which the loader reads as the number (YAML's
/// `.inf` and `.nan` aside).
const DECIMAL: &str =
    "^[ \\t\\r\\n]*[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?[ \\t\\r\\n]*$";

/// Widens the types schemars derives to the scalars the loader converts (serde-saphyr
/// reads a number or a boolean where text is expected, and text that spells a boolean or
/// a number where one is expected), so that the schema takes what loads.
fn read_as_the_loader_reads(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            let types: Vec<String> = match map.get("type") {
                Some(Value::String(t)) => vec![t.clone()],
                Some(Value::Array(ts)) => ts
                    .iter()
                    .filter_map(|t| t.as_str().map(String::from))
                    .collect(),
                _ => Vec::new(),
            };
            let nullable = types.iter().any(|t| t == "null");
            let plain = !map.contains_key("enum") && !map.contains_key("pattern");
            let spelt = |scalar: &str, pattern: &str| {
                let mut ways = vec![
                    json!({ "type": scalar }),
                    json!({ "type": "string", "pattern": pattern }),
                ];
                if nullable {
                    ways.push(json!({ "type": "null" }));
                }
                ways
            };
            match types.iter().find(|t| *t != "null").map(String::as_str) {
                Some("string") if plain && types.len() <= 2 => {
                    let mut widened = vec![json!("string"), json!("number"), json!("boolean")];
                    if nullable {
                        widened.push(json!("null"));
                    }
                    map.insert("type".into(), json!(widened));
                }
                Some(scalar @ ("boolean" | "integer" | "number")) if plain && types.len() <= 2 => {
                    let pattern = match scalar {
                        "boolean" => YAML11_BOOLEAN,
                        "integer" => DIGITS,
                        _ => DECIMAL,
                    };
                    let mut ways = spelt(scalar, pattern);
                    // The bounds schemars set stay on the number itself.
                    for key in ["minimum", "maximum", "format"] {
                        if let Some(bound) = map.remove(key) {
                            ways[0][key] = bound;
                        }
                    }
                    map.remove("type");
                    map.insert("anyOf".into(), json!(ways));
                }
                _ => map.values_mut().for_each(read_as_the_loader_reads),
            }
        }
        Value::Array(items) => items.iter_mut().for_each(read_as_the_loader_reads),
        _ => {}
    }
}

/// The schema of the team policy file (`eb-advisor.yaml`), with the rulebook's finding ids
/// offered as the keys of `severity`.
pub fn config(rb: &Rulebook) -> String {
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let schema = generator.into_root_schema_for::<crate::policy::PolicySchema>();
    let mut value = serde_json::to_value(&schema).unwrap_or(Value::Null);
    let finding_ids: Vec<&str> = rb.findings.iter().map(|f| f.id.as_str()).collect();
    if let Some(Value::Object(severity)) = value.pointer_mut("/properties/severity") {
        severity.insert("propertyNames".into(), json!({ "enum": finding_ids }));
    }
    // `policy::load` refuses a key written without a value (`trust:` alone) but takes an
    // empty file, a policy that sets nothing: no key is null, the whole file may be.
    if let Some(Value::Object(properties)) = value.pointer_mut("/properties") {
        properties.values_mut().for_each(refuse_null);
    }
    value["type"] = json!(["object", "null"]);
    if let Value::Object(map) = &mut value {
        map.insert(
            "description".into(),
            json!("Settings a team commits once: trust, fail-level, rules, lang, include, exclude and severity overrides. See README.md (Team policy file)."),
        );
    }
    pretty(&value)
}

/// Takes null out of the types a (schemars-derived) property schema allows.
fn refuse_null(schema: &mut Value) {
    if let Some(Value::Array(types)) = schema.get_mut("type") {
        types.retain(|t| t != "null");
    }
    if let Some(Value::Array(ways)) = schema.get_mut("anyOf") {
        ways.retain(|way| *way != json!({ "type": "null" }));
    }
}

fn en(text: &Text) -> String {
    text.get(Lang::En).trim().to_string()
}

/// When an ask-when condition is a plain `question: value` mapping, says so in words.
fn describe_condition(rb: &Rulebook, condition: &Condition) -> Option<String> {
    match condition {
        Condition::All(items) => {
            let parts: Option<Vec<String>> =
                items.iter().map(|c| describe_condition(rb, c)).collect();
            Some(parts?.join(" and "))
        }
        Condition::Answer {
            question,
            test: Test::OneOf(values),
        } => {
            let q = &rb.questions[*question];
            let values: Vec<String> = values.iter().map(|v| q.value_text(*v)).collect();
            Some(format!("{} is {}", q.id, values.join(" or ")))
        }
        _ => None,
    }
}

fn answer_schema(rb: &Rulebook, q: &Question) -> Value {
    let mut description = en(&q.prompt);
    if let Some(help) = &q.help {
        description.push_str("\n\n");
        description.push_str(&en(help));
    }
    if let Some(when) = q.ask_when.as_ref().and_then(|c| describe_condition(rb, c)) {
        description.push_str(&format!("\n\nAsked only when {when}."));
    }
    if !q.required {
        description.push_str("\n\nOptional.");
    }
    let mut schema = Map::new();
    schema.insert("description".into(), json!(description));
    match q.kind {
        QuestionKind::Choice => {
            let values: Vec<&str> = q.choices.iter().map(|c| c.value.as_str()).collect();
            let labels: Vec<String> = q
                .choices
                .iter()
                .map(|c| match &c.help {
                    Some(help) => format!("{}: {}", en(&c.label), en(help)),
                    None => en(&c.label),
                })
                .collect();
            schema.insert("type".into(), json!("string"));
            schema.insert("enum".into(), json!(values));
            schema.insert("enumDescriptions".into(), json!(labels));
        }
        // The values `Question::read_node` takes, and no others (tests/it/conformance.rs
        // compares the two on generated plans).
        QuestionKind::YesNo => {
            schema.insert("enum".into(), json!(["yes", "no", true, false]));
            schema.insert(
                "enumDescriptions".into(),
                json!(["yes", "no", "yes (a YAML boolean)", "no (a YAML boolean)"]),
            );
        }
        QuestionKind::Number => {
            schema.insert("type".into(), json!("integer"));
            schema.insert("minimum".into(), json!(0));
            schema.insert("maximum".into(), json!(q.largest()));
        }
    }
    Value::Object(schema)
}

/// The spellings of one answer value that `Question::read_node` reads as it.
fn spellings(q: &Question, value: AnswerValue) -> Vec<Value> {
    match value {
        AnswerValue::Choice(i) => vec![json!(q.choices[i as usize].value)],
        AnswerValue::Bool(true) => vec![json!("yes"), json!(true)],
        AnswerValue::Bool(false) => vec![json!("no"), json!(false)],
        AnswerValue::Number(n) => vec![json!(n)],
    }
}

/// An ask-when condition as a schema of the answers object, which valid answers pass
/// exactly when the condition holds on the answers asked (`eval::test_holds`: an answer
/// not given, or to a question not asked, fails every test but `answered: false`). `None`
/// for tests of the outcome, the plan or a premise, which the loader refuses in an
/// ask-when.
fn condition_schema(rb: &Rulebook, condition: &Condition) -> Option<Value> {
    let each = |items: &[Condition]| -> Option<Vec<Value>> {
        items.iter().map(|c| condition_schema(rb, c)).collect()
    };
    Some(match condition {
        Condition::All(items) => json!({ "allOf": each(items)? }),
        Condition::Any(items) => json!({ "anyOf": each(items)? }),
        Condition::Not(inner) => json!({ "not": condition_schema(rb, inner)? }),
        Condition::Answer { question, test } => {
            let q = &rb.questions[*question];
            let given =
                |value: Value| json!({ "required": [q.id], "properties": { q.id.clone(): value } });
            let values = |values: &[AnswerValue]| -> Vec<Value> {
                values.iter().flat_map(|v| spellings(q, *v)).collect()
            };
            let holds = match test {
                Test::OneOf(list) => given(json!({ "enum": values(list) })),
                Test::NoneOf(list) => given(json!({ "not": { "enum": values(list) } })),
                Test::Compare(op, n) => given(match op {
                    CmpOp::Gt => json!({ "exclusiveMinimum": n }),
                    CmpOp::Gte => json!({ "minimum": n }),
                    CmpOp::Lt => json!({ "exclusiveMaximum": n }),
                    CmpOp::Lte => json!({ "maximum": n }),
                    CmpOp::Eq => json!({ "const": n }),
                    CmpOp::Ne => json!({ "not": { "const": n } }),
                }),
                Test::Answered(true) => json!({ "required": [q.id] }),
                Test::Answered(false) => json!({ "not": { "required": [q.id] } }),
            };
            // An answer to a question not asked is dropped before anything reads it
            // (`engine::asked_only`): the test then sees no answer.
            match &q.ask_when {
                None => holds,
                Some(when) => {
                    let asked = condition_schema(rb, when)?;
                    match crate::eval::test_holds(test, None) {
                        true => json!({ "anyOf": [{ "not": asked }, holds] }),
                        false => json!({ "allOf": [asked, holds] }),
                    }
                }
            }
        }
        Condition::Outcome(_)
        | Condition::Path(_)
        | Condition::Planned(_)
        | Condition::PlannedDiffers(_)
        | Condition::SettingsMissing(_)
        | Condition::Premise(_) => return None,
    })
}

/// What a settling pattern allows of one answer, and the same in words; `None` when it
/// allows every value (the question need only be answered).
fn allowed_schema(q: &Question, allowed: &Allowed) -> (Option<Value>, String) {
    match allowed {
        Allowed::Values(values) => {
            let words: Vec<String> = values.iter().map(|v| q.value_text(*v)).collect();
            let every = match q.kind {
                QuestionKind::Choice => values.len() == q.choices.len(),
                _ => values.len() == 2,
            };
            let spelt: Vec<Value> = values.iter().flat_map(|v| spellings(q, *v)).collect();
            match every {
                true => (None, format!("{} answered", q.id)),
                false => (
                    Some(json!({ "enum": spelt })),
                    format!("{} {}", q.id, words.join(" or ")),
                ),
            }
        }
        Allowed::Numbers(ranges) => {
            let largest = q.largest();
            if ranges.as_slice() == [(0, largest)] {
                return (None, format!("{} answered", q.id));
            }
            let range = |&(lo, hi): &(u64, u64)| {
                let mut schema = Map::new();
                if lo > 0 {
                    schema.insert("minimum".into(), json!(lo));
                }
                if hi < largest {
                    schema.insert("maximum".into(), json!(hi));
                }
                Value::Object(schema)
            };
            let words: Vec<String> = ranges
                .iter()
                .map(|&(lo, hi)| match (lo, hi) {
                    _ if lo == hi => lo.to_string(),
                    _ if hi == largest => format!("{lo} or more"),
                    _ => format!("{lo} to {hi}"),
                })
                .collect();
            let schema = match ranges.as_slice() {
                [one] => range(one),
                _ => json!({ "anyOf": ranges.iter().map(range).collect::<Vec<_>>() }),
            };
            (Some(schema), format!("{} {}", q.id, words.join(" or ")))
        }
    }
}

/// A pattern of answers that settles the verdict, after which nothing more is demanded.
fn pattern_schema(rb: &Rulebook, pattern: &Pattern) -> Value {
    let mut properties = Map::new();
    let mut words = Vec::new();
    for (question, allowed) in &pattern.answers {
        let q = &rb.questions[*question];
        let (schema, said) = allowed_schema(q, allowed);
        if let Some(schema) = schema {
            properties.insert(q.id.clone(), schema);
        }
        words.push(said);
    }
    let required: Vec<&str> = pattern
        .answers
        .iter()
        .map(|(q, _)| rb.questions[*q].id.as_str())
        .collect();
    let description = match words.is_empty() {
        true => "Any answers settle the verdict: none is required.".to_string(),
        false => format!(
            "These answers settle the verdict, so no other is required: {}.",
            words.join(", ")
        ),
    };
    let mut schema = json!({ "description": description, "required": required });
    if !properties.is_empty() {
        schema["properties"] = Value::Object(properties);
    }
    let asked: Vec<Value> = pattern
        .asked
        .iter()
        .filter_map(|&q| condition_schema(rb, rb.questions[q].ask_when.as_ref()?))
        .collect();
    if !asked.is_empty() {
        schema["allOf"] = json!(asked);
    }
    schema
}

/// The answers object. The answers required are those `settled::missing` demands: every
/// required question without a default that the answers lead to (its ask-when compiled
/// into `if`/`then`), unless the answers given settle the verdict already
/// (`settling::patterns`, each one more way to be complete).
fn answers_object(rb: &Rulebook) -> Value {
    let properties: Map<String, Value> = rb
        .questions
        .iter()
        .map(|q| (q.id.clone(), answer_schema(rb, q)))
        .collect();
    let demanded = rb
        .questions
        .iter()
        .filter(|q| q.required && q.default.is_none());
    let always: Vec<&str> = demanded
        .clone()
        .filter(|q| q.ask_when.is_none())
        .map(|q| q.id.as_str())
        .collect();
    // One `if` per condition, with every question asked under it.
    let mut conditions: Vec<(Value, Vec<&str>)> = Vec::new();
    for q in demanded {
        let Some(when) = q.ask_when.as_ref().and_then(|c| condition_schema(rb, c)) else {
            continue;
        };
        match conditions.iter_mut().find(|(c, _)| *c == when) {
            Some((_, ids)) => ids.push(&q.id),
            None => conditions.push((when, vec![&q.id])),
        }
    }
    let when_asked: Vec<Value> = conditions
        .into_iter()
        .map(|(when, ids)| json!({ "if": when, "then": { "required": ids } }))
        .collect();
    let mut complete = Map::new();
    complete.insert("required".into(), json!(always));
    if !when_asked.is_empty() {
        complete.insert("allOf".into(), json!(when_asked));
    }
    let mut object = json!({
        "type": "object",
        "description": format!("Answers to the questions of the rulebook {}: question id to value.", rb.id),
        "properties": properties,
        "additionalProperties": false
    });
    match settling::patterns(rb) {
        Some(patterns) if patterns.is_empty() => {
            for (key, value) in complete {
                object[key] = value;
            }
        }
        Some(patterns) => {
            complete.insert(
                "description".into(),
                json!("Every question that the answers lead to is answered."),
            );
            let mut ways = vec![Value::Object(complete)];
            ways.extend(patterns.iter().map(|p| pattern_schema(rb, p)));
            object["anyOf"] = json!(ways);
        }
        // Too many answers to find which settle the verdict: requiring any could refuse
        // answers that `check` takes, so the schema leaves it to `check`.
        None => {
            object["description"] = json!(format!(
                "Answers to the questions of the rulebook {}: question id to value. Which are required depends on the others in more ways than this schema lists; `eb-advisor check` names any missing.",
                rb.id
            ));
        }
    }
    object
}

/// The schema of an answers file (`--answers FILE`) for this rulebook.
pub fn answers(rb: &Rulebook) -> String {
    let mut value = answers_object(rb);
    if let Value::Object(map) = &mut value {
        map.insert("$schema".into(), json!(DRAFT07));
        map.insert(
            "title".into(),
            json!(format!("eb-advisor answers for {} {}", rb.id, rb.version)),
        );
    }
    pretty(&value)
}

/// Settings keys the rulebook's conditions and finding locations name.
fn settings_keys(rb: &Rulebook) -> Vec<(String, Vec<String>)> {
    fn walk(c: &Condition, out: &mut Vec<String>) {
        match c {
            Condition::All(items) | Condition::Any(items) => {
                items.iter().for_each(|c| walk(c, out))
            }
            Condition::Not(inner) => walk(inner, out),
            Condition::SettingsMissing(keys) => out.extend(keys.iter().cloned()),
            _ => {}
        }
    }
    let mut keys: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |key: String, finding: &str| match keys.iter_mut().find(|(k, _)| *k == key) {
        Some((_, list)) => {
            if !list.iter().any(|f| f == finding) {
                list.push(finding.to_string())
            }
        }
        None => keys.push((key, vec![finding.to_string()])),
    };
    for f in &rb.findings {
        let mut found = Vec::new();
        walk(&f.when, &mut found);
        for (_, c) in &f.escalate {
            walk(c, &mut found);
        }
        for p in &f.at {
            if let crate::rulebook::PlanPointer::Setting(key) = p {
                found.push(key.clone());
            }
        }
        for key in found {
            add(key, &f.id);
        }
    }
    keys
}

/// An address as a `url` setting takes one (`plan::setting_values`), a reference, or blank.
const URL: &str =
    r"^\s*([hH][tT][tT][pP][sS]?://[^\s/]\S*|\$\{[A-Za-z_][A-Za-z0-9_]*\}|secret-ref:\S+)?\s*$";
/// A string that may hold a JSON object: blank, or braces. Whether the text between them
/// is JSON is more than a schema can say; `check` parses it (tests/it/conformance.rs
/// lists this as the one place where the plan schema is looser).
const JSON_OBJECT_TEXT: &str = r"^\s*(\{[\s\S]*\})?\s*$";

/// The schema of one declared setting's value, as `check` reads its kind
/// (`plan::setting_values`). A literal value under a key that names a secret is a finding
/// of its own (`plaintext-secret`, which a plan may acknowledge), not a malformed plan, so
/// the schema takes it and the description says what to write instead.
fn setting_schema(rb: &Rulebook, decl: &SettingDecl, read_by: Option<&Vec<String>>) -> Value {
    let mut description = en(&decl.prompt);
    if let Some(findings) = read_by {
        description.push_str(&format!(" Read by {}.", findings.join(", ")));
    }
    if crate::plan::is_secret_key(rb, &decl.key) {
        description.push_str(" A secret: write a reference (${ENV_VAR} or secret-ref:NAME); a literal value is reported as plaintext-secret.");
    }
    let scalar = json!(["string", "number", "boolean", "null"]);
    let mut schema = match decl.kind {
        SettingKind::Text | SettingKind::Secret => json!({ "type": scalar }),
        SettingKind::List => json!({
            "type": ["array", "null"],
            "items": { "type": ["string", "number", "boolean", "null"] }
        }),
        SettingKind::JsonObject => json!({
            "anyOf": [
                { "type": "object" },
                { "type": "string", "pattern": JSON_OBJECT_TEXT },
                { "type": "null" }
            ]
        }),
        SettingKind::Url => json!({
            "anyOf": [{ "type": "string", "pattern": URL }, { "type": "null" }]
        }),
    };
    if let Value::Object(map) = &mut schema {
        map.insert("description".into(), json!(description));
    }
    schema
}

/// The plan's `settings:`: the declared keys with the shape of each and no other, or,
/// for a rulebook that declares none, the keys its findings read, described.
fn settings_object(rb: &Rulebook) -> Value {
    let read = settings_keys(rb);
    let read_by = |key: &str| read.iter().find(|(k, _)| k == key).map(|(_, f)| f);
    let description = "Details that findings inspect. Secrets must be references (${ENV_VAR} or secret-ref:NAME), never literal values. May be left empty.";
    if rb.settings.is_empty() {
        let properties: Map<String, Value> = read
            .iter()
            .map(|(key, findings)| {
                let description = format!("Read by the finding(s) {}.", findings.join(", "));
                (key.clone(), json!({ "description": description }))
            })
            .collect();
        return json!({ "description": description, "type": ["object", "null"], "properties": properties });
    }
    let properties: Map<String, Value> = rb
        .settings
        .iter()
        .map(|d| (d.key.clone(), setting_schema(rb, d, read_by(&d.key))))
        .collect();
    json!({
        "description": description,
        "type": ["object", "null"],
        "properties": properties,
        "additionalProperties": false
    })
}

/// The schema of a plan file (`*.eb-plan.yaml`) for this rulebook.
pub fn plan(rb: &Rulebook) -> String {
    let outcome_ids: Vec<&str> = rb.outcomes.iter().map(|o| o.id.as_str()).collect();
    let outcome_names: Vec<String> = rb
        .outcomes
        .iter()
        .map(|o| match &o.best_for {
            Some(best) => format!("{} (best for: {})", en(&o.name), en(best)),
            None => en(&o.name),
        })
        .collect();
    let settings = settings_object(rb);
    let mut acknowledgeable: Map<String, Value> = rb
        .findings
        .iter()
        .map(|f| {
            (
                f.id.clone(),
                json!({
                    "type": "string",
                    "minLength": 1,
                    "description": format!("{} ({}) Why this plan accepts it.", en(&f.message), f.severity.as_str())
                }),
            )
        })
        .collect();
    for g in Generic::ALL.into_iter().filter(|g| g.acknowledgeable()) {
        acknowledgeable.insert(
            g.id().to_string(),
            json!({
                "type": "string",
                "minLength": 1,
                "description": format!("{} Why this plan accepts it.", g.summary(Lang::En))
            }),
        );
    }
    let finding_ids: Vec<String> = acknowledgeable.keys().cloned().collect();
    let value = json!({
        "$schema": DRAFT07,
        "title": format!("eb-advisor plan for {} {}", rb.id, rb.version),
        "description": "An integration plan checked by `eb-advisor check`: the path the team chose, the answers it was chosen on, settings the findings inspect, and acknowledged findings.",
        "type": "object",
        "required": ["path", "answers"],
        "additionalProperties": false,
        "properties": {
            "path": {
                "description": "The outcome the team chose.",
                "type": "string",
                "enum": outcome_ids,
                "enumDescriptions": outcome_names
            },
            "answers": answers_object(rb),
            "settings": settings,
            "acknowledge": {
                "description": "Findings the team accepts: finding id to the reason. An acknowledged finding is reported but does not fail the check. May be left empty.",
                "type": ["object", "null"],
                "propertyNames": { "enum": finding_ids },
                "properties": acknowledgeable
            },
            "rulebook": {
                "description": "The rulebook the plan was written against; another id or version is reported as a warning.",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "id": { "type": "string", "description": format!("This rulebook's id is {}.", rb.id), "examples": [rb.id] },
                    "version": { "type": ["string", "number"], "description": format!("This rulebook's version is {}.", rb.version), "examples": [rb.version] }
                }
            },
            "implemented-by": {
                "description": "The folder of the Terraform files that carry out the plan, relative to the plan: `check` reads it with the plan and reports where the two disagree.",
                "type": "string",
                "pattern": "\\S"
            }
        }
    });
    pretty(&value)
}
