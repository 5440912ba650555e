//! What went wrong reading or parsing a YAML file, as data (`Problem`), worded in the
//! user's language when shown. Compiled into `build.rs` with `yaml.rs`, so it imports
//! nothing of the crate but `text`; `yaml.rs` turns the parser's errors into it.

/// A problem reading or parsing a file, as data, so that it is worded in the user's
/// language when shown: serde-saphyr's and the operating system's own messages are
/// English, and their wording is theirs to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The file could not be read: the error's kind, the system's error number (for kinds
    /// without words here, in Chinese) and its own text (for them, in English).
    Io(std::io::ErrorKind, Option<i32>, String),
    Directory,
    NotAFile,
    TooLarge {
        size: u64,
        cap: u64,
    },
    InvalidUtf8,
    Nul,
    Empty,
    MultipleDocuments,
    TooDeep(usize),
    AliasBomb(usize),
    TooManyValues(usize),
    TooMuchText(u64),
    NonFinite(String),
    ExpectedList,
    ExpectedMapping,
    DuplicateKey(Option<String>),
    UnknownAnchor,
    /// A YAML syntax error the parser classifies.
    Syntax(Syntax),
    /// Anything else, in the parser's words (English only).
    Other(String),
}

/// The YAML syntax errors people make, from the parser's error kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// `key value` without the colon, or text where a key belongs.
    ExpectedKey,
    /// A `- item` where a mapping continues, or the reverse.
    ExpectedEntry,
    /// `[a b]`, `{a: 1 b: 2}`: a comma is missing.
    ExpectedSeparator,
    /// A flow collection or quoted string not closed before the end.
    UnexpectedEnd,
    /// A value is missing, or a character no value starts with.
    ExpectedValue,
    /// Tabs or mixed indentation.
    Indentation,
    Other,
}

impl Problem {
    pub fn message(&self, lang: crate::text::Lang) -> String {
        use crate::text::Lang::{En, Zh};
        match (self, lang) {
            (Problem::Io(kind, code, system), lang) => {
                let e = match code {
                    Some(code) => std::io::Error::from_raw_os_error(*code),
                    None => std::io::Error::new(*kind, system.clone()),
                };
                crate::text::io_reason(&e, lang)
            }
            (Problem::Directory, En) => "is a directory, expected a file".into(),
            (Problem::Directory, Zh) => "这是目录，应为文件".into(),
            (Problem::NotAFile, En) => {
                "is not a regular file (a fifo, socket or device); expected a file".into()
            }
            (Problem::NotAFile, Zh) => "不是普通文件（而是管道、套接字或设备）；应为文件".into(),
            (Problem::TooLarge { size, cap }, En) => too_large(*size, *cap),
            (Problem::TooLarge { size, cap }, Zh) => format!(
                "超过 {cap} 字节的大小上限（至少 {size} 字节）；如文件确属正常，请用 --max-file-size 提高上限"
            ),
            (Problem::InvalidUtf8, En) => "invalid UTF-8; expected a UTF-8 text file".into(),
            (Problem::InvalidUtf8, Zh) => "不是有效的 UTF-8；应为 UTF-8 文本文件".into(),
            (Problem::Nul, En) => "NUL byte in the file; expected YAML text".into(),
            (Problem::Nul, Zh) => "文件中有 NUL 字节；应为 YAML 文本".into(),
            (Problem::Empty, En) => "the file is empty; expected a YAML mapping".into(),
            (Problem::Empty, Zh) => "文件为空；应为 YAML 映射".into(),
            (Problem::MultipleDocuments, En) => {
                "more than one YAML document (`---`); expected exactly one".into()
            }
            (Problem::MultipleDocuments, Zh) => "有多个 YAML 文档（`---`）；应只有一个".into(),
            (Problem::TooDeep(limit), En) => format!("nested too deeply; the limit is {limit} levels"),
            (Problem::TooDeep(limit), Zh) => format!("嵌套过深；上限为 {limit} 层"),
            (Problem::AliasBomb(limit), En) => format!(
                "too many aliases or anchors (an alias bomb?); the limit is {limit} aliases, and the file is refused"
            ),
            (Problem::AliasBomb(limit), Zh) => format!(
                "别名或锚点过多（别名炸弹？）；上限为 {limit} 个别名，文件被拒绝"
            ),
            (Problem::TooManyValues(limit), En) => format!(
                "too many values in one file; the limit is {limit} values, and the file is refused"
            ),
            (Problem::TooManyValues(limit), Zh) => {
                format!("单个文件中的值过多；上限为 {limit} 个，文件被拒绝")
            }
            (Problem::TooMuchText(limit), En) => format!(
                "the text in this file, with its aliases expanded, exceeds the size limit of {limit} bytes"
            ),
            (Problem::TooMuchText(limit), Zh) => {
                format!("展开别名后，文件中的文本超过 {limit} 字节的大小上限")
            }
            (Problem::NonFinite(number), En) => {
                format!("the number `{number}` is out of range; expected a finite number")
            }
            (Problem::NonFinite(number), Zh) => format!("数字 `{number}` 超出范围；应为有限数"),
            (Problem::ExpectedList, En) => {
                "expected a list here (`- item` lines, or `[a, b]`)".into()
            }
            (Problem::ExpectedList, Zh) => "此处应为列表（`- 项` 各行，或 `[a, b]`）".into(),
            (Problem::ExpectedMapping, En) => {
                "expected a mapping here (`key: value` lines, or `{key: value}`)".into()
            }
            (Problem::ExpectedMapping, Zh) => {
                "此处应为映射（`键: 值` 各行，或 `{键: 值}`）".into()
            }
            (Problem::DuplicateKey(Some(key)), En) => format!("duplicate key `{key}`"),
            (Problem::DuplicateKey(Some(key)), Zh) => format!("重复的键 `{key}`"),
            (Problem::DuplicateKey(None), En) => "duplicate key".into(),
            (Problem::DuplicateKey(None), Zh) => "重复的键".into(),
            (Problem::UnknownAnchor, En) => "an alias (`*name`) names no anchor (`&name`) before it".into(),
            (Problem::UnknownAnchor, Zh) => "别名（`*name`）引用的锚点（`&name`）在其之前不存在".into(),
            (Problem::Syntax(syntax), lang) => syntax.message(lang).into(),
            (Problem::Other(text), En) => text.clone(),
            (Problem::Other(text), Zh) => format!("YAML 解析失败（{text}）"),
        }
    }
}

impl Syntax {
    fn message(self, lang: crate::text::Lang) -> &'static str {
        use crate::text::Lang::{En, Zh};
        match (self, lang) {
            (Syntax::ExpectedKey, En) => {
                "expected a `key: value` line here (is a colon or the indentation wrong?)"
            }
            (Syntax::ExpectedKey, Zh) => "此处应为 `键: 值` 行（是否缺少冒号或缩进有误？）",
            (Syntax::ExpectedEntry, En) => {
                "expected a `- item` line here (is the indentation wrong?)"
            }
            (Syntax::ExpectedEntry, Zh) => "此处应为 `- 项` 行（缩进是否有误？）",
            (Syntax::ExpectedSeparator, En) => {
                "expected a comma between the items of `[...]` or `{...}`"
            }
            (Syntax::ExpectedSeparator, Zh) => "`[...]` 或 `{...}` 的各项之间应有逗号",
            (Syntax::UnexpectedEnd, En) => {
                "a `[`, `{` or quote is not closed (or closed by the wrong one)"
            }
            (Syntax::UnexpectedEnd, Zh) => "`[`、`{` 或引号未闭合（或闭合符号不匹配）",
            (Syntax::ExpectedValue, En) => "expected a value here",
            (Syntax::ExpectedValue, Zh) => "此处应为一个值",
            (Syntax::Indentation, En) => {
                "the indentation is wrong here (YAML indents with spaces, not tabs)"
            }
            (Syntax::Indentation, Zh) => "此处缩进有误（YAML 用空格缩进，不能用制表符）",
            (Syntax::Other, En) => "not valid YAML syntax here",
            (Syntax::Other, Zh) => "此处不是有效的 YAML 语法",
        }
    }
}

pub(crate) fn too_large(size: u64, cap: u64) -> String {
    format!("is larger than the limit of {cap} bytes (at least {size} bytes); raise the limit with --max-file-size if the file is genuine")
}
