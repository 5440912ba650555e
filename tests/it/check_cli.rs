//! `check` as CI uses it: exit codes, standard input, malformed plans of every kind, and
//! secrets that must never reach any output.

use crate::support;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// The plans here and in examples/plans were written for the page's verdicts (a custom app
/// is fc-api-gateway, PostgreSQL has a free quota of its own), so these runs follow the
/// page: `--trust page`. examples/plans/README.md's table gives both sources' results.
fn eb() -> Command {
    let mut cmd = support::advisor();
    cmd.env("NO_COLOR", "1").args(["--trust", "page"]);
    cmd
}

fn run(args: &[&str]) -> (String, String, i32) {
    let out = eb().args(args).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap(),
    )
}

const EXAMPLES: &str = "examples/plans";
const PASSING: &str = "examples/plans/api-cdc-mysql.eb-plan.yaml";
const WARNING_ONLY: &str = "examples/plans/no-coders-on-api-cdc.eb-plan.yaml";
const FAILING: &str = "examples/plans/region-other.eb-plan.yaml";

#[test]
fn exit_codes() {
    assert_eq!(run(&["check", PASSING]).2, 0, "all pass");
    assert_eq!(run(&["check", PASSING, FAILING]).2, 1, "an error");
    assert_eq!(
        run(&["check", WARNING_ONLY]).2,
        0,
        "warnings pass by default"
    );
    assert_eq!(
        run(&["check", WARNING_ONLY, "--fail-level", "warning"]).2,
        1,
        "warnings fail under --fail-level warning"
    );
    assert_eq!(run(&["check", FAILING, "--fail-level", "never"]).2, 0);
}

#[test]
fn no_plan_found_is_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.yaml"), "path: api-cdc\n").unwrap();
    let (out, err, code) = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(out.is_empty(), "{out}");
    assert!(
        err.contains("no plan files (*.eb-plan.yaml, *.eb-plan.yml) found"),
        "{err}"
    );
}

#[test]
fn an_unreadable_rulebook_is_exit_2() {
    let (out, err, code) = run(&["--rules", "/nonexistent", "check", PASSING]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("/nonexistent"), "{err}");
}

#[test]
fn a_plan_from_stdin() {
    let plan = std::fs::read_to_string(FAILING).unwrap();
    let out = eb()
        .args(["check", "-", "--format", "json"])
        .write_stdin(plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let plan = &json["plans"][0];
    assert_eq!(plan["file"], "<stdin>");
    assert!(plan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["id"] == "region-unavailable" && f["line"] == 7));

    let out = eb()
        .args(["check", "-"])
        .write_stdin(std::fs::read_to_string(PASSING).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// Problems of one malformed plan: (line, column, words the message must contain).
type Expected = &'static [(u64, u64, &'static [&'static str])];

fn invalid_findings(json: &Value, file: &str) -> Vec<(u64, u64, String)> {
    let plan = json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["file"].as_str().unwrap().ends_with(file))
        .unwrap_or_else(|| panic!("{file} not reported: {json}"));
    assert_eq!(plan["passed"], false, "{file}");
    plan["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "invalid-plan")
        .map(|f| {
            assert_eq!(f["severity"], "error");
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn malformed_plans_are_invalid_plan_errors_and_the_others_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let valid = "path: fc-api-gateway\nanswers:\n  goal: receive-app-events\n  source: custom-app\n  automation: no\n  can-code: yes\n";
    let cases: &[(&str, &str, Expected)] = &[
        ("syntax.eb-plan.yaml", "path: api-cdc\nanswers: {goal: x\n", &[(2, 10, &[])]),
        (
            "unknown-key.eb-plan.yaml",
            &format!("{valid}note: hi\n"),
            &[(7, 1, &["`note`", "path, answers, settings, acknowledge, rulebook"])],
        ),
        (
            "unknown-answer.eb-plan.yaml",
            &format!("{valid}  colour: blue\n"),
            &[(7, 3, &["`colour`", "goal, database"])],
        ),
        (
            "bad-value.eb-plan.yaml",
            "path: fc-api-gateway\nanswers:\n  goal: receive-app-events\n  source: slack\n  automation: no\n  can-code: maybe\n",
            &[
                (4, 11, &["slack", "dingtalk, lark, github, other-partner, custom-app"]),
                (6, 13, &["maybe", "yes, no"]),
            ],
        ),
        (
            "wrong-type.eb-plan.yaml",
            &format!("{valid}settings: [a, b]\n"),
            &[(7, 11, &["a list", "mapping"])],
        ),
        (
            "missing-path.eb-plan.yaml",
            "# no path\nanswers:\n  goal: send-events\n  target: lark\n  automation: no\n  can-code: no\n",
            &[(2, 1, &["missing `path`", "api-cdc, console-webhook, fc-api-gateway"])],
        ),
        (
            "missing-answers.eb-plan.yaml",
            "path: api-cdc\n",
            &[(1, 1, &["missing `answers`"])],
        ),
        (
            "missing-answer.eb-plan.yaml",
            "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  database: mysql\n  network: vpc\n  automation: no\n  can-code: yes\n",
            &[(2, 1, &["missing answer `region`", "cn-hangzhou", "ap-southeast-1"])],
        ),
        (
            "bad-path.eb-plan.yaml",
            &valid.replace("fc-api-gateway", "lambda"),
            &[(1, 7, &["`lambda`", "api-cdc, console-webhook, fc-api-gateway"])],
        ),
        ("empty.eb-plan.yaml", "", &[(1, 1, &["empty"])]),
        ("two-documents.eb-plan.yaml", &format!("{valid}---\n{valid}"), &[(7, 1, &[])]),
        (
            "empty-reason.eb-plan.yaml",
            &format!("{valid}acknowledge:\n  path-mismatch: \"\"\n"),
            &[(8, 18, &["reason"])],
        ),
        (
            "unknown-ack.eb-plan.yaml",
            &format!("{valid}acknowledge:\n  no-such-finding: because\n"),
            &[(8, 3, &["`no-such-finding`", "path-mismatch"])],
        ),
    ];
    for (name, text, _) in cases {
        std::fs::write(d.join(name), text).unwrap();
    }
    std::fs::write(
        d.join("invalid-utf8.eb-plan.yaml"),
        b"path: api-cdc\nanswers: \xff\n",
    )
    .unwrap();
    std::fs::write(
        d.join("big.eb-plan.yaml"),
        format!("{valid}# {}\n", "x".repeat(4000)),
    )
    .unwrap();
    std::fs::create_dir(d.join("folder.eb-plan.yaml")).unwrap();
    std::fs::write(d.join("ok.eb-plan.yaml"), valid).unwrap();

    let out = eb()
        .args([
            "--max-file-size",
            "2000",
            "check",
            d.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["plans"], cases.len() + 4);
    assert_eq!(json["summary"]["passed"], 1, "only ok.eb-plan.yaml passes");

    for (name, _, expected) in cases {
        let found = invalid_findings(&json, name);
        assert_eq!(found.len(), expected.len(), "{name}: {found:?}");
        for ((line, column, message), (el, ec, words)) in found.iter().zip(expected.iter()) {
            assert_eq!((*line, *column), (*el, *ec), "{name}: {message}");
            for word in *words {
                assert!(message.contains(word), "{name}: `{word}` not in {message}");
            }
        }
    }
    let utf8 = invalid_findings(&json, "invalid-utf8.eb-plan.yaml");
    assert_eq!((utf8[0].0, utf8[0].1), (2, 10), "{utf8:?}");
    assert!(utf8[0].2.contains("UTF-8"));
    let big = invalid_findings(&json, "big.eb-plan.yaml");
    assert!(big[0].2.contains("2000 bytes"), "{big:?}");
    let folder = invalid_findings(&json, "folder.eb-plan.yaml");
    assert!(folder[0].2.contains("directory"), "{folder:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.eb-plan.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo unavailable; skipped");
        return;
    }
    let out = eb()
        .args(["check", dir.path().to_str().unwrap(), "--format", "json"])
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let message = json["plans"][0]["findings"][0]["message"].as_str().unwrap();
    assert!(message.contains("not a regular file"), "{message}");
}

const SECRET: &str = "Zq9-unique-secret-value-771";

#[test]
fn a_secret_value_never_appears_in_any_output() {
    let fixture = "tests/fixtures/plans/findings/plaintext-secret.eb-plan.yaml";
    assert!(std::fs::read_to_string(fixture).unwrap().contains(SECRET));
    let dir = tempfile::tempdir().unwrap();
    // A broken plan whose parse error sits on the secret's line.
    let broken = dir.path().join("broken.eb-plan.yaml");
    std::fs::write(
        &broken,
        format!("path: api-cdc\nsettings:\n  password: \"{SECRET}\n"),
    )
    .unwrap();
    let broken = broken.to_str().unwrap();
    for format in ["text", "json", "github", "sarif", "junit", "markdown"] {
        let (out, err, code) = run(&[
            "check", fixture, broken, "--frames", "--color", "always", "--format", format,
        ]);
        assert_eq!(code, 1, "{format}");
        assert!(out.contains("plaintext-secret"), "{format}: {out}");
        assert!(
            !out.contains(SECRET) && !err.contains(SECRET),
            "{format} printed the secret"
        );
        assert!(!out.contains("Zq9"), "{format} printed part of the secret");
    }
    let (out, _, _) = run(&["check", fixture, "--frames"]);
    assert!(out.contains("DB_Password: ***"), "{out}");
    // References and empty values are not secrets.
    assert_eq!(out.matches("error[plaintext-secret]").count(), 1, "{out}");
}

#[test]
fn control_characters_are_shown_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let name = "evil\u{1b}[31m.eb-plan.yaml";
    std::fs::write(
        dir.path().join(name),
        "path: api-cdc\nanswers:\n  \"go\\e[2Jal\": x\n",
    )
    .unwrap();
    for format in ["text", "markdown", "github"] {
        let out = eb()
            .current_dir(dir.path())
            .args(["check", ".", "--format", format])
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        assert!(!out.contains('\u{1b}'), "{format}: raw escape in {out:?}");
        assert!(out.contains("u{1b}"), "{format}: {out}");
    }
    for format in ["junit", "sarif", "json"] {
        let out = eb()
            .current_dir(dir.path())
            .args(["check", ".", "--format", format])
            .output()
            .unwrap();
        let out = String::from_utf8(out.stdout).unwrap();
        if format == "junit" {
            roxmltree::Document::parse(&out).unwrap();
        } else {
            serde_json::from_str::<Value>(&out).unwrap();
        }
    }
}

#[test]
fn the_examples_show_what_their_readme_says() {
    let readme = std::fs::read_to_string("examples/plans/README.md").unwrap();
    // README rows: | `file` | by default | findings | under --trust page | findings |
    for (trust, expected, findings) in [("docs", 2, 3), ("page", 4, 5)] {
        let out = support::advisor()
            .env("NO_COLOR", "1")
            .args(["--trust", trust, "check", EXAMPLES, "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{trust}");
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        let plans = json["plans"].as_array().unwrap();
        for line in readme.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let file = cells[1].trim_matches('`');
            let plan = plans
                .iter()
                .find(|p| Path::new(p["file"].as_str().unwrap()).file_name().unwrap() == file)
                .unwrap_or_else(|| panic!("{file} listed in the README but not checked"));
            let passes = cells[expected].starts_with("passes");
            assert_eq!(plan["passed"], passes, "{file} under --trust {trust}");
            let mut ids: Vec<&str> = plan["findings"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|f| f["severity"] != "info")
                .map(|f| f["id"].as_str().unwrap())
                .collect();
            let mut listed: Vec<&str> = cells[findings]
                .split(',')
                .map(|s| s.trim().trim_matches('`'))
                .filter(|s| !s.is_empty() && *s != "—")
                .collect();
            listed.sort();
            ids.sort();
            ids.dedup();
            assert_eq!(
                listed, ids,
                "{file} under --trust {trust}: the README's findings"
            );
        }
        assert_eq!(
            readme.lines().filter(|l| l.starts_with("| `")).count(),
            plans.len(),
            "every example is in the README"
        );
    }
}
