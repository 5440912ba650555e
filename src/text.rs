//! Text in several languages: a rulebook field is either a plain string or a map of
//! language code to string (`{ en: ..., zh: ... }`).
//!
//! Compiled into `build.rs` as well (the embedded rulebook is validated and pre-compiled
//! at build time), with `diag`, `suggest`, `text`, `yaml` and `yaml_problem`: so it imports
//! nothing else of the crate. docs/architecture.md says why.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use borsh::{BorshDeserialize, BorshSerialize};
use smallvec::SmallVec;

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

/// `template` with each `{name}` placeholder replaced by `value(name)`, in one pass (a
/// value is never read again for placeholders of its own); a name given no value stays as
/// written.
pub fn fill_with(template: &str, mut value: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut copied = 0;
    for (span, name) in placeholder_spans(template) {
        if let Some(v) = value(name) {
            out.push_str(&template[copied..span.start]);
            out.push_str(&v);
            copied = span.end;
        }
    }
    out.push_str(&template[copied..]);
    out
}

/// The `{name}` placeholders of a template, in order; `${NAME}` (an environment variable
/// as a text shows it) is not one.
pub fn placeholders(template: &str) -> Vec<&str> {
    placeholder_spans(template).map(|(_, name)| name).collect()
}

/// Each placeholder with the bytes it covers, braces included.
fn placeholder_spans(template: &str) -> impl Iterator<Item = (std::ops::Range<usize>, &str)> {
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(open) = template[from..].find('{').map(|i| from + i) {
            let close = open + 1 + template[open + 1..].find('}')?;
            let name = &template[open + 1..close];
            let is_env = template[..open].ends_with('$');
            from = close + 1;
            if !is_env
                && !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            {
                return Some((open..close + 1, name));
            }
        }
        None
    })
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
///
/// The translations live one after another in one string: the embedded rulebook holds
/// hundreds of texts, and loading each with two allocations rather than one per language
/// code and one per translation is a good part of a fast start-up. The embedded
/// rulebook's texts are not even copied: they borrow from one string compiled into the
/// binary (see [`TextTable`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    /// Every translation, one after another, in the order given.
    all: Cow<'static, str>,
    /// Each translation's language code (`NO_CODE` for an untagged string) and where it
    /// ends in `all`.
    /// Inline for up to two translations (en and zh), so most texts allocate nothing.
    parts: SmallVec<[(Code, usize); 2]>,
}

/// A two-letter language code, lowercase ASCII.
type Code = [u8; 2];

/// The code of an untagged string (`title: Hello`), which counts as English.
const NO_CODE: Code = [0, 0];

fn is_code(code: Code) -> bool {
    code.iter().all(u8::is_ascii_lowercase)
}

impl Text {
    pub fn plain(text: impl Into<String>) -> Text {
        let all: String = text.into();
        let parts = smallvec::smallvec![(NO_CODE, all.len())];
        Text {
            all: Cow::Owned(all),
            parts,
        }
    }

    /// Each translation with its code as given (empty for an untagged string).
    fn parts(&self) -> impl Iterator<Item = (&str, &str)> {
        let mut start = 0;
        self.parts.iter().map(move |(code, end)| {
            let text = &self.all[start..*end];
            start = *end;
            let code = if *code == NO_CODE {
                ""
            } else {
                std::str::from_utf8(code).unwrap_or("")
            };
            (code, text)
        })
    }

    /// The text in `lang`, else English, else the first translation given.
    pub fn get(&self, lang: Lang) -> &str {
        let find = |code: &str| self.parts().find(|(c, _)| *c == code).map(|(_, t)| t);
        find(lang.code())
            .or_else(|| find(Lang::En.code()))
            .or_else(|| self.parts().next().map(|(_, t)| t))
            .unwrap_or("")
    }

    pub fn is_empty(&self) -> bool {
        self.parts().all(|(_, t)| t.trim().is_empty())
    }

    /// The language codes this text is given in (an untagged string counts as `en`).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.parts().map(|(code, _)| {
            if code.is_empty() {
                Lang::En.code()
            } else {
                code
            }
        })
    }

    pub fn translations(&self) -> impl Iterator<Item = (&str, &str)> {
        self.languages().zip(self.parts().map(|(_, t)| t))
    }
}

/// Where texts are written to and read from while a rulebook is (de)serialized: inline
/// (each text carries its string), or one shared table of all texts, which lets the
/// embedded rulebook borrow its texts from a `&'static str` checked once, at compile time.
pub enum TextTable {
    Writing(String),
    Reading(&'static str),
}

thread_local! {
    static TABLE: RefCell<Option<TextTable>> = const { RefCell::new(None) };
}

impl TextTable {
    /// Runs `f` with texts written to a shared table; returns its result and the table.
    pub fn writing<T>(f: impl FnOnce() -> T) -> (T, String) {
        TABLE.with(|t| *t.borrow_mut() = Some(TextTable::Writing(String::new())));
        let result = f();
        let table = TABLE.with(|t| match t.borrow_mut().take() {
            Some(TextTable::Writing(table)) => table,
            _ => String::new(),
        });
        (result, table)
    }

    /// Runs `f` with texts read from `table` (as written by [`TextTable::writing`]).
    pub fn reading<T>(table: &'static str, f: impl FnOnce() -> T) -> T {
        TABLE.with(|t| *t.borrow_mut() = Some(TextTable::Reading(table)));
        let result = f();
        TABLE.with(|t| *t.borrow_mut() = None);
        result
    }
}

fn invalid(message: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, message.to_string())
}

/// Stored as the joined text (inline, or as its place in the shared table), then each
/// part's code and end.
impl BorshSerialize for Text {
    fn serialize<W: std::io::Write>(&self, writer: &mut W) -> std::io::Result<()> {
        let place = TABLE.with(|t| match t.borrow_mut().as_mut() {
            Some(TextTable::Writing(table)) => {
                let start = table.len() as u64;
                table.push_str(&self.all);
                Some((start, self.all.len() as u64))
            }
            _ => None,
        });
        match place {
            Some(place) => BorshSerialize::serialize(&place, writer)?,
            None => BorshSerialize::serialize(self.all.as_ref(), writer)?,
        }
        let parts: Vec<(Code, u64)> = self
            .parts
            .iter()
            .map(|(code, end)| (*code, *end as u64))
            .collect();
        BorshSerialize::serialize(&parts, writer)
    }
}

impl BorshDeserialize for Text {
    fn deserialize_reader<R: std::io::Read>(reader: &mut R) -> std::io::Result<Self> {
        let table = TABLE.with(|t| match t.borrow().as_ref() {
            Some(TextTable::Reading(table)) => Some(*table),
            _ => None,
        });
        let all = match table {
            Some(table) => {
                let (start, len) = <(u64, u64)>::deserialize_reader(reader)?;
                let range = usize::try_from(start).ok().zip(usize::try_from(len).ok());
                let text = range
                    .and_then(|(start, len)| table.get(start..start.checked_add(len)?))
                    .ok_or_else(|| invalid("a text's place is outside the text table"))?;
                Cow::Borrowed(text)
            }
            None => Cow::Owned(String::deserialize_reader(reader)?),
        };
        // Read part by part (the same bytes as a Vec) to avoid an allocation per text.
        let count = u32::deserialize_reader(reader)?;
        let mut parts = SmallVec::new();
        let mut start = 0;
        for _ in 0..count {
            let (code, end) = <(Code, u64)>::deserialize_reader(reader)?;
            let end = usize::try_from(end).unwrap_or(usize::MAX);
            if !(code == NO_CODE || is_code(code)) || end < start || !all.is_char_boundary(end) {
                return Err(invalid("a text's parts do not fit its string"));
            }
            parts.push((code, end));
            start = end;
        }
        Ok(Text { all, parts })
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
                let mut text = Text::default();
                while let Some((code, value)) = map.next_entry::<String, String>()? {
                    let code: Code = match code.as_bytes() {
                        &[a, b] if is_code([a, b]) => [a, b],
                        _ => {
                            return Err(serde::de::Error::custom(format!(
                                "`{code}` is not a language code; expected a two-letter code such as en or zh"
                            )))
                        }
                    };
                    let all = text.all.to_mut();
                    all.push_str(&escape_controls(&value));
                    text.parts.push((code, all.len()));
                }
                if text.parts.is_empty() {
                    return Err(serde::de::Error::custom(
                        "empty translation map; expected at least one language",
                    ));
                }
                Ok(text)
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

/// Why a file could not be read or written, in the user's language. The system's own
/// text (`std::io::Error`'s `Display`) is English whatever the locale, so every kind a
/// file, a pipe or a network file system can give is worded here. A kind without words
/// of its own (`Other`, or one that a later Rust release adds) keeps the system's text in
/// English; in Chinese it is called a system error, with the system's error number (what
/// a search for the cause needs) or, for an error a library made, its own text.
pub fn io_reason(e: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind::*;
    let (en, zh) = match e.kind() {
        NotFound => ("no such file or directory", "文件或目录不存在"),
        PermissionDenied => ("permission denied", "权限不足"),
        AlreadyExists => ("it already exists", "已存在"),
        IsADirectory => ("it is a folder, not a file", "这是文件夹，不是文件"),
        NotADirectory => (
            "a part of the path is not a folder",
            "路径中有一段不是文件夹",
        ),
        DirectoryNotEmpty => ("the folder is not empty", "文件夹不为空"),
        StorageFull => ("no space left on the device", "设备上没有剩余空间"),
        QuotaExceeded => ("the disk quota is exceeded", "超出磁盘配额"),
        FileTooLarge => ("the file is too large", "文件过大"),
        ReadOnlyFilesystem => ("the file system is read-only", "文件系统是只读的"),
        ResourceBusy => ("the file or device is busy", "文件或设备正忙"),
        ExecutableFileBusy => ("the file is a running program", "该文件是正在运行的程序"),
        CrossesDevices => (
            "it cannot be moved across file systems",
            "无法跨文件系统移动",
        ),
        TooManyLinks => ("too many links", "链接过多"),
        InvalidFilename => ("the file name is invalid or too long", "文件名无效或过长"),
        StaleNetworkFileHandle => (
            "the network file system lost the file (stale handle)",
            "网络文件系统已失去该文件（句柄过期）",
        ),
        NotSeekable => (
            "the file cannot be read from a position",
            "该文件无法定位读取",
        ),
        BrokenPipe => ("the reader closed the pipe", "读取方已关闭管道"),
        WriteZero => ("nothing could be written", "无法写入任何内容"),
        UnexpectedEof => ("the file ended early", "文件意外结束"),
        InvalidData => (
            "the data is not valid (not UTF-8 text?)",
            "数据无效（不是 UTF-8 文本？）",
        ),
        InvalidInput => ("the request was invalid", "请求无效"),
        ArgumentListTooLong => ("the argument list is too long", "参数列表过长"),
        Interrupted => ("the operation was interrupted", "操作被中断"),
        WouldBlock => ("the operation would block", "操作会阻塞"),
        TimedOut => ("the operation timed out", "操作超时"),
        Deadlock => ("a file lock would deadlock", "文件锁会导致死锁"),
        OutOfMemory => ("out of memory", "内存不足"),
        Unsupported => ("not supported on this system", "此系统不支持该操作"),
        ConnectionRefused | ConnectionReset | ConnectionAborted | NotConnected
        | HostUnreachable | NetworkUnreachable | NetworkDown | AddrInUse | AddrNotAvailable => {
            ("the network connection failed", "网络连接失败")
        }
        _ if lang == Lang::En => return e.to_string(),
        _ => {
            return match e.raw_os_error() {
                Some(code) => format!("系统错误（错误码 {code}）"),
                None => format!("系统错误：{e}"),
            }
        }
    };
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_once_each_and_environment_names_are_left() {
        let value = |name: &str| match name {
            "item" => Some("a box {size}".to_string()),
            "size" => Some("large".to_string()),
            _ => None,
        };
        // A value that holds a placeholder of its own is not filled again; `${NAME}`, a
        // name without a value and a brace left open stay as written.
        assert_eq!(
            fill_with("{item}, {size}, ${size}, {unknown}, {open", value),
            "a box {size}, large, ${size}, {unknown}, {open"
        );
        assert_eq!(placeholders("{a} ${b} {c.d} {not a name} {}"), ["a", "c.d"]);
    }

    #[test]
    fn falls_back_to_english_then_first() {
        let t: Text = serde_saphyr::from_str("{ en: Hello, zh: 你好 }").unwrap();
        assert_eq!(t.get(Lang::Zh), "你好");
        let t: Text = serde_saphyr::from_str("Hello").unwrap();
        assert_eq!(t.get(Lang::Zh), "Hello");
    }

    #[test]
    fn translations_keep_their_order_codes_and_fallbacks() {
        let t: Text = serde_saphyr::from_str("{ zh: 你好, en: Hello, fr: Bonjour }").unwrap();
        assert_eq!(t.get(Lang::En), "Hello");
        assert_eq!(t.get(Lang::Zh), "你好");
        assert_eq!(t.languages().collect::<Vec<_>>(), ["zh", "en", "fr"]);
        assert_eq!(
            t.translations().collect::<Vec<_>>(),
            [("zh", "你好"), ("en", "Hello"), ("fr", "Bonjour")]
        );
        let t: Text = serde_saphyr::from_str("{ zh: 你好 }").unwrap();
        assert_eq!(t.get(Lang::En), "你好");
        assert_eq!(Text::plain("Hi").languages().collect::<Vec<_>>(), ["en"]);
        assert_eq!(Text::default().get(Lang::En), "");
        assert!(Text::default().is_empty());
        assert!(serde_saphyr::from_str::<Text>("{ english: Hello }").is_err());
        assert!(serde_saphyr::from_str::<Text>("{ EN: Hello }").is_err());
    }

    #[test]
    fn borsh_round_trips_and_rejects_parts_that_do_not_fit() {
        let t: Text = serde_saphyr::from_str("{ en: Hello, zh: 你好 }").unwrap();
        let bytes = borsh::to_vec(&t).unwrap();
        assert_eq!(borsh::from_slice::<Text>(&bytes).unwrap(), t);
        let plain = Text::plain("x");
        assert_eq!(
            borsh::from_slice::<Text>(&borsh::to_vec(&plain).unwrap()).unwrap(),
            plain
        );
        // An end inside a character, past the string, or going backwards; a bad code.
        for parts in [
            vec![(*b"en", 6u64)],
            vec![(*b"en", 99)],
            vec![(*b"en", 5), (*b"zh", 4)],
            vec![(*b"E!", 5)],
        ] {
            let mut bytes = borsh::to_vec("Hello你好").unwrap();
            bytes.extend(borsh::to_vec(&parts).unwrap());
            assert!(borsh::from_slice::<Text>(&bytes).is_err(), "{parts:?}");
        }
    }

    /// Every kind of I/O error a stable Rust names is worded in Chinese, and one it does
    /// not name (ELOOP is `FilesystemLoop`, unstable) is called a system error with its
    /// number, not the system's English text.
    #[test]
    fn every_io_error_kind_is_worded_in_chinese() {
        use std::io::ErrorKind::*;
        let kinds = [
            NotFound,
            PermissionDenied,
            ConnectionRefused,
            ConnectionReset,
            HostUnreachable,
            NetworkUnreachable,
            ConnectionAborted,
            NotConnected,
            AddrInUse,
            AddrNotAvailable,
            NetworkDown,
            BrokenPipe,
            AlreadyExists,
            WouldBlock,
            NotADirectory,
            IsADirectory,
            DirectoryNotEmpty,
            ReadOnlyFilesystem,
            StaleNetworkFileHandle,
            InvalidInput,
            InvalidData,
            TimedOut,
            WriteZero,
            StorageFull,
            NotSeekable,
            QuotaExceeded,
            FileTooLarge,
            ResourceBusy,
            ExecutableFileBusy,
            Deadlock,
            CrossesDevices,
            TooManyLinks,
            InvalidFilename,
            ArgumentListTooLong,
            Interrupted,
            Unsupported,
            UnexpectedEof,
            OutOfMemory,
        ];
        // `Other` is left out: it carries a library's own text, which is all there is.
        let english = |s: &str| {
            s.split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| w.len() >= 3 && w != "UTF")
        };
        for kind in kinds {
            let zh = io_reason(&std::io::Error::from(kind), Lang::Zh);
            assert!(!english(&zh), "{kind:?}: {zh}");
            let en = io_reason(&std::io::Error::from(kind), Lang::En);
            assert!(!en.is_empty(), "{kind:?}");
        }
        if cfg!(target_os = "linux") {
            let eloop = std::io::Error::from_raw_os_error(40);
            assert_eq!(io_reason(&eloop, Lang::Zh), "系统错误（错误码 40）");
            assert_eq!(io_reason(&eloop, Lang::En), eloop.to_string());
        }
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
