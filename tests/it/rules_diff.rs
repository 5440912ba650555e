//! `rules diff`: what a rulebook change does. On the embedded rulebook through the
//! binary (an unchanged copy, one rule's outcome changed, a plan that now fails, the old
//! rulebook from git), and on random pairs of small rulebooks against brute force through
//! the engine (outcome and error changes).

use std::path::Path;
use std::process::Command;

use proptest::prelude::*;

use eb_advisor::answers::Answers;
use eb_advisor::authoring::diff::{self, ChangeKind, Counting};
use eb_advisor::engine;
use eb_advisor::rulebook::{self, Rulebook, Trust};
use eb_advisor::yaml::Limits;

use crate::lint_agrees::{answer_sets, rulebook_pair_yaml};
use crate::support::advisor;

/// The embedded rulebook's text, as `rules show` prints it.
fn embedded_text() -> String {
    let out = advisor().args(["rules", "show"]).output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// The embedded rulebook with the first rule's outcome (`api-cdc`, for MySQL and
/// PostgreSQL change capture) sent to the console path instead.
fn with_cdc_on_console(text: &str) -> String {
    let rule = text
        .find("  - id: cdc-supported-database")
        .expect("the rule is there");
    let at = rule + text[rule..].find("outcome: api-cdc").unwrap();
    format!(
        "{}outcome: console-webhook{}",
        &text[..at],
        &text[at + "outcome: api-cdc".len()..]
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn an_unchanged_rulebook_reports_nothing_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.yaml", &embedded_text());
    let new = write(dir.path(), "new.yaml", &embedded_text());
    for extra in [&[][..], &["--exit-code"][..]] {
        let out = advisor()
            .args(["rules", "diff", &old, &new])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("no change"), "{text}");
    }
    let out = advisor()
        .args(["rules", "diff", &old, &new, "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["changed"], false);
    assert_eq!(json["regions"].as_array().unwrap().len(), 0);
}

#[test]
fn a_changed_outcome_is_named_with_its_count_and_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.yaml", &embedded_text());
    let new = write(
        dir.path(),
        "new.yaml",
        &with_cdc_on_console(&embedded_text()),
    );
    let out = advisor()
        .args(["rules", "diff", &old, &new, "--exit-code"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Outcome changes (trust page): api-cdc → console-webhook ("),
        "{text}"
    );
    assert!(text.contains("goal = capture-db-changes"), "{text}");
    // Without --exit-code a change still exits 0, as git diff does.
    let out = advisor()
        .args(["rules", "diff", &old, &new, "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let outcome: Vec<&serde_json::Value> = json["regions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "outcome" && r["trust"] == "page")
        .collect();
    assert_eq!(outcome.len(), 1, "{json:#}");
    assert_eq!(outcome[0]["before"], "api-cdc");
    assert_eq!(outcome[0]["after"], "console-webhook");
    // The same count the library finds, and no more than the whole space.
    let (o, n) = (
        load(&embedded_text()),
        load(&with_cdc_on_console(&embedded_text())),
    );
    let d = diff::diff(&o, &n, diff::Options::default());
    assert!(d.complete);
    let count = d
        .regions
        .iter()
        .find(|r| r.kind == ChangeKind::Outcome && r.trust == Trust::Page)
        .unwrap()
        .count;
    assert_eq!(outcome[0]["count"], count as u64);
    assert!(count > 0 && count < d.combinations);
    let markdown = advisor()
        .args(["rules", "diff", &old, &new, "--format", "markdown"])
        .output()
        .unwrap();
    let markdown = String::from_utf8(markdown.stdout).unwrap();
    assert!(markdown.starts_with("## Rulebook change"), "{markdown}");
    assert!(
        markdown.contains(&format!("— {count} combinations")),
        "{markdown}"
    );
}

#[test]
fn a_plan_that_now_fails_is_listed_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.yaml", &embedded_text());
    let new = write(
        dir.path(),
        "new.yaml",
        &with_cdc_on_console(&embedded_text()),
    );
    let plan = "examples/plans/api-cdc-mysql.eb-plan.yaml";
    let out = advisor()
        .args(["rules", "diff", &old, &new, plan])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!("{plan}: passed → failed (path-mismatch)")),
        "{text}"
    );
    // Backwards, the same plan goes from failed to passed.
    let out = advisor()
        .args(["rules", "diff", &new, &old, plan])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(&format!("{plan}: failed → passed")), "{text}");
}

#[test]
fn an_unreadable_rulebook_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "old.yaml", &embedded_text());
    let bad = write(dir.path(), "bad.yaml", "rulebook: [");
    let out = advisor()
        .args(["rules", "diff", &old, &bad])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("bad.yaml"), "{stderr}");
    let out = advisor().args(["rules", "diff", &old]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

#[test]
fn base_reads_the_old_rulebook_from_git() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    git(repo, &["init", "-q"]);
    std::fs::create_dir(repo.join("rules")).unwrap();
    let file = write(&repo.join("rules"), "book.yaml", &embedded_text());
    git(repo, &["add", "."]);
    git(repo, &["commit", "-qm", "one"]);
    write(
        &repo.join("rules"),
        "book.yaml",
        &with_cdc_on_console(&embedded_text()),
    );
    git(repo, &["commit", "-qam", "two"]);
    let out = advisor()
        .args(["rules", "diff", "--base", "HEAD~1", &file, "--exit-code"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("api-cdc → console-webhook"), "{text}");
    // The file as committed: nothing changes. Also as --rules names it.
    let out = advisor()
        .args(["rules", "diff", "--base", "HEAD", &file, "--exit-code"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let out = advisor()
        .args([
            "--rules",
            &file,
            "rules",
            "diff",
            "--base",
            "HEAD",
            "--exit-code",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    // A revision without the file is a usage error.
    let out = advisor()
        .args(["rules", "diff", "--base", "HEAD~5", &file])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

fn load(yaml: &str) -> Rulebook {
    match rulebook::load_str("random.yaml", yaml, Limits::RULEBOOK) {
        Ok(rb) => rb,
        Err(e) => panic!("the rulebook does not load:\n{yaml}\n{e:?}"),
    }
}

/// Per source of truth, the answer sets whose outcome differs, and those whose error
/// findings differ, by brute force.
fn changes_by_brute_force(old: &Rulebook, new: &Rulebook, trust: Trust) -> (u128, u128) {
    let decide = |rb: &Rulebook, answers: &Answers| {
        let filled = engine::with_defaults(rb, answers);
        let verdict = engine::decide(rb, &filled, None, trust);
        let mut errors: Vec<String> = verdict
            .errors()
            .into_iter()
            .map(|f| rb.findings[f].id.clone())
            .collect();
        errors.sort();
        (rb.outcome_id(verdict.outcome).to_string(), errors)
    };
    let (mut outcomes, mut errors) = (0, 0);
    for answers in answer_sets(new) {
        let (before, after) = (decide(old, &answers), decide(new, &answers));
        outcomes += u128::from(before.0 != after.0);
        errors += u128::from(before.1 != after.1);
    }
    (outcomes, errors)
}

/// The generated findings are warnings: make those whose bit is set in `bits` errors.
fn with_errors(yaml: &str, bits: u64) -> String {
    let mut out = yaml.to_string();
    for f in 0..4 {
        if bits & (1 << f) != 0 {
            out = out.replace(
                &format!("  - id: f{f}\n    severity: warning"),
                &format!("  - id: f{f}\n    severity: error"),
            );
        }
    }
    out
}

fn agree(seed: u64, rules_seed: u64) -> Result<(), TestCaseError> {
    let old_yaml = with_errors(&rulebook_pair_yaml(seed, None), seed >> 40);
    let new_yaml = with_errors(
        &rulebook_pair_yaml(seed, Some(rules_seed)),
        rules_seed >> 40,
    );
    let (old, new) = (load(&old_yaml), load(&new_yaml));
    let options = diff::Options {
        budget: 10_000_000,
        counting: Counting::Values,
    };
    let d = diff::diff(&old, &new, options);
    prop_assert!(d.complete);
    prop_assert_eq!(d.combinations, answer_sets(&new).len() as u128);
    for &trust in &d.trusts {
        let counted = |kind: ChangeKind| -> u128 {
            d.regions
                .iter()
                .filter(|r| r.kind == kind && r.trust == trust)
                .map(|r| r.count)
                .sum()
        };
        let (outcomes, errors) = changes_by_brute_force(&old, &new, trust);
        prop_assert_eq!(
            (counted(ChangeKind::Outcome), counted(ChangeKind::Errors)),
            (outcomes, errors),
            "outcome and error changes, trust {}\nold:\n{}\nnew:\n{}",
            trust,
            old_yaml,
            new_yaml
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn outcome_region_counts_agree_with_brute_force(seed in any::<u64>(), rules_seed in any::<u64>()) {
        agree(seed, rules_seed)?;
    }
}

/// The generated pairs do change outcomes and errors, so agreement is not only on zero.
#[test]
fn the_generated_pairs_change_outcomes_and_errors() {
    let (mut outcomes, mut errors) = (0, 0);
    for seed in 1..60u64 {
        let old = load(&with_errors(&rulebook_pair_yaml(seed, None), seed));
        let new = load(&with_errors(
            &rulebook_pair_yaml(seed, Some(seed * 7 + 3)),
            seed * 7 + 3,
        ));
        let (o, e) = changes_by_brute_force(&old, &new, Trust::Page);
        outcomes += usize::from(o > 0);
        errors += usize::from(e > 0);
    }
    assert!(outcomes > 20, "{outcomes} of 59 pairs change an outcome");
    assert!(errors > 20, "{errors} of 59 pairs change the errors");
}

#[test]
fn an_added_finding_is_listed_and_a_small_budget_says_incomplete() {
    let dir = tempfile::tempdir().unwrap();
    let text = embedded_text();
    let old = write(dir.path(), "old.yaml", &text);
    // The new rulebook with one more error finding, on answers the first rule reads.
    let at = text.find("\nfindings:\n").unwrap() + "\nfindings:\n".len();
    let added = "  - id: added-finding\n    severity: error\n    when: { goal: capture-db-changes, database: mysql }\n    message: Added.\n";
    let with = format!("{}{added}{}", &text[..at], &text[at..]);
    let new = write(dir.path(), "new.yaml", &with);
    let out = advisor()
        .args(["rules", "diff", &old, &new])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("+ findings: added-finding"), "{stdout}");
    assert!(
        stdout.contains("Error findings change (trust page): no errors → added-finding ("),
        "{stdout}"
    );
    assert!(!stdout.contains("INCOMPLETE"), "{stdout}");
    let out = advisor()
        .args([
            "rules", "diff", &old, &new, "--budget", "10", "--format", "json",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["complete"], false);
    assert_eq!(json["findings"]["added"][0], "added-finding");
    // Cut short, an unchanged rulebook is not called unchanged by --exit-code.
    let out = advisor()
        .args(["rules", "diff", &old, &old, "--budget", "10", "--exit-code"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("INCOMPLETE"), "{stdout}");
    assert!(
        stdout.contains("no change in the combinations walked"),
        "{stdout}"
    );
}

/// The new rulebook lists `b` before `a` and asks it always; the old asked `b` only after
/// `a = yes`. Only `a = no, b = yes` changes outcome: the old ask-when is read with `a`
/// known, whatever the new order.
#[test]
fn a_reordered_question_is_asked_as_each_rulebook_says() {
    let book = |questions: &str| {
        format!(
            "rulebook: {{ id: r, version: \"1\", title: R }}\nquestions:\n{questions}\
             outcomes:\n  - {{ id: o0, kind: path, name: O0 }}\n  - {{ id: o1, kind: path, name: O1 }}\n\
             rules:\n  - {{ id: r0, when: {{ b: yes }}, outcome: o1 }}\ndefault: {{ outcome: o0 }}\n"
        )
    };
    let a = "  - { id: a, prompt: A?, kind: yes-no }\n";
    let old = load(&book(&format!(
        "{a}  - {{ id: b, prompt: B?, kind: yes-no, ask-when: {{ a: yes }} }}\n"
    )));
    let new = load(&book(&format!(
        "  - {{ id: b, prompt: B?, kind: yes-no }}\n{a}"
    )));
    let d = diff::diff(
        &old,
        &new,
        diff::Options {
            counting: Counting::Values,
            ..diff::Options::default()
        },
    );
    assert_eq!(d.combinations, 4);
    let changes: Vec<_> = d
        .regions
        .iter()
        .map(|r| (r.kind, r.before.as_str(), r.after.as_str(), r.count))
        .collect();
    assert_eq!(changes, [(ChangeKind::Outcome, "o0", "o1", 1)]);
}
