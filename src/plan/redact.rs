//! Secret values kept out of everything a plan's report prints, wherever else they occur.
//!
//! Frames mask what sits under a secret-like key by position; but the same value can
//! show elsewhere: written twice (`database: hunter2`, `password: hunter2`), or given
//! once under an anchor and used under a secret-like key through an alias. A message that
//! quotes the other place ("`hunter2` is not a valid answer") would print it. So every
//! literal secret value, and every credential inside a URL, is also masked by its text,
//! in messages, reasons and frames.

use super::credentials;
use super::lookup::is_literal_secret;
use super::{is_secret_key, PlanFinding};
use crate::rulebook::Rulebook;
use crate::yaml::{Node, Value};

/// Shorter values are not masked by their text: masking every `on` or `123` in every
/// message would garble the report more than such a value could reveal.
const SHORTEST_MASKED: usize = 4;

pub(super) fn redact(rb: &Rulebook, root: &Node, findings: &mut [PlanFinding]) {
    let mut secrets = Vec::new();
    collect(rb, root, false, &mut secrets);
    secrets.retain(|s| s.chars().count() >= SHORTEST_MASKED);
    if secrets.is_empty() {
        return;
    }
    // Longest first, so that a secret containing another is masked whole.
    secrets.sort_by_key(|s: &String| std::cmp::Reverse(s.len()));
    for f in findings.iter_mut() {
        if let Some(said) = &mut f.said {
            mask(&mut said.en, &secrets);
            mask(&mut said.zh, &secrets);
        }
        if let Some(reason) = &mut f.acknowledged {
            mask(reason, &secrets);
        }
        if let Some((_, line)) = &mut f.frame {
            mask(line, &secrets);
        }
    }
}

/// The literal values under secret-like keys, anywhere in the plan.
fn collect(rb: &Rulebook, node: &Node, secret: bool, out: &mut Vec<String>) {
    match &node.value {
        Value::Map(entries) => {
            for (key, value) in entries {
                collect(rb, value, secret || is_secret_key(rb, &key.name), out);
            }
        }
        Value::Seq(items) => items.iter().for_each(|item| collect(rb, item, secret, out)),
        Value::Str(s) if !secret => {
            out.extend(credentials::in_value(rb, s).into_iter().map(str::to_string));
        }
        _ if !secret || !is_literal_secret(node) => {}
        Value::Str(s) => out.push(s.trim().to_string()),
        Value::Int(n) => out.push(n.to_string()),
        Value::Float(x) => out.push(x.to_string()),
        // `yes` and `no` say nothing; masking them would garble every message.
        Value::Bool(_) | Value::Null => {}
    }
}

/// Masks until no secret is left: masking one can join the text around it into another
/// (`ab**` then `***b` in `ab**b`). Each pass shortens the text, so this ends.
fn mask(text: &mut String, secrets: &[String]) {
    while let Some(secret) = secrets.iter().find(|s| text.contains(s.as_str())) {
        *text = text.replace(secret.as_str(), "***");
    }
}

#[cfg(test)]
mod tests {
    use super::mask;

    #[test]
    fn masking_leaves_no_secret_even_one_it_joins_anew() {
        let secrets = ["***b".to_string(), "ab**".to_string()];
        let mut text = "value `ab**b` and ab**".to_string();
        mask(&mut text, &secrets);
        assert!(secrets.iter().all(|s| !text.contains(s.as_str())), "{text}");
        assert_eq!(text, "value `***` and ***");
    }
}
