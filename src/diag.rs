//! The one diagnostic model: how bad a problem is, where it is, and the one line that
//! says so (`file:line:col: severity[code]: message`).
//!
//! Rulebook load errors, answers-file errors, lint problems and plan findings are all
//! reported through [`Headline`], so the shape of a diagnostic line is written once.
//!
//! This module is compiled into `build.rs` (beside `rulebook/`, `text.rs` and `yaml.rs`),
//! so it imports nothing of the crate but `text` and `yaml_problem`.

use std::fmt;

use borsh::{BorshDeserialize, BorshSerialize};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::text::{one_line, Lang};
use crate::yaml_problem::Problem;

// How bad a problem is. Errors fail a run; warnings fail it under `--fail-level warning`
// (or `rules lint --strict`); infos never do. (A plain comment: a doc comment would
// become the description of every severity in the committed JSON Schemas.)
#[derive(
    Clone,
    Copy,
    Debug,
    Deserialize,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    BorshSerialize,
    BorshDeserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

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
    /// No place in the file: the file itself is the problem (it does not exist, say).
    pub const NONE: Pos = Pos { line: 0, column: 0 };
}

/// The first line of every diagnostic the tool prints:
/// `file:line:col: severity[code]aside: message`, or `file:line:col: message` for a
/// problem without a code (a file that is not YAML, say).
///
/// Whatever the file name and the message hold, it stays one line: a line break in a key
/// must not start a line of its own (`::error::` in a CI log).
#[derive(Clone, Copy, Debug)]
pub struct Headline<'a> {
    pub file: &'a str,
    pub pos: Pos,
    /// The severity as the output shows it (plain, or coloured for a terminal) and the
    /// code, when the problem has one.
    pub label: Option<(&'a str, &'a str)>,
    /// Words between the label and the colon, such as "(acknowledged)".
    pub aside: &'a str,
    pub message: &'a str,
}

impl<'a> Headline<'a> {
    /// A problem without a code.
    pub fn bare(file: &'a str, pos: Pos, message: &'a str) -> Self {
        Headline {
            file,
            pos,
            label: None,
            aside: "",
            message,
        }
    }

    /// A problem with a severity (as shown) and a code.
    pub fn coded(
        file: &'a str,
        pos: Pos,
        severity: &'a str,
        code: &'a str,
        message: &'a str,
    ) -> Self {
        Headline {
            file,
            pos,
            label: Some((severity, code)),
            aside: "",
            message,
        }
    }

    pub fn aside(self, aside: &'a str) -> Self {
        Headline { aside, ..self }
    }
}

impl fmt::Display for Headline<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pos == Pos::NONE {
            // About the file as a whole (it does not exist, say): no place in it.
            write!(f, "{}: ", one_line(self.file))?;
        } else {
            write!(
                f,
                "{}:{}:{}: ",
                one_line(self.file),
                self.pos.line,
                self.pos.column
            )?;
        }
        if let Some((severity, code)) = self.label {
            write!(f, "{severity}[{}]{}: ", one_line(code), self.aside)?;
        }
        f.write_str(&one_line(self.message))
    }
}

/// A problem in an input file, pointing at the place to fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub pos: Pos,
    /// In English.
    pub message: String,
    /// What the problem is, as data, when it is a file or parser problem: it is worded in
    /// the user's language when shown (`message_in`).
    pub problem: Option<Problem>,
    /// The message in Chinese, when the one who made it worded it in both languages.
    pub zh: Option<String>,
}

impl Diagnostic {
    pub fn new(file: &str, pos: Pos, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            pos,
            message: message.into(),
            problem: None,
            zh: None,
        }
    }

    /// A problem worded in both languages by the one who found it.
    pub fn worded(file: &str, pos: Pos, en: String, zh: String) -> Self {
        Diagnostic {
            zh: Some(zh),
            ..Diagnostic::new(file, pos, en)
        }
    }

    /// A file or parser problem, worded when shown.
    pub fn of(file: &str, pos: Pos, problem: Problem) -> Self {
        Diagnostic {
            file: file.to_string(),
            pos,
            message: problem.message(Lang::En),
            problem: Some(problem),
            zh: None,
        }
    }

    /// The message in `lang` (English where no other wording exists).
    pub fn message_in(&self, lang: Lang) -> String {
        match (&self.problem, &self.zh, lang) {
            (Some(problem), _, _) => problem.message(lang),
            (None, Some(zh), Lang::Zh) => zh.clone(),
            (None, _, _) => self.message.clone(),
        }
    }

    /// The diagnostic line in `lang`, an error coded for the kind of input it is in
    /// (`invalid-rulebook`, `invalid-answers`, …): the one shape of every line that points
    /// at a place in a file.
    pub fn line_in(&self, lang: Lang, code: &str) -> String {
        let message = self.message_in(lang);
        let severity = match lang {
            Lang::En => "error",
            Lang::Zh => "错误",
        };
        Headline::coded(&self.file, self.pos, severity, code, &message).to_string()
    }

    pub fn headline(&self) -> Headline<'_> {
        Headline::bare(&self.file, self.pos, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.headline().fmt(f)
    }
}

impl std::error::Error for Diagnostic {}

/// Several problems found in one file; shown one per line.
#[derive(Debug)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl Diagnostics {
    /// One line per problem, each in `lang`, coded `code`.
    pub fn lines_in(&self, lang: Lang, code: &str) -> String {
        self.0
            .iter()
            .map(|d| d.line_in(lang, code))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_headline_stays_on_one_line_whatever_the_names_hold() {
        let pos = Pos { line: 3, column: 7 };
        let line = Headline::coded("a\nb.yaml", pos, "error", "x", "bad\n::error::x").to_string();
        assert_eq!(line, "a\\nb.yaml:3:7: error[x]: bad\\n::error::x");
        let bare = Headline::bare("f.yaml", pos, "not YAML").to_string();
        assert_eq!(bare, "f.yaml:3:7: not YAML");
        let aside = Headline::coded("f", pos, "info", "y", "m")
            .aside(" (ok)")
            .to_string();
        assert_eq!(aside, "f:3:7: info[y] (ok): m");
    }
}
