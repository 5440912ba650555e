//! Text in several languages: a rulebook field is either a plain string or a map of
//! language code to string (`{ en: ..., zh: ... }`).

use borsh::{BorshDeserialize, BorshSerialize};
use std::fmt;

use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Shows control characters and terminal escape sequences as visible escapes, so that
/// text from files cannot rewrite a terminal or a CI log.
pub fn escape_controls(text: &str) -> String {
    if !text.chars().any(is_unsafe) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A piece of a file (a key, a value, a file name) quoted inside a one-line message:
/// every control character escaped, line breaks included, so that it cannot start a
/// line of its own (a CI log reads `::error::` at the start of a line as a command), and
/// cut to a readable length.
pub fn inline(text: &str) -> String {
    const MAX: usize = 100;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", one_line(&text[..cut])),
        None => one_line(text),
    }
}

/// Every control character escaped, line breaks and tabs included: for names (of files,
/// keys) that must stay on one line whatever they hold.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) || c == '\n' || c == '\t' {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        // Bidirectional overrides can make a line read differently from what it is.
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        // Line and paragraph separators break lines in some viewers; U+FFFE and U+FFFF
        // are not characters at all, and XML cannot carry them.
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
}

/// Replaces each `{name}` in a rulebook text with its value; unknown names stay as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The languages the tool itself speaks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The language a locale string such as `zh_CN.UTF-8` asks for, if we speak it.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let code = locale.split(['_', '.', '@', '-']).next()?;
        Lang::from_code(&code.to_ascii_lowercase())
    }
}

/// A text with one or more translations; the first one given is the fallback.
#[derive(Clone, Debug, Default, PartialEq, Eq, BorshSerialize, BorshDeserialize)]
pub struct Text {
    translations: Vec<(String, String)>,
}

impl Text {
    pub fn plain(text: impl Into<String>) -> Text {
        Text {
            translations: vec![(String::new(), text.into())],
        }
    }

    /// The text in `lang`, else English, else the first translation given.
    pub fn get(&self, lang: Lang) -> &str {
        let find = |code: &str| {
            self.translations
                .iter()
                .find(|(c, _)| c == code)
                .map(|(_, t)| t.as_str())
        };
        find(lang.code())
            .or_else(|| find(Lang::En.code()))
            .or_else(|| self.translations.first().map(|(_, t)| t.as_str()))
            .unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.translations.iter().all(|(_, t)| t.trim().is_empty())
    }

    /// The language codes this text is given in (an untagged string counts as `en`).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.translations.iter().map(|(code, _)| {
            if code.is_empty() {
                Lang::En.code()
            } else {
                code.as_str()
            }
        })
    }

    pub fn translations(&self) -> impl Iterator<Item = (&str, &str)> {
        self.languages()
            .zip(self.translations.iter().map(|(_, t)| t.as_str()))
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a map of language code to string ({ en: ..., zh: ... })")
            }
            fn visit_str<E>(self, v: &str) -> Result<Text, E> {
                Ok(Text::plain(escape_controls(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut translations = Vec::new();
                while let Some((code, text)) = map.next_entry::<String, String>()? {
                    if Lang::from_code(&code).is_none()
                        && !(code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()))
                    {
                        return Err(serde::de::Error::custom(format!(
                            "`{code}` is not a language code; expected a two-letter code such as en or zh"
                        )));
                    }
                    translations.push((code, escape_controls(&text)));
                }
                if translations.is_empty() {
                    return Err(serde::de::Error::custom(
                        "empty translation map; expected at least one language",
                    ));
                }
                Ok(Text { translations })
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// JSON and other machine formats get the English text (or the first given).
impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.get(Lang::En))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn falls_back_to_english_then_first() {
        let t: Text = serde_saphyr::from_str("{ en: Hello, zh: 你好 }").unwrap();
        assert_eq!(t.get(Lang::Zh), "你好");
        let t: Text = serde_saphyr::from_str("Hello").unwrap();
        assert_eq!(t.get(Lang::Zh), "Hello");
    }

    #[test]
    fn locale_strings() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Some(Lang::Zh));
        assert_eq!(Lang::from_locale("en_US"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C"), None);
    }

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(escape_controls("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(escape_controls("line\nnext"), "line\nnext");
        assert_eq!(escape_controls("x\ry"), "x\\ry");
    }

    #[test]
    fn inline_text_stays_on_one_line_and_short() {
        assert_eq!(inline("a\n::error::x"), "a\\n::error::x");
        assert_eq!(inline("\u{1b}[2J"), "\\u{1b}[2J");
        let long = "x".repeat(500);
        assert_eq!(inline(&long).chars().count(), 101);
    }
}
