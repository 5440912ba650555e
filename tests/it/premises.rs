//! Premises and `--trust page|docs` through the real binary: the verdicts a team sees
//! under each source of truth, the line that names the other, and the JSON that carries
//! both; lint and self-tests over both settings.

use crate::support;

use std::path::Path;

use serde_json::Value;
use support::{advisor, DINGTALK_AUTOMATED};

struct Run {
    code: i32,
    stdout: String,
}

fn run(args: &[&str]) -> Run {
    let out = advisor().args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

const CUSTOM_APP: &[&str] = &[
    "recommend",
    "--goal",
    "receive-app-events",
    "--source",
    "custom-app",
    "--automation",
    "no",
    "--can-code",
    "yes",
];

const HTTP_SOURCE_DOC: &str = "https://www.alibabacloud.com/help/en/eventbridge/user-guide/create-a-custom-event-source-of-the-http-or-https-events-type";

fn with(base: &[&str], more: &[&str]) -> Vec<String> {
    base.iter().chain(more).map(|s| s.to_string()).collect()
}

fn run_owned(args: &[String]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

fn json(args: &[String]) -> Value {
    let mut args = args.to_vec();
    args.extend(["--format".to_string(), "json".to_string()]);
    serde_json::from_str(&run_owned(&args).stdout).unwrap()
}

#[test]
fn automation_on_the_console_path_fails_under_page_and_passes_under_docs() {
    let page = run_owned(&with(&["recommend", "--trust", "page"], DINGTALK_AUTOMATED));
    assert_eq!(page.code, 1, "{}", page.stdout);
    assert!(
        page.stdout.contains("error console-not-automatable"),
        "{}",
        page.stdout
    );
    assert!(page
        .stdout
        .contains("Source of truth: “Integrate events” (--trust page)"));
    let other: Vec<&str> = page
        .stdout
        .lines()
        .filter(|l| l.contains("Under --trust docs"))
        .collect();
    assert_eq!(
        other.len(),
        1,
        "one line names the other source:\n{}",
        page.stdout
    );
    assert!(other[0].contains("console-not-automatable would not be reported"));
    assert!(other[0].ends_with(
        "eb-advisor recommend --goal receive-app-events --source dingtalk --automation yes --can-code yes --trust docs"
    ));

    // The documentation is the default (the rulebook's `default-trust: docs`).
    let docs = run_owned(&with(&["recommend"], DINGTALK_AUTOMATED));
    assert_eq!(docs.code, 0, "{}", docs.stdout);
    assert!(
        docs.stdout.contains(
            "Source of truth: “Alibaba Cloud's EventBridge documentation” (--trust docs)"
        ),
        "{}",
        docs.stdout
    );
    assert!(
        !docs.stdout.contains("console-not-automatable:"),
        "{}",
        docs.stdout
    );
    assert!(docs.stdout.contains("console-automation-terraform"));
    let back: Vec<&str> = docs
        .stdout
        .lines()
        .filter(|l| l.contains("Under --trust page"))
        .collect();
    assert_eq!(back.len(), 1, "{}", docs.stdout);
    assert!(back[0].contains("console-not-automatable would be reported"));
}

#[test]
fn a_custom_app_gets_the_http_event_source_under_docs_and_function_compute_under_page() {
    let page = json(&with(CUSTOM_APP, &["--trust", "page"]));
    assert_eq!(page["recommendation"]["path"], "fc-api-gateway");
    assert_eq!(page["trust"], "page");
    assert_eq!(page["under-other-trust"]["path"], "console-webhook");
    assert_eq!(page["under-other-trust"]["errors"], serde_json::json!([]));

    // The documentation is the default.
    let docs = json(&with(CUSTOM_APP, &[]));
    assert_eq!(docs["recommendation"]["path"], "console-webhook");
    assert_eq!(docs["trust"], "docs");
    assert_eq!(docs["under-other-trust"]["path"], "fc-api-gateway");
    let ids: Vec<&str> = docs["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"custom-app-http-event-source"), "{ids:?}");
    assert!(!ids.contains(&"partner-sources-only"), "{ids:?}");

    let text = run_owned(&with(CUSTOM_APP, &[])).stdout;
    assert!(text.contains("HTTP/HTTPS custom event source"), "{text}");
    assert!(text.contains(HTTP_SOURCE_DOC), "{text}");
}

#[test]
fn the_cost_under_docs_follows_the_billing_pages_with_their_address() {
    let cdc = [
        "recommend",
        "--goal",
        "capture-db-changes",
        "--database",
        "mysql",
        "--network",
        "public",
        "--region",
        "cn-hangzhou",
        "--automation",
        "yes",
        "--can-code",
        "yes",
        "--monthly-volume",
        "2000000",
    ];
    let page = json(&with(&cdc, &["--trust", "page"]));
    assert_eq!(page["cost"]["currency"], "CNY");
    assert_eq!(page["cost"]["free"], 10000);
    // The documentation is the default.
    let docs = json(&with(&cdc, &[]));
    assert_eq!(docs["cost"]["currency"], "USD");
    assert_eq!(docs["cost"]["free"], 0);
    assert!((docs["cost"]["monthly"].as_f64().unwrap() - 0.82).abs() < 1e-9);
    let text = run_owned(&with(&cdc, &[])).stdout;
    assert!(text.contains("0.82 USD per month"), "{text}");
    assert!(
        text.contains("https://www.alibabacloud.com/help/en/eventbridge/product-overview/billing-of-event-streams"),
        "{text}"
    );
}

#[test]
fn check_reports_its_trust_and_what_the_other_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("app.eb-plan.yaml");
    std::fs::write(
        &plan,
        "path: console-webhook\nanswers:\n  goal: receive-app-events\n  source: custom-app\n  automation: yes\n  can-code: yes\nsettings:\n  event-pattern: { source: [my.app] }\n",
    )
    .unwrap();
    let file = plan.to_str().unwrap();
    let page = run(&["check", file, "--trust", "page"]);
    assert_eq!(page.code, 1, "{}", page.stdout);
    assert!(page
        .stdout
        .contains("Source of truth: “Integrate events” (--trust page)."));
    assert!(page
        .stdout
        .contains(&format!("eb-advisor check {file} --trust docs")));
    // The documentation is the default.
    let docs = run(&["check", file]);
    assert_eq!(docs.code, 0, "{}", docs.stdout);
    assert!(docs
        .stdout
        .contains(&format!("eb-advisor check {file} --trust page")));
    let json: Value =
        serde_json::from_str(&run(&["check", file, "--trust", "page", "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(json["trust"], "page");
    assert_eq!(
        json["plans"][0]["under-other-trust"]["path"],
        "console-webhook"
    );
    assert_eq!(
        json["plans"][0]["under-other-trust"]["errors"],
        serde_json::json!([])
    );
}

#[test]
fn chinese_output_names_the_source_too() {
    let zh = run_owned(&with(
        &["recommend", "--lang", "zh", "--trust", "page"],
        DINGTALK_AUTOMATED,
    ));
    assert!(zh.stdout.contains("依据来源："), "{}", zh.stdout);
    assert!(zh.stdout.contains("若使用 --trust docs"), "{}", zh.stdout);
    assert!(
        zh.stdout.contains("不会报告错误 console-not-automatable"),
        "{}",
        zh.stdout
    );
}

const PREMISED: &str = r#"rulebook:
  id: shop
  version: "1"
  title: Shop
questions:
  - id: stock
    prompt: Is it in stock?
    kind: yes-no
    source: Guide
outcomes:
  - id: buy
    kind: path
    name: Buy
  - id: wait
    kind: path
    name: Wait
rules:
  - id: in-stock
    when: { stock: yes }
    outcome: buy
    source: Guide
  - id: restock-online
    when: { stock: no, premise: online }
    outcome: wait
    source: Guide
premises:
  - id: online
    statement: Stock can be ordered online.
    page: true
    docs: false
    docs-say: Online orders are closed.
    url: https://example.com/orders
    checked: "2026-12-01"
"#;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn lint_finds_a_gap_under_one_setting_and_names_it_in_the_example() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "shop.yaml", PREMISED);
    let lint = run(&["rules", "lint", &file]);
    assert_eq!(lint.code, 1, "{}", lint.stdout);
    let gap = lint
        .stdout
        .lines()
        .position(|l| l.contains("error[gap]"))
        .unwrap_or_else(|| panic!("no gap:\n{}", lint.stdout));
    let example = lint.stdout.lines().nth(gap + 1).unwrap();
    assert_eq!(
        example.trim(),
        "e.g. stock=no, trust=docs",
        "{}",
        lint.stdout
    );
    assert!(
        lint.stdout.contains("checked all 4 answer combinations"),
        "{}",
        lint.stdout
    );
}

#[test]
fn self_tests_must_cover_every_premise_under_both_settings() {
    let dir = tempfile::tempdir().unwrap();
    let with_default = PREMISED.replace(
        "premises:",
        "default:\n  outcome: wait\n  source: Guide\npremises:",
    );
    let one_setting = format!(
        "{with_default}tests:\n  - name: out-of-stock\n    answers: {{ stock: no }}\n    expect: {{ outcome: wait }}\n  - name: in-stock\n    answers: {{ stock: yes }}\n    expect: {{ outcome: buy }}\n"
    );
    let file = write(dir.path(), "shop.yaml", &one_setting);
    let test = run(&["rules", "test", &file]);
    assert_eq!(test.code, 1, "{}", test.stdout);
    assert!(
        test.stdout.contains("premise `online` under trust: docs"),
        "{}",
        test.stdout
    );
    assert!(
        !test.stdout.contains("under trust: page"),
        "{}",
        test.stdout
    );

    let both = format!(
        "{one_setting}  - name: out-of-stock-under-docs\n    trust: docs\n    answers: {{ stock: no }}\n    expect: {{ outcome: wait }}\n"
    );
    let file = write(dir.path(), "shop.yaml", &both);
    let test = run(&["rules", "test", &file]);
    assert_eq!(test.code, 0, "{}", test.stdout);
}

#[test]
fn a_premise_must_be_one_the_sources_disagree_on() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "shop.yaml",
        &PREMISED.replace("docs: false", "docs: true"),
    );
    let out = advisor().args(["rules", "lint", &file]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("premise `online` is true under both sources of truth"),
        "{stderr}"
    );
    let file = write(
        dir.path(),
        "shop.yaml",
        &PREMISED.replace("premise: online", "premise: offline"),
    );
    let out = advisor().args(["rules", "lint", &file]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unknown premise `offline`; expected one of online"),
        "{stderr}"
    );
}
