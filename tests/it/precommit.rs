//! The pre-commit hook, driven through the real pre-commit (from PyPI; `.ci/run` installs
//! it) in a scratch git repository: the hook must agree with `eb-advisor check .` in CI
//! (a plan the policy's `exclude` hides is not checked) and print one summary.
//!
//! The hook under test is this repository's `.pre-commit-hooks.yaml` entry, run as a
//! `repo: local` hook whose `entry` is the test binary: nothing is built and nothing is
//! downloaded, and every other field (types, require_serial, ...) is the committed one.

use crate::support;

use std::path::Path;
use std::process::{Command, Output};

use support::tools::have;

const HOOKS: &str = ".pre-commit-hooks.yaml";
const GOOD_PLAN: &str = "examples/plans/api-cdc-mysql.eb-plan.yaml";
/// Enough plans that pre-commit, left to itself, splits them between processes
/// (`max(4, files / cpus)` per process).
const GOOD_PLANS: usize = 41;

/// The hooks the repository publishes, by id.
fn published_hooks() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(HOOKS).unwrap();
    serde_saphyr::from_str(&text).unwrap()
}

fn hook(id: &str) -> serde_json::Value {
    published_hooks()
        .into_iter()
        .find(|h| h["id"] == id)
        .unwrap_or_else(|| panic!("{HOOKS} has no hook `{id}`"))
}

#[test]
fn the_published_hooks_honour_the_policy_and_run_as_one_process() {
    let hooks = published_hooks();
    let ids: Vec<&str> = hooks.iter().filter_map(|h| h["id"].as_str()).collect();
    assert_eq!(ids, ["eb-advisor-check", "eb-advisor-check-system"]);
    for (id, language) in [
        ("eb-advisor-check", "rust"),
        ("eb-advisor-check-system", "system"),
    ] {
        let h = hook(id);
        assert_eq!(h["language"], language, "{id}");
        assert_eq!(
            h["entry"], "eb-advisor check --respect-policy-paths",
            "{id}: the entry must pass the flag that makes named files honour the policy"
        );
        assert_eq!(h["require_serial"], true, "{id}: one process, one summary");
        assert_eq!(h["pass_filenames"], true, "{id}");
    }
    if have("pre-commit") {
        // pre-commit's own reading of the manifest: the fields and their types.
        let out = Command::new("pre-commit")
            .args(["validate-manifest", HOOKS])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pre-commit validate-manifest {HOOKS}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// `git` in `dir`, with an identity and no user or system configuration.
fn git(dir: &Path, args: &[&str]) -> Output {
    let out = environment(Command::new("git").current_dir(dir))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success() || args[0] == "commit",
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// What every program of the test runs with: no variable the binary reads, no git or
/// pre-commit configuration of the developer's, pre-commit's cache inside the scratch
/// folder (it is never the user's).
fn environment(command: &mut Command) -> &mut Command {
    let home = command
        .get_current_dir()
        .map(|d| d.join("../home"))
        .unwrap();
    support::scrub(command)
        .env("HOME", &home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("PRE_COMMIT_HOME", home.join("pre-commit"))
        .env("LANG", "C")
}

/// A repository with a policy whose `exclude` hides a bad plan, and many good plans;
/// its `.pre-commit-config.yaml` runs the published system hook with `require_serial`
/// as given, `verbose` so that a passing hook's output is shown.
fn scratch_repository(root: &Path, require_serial: bool) -> std::path::PathBuf {
    let repo = root.join("repo");
    std::fs::create_dir_all(repo.join("plans/legacy")).unwrap();
    std::fs::create_dir_all(root.join("home")).unwrap();
    git(&repo, &["init", "--quiet"]);
    std::fs::write(
        repo.join("eb-advisor.yaml"),
        "# Retired plans are kept for the record, not checked.\nexclude:\n  - plans/legacy\n",
    )
    .unwrap();
    // Broken beyond repair: a path no rulebook has, and a key no plan has.
    std::fs::write(
        repo.join("plans/legacy/old.eb-plan.yaml"),
        "path: no-such-path\nanswers: {}\nowner: nobody\n",
    )
    .unwrap();
    let good = std::fs::read_to_string(GOOD_PLAN).unwrap();
    for i in 0..GOOD_PLANS {
        std::fs::write(
            repo.join(format!("plans/orders-{i:02}.eb-plan.yaml")),
            &good,
        )
        .unwrap();
    }
    // YAML that is no plan: the hook is handed it too (`types_or: [yaml, terraform]`), and
    // passes it by.
    std::fs::write(repo.join("notes.yaml"), "owner: data-platform\n").unwrap();

    let published = hook("eb-advisor-check-system");
    let entry = published["entry"].as_str().unwrap();
    let args = entry
        .strip_prefix("eb-advisor ")
        .expect("the entry runs eb-advisor");
    let types: Vec<&str> = published["types_or"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let config = format!(
        "repos:\n  - repo: local\n    hooks:\n      - id: eb-advisor-check-system\n        name: eb-advisor check\n        language: system\n        entry: {bin} {args}\n        types_or: [{types}]\n        pass_filenames: {pass}\n        require_serial: {require_serial}\n        verbose: true\n",
        bin = support::BIN,
        types = types.join(", "),
        pass = published["pass_filenames"],
    );
    std::fs::write(repo.join(".pre-commit-config.yaml"), config).unwrap();
    repo
}

/// The summary lines of a check's text output ("41 plans: 41 passed, ...").
fn summaries(output: &str) -> Vec<&str> {
    output
        .lines()
        .filter(|l| {
            let words: Vec<&str> = l.split_whitespace().collect();
            matches!(words.as_slice(), [n, plans, ..]
                if n.parse::<u64>().is_ok() && (*plans == "plans:" || *plans == "plan:"))
        })
        .collect()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn a_commit_passes_the_hook_as_it_passes_ci_with_one_summary() {
    if !have("pre-commit") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = scratch_repository(
        dir.path(),
        hook("eb-advisor-check-system")["require_serial"] == true,
    );

    // What CI runs: the excluded plan is not checked, the others pass.
    let ci = support::command()
        .current_dir(&repo)
        .args(["check", "."])
        .output()
        .unwrap();
    assert!(ci.status.success(), "check . in CI:\n{}", text(&ci));

    let install = environment(Command::new("pre-commit").current_dir(&repo))
        .args(["install"])
        .output()
        .unwrap();
    assert!(
        install.status.success(),
        "pre-commit install:\n{}",
        text(&install)
    );
    git(&repo, &["add", "--all"]);
    let commit = git(&repo, &["commit", "--quiet", "-m", "plans"]);
    let output = text(&commit);
    assert!(
        commit.status.success(),
        "the commit failed the hook, where `check .` passes:\n{output}"
    );
    assert!(
        output.contains("eb-advisor check") && output.contains("Passed"),
        "the hook did not run:\n{output}"
    );
    let expected = format!("{GOOD_PLANS} plans: {GOOD_PLANS} passed, 0 failed (0 errors,");
    let found = summaries(&output);
    assert!(
        found.len() == 1 && found[0].starts_with(&expected),
        "one summary, `{expected} …`, over every plan the policy does not hide:\n{output}"
    );
    assert!(
        output.contains("note: left out by the `include` and `exclude` of eb-advisor.yaml")
            && output.contains("plans/legacy/old.eb-plan.yaml"),
        "the hook does not say why the excluded plan was not checked:\n{output}"
    );
    assert!(!output.contains("notes.yaml"), "{output}");
    let log = git(&repo, &["log", "--oneline"]);
    assert_eq!(String::from_utf8_lossy(&log.stdout).lines().count(), 1);

    // The same commit with the bad plan outside the excluded folder fails the hook, with
    // the plan named: the pass above is the policy's doing, not a hook that checks nothing.
    std::fs::rename(
        repo.join("plans/legacy/old.eb-plan.yaml"),
        repo.join("plans/old.eb-plan.yaml"),
    )
    .unwrap();
    git(&repo, &["add", "--all"]);
    let refused = git(&repo, &["commit", "--quiet", "-m", "unhide"]);
    let output = text(&refused);
    assert!(!refused.status.success(), "{output}");
    assert!(
        output.contains("plans/old.eb-plan.yaml: failed"),
        "{output}"
    );
    assert_eq!(summaries(&output).len(), 1, "{output}");
}

/// Without `require_serial`, pre-commit splits the same files between processes and each
/// prints its own summary: what the published hook's setting prevents (on a machine with
/// one processor pre-commit starts one process anyway, and there is nothing to show).
#[test]
fn without_require_serial_pre_commit_would_print_several_summaries() {
    if !have("pre-commit") {
        return;
    }
    let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cpus < 2 {
        eprintln!("note: one processor; pre-commit does not split the files");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = scratch_repository(dir.path(), false);
    git(&repo, &["add", "--all"]);
    let run = environment(Command::new("pre-commit").current_dir(&repo))
        .args(["run", "--all-files"])
        .output()
        .unwrap();
    let output = text(&run);
    assert!(run.status.success(), "{output}");
    assert!(summaries(&output).len() > 1, "{output}");
}

/// The published manifest itself, as a team's config would name it (`repo:` this
/// repository, `id: eb-advisor-check-system`): `pre-commit try-repo` clones this
/// repository with its uncommitted changes and runs the hook as published, with the test
/// binary first on PATH as the installed `eb-advisor`.
#[test]
fn the_published_system_hook_runs_from_this_repository() {
    if !have("pre-commit") {
        return;
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let in_git = Command::new("git")
        .args(["rev-parse", "--git-dir"])
        .current_dir(here)
        .output()
        .is_ok_and(|o| o.status.success());
    if !in_git {
        eprintln!("note: the package is not a git checkout; pre-commit cannot clone it");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = scratch_repository(dir.path(), true);
    std::fs::remove_file(repo.join(".pre-commit-config.yaml")).unwrap();
    git(&repo, &["add", "--all"]);
    let bin_dir = Path::new(support::BIN).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let run = environment(Command::new("pre-commit").current_dir(&repo))
        .env("PATH", path)
        .args([
            "try-repo",
            here.to_str().unwrap(),
            "eb-advisor-check-system",
        ])
        .args(["--all-files", "--verbose"])
        .output()
        .unwrap();
    let output = text(&run);
    assert!(run.status.success(), "{output}");
    let found = summaries(&output);
    assert!(
        found.len() == 1
            && found[0].starts_with(&format!("{GOOD_PLANS} plans: {GOOD_PLANS} passed")),
        "{output}"
    );
    assert!(output.contains("plans/legacy/old.eb-plan.yaml"), "{output}");
}
