//! The published crate holds what its build needs: build.rs compiles the rulebook
//! loader from src/ and validates rules/eventbridge-integrate-events.yaml, which the
//! binary embeds, so a crate without them would not build (or would build another tool).
//!
//! Skipped, with a note, where cargo cannot be run.

use std::process::Command;

fn packaged_files() -> Option<Vec<String>> {
    // Cargo names itself to the tests it runs; else whatever `cargo` is on PATH.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let out = match Command::new(&cargo)
        .args(["package", "--list", "--allow-dirty", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        Ok(out) => out,
        Err(e) => {
            eprintln!("note: skipped, cannot run {}: {e}", cargo.to_string_lossy());
            return None;
        }
    };
    assert!(
        out.status.success(),
        "cargo package --list failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.replace('\\', "/"))
            .collect(),
    )
}

#[test]
fn the_package_holds_the_rulebook_the_build_script_and_the_sources() {
    let Some(files) = packaged_files() else {
        return;
    };
    let has = |f: &str| files.iter().any(|p| p == f);
    for needed in [
        "rules/eventbridge-integrate-events.yaml",
        "build.rs",
        "Cargo.toml",
        "Cargo.lock",
        "src/main.rs",
        "src/lib.rs",
        // Compiled into build.rs.
        "src/rulebook/mod.rs",
        "src/rulebook/load.rs",
        "src/rulebook/raw.rs",
        "src/rulebook/condition.rs",
        "src/text.rs",
        "src/yaml.rs",
        "README.md",
        "CHANGELOG.md",
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "docs/rulebook.md",
        "schemas/rulebook.schema.json",
    ] {
        assert!(has(needed), "{needed} is not in the package:\n{files:#?}");
    }
    // Every source file the build compiles.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for path in crate::support::rust_files_under(&root.join("src")) {
        let rel = path.strip_prefix(root).unwrap();
        let rel = rel.to_string_lossy().replace('\\', "/");
        assert!(has(&rel), "{rel} is not in the package");
    }
    // Nothing the crate's users do not need: tests, fuzzing, benchmarks, build output.
    for file in &files {
        assert!(
            !["tests/", "fuzz/", "benches/", "target/", "scripts/"]
                .iter()
                .any(|dir| file.starts_with(dir)),
            "{file} should not be published"
        );
    }
    // A README below the top is published only with the files it describes.
    if has("examples/plans/README.md") {
        assert!(
            files
                .iter()
                .any(|f| f.starts_with("examples/plans/") && f.ends_with(".eb-plan.yaml")),
            "examples/plans/README.md without its plans"
        );
    }
}
