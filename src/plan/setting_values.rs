//! The shape a declared setting's value must have (`plans.settings[].kind`), judged alike
//! on a plan's YAML value (`check`, `draft_plan`) and on a line typed at a prompt
//! (`ask --save-plan`).

use crate::rulebook::SettingKind;
use crate::text::inline;
use crate::yaml::{Node, Value};

use super::lookup::is_reference;
use super::Said;

/// What is wrong with `text`, written or typed for setting `key` of `kind`; `secret` keeps
/// the value out of the message. Blank is never wrong: it is a setting left out.
pub fn text_problem(kind: SettingKind, key: &str, text: &str, secret: bool) -> Option<Said> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let key = inline(key);
    match kind {
        SettingKind::JsonObject => match serde_json::from_str::<serde_json::Value>(text) {
            Ok(serde_json::Value::Object(_)) => None,
            Ok(other) => {
                let (en, zh) = json_kind(&other);
                Some(Said::new(
                    format!("`{key}` holds JSON {en}; expected a JSON object, e.g. `{{\"source\": [\"my.app\"]}}`, or a YAML mapping"),
                    format!("`{key}` 的值是 JSON {zh}；应为 JSON 对象，例如 `{{\"source\": [\"my.app\"]}}`，或 YAML 映射"),
                ))
            }
            Err(e) => Some(Said::new(
                format!("`{key}` is not JSON ({e}); expected a JSON object, e.g. `{{\"source\": [\"my.app\"]}}`, or a YAML mapping"),
                format!("`{key}` 不是合法的 JSON（{e}）；应为 JSON 对象，例如 `{{\"source\": [\"my.app\"]}}`，或 YAML 映射"),
            )),
        },
        SettingKind::Url if !is_reference(text) && !is_web_address(text) => {
            let (en, zh) = match secret {
                true => (format!("`{key}` is not an address"), format!("`{key}` 的值不是地址")),
                false => (
                    format!("`{key}` holds `{}`, which is not an address", inline(text)),
                    format!("`{key}` 的值 `{}` 不是地址", inline(text)),
                ),
            };
            Some(Said::new(
                format!("{en}; expected an http:// or https:// URL, or a reference (${{ENV_VAR}} or secret-ref:NAME)"),
                format!("{zh}；应为 http:// 或 https:// 开头的 URL，或引用（${{ENV_VAR}} 或 secret-ref:NAME）"),
            ))
        }
        _ => None,
    }
}

/// What is wrong with the YAML value of setting `key` of `kind`, if anything.
pub fn node_problem(kind: SettingKind, key: &str, node: &Node, secret: bool) -> Option<Said> {
    let scalar = matches!(
        node.value,
        Value::Str(_) | Value::Int(_) | Value::Float(_) | Value::Bool(_)
    );
    let expected: (&str, &str) = match (kind, &node.value) {
        (_, Value::Null) => return None,
        (SettingKind::JsonObject, Value::Map(_)) => return None,
        (SettingKind::JsonObject | SettingKind::Url, Value::Str(text)) => {
            return text_problem(kind, key, text, secret)
        }
        (SettingKind::List, Value::Seq(items)) => match items.iter().all(|i| !is_nested(i)) {
            true => return None,
            false => {
                let key = inline(key);
                return Some(Said::new(
                    format!("`{key}` holds a list with a list or mapping in it; expected a list of single values, e.g. `{key}: [a, b]`"),
                    format!("`{key}` 的列表中含有列表或映射；应为由单个值组成的列表，例如 `{key}: [a, b]`"),
                ));
            }
        },
        (SettingKind::Text | SettingKind::Secret, _) if scalar => return None,
        (SettingKind::List, _) => {
            let example = match (secret, node.scalar_text()) {
                (false, Some(text)) => format!("{key}: [{}]", inline(&text)),
                _ => format!("{key}: [...]"),
            };
            let key = inline(key);
            return Some(Said::new(
                format!(
                    "`{key}` holds {}; expected a list, e.g. `{example}`",
                    node.kind_name()
                ),
                format!(
                    "`{key}` 的值是{}；应为列表，例如 `{example}`",
                    node.kind_name_zh()
                ),
            ));
        }
        (SettingKind::Text, _) => (
            "a single value (a string or a number)",
            "单个值（字符串或数字）",
        ),
        (SettingKind::Secret, _) => (
            "a reference (${ENV_VAR} or secret-ref:NAME)",
            "引用（${ENV_VAR} 或 secret-ref:NAME）",
        ),
        (SettingKind::JsonObject, _) => (
            "a JSON object: a YAML mapping, or a string holding a JSON object",
            "JSON 对象：YAML 映射，或内容为 JSON 对象的字符串",
        ),
        (SettingKind::Url, _) => (
            "an http:// or https:// URL, or a reference to one",
            "http:// 或 https:// 开头的 URL，或其引用",
        ),
    };
    let key = inline(key);
    Some(Said::new(
        format!(
            "`{key}` holds {}; expected {}",
            node.kind_name(),
            expected.0
        ),
        format!("`{key}` 的值是{}；应为{}", node.kind_name_zh(), expected.1),
    ))
}

fn is_nested(node: &Node) -> bool {
    matches!(node.value, Value::Seq(_) | Value::Map(_))
}

/// `http://HOST…` or `https://HOST…`, the scheme in any case.
fn is_web_address(text: &str) -> bool {
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &text[8..]
    } else if lower.starts_with("http://") {
        &text[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with('/') && !text.contains(char::is_whitespace)
}

fn json_kind(value: &serde_json::Value) -> (&'static str, &'static str) {
    match value {
        serde_json::Value::Array(_) => ("that is an array", "数组"),
        serde_json::Value::String(_) => ("that is a string", "字符串"),
        serde_json::Value::Number(_) => ("that is a number", "数字"),
        serde_json::Value::Bool(_) => ("that is a boolean", "布尔值"),
        serde_json::Value::Null => ("that is null", "null"),
        serde_json::Value::Object(_) => ("that is an object", "对象"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_need_a_scheme_and_a_host() {
        assert!(is_web_address("https://example.com/x"));
        assert!(is_web_address("HTTP://example.com"));
        assert!(!is_web_address("https://"));
        assert!(!is_web_address("https:///path"));
        assert!(!is_web_address("example.com"));
        assert!(!is_web_address("https://a b"));
        // A multi-byte character where the scheme would end is not a panic.
        assert!(!is_web_address("httpé://x"));
    }

    #[test]
    fn event_patterns_must_be_json_objects() {
        let problem = |t| text_problem(SettingKind::JsonObject, "event-pattern", t, false);
        assert!(problem(r#"{"source": ["acs.rds"]}"#).is_none());
        assert!(problem("  ").is_none());
        assert!(problem("not json").unwrap().en.contains("is not JSON"));
        assert!(problem("[1]").unwrap().en.contains("JSON that is an array"));
    }
}
