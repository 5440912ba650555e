//! Reading YAML (and JSON, which is YAML) with positions, size caps and parser budgets.
//!
//! Every file the tool reads goes through here, so every malformed input gets the same
//! kind of error: the file, the line, the column and what was expected.

use borsh::{BorshDeserialize, BorshSerialize};
use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::de::{DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// A 1-based line and column in a source file (0:0 when unknown).
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    BorshSerialize,
    BorshDeserialize,
)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, column: 1 };

    fn from_location(location: serde_saphyr::Location) -> Pos {
        if location.line() == 0 {
            return Pos::START;
        }
        Pos {
            line: location.line() as u32,
            column: location.column() as u32,
        }
    }
}

pub use crate::diag::{Diagnostic, Diagnostics};

/// How much of a file the parser may take in before it gives up.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_bytes: u64,
    pub max_depth: usize,
    pub max_aliases: usize,
    pub max_nodes: usize,
    /// Only YAML 1.2's booleans (`true`, `false`, and their `True`/`TRUE` spellings) are
    /// booleans; `yes`, `on` or `n` stay strings. Plans and answers files are read so,
    /// because that is how editors and their JSON Schemas read them (yaml-language-server
    /// speaks YAML 1.2): a value the schema calls a string is a string here too.
    pub yaml12_booleans: bool,
}

impl Limits {
    pub const PLAN: Limits = Limits {
        max_bytes: 1024 * 1024,
        max_depth: 64,
        max_aliases: 256,
        max_nodes: 200_000,
        yaml12_booleans: true,
    };
    pub const RULEBOOK: Limits = Limits {
        max_bytes: 4 * 1024 * 1024,
        max_depth: 64,
        max_aliases: 1024,
        max_nodes: 1_000_000,
        yaml12_booleans: false,
    };

    pub fn with_max_bytes(self, max_bytes: u64) -> Limits {
        Limits { max_bytes, ..self }
    }

    /// The limits for plans and answers files under `--max-file-size BYTES`.
    pub fn for_plans(max_file_size: u64) -> Limits {
        Limits::PLAN.with_max_bytes(max_file_size)
    }

    /// The limits for rulebooks that go with these: four times the bytes (4 MiB by
    /// default), and the rulebook's budgets for nesting, aliases and values.
    pub fn for_rulebooks(self) -> Limits {
        Limits::RULEBOOK.with_max_bytes(self.max_bytes.saturating_mul(4))
    }

    fn options(&self) -> serde_saphyr::Options {
        let mut budget = serde_saphyr::Budget::default();
        budget.max_depth = self.max_depth;
        budget.max_aliases = self.max_aliases;
        budget.max_nodes = self.max_nodes;
        budget.max_documents = 1;
        budget.max_total_scalar_bytes = self.max_bytes as usize;
        let mut options = serde_saphyr::Options::default();
        options.budget = Some(budget);
        options.with_snippet = false;
        options.strict_booleans = self.yaml12_booleans;
        options
    }
}

/// Reads a whole regular file of at most `limits.max_bytes`, as UTF-8 text.
/// Refuses fifos, devices and directories before opening them, so it never blocks.
pub fn read_text(path: &Path, limits: Limits) -> Result<String, Diagnostic> {
    let name = path.display().to_string();
    let fail = |message: String| Diagnostic::new(&name, Pos::START, message);
    let meta = std::fs::metadata(path).map_err(|e| fail(io_message(&e)))?;
    if meta.is_dir() {
        return Err(fail("is a directory, expected a file".into()));
    }
    if !meta.is_file() {
        return Err(fail(
            "is not a regular file (a fifo, socket or device); expected a file".into(),
        ));
    }
    if meta.len() > limits.max_bytes {
        return Err(fail(too_large(meta.len(), limits.max_bytes)));
    }
    let file = std::fs::File::open(path).map_err(|e| fail(io_message(&e)))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(io_message(&e)))?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(fail(too_large(bytes.len() as u64, limits.max_bytes)));
    }
    decode_text(&name, bytes)
}

/// Turns bytes into text, naming the first invalid UTF-8 byte's line and column.
pub fn decode_text(name: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        Diagnostic::new(
            name,
            end_pos(valid),
            "invalid UTF-8; expected a UTF-8 text file",
        )
    })
}

fn end_pos(text: &str) -> Pos {
    let line = text.matches('\n').count() as u32 + 1;
    let last = text.rsplit('\n').next().unwrap_or("");
    Pos {
        line,
        column: last.chars().count() as u32 + 1,
    }
}

fn too_large(size: u64, cap: u64) -> String {
    format!("is larger than the limit of {cap} bytes (at least {size} bytes); raise the limit with --max-file-size if the file is genuine")
}

/// Why a file could not be read, in English: diagnostics are worded before the language
/// of the output is known.
pub fn io_message(e: &std::io::Error) -> String {
    crate::text::io_reason(e, crate::text::Lang::En)
}

/// Parses one YAML document into `T`, reporting problems against `file`.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, limits: Limits) -> Result<T, Diagnostic> {
    if text.len() as u64 > limits.max_bytes {
        return Err(Diagnostic::new(
            file,
            Pos::START,
            too_large(text.len() as u64, limits.max_bytes),
        ));
    }
    if text.contains('\0') {
        let at = text.find('\0').unwrap_or(0);
        return Err(Diagnostic::new(
            file,
            end_pos(&text[..at]),
            "NUL byte in the file; expected YAML text",
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_saphyr::from_str_with_options(text, limits.options()).map_err(|e| {
        let pos = e.location().map(Pos::from_location).unwrap_or(Pos::START);
        Diagnostic::new(file, pos, clean_parser_message(&e.to_string(), limits))
    })
}

/// The parser's messages speak to programmers ("set DuplicateKeyPolicy"); keep the part a
/// user can act on and drop the "line N column M:" prefix that the diagnostic repeats.
fn clean_parser_message(raw: &str, limits: Limits) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    // "... at line 3, column 19": the diagnostic gives the place already.
    let first = match first.rfind(" at line ") {
        Some(i) if first[i..].contains(", column ") => &first[..i],
        _ => first,
    };
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let first = match first.find(": ") {
        Some(i) if first.starts_with("line ") => &first[i + 2..],
        _ => first,
    };
    let first = first
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(first);
    let first = first
        .split("; use from_str_multiple")
        .next()
        .unwrap_or(first);
    let first = first.trim_end_matches(" rejected by the configured policy");
    let mut message = first.to_string();
    if let Some(breach) = message.strip_prefix("budget breached: ") {
        let kind = breach.split([' ', '{']).next().unwrap_or(breach);
        message = match kind {
            "Documents" => "more than one YAML document (`---`); expected exactly one".into(),
            "Depth" => format!(
                "nested too deeply; the limit is {} levels",
                limits.max_depth
            ),
            "Aliases"
            | "Anchors"
            | "AliasAnchorRatio"
            | "RecordedAnchorEvents"
            | "RecordedAnchorBytes" => format!(
                "too many aliases or anchors (an alias bomb?); the limit is {} aliases, and the file is refused",
                limits.max_aliases
            ),
            "Nodes" | "Events" => format!(
                "too many values in one file; the limit is {} values, and the file is refused",
                limits.max_nodes
            ),
            "ScalarBytes" | "InputBytes" => format!(
                "the text in this file, with its aliases expanded, exceeds the size limit of {} bytes",
                limits.max_bytes
            ),
            _ => format!("the file exceeds a parser limit ({kind})"),
        };
    } else if message.starts_with("multiple YAML documents") {
        message = "more than one YAML document (`---`); expected exactly one".into();
    } else if let Some(number) = message
        .strip_prefix("non-finite float ")
        .map(|n| n.trim_end_matches(" rejected by the configured policy"))
    {
        message = format!("the number {number} is out of range; expected a finite number");
    } else if message == "expected sequence start" {
        message = "expected a list here (`- item` lines, or `[a, b]`)".into();
    } else if message == "expected mapping start" {
        message = "expected a mapping here (`key: value` lines, or `{key: value}`)".into();
    } else if message.starts_with("recursion limit exceeded") {
        // The parser's own guard, met before the depth budget in flow collections.
        message = format!(
            "nested too deeply; the limit is {} levels",
            limits.max_depth
        );
    } else if message.starts_with("unexpected end of input") {
        message = "the file is empty; expected a YAML mapping".into();
    }
    message
}

/// A YAML value of any shape, with the position of every node.
#[derive(Clone, Debug, PartialEq, BorshSerialize, BorshDeserialize)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq, BorshSerialize, BorshDeserialize)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Name, Node)>),
}

/// A scalar name with its position: a mapping key, or an id.
#[derive(Clone, Debug, PartialEq, BorshSerialize, BorshDeserialize)]
pub struct Name {
    pub pos: Pos,
    pub name: String,
}

impl Node {
    pub fn as_map(&self) -> Option<&[(Name, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn get(&self, key: &str) -> Option<(&Name, &Node)> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(k, v)| (k, v))
    }

    /// A short description of the node's shape, for "expected X, found Y" messages.
    pub fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The scalar as the text a user typed (booleans as `true`/`false`).
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Bool(b) => Some(b.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Str(s) => Some(s.clone()),
            _ => None,
        }
    }
}

/// Any deserializable value with the position it was written at.
#[derive(Clone, Debug, PartialEq)]
pub struct At<T> {
    pub pos: Pos,
    pub value: T,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for At<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(At {
            pos: Pos::from_location(spanned.referenced),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            pos: Pos::from_location(spanned.referenced),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<Value>::deserialize(deserializer)?;
        let pos = Pos::from_location(spanned.referenced);
        let name = match spanned.value {
            Value::Str(s) => s,
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Null => "null".to_string(),
            Value::Seq(_) | Value::Map(_) => {
                return Err(serde::de::Error::custom(
                    "a list or mapping used as a key; expected a plain key",
                ))
            }
        };
        Ok(Name { pos, name })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        <Value as Deserialize>::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        i128::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("number too large"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(Name, Node)> = Vec::new();
        while let Some((key, value)) = map.next_entry::<Name, Node>()? {
            entries.push((key, value));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_keep_their_lines() {
        let node: Node = parse("t.yaml", "a: 1\nb:\n  - x\n", Limits::PLAN).unwrap();
        let (key, value) = node.get("b").unwrap();
        assert_eq!(key.pos.line, 2);
        match &value.value {
            Value::Seq(items) => assert_eq!(items[0].pos, Pos { line: 3, column: 5 }),
            other => panic!("expected a list, got {other:?}"),
        }
    }

    #[test]
    fn duplicate_keys_and_multiple_documents_are_errors() {
        let err = parse::<Node>("t.yaml", "a: 1\na: 2\n", Limits::PLAN).unwrap_err();
        assert_eq!(err.pos.line, 2);
        assert!(err.message.contains("duplicate"), "{}", err.message);
        let err = parse::<Node>("t.yaml", "a: 1\n---\na: 2\n", Limits::PLAN).unwrap_err();
        assert!(
            err.message.contains("more than one YAML document"),
            "{}",
            err.message
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted_nul_is_not() {
        let node: Node = parse("t.yaml", "\u{feff}a: 1\r\nb: 2\r\n", Limits::PLAN).unwrap();
        assert_eq!(node.get("b").unwrap().0.pos.line, 2);
        let err = parse::<Node>("t.yaml", "a: 1\nb: x\0\n", Limits::PLAN).unwrap_err();
        assert_eq!(err.pos, Pos { line: 2, column: 5 });
    }

    #[test]
    fn invalid_utf8_names_its_place() {
        let err = decode_text("t.yaml", b"a: 1\nb: \xff\n".to_vec()).unwrap_err();
        assert_eq!(err.pos, Pos { line: 2, column: 4 });
    }
}
