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
