//! `check` on Terraform configurations, through the real program: what the rulebook's
//! `terraform` section maps is read statically, findings point into the `.tf` files in
//! every format, secrets are never shown, and a plan is compared with the configuration
//! it names.

use crate::support;

use std::process::Output;

use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/terraform";
/// The robot token in tests/fixtures/terraform/dingtalk-secret/variables.tf.
const TOKEN: &str = "8c1f0e5bb2d7a9f4e3c6d8b1a0f9e7c5";
const FORMATS: [&str; 6] = ["text", "json", "github", "sarif", "junit", "markdown"];

fn check(args: &[&str]) -> Output {
    support::command()
        .args(["--no-config", "--color", "never", "check"])
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A scratch folder that is the root of a repository (file names are relative to it).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// The file each report of a JSON report is of, in order.
fn reported_files(report: &Value) -> Vec<&str> {
    report["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect()
}

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// The findings of a JSON report: (id, file, line) of each, the file being the
/// finding's own or its plan's.
fn findings(json: &str) -> Vec<(String, String, u64)> {
    findings_with_severity(json)
        .into_iter()
        .map(|(id, file, line, _)| (id, file, line))
        .collect()
}

/// [`findings`], with each one's severity.
fn findings_with_severity(json: &str) -> Vec<(String, String, u64, String)> {
    let report: Value = serde_json::from_str(json).unwrap();
    let mut out = Vec::new();
    for plan in report["plans"].as_array().unwrap() {
        for f in plan["findings"].as_array().unwrap() {
            let file = f["file"].as_str().or(plan["file"].as_str()).unwrap();
            out.push((
                f["id"].as_str().unwrap().to_string(),
                file.to_string(),
                f["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
            ));
        }
    }
    out
}

#[test]
fn a_robot_token_in_a_variable_default_is_a_plaintext_secret_at_the_default_in_every_format() {
    let folder = fixture("dingtalk-secret");
    let json = check(&[&folder, "--format", "json"]);
    assert_eq!(json.status.code(), Some(1), "{}", stdout(&json));
    let variables = format!("{folder}/variables.tf");
    let secrets: Vec<_> = findings(&stdout(&json))
        .into_iter()
        .filter(|(id, ..)| id == "plaintext-secret")
        .collect();
    assert!(
        secrets
            .iter()
            .any(|(_, file, line)| *file == variables && *line == 7),
        "{secrets:?}"
    );
    for format in FORMATS {
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join(format!("report.{format}"));
        let out = check(&[
            &folder,
            "--format",
            format,
            "--frames",
            "--verbose",
            "--output",
            &format!("{format}={}", copy.display()),
        ]);
        let printed = stdout(&out) + &String::from_utf8_lossy(&out.stderr);
        let written = std::fs::read_to_string(&copy).unwrap();
        if format == "text" {
            // The frame shows the line, every string on it masked.
            assert!(printed.contains("7 |   default     = \"***\""), "{printed}");
        }
        for text in [&printed, &written] {
            assert!(!text.contains(TOKEN), "{format} shows the token:\n{text}");
            assert!(text.contains("plaintext-secret"), "{format}:\n{text}");
            assert!(text.contains("variables.tf"), "{format}:\n{text}");
        }
    }
}

#[test]
fn an_empty_filter_pattern_is_found_at_the_attribute() {
    let folder = fixture("empty-pattern");
    let out = check(&[&folder, "--format", "json"]);
    let found = findings(&stdout(&out));
    assert!(
        found.contains(&(
            "empty-event-pattern".to_string(),
            format!("{folder}/main.tf"),
            12
        )),
        "{found:?}"
    );
    // Once, though the bus and the rule are both read for settings.
    let patterns = found
        .iter()
        .filter(|(id, ..)| id == "empty-event-pattern")
        .count();
    assert_eq!(patterns, 1, "{found:?}");
    // A file named on the command line stands for its folder.
    let text = stdout(&check(&[&format!("{folder}/main.tf")]));
    assert!(text.contains(&format!("{folder}/main.tf:12:")), "{text}");
}

#[test]
fn a_plan_whose_terraform_declares_an_event_stream_differs_at_its_path_line() {
    let folder = fixture("implemented");
    let out = check(&[&folder, "--format", "json"]);
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let plans = report["plans"].as_array().unwrap();
    // The configuration the plan names is checked with the plan, not again alone.
    assert_eq!(plans.len(), 1, "{report:#}");
    let found = findings(&stdout(&out));
    assert!(
        found.contains(&(
            "implementation-differs".to_string(),
            format!("{folder}/plans/orders.eb-plan.yaml"),
            2
        )),
        "{found:?}"
    );
    let text = stdout(&check(&[&folder]));
    assert!(
        text.contains("the plan chose console-webhook, but its implementation"),
        "{text}"
    );
    assert!(text.contains("api-cdc"), "{text}");
}

#[test]
fn values_terraform_alone_knows_check_clean_with_one_note() {
    let folder = fixture("unknowns");
    let out = check(&[&folder, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    let found = findings_with_severity(&stdout(&out));
    // Advice about the path the resources carry out stays (info); nothing more.
    let said: Vec<&str> = found
        .iter()
        .filter(|(.., severity)| severity != "info")
        .map(|(id, ..)| id.as_str())
        .collect();
    assert!(said.is_empty(), "{found:?}");
    let notes = found
        .iter()
        .filter(|(id, ..)| id == "unread-terraform-values")
        .count();
    assert_eq!(notes, 1, "{found:?}");
    // Each piece of advice once, not once per resource.
    let mut ids: Vec<&str> = found.iter().map(|(id, ..)| id.as_str()).collect();
    let all = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), all, "{found:?}");
    let text = stdout(&check(&[&folder]));
    assert!(
        text.contains("cannot be known without running terraform"),
        "{text}"
    );
    // The module is read as part of its caller, not as a configuration of its own.
    assert!(!text.contains("modules/events: "), "{text}");
}

#[test]
fn terraform_findings_in_sarif_validate_and_github_names_the_file_from_the_root() {
    let folder = fixture("dingtalk-secret");
    let sarif: Value =
        serde_json::from_str(&stdout(&check(&[&folder, "--format", "sarif"]))).unwrap();
    crate::conformance::assert_valid_sarif(&sarif, "a Terraform check");
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&format!("{folder}/variables.tf").as_str()),
        "{uris:?}"
    );
    let github = stdout(&check(&[&folder, "--format", "github"]));
    assert!(
        github.contains(&format!("::error file={folder}/variables.tf,line=7,col=")),
        "{github}"
    );
}

#[test]
fn a_comment_on_the_resource_acknowledges_a_finding() {
    let dir = repository();
    let text = std::fs::read_to_string(fixture("empty-pattern/main.tf")).unwrap();
    let acknowledged = text.replace(
        "resource \"alicloud_event_bridge_rule\" \"everything\" {",
        "# eb-advisor: acknowledge empty-event-pattern — the audit archive takes every event\nresource \"alicloud_event_bridge_rule\" \"everything\" {",
    );
    std::fs::write(dir.path().join("main.tf"), acknowledged).unwrap();
    let out = support::command()
        .args(["--no-config", "--color", "never", "check", ".", "--verbose"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    // The repository's root folder is named `.`.
    assert!(
        text.starts_with(".: passed (path: console-webhook"),
        "{text}"
    );
    assert!(text.contains("(acknowledged)"), "{text}");
    assert!(
        text.contains("the audit archive takes every event"),
        "{text}"
    );
}

#[test]
fn terraform_without_mapped_resources_adds_nothing() {
    let dir = repository();
    std::fs::write(
        dir.path().join("main.tf"),
        "resource \"alicloud_oss_bucket\" \"logs\" {\n  bucket = \"logs\"\n}\n",
    )
    .unwrap();
    std::fs::copy(
        "examples/plans/console-webhook-dingtalk.eb-plan.yaml",
        dir.path().join("a.eb-plan.yaml"),
    )
    .unwrap();
    let out = support::command()
        .args([
            "--no-config",
            "--color",
            "never",
            "check",
            ".",
            "--format",
            "json",
        ])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let files = reported_files(&report);
    assert_eq!(files, ["a.eb-plan.yaml"]);
    // With no plan beside it, the run found nothing to check: as with no plan at all.
    std::fs::remove_file(dir.path().join("a.eb-plan.yaml")).unwrap();
    let out = support::command()
        .args(["--no-config", "check", "."])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no plan files"));
}

/// Hostile Terraform is an `invalid-terraform` finding with a position, or is read in
/// full, quickly; the other files of the folder are read either way.
#[test]
fn hostile_terraform_is_refused_at_a_position_or_read_quickly() {
    let rule = "resource \"alicloud_event_bridge_rule\" \"r\" {\n  filter_pattern = \"\"\n}\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "deep nesting",
            "locals {\n  x = "
                .bytes()
                .chain(std::iter::repeat_n(b'[', 100_000))
                .collect(),
            "invalid-terraform",
        ),
        (
            "a huge heredoc",
            format!(
                "locals {{\n  big = <<EOT\n{}\nEOT\n}}\n{rule}",
                "a".repeat(900_000)
            )
            .into_bytes(),
            "empty-event-pattern",
        ),
        (
            "invalid UTF-8",
            b"resource \"alicloud_event_bridge_rule\" \"r\" {\n  rule_name = \"\xff\xfe\"\n}\n"
                .to_vec(),
            "invalid-terraform",
        ),
        (
            "an unterminated block",
            b"resource \"alicloud_event_bridge_rule\" \"r\" {\n  rule_name = \"x\"\n".to_vec(),
            "invalid-terraform",
        ),
        (
            "10 MiB of attributes",
            (0..620_000)
                .map(|i| format!("a{i:07} = {i}\n"))
                .collect::<String>()
                .into_bytes(),
            "invalid-terraform",
        ),
    ];
    for (name, bytes, expected) in cases {
        let dir = repository();
        std::fs::write(dir.path().join("bad.tf"), &bytes).unwrap();
        std::fs::write(
            dir.path().join("good.tf"),
            "resource \"alicloud_event_bridge_rule\" \"ok\" {\n  filter_pattern = \"\"\n}\n",
        )
        .unwrap();
        let started = std::time::Instant::now();
        let out = support::command()
            .args(["--no-config", "check", ".", "--format", "json"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let elapsed = started.elapsed();
        let found = findings(&stdout(&out));
        assert!(
            found
                .iter()
                .any(|(id, file, line)| id == expected && file == "bad.tf" && *line >= 1),
            "{name}: {found:?}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // The folder's other file is still read: its empty pattern is reported.
        assert!(
            found.iter().any(|(_, file, _)| file == "good.tf"),
            "{name}: {found:?}"
        );
        // Not a measure of speed (never asserted), a guard against hanging.
        assert!(elapsed.as_secs() < 60, "{name} took {elapsed:?}");
    }
}

#[test]
fn tfvars_from_the_policy_and_the_command_line_give_the_values_later_ones_winning() {
    let dir = repository();
    std::fs::create_dir(dir.path().join("infra")).unwrap();
    std::fs::write(
        dir.path().join("infra/main.tf"),
        "variable \"pattern\" {}\n\nresource \"alicloud_event_bridge_rule\" \"r\" {\n  rule_name      = \"r\"\n  filter_pattern = var.pattern\n}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("infra/empty.tfvars"), "pattern = \"\"\n").unwrap();
    std::fs::write(
        dir.path().join("infra/orders.tfvars"),
        "pattern = \"{\\\"source\\\":[\\\"orders\\\"]}\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("eb-advisor.yaml"),
        "var-files: [infra/empty.tfvars]\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let out = support::command()
            .args(["--color", "never", "check", "infra", "--format", "json"])
            .args(extra)
            .current_dir(dir.path())
            .output()
            .unwrap();
        findings(&stdout(&out))
    };
    // The policy's file: the empty pattern, found where the value is written.
    let found = run(&[]);
    assert!(
        found.contains(&(
            "empty-event-pattern".to_string(),
            "infra/empty.tfvars".to_string(),
            1
        )),
        "{found:?}"
    );
    // The command line's file comes after, and wins.
    let found = run(&["--var-file", "infra/orders.tfvars"]);
    assert!(
        !found.iter().any(|(id, ..)| id == "empty-event-pattern"),
        "{found:?}"
    );
}

#[test]
fn a_plan_and_its_terraform_are_compared_answer_by_answer_and_the_plan_acknowledges() {
    let dir = repository();
    std::fs::create_dir_all(dir.path().join("infra/events")).unwrap();
    std::fs::write(
        dir.path().join("infra/events/main.tf"),
        "provider \"alicloud\" {\n  region = \"cn-beijing\"\n}\n\nresource \"alicloud_event_bridge_event_streaming\" \"orders\" {\n  event_streaming_name = \"orders\"\n}\n\nresource \"alicloud_event_bridge_rule\" \"orders\" {\n  rule_name      = \"orders\"\n  filter_pattern = jsonencode({ source = [\"orders.db\"] })\n}\n",
    )
    .unwrap();
    let plan = "path: api-cdc\nimplemented-by: infra/events\nanswers:\n  goal: capture-db-changes\n  database: mysql\n  network: public\n  region: cn-hangzhou\n  automation: yes\n  can-code: yes\nsettings:\n  event-pattern: { source: [orders.app] }\n";
    std::fs::write(dir.path().join("orders.eb-plan.yaml"), plan).unwrap();
    let run = || {
        let out = support::command()
            .args([
                "--no-config",
                "check",
                "orders.eb-plan.yaml",
                "--format",
                "json",
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
        report["plans"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["id"] == "implementation-differs")
            .map(|f| {
                (
                    f["line"].as_u64().unwrap(),
                    f["message"].as_str().unwrap().to_string(),
                    f["acknowledged"].as_bool().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let differ = run();
    // The region at answers.region (line 7), the pattern at settings.event-pattern (line 11);
    // the path agrees (an event stream is api-cdc).
    let lines: Vec<u64> = differ.iter().map(|(line, ..)| *line).collect();
    assert_eq!(lines, [7, 11], "{differ:?}");
    assert!(differ[0].1.contains("cn-hangzhou") && differ[0].1.contains("cn-beijing"));
    assert!(differ[1].1.contains("settings.event-pattern"), "{differ:?}");
    // The plan acknowledges what its implementation adds, as it does its own findings.
    std::fs::write(
        dir.path().join("orders.eb-plan.yaml"),
        format!("{plan}acknowledge:\n  implementation-differs: the stream moves to Beijing next sprint\n"),
    )
    .unwrap();
    assert!(run().iter().all(|(.., acknowledged)| *acknowledged));
}

#[test]
fn terraform_folders_are_found_with_the_policys_exclude_as_plans_are() {
    let dir = repository();
    for folder in ["infra/events", "infra/legacy"] {
        std::fs::create_dir_all(dir.path().join(folder)).unwrap();
        std::fs::copy(
            fixture("empty-pattern/main.tf"),
            dir.path().join(folder).join("main.tf"),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("eb-advisor.yaml"),
        "exclude: [\"infra/legacy/**\"]\n",
    )
    .unwrap();
    let out = support::command()
        .args(["--color", "never", "check", ".", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let report: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let files = reported_files(&report);
    assert_eq!(files, ["infra/events"], "{report:#}");
}

#[test]
fn terraform_findings_in_junit_validate_against_the_xsd_and_name_the_tf_file() {
    let folder = fixture("dingtalk-secret");
    let out = stdout(&check(&[&folder, "--format", "junit"]));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junit.xml");
    std::fs::write(&file, &out).unwrap();
    if support::tools::have("xmllint") {
        let run = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg("tests/fixtures/schemas/junit-10.xsd")
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}\n{out}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let doc = roxmltree::Document::parse(&out).unwrap();
    let failure = doc
        .descendants()
        .find(|n| n.has_tag_name("failure"))
        .expect("a failing case");
    let text = failure.text().unwrap_or_default();
    assert!(
        text.contains(&format!(
            "{folder}/variables.tf:7:17: error[plaintext-secret]"
        )),
        "{text}"
    );
    assert!(!out.contains(TOKEN));
}
