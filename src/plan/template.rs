//! Writing a plan file for a verdict (`ask --save-plan`): the path, the answers, and the
//! settings the rulebook's findings will ask for, as commented placeholders.

use std::fmt::Write;

use super::is_secret_key;
use crate::answers::{AnswerText, Answers};
use crate::engine::{self, PlanContext, Settings, Verdict};
use crate::rulebook::{Condition, Rulebook, Severity};

/// Settings in which everything is missing: what a fresh plan has.
struct NoSettings;

impl Settings for NoSettings {
    fn is_missing(&self, _key: &str) -> bool {
        true
    }
}

/// A plan file (YAML) for the recommended outcome with these answers: the rulebook it
/// was written against, the path, the answers, and the settings that the findings
/// which can fire for this outcome ask for, as commented placeholders.
///
/// Once the placeholders are filled in, the plan passes `eb-advisor check` unless the
/// verdict itself has error findings (those are listed in the file's comments).
pub fn template(rb: &Rulebook, answers: &Answers, verdict: &Verdict) -> String {
    let mut out = String::new();
    let outcome = verdict.outcome.map(|o| &rb.outcomes[o]);
    let _ = writeln!(out, "# Integration plan, written by eb-advisor.");
    match outcome {
        Some(o) => {
            let _ = writeln!(
                out,
                "# Path: {} ({})",
                one_line(o.name.get(Default::default())),
                o.id
            );
        }
        None => {
            let _ = writeln!(
                out,
                "# The rulebook supports no path for these answers: set `path` to the outcome"
            );
            let _ = writeln!(
                out,
                "# you plan to use; `check` will report why it does not fit."
            );
        }
    }
    let _ = writeln!(
        out,
        "# Keep it in the repository as NAME.eb-plan.yaml and check it (locally or in CI) with:"
    );
    let _ = writeln!(out, "#   eb-advisor check NAME.eb-plan.yaml");
    let _ = writeln!(
        out,
        "# `eb-advisor check DIR` checks every *.eb-plan.yaml under DIR."
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
            "# Findings for these answers (see `eb-advisor recommend`):"
        );
        for f in &blocking {
            let def = &rb.findings[f.finding];
            let _ = writeln!(
                out,
                "#   {} {}: {}",
                f.severity.as_str(),
                def.id,
                one_line(def.message.get(Default::default()))
            );
        }
        if blocking.iter().any(|f| f.severity == Severity::Error) {
            let _ = writeln!(
                out,
                "# `check` fails on the errors above until the answers or the path change, or the"
            );
            let _ = writeln!(
                out,
                "# finding is acknowledged with a reason under `acknowledge:`."
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
            let _ = writeln!(out, "path: \"\"  # one of: {}", ids.join(", "));
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

    let wanted = wanted_settings(rb, &plan_verdict);
    if !wanted.is_empty() {
        let _ = writeln!(out, "# Fill these in and remove the leading `#`.");
        let _ = writeln!(out, "settings:");
        for (key, finding) in &wanted {
            let def = &rb.findings[*finding];
            let placeholder = if is_secret_key(rb, key) {
                "\"${ENV_VAR}\"  # a reference (${ENV_VAR} or secret-ref:NAME), never the value;"
            } else {
                " # your value;"
            };
            let _ = writeln!(
                out,
                "#  {}:{placeholder} while it is missing or empty, `check` reports {} ({})",
                scalar(key),
                def.id,
                // As the check will report it, escalations included.
                plan_verdict
                    .findings
                    .iter()
                    .find(|f| f.finding == *finding)
                    .map_or(def.severity, |f| f.severity)
                    .as_str()
            );
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
            "# To accept a finding knowingly, give the reason (the check then does not fail on it):"
        );
        let _ = writeln!(out, "# acknowledge:");
        for f in ackable {
            let _ = writeln!(
                out,
                "#   {}: \"why this is acceptable here\"",
                rb.findings[f.finding].id
            );
        }
    }
    out
}

/// The settings keys that fired findings test with `settings-missing`, in rulebook order,
/// each with the first finding that wants it.
fn wanted_settings(rb: &Rulebook, verdict: &Verdict) -> Vec<(String, usize)> {
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
fn scalar(text: &str) -> String {
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
fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}
