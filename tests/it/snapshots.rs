//! Snapshots of what people read: `recommend` and `check` text in Chinese, and the
//! `--help` texts, compared exactly with the files under `tests/expected/`.
//!
//! The expected files are plain text, committed with the code, and compared through
//! snapbox, which shows a difference as a diff. When an output changes on purpose (a
//! reworded message, a new flag, a rulebook edit), rewrite them and review the difference
//! before committing:
//!
//! ```sh
//! SNAPSHOTS=overwrite cargo test --test it snapshots
//! git diff tests/expected/
//! ```
//!
//! Runs are pinned so the files do not depend on the machine: no colour, no locale
//! variables, the embedded rulebook, help wrapped at 100 columns. `recommend` and `paths`
//! show the default source of truth (the documentation); `check` of the mixed fixtures,
//! written for the page's verdicts, runs under `--trust page`.

use crate::support;

use support::POSTGRESQL_CDC;

use std::path::PathBuf;

fn run(args: &[&str]) -> (i32, String) {
    let out = support::command()
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "100")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "{args:?} wrote to stderr: {stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Compares `actual` with `tests/expected/NAME` exactly (no wildcards, no redactions), or
/// writes it under `SNAPSHOTS=overwrite`; a difference is shown as a diff.
fn assert_expected(name: &str, actual: &str) {
    assert!(
        std::env::var_os("UPDATE_EXPECTED").is_none(),
        "UPDATE_EXPECTED is no longer read: rewrite the snapshots with \
         `SNAPSHOTS=overwrite cargo test --test it snapshots`"
    );
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "expected", name]
        .iter()
        .collect();
    snapbox::Assert::new()
        .action_env(snapbox::assert::DEFAULT_ACTION_ENV)
        .normalize_paths(false)
        .eq(actual, snapbox::Data::read_from(&path, None).raw());
}

#[test]
fn recommend_text_in_chinese() {
    let mut args = vec!["--lang", "zh", "recommend", "--explain"];
    args.extend_from_slice(POSTGRESQL_CDC);
    let (code, out) = run(&args);
    assert_eq!(code, 0);
    assert_expected("recommend-api-cdc.zh.txt", &out);
}

#[test]
fn recommend_text_in_chinese_for_the_console_path() {
    let (code, out) = run(&[
        "--lang",
        "zh",
        "recommend",
        "--goal",
        "send-events",
        "--target",
        "lark",
        "--automation",
        "no",
        "--can-code",
        "no",
    ]);
    assert_eq!(code, 0);
    assert_expected("recommend-console-webhook.zh.txt", &out);
}

#[test]
fn recommend_text_in_chinese_without_a_supported_path() {
    let (code, out) = run(&[
        "--lang",
        "zh",
        "recommend",
        "--goal",
        "capture-db-changes",
        "--database",
        "other",
        "--network",
        "vpc",
        "--region",
        "cn-hangzhou",
        "--automation",
        "yes",
        "--can-code",
        "yes",
    ]);
    assert_eq!(code, 1, "an error finding");
    assert_expected("recommend-none.zh.txt", &out);
}

#[test]
fn check_text_in_chinese() {
    let (code, out) = run(&[
        "--lang",
        "zh",
        "--trust",
        "page",
        "check",
        "tests/fixtures/plans/mixed",
        "--verbose",
        "--frames",
    ]);
    assert_eq!(code, 1, "a broken plan and a mismatched one fail");
    assert_expected("check-mixed.zh.txt", &out);
}

#[test]
fn check_text_in_chinese_without_info_findings() {
    let (code, out) = run(&[
        "--lang",
        "zh",
        "--trust",
        "page",
        "check",
        "tests/fixtures/plans/mixed",
    ]);
    assert_eq!(code, 1);
    assert_expected("check-mixed-quiet.zh.txt", &out);
}

/// What CI shows a Chinese team: JUnit (GitLab, Jenkins), GitHub annotations and Markdown
/// (a pull-request comment), with their labels in Chinese.
#[test]
fn check_reports_for_ci_in_chinese() {
    for (format, name) in [
        ("junit", "check-mixed.zh.junit.xml"),
        ("github", "check-mixed.zh.github.txt"),
        ("markdown", "check-mixed.zh.md"),
    ] {
        let (code, out) = run(&[
            "--lang",
            "zh",
            "--trust",
            "page",
            "check",
            "tests/fixtures/plans/mixed",
            "--verbose",
            "--format",
            format,
        ]);
        assert_eq!(code, 1, "{format}: a broken plan and a mismatched one fail");
        // `path` is a plan key, which the check for English words in
        // tests/it/first_minutes.rs allows; as JUnit's label it is a word of the sentence.
        assert!(
            !out.contains("path: "),
            "{format}: an English label in\n{out}"
        );
        assert_expected(name, &out);
    }
}

#[test]
fn recommend_markdown_in_chinese() {
    let mut args = vec!["--lang", "zh", "recommend", "--format", "markdown"];
    args.extend_from_slice(POSTGRESQL_CDC);
    let (code, out) = run(&args);
    assert_eq!(code, 0);
    assert_expected("recommend-api-cdc.zh.md", &out);
}

#[test]
fn paths_in_chinese() {
    let (code, out) = run(&["--lang", "zh", "paths"]);
    assert_eq!(code, 0);
    assert_expected("paths.zh.txt", &out);
}

#[test]
fn help_texts() {
    for (args, name) in [
        (&["--help"][..], "help.txt"),
        (&["recommend", "--help"][..], "help-recommend.txt"),
        (&["check", "--help"][..], "help-check.txt"),
        (&["ask", "--help"][..], "help-ask.txt"),
    ] {
        let (code, out) = run(args);
        assert_eq!(code, 0, "{args:?}");
        assert_expected(name, &out);
    }
}

/// `--help` is for people: every flag on one line with its help (possibly continued
/// under it when long), never the paragraph-per-flag layout; examples at the end.
#[test]
fn help_keeps_one_entry_per_flag_and_ends_with_examples() {
    for args in [
        &["--help"][..],
        &["recommend", "--help"][..],
        &["check", "--help"][..],
        &["ask", "--help"][..],
    ] {
        let (_, out) = run(args);
        for line in out.lines().take_while(|l| *l != "Examples:") {
            let flag = line.trim_start();
            if flag.starts_with("--") || (flag.starts_with('-') && flag.get(2..4) == Some(", ")) {
                let (_, help) = flag.split_once("  ").unwrap_or_else(|| {
                    panic!("{args:?}: a flag without its help on the same line: {line}")
                });
                assert!(!help.trim().is_empty(), "{args:?}: {line}");
            }
        }
        assert!(out.contains("\nExamples:\n"), "{args:?}: {out}");
        assert!(
            out.lines().all(|l| l.chars().count() <= 100),
            "{args:?}: a line wider than the terminal:\n{out}"
        );
    }
}
