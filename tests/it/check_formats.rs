//! Every output format end to end on a folder that mixes passing, failing and malformed
//! plans (`tests/fixtures/plans/mixed`).

use crate::support;

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const MIXED: &str = "tests/fixtures/plans/mixed";

/// The plans of the mixed folder in output order, and whether each passes.
const PLANS: &[(&str, bool)] = &[
    ("tests/fixtures/plans/mixed/broken.eb-plan.yaml", false),
    ("tests/fixtures/plans/mixed/good.eb-plan.yaml", true),
    ("tests/fixtures/plans/mixed/mismatch.eb-plan.yaml", false),
    ("tests/fixtures/plans/mixed/nested/warn.eb-plan.yml", true),
];

/// The fixtures (tests/fixtures/plans/mixed) were written for the page's verdicts (a
/// custom app is fc-api-gateway), so every run follows the page: `--trust page`.
fn eb() -> Command {
    let mut cmd = support::advisor();
    cmd.env("NO_COLOR", "1").args(["--trust", "page"]);
    cmd
}

fn run(args: &[&str]) -> (String, i32) {
    let out = eb().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap(),
    )
}

#[test]
fn text_groups_by_file_in_order_and_ends_with_the_summary() {
    let (out, code) = run(&["check", MIXED]);
    assert_eq!(code, 1);
    // Group headers: `FILE: passed|failed (path: ID)`.
    let headers: Vec<&str> = out
        .lines()
        .filter(|l| {
            l.split_once(": ").is_some_and(|(file, rest)| {
                !file.contains(':') && (rest.starts_with("passed") || rest.starts_with("failed"))
            })
        })
        .collect();
    assert_eq!(headers.len(), 4, "{out}");
    for ((file, passed), header) in PLANS.iter().zip(&headers) {
        assert!(header.starts_with(&format!("{file}: ")), "{header}");
        assert!(
            header.contains(if *passed { "passed" } else { "failed" }),
            "{header}"
        );
    }
    assert!(
        out.contains(
            "tests/fixtures/plans/mixed/mismatch.eb-plan.yaml:2:1: error[path-mismatch]: "
        ),
        "{out}"
    );
    assert!(
        out.contains("broken.eb-plan.yaml:3:9: error[invalid-plan]: "),
        "{out}"
    );
    assert!(
        !out.contains("not-a-plan"),
        "a file not named *.eb-plan.yaml was checked"
    );
    assert_eq!(
        out.lines().last().unwrap(),
        "4 plans: 2 passed, 2 failed (2 errors, 1 warning, 10 info)"
    );
}

#[test]
fn frames_show_the_offending_line() {
    let (out, _) = run(&[
        "check",
        "--frames",
        "tests/fixtures/plans/mixed/mismatch.eb-plan.yaml",
    ]);
    assert!(out.contains("2 | path: fc-api-gateway"), "{out}");
    assert!(out.contains("  | ^^^^\n"), "{out}");
}

#[test]
fn json_has_the_contract_keys() {
    let (out, code) = run(&["check", MIXED, "--format", "json"]);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&out).unwrap();
    let plans = json["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 4);
    for (plan, (file, passed)) in plans.iter().zip(PLANS) {
        assert_eq!(plan["file"], *file);
        assert_eq!(plan["passed"], *passed);
        for f in plan["findings"].as_array().unwrap() {
            for key in ["id", "severity", "message", "line", "column"] {
                assert!(!f[key].is_null(), "{key} missing in {f}");
            }
        }
    }
    assert_eq!(plans[0]["path"], Value::Null, "a broken plan has no path");
    assert_eq!(plans[2]["path"], "fc-api-gateway");
    let summary = &json["summary"];
    assert_eq!(summary["plans"], 4);
    assert_eq!(summary["passed"], 2);
    assert_eq!(summary["failed"], 2);
    assert_eq!(summary["errors"], 2);
    assert_eq!(summary["warnings"], 1);
}

#[test]
fn sarif_lists_every_rule_and_locates_results() {
    let (out, code) = run(&["check", MIXED, "--format", "sarif"]);
    assert_eq!(code, 1);
    let sarif: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let rb = eb_advisor::rulebook::load_str(
        eb_advisor::rulebook::EMBEDDED_NAME,
        eb_advisor::rulebook::EMBEDDED_SOURCE,
        eb_advisor::yaml::Limits::RULEBOOK,
    )
    .unwrap();
    for def in &rb.findings {
        assert!(ids.contains(&def.id.as_str()), "rule {} missing", def.id);
    }
    for generic in [
        "invalid-plan",
        "plaintext-secret",
        "rulebook-version-mismatch",
        "unused-acknowledgement",
    ] {
        assert!(ids.contains(&generic), "rule {generic} missing");
    }
    for rule in rules {
        assert!(
            rule["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{rule}"
        );
        assert!(
            rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()),
            "{rule}"
        );
    }
    let results = run["results"].as_array().unwrap();
    let result = |id: &str| {
        results
            .iter()
            .find(|r| r["ruleId"] == id)
            .unwrap_or_else(|| panic!("no result for {id}"))
    };
    let mismatch = result("path-mismatch");
    assert_eq!(mismatch["level"], "error");
    let location = &mismatch["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "tests/fixtures/plans/mixed/mismatch.eb-plan.yaml"
    );
    assert_eq!(location["region"]["startLine"], 2);
    assert_eq!(location["region"]["startColumn"], 1);
    assert_eq!(result("api-cdc-needs-coding")["level"], "warning");
    // Info findings are advice, not alerts: in SARIF only with --verbose, as in the
    // other formats people read (docs/ci.md).
    assert!(results.iter().all(|r| r["level"] != "note"), "{out}");
    let (verbose, _) = self::run(&["check", MIXED, "--format", "sarif", "--verbose"]);
    let verbose: Value = serde_json::from_str(&verbose).unwrap();
    let note = verbose["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "custom-app-inbound-webhook")
        .unwrap_or_else(|| panic!("no info result under --verbose"));
    assert_eq!(note["level"], "note");
    let broken = result("invalid-plan");
    assert_eq!(
        broken["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    for r in results {
        let index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
    }
}

#[test]
fn junit_is_xml_with_a_case_per_plan() {
    let (out, code) = run(&["check", MIXED, "--format", "junit"]);
    assert_eq!(code, 1);
    let doc = roxmltree::Document::parse(&out).unwrap();
    let suites: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attribute("tests"), Some("4"));
    assert_eq!(suites[0].attribute("failures"), Some("2"));
    let cases: Vec<_> = suites[0]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .collect();
    assert_eq!(cases.len(), 4);
    for (case, (file, passed)) in cases.iter().zip(PLANS) {
        assert_eq!(case.attribute("name"), Some(*file));
        let failure = case.children().find(|n| n.has_tag_name("failure"));
        assert_eq!(failure.is_none(), *passed, "{file}");
    }
    let failure = cases[2]
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert!(failure
        .text()
        .unwrap()
        .contains("mismatch.eb-plan.yaml:2:1: error[path-mismatch]"));
}

#[test]
fn github_annotations_per_finding() {
    let (out, code) = run(&["check", MIXED, "--format", "github"]);
    assert_eq!(code, 1);
    assert!(out.contains(
        "::error file=tests/fixtures/plans/mixed/mismatch.eb-plan.yaml,line=2,col=1,title=error path-mismatch::"
    ), "{out}");
    assert!(
        out.contains(
            "::warning file=tests/fixtures/plans/mixed/nested/warn.eb-plan.yml,line=8,col=3,"
        ),
        "{out}"
    );
    assert!(
        !out.contains("::notice file="),
        "info findings stay out of the PR by default"
    );
    let (verbose, _) = run(&["check", MIXED, "--format", "github", "--verbose"]);
    assert!(
        verbose.contains("::notice file="),
        "with --verbose, info findings are notices"
    );
    // The remedy follows the message on an escaped new line.
    assert!(out.contains("%0Aremedy: "), "{out}");
    assert!(
        out.lines()
            .filter(|l| !l.is_empty())
            .all(|l| l.starts_with("::") || l.starts_with("4 plans")),
        "{out}"
    );
}

#[test]
fn github_escapes_file_names_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a,b:c%d\ne.eb-plan.yaml";
    std::fs::write(
        dir.path().join(name),
        "path: api-cdc\nanswers:\n  goal: capture-db-changes\n  50%off: x\n",
    )
    .unwrap();
    let out = eb()
        .current_dir(dir.path())
        .args(["check", ".", "--format", "github"])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    let line = out
        .lines()
        .find(|l| l.starts_with("::error"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(
        line.starts_with("::error file=a%2Cb%3Ac%25d%0Ae.eb-plan.yaml,line="),
        "{line}"
    );
    let (props, data) = line.split_once("::").unwrap().1.split_once("::").unwrap();
    for prop in props.split(',') {
        let value = prop.split_once('=').unwrap().1;
        assert!(!value.contains(':') && !value.contains(','), "{prop}");
    }
    assert!(out.contains("unknown answer id `50%25off`"), "{out}");
    assert!(!data.contains('\n') && !data.contains('\r'));
}

#[test]
fn markdown_is_a_table_for_a_pull_request() {
    let (out, code) = run(&["check", MIXED, "--format", "markdown"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("### ❌ eb-advisor check: 4 plans: 2 passed, 2 failed"),
        "{out}"
    );
    assert!(
        out.contains("| Plan | Path | Result | Failing findings |"),
        "{out}"
    );
    assert!(
        out.contains(
            "| tests/fixtures/plans/mixed/good.eb-plan.yaml | fc-api-gateway | ✅ passed | — |"
        ),
        "{out}"
    );
    assert!(out.contains("| tests/fixtures/plans/mixed/mismatch.eb-plan.yaml | fc-api-gateway | ❌ failed | path-mismatch |"), "{out}");
    assert!(
        out.contains(
            "| error | path-mismatch | tests/fixtures/plans/mixed/mismatch.eb-plan.yaml:2:1 |"
        ),
        "{out}"
    );
}

#[test]
fn several_formats_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("results.sarif");
    let junit = dir.path().join("report.xml");
    let (out, code) = run(&[
        "check",
        MIXED,
        "--format",
        "text",
        "--output",
        &format!("sarif={}", sarif.display()),
        "--output",
        &format!("junit={}", junit.display()),
    ]);
    assert_eq!(code, 1);
    assert!(
        out.ends_with("4 plans: 2 passed, 2 failed (2 errors, 1 warning, 10 info)\n"),
        "{out}"
    );
    let sarif: Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let junit = std::fs::read_to_string(&junit).unwrap();
    roxmltree::Document::parse(&junit).unwrap();
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary files left"
    );
}

#[test]
fn a_bad_output_spec_is_a_usage_error() {
    let (_, code) = run(&["check", MIXED, "--output", "pdf=x.pdf"]);
    assert_eq!(code, 2);
    assert!(!Path::new("x.pdf").exists());
}

#[test]
fn a_misspelt_output_format_gets_the_nearest_one() {
    let out = eb()
        .args(["check", MIXED, "--output", "sarf=x.sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("unknown format `sarf` (did you mean `sarif`?)"),
        "{err}"
    );
    assert!(!Path::new("x.sarif").exists());
}

#[test]
fn github_actions_gets_annotations_along_with_text() {
    let out = eb()
        .env("GITHUB_ACTIONS", "true")
        .args(["check", MIXED])
        .output()
        .unwrap();
    let out = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.contains("::error file=tests/fixtures/plans/mixed/mismatch.eb-plan.yaml,line=2,col=1,"),
        "{out}"
    );
    assert!(
        out.contains("mismatch.eb-plan.yaml:2:1: error[path-mismatch]: "),
        "{out}"
    );
    assert!(
        out.ends_with("4 plans: 2 passed, 2 failed (2 errors, 1 warning, 10 info)\n"),
        "{out}"
    );
}

/// A check fills the rulebook's texts only in the languages its reports print: with
/// Chinese Markdown on standard output and JSON in a file, each gets its own language,
/// and the JSON is the one an English run prints.
#[test]
fn each_report_of_one_run_gets_its_own_language() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("report.json");
    let (markdown, code) = run(&[
        "check",
        MIXED,
        "--lang",
        "zh",
        "--format",
        "markdown",
        "--output",
        &format!("json={}", json.display()),
    ]);
    assert_eq!(code, 1);
    // A next step filled in from the answers (the region's name), in Chinese.
    assert!(
        markdown.contains("在华北2（北京）cn-beijing发送一次"),
        "{markdown}"
    );
    assert!(
        !markdown.contains("send one CreateEventStreaming"),
        "{markdown}"
    );
    let (english, _) = run(&["check", MIXED, "--format", "json"]);
    let in_file = std::fs::read_to_string(&json).unwrap();
    assert_eq!(in_file, english);
    assert!(
        in_file.contains("In China (Beijing) cn-beijing, send one"),
        "{in_file}"
    );
}
