//! One pass over a file's bytes before hcl-edit parses it, with an explicit stack (no
//! recursion, so 100,000 nested `[` cost nothing but a Vec):
//! - it finds the comments and where they are (hcl-edit keeps comments as text without
//!   positions), for `# eb-advisor: acknowledge ...` notes;
//! - it refuses nesting deeper than the limit, and object literals with so many entries that
//!   hcl-edit's duplicate-key check (linear per entry) would take minutes;
//! - it names an unclosed string, heredoc, comment, block or bracket where it was opened,
//!   which hcl-edit reports only as an unexpected token at the end.
//!
//! It knows just enough HCL for that: strings with escapes, heredocs, `${ }` and `%{ }`
//! templates, comments and brackets.

/// The most entries read in one object literal: hcl-edit checks each new key against all the
/// ones before it, so an object of n entries costs n²/2 comparisons (10,000: ~0.1 s).
pub(super) const MAX_OBJECT_ENTRIES: usize = 10_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Comment {
    /// Byte offsets of the comment's first byte and one past its last.
    pub start: usize,
    pub end: usize,
    /// The text without `#`, `//` or `/* */`, trimmed.
    pub text: String,
    /// Nothing but blanks before it on its line.
    pub own_line: bool,
}

#[derive(Debug, Default)]
pub(super) struct Scan {
    pub comments: Vec<Comment>,
    /// The first structural problem: its byte offset and message.
    pub problem: Option<(usize, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Block,
    Object,
    List,
    Paren,
    /// `${ ... }` or `%{ ... }` inside a string or heredoc.
    Interp,
    Str,
    Heredoc,
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    kind: Kind,
    open: usize,
    /// Object entries so far.
    entries: usize,
    /// A heredoc's delimiter (byte range) and whether the scan is at a line start in it.
    delim: (usize, usize),
    at_line_start: bool,
}

impl Frame {
    fn new(kind: Kind, open: usize) -> Frame {
        Frame {
            kind,
            open,
            entries: 0,
            delim: (0, 0),
            at_line_start: false,
        }
    }

    fn counts_as_depth(&self) -> bool {
        !matches!(self.kind, Kind::Str | Kind::Heredoc)
    }
}

/// What came last in code: a block label or type can only be followed by a block body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Name,
    Other,
}

pub(super) fn scan(text: &str, max_depth: usize) -> Scan {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        i: 0,
        stack: Vec::new(),
        depth: 0,
        max_depth,
        last: Last::Other,
        line_has_code: false,
        out: Scan::default(),
    };
    scanner.run();
    scanner.out
}

struct Scanner<'t> {
    bytes: &'t [u8],
    text: &'t str,
    i: usize,
    stack: Vec<Frame>,
    depth: usize,
    max_depth: usize,
    last: Last,
    line_has_code: bool,
    out: Scan,
}

impl Scanner<'_> {
    fn run(&mut self) {
        while self.i < self.bytes.len() && self.out.problem.is_none() {
            match self.stack.last().map(|frame| frame.kind) {
                Some(Kind::Str) => self.in_string(),
                Some(Kind::Heredoc) => self.in_heredoc(),
                _ => self.in_code(),
            }
        }
        if self.out.problem.is_none() {
            if let Some(frame) = self.stack.last() {
                let message = unclosed_message(frame.kind, self.delimiter(frame));
                self.fail(frame.open, message);
            }
        }
    }

    fn fail(&mut self, at: usize, message: String) {
        if self.out.problem.is_none() {
            self.out.problem = Some((at, message));
        }
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.bytes.get(self.i + ahead).copied().unwrap_or(0)
    }

    fn rest_starts_with(&self, prefix: &str) -> bool {
        self.bytes
            .get(self.i..)
            .is_some_and(|rest| rest.starts_with(prefix.as_bytes()))
    }

    fn delimiter(&self, frame: &Frame) -> &str {
        self.text.get(frame.delim.0..frame.delim.1).unwrap_or("")
    }

    fn in_code(&mut self) {
        let byte = self.peek(0);
        match byte {
            b'#' => return self.line_comment(1),
            b'/' if self.peek(1) == b'/' => return self.line_comment(2),
            b'/' if self.peek(1) == b'*' => return self.block_comment(),
            b'\n' => {
                self.line_has_code = false;
                self.i += 1;
                return;
            }
            b' ' | b'\t' | b'\r' => {
                self.i += 1;
                return;
            }
            _ => {}
        }
        self.line_has_code = true;
        match byte {
            b'"' => {
                self.stack.push(Frame::new(Kind::Str, self.i));
                self.i += 1;
            }
            b'<' if self.peek(1) == b'<' => self.heredoc_start(),
            b'{' => {
                let kind = if self.last == Last::Name {
                    Kind::Block
                } else {
                    Kind::Object
                };
                self.open(kind);
            }
            b'[' => self.open(Kind::List),
            b'(' => self.open(Kind::Paren),
            b'}' => self.close(b'}'),
            b']' => self.close(b']'),
            b')' => self.close(b')'),
            b'=' | b':' => self.entry_separator(byte),
            _ if is_name_byte(byte) => {
                while is_name_byte(self.peek(0)) {
                    self.i += 1;
                }
                self.last = Last::Name;
                return;
            }
            _ => self.i += 1,
        }
        self.last = Last::Other;
    }

    fn open(&mut self, kind: Kind) {
        let frame = Frame::new(kind, self.i);
        self.push_deeper(frame);
        self.i += 1;
    }

    /// Pushes a frame that counts towards the depth, refusing one past the limit.
    fn push_deeper(&mut self, frame: Frame) {
        if frame.counts_as_depth() {
            self.depth += 1;
            if self.depth > self.max_depth {
                let limit = self.max_depth;
                self.fail(frame.open, format!("nesting deeper than {limit} levels (blocks, brackets and templates): expected at most {limit}"));
            }
        }
        self.stack.push(frame);
    }

    fn pop(&mut self) {
        if let Some(frame) = self.stack.pop() {
            if frame.counts_as_depth() {
                self.depth -= 1;
            }
        }
    }

    fn close(&mut self, closer: u8) {
        let at = self.i;
        let Some(frame) = self.stack.last().copied() else {
            let found = char::from(closer);
            return self.fail(
                at,
                format!("unexpected `{found}`: nothing is open here to close"),
            );
        };
        let expected = closer_of(frame.kind);
        if expected != closer {
            let (what, found) = (what_of(frame.kind), char::from(closer));
            let expected = char::from(expected);
            return self.fail(
                at,
                format!("expected `{expected}` to close the {what} opened here, found `{found}`"),
            );
        }
        self.pop();
        self.i += 1;
    }

    /// An `=` or `:` at the top of an object literal starts one more entry (`==`, `<=`, `>=`,
    /// `!=` and `=>` are operators; a conditional's `:` is counted too, which only errs on
    /// the safe side).
    fn entry_separator(&mut self, byte: u8) {
        let before = if self.i > 0 {
            self.bytes[self.i - 1]
        } else {
            0
        };
        let is_operator = byte == b'='
            && (matches!(before, b'=' | b'!' | b'<' | b'>') || matches!(self.peek(1), b'=' | b'>'));
        self.i += 1;
        if is_operator {
            return;
        }
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        if frame.kind != Kind::Object {
            return;
        }
        frame.entries += 1;
        if frame.entries > MAX_OBJECT_ENTRIES {
            let open = frame.open;
            self.fail(open, format!("an object of more than {MAX_OBJECT_ENTRIES} entries: expected at most {MAX_OBJECT_ENTRIES}"));
        }
    }

    fn line_comment(&mut self, marker: usize) {
        let start = self.i;
        let end = self.bytes[start..]
            .iter()
            .position(|b| *b == b'\n')
            .map_or(self.bytes.len(), |n| start + n);
        let text = self.text.get(start + marker..end).unwrap_or("");
        self.push_comment(start, end, text);
        self.i = end;
    }

    fn block_comment(&mut self) {
        let start = self.i;
        let Some(close) = self.text.get(start + 2..).and_then(|rest| rest.find("*/")) else {
            return self.fail(start, "unterminated comment: expected `*/`".to_string());
        };
        let end = start + 2 + close + 2;
        let text = self.text.get(start + 2..end - 2).unwrap_or("");
        self.push_comment(start, end, text);
        self.i = end;
    }

    fn push_comment(&mut self, start: usize, end: usize, text: &str) {
        self.out.comments.push(Comment {
            start,
            end,
            text: text.trim().to_string(),
            own_line: !self.line_has_code,
        });
    }

    /// `<<EOF` or `<<-EOF` and a line break start a heredoc; anything else is left to the
    /// parser to complain about.
    fn heredoc_start(&mut self) {
        let open = self.i;
        let mut j = self.i + 2;
        if self.bytes.get(j) == Some(&b'-') {
            j += 1;
        }
        let name_start = j;
        while self.bytes.get(j).is_some_and(|b| is_name_byte(*b)) {
            j += 1;
        }
        let name_end = j;
        if self.bytes.get(j) == Some(&b'\r') {
            j += 1;
        }
        if name_end == name_start || self.bytes.get(j) != Some(&b'\n') {
            self.i += 2;
            return;
        }
        let mut frame = Frame::new(Kind::Heredoc, open);
        frame.delim = (name_start, name_end);
        frame.at_line_start = true;
        self.stack.push(frame);
        self.i = j + 1;
    }

    fn in_heredoc(&mut self) {
        let Some(frame) = self.stack.last().copied() else {
            return;
        };
        if frame.at_line_start {
            if let Some(frame) = self.stack.last_mut() {
                frame.at_line_start = false;
            }
            let mut j = self.i;
            while matches!(self.bytes.get(j), Some(b' ' | b'\t')) {
                j += 1;
            }
            let delim = self.delimiter(&frame).as_bytes();
            let after = j + delim.len();
            let is_end = self.bytes.get(j..after) == Some(delim)
                && !self.bytes.get(after).is_some_and(|b| is_name_byte(*b));
            if is_end {
                self.stack.pop();
                self.i = after;
                self.last = Last::Other;
                return;
            }
        }
        match self.peek(0) {
            b'\n' => {
                if let Some(frame) = self.stack.last_mut() {
                    frame.at_line_start = true;
                }
                self.i += 1;
            }
            _ => self.template_byte(),
        }
    }

    fn in_string(&mut self) {
        match self.peek(0) {
            b'\\' => self.i += 2,
            b'"' => {
                self.stack.pop();
                self.i += 1;
                self.last = Last::Name;
            }
            b'\n' => {
                let open = self.stack.last().map_or(self.i, |frame| frame.open);
                self.fail(
                    open,
                    "unterminated string: expected `\"` before the end of the line".to_string(),
                );
            }
            _ => self.template_byte(),
        }
    }

    /// A byte of a string or heredoc: `${` and `%{` open a template (`$${` and `%%{` are
    /// escapes that do not).
    fn template_byte(&mut self) {
        if self.rest_starts_with("$${") || self.rest_starts_with("%%{") {
            self.i += 3;
        } else if self.rest_starts_with("${") || self.rest_starts_with("%{") {
            let frame = Frame::new(Kind::Interp, self.i);
            self.push_deeper(frame);
            self.i += 2;
            self.last = Last::Other;
        } else {
            self.i += 1;
        }
    }
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-' || byte >= 0x80
}

fn closer_of(kind: Kind) -> u8 {
    match kind {
        Kind::Block | Kind::Object | Kind::Interp => b'}',
        Kind::List => b']',
        Kind::Paren => b')',
        Kind::Str => b'"',
        Kind::Heredoc => b'\n',
    }
}

fn what_of(kind: Kind) -> &'static str {
    match kind {
        Kind::Block => "block",
        Kind::Object => "object",
        Kind::List => "list",
        Kind::Paren => "parenthesis",
        Kind::Interp => "template",
        Kind::Str => "string",
        Kind::Heredoc => "heredoc",
    }
}

fn unclosed_message(kind: Kind, delimiter: &str) -> String {
    let what = what_of(kind);
    match kind {
        Kind::Heredoc => {
            format!(
                "unterminated heredoc: expected a line `{delimiter}` before the end of the file"
            )
        }
        _ => {
            let closer = char::from(closer_of(kind));
            format!("unterminated {what}: expected `{closer}` before the end of the file")
        }
    }
}
