//! The team policy file through the real binary: found in a parent folder up to the
//! repository root, validated at its line and column, overridden by flags, ignored with
//! `--no-config`.

use crate::support;

use std::path::Path;
use std::process::{Output, Stdio};

/// Runs under the page (`--trust page`): the plans' verdicts here are the page's (a console
/// plan that wants automation is an error). See [`eb_default`] for the rulebook's default.
fn eb(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["--trust", "page"];
    all.extend_from_slice(args);
    eb_default(dir, &all)
}

/// Runs with no `--trust` flag: the policy file's trust, else the rulebook's default (docs).
fn eb_default(dir: &Path, args: &[&str]) -> Output {
    support::command()
        .args(["--color", "never"])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run eb-advisor")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A repository with a console plan that wants automation (an error under the rulebook)
/// in `plans/`, a plan without an event pattern (a warning) in `plans/old/`, and an
/// empty `sub/` folder to run from.
fn repository() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    let repo = root.path();
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("plans/old")).unwrap();
    std::fs::create_dir_all(repo.join("sub")).unwrap();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/plans");
    std::fs::copy(
        examples.join("automation-on-console.eb-plan.yaml"),
        repo.join("plans/automation.eb-plan.yaml"),
    )
    .unwrap();
    std::fs::copy(
        examples.join("console-without-event-pattern.eb-plan.yaml"),
        repo.join("plans/old/no-pattern.eb-plan.yaml"),
    )
    .unwrap();
    root
}

const TERRAFORM_POLICY: &str = "severity:
  console-not-automatable:
    severity: warning
    reason: buses and rules are created with Terraform
";

#[test]
fn a_policy_in_a_parent_folder_changes_the_verdict_and_is_named() {
    let repo = repository();
    let sub = repo.path().join("sub");
    let before = eb(&sub, &["check", ".."]);
    assert_eq!(before.status.code(), Some(1), "{}", text(&before));

    std::fs::write(repo.path().join("eb-advisor.yaml"), TERRAFORM_POLICY).unwrap();
    let after = eb(&sub, &["check", ".."]);
    assert_eq!(after.status.code(), Some(0), "{}", text(&after));
    assert!(
        text(&after).contains("warning[console-not-automatable]"),
        "{}",
        text(&after)
    );
    assert!(
        text(&after).contains("Policy: ../eb-advisor.yaml (1 severity override)"),
        "{}",
        text(&after)
    );

    // Flags win over the file; --no-config ignores it.
    let strict = eb(&sub, &["check", "..", "--fail-level", "warning"]);
    assert_eq!(strict.status.code(), Some(1), "{}", text(&strict));
    let ignored = eb(&sub, &["--no-config", "check", ".."]);
    assert_eq!(ignored.status.code(), Some(1), "{}", text(&ignored));
    assert!(!text(&ignored).contains("Policy:"), "{}", text(&ignored));

    // recommend follows the same policy.
    let mut answers = vec!["recommend"];
    answers.extend_from_slice(support::DINGTALK_AUTOMATED);
    let recommended = eb(&sub, &answers);
    assert_eq!(recommended.status.code(), Some(0), "{}", text(&recommended));
    assert!(text(&recommended).contains("Policy: ../eb-advisor.yaml"));
    let mut no_config = vec!["--no-config"];
    no_config.extend_from_slice(&answers);
    assert_eq!(eb(&sub, &no_config).status.code(), Some(1));
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let repo = repository();
    // Above the repository: not this repository's policy.
    std::fs::write(repo.path().join("eb-advisor.yaml"), TERRAFORM_POLICY).unwrap();
    let inner = repo.path().join("inner");
    std::fs::create_dir_all(inner.join(".git")).unwrap();
    std::fs::create_dir_all(inner.join("plans")).unwrap();
    std::fs::copy(
        repo.path().join("plans/automation.eb-plan.yaml"),
        inner.join("plans/automation.eb-plan.yaml"),
    )
    .unwrap();
    let out = eb(&inner.join("plans"), &["check", "."]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // A hidden name is found too.
    std::fs::write(inner.join(".eb-advisor.yaml"), TERRAFORM_POLICY).unwrap();
    let out = eb(&inner.join("plans"), &["check", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("Policy: ../.eb-advisor.yaml"));
}

#[test]
fn a_mistake_in_the_policy_is_an_error_at_its_line_and_column() {
    let repo = repository();
    std::fs::write(
        repo.path().join("eb-advisor.yaml"),
        "fail-levl: warning\nseverity:\n  console-not-automatible:\n    severity: warning\n    reason: Terraform\n",
    )
    .unwrap();
    let out = eb(repo.path(), &["check", "plans"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        "eb-advisor.yaml:1:1: error[invalid-policy]: unknown key `fail-levl` (did you mean `fail-level`?); expected one of trust, fail-level, rules, lang, include, exclude, severity, docs-url, var-files\n\
         error: the policy file cannot be used"
    );
    assert!(out.stdout.is_empty());

    // Finding ids are checked against the rulebook in use, after the keys.
    std::fs::write(
        repo.path().join("eb-advisor.yaml"),
        "severity:\n  console-not-automatible:\n    severity: warning\n    reason: Terraform\n",
    )
    .unwrap();
    let out = eb(repo.path(), &["--lang", "zh", "paths"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("eb-advisor.yaml:2:3: 错误[invalid-policy]: 未知的发现项 id `console-not-automatible`（是否想写 `console-not-automatable`？）"), "{stderr}");
    assert!(
        stderr.trim_end().ends_with("错误：团队策略文件无法使用"),
        "{stderr}"
    );

    // --no-config ignores even a broken file; --config names another.
    assert_eq!(
        eb(repo.path(), &["--no-config", "paths"]).status.code(),
        Some(0)
    );
    std::fs::write(repo.path().join("team.yaml"), "trust: page\nlang: zh\n").unwrap();
    let out = eb(repo.path(), &["--config", "team.yaml", "paths"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn include_and_exclude_choose_what_check_searches() {
    let repo = repository();
    std::fs::write(
        repo.path().join("plans/extra.yaml"),
        std::fs::read_to_string(repo.path().join("plans/automation.eb-plan.yaml")).unwrap(),
    )
    .unwrap();
    let count = |out: &Output| {
        let t = text(out);
        t.lines()
            .find(|l| l.contains(" passed, "))
            .unwrap_or_default()
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(count(&eb(repo.path(), &["check", "."])), "2");

    std::fs::write(
        repo.path().join("eb-advisor.yaml"),
        "exclude: ['plans/old/**']\n",
    )
    .unwrap();
    let out = eb(&repo.path().join("sub"), &["check", ".."]);
    assert_eq!(count(&out), "1", "{}", text(&out));
    assert_eq!(out.status.code(), Some(1));

    std::fs::write(
        repo.path().join("eb-advisor.yaml"),
        "include: ['plans/*.yaml']\n",
    )
    .unwrap();
    let out = eb(repo.path(), &["check", "plans"]);
    assert_eq!(count(&out), "2", "{}", text(&out));
    assert!(text(&out).contains("plans/extra.yaml"), "{}", text(&out));

    // A file named on the command line is checked whatever the globs say.
    std::fs::write(
        repo.path().join("eb-advisor.yaml"),
        "exclude: ['plans/**']\n",
    )
    .unwrap();
    let out = eb(repo.path(), &["check", "plans/old/no-pattern.eb-plan.yaml"]);
    assert_eq!(count(&out), "1", "{}", text(&out));
}

#[test]
fn no_plan_found_names_the_policy_whose_globs_left_them_out() {
    let repo = repository();
    std::fs::write(
        repo.path().join("eb-advisor.yaml"),
        "exclude: ['plans/**']\n",
    )
    .unwrap();
    let out = eb(repo.path(), &["check", "plans"]);
    assert_eq!(out.status.code(), Some(2));
    let said = text(&out);
    assert!(
        said.contains("2 plan files are there, but the `include` and `exclude` of eb-advisor.yaml leave none of them"),
        "{said}"
    );
    assert!(said.contains("--no-config"), "{said}");
    // --no-config, as it says, finds them.
    let out = eb(repo.path(), &["--no-config", "check", "plans"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    // Without a policy, the hint is about naming plan files.
    let out = eb(&repo.path().join("sub"), &["--no-config", "check", "."]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out).contains("Name plan files NAME.eb-plan.yaml"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_suggested_command_runs_from_the_folder_it_was_printed_in() {
    // Under the page the automation plan fails; the hint names the command that shows it.
    let repo = repository();
    let sub = repo.path().join("sub");
    let out = eb_default(&sub, &["check", "../plans/automation.eb-plan.yaml"]);
    let said = text(&out);
    let command = said
        .lines()
        .find_map(|l| l.split(": eb-advisor ").nth(1))
        .unwrap_or_else(|| panic!("no suggested command in:\n{said}"));
    assert_eq!(
        command, "check ../plans/automation.eb-plan.yaml --trust page",
        "{said}"
    );
    // Pasted where it was printed, it runs and shows what it promised.
    let args: Vec<&str> = command.split(' ').collect();
    let out = eb_default(&sub, &args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("console-not-automatable"),
        "{}",
        text(&out)
    );
}

#[test]
fn the_other_sources_story_uses_the_policys_severities() {
    // Under the page, the automation plan has the error console-not-automatable; a team
    // whose policy makes it a warning is not told that the page would fail it.
    let repo = repository();
    let plan = ["check", "plans/automation.eb-plan.yaml"];
    let dingtalk = [
        &["recommend"],
        support::DINGTALK_AUTOMATED,
        &["--format", "json"],
    ]
    .concat();
    let hint = "the error console-not-automatable would be reported";
    let without = eb_default(repo.path(), &plan);
    assert!(text(&without).contains(hint), "{}", text(&without));
    let json = eb_default(repo.path(), &dingtalk);
    assert!(text(&json).contains("under-other-trust"), "{}", text(&json));

    std::fs::write(repo.path().join("eb-advisor.yaml"), TERRAFORM_POLICY).unwrap();
    let with = eb_default(repo.path(), &plan);
    assert_eq!(with.status.code(), Some(0), "{}", text(&with));
    assert!(
        !text(&with).contains("would be reported"),
        "{}",
        text(&with)
    );
    let json = eb_default(repo.path(), &dingtalk);
    assert!(
        !text(&json).contains("under-other-trust"),
        "{}",
        text(&json)
    );
    // The questionnaire's verdict, every answer given, is the same one.
    let asked = eb(
        repo.path(),
        &[&["ask"], support::DINGTALK_AUTOMATED].concat(),
    );
    assert_eq!(asked.status.code(), Some(0), "{}", text(&asked));
    assert!(
        text(&asked).contains("warning console-not-automatable"),
        "{}",
        text(&asked)
    );
}

#[test]
fn the_policy_can_name_the_rulebook_and_the_language() {
    let repo = repository();
    let example =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/examples/postgresql-backup.yaml");
    std::fs::create_dir_all(repo.path().join("rules")).unwrap();
    std::fs::copy(&example, repo.path().join("rules/backup.yaml")).unwrap();
    std::fs::write(
        repo.path().join("eb-advisor.yaml"),
        "rules: rules/backup.yaml\nlang: zh\n",
    )
    .unwrap();
    let out = eb(&repo.path().join("sub"), &["rules", "lint"]);
    let shown = text(&out);
    assert!(shown.contains("backup"), "{shown}");
    // The language is the policy's, and the flag still wins.
    let paths = eb(&repo.path().join("sub"), &["paths"]);
    assert!(
        text(&paths)
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{}",
        text(&paths)
    );
    let english = eb(&repo.path().join("sub"), &["--lang", "en", "paths"]);
    assert!(
        !text(&english)
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{}",
        text(&english)
    );
}

/// The default is the documentation (the rulebook's `default-trust: docs`): a console plan
/// that wants automation passes; `trust: page` in a parent policy makes it fail as the page
/// says, and the flag still wins.
#[test]
fn trust_page_in_a_parent_policy_changes_checks_verdict_and_the_flag_wins() {
    let repo = repository();
    let sub = repo.path().join("sub");
    let plan = "../plans/automation.eb-plan.yaml";
    let default = eb_default(&sub, &["check", plan]);
    assert_eq!(default.status.code(), Some(0), "{}", text(&default));
    assert!(
        text(&default).contains("(--trust docs)"),
        "{}",
        text(&default)
    );
    std::fs::write(repo.path().join("eb-advisor.yaml"), "trust: page\n").unwrap();
    let page = eb_default(&sub, &["check", plan]);
    assert_eq!(page.status.code(), Some(1), "{}", text(&page));
    assert!(text(&page).contains("(--trust page)"), "{}", text(&page));
    assert!(
        text(&page).contains("Policy: ../eb-advisor.yaml (trust page)"),
        "{}",
        text(&page)
    );
    let json = eb_default(&sub, &["check", plan, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["trust"], "page", "{value}");
    assert_eq!(
        eb_default(&sub, &["--trust", "docs", "check", plan])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        eb_default(&sub, &["--no-config", "check", plan])
            .status
            .code(),
        Some(0)
    );
}

/// `check FILE` checks FILE whatever the policy says; with `--respect-policy-paths` (the
/// pre-commit hook's flag) a named file is checked only when `check .` would check it:
/// the policy's `exclude` (of the file or of a folder above it) and `include` apply, and
/// files that are no plans are passed by.
#[test]
fn respect_policy_paths_checks_named_files_as_a_folder_search_would() {
    let repo = repository();
    let dir = repo.path();
    std::fs::write(
        dir.join("eb-advisor.yaml"),
        "include:\n  - plans/**/*.eb-plan.yaml\n  - extra/*.yaml\nexclude:\n  - plans/old\n",
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("extra")).unwrap();
    std::fs::copy(
        dir.join("plans/old/no-pattern.eb-plan.yaml"),
        dir.join("extra/included.yaml"),
    )
    .unwrap();
    std::fs::write(dir.join("notes.yaml"), "owner: data-platform\n").unwrap();
    let hidden = "plans/old/no-pattern.eb-plan.yaml";
    let strict = ["--fail-level", "warning"];

    // A plain `check FILE` checks it: the warning fails it under --fail-level warning.
    let plain = eb(dir, &["check", hidden, strict[0], strict[1]]);
    assert_eq!(plain.status.code(), Some(1), "{}", text(&plain));

    // With the flag, as `check .` does: the excluded folder's plan is left out, and said
    // so on stderr; with nothing else named, that is a pass, not "no plan files found".
    let respected = eb(
        dir,
        &[
            "check",
            "--respect-policy-paths",
            hidden,
            strict[0],
            strict[1],
        ],
    );
    assert_eq!(respected.status.code(), Some(0), "{}", text(&respected));
    let stderr = String::from_utf8_lossy(&respected.stderr);
    assert_eq!(
        stderr.trim(),
        format!("note: left out by the `include` and `exclude` of eb-advisor.yaml, as a folder search leaves them out: {hidden}"),
    );
    assert!(
        String::from_utf8_lossy(&respected.stdout).contains("0 plans: 0 passed, 0 failed"),
        "{}",
        text(&respected)
    );

    // What the hook is handed: every staged YAML file. `include` picks a plan of another
    // name; a YAML file that is no plan is passed by unmentioned; the result is the one
    // `check .` gives.
    let hook = eb(
        dir,
        &[
            "check",
            "--respect-policy-paths",
            "--format",
            "json",
            "plans/automation.eb-plan.yaml",
            hidden,
            "extra/included.yaml",
            "notes.yaml",
        ],
    );
    let whole = eb(dir, &["check", ".", "--format", "json"]);
    let files = |out: &Output| -> Vec<String> {
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["plans"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["file"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        files(&hook),
        ["extra/included.yaml", "plans/automation.eb-plan.yaml"],
        "{}",
        text(&hook)
    );
    assert_eq!(files(&hook), files(&whole));
    assert_eq!(hook.status.code(), whole.status.code());
    assert!(!text(&hook).contains("notes.yaml"), "{}", text(&hook));

    // Without a policy, the names decide, as in a folder search.
    let bare = eb(
        dir,
        &[
            "--no-config",
            "check",
            "--respect-policy-paths",
            "notes.yaml",
        ],
    );
    assert_eq!(bare.status.code(), Some(0), "{}", text(&bare));
}
