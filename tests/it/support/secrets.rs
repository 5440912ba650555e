//! The secret-leak oracle shared by the `plan_check` fuzz target and
//! `tests/it/properties.rs`: a literal under a secret-like settings key must show in no
//! message and no code frame of the plan's report.

use eb_advisor::plan;
use eb_advisor::rulebook::{self, Rulebook};
use eb_advisor::text::Lang;
use eb_advisor::yaml::{self, Limits, Node, Value};

/// Literal values under secret-like keys in a plan's `settings:`: no frame and no message
/// may show them, wherever else in the file they stand (under an anchor, written twice).
fn secrets(rb: &Rulebook, text: &str) -> Vec<String> {
    fn walk(rb: &Rulebook, node: &Node, secret: bool, out: &mut Vec<String>) {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    walk(rb, value, secret || rb.is_secret_key(&key.name), out);
                }
            }
            Value::Seq(items) => items.iter().for_each(|i| walk(rb, i, secret, out)),
            Value::Str(s) if secret && !plan::is_reference(s.trim()) => out.push(s.trim().into()),
            _ => {}
        }
    }
    let Ok(root) = yaml::parse::<Node>("p", text, Limits::PLAN) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let Some((_, settings)) = root.get("settings") {
        walk(rb, settings, false, &mut found);
    }
    // Masked by its text from four characters on, and not a word the tool says itself (in
    // the rulebook's messages, or the plan format's keys).
    let known = format!(
        "{} {} fuzz.eb-plan.yaml",
        rulebook::EMBEDDED_SOURCE,
        plan::PLAN_KEYS.join(" ")
    );
    found.retain(|s| s.chars().count() >= 4 && !known.contains(s.as_str()));
    found
}

pub fn assert_secrets_hidden(rb: &Rulebook, text: &str, report: &plan::PlanReport) {
    for secret in secrets(rb, text) {
        for f in &report.findings {
            for lang in [Lang::En, Lang::Zh] {
                assert!(
                    !f.message(rb, lang).contains(&secret),
                    "secret {secret:?} in a message: {}",
                    f.message(rb, lang)
                );
            }
            if let Some((_, frame)) = &f.frame {
                assert!(
                    !frame.contains(&secret),
                    "secret {secret:?} in a frame: {frame}"
                );
            }
        }
    }
}
