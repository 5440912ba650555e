//! The Terraform side of `check`: reading the configurations found, and the folders that
//! plans name as their implementation.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::discover::{Names, TerraformFolder};
use crate::outcome::Context;
use crate::terraform::{self, Configuration, ReadOptions};

/// How Terraform files are read: under the limits plans are read under.
fn options(ctx: &Context) -> ReadOptions {
    ReadOptions {
        max_file_bytes: ctx.limits.max_bytes,
        max_depth: ctx.limits.max_depth,
    }
}

/// Reads each folder found, dropping the folders that another one calls as a local
/// module (terraform reads them as part of their caller, and so does `check`) and those
/// with nothing the rulebook maps. Each
/// file is renamed as reports name files: relative to the repository's root.
pub fn read_folders(
    ctx: &Context,
    folders: &[TerraformFolder],
    var_files: &[PathBuf],
    names: &mut Names,
) -> Vec<(TerraformFolder, Configuration)> {
    let mut read: Vec<(TerraformFolder, Configuration)> = folders
        .iter()
        .map(|folder| {
            let config =
                terraform::read(std::slice::from_ref(&folder.dir), var_files, options(ctx));
            (folder.clone(), config)
        })
        .collect();
    // A module's files sit in its own folder; a block read from a module names it.
    let mut modules: Vec<PathBuf> = Vec::new();
    for (_, config) in &read {
        for block in config.blocks.iter().filter(|b| !b.module.is_empty()) {
            if let Some(dir) = config
                .files
                .get(block.at.file)
                .and_then(|f| f.path.parent())
            {
                modules.push(dir.to_path_buf());
            }
        }
    }
    read.retain(|(folder, config)| {
        !modules.iter().any(|m| same_folder(m, &folder.dir))
            && crate::plan::terraform::has_anything_to_report(&ctx.rulebook, config)
    });
    for (_, config) in &mut read {
        name_files(config, names);
    }
    read
}

/// Gives each file of `config` the name reports use.
fn name_files(config: &mut Configuration, names: &mut Names) {
    for file in &mut config.files {
        file.path = PathBuf::from(names.of(&file.path));
    }
}

pub fn same_folder(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Reads the folder a plan names (`implemented-by`), relative to the plan's folder, and
/// notes it: a configuration a plan names is checked with the plan, not alone.
pub struct NextToPlan<'a> {
    ctx: &'a Context,
    dir: PathBuf,
    var_files: &'a [PathBuf],
    implemented: &'a Mutex<Vec<PathBuf>>,
}

impl<'a> NextToPlan<'a> {
    pub fn new(
        ctx: &'a Context,
        plan: &Path,
        var_files: &'a [PathBuf],
        implemented: &'a Mutex<Vec<PathBuf>>,
    ) -> NextToPlan<'a> {
        let dir = match plan.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        NextToPlan {
            ctx,
            dir,
            var_files,
            implemented,
        }
    }
}

impl crate::plan::Implementations for NextToPlan<'_> {
    fn read(&self, folder: &str) -> Result<Configuration, String> {
        let dir = self.dir.join(folder);
        if !dir.is_dir() {
            return Err(format!(
                "no such folder: {}",
                crate::fsutil::display_path(&dir)
            ));
        }
        if let Ok(mut implemented) = self.implemented.lock() {
            implemented.push(dir.clone());
        }
        let mut config = terraform::read(&[dir], self.var_files, options(self.ctx));
        name_files(&mut config, &mut Names::new());
        Ok(config)
    }
}
