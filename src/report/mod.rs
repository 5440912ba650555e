//! Renderers: each output format is a view of a verdict or a check report. Nothing else
//! in the crate writes to the user.

pub mod check;
pub mod json;
pub mod markdown;
pub mod text;
pub mod trust;

use console::Style;

use crate::rulebook::{Severity, Verify};
pub use crate::text::escape_controls;
use crate::text::Lang;

/// How to speak to the user: language and whether to colour.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    pub lang: Lang,
    pub color: bool,
    /// The terminal's width, when output goes to one; long lines are wrapped to it.
    pub width: Option<usize>,
}

impl Ui {
    pub fn plain(lang: Lang) -> Ui {
        Ui {
            lang,
            color: false,
            width: None,
        }
    }

    pub fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            style.force_styling(true).apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }

    /// Wraps each long line to the terminal's width, continuing under its own indent
    /// (two columns deeper), so paragraphs stay readable in a terminal.
    pub fn wrap(&self, text: &str) -> String {
        let Some(width) = self.width.filter(|w| *w >= 40) else {
            return text.to_string();
        };
        let mut out = String::with_capacity(text.len() + text.len() / 16);
        for line in text.lines() {
            if console::measure_text_width(line) <= width {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            let body = line.trim_start_matches(' ');
            let indent = " ".repeat(line.len() - body.len());
            let hanging = format!("{indent}  ");
            // Break at spaces only, so addresses stay whole for copying; a run longer than
            // the line (an address, or Chinese text without spaces) is split where it must.
            let options = textwrap::Options::new(width)
                .initial_indent(&indent)
                .subsequent_indent(&hanging)
                .word_separator(textwrap::WordSeparator::AsciiSpace)
                .break_words(true);
            for piece in textwrap::wrap(body, options) {
                out.push_str(&piece);
                out.push('\n');
            }
        }
        out
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint(Style::new().bold(), text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.paint(Style::new().dim(), text)
    }

    pub fn severity(&self, severity: Severity) -> String {
        let label = severity_label(self.lang, severity);
        let style = match severity {
            Severity::Error => Style::new().red().bold(),
            Severity::Warning => Style::new().yellow().bold(),
            Severity::Info => Style::new().cyan(),
        };
        self.paint(style, label)
    }
}

pub fn severity_label(lang: Lang, severity: Severity) -> &'static str {
    use crate::i18n::tr;
    match severity {
        Severity::Error => tr(lang, "error", "错误"),
        Severity::Warning => tr(lang, "warning", "警告"),
        Severity::Info => tr(lang, "info", "提示"),
    }
}

/// A yes/no property of an outcome, or a dash where the rulebook does not say.
pub fn yes_no(lang: Lang, value: Option<bool>) -> &'static str {
    use crate::i18n::tr;
    match value {
        Some(true) => tr(lang, "yes", "是"),
        Some(false) => tr(lang, "no", "否"),
        None => "—",
    }
}

/// An amount of money as people write it: no float noise, no needless zeros.
pub fn format_amount(amount: f64) -> String {
    let text = format!("{amount:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "0" && amount > 0.0 {
        format!("{amount:e}")
    } else {
        text.to_string()
    }
}

/// Thousands separators for whole numbers (12,345).
pub fn format_count(n: impl Into<u128>) -> String {
    let n: u128 = n.into();
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The short "verify" note shown beside a contested fact.
pub fn verify_note(lang: Lang, verify: &Verify) -> String {
    use crate::i18n::tr;
    format!(
        "{}{} — {} ({} {})",
        tr(lang, "verify: ", "请核实："),
        verify.docs_say.get(lang),
        verify.url,
        tr(lang, "checked", "核对于"),
        verify.checked
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_drop_noise_and_zeros() {
        assert_eq!(format_amount(0.4), "0.4");
        assert_eq!(format_amount(0.0001), "0.0001");
        assert_eq!(format_amount(0.0), "0");
        assert_eq!(format_amount(12.5), "12.5");
    }

    #[test]
    fn counts_get_separators() {
        assert_eq!(format_count(5u64), "5");
        assert_eq!(format_count(10_000u64), "10,000");
        assert_eq!(format_count(1_234_567u64), "1,234,567");
    }
}
