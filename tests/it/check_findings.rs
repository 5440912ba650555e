//! One fixture plan per finding id of the contract (and the check's own findings): each
//! is checked on its own and must report the id with its severity, line, column and the
//! exit code.

use crate::support;

use serde_json::Value;

const DIR: &str = "tests/fixtures/plans/findings";

/// (fixture, finding id, severity, line, column, exit code)
const CASES: &[(&str, &str, &str, u64, u64, i32)] = &[
    (
        "unsupported-database",
        "unsupported-database",
        "error",
        5,
        3,
        1,
    ),
    ("region-unavailable", "region-unavailable", "error", 7, 3, 1),
    (
        "console-not-automatable",
        "console-not-automatable",
        "error",
        7,
        3,
        1,
    ),
    (
        "api-cdc-needs-coding",
        "api-cdc-needs-coding",
        "warning",
        9,
        3,
        0,
    ),
    (
        "postgresql-logical-replication",
        "postgresql-logical-replication",
        "warning",
        7,
        3,
        0,
    ),
    (
        "postgresql-free-quota",
        "postgresql-free-quota",
        "warning",
        10,
        3,
        0,
    ),
    (
        "postgresql-free-quota-info",
        "postgresql-free-quota",
        "info",
        6,
        3,
        0,
    ),
    (
        "vpc-private-network",
        "vpc-private-network",
        "info",
        7,
        3,
        0,
    ),
    (
        "empty-event-pattern",
        "empty-event-pattern",
        "warning",
        9,
        1,
        0,
    ),
    (
        "db-changes-need-api-cdc",
        "db-changes-need-api-cdc",
        "error",
        9,
        1,
        1,
    ),
    (
        "custom-app-needs-function-compute",
        "custom-app-needs-function-compute",
        "error",
        3,
        1,
        1,
    ),
    (
        "api-cdc-only-databases",
        "api-cdc-only-databases",
        "error",
        7,
        1,
        1,
    ),
    (
        "vpc-settings-missing",
        "vpc-settings-missing",
        "error",
        10,
        1,
        1,
    ),
    ("path-mismatch", "path-mismatch", "error", 7, 1, 1),
    ("plaintext-secret", "plaintext-secret", "error", 14, 5, 1),
    ("invalid-plan", "invalid-plan", "error", 5, 13, 1),
    (
        "rulebook-version-mismatch",
        "rulebook-version-mismatch",
        "warning",
        4,
        12,
        0,
    ),
    (
        "unused-acknowledgement",
        "unused-acknowledgement",
        "warning",
        9,
        3,
        0,
    ),
    ("unasked-answer", "unasked-answer", "warning", 8, 3, 0),
];

/// The contract's findings, as the page states them: `--trust page`.
fn check_json(file: &str) -> (Value, i32) {
    let out = support::advisor()
        .args(["--trust", "page", "check", file, "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{file}: not JSON ({e}): {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    (json, out.status.code().unwrap())
}

#[test]
fn every_finding_id_is_reported_where_it_belongs() {
    for &(fixture, id, severity, line, column, exit) in CASES {
        let file = format!("{DIR}/{fixture}.eb-plan.yaml");
        let (json, code) = check_json(&file);
        let plan = &json["plans"][0];
        assert_eq!(plan["file"], file.as_str());
        let found: Vec<&Value> = plan["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["id"] == id)
            .collect();
        assert_eq!(found.len(), 1, "{fixture}: expected one `{id}`, got {plan}");
        let f = found[0];
        assert_eq!(f["severity"], severity, "{fixture}: {f}");
        assert_eq!(
            (f["line"].as_u64(), f["column"].as_u64()),
            (Some(line), Some(column)),
            "{fixture}: position of {f}"
        );
        assert!(
            f["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{fixture}: {f}"
        );
        assert_eq!(code, exit, "{fixture}: exit code");
        assert_eq!(plan["passed"], exit == 0, "{fixture}");
    }
}

#[test]
fn every_contract_finding_id_has_a_case() {
    let contract = [
        "unsupported-database",
        "region-unavailable",
        "console-not-automatable",
        "api-cdc-needs-coding",
        "postgresql-logical-replication",
        "postgresql-free-quota",
        "vpc-private-network",
        "empty-event-pattern",
        "db-changes-need-api-cdc",
        "custom-app-needs-function-compute",
        "api-cdc-only-databases",
        "vpc-settings-missing",
        "path-mismatch",
        "plaintext-secret",
        "invalid-plan",
    ];
    for id in contract {
        assert!(CASES.iter().any(|c| c.1 == id), "no fixture for {id}");
    }
}

#[test]
fn a_plan_with_everything_in_order_has_only_info_findings() {
    let (json, code) = check_json("examples/plans/console-webhook-dingtalk.eb-plan.yaml");
    assert_eq!(code, 0);
    let findings = json["plans"][0]["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["severity"] == "info"),
        "{findings:?}"
    );
}

#[test]
fn an_acknowledged_finding_is_shown_and_does_not_fail() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ack.eb-plan.yaml");
    std::fs::write(
        &file,
        "path: fc-api-gateway\nanswers:\n  goal: receive-app-events\n  source: dingtalk\n  automation: no\n  can-code: yes\nacknowledge:\n  path-mismatch: \"the partner app is being replaced by our own\"\n",
    )
    .unwrap();
    let (json, code) = check_json(file.to_str().unwrap());
    assert_eq!(code, 0, "{json}");
    let f = json["plans"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "path-mismatch")
        .unwrap()
        .clone();
    assert_eq!(f["acknowledged"], true);
    assert_eq!(f["reason"], "the partner app is being replaced by our own");
    assert_eq!(json["summary"]["acknowledged"], 1);
    assert_eq!(json["summary"]["errors"], 0);
}

/// A message names the settings its finding found missing (`{missing}`), in order, and
/// not those the plan gives.
#[test]
fn a_settings_finding_names_the_settings_missing() {
    let (json, code) = check_json(&format!("{DIR}/vpc-settings-missing.eb-plan.yaml"));
    assert_eq!(code, 1);
    let finding = json["plans"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "vpc-settings-missing")
        .unwrap();
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("settings lack vswitch-ids, security-group-id;"),
        "{message}"
    );
}
