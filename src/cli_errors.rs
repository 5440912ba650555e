//! clap's parse errors in Chinese. clap speaks English only; this formatter writes the
//! common errors from the details clap collects (the argument, the value, the valid
//! values, a suggestion, the usage line), and keeps clap's English for the rare kinds.

use std::error::Error as _;
use std::fmt::Write as _;

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorFormatter, ErrorKind};

use crate::text::Lang;

/// Prints a parse error (or help, or the version) in `lang`.
pub fn print(error: clap::Error, lang: Lang) -> std::io::Result<()> {
    if lang == Lang::Zh && message(&error).is_some() {
        error.apply::<Chinese>().print()
    } else {
        error.print()
    }
}

struct Chinese;

impl ErrorFormatter for Chinese {
    fn format_error(error: &clap::error::Error<Self>) -> StyledStr {
        // `print` sends only the kinds `message` knows here.
        let message = message(error).unwrap_or_else(|| error.kind().to_string());
        let mut out = StyledStr::new();
        let _ = write!(out, "错误：{message}");
        let mut tips = Vec::new();
        for (kind, what) in [
            (ContextKind::SuggestedSubcommand, "子命令"),
            (ContextKind::SuggestedArg, "参数"),
            (ContextKind::SuggestedValue, "值"),
        ] {
            match error.get(kind) {
                Some(ContextValue::String(similar)) => {
                    tips.push(format!("提示：存在相似的{what}：'{similar}'"));
                }
                Some(ContextValue::Strings(similar)) if !similar.is_empty() => {
                    tips.push(format!(
                        "提示：存在相似的{what}：'{}'",
                        similar.join("', '")
                    ));
                }
                _ => {}
            }
        }
        if let Some(ContextValue::StyledStrs(others)) = error.get(ContextKind::Suggested) {
            tips.extend(
                others
                    .iter()
                    .map(|tip| format!("提示：{}", other_tip(&tip.to_string()))),
            );
        }
        if !tips.is_empty() {
            let _ = write!(out, "\n\n  {}", tips.join("\n  "));
        }
        if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
            let usage = usage.to_string();
            let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
            let _ = write!(out, "\n\n用法：{usage}");
        }
        let _ = writeln!(out, "\n\n更多信息请运行 '--help'。");
        out
    }
}

/// The error's first line (and what belongs under it), or `None` for a kind left to
/// clap's English.
fn message<F: ErrorFormatter>(error: &clap::error::Error<F>) -> Option<String> {
    let text = |kind| match error.get(kind) {
        Some(ContextValue::String(s)) => Some(s.as_str()),
        _ => None,
    };
    let list = |kind| match error.get(kind) {
        Some(ContextValue::Strings(values)) => values.clone(),
        _ => Vec::new(),
    };
    let message = match error.kind() {
        ErrorKind::InvalidValue => {
            let (arg, value) = (
                text(ContextKind::InvalidArg)?,
                text(ContextKind::InvalidValue)?,
            );
            let first = if value.is_empty() {
                format!("'{arg}' 需要一个值，但没有给出")
            } else {
                format!("'{arg}' 的值 '{value}' 无效")
            };
            match list(ContextKind::ValidValue) {
                valid if valid.is_empty() => first,
                valid => format!("{first}\n  [可选值：{}]", valid.join(", ")),
            }
        }
        ErrorKind::ValueValidation => {
            let (arg, value) = (
                text(ContextKind::InvalidArg)?,
                text(ContextKind::InvalidValue)?,
            );
            let why = error.source().map(|source| {
                match source.downcast_ref::<crate::cli::RefusedValue>() {
                    Some(refused) => refused.message(Lang::Zh).to_string(),
                    None => source.to_string(),
                }
            });
            match why {
                Some(why) => format!("'{arg}' 的值 '{value}' 无效：{why}"),
                None => format!("'{arg}' 的值 '{value}' 无效"),
            }
        }
        ErrorKind::UnknownArgument => format!("意外的参数 '{}'", text(ContextKind::InvalidArg)?),
        ErrorKind::InvalidSubcommand => {
            format!(
                "无法识别的子命令 '{}'",
                text(ContextKind::InvalidSubcommand)?
            )
        }
        ErrorKind::MissingRequiredArgument => {
            format!(
                "缺少以下必需参数：\n  {}",
                list(ContextKind::InvalidArg).join("\n  ")
            )
        }
        ErrorKind::ArgumentConflict => {
            let arg = text(ContextKind::InvalidArg)?;
            match text(ContextKind::PriorArg) {
                Some(prior) if prior == arg => format!("参数 '{arg}' 不能重复给出"),
                Some(prior) => format!("参数 '{arg}' 不能与 '{prior}' 同时使用"),
                None => return None,
            }
        }
        _ => return None,
    };
    Some(message)
}

/// clap's other tip, how to pass a value that starts with `-`, in Chinese; any other tip
/// in clap's words.
fn other_tip(tip: &str) -> String {
    let value = tip
        .strip_prefix("to pass '")
        .and_then(|rest| rest.split_once("' as a value, use '-- "))
        .filter(|(value, rest)| rest.strip_suffix('\'') == Some(*value))
        .map(|(value, _)| value);
    match value {
        Some(value) => format!("若要把 '{value}' 作为值传入，请写 '-- {value}'"),
        None => tip.to_string(),
    }
}
