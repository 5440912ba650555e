//! Which plans a `check` reads, and the name each is reported under.
//!
//! Names are what CI tools map back to a repository's files: GitHub attaches an
//! annotation or a code-scanning alert to a file only when its path is relative to the
//! repository root and has no `./` or `..` in it. So every plan is named by its path
//! with `.` and `..` resolved, relative to the root of the repository that holds it:
//! `GITHUB_WORKSPACE` when set, else the git work tree that contains the file, else the
//! working folder. A file outside that root keeps its full path.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::fsutil::display_path;
use crate::plan::{self, Source};
use crate::policy::Policy;

/// One plan to check: the name shown, and where to read it.
pub struct Item {
    pub name: String,
    pub source: Source,
}

/// A folder of Terraform files found (`*.tf`): one configuration, as terraform reads one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerraformFolder {
    pub name: String,
    pub dir: PathBuf,
}

impl TerraformFolder {
    /// Named as plans are; the repository's root folder itself is `.`.
    fn new(names: &mut Names, dir: PathBuf) -> TerraformFolder {
        let name = names.of(&dir);
        TerraformFolder {
            name: if name.is_empty() { ".".into() } else { name },
            dir,
        }
    }
}

pub fn is_terraform_name(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().ends_with(".tf")
}

/// The plans named on the command line: files as given, folders searched recursively for
/// `*.eb-plan.yaml` and `*.eb-plan.yml`, `-` for standard input. Sorted by name, each once.
///
/// A team policy's `include` and `exclude` choose what the folder searches pick up. Files
/// named on the command line are checked whatever they say, unless `named` is
/// [`Named::AsSearched`] (`--respect-policy-paths`, which the pre-commit hook passes): then
/// a named file is checked only when a search of the policy's folder would have found it,
/// and the others are listed in [`Found::left_out`].
pub fn find_plans(
    paths: &[PathBuf],
    names: &mut Names,
    policy: Option<&Policy>,
    named: Named,
) -> Found {
    let mut items = Vec::new();
    let mut left_out = Vec::new();
    let mut terraform = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            items.push(Item {
                name: plan::STDIN_NAME.to_string(),
                source: Source::Stdin,
            });
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() && !is_plan_name(path.as_os_str()) => {
                walk(path, names, &mut items, &mut terraform, policy)
            }
            // A Terraform file stands for its folder: terraform reads a folder whole.
            Ok(meta) if meta.is_file() && path.file_name().is_some_and(is_terraform_name) => {
                if named == Named::AsSearched && !found_by_search(path, policy) {
                    left_out.push(path.clone());
                } else {
                    let dir = match path.parent() {
                        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                        _ => PathBuf::from("."),
                    };
                    terraform.push(TerraformFolder::new(names, dir));
                }
            }
            Ok(meta)
                if named == Named::AsSearched
                    && meta.is_file()
                    && !found_by_search(path, policy) =>
            {
                left_out.push(path.clone())
            }
            // Files, fifos, missing paths, folders named like a plan: checked (and
            // reported) as plans.
            _ => items.push(Item {
                name: names.of(path),
                source: Source::File(path.clone()),
            }),
        }
    }
    items.sort_by(|a, b| a.name.cmp(&b.name));
    // The same file named twice (`plans/a` and `./plans/../plans/a`) is checked once;
    // two files are never merged.
    items.dedup_by(|a, b| {
        a.name == b.name
            && match (&a.source, &b.source) {
                (Source::File(x), Source::File(y)) => names.same_file(x, y),
                (Source::Stdin, Source::Stdin) => true,
                _ => false,
            }
    });
    terraform.sort_by(|a, b| a.name.cmp(&b.name));
    terraform.dedup_by(|a, b| a.name == b.name);
    Found {
        items,
        left_out,
        terraform,
    }
}

/// How files named on the command line are treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Named {
    /// Checked whatever their name and the policy say.
    Always,
    /// Checked when a folder search would have picked them up.
    AsSearched,
}

/// What [`find_plans`] found.
pub struct Found {
    /// The plans to check, sorted by name.
    pub items: Vec<Item>,
    /// Files named on the command line that the policy (or, without one, their name)
    /// leaves out, in the order given.
    pub left_out: Vec<PathBuf>,
    /// The folders of Terraform files found, sorted by name, each once.
    pub terraform: Vec<TerraformFolder>,
}

/// Whether a search of folders would pick up the file `path`: with a policy, when no
/// folder on the way down from the policy's folder is excluded and the file is selected;
/// without one, when it is named like a plan.
fn found_by_search(path: &Path, policy: Option<&Policy>) -> bool {
    let plan_like = path
        .file_name()
        .is_some_and(|n| is_plan_name(n) || is_terraform_name(n));
    match policy {
        Some(policy) => policy.finds(path, plan_like),
        None => plan_like,
    }
}

pub fn is_plan_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.ends_with(".eb-plan.yaml") || name.ends_with(".eb-plan.yml")
}

/// Searches a folder: symbolic links are not followed (no cycles), `.git` is skipped, a
/// folder named like a plan is a plan (and not searched), and a folder that cannot be
/// read is reported as a problem rather than ignored.
fn walk(
    dir: &Path,
    names: &mut Names,
    items: &mut Vec<Item>,
    terraform: &mut Vec<TerraformFolder>,
    policy: Option<&Policy>,
) {
    let mut entries = WalkDir::new(dir)
        .min_depth(1)
        .follow_links(false)
        // Siblings share their folder's prefix, so comparing whole paths orders them by
        // file name, without `sort_by_file_name`'s parse of each path per comparison
        // (2% of the instructions of a check of 1,000 plans went to it).
        .sort_by(|a, b| a.path().as_os_str().cmp(b.path().as_os_str()))
        .into_iter();
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                // Reported once for the folder (or the entry) it hides.
                let path = e.path().unwrap_or(dir).to_path_buf();
                let reason = e
                    .io_error()
                    .map(crate::yaml::io_message)
                    .unwrap_or_else(|| e.to_string());
                let plan_like = is_plan_name(path.as_os_str());
                items.push(Item {
                    name: names.of(&path),
                    source: Source::Unreadable(if plan_like {
                        reason
                    } else {
                        format!("cannot read the folder: {reason}")
                    }),
                });
                continue;
            }
        };
        let plan_like = is_plan_name(entry.file_name());
        if entry.file_type().is_dir() {
            if plan_like {
                entries.skip_current_dir();
            } else {
                if entry.file_name() == ".git" || policy.is_some_and(|p| p.prunes(entry.path())) {
                    entries.skip_current_dir();
                }
                continue;
            }
        }
        // Terraform files: their folder is one configuration, found once.
        let terraform_like = is_terraform_name(entry.file_name());
        if terraform_like && policy.is_none_or(|p| p.selects(entry.path(), true)) {
            if let Some(folder) = entry.path().parent() {
                if terraform.last().is_none_or(|t| t.dir != folder) {
                    terraform.push(TerraformFolder::new(names, folder.to_path_buf()));
                }
            }
            continue;
        }
        // A policy's `include` can name plans of any name; its `exclude` skips files and
        // whole folders. Without a policy, plans are the files named like one.
        if policy.map_or(plan_like, |p| p.selects(entry.path(), plan_like)) {
            items.push(Item {
                name: names.of(entry.path()),
                source: Source::File(entry.into_path()),
            });
        }
    }
}

/// Names plans relative to the root of their repository (see the module's notes).
pub struct Names {
    cwd: Option<PathBuf>,
    workspace: Option<PathBuf>,
    /// Folder → the git work tree that contains it, for folders already looked up.
    work_trees: HashMap<PathBuf, Option<PathBuf>>,
    /// Folder → its name with symbolic links resolved, for folders already resolved: a
    /// plan outside its root would otherwise cost a `readlink` per component, per plan.
    resolved: HashMap<PathBuf, Option<PathBuf>>,
}

impl Names {
    /// Reads the working folder and `GITHUB_WORKSPACE` once for the whole run.
    pub fn new() -> Names {
        let cwd = std::env::current_dir().ok();
        let workspace = std::env::var_os("GITHUB_WORKSPACE")
            .filter(|w| !w.is_empty())
            .map(|w| absolute(cwd.as_deref(), Path::new(&w)));
        Names {
            cwd,
            workspace,
            work_trees: HashMap::new(),
            resolved: HashMap::new(),
        }
    }

    /// The name `path` is reported under.
    pub fn of(&mut self, path: &Path) -> String {
        let path = absolute(self.cwd.as_deref(), path);
        let root = self.root_of(&path);
        let relative = root
            .as_deref()
            .and_then(|root| self.relative_to(&path, root))
            .unwrap_or(path);
        display_path(&relative)
    }

    /// Whether two paths name one file (the same name may stand for files of two
    /// repositories).
    fn same_file(&self, a: &Path, b: &Path) -> bool {
        absolute(self.cwd.as_deref(), a) == absolute(self.cwd.as_deref(), b)
    }

    /// `path` below `root`, trying the names as given first and then with symbolic links
    /// resolved (`GITHUB_WORKSPACE` may name the checkout through a link).
    fn relative_to(&mut self, path: &Path, root: &Path) -> Option<PathBuf> {
        if let Ok(rel) = path.strip_prefix(root) {
            return Some(rel.to_path_buf());
        }
        let root = self.resolve(root)?;
        let folder = self.resolve(path.parent()?)?;
        let rel = folder.strip_prefix(root).ok()?;
        Some(rel.join(path.file_name()?))
    }

    fn resolve(&mut self, folder: &Path) -> Option<PathBuf> {
        if let Some(known) = self.resolved.get(folder) {
            return known.clone();
        }
        let found = folder.canonicalize().ok();
        self.resolved.insert(folder.to_path_buf(), found.clone());
        found
    }

    /// The folder names are relative to when it holds the working folder: the base that
    /// SARIF's `%SRCROOT%` stands for.
    pub fn run_root(&mut self) -> Option<PathBuf> {
        let cwd = self.cwd.clone()?;
        self.root_of(&cwd.join("."))
    }

    fn root_of(&mut self, path: &Path) -> Option<PathBuf> {
        if let Some(workspace) = &self.workspace {
            return Some(workspace.clone());
        }
        let folder = path.parent()?;
        self.work_tree(folder).or_else(|| self.cwd.clone())
    }

    /// The nearest folder at or above `folder` that has a `.git` (a folder in a clone,
    /// a file in a linked work tree or a submodule).
    fn work_tree(&mut self, folder: &Path) -> Option<PathBuf> {
        if let Some(known) = self.work_trees.get(folder) {
            return known.clone();
        }
        let found = if folder.join(".git").exists() {
            Some(folder.to_path_buf())
        } else {
            folder.parent().and_then(|parent| self.work_tree(parent))
        };
        self.work_trees.insert(folder.to_path_buf(), found.clone());
        found
    }
}

impl Default for Names {
    fn default() -> Self {
        Names::new()
    }
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved in the name (not on the
/// disk: `plans/../plans/a` is `plans/a` as the repository sees it).
fn absolute(cwd: Option<&Path>, path: &Path) -> PathBuf {
    let joined = match cwd {
        Some(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    crate::fsutil::resolve_dots(&joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dots_are_resolved_in_the_name() {
        let cwd = Path::new("/repo/sub");
        assert_eq!(
            absolute(Some(cwd), Path::new("./plans/../plans/a.eb-plan.yaml")),
            Path::new("/repo/sub/plans/a.eb-plan.yaml")
        );
        assert_eq!(
            absolute(Some(cwd), Path::new("../x.eb-plan.yaml")),
            Path::new("/repo/x.eb-plan.yaml")
        );
        assert_eq!(absolute(None, Path::new("/a/./b/../c")), Path::new("/a/c"));
    }

    #[test]
    fn names_are_relative_to_the_work_tree_of_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("sub/plans")).unwrap();
        let mut names = Names {
            cwd: Some(repo.join("sub")),
            workspace: None,
            work_trees: HashMap::new(),
            resolved: HashMap::new(),
        };
        assert_eq!(
            names.of(Path::new("./plans/../plans/a.eb-plan.yaml")),
            "sub/plans/a.eb-plan.yaml"
        );
        assert_eq!(names.run_root(), Some(repo.clone()));
        // Outside every work tree and the working folder: the full path.
        let outside = dir.path().join("elsewhere/b.eb-plan.yaml");
        assert_eq!(names.of(&outside), display_path(&outside));
    }

    #[test]
    fn the_workspace_wins_over_the_work_tree() {
        let mut names = Names {
            cwd: Some(PathBuf::from("/ws/repo/sub")),
            workspace: Some(PathBuf::from("/ws")),
            work_trees: HashMap::new(),
            resolved: HashMap::new(),
        };
        assert_eq!(
            names.of(Path::new("a.eb-plan.yaml")),
            "repo/sub/a.eb-plan.yaml"
        );
    }
}
