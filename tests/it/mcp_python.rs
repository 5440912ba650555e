//! `eb-advisor mcp` against the official Python MCP SDK (`pip install mcp`), a client
//! written by others: tests/it/support/mcp_client.py says what it checks.
//!
//! Without Python's `mcp` package the test fails under CI (`.ci/run` installs it) and
//! prints a skip notice elsewhere.

use crate::support;

use std::process::Command;
use std::time::{Duration, Instant};

fn python_has_mcp() -> bool {
    Command::new("python3")
        .args(["-c", "import mcp.client.stdio, jsonschema"])
        .output()
        .is_ok_and(|out| out.status.success())
}

/// PostgreSQL in a VPC without a volume (`goal=capture-db-changes database=postgresql
/// network=vpc region=cn-hangzhou automation=yes can-code=yes`), as flags.
const NO_VOLUME: &[&str] = &[
    "--goal",
    "capture-db-changes",
    "--database",
    "postgresql",
    "--network",
    "vpc",
    "--region",
    "cn-hangzhou",
    "--automation",
    "yes",
    "--can-code",
    "yes",
];

#[test]
fn the_python_sdk_lists_the_tools_and_gets_the_verdict_recommend_gives() {
    if !python_has_mcp() {
        if std::env::var_os("CI").is_some() {
            panic!(
                "python3 with the `mcp` and `jsonschema` packages is needed (pip install mcp jsonschema); .ci/run installs them"
            );
        }
        eprintln!("note: skipped, python3 cannot import `mcp` and `jsonschema` (pip install mcp jsonschema)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // The PostgreSQL-in-a-VPC verdict as the command prints it, for the script to compare.
    let expected = support::command()
        .args(["--lang", "en", "recommend", "--format", "json"])
        .args(support::POSTGRESQL_VPC)
        .output()
        .unwrap();
    let expected_path = dir.path().join("expected.json");
    std::fs::write(&expected_path, &expected.stdout).unwrap();
    // The same answers without a volume, as `recommend --format text` prints them: the
    // summary must carry its numbered steps and footnotes.
    let text = support::command()
        .args(["--lang", "en", "recommend", "--format", "text"])
        .args(NO_VOLUME)
        .output()
        .unwrap();
    let text_path = dir.path().join("expected.txt");
    std::fs::write(&text_path, &text.stdout).unwrap();
    let typo = dir.path().join("typo.eb-plan.yaml");
    std::fs::write(
        &typo,
        "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  database: postgresq\n  network: vpc\n  region: cn-hangzhou\n  automation: yes\n  can-code: yes\n",
    )
    .unwrap();

    let mut child = support::scrub(&mut Command::new("python3"))
        .arg("tests/it/support/mcp_client.py")
        .arg(support::BIN)
        .arg(&expected_path)
        .arg(&typo)
        .arg(&text_path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A deadline, so that a hang fails rather than stalls the suite.
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("the Python client did not finish");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(stdout.trim(), "ok", "{stderr}");
}
