//! Reading a root module and the local modules it calls: files in, blocks and problems out.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use hcl_edit::structure::{Body, Structure};
use hcl_edit::Span;

use super::eval::{Budget, Evaluator, FileCtx, Scope, Val, VarDecl};
use super::model::{Block, Configuration, Loc, Pos, ReadOptions, SourceFile, Value};
use super::scan::{self, Comment};
use super::source::{self, LineIndex, LoadError, Loader};

/// The most module instances read in one configuration: a module that calls another twice,
/// which calls another twice, ..., would otherwise be read 2^depth times.
const MAX_MODULE_INSTANCES: usize = 256;

/// The deepest chain of module calls read (terraform configurations rarely pass 5).
const MAX_MODULE_NESTING: usize = 16;

/// The budget of value sizes before any file is read (more is added per file read).
const BASE_BUDGET: u64 = 4 << 20;

/// The top-level blocks that are read.
const KINDS: [&str; 4] = ["resource", "data", "provider", "module"];

/// A module block's arguments that are not variables of the module.
const MODULE_META_ARGUMENTS: [&str; 6] = [
    "source",
    "version",
    "providers",
    "count",
    "for_each",
    "depends_on",
];

/// A file that was read and parsed.
struct ParsedFile {
    file: usize,
    path: PathBuf,
    text: String,
    lines: LineIndex,
    body: Body,
    comments: Vec<Comment>,
}

impl ParsedFile {
    fn ctx(&self) -> FileCtx<'_> {
        FileCtx {
            file: self.file,
            lines: &self.lines,
            text: &self.text,
        }
    }

    fn loc(&self, offset: usize) -> Loc {
        Loc {
            file: self.file,
            pos: self.lines.pos(offset),
        }
    }
}

pub(super) struct Reader<'l> {
    loader: &'l dyn Loader,
    options: ReadOptions,
    files: Vec<SourceFile>,
    problems: Vec<(Loc, String)>,
    blocks: Vec<Block>,
    budget: Rc<Budget>,
    /// Each file read, by normalized path (None: it could not be read).
    parsed: HashMap<PathBuf, Option<Rc<ParsedFile>>>,
    instances: usize,
}

/// A module call on the way to the module being read.
struct Call {
    /// "" for the root, "module.events", "module.events.module.inner".
    path: String,
    /// The folders of the calls above and this one: a folder met twice is a recursion.
    chain: Vec<PathBuf>,
}

impl<'l> Reader<'l> {
    pub(super) fn new(loader: &'l dyn Loader, options: ReadOptions) -> Reader<'l> {
        Reader {
            loader,
            options,
            files: Vec::new(),
            problems: Vec::new(),
            blocks: Vec::new(),
            budget: Rc::new(Budget::new(BASE_BUDGET)),
            parsed: HashMap::new(),
            instances: 0,
        }
    }

    pub(super) fn finish(mut self) -> Configuration {
        if let Some((at, message)) = self.budget.exhausted() {
            self.problems.push((at, message.to_string()));
        }
        Configuration {
            files: self.files,
            blocks: self.blocks,
            problems: self.problems,
        }
    }

    /// A problem with a file or folder as a whole, which is listed as a file without text.
    pub(super) fn file_problem(&mut self, path: &Path, reason: String) {
        let file = self.add_file(path.to_path_buf(), String::new());
        let shown = path.display();
        self.problems.push((
            Loc {
                file,
                pos: Pos::NONE,
            },
            format!("cannot read {shown}: {reason}"),
        ));
    }

    fn add_file(&mut self, path: PathBuf, text: String) -> usize {
        self.files.push(SourceFile { path, text });
        self.files.len() - 1
    }

    pub(super) fn read_root(&mut self, root_files: &[PathBuf], tfvars: &[PathBuf]) {
        let mut files = Vec::new();
        for path in root_files {
            let already = files
                .iter()
                .any(|f: &Rc<ParsedFile>| f.path == source::normalize(path));
            if already {
                continue;
            }
            files.extend(self.parse_file(path));
        }
        let values = self.tfvars_values(tfvars);
        let folder = root_files
            .first()
            .map(|path| source::normalize(&source::folder_of(path)))
            .unwrap_or_default();
        let call = Call {
            path: String::new(),
            chain: vec![folder],
        };
        self.read_module(&call, &files, values);
    }

    /// The values of the tfvars files, later files over earlier ones.
    fn tfvars_values(&mut self, tfvars: &[PathBuf]) -> HashMap<String, Val> {
        let mut values = HashMap::new();
        let empty = Scope::default();
        let budget = Rc::clone(&self.budget);
        for path in tfvars {
            let Some(file) = self.parse_file(path) else {
                continue;
            };
            let mut literal = Evaluator::literal(&empty, &budget, self.options.max_depth);
            for attribute in file.body.attributes() {
                let at = file.loc(attribute.span().map_or(0, |s| s.start));
                let val = literal.eval(&attribute.value, file.ctx(), at);
                values.insert(attribute.key.as_str().to_string(), val);
            }
        }
        values
    }

    /// Reads, checks and parses a file once; None (and a problem) when it cannot be read.
    fn parse_file(&mut self, path: &Path) -> Option<Rc<ParsedFile>> {
        let key = source::normalize(path);
        if let Some(parsed) = self.parsed.get(&key) {
            return parsed.clone();
        }
        let parsed = self.load_and_parse(path).map(Rc::new);
        self.parsed.insert(key, parsed.clone());
        parsed
    }

    fn load_and_parse(&mut self, path: &Path) -> Option<ParsedFile> {
        let max = self.options.max_file_bytes;
        let bytes = match self.loader.load(path, max) {
            Ok(bytes) => bytes,
            Err(LoadError::TooLarge(size)) => {
                let reason = format!("the file is {size} bytes, larger than the limit of {max}");
                self.file_problem(path, reason);
                return None;
            }
            Err(LoadError::Unreadable(reason)) => {
                self.file_problem(path, reason);
                return None;
            }
        };
        let text = match source::decode(bytes) {
            Ok(text) => text,
            Err((pos, offset)) => {
                let file = self.add_file(path.to_path_buf(), String::new());
                let message = format!("invalid UTF-8 at byte {offset}: expected text in UTF-8");
                self.problems.push((Loc { file, pos }, message));
                return None;
            }
        };
        self.budget.grow(text.len());
        let file = self.add_file(path.to_path_buf(), text.clone());
        let lines = LineIndex::new(&text);
        let scanned = scan::scan(&text, self.options.max_depth);
        let at = |offset: usize| Loc {
            file,
            pos: lines.pos(offset),
        };
        if let Some((offset, message)) = scanned.problem {
            self.problems.push((at(offset), message));
            return None;
        }
        let body = match hcl_edit::parser::parse_body(&without_bom(&text)) {
            Ok(body) => body,
            Err(error) => {
                let message = format!("syntax error: {}", error.message());
                self.problems.push((at(error.location().offset()), message));
                return None;
            }
        };
        Some(ParsedFile {
            file,
            path: source::normalize(path),
            text,
            lines,
            body,
            comments: scanned.comments,
        })
    }

    /// Reads one module instance: its variables and locals, then its blocks in file order,
    /// each module block followed by the blocks of the local module it calls.
    fn read_module(&mut self, call: &Call, files: &[Rc<ParsedFile>], values: HashMap<String, Val>) {
        let scope = scope_of(&call.path, files, values);
        let budget = Rc::clone(&self.budget);
        let mut evaluator = Evaluator::new(&scope, &budget, self.options.max_depth);
        for file in files {
            for structure in file.body.iter() {
                let Structure::Block(block) = structure else {
                    continue;
                };
                let kind = block.ident.as_str();
                if !KINDS.contains(&kind) {
                    continue;
                }
                let read = read_block(&mut evaluator, file, block, &call.path);
                let module_call = (kind == "module").then(|| read.clone());
                self.blocks.push(read);
                if let Some(module) = module_call {
                    self.call_module(&mut evaluator, call, file, block, &module);
                }
            }
        }
    }

    /// Reads the local module a module block calls, with its variables bound to the block's
    /// arguments. Other sources (the registry, git) are skipped: their content is unknown.
    fn call_module<'a>(
        &mut self,
        evaluator: &mut Evaluator<'a, '_>,
        caller: &Call,
        file: &'a ParsedFile,
        block: &'a hcl_edit::structure::Block,
        module: &Block,
    ) {
        let Some(name) = module.labels.first() else {
            return;
        };
        let Some(source) = module.get("source") else {
            return;
        };
        let Value::Str(path) = &source.value else {
            return;
        };
        if !(path.starts_with("./") || path.starts_with("../")) {
            return;
        }
        let folder = source::normalize(&source::folder_of(&file.path).join(path));
        let call = Call {
            path: if caller.path.is_empty() {
                format!("module.{name}")
            } else {
                format!("{}.module.{name}", caller.path)
            },
            chain: caller
                .chain
                .iter()
                .cloned()
                .chain([folder.clone()])
                .collect(),
        };
        let refusal = self.refusal(caller, &folder, name, path);
        if let Some(message) = refusal {
            self.problems.push((source.at, message));
            return;
        }
        let files = match source::tf_files(self.loader, &folder) {
            Ok(paths) if paths.is_empty() => {
                let message = format!("module \"{name}\": {path} has no .tf files");
                self.problems.push((source.at, message));
                return;
            }
            Ok(paths) => paths,
            Err(reason) => {
                let message = format!("module \"{name}\": cannot read {path}: {reason}");
                self.problems.push((source.at, message));
                return;
            }
        };
        self.instances += 1;
        let files: Vec<Rc<ParsedFile>> = files.iter().filter_map(|p| self.parse_file(p)).collect();
        let values = module_arguments(evaluator, file, block);
        self.read_module(&call, &files, values);
    }

    /// Why a module call is not followed, if it is not.
    fn refusal(&self, caller: &Call, folder: &Path, name: &str, path: &str) -> Option<String> {
        if caller.chain.iter().any(|f| f == folder) {
            return Some(format!("module \"{name}\": {path} is already being read by a module that calls it (a module cannot call itself): expected a module that does not call itself"));
        }
        let nesting = self.options.max_depth.min(MAX_MODULE_NESTING);
        if caller.chain.len() > nesting {
            return Some(format!("module \"{name}\": modules nested deeper than {nesting} levels: expected at most {nesting}"));
        }
        if self.instances >= MAX_MODULE_INSTANCES {
            return Some(format!("module \"{name}\": more than {MAX_MODULE_INSTANCES} module calls in the configuration: expected at most {MAX_MODULE_INSTANCES}"));
        }
        None
    }
}

/// The BOM is not HCL: it is read as three spaces, which keeps every byte offset.
fn without_bom(text: &str) -> std::borrow::Cow<'_, str> {
    match text.strip_prefix('\u{feff}') {
        Some(rest) => format!("   {rest}").into(),
        None => text.into(),
    }
}

/// The variables and locals declared in a module's files.
fn scope_of<'a>(
    module: &str,
    files: &'a [Rc<ParsedFile>],
    values: HashMap<String, Val>,
) -> Scope<'a> {
    let mut scope = Scope {
        module: module.to_string(),
        values,
        ..Scope::default()
    };
    for file in files {
        for block in file.body.blocks() {
            match (block.ident.as_str(), block.labels.as_slice()) {
                ("variable", [name]) => {
                    let default = block
                        .body
                        .get_attribute("default")
                        .map(|attribute| (&attribute.value, file.ctx()));
                    scope
                        .variables
                        .insert(name.as_str().to_string(), VarDecl { default });
                }
                ("locals", []) => {
                    for attribute in block.body.attributes() {
                        let local = (&attribute.value, file.ctx());
                        scope
                            .locals
                            .insert(attribute.key.as_str().to_string(), local);
                    }
                }
                _ => {}
            }
        }
    }
    scope
}

/// A module block's arguments, evaluated where they are written.
fn module_arguments<'a>(
    evaluator: &mut Evaluator<'a, '_>,
    file: &'a ParsedFile,
    block: &'a hcl_edit::structure::Block,
) -> HashMap<String, Val> {
    let fallback = file.loc(block.span().map_or(0, |s| s.start));
    block
        .body
        .attributes()
        .filter(|attribute| !MODULE_META_ARGUMENTS.contains(&attribute.key.as_str()))
        .map(|attribute| {
            let val = evaluator.eval(&attribute.value, file.ctx(), fallback);
            (attribute.key.as_str().to_string(), val)
        })
        .collect()
}

fn read_block<'a>(
    evaluator: &mut Evaluator<'a, '_>,
    file: &'a ParsedFile,
    block: &'a hcl_edit::structure::Block,
    module: &str,
) -> Block {
    let span = block.span().unwrap_or(0..0);
    let at = file.loc(span.start);
    let body = body_entries(evaluator, file, &block.body, at)
        .into_iter()
        .map(|(key, val)| (key, val.located))
        .collect();
    Block {
        kind: block.ident.as_str().to_string(),
        labels: block
            .labels
            .iter()
            .map(|l| l.as_str().to_string())
            .collect(),
        at,
        body,
        module: module.to_string(),
        comments: comments_of(file, span),
    }
}

/// A body's attributes, and its nested blocks grouped by type where the first one is. The
/// recursion is bounded by the scan, which refused the file if blocks nest too deep.
fn body_entries<'a>(
    evaluator: &mut Evaluator<'a, '_>,
    file: &'a ParsedFile,
    body: &'a Body,
    at: Loc,
) -> Vec<(String, Val)> {
    let mut entries: Vec<(String, Entry)> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attribute) => {
                let val = evaluator.eval(&attribute.value, file.ctx(), at);
                entries.push((attribute.key.as_str().to_string(), Entry::Attribute(val)));
            }
            Structure::Block(nested) => {
                let nested_at = file.loc(nested.span().map_or(0, |s| s.start));
                let (kind, item) = match (nested.ident.as_str(), nested.labels.as_slice()) {
                    ("dynamic", [label]) => {
                        let reason = format!("a dynamic \"{}\" block: its content comes from for_each when terraform runs", label.as_str());
                        (label.as_str().to_string(), Val::unknown(reason, nested_at))
                    }
                    (kind, _) => {
                        let inner = body_entries(evaluator, file, &nested.body, nested_at);
                        (kind.to_string(), evaluator.object_from(inner, nested_at))
                    }
                };
                let group = entries
                    .iter_mut()
                    .find(|(k, e)| *k == kind && matches!(e, Entry::Blocks(..)));
                match group {
                    Some((_, Entry::Blocks(_, items))) => items.push(item),
                    _ => entries.push((kind, Entry::Blocks(nested_at, vec![item]))),
                }
            }
        }
    }
    entries
        .into_iter()
        .map(|(key, entry)| match entry {
            Entry::Attribute(val) => (key, val),
            Entry::Blocks(at, items) => (key, evaluator.list_from(items, at)),
        })
        .collect()
}

enum Entry {
    Attribute(Val),
    Blocks(Loc, Vec<Val>),
}

/// The comments inside a block, and those on the lines directly above it (each alone on its
/// line, with no blank line between).
fn comments_of(file: &ParsedFile, span: std::ops::Range<usize>) -> Vec<(Loc, String)> {
    let first_inside = file.comments.partition_point(|c| c.start < span.start);
    let mut above = Vec::new();
    let mut next_line = file.lines.pos(span.start).line;
    for comment in file.comments[..first_inside].iter().rev() {
        let end_line = file.lines.pos(comment.end.saturating_sub(1)).line;
        if !comment.own_line || end_line + 1 != next_line {
            break;
        }
        next_line = file.lines.pos(comment.start).line;
        above.push(comment);
    }
    above.reverse();
    let inside = file.comments[first_inside..]
        .iter()
        .take_while(|c| c.start < span.end);
    above
        .into_iter()
        .chain(inside)
        .map(|c| (file.loc(c.start), c.text.clone()))
        .collect()
}
