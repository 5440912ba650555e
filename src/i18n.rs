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

/// What follows a label: `source: ` in English, `来源：` in Chinese, where the
/// full-width colon carries its own space.
pub fn colon(lang: Lang) -> &'static str {
    tr(lang, ": ", "：")
}

static CURRENT: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();

/// Records the language of this run, for the few messages written far from any context
/// (a failed write to stdout). The first call wins.
pub fn set_current(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The language of this run, once known; else from the locale.
pub fn current() -> Lang {
    CURRENT.get().copied().unwrap_or_else(|| detect(None))
}
