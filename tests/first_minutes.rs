//! What a new user trips over in the first ten minutes with flags, answers files and
//! plans, through the real binary: values as people type them, suggestions for typos,
//! messages about files that do not exist, and dead ends that ask for nothing more.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn advisor() -> Command {
    let mut cmd = Command::cargo_bin("eb-advisor").unwrap();
    cmd.env_remove("EB_ADVISOR_RULES")
        .env_remove("GITHUB_ACTIONS")
        .env_remove("CI")
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(["--color", "never"]);
    cmd
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let out = advisor().current_dir(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// MySQL CDC in a VPC, as `(id, value)` pairs.
const MYSQL_VPC: [(&str, &str); 6] = [
    ("goal", "capture-db-changes"),
    ("database", "mysql"),
    ("network", "vpc"),
    ("region", "cn-hangzhou"),
    ("automation", "yes"),
    ("can-code", "yes"),
];

/// `MYSQL_VPC` with `id` answered `value`.
fn answers_with(id: &str, value: &str) -> Vec<(String, String)> {
    let mut answers: Vec<(String, String)> = MYSQL_VPC
        .iter()
        .filter(|(i, _)| *i != id)
        .map(|(i, v)| (i.to_string(), v.to_string()))
        .collect();
    answers.push((id.to_string(), value.to_string()));
    answers
}

/// The answers as a YAML mapping indented by `indent`, every value quoted as a string
/// (what a hand-written file holds once YAML is done with it).
fn yaml(answers: &[(String, String)], indent: &str) -> String {
    answers
        .iter()
        .map(|(id, value)| format!("{indent}{id}: \"{value}\"\n"))
        .collect()
}

/// MySQL CDC in a VPC with `id` answered `spelling`, given as flags, as `--answer`s, in
/// an answers file and in a plan: the value each read (the plan: `Null` when it has no
/// `invalid-plan` finding), or the message refusing it.
fn read_everywhere(dir: &Path, id: &str, spelling: &str) -> Vec<Result<Value, String>> {
    let answers = answers_with(id, spelling);
    let read = |out: Run| match out.code {
        0 | 1 => Ok(serde_json::from_str::<Value>(&out.stdout).unwrap()["answers"][id].clone()),
        _ => Err(out.stderr),
    };
    let mut results = Vec::new();
    let flags: Vec<String> = answers
        .iter()
        .flat_map(|(i, v)| [format!("--{i}"), v.clone()])
        .collect();
    let assignments: Vec<String> = answers
        .iter()
        .flat_map(|(i, v)| ["-a".to_string(), format!("{i}={v}")])
        .collect();
    for given in [flags, assignments] {
        let mut args = vec!["recommend", "--format", "json"];
        args.extend(given.iter().map(String::as_str));
        results.push(read(run(dir, &args)));
    }
    std::fs::write(dir.join("answers.yaml"), yaml(&answers, "")).unwrap();
    results.push(read(run(
        dir,
        &["recommend", "--format", "json", "--answers", "answers.yaml"],
    )));
    std::fs::write(
        dir.join("x.eb-plan.yaml"),
        format!(
            "path: api-cdc\nanswers:\n{}settings:\n  vpc-id: vpc-1\n  vswitch-ids: [vsw-1]\n  security-group-id: sg-1\n",
            yaml(&answers, "  ")
        ),
    )
    .unwrap();
    let out = run(dir, &["check", "--format", "json", "x.eb-plan.yaml"]);
    let report: Value = serde_json::from_str(&out.stdout).unwrap();
    let invalid: Vec<String> = report["plans"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "invalid-plan")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    results.push(match invalid.is_empty() {
        true => Ok(Value::Null),
        false => Err(invalid.join("\n")),
    });
    results
}

#[test]
fn command_lines_read_values_freely_and_files_as_their_schema_says() {
    let dir = tempfile::tempdir().unwrap();
    // Sources 0 and 1 are command lines (flags, --answer), 2 and 3 files (an answers file,
    // a plan), whose JSON Schemas name each value exactly: `check` and an editor agree.
    let from_command_line = |i: usize| i < 2;
    // Any case on a command line: the id as declared in the output.
    let read = read_everywhere(dir.path(), "database", "PostgreSQL");
    for (i, result) in read.iter().enumerate() {
        match (from_command_line(i), result) {
            (true, Ok(v)) => assert_eq!(v, "postgresql", "source {i}"),
            (true, Err(e)) => panic!("source {i} refused `PostgreSQL`: {e}"),
            (false, Ok(v)) => panic!("source {i} took `PostgreSQL` as {v}"),
            (false, Err(e)) => assert!(
                e.contains("`PostgreSQL` is not a valid answer to `database`")
                    && e.contains("postgresql"),
                "source {i}: {e}"
            ),
        }
    }
    // Thousands separators and the full-width digits of a Chinese input method, on a
    // command line; in a file a number is written as a YAML number.
    for spelling in ["50,000", "50 000", "５０，０００", "５００００"] {
        for (i, result) in read_everywhere(dir.path(), "monthly-volume", spelling)
            .iter()
            .enumerate()
        {
            match (from_command_line(i), result) {
                (true, Ok(v)) => assert_eq!(v, 50000, "source {i}: {spelling}"),
                (true, Err(e)) => panic!("source {i} refused `{spelling}`: {e}"),
                (false, Ok(v)) => panic!("source {i} took the string `{spelling}` as {v}"),
                (false, Err(e)) => assert!(e.contains("written without quotes"), "source {i}: {e}"),
            }
        }
    }
    // A separator anywhere else is a typo, not a number: refused everywhere.
    for (i, result) in read_everywhere(dir.path(), "monthly-volume", "5,0")
        .iter()
        .enumerate()
    {
        assert!(result.is_err(), "source {i} took `5,0`: {result:?}");
    }
}

#[test]
fn a_misspelt_value_gets_the_nearest_one_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    for (id, typo, meant) in [
        ("database", "postgres", "postgresql"),
        ("region", "cn-hangzou", "cn-hangzhou"),
    ] {
        for (i, result) in read_everywhere(dir.path(), id, typo).iter().enumerate() {
            let message = result.as_ref().expect_err(typo);
            assert!(
                message.contains(meant),
                "source {i}: no suggestion of `{meant}` for `{typo}`: {message}"
            );
        }
    }
}

#[test]
fn a_dead_end_demands_no_more_answers() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "recommend",
            "--goal",
            "capture-db-changes",
            "--database",
            "other",
        ],
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("No supported path"), "{}", out.stdout);
    assert!(
        out.stdout.contains("unsupported-database"),
        "{}",
        out.stdout
    );
    assert!(!out.stderr.contains("missing"), "{}", out.stderr);
    // A live branch still needs every answer that can change its verdict.
    let out = run(
        dir.path(),
        &[
            "recommend",
            "--goal",
            "capture-db-changes",
            "--database",
            "mysql",
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("--network"), "{}", out.stderr);
}
