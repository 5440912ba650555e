//! `rules lint|test|show|schema|graph` through the real binary: each lint fixture plants one
//! defect and the report must name its kind, file:line and an example answer set.

use crate::support;

use std::path::Path;

use serde_json::Value;
use support::advisor;

const FIXTURES: &str = "tests/fixtures/lint";

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = advisor().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}.yaml")
}

/// The 1-based line of the first line of `file` containing `needle`.
fn line_of(file: &str, needle: &str) -> usize {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in {file}"))
        + 1
}

/// The report line `FILE:LINE:COL: LEVEL[KIND]: ...` and the example line under it.
fn problem<'a>(out: &'a str, file: &str, line: usize, tag: &str) -> (&'a str, Option<&'a str>) {
    let lines: Vec<&str> = out.lines().collect();
    let prefix = format!("{file}:{line}:");
    let i = lines
        .iter()
        .position(|l| l.starts_with(&prefix) && l.contains(tag))
        .unwrap_or_else(|| panic!("no `{tag}` at {prefix} in:\n{out}"));
    let example = lines
        .get(i + 1)
        .and_then(|l| l.trim_start().strip_prefix("e.g. "));
    (lines[i], example)
}

#[test]
fn lint_reports_a_gap_with_the_answers_that_fall_through() {
    let file = fixture("gap");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let (line, example) = problem(&r.stdout, &file, line_of(&file, "rules:"), "error[gap]");
    assert!(line.contains("no rule gives an outcome"), "{line}");
    let example = example.expect("a gap comes with an example");
    assert!(example.contains("surface=metal"), "{example}");
    assert!(example.contains("rust=yes"), "{example}");
}

#[test]
fn lint_reports_a_shadowed_rule_naming_the_rule_that_covers_it() {
    let file = fixture("shadowed");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let (line, example) = problem(
        &r.stdout,
        &file,
        line_of(&file, "- id: rusty-metal"),
        "error[shadowed-rule]",
    );
    assert!(
        line.contains("`rusty-metal`") && line.contains("`metal`"),
        "{line}"
    );
    let example = example.expect("an example where the rule matches");
    assert!(
        example.contains("surface=metal") && example.contains("rust=yes"),
        "{example}"
    );
}

#[test]
fn lint_reports_an_unreachable_outcome() {
    let file = fixture("unreachable-outcome");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let (line, _) = problem(
        &r.stdout,
        &file,
        line_of(&file, "- id: varnish"),
        "error[unreachable-outcome]",
    );
    assert!(line.contains("`varnish` is never recommended"), "{line}");
}

#[test]
fn lint_reports_a_finding_that_can_never_fire() {
    let file = fixture("dead-finding");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let (line, _) = problem(
        &r.stdout,
        &file,
        line_of(&file, "- id: primer-on-emulsion"),
        "error[dead-finding]",
    );
    assert!(
        line.contains("`primer-on-emulsion` can never fire"),
        "{line}"
    );
}

#[test]
fn lint_reports_a_question_that_is_never_asked() {
    let file = fixture("unreachable-question");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let (line, _) = problem(
        &r.stdout,
        &file,
        line_of(&file, "ask-when: { all:"),
        "error[unreachable-question]",
    );
    assert!(line.contains("`wall-filler` is never asked"), "{line}");
}

#[test]
fn lint_reports_a_missing_source_as_a_warning_that_fails_under_strict() {
    let file = fixture("missing-source");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 0, "warnings alone pass: {}", r.stdout);
    let (line, _) = problem(
        &r.stdout,
        &file,
        line_of(&file, "- id: outdoor-wall"),
        "warning[missing-source]",
    );
    assert!(line.contains("rule `outdoor-wall` has no source"), "{line}");
    assert_eq!(run(&["rules", "lint", "--strict", &file]).code, 1);
}

#[test]
fn lint_reports_a_stale_contested_fact() {
    let file = fixture("stale-verify");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let (line, _) = problem(
        &r.stdout,
        &file,
        line_of(&file, "checked: \"2020-01-15\""),
        "warning[stale-fact]",
    );
    // The contested fact is a premise now: its `checked` date is stale-fact's.
    assert!(line.contains("(`emulsion-drying`)"), "{line}");
    assert!(
        line.contains("2020-01-15") && line.contains("--max-age 365"),
        "{line}"
    );
    let generous = run(&["rules", "lint", "--max-age", "100000", &file]);
    assert!(
        !generous.stdout.contains("[stale-fact]"),
        "{}",
        generous.stdout
    );
}

#[test]
fn lint_reports_a_finding_that_reads_an_unasked_question() {
    let file = fixture("unasked-read");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let (line, example) = problem(
        &r.stdout,
        &file,
        line_of(&file, "when: { outdoor: yes, rust: yes }"),
        "error[reads-unasked]",
    );
    assert!(
        line.contains("finding `outdoor-rust` reads `rust`") && line.contains("surface=wall"),
        "{line}"
    );
    let example = example.expect("the answers that change the result");
    assert!(
        example.contains("surface=wall") && example.contains("rust=yes"),
        "{example}"
    );
}

#[test]
fn lint_passes_the_embedded_rulebook_and_the_clean_fixture() {
    let r = run(&["rules", "lint"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(!r.stdout.contains("error["), "{}", r.stdout);
    let last = r.stdout.lines().last().unwrap();
    assert!(
        last.starts_with("<embedded:eventbridge-integrate-events>: 0 errors, 0 warnings")
            && last.contains("checked all"),
        "{last}"
    );
    let clean = run(&["rules", "lint", "--strict", &fixture("clean")]);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    assert!(
        clean
            .stdout
            .contains("no problems; checked all 6 answer combinations"),
        "{}",
        clean.stdout
    );
}

#[test]
fn lint_says_incomplete_when_the_budget_runs_out() {
    let file = fixture("clean");
    let r = run(&["rules", "lint", "--budget", "3", &file]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    let last = r.stdout.lines().last().unwrap();
    assert!(
        last.contains("incomplete: checked 1 of 6 answer combinations (raise --budget)"),
        "{last}"
    );
    assert!(
        last.contains("not checked: shadowed and dead rules"),
        "{last}"
    );
    assert!(
        !last.contains("no problems;"),
        "never passes silently: {last}"
    );
    assert_eq!(
        run(&["rules", "lint", "--budget", "3", "--strict", &file]).code,
        1
    );
    let json: Value = serde_json::from_str(
        &run(&["rules", "lint", "--budget", "3", "--format", "json", &file]).stdout,
    )
    .unwrap();
    assert_eq!(json["complete"], false);
    assert_eq!(json["checked"], 1);
    assert_eq!(json["combinations"], 6);
    // With enough budget the same file is complete.
    let full = run(&["rules", "lint", "--strict", &file]);
    assert!(
        full.stdout.contains("checked all 6 answer combinations"),
        "{}",
        full.stdout
    );
}

#[test]
fn lint_json_carries_kind_position_and_example() {
    let file = fixture("gap");
    let r = run(&["rules", "lint", "--format", "json", &file]);
    assert_eq!(r.code, 1);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    let gap = &v["problems"][0];
    assert_eq!(gap["kind"], "gap");
    assert_eq!(gap["severity"], "error");
    assert_eq!(gap["line"], line_of(&file, "rules:") as u64);
    assert_eq!(gap["example"]["surface"], "metal");
    assert_eq!(gap["example"]["rust"], "yes");
    assert_eq!(
        v["summary"]["errors"], 1,
        "one answer set: surface=metal, rust=yes"
    );
    assert_eq!(
        gap["example"].as_object().unwrap().len(),
        2,
        "only the answers that matter"
    );
    assert_eq!(v["complete"], true);
}

#[test]
fn lint_and_test_exit_2_on_a_rulebook_that_does_not_load() {
    for sub in ["lint", "test", "graph"] {
        let r = run(&["rules", sub, "tests/fixtures/rulebooks/unknown-value.yaml"]);
        assert_eq!(r.code, 2, "rules {sub}: {}", r.stdout);
        assert!(r.stderr.contains("unknown-value.yaml:"), "{}", r.stderr);
    }
}

#[test]
fn self_test_reports_a_failing_scenario() {
    let file = fixture("selftest-failing");
    let r = run(&["rules", "test", &file]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let failed = format!(
        "FAILED  wrong-outcome ({file}:{}:",
        line_of(&file, "- name: wrong-outcome")
    );
    assert!(r.stdout.contains(&failed), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("outcome: expected `masonry`, got `emulsion`"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("finding `rust-first` was expected but did not fire"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("ok      outdoor-wall"), "{}", r.stdout);
    assert_eq!(r.stdout.lines().last(), Some("5 passed, 1 failed"));
}

#[test]
fn self_test_lists_what_no_scenario_exercises() {
    let r = run(&["rules", "test", &fixture("selftest-uncovered")]);
    assert_eq!(
        r.code, 1,
        "passing scenarios with gaps in coverage fail: {}",
        r.stdout
    );
    for missing in [
        "outcome `metal-primer`",
        "value `surface=metal`",
        "value `rust=yes`",
        "value `rust=no`",
        "finding `rust-first`",
    ] {
        assert!(
            r.stdout.contains(missing),
            "{missing} not listed:\n{}",
            r.stdout
        );
    }
    assert!(!r.stdout.contains("value `outdoor="), "{}", r.stdout);
    // The closing line says why the run fails though every scenario passed.
    assert_eq!(
        r.stdout.lines().last(),
        Some("3 passed, 0 failed; 5 not exercised by any scenario, which fails the run: add a scenario that reaches each one listed above")
    );
}

/// Every rulebook in rules/ (the embedded one and rules/examples/*) lints clean and
/// passes its own scenarios with full coverage.
#[test]
fn every_rulebook_in_rules_passes_lint_and_its_self_tests() {
    let mut files = vec!["rules/eventbridge-integrate-events.yaml".to_string()];
    for entry in std::fs::read_dir("rules/examples").unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".yaml") && !name.ends_with(".tests.yaml") && !name.contains(".eb-plan.")
        {
            files.push(path.display().to_string());
        }
    }
    assert!(files.len() >= 2, "{files:?}");
    for file in &files {
        let t = run(&["rules", "test", file]);
        assert_eq!(t.code, 0, "rules test {file}:\n{}{}", t.stdout, t.stderr);
        let last = t.stdout.lines().last().unwrap_or_default().to_string();
        assert!(last.ends_with(" passed, 0 failed"), "{file}: {last}");
        let l = run(&["rules", "lint", file]);
        assert_eq!(l.code, 0, "rules lint {file}:\n{}", l.stdout);
    }
    // The example's scenarios live partly in its sibling NAME.tests.yaml.
    let t = run(&["rules", "test", "rules/examples/postgresql-backup.yaml"]);
    assert!(
        t.stdout.contains("ok      plan-pitr-without-archiving"),
        "{}",
        t.stdout
    );
}

fn regenerate_hint(kind: &str) -> String {
    format!("schemas/{kind}.schema.json is out of date; regenerate it with:\n  cargo run -- rules schema {kind} > schemas/{kind}.schema.json")
}

#[test]
fn committed_schemas_match_the_generated_ones() {
    for kind in ["rulebook", "plan", "answers", "config"] {
        let r = run(&["rules", "schema", kind]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        let committed = std::fs::read_to_string(format!("schemas/{kind}.schema.json"))
            .unwrap_or_default()
            .replace("\r\n", "\n");
        assert!(committed == r.stdout, "{}", regenerate_hint(kind));
    }
    let example = run(&[
        "--rules",
        "rules/examples/postgresql-backup.yaml",
        "rules",
        "schema",
        "plan",
    ]);
    let committed = std::fs::read_to_string("schemas/examples/postgresql-backup.plan.schema.json")
        .unwrap_or_default();
    assert!(
        committed == example.stdout,
        "schemas/examples/postgresql-backup.plan.schema.json is out of date; regenerate it with:\n  cargo run -- --rules rules/examples/postgresql-backup.yaml rules schema plan > schemas/examples/postgresql-backup.plan.schema.json"
    );
}

#[test]
fn plan_schema_offers_the_rulebook_ids_to_an_editor() {
    let v: Value = serde_json::from_str(&run(&["rules", "schema", "plan"]).stdout).unwrap();
    assert_eq!(v["$schema"], "http://json-schema.org/draft-07/schema#");
    assert_eq!(
        v["properties"]["path"]["enum"],
        serde_json::json!(["api-cdc", "console-webhook", "fc-api-gateway"])
    );
    let database = &v["properties"]["answers"]["properties"]["database"];
    assert_eq!(
        database["enum"],
        serde_json::json!(["mysql", "postgresql", "other"])
    );
    assert!(database["description"]
        .as_str()
        .unwrap()
        .starts_with("Which database"));
    let ack = v["properties"]["acknowledge"]["propertyNames"]["enum"]
        .as_array()
        .unwrap();
    assert!(ack.contains(&Value::from("empty-event-pattern")));
    assert!(!ack.contains(&Value::from("invalid-plan")));
    assert_eq!(v["additionalProperties"], false);

    let other: Value = serde_json::from_str(
        &run(&[
            "--rules",
            "rules/examples/postgresql-backup.yaml",
            "rules",
            "schema",
            "answers",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(
        other["properties"]["scope"]["enum"],
        serde_json::json!(["cluster", "database", "tables"])
    );
}

/// The Mermaid block in the README is the embedded rulebook's diagram.
#[test]
fn readme_diagram_matches_the_rulebook() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme
        .find("```mermaid\n")
        .expect("README.md has a ```mermaid block")
        + "```mermaid\n".len();
    let end = start + readme[start..].find("```").unwrap();
    let r = run(&["rules", "graph"]);
    assert_eq!(r.code, 0);
    assert!(
        readme[start..end] == r.stdout,
        "the Mermaid diagram in README.md is out of date; replace the ```mermaid block with the output of:\n  cargo run -- rules graph"
    );
}

#[test]
fn graph_draws_questions_answers_outcomes_and_findings() {
    let r = run(&["rules", "graph"]);
    assert!(r.stdout.starts_with("flowchart TD\n"), "{}", r.stdout);
    assert!(r.stdout.contains("{\"goal\"}"), "{}", r.stdout);
    assert!(
        r.stdout.contains("-->|\"mysql, postgresql\"| o_api_cdc"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("-->|\"other\"| o__none"), "{}", r.stdout);
    assert!(
        r.stdout.contains("error: unsupported-database"),
        "{}",
        r.stdout
    );
    // A custom app has an edge of its own under the page (to fc-api-gateway).
    let dot = run(&["--trust", "page", "rules", "graph", "--format", "dot"]);
    assert!(
        dot.stdout
            .starts_with("digraph \"eventbridge-integrate-events\" {"),
        "{}",
        dot.stdout
    );
    assert!(
        dot.stdout.contains("[label=\"custom-app\"]"),
        "{}",
        dot.stdout
    );
    assert!(Path::new("schemas").is_dir());
}

#[test]
fn lint_reports_a_text_missing_a_language_the_others_have() {
    let file = fixture("missing-translation");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 0, "{}", r.stdout);
    // The `name:` key of the second outcome (masonry).
    let line = line_of(&file, "name: Masonry paint");
    let (text, _) = problem(&r.stdout, &file, line, "warning[missing-translation]");
    assert!(
        text.contains("`outcomes[1].name` is given in en but not in zh"),
        "{text}"
    );
    assert_eq!(
        r.stdout.matches("[missing-translation]").count(),
        1,
        "{}",
        r.stdout
    );
}

#[test]
fn lint_uses_the_global_rules_flag_and_the_environment() {
    let r = run(&["--rules", &fixture("gap"), "rules", "lint"]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(r.stdout.contains("gap.yaml:"), "{}", r.stdout);
    let out = advisor()
        .env("EB_ADVISOR_RULES", fixture("shadowed"))
        .args(["rules", "lint"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[shadowed-rule]"));
}

/// Numbers are split at the constants their comparisons use, so the one value that
/// falls between `lt: 10` and `gt: 10` is found without trying numbers one by one.
#[test]
fn lint_finds_a_gap_at_a_number_boundary() {
    let file = fixture("gap-number");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    let (_, example) = problem(&r.stdout, &file, line_of(&file, "rules:"), "error[gap]");
    assert_eq!(example, Some("litres=10"), "{}", r.stdout);
    assert!(
        r.stdout.contains("checked all 3 answer combinations"),
        "three intervals: 0-9, 10, 11-1000: {}",
        r.stdout
    );
}

/// An installed user has no `rules/` folder: lint of the embedded rulebook names it as
/// built in, says how to get its text, and `rules show` writes that text, in which every
/// position lint gave points at what its message names.
#[test]
fn lint_outside_the_repository_names_the_embedded_rulebook_and_rules_show_gives_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let at = |args: &[&str]| {
        advisor()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let out = at(&["rules", "lint"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.contains("rules/"), "{stdout}");
    assert!(
        stdout.contains(
            "note: <embedded:eventbridge-integrate-events> is the rulebook built into eb-advisor; \
             `eb-advisor rules show > eventbridge-integrate-events.yaml`"
        ),
        "{stdout}"
    );
    let shown = at(&["rules", "show"]);
    assert_eq!(shown.status.code(), Some(0));
    let text = String::from_utf8(shown.stdout).unwrap();
    let repository = std::fs::read_to_string("rules/eventbridge-integrate-events.yaml").unwrap();
    assert_eq!(text, repository, "the text as built in");
    let lines: Vec<&str> = text.lines().collect();
    let mut positions = 0;
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("<embedded:eventbridge-integrate-events>:") else {
            continue;
        };
        let mut parts = rest.splitn(3, ':');
        let (Ok(l), Ok(c)) = (
            parts.next().unwrap().parse::<usize>(),
            parts.next().unwrap_or("").parse::<usize>(),
        ) else {
            continue; // the closing line
        };
        // "… of `region` apart": the position is that question's id.
        let named = rest
            .split("` of `")
            .nth(1)
            .and_then(|r| r.split('`').next());
        let named = named.unwrap_or_else(|| panic!("a note without its question: {line}"));
        assert!(
            lines[l - 1][c - 1..].starts_with(named),
            "{line} points at {:?}",
            lines[l - 1]
        );
        positions += 1;
    }
    assert!(positions > 0, "{stdout}");
    let json: Value =
        serde_json::from_slice(&at(&["rules", "lint", "--format", "json"]).stdout).unwrap();
    assert_eq!(json["file"], "<embedded:eventbridge-integrate-events>");
    assert!(json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["file"] == "<embedded:eventbridge-integrate-events>"));
    // In Chinese too, and a rulebook given by name is printed as it is on disk.
    let zh = at(&["--lang", "zh", "rules", "lint"]);
    let zh = String::from_utf8(zh.stdout).unwrap();
    assert!(
        zh.contains("说明：<embedded:eventbridge-integrate-events> 是 eb-advisor 内置的规则库"),
        "{zh}"
    );
    let clean = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture("clean"));
    let shown = at(&["rules", "show", clean.to_str().unwrap()]);
    assert_eq!(shown.status.code(), Some(0));
    assert_eq!(shown.stdout, std::fs::read(&clean).unwrap());
}

/// A rulebook with no finding on `planned-differs` lets `check` pass a plan that chose a
/// path its answers do not lead to; lint warns at `findings:`, with the finding to add,
/// and the clean fixture (which has one) fails that plan.
#[test]
fn lint_warns_when_any_planned_path_would_pass() {
    let file = fixture("any-path-passes");
    let r = run(&["rules", "lint", &file]);
    assert_eq!(r.code, 0, "a warning alone passes: {}", r.stdout);
    let (line, _) = problem(
        &r.stdout,
        &file,
        line_of(&file, "findings:"),
        "warning[any-path-passes]",
    );
    assert!(
        line.contains("`check` passes a plan whatever `path` it chose")
            && line.contains("when: { planned-differs: true }"),
        "{line}"
    );
    assert_eq!(run(&["rules", "lint", "--strict", &file]).code, 1);
    let zh = run(&["--lang", "zh", "rules", "lint", &file]);
    assert!(
        zh.stdout
            .contains("因此 `check` 会放行选择了任意 `path` 的方案"),
        "{}",
        zh.stdout
    );

    // Why it matters: the same plan, checked under each rulebook.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("wall.eb-plan.yaml");
    std::fs::write(
        &plan,
        "path: masonry\nanswers: { surface: wall, outdoor: no }\n",
    )
    .unwrap();
    let plan = plan.to_str().unwrap();
    let passes = run(&["--rules", &file, "check", plan]);
    assert_eq!(passes.code, 0, "{}{}", passes.stdout, passes.stderr);
    let fails = run(&["--rules", &fixture("clean"), "check", plan]);
    assert_eq!(fails.code, 1, "{}{}", fails.stdout, fails.stderr);
    assert!(
        fails.stdout.contains("error[another-paint]"),
        "{}",
        fails.stdout
    );
}
