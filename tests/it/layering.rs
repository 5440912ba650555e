//! No file in `src/` is part of an import loop: each sits above all that it imports
//! (docs/architecture.md, "Dependencies point one way", says the rule and how to keep it).
//!
//! An import is any path a file names into another file of the crate: `use` trees, paths
//! in code, and paths in macro bodies. A module may use its ancestors' items (`super::`,
//! or `crate::` up to them), as Rust's scoping intends: a submodule is part of its parent,
//! which declares it. Every other import must point down.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

/// A module's path from the crate root (`["report", "text"]`).
type ModPath = Vec<String>;

/// The library's files and what each imports: file (relative to `src/`) → file → the
/// first path that makes the import, for the message.
struct Imports {
    edges: BTreeMap<String, BTreeMap<String, String>>,
}

impl Imports {
    fn of_library(src: &Path) -> Imports {
        let mut edges = BTreeMap::new();
        for file in rust_files(src) {
            let Some(module) = module_of(&file) else {
                continue; // a binary's root: no module of the library
            };
            let text = std::fs::read_to_string(src.join(&file)).unwrap();
            let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("src/{file}: {e}"));
            let mut paths = Paths::default();
            paths.visit_file(&syntax);
            let mut targets = BTreeMap::new();
            for (scope, path) in paths.found {
                let scope: ModPath = module.iter().cloned().chain(scope).collect();
                let Some(target) = resolve(src, &scope, &path) else {
                    continue;
                };
                let target_module = module_of(&target).unwrap_or_default();
                let ancestor = module.len() > target_module.len()
                    && module[..target_module.len()] == target_module[..];
                if target != file && !ancestor {
                    targets.entry(target).or_insert_with(|| path.join("::"));
                }
            }
            edges.insert(file, targets);
        }
        Imports { edges }
    }

    /// Every loop, as the files around it with the path each imports the next by.
    fn loops(&self) -> Vec<String> {
        let mut found = Vec::new();
        let mut reported: BTreeSet<BTreeSet<String>> = BTreeSet::new();
        for start in self.edges.keys() {
            if let Some(cycle) = self.path_back(start) {
                let members: BTreeSet<String> = cycle.iter().cloned().collect();
                if reported.insert(members) {
                    let mut line = format!("src/{start}");
                    for pair in cycle.windows(2) {
                        let by = &self.edges[&pair[0]][&pair[1]];
                        line.push_str(&format!(" → src/{} (`{by}`)", pair[1]));
                    }
                    found.push(line);
                }
            }
        }
        found
    }

    /// The shortest chain of imports from `start` back to it, `start` at both ends.
    fn path_back(&self, start: &String) -> Option<Vec<String>> {
        let mut came_from: BTreeMap<&String, &String> = BTreeMap::new();
        let mut frontier = vec![start];
        while !frontier.is_empty() {
            let mut next = Vec::new();
            for file in frontier {
                for target in self.edges.get(file).into_iter().flat_map(|t| t.keys()) {
                    if target == start {
                        let mut chain = vec![start.clone(), file.clone()];
                        let mut at = file;
                        while at != start {
                            at = came_from[at];
                            chain.push(at.clone());
                        }
                        chain.reverse();
                        chain.pop();
                        chain.push(start.clone());
                        chain.dedup();
                        return Some(chain);
                    }
                    if !came_from.contains_key(target) {
                        came_from.insert(target, file);
                        next.push(target);
                    }
                }
            }
            frontier = next;
        }
        None
    }
}

/// The Rust files under `src`, relative to it.
fn rust_files(src: &Path) -> Vec<String> {
    crate::support::rust_files_under(src)
        .iter()
        .map(|p| {
            p.strip_prefix(src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect()
}

/// The module a file holds; `None` for a binary's root (`main.rs`, `bin/`).
fn module_of(file: &str) -> Option<ModPath> {
    if file == "main.rs" || file.starts_with("bin/") {
        return None;
    }
    let mut parts: ModPath = file
        .trim_end_matches(".rs")
        .split('/')
        .map(String::from)
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    Some(parts)
}

/// The file of exactly this module, if it has one of its own.
fn file_of(src: &Path, module: &[String]) -> Option<String> {
    if module.is_empty() {
        return Some("lib.rs".into());
    }
    let joined = module.join("/");
    [format!("{joined}.rs"), format!("{joined}/mod.rs")]
        .into_iter()
        .find(|candidate| src.join(candidate).is_file())
}

/// The file that `path`, written in module `scope`, names: the deepest module along it
/// that has a file. `None` for a path outside the crate (a dependency, a local item).
fn resolve(src: &Path, scope: &[String], path: &[String]) -> Option<String> {
    let (mut base, mut rest): (ModPath, &[String]) = match path.first()?.as_str() {
        "crate" | "eb_advisor" => (Vec::new(), &path[1..]),
        "self" => (scope.to_vec(), &path[1..]),
        "super" => (scope.to_vec(), path),
        // A child module named relative to the module it is written in.
        first => {
            let child: ModPath = scope.iter().cloned().chain([first.to_string()]).collect();
            file_of(src, &child)?;
            (scope.to_vec(), path)
        }
    };
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest = &rest[1..];
    }
    let full: ModPath = base
        .into_iter()
        .chain(rest.iter().filter(|s| *s != "self" && *s != "*").cloned())
        .collect();
    (0..=full.len())
        .rev()
        .find_map(|n| file_of(src, &full[..n]))
}

/// Every path a file names, with the inline modules (`mod tests { … }`) it is written in.
#[derive(Default)]
struct Paths {
    scope: Vec<String>,
    found: Vec<(Vec<String>, Vec<String>)>,
}

impl Paths {
    fn add(&mut self, path: Vec<String>) {
        if path.len() > 1 || path.first().is_some_and(|p| p == "self" || p == "super") {
            self.found.push((self.scope.clone(), path));
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            // `use a::b::{self}` names `a::b`.
            syn::UseTree::Name(n) if n.ident == "self" => self.add(prefix.clone()),
            syn::UseTree::Name(n) => self.add([&prefix[..], &[n.ident.to_string()]].concat()),
            syn::UseTree::Rename(r) => self.add([&prefix[..], &[r.ident.to_string()]].concat()),
            syn::UseTree::Glob(_) => self.add([&prefix[..], &["*".to_string()]].concat()),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    /// Paths in a macro's tokens (`format!("{}", crate::x::f())`): runs of `a::b::c`.
    fn tokens(&mut self, tokens: TokenStream) {
        let mut run: Vec<String> = Vec::new();
        let mut colons = 0;
        for token in tokens {
            match token {
                TokenTree::Ident(ident) if run.is_empty() || colons == 2 => {
                    run.push(ident.to_string());
                    colons = 0;
                }
                TokenTree::Punct(p) if p.as_char() == ':' && !run.is_empty() && colons < 2 => {
                    colons += 1;
                }
                other => {
                    self.add(std::mem::take(&mut run));
                    colons = 0;
                    match other {
                        TokenTree::Group(group) => self.tokens(group.stream()),
                        TokenTree::Ident(ident) => run.push(ident.to_string()),
                        _ => {}
                    }
                }
            }
        }
        self.add(run);
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.scope.push(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
        self.scope.pop();
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.add(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.tokens(mac.tokens.clone());
        syn::visit::visit_macro(self, mac);
    }
}

fn write(root: &Path, files: &[(&str, &str)]) {
    for (name, text) in files {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn no_file_in_src_is_part_of_an_import_loop() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let imports = Imports::of_library(&src);
    // The scan sees the library's real imports (a scan that found none would pass).
    assert_eq!(
        imports.edges["report/mod.rs"]
            .get("fill.rs")
            .map(String::as_str),
        Some("crate::fill::Values")
    );
    let loops = imports.loops();
    assert!(
        loops.is_empty(),
        "import loops (move what both sides need below both; docs/architecture.md):\n{}",
        loops.join("\n")
    );
}

#[test]
fn a_loop_through_uses_paths_or_macros_is_found_and_a_child_may_use_its_parent() {
    let root = tempfile::tempdir().unwrap();
    write(
        root.path(),
        &[
            ("lib.rs", "pub mod a;\npub mod b;\npub mod c;\npub mod d;\n"),
            ("a.rs", "use crate::b::{self, B};\n"),
            (
                "b.rs",
                "pub fn f() -> String { format!(\"{}\", super::c::g()) }\n",
            ),
            ("c.rs", "pub fn g() -> u8 { crate::a::A }\n"),
            // A parent and its child use each other: the child is part of its parent.
            (
                "d/mod.rs",
                "mod child;\npub use child::Child;\npub struct D;\n",
            ),
            (
                "d/child.rs",
                "use super::D;\npub struct Child(D);\n#[cfg(test)]\nmod tests { use super::*; }\n",
            ),
        ],
    );
    let loops = Imports::of_library(root.path()).loops();
    assert_eq!(
        loops,
        ["src/a.rs → src/b.rs (`crate::b`) → src/c.rs (`super::c::g`) → src/a.rs (`crate::a::A`)"]
    );
}
