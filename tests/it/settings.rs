//! Plan settings as the rulebook declares them (`plans.settings`): `check` names an
//! unknown key with the nearest declared one, a value of the wrong shape, and an event
//! pattern that is not a JSON object; a rulebook may read only the settings it declares.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::support::BIN;

fn check_json(dir: &Path, file: &str) -> Value {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(["--lang", "en", "check", file, "--format", "json"])
        .env_remove("EB_ADVISOR_RULES")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// (line, message) of each `invalid-plan` finding of the only plan.
fn invalid(report: &Value) -> Vec<(u64, String)> {
    report["plans"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["id"] == "invalid-plan")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

const CONSOLE_ANSWERS: &str = "path: console-webhook\nanswers:\n  goal: receive-app-events\n  source: dingtalk\n  automation: no\n  can-code: no\nsettings:\n";

#[test]
fn unknown_keys_wrong_shapes_and_patterns_that_are_not_json_objects_are_named_at_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let plan = format!(
        "{CONSOLE_ANSWERS}  event-patern: '{{\"source\": [\"acs.dingtalk\"]}}'\n  vpcid: vpc-1\n  hostname: db.internal\n  event-bus: [a, b]\n  vswitch-ids: [[vsw-1]]\n  webhook-url: not-an-address\n  security-group-id: {{ id: sg-1 }}\n"
    );
    std::fs::write(dir.path().join("p.eb-plan.yaml"), plan).unwrap();
    let found = invalid(&check_json(dir.path(), "p.eb-plan.yaml"));
    let expect = [
        (8, "unknown settings key `event-patern` (did you mean `event-pattern`?); expected one of 13 (the nearest: "),
        (9, "unknown settings key `vpcid` (did you mean `vpc-id`?)"),
        (10, "unknown settings key `hostname`; expected one of 13 (the nearest: host,"),
        (11, "`event-bus` holds a list; expected a single value (a string or a number)"),
        (12, "`vswitch-ids` holds a list with a list or mapping in it; expected a list of single values"),
        (13, "`webhook-url` is not an address; expected an http:// or https:// URL, or a reference"),
        (14, "`security-group-id` holds a mapping; expected a single value"),
    ];
    for (line, start) in expect {
        assert!(
            found
                .iter()
                .any(|(l, m)| *l == line && m.starts_with(start)),
            "line {line}: `{start}` in {found:?}"
        );
    }
    assert_eq!(found.len(), expect.len(), "{found:?}");
    // The list of keys is trimmed: thirteen are not all printed for one typo.
    assert!(found[2].1.matches(", ").count() < 5, "{}", found[2].1);

    for (pattern, says) in [
        ("'source = acs.dingtalk'", "`event-pattern` is not JSON ("),
        (
            "'[\"acs.dingtalk\"]'",
            "`event-pattern` holds JSON that is an array; expected a JSON object",
        ),
        (
            "'{\"source\": [\"acs.dingtalk\"]'",
            "`event-pattern` is not JSON (",
        ),
        (
            "7",
            "`event-pattern` holds a whole number; expected a JSON object",
        ),
    ] {
        let plan = format!("{CONSOLE_ANSWERS}  event-pattern: {pattern}\n");
        std::fs::write(dir.path().join("p.eb-plan.yaml"), plan).unwrap();
        let found = invalid(&check_json(dir.path(), "p.eb-plan.yaml"));
        assert!(
            matches!(found.as_slice(), [(8, m)] if m.starts_with(says)),
            "{pattern}: {found:?}"
        );
    }
}

#[test]
fn declared_settings_of_every_shape_pass() {
    let dir = tempfile::tempdir().unwrap();
    for (name, settings) in [
        (
            "mapping",
            "  event-pattern:\n    source: [acs.dingtalk]\n  event-bus: hr\n",
        ),
        (
            "string",
            "  event-pattern: '{\"source\": [\"acs.dingtalk\"]}'\n  event-bus: ~\n",
        ),
    ] {
        let plan = format!("{CONSOLE_ANSWERS}{settings}");
        std::fs::write(dir.path().join(format!("{name}.eb-plan.yaml")), plan).unwrap();
    }
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["--lang", "en", "check", "."])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("2 plans: 2 passed"), "{stdout}");
}

#[test]
fn a_rulebook_reads_only_the_settings_it_declares() {
    let dir = tempfile::tempdir().unwrap();
    let rules = "rulebook: {id: shop, version: \"1\", title: Shop}
plans:
  settings:
    - {key: shop-id, prompt: The shop's id}
questions:
  - {id: go, prompt: Go?, kind: yes-no}
outcomes:
  - {id: x, kind: path, name: X}
rules:
  - {id: any, when: {go: yes}, outcome: x}
findings:
  - id: no-shop
    severity: error
    when: {settings-missing: shopid}
    message: The plan names no shop {settings.shop-name}.
    at: [settings.shop_id]
";
    std::fs::write(dir.path().join("rules.yaml"), rules).unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["--lang", "en", "--rules", "rules.yaml", "paths"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for (line, says) in [
        (14, "setting `shopid` is not declared in `plans.settings`; did you mean `shop-id`?"),
        (12, "setting `shop-name` is not declared in `plans.settings`; declare it there (key, prompt, kind), or read one of shop-id"),
        (16, "setting `shop_id` is not declared in `plans.settings`; did you mean `shop-id`?"),
    ] {
        assert!(
            stderr.lines().any(|l| l.starts_with(&format!("rules.yaml:{line}:")) && l.contains(says)),
            "line {line}: {says}\n{stderr}"
        );
    }
}

#[test]
fn one_misspelt_finding_id_lists_the_nearest_few_not_all_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let plan = format!("{CONSOLE_ANSWERS}  event-pattern: {{ source: [acs.dingtalk] }}\nacknowledge:\n  event-rule-imutable: accepted\n");
    std::fs::write(dir.path().join("p.eb-plan.yaml"), plan).unwrap();
    let found = invalid(&check_json(dir.path(), "p.eb-plan.yaml"));
    let [(10, message)] = found.as_slice() else {
        panic!("{found:?}")
    };
    assert!(
        message.starts_with("unknown finding `event-rule-imutable` (did you mean `event-rule-immutable`?); expected one of "),
        "{message}"
    );
    assert_eq!(message.matches(", ").count(), 4, "five names: {message}");

    std::fs::write(
        dir.path().join("eb-advisor.yaml"),
        "severity:\n  event-rule-imutable: { severity: warning, reason: later }\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .args(["--lang", "en", "check", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let line = stderr
        .lines()
        .find(|l| {
            l.contains(
                "unknown finding id `event-rule-imutable` (did you mean `event-rule-immutable`?)",
            )
        })
        .unwrap_or_else(|| panic!("{stderr}"));
    assert_eq!(line.matches(", ").count(), 4, "{line}");
}
