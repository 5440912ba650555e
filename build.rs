//! Validates the embedded rulebook at build time and stores it pre-compiled, so that a
//! broken rulebook never ships and every run starts without parsing YAML.
//!
//! The loader modules are compiled into this script from the crate's own sources, so the
//! build-time and run-time loaders cannot differ.

#![allow(dead_code, unused_imports)]

#[path = "src/diag.rs"]
mod diag;
#[path = "src/rulebook/mod.rs"]
mod rulebook;
#[path = "src/suggest.rs"]
mod suggest;
#[path = "src/text.rs"]
mod text;
#[path = "src/yaml.rs"]
mod yaml;
#[path = "src/yaml_problem.rs"]
mod yaml_problem;

fn main() {
    order_startup_functions();
    for input in [
        "rules/eventbridge-integrate-events.yaml",
        // Every module compiled in above: a change to any of them changes the build.
        "src/diag.rs",
        "src/rulebook",
        "src/suggest.rs",
        "src/text.rs",
        "src/yaml.rs",
        "src/yaml_problem.rs",
    ] {
        println!("cargo:rerun-if-changed={input}");
    }
    let rulebook = rulebook::load_str(
        rulebook::EMBEDDED_NAME,
        rulebook::EMBEDDED_SOURCE,
        yaml::Limits::RULEBOOK,
    )
    .unwrap_or_else(|problems| panic!("the embedded rulebook does not load:\n{problems}"));
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // The rulebook's texts go to one table that the binary borrows them from; the
    // scenarios are stored apart, with their texts inline: only `rules test` reads them.
    let (compiled, texts) = text::TextTable::writing(|| borsh::to_vec(&rulebook));
    for (file, bytes) in [
        ("embedded-rulebook.bin", compiled),
        ("embedded-tests.bin", borsh::to_vec(&rulebook.tests)),
    ] {
        let bytes = bytes.expect("the rulebook serializes");
        std::fs::write(out.join(file), bytes).expect("OUT_DIR is writable");
    }
    std::fs::write(out.join("embedded-texts.txt"), texts).expect("OUT_DIR is writable");
}

/// Asks the linker to place the functions that short runs execute side by side
/// (`scripts/startup-order.sh` explains why and writes the list).
///
/// Only where the linker is known to be LLD, which Rust uses by default on x86-64 Linux
/// from 1.90: other linkers do not take the option, and the list is only an
/// optimisation.
fn order_startup_functions() {
    const LIST: &str = "scripts/startup-order.txt";
    println!("cargo:rerun-if-changed={LIST}");
    for variable in ["TARGET", "RUSTC_LINKER", "CARGO_ENCODED_RUSTFLAGS"] {
        println!("cargo:rerun-if-env-changed={variable}");
    }
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    let default_linker = std::env::var_os("RUSTC_LINKER").is_none()
        && !["linker", "link-self-contained", "fuse-ld"]
            .iter()
            .any(|option| flags.contains(option));
    if var("TARGET") != "x86_64-unknown-linux-gnu" || !default_linker || !rustc_links_with_lld() {
        return;
    }
    let list = std::path::Path::new(&var("CARGO_MANIFEST_DIR")).join(LIST);
    if list.is_file() {
        println!(
            "cargo:rustc-link-arg-bin=eb-advisor=-Wl,--symbol-ordering-file={}",
            list.display()
        );
        // Names that no longer exist are expected after code changes.
        println!("cargo:rustc-link-arg-bin=eb-advisor=-Wl,--no-warn-symbol-ordering");
    }
}

/// Rust 1.90 and later link x86-64 Linux programs with their own LLD.
fn rustc_links_with_lld() -> bool {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let Ok(output) = std::process::Command::new(rustc).arg("--version").output() else {
        return false;
    };
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let version = String::from_utf8_lossy(&output.stdout);
    let mut numbers = version
        .split_whitespace()
        .nth(1)
        .unwrap_or_default()
        .split('.')
        .map(|n| n.parse::<u32>().unwrap_or(0));
    (numbers.next(), numbers.next()) >= (Some(1), Some(90))
}
