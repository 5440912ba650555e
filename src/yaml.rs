//! Reading YAML (and JSON, which is YAML) with positions, size caps and parser budgets.
//!
//! Every file the tool reads goes through here, so every malformed input gets the same
//! kind of error: the file, the line, the column and what was expected.
//!
//! Compiled into `build.rs` as well (the embedded rulebook is validated and pre-compiled
//! at build time), with `diag`, `suggest`, `text`, `yaml` and `yaml_problem`: so it imports
//! nothing else of the crate. docs/architecture.md says why.

use borsh::{BorshDeserialize, BorshSerialize};
use std::fmt;
use std::io::Read;
use std::path::Path;

use serde::de::{DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

pub use crate::diag::{Diagnostic, Diagnostics, Pos};
pub use crate::yaml_problem::{Problem, Syntax};

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
    // Problems of the file as a whole: no line or column to point at.
    let fail = |problem: Problem| Diagnostic::of(&name, Pos::NONE, problem);
    let io = |e: std::io::Error| fail(Problem::Io(e.kind(), e.raw_os_error(), e.to_string()));
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(fail(Problem::Directory));
    }
    if !meta.is_file() {
        return Err(fail(Problem::NotAFile));
    }
    let too_big = |size| Problem::TooLarge {
        size,
        cap: limits.max_bytes,
    };
    if meta.len() > limits.max_bytes {
        return Err(fail(too_big(meta.len())));
    }
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limits.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(fail(too_big(bytes.len() as u64)));
    }
    decode_text(&name, bytes)
}

/// Turns bytes into text, naming the first invalid UTF-8 byte's line and column.
pub fn decode_text(name: &str, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let valid = std::str::from_utf8(valid).unwrap_or_default();
        Diagnostic::of(name, end_pos(valid), Problem::InvalidUtf8)
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

/// Why a file could not be read, in English: diagnostics are worded before the language
/// of the output is known.
pub fn io_message(e: &std::io::Error) -> String {
    crate::text::io_reason(e, crate::text::Lang::En)
}

/// Parses one YAML document into `T`, reporting problems against `file`.
pub fn parse<T: DeserializeOwned>(file: &str, text: &str, limits: Limits) -> Result<T, Diagnostic> {
    if text.len() as u64 > limits.max_bytes {
        return Err(Diagnostic::of(
            file,
            Pos::START,
            Problem::TooLarge {
                size: text.len() as u64,
                cap: limits.max_bytes,
            },
        ));
    }
    if text.contains('\0') {
        let at = text.find('\0').unwrap_or(0);
        return Err(Diagnostic::of(file, end_pos(&text[..at]), Problem::Nul));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_saphyr::from_str_with_options(text, limits.options()).map_err(|e| {
        let pos = e.location().map(pos_of).unwrap_or(Pos::START);
        match problem_of(&e, limits) {
            // Our own types' messages (a missing field, an unknown key) are ours: English
            // text that the rulebook loader words itself.
            Problem::Other(text) => Diagnostic::new(file, pos, text),
            problem => Diagnostic::of(file, pos, problem),
        }
    })
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

    /// `kind_name` in Chinese.
    pub fn kind_name_zh(&self) -> &'static str {
        match self.value {
            Value::Null => "空值（null）",
            Value::Bool(_) => "布尔值",
            Value::Int(_) => "整数",
            Value::Float(_) => "小数",
            Value::Str(_) => "字符串",
            Value::Seq(_) => "列表",
            Value::Map(_) => "映射",
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
            pos: pos_of(spanned.referenced),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<Value>::deserialize(deserializer)?;
        Ok(Node {
            pos: pos_of(spanned.referenced),
            value: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for Name {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<Value>::deserialize(deserializer)?;
        let pos = pos_of(spanned.referenced);
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

/// Where serde-saphyr's `location` is, as our `Pos` (its line 0 means the start).
fn pos_of(location: serde_saphyr::Location) -> Pos {
    if location.line() == 0 {
        return Pos::START;
    }
    Pos {
        line: location.line() as u32,
        column: location.column() as u32,
    }
}

/// What a serde-saphyr error is, as our own problem. Matched on its error kinds (and the
/// parser's, `granit_parser::ErrorKind`, for syntax), never on its `Display` text; the
/// kinds it adds in later versions fall to `Problem::Other`, in its own words.
fn problem_of(error: &serde_saphyr::Error, limits: Limits) -> Problem {
    use serde_saphyr::budget::BudgetBreach as B;
    use serde_saphyr::granit_parser::ErrorKind as K;
    use serde_saphyr::Error as E;
    let error = error.without_snippet();
    match error {
        // An error met while replaying an alias: what went wrong is the inner one.
        E::AliasError { error, .. } => problem_of(error, limits),
        E::Eof { .. } => Problem::Empty,
        E::MultipleDocuments { .. } => Problem::MultipleDocuments,
        E::Budget { breach, .. } => match breach {
            B::Documents { .. } => Problem::MultipleDocuments,
            B::Depth { .. } => Problem::TooDeep(limits.max_depth),
            B::Aliases { .. } | B::Anchors { .. } | B::AliasAnchorRatio { .. } => {
                Problem::AliasBomb(limits.max_aliases)
            }
            B::Nodes { .. } | B::Events { .. } => Problem::TooManyValues(limits.max_nodes),
            B::ScalarBytes { .. } | B::InputBytes { .. } => Problem::TooMuchText(limits.max_bytes),
            _ => Problem::AliasBomb(limits.max_aliases),
        },
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => Problem::AliasBomb(limits.max_aliases),
        E::AliasReplayStackDepthExceeded { .. } => Problem::TooDeep(limits.max_depth),
        E::NonFiniteFloat { value, .. } => Problem::NonFinite(value.clone()),
        E::InvalidUtf8Input => Problem::InvalidUtf8,
        E::DuplicateMappingKey { key, .. } => Problem::DuplicateKey(key.clone()),
        E::UnknownAnchor { .. } => Problem::UnknownAnchor,
        E::Unexpected { expected, .. } if *expected == "sequence start" => Problem::ExpectedList,
        E::Unexpected { expected, .. } if *expected == "mapping start" => Problem::ExpectedMapping,
        E::IndentationError { .. } => Problem::Syntax(Syntax::Indentation),
        E::ExternalMessage { source, msg, .. } => match source.as_ref() {
            serde_saphyr::ExternalMessageSource::Parser(scan)
                if matches!(scan.kind(), K::RecursionLimitExceeded) =>
            {
                // The parser's own guard, met before the depth budget in flow collections.
                Problem::TooDeep(limits.max_depth)
            }
            serde_saphyr::ExternalMessageSource::Parser(scan) => {
                Problem::Syntax(match scan.kind() {
                    K::ExpectedBlockMappingKey => Syntax::ExpectedKey,
                    K::ExpectedBlockSequenceEntry => Syntax::ExpectedEntry,
                    K::ExpectedFlowMappingSeparator | K::ExpectedFlowSequenceSeparator => {
                        Syntax::ExpectedSeparator
                    }
                    K::UnexpectedEof
                    | K::UnexpectedEofFlowSequence
                    | K::UnexpectedEofFlowMapping
                    | K::UnexpectedEofImplicitFlowMapping
                    | K::UnexpectedEofBlockSequence
                    | K::UnexpectedEofBlockMapping => Syntax::UnexpectedEnd,
                    K::ExpectedNodeContent => Syntax::ExpectedValue,
                    K::SimpleKeyExpected
                    | K::InvalidSimpleKey
                    | K::InvalidColonPlacement
                    | K::MappingValueNotAllowed
                    | K::MappingKeyNotAllowed
                    | K::InvalidMappingValueWhitespace => Syntax::ExpectedKey,
                    K::BlockSequenceEntryNotAllowed
                    | K::BlockEntryInFlowCollection
                    | K::InvalidBlockEntryWhitespace => Syntax::ExpectedEntry,
                    K::UnclosedFlowCollection { .. }
                    | K::UnclosedQuotedScalar
                    | K::MismatchedFlowCollectionEnd { .. }
                    | K::MisplacedFlowCollectionEnd => Syntax::UnexpectedEnd,
                    K::TabNotAllowed
                    | K::TabInBlockIndentation
                    | K::TabInIndentation
                    | K::TabInPlainScalar
                    | K::TabAtBlockScalarStart
                    | K::InvalidIndentation
                    | K::InvalidBlockScalarIndent
                    | K::InvalidFlowScalarIndent
                    | K::InvalidQuotedScalarIndent => Syntax::Indentation,
                    _ => Syntax::Other,
                })
            }
            _ => Problem::Other(clean_parser_message(msg)),
        },
        E::IOError { cause } => Problem::Io(cause.kind(), cause.raw_os_error(), cause.to_string()),
        other => Problem::Other(clean_parser_message(&other.to_string())),
    }
}

/// A message in the parser's words, for the kinds that have none of ours: its first line
/// without the "line N column M:" prefix and the "at line N, column M" suffix that the
/// diagnostic's own position repeats, and without advice meant for programmers
/// ("set DuplicateKeyPolicy"). Only the places are trimmed: what a kind means is never
/// read from this text.
fn clean_parser_message(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    let first = match first.rfind(" at line ") {
        Some(i) if first[i..].contains(", column ") => &first[..i],
        _ => first,
    };
    let first = first.strip_prefix("error: ").unwrap_or(first);
    let first = match first.find(": ") {
        Some(i) if first.starts_with("line ") => &first[i + 2..],
        _ => first,
    };
    first
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(first)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problem serde-saphyr's error for `text` maps to, with this crate's version of
    /// serde-saphyr: a kind it renames or regroups fails here, not in a user's terminal.
    fn problem(text: &str) -> Option<Problem> {
        parse::<Node>("t.yaml", text, Limits::PLAN).err()?.problem
    }

    #[test]
    fn parser_errors_map_to_our_problems_by_kind() {
        let syntax = |s| Some(Problem::Syntax(s));
        assert_eq!(problem("a: [1, 2\n"), syntax(Syntax::UnexpectedEnd));
        assert_eq!(problem("a: \"open\n"), syntax(Syntax::UnexpectedEnd));
        assert_eq!(problem("a: 1\nb\n"), syntax(Syntax::ExpectedKey));
        assert_eq!(problem("a: 1\n\tb: 2\n"), syntax(Syntax::Indentation));
        assert_eq!(
            problem("a: 1\n---\nb: 2\n"),
            Some(Problem::MultipleDocuments)
        );
        assert_eq!(
            problem("a: 1\na: 2\n"),
            Some(Problem::DuplicateKey(Some("a".into())))
        );
        assert_eq!(problem("a: *nothing\n"), Some(Problem::UnknownAnchor));
        // Nesting too deep: tests/it/hostile.rs (the parser's guard needs the binary's stack).
        assert_eq!(
            problem("a: .inf\n"),
            Some(Problem::NonFinite(".inf".into()))
        );
    }

    #[test]
    fn every_problem_is_worded_in_chinese() {
        use crate::text::Lang;
        let problems = [
            Problem::Io(std::io::ErrorKind::NotFound, Some(2), "No such file".into()),
            Problem::Io(std::io::ErrorKind::Other, None, "strange".into()),
            Problem::Empty,
            Problem::Syntax(Syntax::ExpectedKey),
            Problem::TooLarge { size: 2, cap: 1 },
            Problem::DuplicateKey(Some("a".into())),
        ];
        for p in problems {
            let zh = p.message(Lang::Zh);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{zh}"
            );
            assert_ne!(zh, p.message(Lang::En));
        }
    }

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
