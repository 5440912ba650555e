//! A static reader of Terraform configurations (HCL): the resource, data, provider and
//! module blocks of a root module and of the local modules it calls, with every value that
//! can be known without running terraform, and where each value was written.
//!
//! Nothing here runs terraform or reaches the network: a value that only terraform could
//! know (a resource attribute, a data source, a module output, most functions) is
//! [`Value::Unknown`] with the reason. Hostile input (huge, deep or broken files) becomes a
//! problem with a position, never a panic, a stack overflow or a hang.

mod eval;
mod json;
mod reader;
mod scan;
mod source;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

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

/// Reads a configuration: `paths` are .tf files or folders (a folder's *.tf files, sorted by
/// name, not recursive: a Terraform module is one folder); `tfvars` are .tfvars files (HCL)
/// to apply over variable defaults, in order. Also applies `terraform.tfvars` and
/// `*.auto.tfvars` in the root folder (each folder given, and the folder of each file given)
/// before them, as terraform does.
pub fn read(paths: &[PathBuf], tfvars: &[PathBuf], options: ReadOptions) -> Configuration {
    let loader = source::Disk;
    let mut root_files = Vec::new();
    let mut root_folders = Vec::new();
    let mut missing = Vec::new();
    for path in paths {
        if path.is_dir() {
            push_new(&mut root_folders, path.clone());
            match source::tf_files(&loader, path) {
                Ok(files) => root_files.extend(files),
                Err(reason) => missing.push((path.clone(), reason)),
            }
        } else {
            push_new(&mut root_folders, folder_of(path));
            root_files.push(path.clone());
        }
    }
    let mut reader = reader::Reader::new(&loader, options);
    for (path, reason) in missing {
        reader.file_problem(&path, reason);
    }
    let mut all_tfvars = auto_tfvars(&loader, &root_folders);
    all_tfvars.extend(tfvars.iter().cloned());
    reader.read_root(&root_files, &all_tfvars);
    reader.finish()
}

/// The same on in-memory files (for fuzzing and tests): (path, bytes). The root module is
/// the `.tf` files of `files` in the folder of the first one; the other files are there for
/// local module sources to find, and `terraform.tfvars` / `*.auto.tfvars` in the root folder
/// are applied before `tfvars`.
pub fn read_sources(
    files: Vec<(PathBuf, Vec<u8>)>,
    tfvars: Vec<(PathBuf, Vec<u8>)>,
    options: ReadOptions,
) -> Configuration {
    let root_folder = files
        .first()
        .map(|(path, _)| folder_of(path))
        .unwrap_or_default();
    let explicit: Vec<PathBuf> = tfvars.iter().map(|(path, _)| path.clone()).collect();
    let loader = source::Memory::new(files.into_iter().chain(tfvars));
    let root_files = source::tf_files(&loader, &root_folder).unwrap_or_default();
    let mut all_tfvars = auto_tfvars(&loader, &[root_folder]);
    all_tfvars.extend(explicit);
    let mut reader = reader::Reader::new(&loader, options);
    reader.read_root(&root_files, &all_tfvars);
    reader.finish()
}

/// `terraform.tfvars`, then `*.auto.tfvars` by name, of each folder: terraform's order.
fn auto_tfvars(loader: &dyn source::Loader, folders: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for folder in folders {
        let Ok(mut names) = loader.list(folder) else {
            continue;
        };
        names.sort();
        let file_name = |path: &Path| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        found.extend(
            names
                .iter()
                .filter(|path| file_name(path) == "terraform.tfvars")
                .cloned(),
        );
        found.extend(
            names
                .iter()
                .filter(|path| file_name(path).ends_with(".auto.tfvars"))
                .cloned(),
        );
    }
    found
}

fn folder_of(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}

fn push_new(list: &mut Vec<PathBuf>, path: PathBuf) {
    if !list.contains(&path) {
        list.push(path);
    }
}
