//! What a new user trips over in the first ten minutes with flags, answers files and
//! plans, through the real binary: values as people type them, suggestions for typos,
//! messages about files that do not exist, and dead ends that ask for nothing more.

use crate::support;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn advisor() -> Command {
    let mut cmd = support::advisor();
    cmd.args(["--color", "never"]);
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
    read_everywhere_as(dir, id, spelling, "\"")
}

/// `read_everywhere`, with the files' values between `quote`s (`""` for none: a number
/// stays a YAML number).
fn read_everywhere_as(
    dir: &Path,
    id: &str,
    spelling: &str,
    quote: &str,
) -> Vec<Result<Value, String>> {
    let answers = answers_with(id, spelling);
    let yaml = |answers: &[(String, String)], indent: &str| {
        yaml(answers, indent).replace(
            &format!("\"{spelling}\""),
            &format!("{quote}{spelling}{quote}"),
        )
    };
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
fn every_source_reads_a_value_by_the_same_rules() {
    let dir = tempfile::tempdir().unwrap();
    // Sources 0 and 1 are command lines (flags, --answer), 2 and 3 files (an answers file,
    // a plan), whose JSON Schemas name each value exactly: `check` and an editor agree.
    let from_command_line = |i: usize| i < 2;
    // A value that differs only in case is refused everywhere, with the id as declared.
    for (id, spelling, meant) in [
        ("database", "PostgreSQL", "postgresql"),
        ("network", "VPC", "vpc"),
        ("automation", "Yes", "yes"),
        ("can-code", "TRUE", "yes"),
    ] {
        for (i, result) in read_everywhere(dir.path(), id, spelling).iter().enumerate() {
            let message = result.as_ref().expect_err(spelling);
            assert!(
                message.contains(&format!("did you mean `{meant}`?")),
                "source {i}: `{spelling}` got no `{meant}`: {message}"
            );
        }
    }
    // The forms of a file's number, on a command line too: one value, 1000.
    for spelling in ["1e3", "1000.0", "1000"] {
        for (i, result) in read_everywhere_as(dir.path(), "monthly-volume", spelling, "")
            .iter()
            .enumerate()
        {
            match (i, result) {
                (3, Ok(_)) => {}
                (_, Ok(v)) => assert_eq!(v, 1000, "source {i}: {spelling}"),
                (_, Err(e)) => panic!("source {i} refused `{spelling}`: {e}"),
            }
        }
    }
    // Too large is called too large, with the largest answer, wherever it is given.
    for spelling in ["99999999999999999999", "1e20", "9007199254740992"] {
        for (i, result) in read_everywhere_as(dir.path(), "monthly-volume", spelling, "")
            .iter()
            .enumerate()
        {
            let message = result.as_ref().expect_err(spelling);
            assert!(
                message.contains("too large") && message.contains("9007199254740991"),
                "source {i}: {spelling}: {message}"
            );
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

#[test]
fn a_missing_file_is_named_without_a_position_in_either_language() {
    let dir = tempfile::tempdir().unwrap();
    for (lang, reason) in [
        ("en", "no such file or directory"),
        ("zh", "文件或目录不存在"),
    ] {
        for args in [
            &["recommend", "--answers", "nope.yaml"][..],
            &["--rules", "nope.yaml", "paths"][..],
        ] {
            let mut with_lang = vec!["--lang", lang];
            with_lang.extend(args);
            let out = run(dir.path(), &with_lang);
            assert_eq!(out.code, 2, "{}", out.stderr);
            assert!(out.stderr.contains(reason), "{args:?}: {}", out.stderr);
            assert!(!out.stderr.contains("nope.yaml:1:1"), "{}", out.stderr);
        }
    }
}

#[test]
fn yaml_errors_are_worded_in_the_users_language() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "goal: unsure\nautomation no\n").unwrap();
    std::fs::write(
        dir.path().join("bad.eb-plan.yaml"),
        "path: x\nanswers: [a, b\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &["--lang", "zh", "recommend", "--answers", "bad.yaml"],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .starts_with("bad.yaml:2:1: 错误[invalid-answers]: 此处应为"),
        "{}",
        out.stderr
    );
    let check = run(dir.path(), &["--lang", "zh", "check", "bad.eb-plan.yaml"]);
    let english = english_words(&check.stdout);
    assert!(
        english.is_empty(),
        "English words in: {}\n{english:?}",
        check.stdout
    );
}

/// A file that cannot be read for a reason the system words only in English (a loop of
/// symbolic links) is still reported in Chinese, with the system's error number.
#[cfg(target_os = "linux")]
#[test]
fn a_rare_io_error_is_worded_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("b.yaml", dir.path().join("a.yaml")).unwrap();
    std::os::unix::fs::symlink("a.yaml", dir.path().join("b.yaml")).unwrap();
    let answers = run(
        dir.path(),
        &["--lang", "zh", "recommend", "--answers", "a.yaml"],
    );
    assert_eq!(answers.code, 2);
    assert_eq!(
        answers.stderr.trim_end(),
        "a.yaml: 错误[invalid-answers]: 系统错误（错误码 40）"
    );
    let check = run(dir.path(), &["--lang", "zh", "check", "a.yaml"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("无法读取方案：系统错误（错误码 40）"),
        "{}",
        check.stdout
    );
    for out in [&answers.stderr, &check.stdout] {
        assert!(english_words(out).is_empty(), "{out}");
    }
}

/// Every Chinese snapshot, as a person reads it: JUnit by its text and attribute values
/// (not its element names), GitHub annotations by their titles and messages (unescaped).
#[test]
fn the_chinese_snapshots_have_no_english_sentences() {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("tests/expected").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.contains(".zh.") {
            continue;
        }
        let file = std::fs::read_to_string(&path).unwrap();
        let text = if name.ends_with(".xml") {
            readable_xml(&file)
        } else if name.ends_with(".github.txt") {
            readable_annotations(&file)
        } else {
            file
        };
        for word in english_words(&text) {
            found.push(format!("{name}: {word}"));
        }
    }
    assert!(
        found.is_empty(),
        "English in Chinese output:\n{}",
        found.join("\n")
    );
}

/// The text nodes and attribute values of an XML document, one a line.
fn readable_xml(xml: &str) -> String {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let mut out = String::new();
    for node in doc.descendants() {
        if let Some(text) = node.text().filter(|_| node.is_text()) {
            out.push_str(text);
            out.push('\n');
        }
        for attribute in node.attributes() {
            out.push_str(attribute.value());
            out.push('\n');
        }
    }
    out
}

/// The titles and messages of GitHub workflow commands (`::error file=…,title=T::M`),
/// with `%0A`, `%3A`... decoded.
fn readable_annotations(log: &str) -> String {
    let decode = |s: &str| {
        s.replace("%0A", "\n")
            .replace("%0D", "\r")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
    };
    let mut out = String::new();
    for line in log.lines() {
        let Some(command) = line.strip_prefix("::") else {
            out.push_str(line); // the summary line
            out.push('\n');
            continue;
        };
        let (properties, message) = command.split_once("::").unwrap();
        for property in properties.split(',') {
            if let Some(title) = property.split_once("title=").map(|(_, t)| t) {
                // The title starts with the severity: a word of its own.
                out.push_str(&decode(title).replace(' ', " \n"));
                out.push('\n');
            }
        }
        out.push_str(&decode(message));
        out.push('\n');
    }
    out
}

/// Words of three or more ASCII letters in `text` that are not ids (of the rulebook's
/// questions, values, outcomes and findings, the plan's keys, the subcommands), product
/// and API names, or parts of code, file names, flags and addresses: English where
/// Chinese was due.
fn english_words(text: &str) -> Vec<String> {
    let rb = eb_advisor::embedded::rulebook();
    let mut ids: Vec<String> = Vec::new();
    for q in &rb.questions {
        ids.push(q.id.clone());
        ids.extend(q.choices.iter().map(|c| c.value.clone()));
    }
    ids.extend(rb.outcomes.iter().map(|o| o.id.clone()));
    ids.extend(rb.findings.iter().map(|f| f.id.clone()));
    ids.extend(["path", "answers", "settings", "acknowledge", "rulebook"].map(String::from));
    ids.extend(["paths", "check", "recommend", "ask", "rules", "ID"].map(String::from));
    const NAMES: &[&str] = &[
        "EventBridge",
        "MySQL",
        "PostgreSQL",
        "CDC",
        "API",
        "VPC",
        "HTTP",
        "HTTPS",
        "REST",
        "Webhook",
        "SSO",
        "Bearer",
        "Token",
        "JSON",
        "YAML",
        "GitHub",
        "Jenkins",
        "SMQ",
        "Terraform",
        "ROS",
        "HostName",
        "Port",
        "User",
        "Password",
        "VpcId",
        "VSwitchIds",
        "SecurityGroupId",
        "PrivateNetwork",
        "Authorization",
        "DTS",
        "SaaS",
        "OpenAPI",
        // As Alibaba Cloud's Chinese documentation writes it (“OpenAPI SDK”).
        "SDK",
        "CNY",
        "USD",
        "INSERT",
        "UPDATE",
        "DELETE",
        "FAQ",
        "POST",
        "AccessKey",
        "DiscoverEventSource",
        "CreateEventStreaming",
        "NUL",
        "UTF",
        // A configuration value, as typed (`wal_level = logical`).
        "logical",
    ];
    let mut found = Vec::new();
    for line in text.lines() {
        let mut rest = String::new();
        // Drop `code`, addresses and tokens that are paths, flags, ids or numbers.
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                rest.push_str(part);
                rest.push(' ');
            }
        }
        // Brackets part a severity from its code (`error[path-mismatch]`).
        let tokens =
            rest.split(|c: char| c.is_whitespace() || "，。、；：（）()“”,;[]".contains(c));
        // A flag's value (`--trust page`) is typed as it is, in any language.
        let mut after_flag = false;
        for token in tokens {
            let flag_value = std::mem::replace(&mut after_flag, token.starts_with("--"));
            if flag_value
                || token.starts_with("http")
                || token
                    .chars()
                    .any(|c| "/.-_[]:=<>|${}@#0123456789".contains(c))
                || ids.iter().any(|id| id == token)
            {
                continue;
            }
            let mut word = String::new();
            for c in token.chars().chain([' ']) {
                if c.is_ascii_alphabetic() {
                    word.push(c);
                    continue;
                }
                if word.len() >= 3 && !NAMES.contains(&word.as_str()) {
                    found.push(word.clone());
                }
                word.clear();
            }
        }
    }
    found
}

#[test]
fn an_option_of_ask_given_alone_names_ask() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["--save-plan", "x.eb-plan.yaml"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("`ask` takes --save-plan: eb-advisor ask --save-plan"),
        "{}",
        out.stderr
    );
    let out = run(
        dir.path(),
        &["--lang", "zh", "--save-plan", "x.eb-plan.yaml"],
    );
    assert!(
        out.stderr.contains("--save-plan 属于子命令 `ask`"),
        "{}",
        out.stderr
    );
}

#[test]
fn recommend_json_counts_its_findings_and_lists_missing_answers_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "recommend",
            "--format",
            "json",
            "--goal",
            "capture-db-changes",
            "--database",
            "other",
        ],
    );
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let count = |severity: &str| {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["severity"] == severity)
            .count()
    };
    assert_eq!(v["summary"]["errors"], count("error"));
    assert_eq!(v["summary"]["warnings"], count("warning"));
    assert_eq!(v["summary"]["info"], count("info"));
    assert_eq!(v["summary"]["errors"], 1);

    let out = run(
        dir.path(),
        &[
            "recommend",
            "--format",
            "json",
            "--goal",
            "capture-db-changes",
        ],
    );
    assert_eq!(out.code, 2);
    let v: Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", out.stdout));
    let missing: Vec<&str> = v["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing,
        ["database", "network", "region", "automation", "can-code"]
    );
    assert!(v["recommendation"].is_null());
}

/// PostgreSQL in a VPC, with the mistakes teams make in settings.
const VPC_PLAN_WITH_TYPOS: &str = "path: api-cdc
answers:
  goal: capture-db-changes
  database: postgresql
  network: vpc
  region: cn-hangzhou
  automation: yes
  can-code: yes
settings:
  vpc-id: vpc-1
  vswitch-ids: vsw-2zebbbb
  securitygroup-id: sg-1
";

#[test]
fn settings_mistakes_are_named_and_junit_names_every_failing_finding() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("p.eb-plan.yaml"), VPC_PLAN_WITH_TYPOS).unwrap();
    let out = run(dir.path(), &["check", "p.eb-plan.yaml"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("lack security-group-id (the plan has `securitygroup-id`: did you mean `security-group-id`?)"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("p.eb-plan.yaml:11:16: error[invalid-plan]: `vswitch-ids` holds a string; expected a list, e.g. `vswitch-ids: [vsw-2zebbbb]`"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("p.eb-plan.yaml:12:3: error[invalid-plan]: unknown settings key `securitygroup-id` (did you mean `security-group-id`?)"),
        "{}",
        out.stdout
    );
    let junit = run(
        dir.path(),
        &["check", "p.eb-plan.yaml", "--format", "junit"],
    );
    let doc = roxmltree::Document::parse(&junit.stdout).unwrap();
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failure");
    assert_eq!(
        failure.attribute("message"),
        Some("failed (3 [vpc-settings-missing, invalid-plan])")
    );
}

#[test]
fn the_graph_labels_a_finding_that_escalates_with_both_severities() {
    let dir = tempfile::tempdir().unwrap();
    // postgresql-free-quota is the page's finding: `--trust page`.
    let out = run(dir.path(), &["--trust", "page", "rules", "graph"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    for id in ["postgresql-free-quota", "empty-event-pattern"] {
        assert!(
            out.stdout.contains(&format!("info→warning: {id}")),
            "{id}: {}",
            out.stdout
        );
    }
}

#[test]
fn a_typo_in_a_rulebook_condition_is_one_error_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let rules = std::fs::read_to_string("rules/eventbridge-integrate-events.yaml").unwrap();
    let typo = rules.replacen(
        "when: { path: api-cdc, goal: capture-db-changes, network: vpc }",
        "when: { path: api-cdc, goal: capture-db-changes, netwrk: vpc }",
        1,
    );
    assert_ne!(typo, rules);
    std::fs::write(dir.path().join("typo.yaml"), typo).unwrap();
    for command in ["lint", "test"] {
        let out = run(dir.path(), &["rules", command, "typo.yaml"]);
        assert_eq!(out.code, 2, "{}", out.stderr);
        let problems: Vec<&str> = out
            .stderr
            .lines()
            .filter(|l| l.starts_with("typo.yaml:"))
            .collect();
        assert_eq!(problems.len(), 1, "{}", out.stderr);
        assert!(
            problems[0].contains("(did you mean `network`?)"),
            "{}",
            problems[0]
        );
    }
}

/// The advice that goes with a finding is called what the JSON calls it (`remedy`) in
/// every format a person reads, in both languages, never "fix" in one and "remedy" in
/// the other.
#[test]
fn the_remedy_is_labelled_as_json_names_it_in_every_format() {
    let root = env!("CARGO_MANIFEST_DIR");
    let plan = "tests/fixtures/plans/mixed/mismatch.eb-plan.yaml";
    let lark = [
        "recommend",
        "--goal",
        "send-events",
        "--target",
        "lark",
        "--automation",
        "yes",
        "--can-code",
        "no",
    ];
    for (lang, label, old) in [("en", "remedy: ", "fix: "), ("zh", "补救办法：", "处理：")]
    {
        let mut runs: Vec<(String, Vec<&str>)> = Vec::new();
        let mut args = vec!["--lang", lang];
        args.extend(lark);
        runs.push(("recommend text".into(), args));
        for format in ["text", "github", "junit", "markdown"] {
            let args = vec!["--lang", lang, "check", plan, "--format", format];
            runs.push((format!("check {format}"), args));
        }
        for (name, args) in runs {
            let out = run(Path::new(root), &args);
            let text = out.stdout.to_lowercase();
            assert!(
                text.contains(label),
                "{lang} {name}: no {label:?} in\n{}",
                out.stdout
            );
            assert!(
                !text.contains(old),
                "{lang} {name}: {old:?} in\n{}",
                out.stdout
            );
        }
    }
    // Markdown's table of findings heads the column the same way.
    for (lang, heading) in [("en", "| Remedy |"), ("zh", "| 补救办法 |")] {
        let mut args = vec!["--lang", lang];
        args.extend(lark);
        args.extend(["--format", "markdown"]);
        let out = run(Path::new(root), &args);
        assert!(out.stdout.contains(heading), "{}", out.stdout);
    }
    // SARIF is read by code-scanning tools in English only.
    let out = run(Path::new(root), &["check", plan, "--format", "sarif"]);
    assert!(out.stdout.contains("\\nRemedy: "), "{}", out.stdout);
    assert!(!out.stdout.contains("Fix: "), "{}", out.stdout);
}
