//! `eb-advisor mcp` against MCP Inspector's CLI (`@modelcontextprotocol/inspector` 0.15,
//! the version npm picks on Node 20), a client written by others. It converts a
//! `--tool-arg key=value` to JSON only when the tool's input schema says `type: object`;
//! for any other type it sends the string, which `draft_plan` refuses. So the call below
//! proves that `settings` is declared as an object, and that the result validates against
//! the tool's output schema (the Inspector's SDK checks structured content against it).
//!
//! `.ci/run` installs the Inspector into target/npm, so that the test downloads nothing;
//! without it the test fails under CI and prints a skip notice elsewhere.

use crate::support;

use std::path::PathBuf;
use std::process::Command;

fn inspector() -> Option<PathBuf> {
    let cli = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/npm/node_modules/@modelcontextprotocol/inspector/cli/build/cli.js");
    let node = Command::new("node").arg("--version").output();
    if cli.is_file() && node.is_ok_and(|o| o.status.success()) {
        return Some(cli);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "node and MCP Inspector 0.15 in target/npm are needed under CI: .ci/run installs them"
    );
    eprintln!(
        "note: skipped, MCP Inspector is not installed (npm install --prefix target/npm @modelcontextprotocol/inspector@0.15)"
    );
    None
}

#[test]
fn mcp_inspector_sends_the_settings_object_as_json() {
    let Some(cli) = inspector() else {
        return;
    };
    let out = support::scrub(&mut Command::new("node"))
        .arg(&cli)
        .arg("--cli")
        .arg(support::BIN)
        .args(["--lang", "en", "mcp"])
        .args(["--method", "tools/call", "--tool-name", "draft_plan"])
        .arg("--tool-arg")
        .arg(r#"answers={"goal":"capture-db-changes","database":"postgresql","network":"vpc","region":"cn-hangzhou","automation":"yes","can-code":"yes"}"#)
        .arg(r#"settings={"vpc-id":"vpc-1"}"#)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stdout:\n{stdout}\nstderr:\n{stderr}");
    let result: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_ne!(result["isError"], true, "{result:#}");
    let plan = result["structuredContent"]["plan"].as_str().unwrap();
    assert!(plan.contains("vpc-id: vpc-1"), "{plan}");
}
