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
mod model;
mod reader;
mod scan;
mod source;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

use source::folder_of;

pub use model::*;

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

fn push_new(list: &mut Vec<PathBuf>, path: PathBuf) {
    if !list.contains(&path) {
        list.push(path);
    }
}
