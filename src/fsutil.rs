//! Writing files so that an interruption never leaves half a file behind.

use std::io::Write;
use std::path::Path;

/// Writes `contents` to a temporary file beside `path`, then renames it into place.
///
/// A symbolic link is followed: the file it points at is replaced, the link stays. A
/// path that is not a regular file (`/dev/stdout`, a fifo) is written in place, as there
/// is no file to replace: renaming over it would replace the device node itself.
///
/// The file gets the permissions a plain write would give it: those of the file it
/// replaces, else read and write for all that the umask allows (a temporary file alone
/// would be readable by its owner only).
pub fn write_atomically(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let existing = std::fs::metadata(path).ok();
    if let Some(meta) = &existing {
        if !meta.is_file() && !meta.is_dir() {
            let mut out = std::fs::OpenOptions::new().write(true).open(path)?;
            out.write_all(contents)?;
            return out.flush();
        }
    }
    let resolved = std::fs::canonicalize(path).ok();
    let path = resolved.as_deref().unwrap_or(path);
    let mut temp = temp_file_beside(path)?;
    if let Some(meta) = existing.filter(|m| m.is_file()) {
        temp.as_file().set_permissions(meta.permissions())?;
    }
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Writes a new file at `path`, whole or not at all, and never over an existing one: the
/// contents go to a temporary file beside it, which is then linked into place only if
/// nothing is there (`ErrorKind::AlreadyExists` otherwise, with nothing written).
pub fn write_new(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut temp = temp_file_beside(path)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// A temporary file in the folder of `path`, to be renamed or linked into place there,
/// with the permissions a new file gets in it.
fn temp_file_beside(path: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".eb-advisor-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with this mode, the umask applies as it does to any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// A path as reports name it: each byte that is not UTF-8 written `\xNN` (where
/// `Path::display` would merge them all into U+FFFD). Control characters stay: each
/// format escapes them its own way (text and Markdown visibly, GitHub as `%0A`).
pub fn display_path(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut bytes = path.as_os_str().as_bytes();
        let mut out = String::with_capacity(bytes.len());
        while !bytes.is_empty() {
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    out.push_str(text);
                    break;
                }
                Err(e) => {
                    let (valid, rest) = bytes.split_at(e.valid_up_to());
                    out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                    let bad = e.error_len().unwrap_or(rest.len()).max(1);
                    for b in &rest[..bad] {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                    bytes = &rest[bad..];
                }
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

/// `path` made absolute against the working folder, with `.` and `..` resolved by name
/// (not by following links): `sub/../plans/./a` and `plans/a` are the same path.
pub fn lexical_absolute(path: &Path) -> std::path::PathBuf {
    resolve_dots(&std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// `path` with `.` and `..` resolved in the name, not on the disk: `plans/../plans/a` is
/// `plans/a` as a repository sees it. A `..` with nothing left to go up from stays.
pub fn resolve_dots(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(part);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` as seen from the folder `from` (both made absolute): `../eb-advisor.yaml`.
pub fn relative_to(path: &Path, from: &Path) -> std::path::PathBuf {
    let (path, from) = (lexical_absolute(path), lexical_absolute(from));
    let common = path
        .components()
        .zip(from.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = std::path::PathBuf::new();
    for _ in from.components().skip(common) {
        out.push("..");
    }
    for part in path.components().skip(common) {
        out.push(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn written_files_get_the_mode_a_plain_write_gives() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // A new file: 0666 less the umask, as `File::create` gives.
        let plain = dir.path().join("plain");
        std::fs::write(&plain, "x").unwrap();
        let new = dir.path().join("new");
        write_atomically(&new, b"x").unwrap();
        assert_eq!(mode(&new), mode(&plain));
        // A replaced file keeps its mode.
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&new, b"y").unwrap();
        assert_eq!(mode(&new), 0o640);
        assert_eq!(std::fs::read_to_string(&new).unwrap(), "y");
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::os::unix::ffi::OsStrExt;
        let a = Path::new(std::ffi::OsStr::from_bytes(b"plans/\xff.eb-plan.yaml"));
        let b = Path::new(std::ffi::OsStr::from_bytes(b"plans/\xfe.eb-plan.yaml"));
        assert_eq!(display_path(a), "plans/\\xff.eb-plan.yaml");
        assert_ne!(display_path(a), display_path(b));
        assert_eq!(display_path(Path::new("a/b.yaml")), "a/b.yaml");
        // Control characters are left to each format to escape (since 844e99e).
        assert_eq!(display_path(Path::new("a\n::x\u{1b}")), "a\n::x\u{1b}");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_is_followed_and_a_fifo_written_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink("real.json", &link).unwrap();
        write_atomically(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");

        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let reader = {
                let fifo = fifo.clone();
                std::thread::spawn(move || std::fs::read(fifo).unwrap())
            };
            write_atomically(&fifo, b"through").unwrap();
            assert_eq!(reader.join().unwrap(), b"through");
            use std::os::unix::fs::FileTypeExt;
            assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
        }
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.yaml");
        std::fs::write(&path, "old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
