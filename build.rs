//! Validates the embedded rulebook at build time and stores it pre-compiled, so that a
//! broken rulebook never ships and every run starts without parsing YAML.
//!
//! The loader modules are compiled into this script from the crate's own sources, so the
//! build-time and run-time loaders cannot differ.

#![allow(dead_code, unused_imports)]

#[path = "src/rulebook/mod.rs"]
mod rulebook;
#[path = "src/text.rs"]
mod text;
#[path = "src/yaml.rs"]
mod yaml;

fn main() {
    for input in [
        "rules/eventbridge-integrate-events.yaml",
        "src/rulebook",
        "src/text.rs",
        "src/yaml.rs",
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
