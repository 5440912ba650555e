//! `recommend`, `paths` and rulebook errors through the real binary.

use crate::support;

use serde_json::Value;
use support::{advisor, POSTGRESQL_CDC};

/// `recommend --format json` under the page (`--trust page`): the contract's verdicts.
fn json_of(args: &[&str]) -> Value {
    let out = advisor()
        .args(["--trust", "page", "recommend"])
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn finding<'a>(v: &'a Value, id: &str) -> Option<&'a Value> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
}

#[test]
fn postgresql_cdc_in_json() {
    let v = json_of(POSTGRESQL_CDC);
    assert_eq!(v["rulebook"]["id"], "eventbridge-integrate-events");
    assert_eq!(v["recommendation"]["path"], "api-cdc");
    assert!(v["recommendation"]["name"].is_string());
    assert_eq!(
        finding(&v, "postgresql-logical-replication").unwrap()["severity"],
        "warning"
    );
    assert_eq!(
        finding(&v, "postgresql-free-quota").unwrap()["severity"],
        "warning"
    );
    assert_eq!(
        finding(&v, "vpc-private-network").unwrap()["severity"],
        "info"
    );
    assert_eq!(v["cost"]["currency"], "CNY");
    assert_eq!(v["cost"]["monthly"].as_f64(), Some(0.4));
    assert_eq!(v["cost"]["free"].as_u64(), Some(1000));
    assert_eq!(v["answers"]["database"], "postgresql");
    assert_eq!(v["answers"]["monthly-volume"], 5000);
}

#[test]
fn flags_answer_option_and_answers_file_agree() {
    let by_flags = json_of(POSTGRESQL_CDC);
    let pairs: Vec<String> = POSTGRESQL_CDC
        .chunks(2)
        .map(|p| format!("{}={}", p[0].trim_start_matches("--"), p[1]))
        .collect();
    let mut generic = Vec::new();
    for p in &pairs {
        generic.push("-a");
        generic.push(p.as_str());
    }
    let by_answer = json_of(&generic);
    let by_yaml = json_of(&["--answers", "tests/fixtures/answers/pg-cdc.yaml"]);
    let by_json = json_of(&["--answers", "tests/fixtures/answers/pg-cdc.json"]);
    for other in [&by_answer, &by_yaml, &by_json] {
        assert_eq!(other, &by_flags);
    }
}

#[test]
fn flags_override_the_answers_file() {
    let v = json_of(&[
        "--answers",
        "tests/fixtures/answers/pg-cdc.yaml",
        "--database",
        "mysql",
    ]);
    assert_eq!(v["answers"]["database"], "mysql");
    assert!(finding(&v, "postgresql-logical-replication").is_none());
    assert_eq!(v["cost"]["monthly"].as_f64(), Some(0.0));
}

#[test]
fn missing_answers_exit_2_listing_each_flag() {
    let out = advisor()
        .args(["recommend", "--goal", "capture-db-changes"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for flag in [
        "--database <mysql|postgresql|other>",
        "--network <vpc|public>",
        "--region <",
        "--automation <yes|no>",
        "--can-code <yes|no>",
    ] {
        assert!(err.contains(flag), "missing {flag} in:\n{err}");
    }
    assert!(
        !err.contains("--source"),
        "source is not asked for this goal:\n{err}"
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn a_bad_value_lists_the_allowed_values() {
    let out = advisor()
        .args(["recommend", "--database", "oracle"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("oracle") && err.contains("mysql, postgresql, other"),
        "{err}"
    );

    let out = advisor()
        .args(["recommend", "-a", "database=oracle"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mysql, postgresql, other"), "{err}");

    let out = advisor()
        .args(["recommend", "-a", "colour=red"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown question `colour`"));
}

#[test]
fn an_answers_file_with_a_bad_value_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.yaml");
    std::fs::write(&file, "goal: capture-db-changes\ndatabase: oracle\n").unwrap();
    let out = advisor()
        .args(["recommend", "--answers"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("answers.yaml:2:11"), "{err}");
    assert!(err.contains("mysql, postgresql, other"), "{err}");
}

#[test]
fn exit_codes_follow_the_findings() {
    let unsupported = [
        "--goal",
        "capture-db-changes",
        "--database",
        "other",
        "--network",
        "vpc",
        "--region",
        "cn-hangzhou",
        "--automation",
        "no",
        "--can-code",
        "yes",
    ];
    let out = advisor()
        .arg("recommend")
        .args(unsupported)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["recommendation"].is_null());
    assert_eq!(
        finding(&v, "unsupported-database").unwrap()["severity"],
        "error"
    );

    // A warning fails only under --fail-level warning.
    let no_code = [
        "--goal",
        "capture-db-changes",
        "--database",
        "mysql",
        "--network",
        "public",
        "--region",
        "cn-beijing",
        "--automation",
        "no",
        "--can-code",
        "no",
    ];
    advisor().arg("recommend").args(no_code).assert().code(0);
    advisor()
        .arg("recommend")
        .args(no_code)
        .args(["--fail-level", "warning"])
        .assert()
        .code(1);
}

#[test]
fn text_output_explains_the_verdict() {
    // The page's verdict (CNY cost, free quota), with the documentation's word in footnotes.
    let out = advisor()
        .args(["--trust", "page", "recommend"])
        .args(POSTGRESQL_CDC)
        .args(["--explain", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "api-cdc",
        "goal = capture-db-changes",
        "database = postgresql",
        "postgresql-logical-replication",
        "0.4 CNY",
        "The documentation says otherwise",
        "[1]",
        "https://www.alibabacloud.com/help/en/eventbridge/createeventstreaming",
        "console-webhook",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    // The detail skill is an id for programs, not an address a reader can open.
    assert!(!text.contains("eb/api/eb-event-integration"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when piped");
}

#[test]
fn colour_is_forced_only_when_asked() {
    let out = advisor()
        .arg("recommend")
        .args(POSTGRESQL_CDC)
        .args(["--color", "always"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
    let out = advisor()
        .arg("recommend")
        .args(POSTGRESQL_CDC)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains('\u{1b}'));
}

#[test]
fn markdown_output_is_a_pull_request_comment() {
    let out = advisor()
        .arg("recommend")
        .args(POSTGRESQL_CDC)
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("### "), "{md}");
    assert!(md.contains("| `database` | `postgresql` |"), "{md}");
    assert!(md.contains("`postgresql-logical-replication`"), "{md}");
}

#[test]
fn paths_compares_and_details() {
    let out = advisor()
        .args(["paths", "--color", "never"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).unwrap();
    for id in ["api-cdc", "console-webhook", "fc-api-gateway"] {
        assert!(table.contains(id), "{id} missing in:\n{table}");
    }
    assert!(!table.to_lowercase().contains("detail skill"), "{table}");
    let out = advisor().args(["paths", "api-cdc"]).output().unwrap();
    let detail = String::from_utf8(out.stdout).unwrap();
    assert!(detail.contains("Only MySQL and PostgreSQL"), "{detail}");
    advisor().args(["paths", "kafka"]).assert().code(2);
}

#[test]
fn a_rulebook_with_a_typo_names_file_line_and_column() {
    let out = advisor()
        .args(["--rules", "tests/fixtures/rulebooks/typo-key.yaml", "paths"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("typo-key.yaml:7:5"), "{err}");
    assert!(err.contains("promt") && err.contains("prompt"), "{err}");
}

#[test]
fn a_rulebook_condition_on_an_unknown_question_names_its_place() {
    let out = advisor()
        .args([
            "--rules",
            "tests/fixtures/rulebooks/unknown-question.yaml",
            "paths",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown-question.yaml:16:13"), "{err}");
    assert!(
        err.contains("unknown question `color`") && err.contains("colour"),
        "{err}"
    );
}

#[test]
fn every_problem_of_a_rulebook_is_reported_at_once() {
    let out = advisor()
        .env(
            "EB_ADVISOR_RULES",
            "tests/fixtures/rulebooks/unknown-value.yaml",
        )
        .arg("paths")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(":14:11: error[invalid-rulebook]: duplicate outcome id `paint`"),
        "{err}"
    );
    assert!(
        err.contains(":17:21: error[invalid-rulebook]: `green` is not a valid answer to `colour`"),
        "{err}"
    );
    assert!(
        err.contains(":18:14: error[invalid-rulebook]: unknown outcome `pain`"),
        "{err}"
    );
}

#[test]
fn no_subcommand_without_a_terminal_prints_usage_and_exits_2() {
    let out = advisor().output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage"));
}

#[test]
fn help_lists_the_answer_flags_with_their_values() {
    let out = advisor().args(["recommend", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("--database <VALUE>"), "{help}");
    assert!(help.contains("postgresql"), "{help}");
}

/// The `recommend` examples of `--help` run as printed: each answers every question it
/// leads to, and a long one is broken with ` \` so that it pastes into a shell whole.
#[test]
fn the_recommend_examples_in_help_run_as_printed() {
    for help_of in [&[][..], &["recommend"][..]] {
        let out = advisor().args(help_of).arg("--help").output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        // Join the continued lines, as a shell would.
        let joined = help.replace(" \\\n", " ");
        let examples: Vec<&str> = joined
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("eb-advisor recommend --") && !l.contains("--answers"))
            .collect();
        assert!(!examples.is_empty(), "{help}");
        for example in examples {
            let args: Vec<&str> = example.split_whitespace().skip(1).collect();
            let out = advisor().args(&args).output().unwrap();
            assert_ne!(
                out.status.code(),
                Some(2),
                "{example}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(out.stdout.starts_with(b"Recommended path"), "{example}");
        }
    }
    for line in advisor()
        .arg("--help")
        .output()
        .unwrap()
        .stdout
        .split(|&b| b == b'\n')
    {
        assert!(line.len() <= 100, "{}", String::from_utf8_lossy(line));
    }
}

/// The command line answers each question once: `--answer` twice, or `--answer` and the
/// flag, is refused naming both (as clap refuses a flag given twice); the command line
/// still overrides an answers file.
#[test]
fn a_question_answered_twice_on_the_command_line_is_refused() {
    for args in [
        &["-a", "goal=send-events", "--answer", "goal=unsure"][..],
        &["--answer", "goal=unsure", "--goal", "send-events"][..],
    ] {
        let out = advisor().arg("recommend").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with("error: `goal` is answered twice: "),
            "{err}"
        );
        assert!(
            err.contains("goal=unsure") && err.contains("send-events"),
            "{err}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.yaml");
    std::fs::write(&file, "goal: unsure\n").unwrap();
    let json = json_of(&[
        "--answers",
        file.to_str().unwrap(),
        "--goal",
        "send-events",
        "--target",
        "lark",
        "--automation",
        "no",
        "--can-code",
        "no",
    ]);
    assert_eq!(json["answers"]["goal"], "send-events");
}

/// A number flag refuses what is not a whole number of 0 or more, `-5` included, with
/// the reason `--answer` gives.
#[test]
fn number_flags_say_what_they_expect() {
    for value in ["abc", "-5", "1.5"] {
        let out = advisor()
            .args(["recommend", "--monthly-volume", value])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{value}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            err.starts_with(&format!(
                "error: invalid value '{value}' for '--monthly-volume <N>': expected a whole number from 0 to 9007199254740991"
            )),
            "{err}"
        );
    }
}

#[test]
fn an_unknown_path_gets_a_suggestion() {
    let out = advisor().args(["paths", "api"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(
            "error: unknown path `api` (did you mean `api-cdc`?); expected one of api-cdc,"
        ),
        "{err}"
    );
}

/// An answers file's problems are all listed, each at its line with a suggestion where
/// one is near; a plan given instead of answers is named as such.
#[test]
fn an_answers_file_gets_every_problem_and_plans_are_recognised() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("answers.yaml");
    std::fs::write(
        &file,
        "databse: mysql\nnetwork: vpn\ngoal: capture-db-changes\n",
    )
    .unwrap();
    let out = advisor()
        .args(["recommend", "--answers", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0]
            .contains("answers.yaml:1:1: error[invalid-answers]: unknown question `databse` (did you mean `database`?)"),
        "{err}"
    );
    assert!(
        lines[1].contains(
            "answers.yaml:2:10: error[invalid-answers]: `vpn` is not a valid answer to `network`"
        ),
        "{err}"
    );
    let out = advisor()
        .args([
            "recommend",
            "--answers",
            "examples/plans/api-cdc-mysql.eb-plan.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("this is a plan file"), "{err}");
    assert!(err.contains("eb-advisor check"), "{err}");
}

/// An answer to a question the other answers do not lead to is dropped, with a note on
/// stderr: the verdict is the one the questionnaire would give.
#[test]
fn answers_to_questions_not_asked_are_ignored_with_a_note() {
    let out = advisor()
        .args(["recommend", "--goal", "send-events", "--database", "mysql"])
        .args(["--target", "lark", "--automation", "no", "--can-code", "no"])
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "note: `database` is ignored: the other answers do not lead to this question\n"
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["answers"].get("database").is_none(), "{json}");
}
