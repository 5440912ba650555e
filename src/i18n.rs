//! The tool's own words in each language it speaks. Translations stand next to their use
//! (`tr(lang, "Findings", "发现")`), so a message and its translation change together.

use crate::text::Lang;

pub fn tr(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The language asked for: the flag, else the locale variables, else English.
pub fn detect(flag: Option<Lang>) -> Lang {
    flag.or_else(|| {
        ["LC_ALL", "LC_MESSAGES", "LANG"].iter().find_map(|var| {
            let value = std::env::var(var).ok().filter(|v| !v.is_empty())?;
            // A set variable decides, even when it names a language we do not speak.
            Some(Lang::from_locale(&value).unwrap_or(Lang::En))
        })
    })
    .unwrap_or(Lang::En)
}
