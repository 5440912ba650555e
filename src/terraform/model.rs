//! The configuration as read: files, blocks, values and where each sits.

use std::path::PathBuf;

pub use crate::diag::Pos;

/// Where something sits: which file of the configuration, and where in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Loc {
    /// An index into [`Configuration::files`].
    pub file: usize,
    /// [`Pos::NONE`] for a problem of the file as a whole (it is too large, say).
    pub pos: Pos,
}

/// A file of the configuration: a `.tf` file of a module, or a `.tfvars` file. A file that
/// could not be read has an empty text (and a problem says why).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
}

/// A value as far as a static reading can tell.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// As written, e.g. "10".
    Number(String),
    Str(String),
    List(Vec<Located>),
    Object(Vec<(String, Located)>),
    /// Not known without running terraform: a resource attribute, a data source, a module
    /// output, a function other than jsonencode, a variable without a default or value. The
    /// text says what (e.g. "var.token has no default").
    Unknown(String),
}

impl Value {
    /// Whether the value is known all the way down (no [`Value::Unknown`] inside).
    pub fn is_known(&self) -> bool {
        match self {
            Value::Unknown(_) => false,
            Value::List(items) => items.iter().all(|item| item.value.is_known()),
            Value::Object(entries) => entries.iter().all(|(_, item)| item.value.is_known()),
            _ => true,
        }
    }

    /// The string, when the value is a known string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(text) => Some(text),
            _ => None,
        }
    }

    /// The entry under `key`, when the value is an object that has one.
    pub fn get(&self, key: &str) -> Option<&Located> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// A value and where the literal sits: the attribute itself, or the variable default,
/// tfvars entry or local it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Located {
    pub value: Value,
    pub at: Loc,
}

/// A top-level block of a module.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// "resource", "data", "provider", "module" (the block type).
    pub kind: String,
    /// e.g. ["alicloud_event_bridge_rule", "orders"]; provider blocks: ["alicloud"].
    pub labels: Vec<String>,
    /// The block's first line (its type keyword).
    pub at: Loc,
    /// Its attributes and nested blocks: an attribute `a = 1` is ("a", value); nested blocks
    /// of one type `targets { ... }` appear once, as ("targets", a List of Objects in order),
    /// where the first of them is. A `dynamic "targets"` block is an Unknown item of that list.
    pub body: Vec<(String, Located)>,
    /// The module call path it came from ("" for the root module; "module.events" etc.).
    pub module: String,
    /// The comments (`#`, `//`, `/* */`) on the lines directly above the block and inside it,
    /// with their Loc, trimmed of the comment markers.
    pub comments: Vec<(Loc, String)>,
}

impl Block {
    /// The body entry under `key`.
    pub fn get(&self, key: &str) -> Option<&Located> {
        self.body.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Configuration {
    pub files: Vec<SourceFile>,
    /// The resource, data, provider and module blocks of the root module and of local
    /// modules (called with `source = "./..."` or `"../..."`), in file order; a local module's
    /// blocks follow the module block that calls it.
    pub blocks: Vec<Block>,
    /// Problems that stop a file (or a module) from being read: syntax errors, invalid UTF-8,
    /// too large, too deep, module recursion. Each names what was expected, in English.
    pub problems: Vec<(Loc, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Files larger than this are refused before they are parsed.
    pub max_file_bytes: u64,
    /// The deepest nesting of blocks and expressions read (and of values built from them).
    pub max_depth: usize,
}

impl ReadOptions {
    /// The limits of plan files (src/yaml.rs): 1 MiB, 64 levels.
    pub const DEFAULT: ReadOptions = ReadOptions {
        max_file_bytes: 1024 * 1024,
        max_depth: 64,
    };
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions::DEFAULT
    }
}
