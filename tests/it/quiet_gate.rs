//! A gate a team keeps on: a passing plan takes one line, and the pull-request comment
//! shows the failing plans first and folds the rest.

use std::path::Path;
use std::process::Command;

use crate::support::BIN;

fn check(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(["--lang", "en", "check"])
        .args(args)
        .env_remove("EB_ADVISOR_RULES")
        .env_remove("CI")
        .env_remove("GITHUB_ACTIONS")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Lines a reader sees before unfolding anything: those outside `<details>` blocks, the
/// block's own summary line included.
fn visible_lines(markdown: &str) -> usize {
    let mut depth = 0;
    let mut visible = 0;
    for line in markdown.lines() {
        if depth == 0 {
            visible += 1;
        }
        depth += line.matches("<details>").count();
        depth -= line.matches("</details>").count();
    }
    visible
}

#[test]
fn a_passing_plan_with_acknowledged_findings_takes_one_line_and_verbose_shows_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ok.eb-plan.yaml"),
        "path: console-webhook\nanswers: { goal: receive-app-events, source: dingtalk, automation: no, can-code: no }\nsettings:\n  event-pattern: { source: [acs.dingtalk] }\nacknowledge:\n  event-rule-immutable: the bus is fixed\n",
    )
    .unwrap();
    let (code, out) = check(dir.path(), &["ok.eb-plan.yaml"]);
    assert_eq!(code, 0, "{out}");
    let plan_lines: Vec<&str> = out.lines().take_while(|l| !l.is_empty()).collect();
    assert_eq!(
        plan_lines,
        ["ok.eb-plan.yaml: passed (path: console-webhook, 1 acknowledged)"],
        "{out}"
    );
    let (_, verbose) = check(dir.path(), &["ok.eb-plan.yaml", "--verbose"]);
    assert!(
        verbose.contains("info[event-rule-immutable] (acknowledged)")
            && verbose.contains("acknowledged: the bus is fixed"),
        "{verbose}"
    );
}

#[test]
fn the_comment_lists_failing_plans_first_and_folds_the_passing_ones() {
    let dir = tempfile::tempdir().unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/plans");
    // Five that pass and two that fail, as a pull request touching seven plans.
    for name in [
        "api-cdc-mysql",
        "api-cdc-postgresql-vpc",
        "console-webhook-dingtalk",
        "console-webhook-lark-robot",
        "custom-app-on-console",
        "plaintext-password",
        "typo",
    ] {
        let file = format!("{name}.eb-plan.yaml");
        std::fs::copy(examples.join(&file), dir.path().join(&file)).unwrap();
    }
    let (code, md) = check(dir.path(), &[".", "--format", "markdown"]);
    assert_eq!(code, 1, "{md}");
    assert!(md.contains("7 plans: 5 passed, 2 failed"), "{md}");
    let visible = visible_lines(&md);
    assert!(visible <= 25, "{visible} visible lines:\n{md}");
    let fold = md
        .find("<details><summary>✅ 5 passing plans</summary>")
        .expect(&md);
    for failing in ["plaintext-password.eb-plan.yaml", "typo.eb-plan.yaml"] {
        let row = md.find(&format!("| {failing} |")).expect(failing);
        assert!(row < fold, "{failing} is listed before the fold:\n{md}");
    }
    for passing in [
        "api-cdc-mysql.eb-plan.yaml",
        "custom-app-on-console.eb-plan.yaml",
    ] {
        let row = md.find(&format!("| {passing} |")).expect(passing);
        assert!(row > fold, "{passing} is folded:\n{md}");
        // A passing plan's steps are in its fold, not above it.
        let steps = md
            .find(&format!("Next steps for {passing}"))
            .expect(passing);
        assert!(steps > fold, "{md}");
    }
    assert!(
        md.contains("Next steps for plaintext-password.eb-plan.yaml"),
        "{md}"
    );
}

#[test]
fn recommend_and_check_count_findings_under_the_same_summary_keys() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("p.eb-plan.yaml"),
        "path: console-webhook\nanswers: { goal: send-events, target: lark, automation: no, can-code: no }\nsettings:\n  event-pattern: { source: [acs.cms] }\n",
    )
    .unwrap();
    let (_, checked) = check(dir.path(), &["p.eb-plan.yaml", "--format", "json"]);
    let checked: serde_json::Value = serde_json::from_str(&checked).unwrap();
    let out = Command::new(BIN)
        .args(["--lang", "en", "recommend", "--format", "json"])
        .args(["--answer", "goal=send-events", "--answer", "target=lark"])
        .args(["--answer", "automation=no", "--answer", "can-code=no"])
        .output()
        .unwrap();
    let recommended: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in ["errors", "warnings", "info"] {
        assert!(
            recommended["summary"][key].is_u64(),
            "recommend {key}: {recommended}"
        );
        assert!(checked["summary"][key].is_u64(), "check {key}: {checked}");
    }
    assert_eq!(checked["summary"]["infos"], checked["summary"]["info"]);
}
