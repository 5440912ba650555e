//! Where the files come from (the disk, or memory for tests and fuzzing), and how byte
//! offsets become 1-based lines and columns.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::diag::Pos;

/// Why a file's bytes could not be had.
#[derive(Debug)]
pub(super) enum LoadError {
    TooLarge(u64),
    Unreadable(String),
}

/// A source of files: the disk, or a set of files in memory.
pub(super) trait Loader {
    /// The regular files of a folder, in no particular order.
    fn list(&self, folder: &Path) -> Result<Vec<PathBuf>, String>;
    /// A file's bytes, refused when there are more than `max`.
    fn load(&self, path: &Path, max: u64) -> Result<Vec<u8>, LoadError>;
}

/// The `*.tf` files of a folder, sorted by name.
pub(super) fn tf_files(loader: &dyn Loader, folder: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files: Vec<PathBuf> = loader
        .list(folder)?
        .into_iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "tf"))
        .collect();
    files.sort();
    Ok(files)
}

pub(super) struct Disk;

impl Loader for Disk {
    fn list(&self, folder: &Path) -> Result<Vec<PathBuf>, String> {
        let entries = std::fs::read_dir(folder).map_err(|e| crate::yaml::io_message(&e))?;
        Ok(entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.is_file())
            .collect())
    }

    fn load(&self, path: &Path, max: u64) -> Result<Vec<u8>, LoadError> {
        let unreadable = |e: std::io::Error| LoadError::Unreadable(crate::yaml::io_message(&e));
        let meta = std::fs::metadata(path).map_err(unreadable)?;
        // A fifo or a device would block the read: only regular files are read.
        if !meta.is_file() {
            return Err(LoadError::Unreadable("not a regular file".to_string()));
        }
        if meta.len() > max {
            return Err(LoadError::TooLarge(meta.len()));
        }
        let file = std::fs::File::open(path).map_err(unreadable)?;
        let mut bytes = Vec::new();
        // The file may grow between the look and the read: read one byte past the cap.
        file.take(max.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 > max {
            return Err(LoadError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes)
    }
}

/// Files in memory, by their lexically normalized path.
pub(super) struct Memory {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl Memory {
    pub(super) fn new(files: impl IntoIterator<Item = (PathBuf, Vec<u8>)>) -> Memory {
        Memory {
            files: files
                .into_iter()
                .map(|(path, bytes)| (normalize(&path), bytes))
                .collect(),
        }
    }
}

impl Loader for Memory {
    fn list(&self, folder: &Path) -> Result<Vec<PathBuf>, String> {
        let folder = normalize(folder);
        let found: Vec<PathBuf> = self
            .files
            .keys()
            .filter(|path| path.parent().unwrap_or(Path::new("")) == folder)
            .cloned()
            .collect();
        if found.is_empty() {
            return Err("no such folder".to_string());
        }
        Ok(found)
    }

    fn load(&self, path: &Path, max: u64) -> Result<Vec<u8>, LoadError> {
        let bytes = self
            .files
            .get(&normalize(path))
            .ok_or_else(|| LoadError::Unreadable("no such file".to_string()))?;
        if bytes.len() as u64 > max {
            return Err(LoadError::TooLarge(bytes.len() as u64));
        }
        Ok(bytes.clone())
    }
}

/// `a/./b/../c` as `a/c`, without asking the file system: module sources are compared and
/// looked up by the path as written, and the in-memory files have no file system.
pub(super) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let ends_in_name =
                    matches!(out.components().next_back(), Some(Component::Normal(_)));
                if ends_in_name {
                    out.pop();
                } else {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The text of a file's bytes, or the position of the first byte that is not UTF-8 with its
/// offset.
pub(super) fn decode(bytes: Vec<u8>) -> Result<String, (Pos, usize)> {
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
        (LineIndex::new(valid).pos(offset), offset)
    })
}

/// Turns byte offsets into 1-based lines and columns (columns counted in characters), in
/// logarithmic time, however long the lines: a file of one 10 MiB line must not make every
/// position a scan from the line's start.
#[derive(Clone, Debug)]
pub(super) struct LineIndex {
    line_starts: Vec<usize>,
    /// How many characters start before each multiple of `CHUNK` bytes.
    chars_before_chunk: Vec<usize>,
    bytes: Vec<u8>,
}

const CHUNK: usize = 256;

impl LineIndex {
    pub(super) fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        line_starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars_before_chunk = Vec::with_capacity(bytes.len() / CHUNK + 1);
        let mut chars = 0;
        for chunk in bytes.chunks(CHUNK) {
            chars_before_chunk.push(chars);
            chars += chunk.iter().filter(|b| is_char_start(**b)).count();
        }
        chars_before_chunk.push(chars);
        LineIndex {
            line_starts,
            chars_before_chunk,
            bytes: bytes.to_vec(),
        }
    }

    /// The position of the byte at `offset` (the end of the text for an offset past it).
    pub(super) fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.bytes.len());
        let line = self.line_starts.partition_point(|start| *start <= offset);
        let line_start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let column = self.chars_before(offset) - self.chars_before(line_start) + 1;
        Pos {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    fn chars_before(&self, offset: usize) -> usize {
        let chunk = offset / CHUNK;
        let before = self.chars_before_chunk.get(chunk).copied().unwrap_or(0);
        let tail = self.bytes.get(chunk * CHUNK..offset).unwrap_or_default();
        before + tail.iter().filter(|b| is_char_start(**b)).count()
    }
}

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn is_char_start(byte: u8) -> bool {
    byte & 0xC0 != 0x80
}

/// The folder a file is in ("" for a bare file name).
pub(super) fn folder_of(path: &Path) -> PathBuf {
    path.parent().map(Path::to_path_buf).unwrap_or_default()
}
