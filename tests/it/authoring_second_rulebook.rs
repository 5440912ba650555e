//! A second rulebook on an unrelated decision (choosing a PostgreSQL backup method) runs
//! through the same binary: recommend and check, with nothing of it in the Rust code.

use crate::support;

use serde_json::Value;
use support::advisor;

const RULES: &str = "rules/examples/postgresql-backup.yaml";

fn json(args: &[&str], code: i32) -> Value {
    let out = advisor().args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn ids(findings: &Value) -> Vec<String> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn recommend_with_the_second_rulebook() {
    let v = json(
        &[
            "--rules",
            RULES,
            "recommend",
            "--data-loss",
            "minimal",
            "--scope",
            "cluster",
            "--newer-major",
            "no",
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(v["rulebook"]["id"], "postgresql-backup");
    assert_eq!(v["recommendation"]["path"], "base-backup-pitr");
    assert!(ids(&v["findings"]).contains(&"wal-archiving-setup".to_string()));

    // Its questions are flags too, and a large nightly dump gets the parallel-dump warning.
    let v = json(
        &[
            "--rules",
            RULES,
            "recommend",
            "--data-loss",
            "since-last-backup",
            "--scope",
            "cluster",
            "--newer-major",
            "no",
            "--size-gb",
            "500",
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(v["recommendation"]["path"], "pg-dump");
    let parallel = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "parallel-dump")
        .expect("parallel-dump fires");
    assert_eq!(parallel["severity"], "warning");
}

#[test]
fn check_plans_against_the_second_rulebook() {
    let v = json(
        &[
            "--rules",
            RULES,
            "check",
            "rules/examples/postgresql-backup-pitr.eb-plan.yaml",
            "--format",
            "json",
        ],
        0,
    );
    assert_eq!(v["plans"][0]["path"], "base-backup-pitr");
    assert_eq!(ids(&v["plans"][0]["findings"]), vec!["wal-archiving-setup"]);

    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("one-database.eb-plan.yaml");
    std::fs::write(
        &plan,
        "path: base-backup-pitr\nanswers:\n  data-loss: minimal\n  scope: database\n  newer-major: no\n",
    )
    .unwrap();
    let v = json(
        &[
            "--rules",
            RULES,
            "check",
            plan.to_str().unwrap(),
            "--format",
            "json",
        ],
        1,
    );
    let found = ids(&v["plans"][0]["findings"]);
    for id in [
        "pitr-whole-cluster-only",
        "archive-command-missing",
        "path-mismatch",
    ] {
        assert!(
            found.contains(&id.to_string()),
            "{id} missing from {found:?}"
        );
    }
    let whole = v["plans"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "pitr-whole-cluster-only")
        .unwrap();
    assert_eq!(whole["severity"], "error");
    assert_eq!(whole["line"], 1, "points at `path`");
}

/// No topic lives in the Rust code: not in identifiers, strings or comments.
#[test]
fn no_topic_words_in_src() {
    const WORDS: &[&str] = &[
        "eventbridge",
        "dingtalk",
        "lark",
        "wecom",
        "mysql",
        "postgresql",
        "cdc",
        "webhook",
        "alibaba",
        "aliyun",
    ];
    let mut found = Vec::new();
    let mut stack = vec![std::path::PathBuf::from("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for (n, line) in text.lines().enumerate() {
                // The embedded rulebook's file name and id name the data, not knowledge of it.
                let lower = line
                    .to_lowercase()
                    .replace("eventbridge-integrate-events", "");
                for word in WORDS {
                    if lower.contains(word) {
                        found.push(format!(
                            "{}:{}: {word}: {}",
                            path.display(),
                            n + 1,
                            line.trim()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "topic words in src/ (they belong in the rulebook):\n{}",
        found.join("\n")
    );
}
