//! The benchmark's plan generator, checked in quick mode so that it cannot rot: a folder
//! of generated plans gives exactly the expected passes and failures, in file order.

use crate::support;

#[allow(dead_code)]
#[path = "../../examples/gen_plans.rs"]
mod gen_plans;

#[test]
fn a_generated_folder_checks_to_the_expected_counts_in_file_order() {
    let dir = tempfile::tempdir().unwrap();
    let count = 1_200;
    gen_plans::generate(dir.path(), count).unwrap();
    // gen_plans counts its failing plans by the page's verdicts: `--trust page`.
    let out = support::advisor()
        .args(["--trust", "page", "check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let failing = gen_plans::failing(count) as u64;
    assert_eq!(report["summary"]["plans"].as_u64(), Some(count as u64));
    assert_eq!(report["summary"]["failed"].as_u64(), Some(failing));
    assert_eq!(
        report["summary"]["passed"].as_u64(),
        Some(count as u64 - failing)
    );
    let files: Vec<&str> = report["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "plans are reported in file order");
}
