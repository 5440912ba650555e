//! `eb-advisor init`: the starter policy file loads as written and with every example
//! switched on, the plan skeleton lists what to fill in, and no file is ever replaced.

use std::path::Path;

use crate::support;

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = support::advisor()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn add_passing_plan(dir: &Path, folder: &str) {
    std::fs::create_dir_all(dir.join(folder)).unwrap();
    std::fs::copy(
        "examples/plans/api-cdc-mysql.eb-plan.yaml",
        dir.join(folder).join("orders.eb-plan.yaml"),
    )
    .unwrap();
}

#[test]
fn init_writes_a_policy_that_check_then_loads_and_never_replaces_it() {
    for lang in ["en", "zh"] {
        let dir = repo();
        let (code, _, err) = run(dir.path(), &["--lang", lang, "init"]);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("eb-advisor.yaml"), "{err}");
        let written = std::fs::read_to_string(dir.path().join("eb-advisor.yaml")).unwrap();
        // Every key, so that a key added to the policy file is added here too.
        for key in eb_advisor::policy::KEYS {
            assert!(
                written
                    .lines()
                    .any(|l| l.trim_start_matches('#').starts_with(&format!("{key}:"))),
                "{lang}: no `{key}` in\n{written}"
            );
        }

        add_passing_plan(dir.path(), "plans");
        let (code, out, err) = run(dir.path(), &["check", "."]);
        assert_eq!(code, 0, "{lang}: {out}{err}");
        assert!(
            out.contains("eb-advisor.yaml"),
            "{lang}: the policy in force is named: {out}"
        );

        // Asked again, it refuses, and the team's file is left as it was.
        std::fs::write(dir.path().join("eb-advisor.yaml"), "fail-level: warning\n").unwrap();
        let (code, _, err) = run(dir.path(), &["--lang", lang, "init"]);
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("eb-advisor.yaml"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("eb-advisor.yaml")).unwrap(),
            "fail-level: warning\n"
        );
        let leftovers = support::temp_files_in(dir.path());
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn every_example_in_the_starter_policy_is_valid_once_its_hash_is_removed() {
    let dir = repo();
    let (code, _, err) = run(dir.path(), &["init", "team-policy.yaml"]);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(dir.path().join("team-policy.yaml")).unwrap();
    // `#key: value` lines are examples; `# text` lines explain.
    let switched_on: String = written
        .lines()
        .map(|l| match l.strip_prefix('#') {
            Some(rest) if !rest.starts_with(' ') && !rest.is_empty() => rest,
            _ => l,
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(switched_on.contains("\nseverity: {"), "{switched_on}");
    std::fs::write(dir.path().join("team-policy.yaml"), &switched_on).unwrap();
    // The rulebook the example names, started from the built-in one as its comment says.
    let (_, rulebook, _) = run(dir.path(), &["rules", "show"]);
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(dir.path().join("rules/our-rulebook.yaml"), rulebook).unwrap();
    add_passing_plan(dir.path(), "plans");
    add_passing_plan(dir.path(), "plans/archive");

    let (code, out, err) = run(
        dir.path(),
        &[
            "--config",
            "team-policy.yaml",
            "check",
            ".",
            "--format",
            "json",
        ],
    );
    assert!(code == 0, "{switched_on}\n{out}{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let files: Vec<&str> = json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        ["plans/orders.eb-plan.yaml"],
        "include and exclude apply"
    );
}

#[test]
fn init_plan_writes_a_skeleton_with_every_question_and_path_once() {
    let dir = repo();
    // As the help's example has it: into a folder that does not exist yet.
    let (code, _, err) = run(dir.path(), &["init", "--plan", "plans/orders.eb-plan.yaml"]);
    assert_eq!(code, 0, "{err}");
    let skeleton = std::fs::read_to_string(dir.path().join("plans/orders.eb-plan.yaml")).unwrap();
    let rb = eb_advisor::embedded::rulebook();
    for q in &rb.questions {
        assert!(
            skeleton.contains(&format!("  #{}: ", q.id)),
            "{} missing:\n{skeleton}",
            q.id
        );
    }
    for o in &rb.outcomes {
        assert!(skeleton.contains(&o.id), "{} missing:\n{skeleton}", o.id);
    }
    // Filled in with a real verdict's answers and path, it passes.
    let filled = skeleton
        .replace("#path: api-cdc", "path: api-cdc")
        .replace("  #goal: capture-db-changes", "  goal: capture-db-changes")
        .replace("  #database: mysql", "  database: mysql")
        .replace("  #network: vpc", "  network: public")
        .replace("  #region: ", "  region: ")
        .replace("  #automation: yes", "  automation: yes")
        .replace("  #can-code: yes", "  can-code: yes");
    std::fs::write(dir.path().join("filled.eb-plan.yaml"), format!("{filled}settings:\n  host: db.internal\n  port: 3306\n  user: cdc\n  password: ${{DB_PASSWORD}}\n  authorization: secret-ref:token\n")).unwrap();
    let (code, out, err) = run(dir.path(), &["check", "filled.eb-plan.yaml"]);
    assert_eq!(code, 0, "{filled}\n{out}{err}");

    let (code, _, err) = run(dir.path(), &["init", "--plan", "plans/orders.eb-plan.yaml"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("already exists"), "{err}");
}
