//! `jsonencode` of a known value: compact JSON, object keys in the order written.
//!
//! Strings are escaped as terraform's jsonencode does (Go's encoder): `<`, `>`, `&`, U+2028
//! and U+2029 as `\u` escapes too, so that the text compares equal to what terraform sends.

use std::fmt::Write;

use super::model::Value;

/// The JSON text of `value`, or `None` when part of it is not known. The value's depth is
/// bounded by the evaluator (`ReadOptions::max_depth`), so the recursion is too.
pub(super) fn encode(value: &Value) -> Option<String> {
    let mut out = String::new();
    write_value(&mut out, value).then_some(out)
}

fn write_value(out: &mut String, value: &Value) -> bool {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(text) => out.push_str(&json_number(text)),
        Value::Str(text) => write_string(out, text),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !write_value(out, &item.value) {
                    return false;
                }
            }
            out.push(']');
        }
        Value::Object(entries) => {
            out.push('{');
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(out, key);
                out.push(':');
                if !write_value(out, &item.value) {
                    return false;
                }
            }
            out.push('}');
        }
        Value::Unknown(_) => return false,
    }
    true
}

/// A number as written when that is JSON (HCL's `1.50` is), else as the float it means.
fn json_number(text: &str) -> String {
    if serde_json::from_str::<serde_json::Number>(text).is_ok() {
        return text.to_string();
    }
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or_else(|| "null".to_string(), |n| n.to_string())
}

fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
