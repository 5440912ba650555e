//! System tools some tests drive (shells, xmllint, groff, dot). CI installs them all
//! (`.ci/run`); elsewhere a missing one skips its test with a notice.

/// Whether `program` can be run. Under CI (the `CI` variable set) a missing tool fails
/// the test rather than skipping it, so that a broken install cannot pass unseen.
pub fn have(program: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{program} is not installed, and CI is set: .ci/run installs it"
        );
        eprintln!("note: {program} is not installed; skipped (.ci/run installs it)");
    }
    found
}
