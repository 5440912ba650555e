//! The check's outputs read by the programs that consume them: SARIF against the official
//! SARIF 2.1.0 schema, JUnit against Jenkins' published XSD with xmllint, file names as
//! GitHub maps them, and the plan schema against `check` itself on generated plans.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use support::tools::have;

const MIXED: &str = "tests/fixtures/plans/mixed";

/// The binary with the environment that changes file names scrubbed.
fn advisor(dir: &Path) -> Command {
    let mut cmd = support::command();
    cmd.current_dir(dir).env("LANG", "C");
    cmd
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn here() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A plan that fails (its path does not match its answers), in a repository of its own:
/// `ROOT/.git`, `ROOT/plans/typo.eb-plan.yaml`, `ROOT/sub/`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("plans")).unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    std::fs::copy(
        here().join(MIXED).join("mismatch.eb-plan.yaml"),
        dir.path().join("plans/typo.eb-plan.yaml"),
    )
    .unwrap();
    dir
}

fn github_files(out: &str) -> Vec<String> {
    out.lines()
        .filter_map(|l| {
            l.split_once(" file=")?
                .1
                .split_once(',')
                .map(|(f, _)| f.to_string())
        })
        .collect()
}

fn sarif_uris(out: &str) -> Vec<(String, String)> {
    let sarif: Value = serde_json::from_str(out).unwrap();
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let location = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            (
                location["uri"].as_str().unwrap().to_string(),
                location["uriBaseId"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect()
}

#[test]
fn file_names_are_relative_to_the_repository_root_from_anywhere_in_it() {
    let repo = repository();
    let root = repo.path();
    let runs: [(&Path, &[&str]); 4] = [
        (root, &["."]),
        (root, &["./plans/../plans"]),
        (&root.join("sub"), &[".."]),
        (&root.join("sub"), &["../plans/./typo.eb-plan.yaml"]),
    ];
    for (dir, paths) in runs {
        let github = stdout(
            advisor(dir)
                .arg("check")
                .args(paths)
                .args(["--format", "github"]),
        );
        assert_eq!(
            github_files(&github),
            ["plans/typo.eb-plan.yaml"],
            "from {dir:?}: {github}"
        );
        let sarif = stdout(
            advisor(dir)
                .arg("check")
                .args(paths)
                .args(["--format", "sarif"]),
        );
        for (uri, base) in sarif_uris(&sarif) {
            assert_eq!(uri, "plans/typo.eb-plan.yaml", "from {dir:?}");
            assert_eq!(base, "%SRCROOT%");
        }
        let parsed: Value = serde_json::from_str(&sarif).unwrap();
        let root_uri = parsed["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(root_uri.starts_with("file:///") && root_uri.ends_with('/'));
        let json = stdout(
            advisor(dir)
                .arg("check")
                .args(paths)
                .args(["--format", "json"]),
        );
        let json: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["plans"][0]["file"], "plans/typo.eb-plan.yaml");
        for format in ["text", "junit", "markdown"] {
            let out = stdout(
                advisor(dir)
                    .arg("check")
                    .args(paths)
                    .args(["--format", format]),
            );
            assert!(
                out.contains("plans/typo.eb-plan.yaml")
                    && !out.contains("./")
                    && !out.contains(".."),
                "{format} from {dir:?}: {out}"
            );
        }
    }
}

#[test]
fn github_workspace_is_the_root_when_set() {
    let repo = repository();
    let workspace = repo.path().join("sub");
    std::fs::create_dir_all(workspace.join("deep")).unwrap();
    std::fs::copy(
        repo.path().join("plans/typo.eb-plan.yaml"),
        workspace.join("deep/x.eb-plan.yaml"),
    )
    .unwrap();
    let out = stdout(
        advisor(&workspace.join("deep"))
            .env("GITHUB_WORKSPACE", &workspace)
            .args(["check", ".", "--format", "github"]),
    );
    assert_eq!(github_files(&out), ["deep/x.eb-plan.yaml"], "{out}");
}

/// The official SARIF 2.1.0 schema, as the serde-sarif crate ships it (its types are
/// generated from that file): found through `cargo metadata`, never written here.
fn sarif_schema() -> Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(here())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif in cargo metadata");
    let path = Path::new(manifest).with_file_name("src/schema.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        schema["title"], "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema",
        "{path:?} is not the SARIF 2.1.0 schema"
    );
    schema
}

fn assert_valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}:\n{}", errors.join("\n"));
}

/// The official SARIF 2.1.0 schema's validator, with format checks on.
fn sarif_validator() -> jsonschema::Validator {
    // The schema's `language` patterns have a lone `]`, a literal in ECMA-262 that the
    // validator's Rust regex engine refuses, and the validator checks every schema's
    // patterns before it uses it. Written `\]`, it means the same to both.
    let text = sarif_schema().to_string();
    let lone = r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#;
    assert!(
        text.contains(lone),
        "the SARIF schema's language pattern changed"
    );
    let schema: Value = serde_json::from_str(
        &text.replace(lone, r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#),
    )
    .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Fails unless `sarif` validates against the official SARIF 2.1.0 schema.
pub fn assert_valid_sarif(sarif: &Value, what: &str) {
    assert_valid(&sarif_validator(), sarif, what);
}

#[test]
fn sarif_validates_against_the_official_schema_and_carries_what_code_scanning_needs() {
    let validator = sarif_validator();
    let acknowledged = tempfile::tempdir().unwrap();
    std::fs::write(
        acknowledged.path().join("ack.eb-plan.yaml"),
        std::fs::read_to_string(here().join("examples/plans/api-cdc-postgresql-vpc.eb-plan.yaml"))
            .unwrap()
            + "\nrulebook: { id: other, version: 0 }\n",
    )
    .unwrap();
    for args in [
        vec!["check", MIXED, "--format", "sarif"],
        vec!["check", MIXED, "--format", "sarif", "--verbose"],
        vec!["check", "examples/plans", "--format", "sarif", "--verbose"],
    ] {
        let sarif: Value = serde_json::from_str(&stdout(advisor(&here()).args(&args))).unwrap();
        assert_valid(&validator, &sarif, &format!("{args:?}"));
        let driver = &sarif["runs"][0]["tool"]["driver"];
        assert!(driver["informationUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://")));
        for rule in driver["rules"].as_array().unwrap() {
            assert!(
                rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()),
                "{rule}"
            );
        }
        let results = sarif["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for result in results {
            let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert!(
                uri.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-._~/%:".contains(&b)),
                "{uri} is not a URI reference"
            );
            let fingerprint = &result["partialFingerprints"]["ebAdvisorFinding/v1"];
            assert!(
                fingerprint.as_str().is_some_and(|f| f.len() > 16),
                "{result}"
            );
        }
    }
    let outside = stdout(advisor(acknowledged.path()).args(["check", ".", "--format", "sarif"]));
    assert_valid(
        &validator,
        &serde_json::from_str(&outside).unwrap(),
        "a plan outside any repository",
    );
}

/// The check's own findings, whose rules link to their sections of docs/ci.md.
const BUILT_IN: [&str; 8] = [
    "invalid-plan",
    "plaintext-secret",
    "rulebook-version-mismatch",
    "unused-acknowledgement",
    "unasked-answer",
    "invalid-terraform",
    "unread-terraform-values",
    "implementation-differs",
];

/// The anchors GitHub gives a Markdown file's headings: lower case, punctuation other
/// than `-` dropped, blanks made `-`.
fn github_anchors(markdown: &str) -> Vec<String> {
    markdown
        .lines()
        .filter_map(|line| line.strip_prefix('#'))
        .map(|heading| {
            heading
                .trim_start_matches('#')
                .trim()
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '-' || *c == ' ')
                .map(|c| if c == ' ' { '-' } else { c })
                .collect()
        })
        .collect()
}

/// The SARIF rules' `helpUri`s of `check MIXED` run in `dir`, by rule id.
fn help_uris(dir: &Path) -> Vec<(String, String)> {
    let sarif: Value = serde_json::from_str(&stdout(advisor(dir).args([
        "check",
        &here().join(MIXED).display().to_string(),
        "--format",
        "sarif",
    ])))
    .unwrap();
    assert_valid(
        &sarif_validator(),
        &sarif,
        &format!("SARIF run in {}", dir.display()),
    );
    sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| {
            let id = rule["id"].as_str().unwrap().to_string();
            let uri = rule["helpUri"]
                .as_str()
                .unwrap_or_else(|| panic!("{id} has no helpUri"));
            (id, uri.to_string())
        })
        .collect()
}

#[test]
fn every_sarif_rule_has_a_help_uri_and_the_built_in_ones_their_section_of_the_ci_guide() {
    let anchors = github_anchors(&std::fs::read_to_string(here().join("docs/ci.md")).unwrap());
    let default = format!(
        "https://docs.rs/crate/eb-advisor/{}/source/docs/ci.md",
        env!("CARGO_PKG_VERSION")
    );
    let no_policy = tempfile::tempdir().unwrap();
    std::fs::create_dir(no_policy.path().join(".git")).unwrap();
    let uris = help_uris(no_policy.path());
    for id in BUILT_IN {
        assert!(
            anchors.iter().any(|a| a == id),
            "docs/ci.md has no section `### {id}`"
        );
        let uri = &uris.iter().find(|(rule, _)| rule == id).unwrap().1;
        assert_eq!(uri, &format!("{default}#{id}"));
    }
    for (id, uri) in &uris {
        assert!(uri.starts_with("https://"), "{id}: {uri}");
    }
    // A team's copy of the guide: the policy's `docs-url` is the base of the five.
    let team = tempfile::tempdir().unwrap();
    std::fs::create_dir(team.path().join(".git")).unwrap();
    let copy = "https://git.example.com/platform/blob/main/docs/eb-advisor-ci.md";
    std::fs::write(
        team.path().join("eb-advisor.yaml"),
        format!("docs-url: {copy}\n"),
    )
    .unwrap();
    let uris = help_uris(team.path());
    for id in BUILT_IN {
        let uri = &uris.iter().find(|(rule, _)| rule == id).unwrap().1;
        assert_eq!(uri, &format!("{copy}#{id}"));
    }
    // Not an address that a SARIF viewer can open: refused at its line and column.
    std::fs::write(
        team.path().join("eb-advisor.yaml"),
        "fail-level: error\ndocs-url: docs/ci.md\n",
    )
    .unwrap();
    let out = advisor(team.path())
        .args(["check", &here().join(MIXED).display().to_string()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.starts_with("eb-advisor.yaml:2:11: error[invalid-policy]: `docs-url` expects a whole address starting with http://, https:// or file://"),
        "{stderr}"
    );
}

fn fingerprints(dir: &Path) -> Vec<(String, u64)> {
    let out = stdout(advisor(dir).args(["check", ".", "--format", "sarif", "--verbose"]));
    let sarif: Value = serde_json::from_str(&out).unwrap();
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["partialFingerprints"]["ebAdvisorFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect()
}

#[test]
fn fingerprints_survive_runs_and_line_moves_and_tell_findings_apart() {
    let repo = repository();
    let before = fingerprints(repo.path());
    assert_eq!(before, fingerprints(repo.path()), "two runs");
    let plan = repo.path().join("plans/typo.eb-plan.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, format!("# moved down\n\n{text}")).unwrap();
    let after = fingerprints(repo.path());
    let ids = |v: &[(String, u64)]| v.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&before), ids(&after), "the same findings, lines moved");
    assert!(before.iter().zip(&after).all(|(b, a)| a.1 == b.1 + 2));
    let mut unique = ids(&after);
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        after.len(),
        "every result has its own fingerprint"
    );
}

#[test]
fn junit_validates_against_the_jenkins_xsd_and_has_what_gitlab_reads() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junit.xml");
    // Hostile names too: markup, quotes and control characters in a file name.
    let hostile = dir.path().join("plans");
    std::fs::create_dir_all(&hostile).unwrap();
    std::fs::copy(
        here().join(MIXED).join("mismatch.eb-plan.yaml"),
        hostile.join("a<b>&\"c\"\u{1}.eb-plan.yaml"),
    )
    .unwrap();
    // Chinese too: its labels and summaries are translated, the XML must stay valid.
    for (cwd, path, lang, severity) in [
        (here(), MIXED.to_string(), "en", "error["),
        (here(), MIXED.to_string(), "zh", "错误["),
        (dir.path().to_path_buf(), "plans".into(), "en", "error["),
    ] {
        let out = stdout(advisor(&cwd).args([
            "--lang",
            lang,
            "check",
            &path,
            "--format",
            "junit",
            "--verbose",
        ]));
        std::fs::write(&file, &out).unwrap();
        if have("xmllint") {
            let xsd = here().join("tests/fixtures/schemas/junit-10.xsd");
            let run = Command::new("xmllint")
                .arg("--noout")
                .arg("--schema")
                .arg(&xsd)
                .arg(&file)
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{}\n{out}",
                String::from_utf8_lossy(&run.stderr)
            );
        }
        // GitLab's reader: suites, then each case's name, classname, and a failure's
        // message and text; system-out for what did not fail.
        let doc = roxmltree::Document::parse(&out).unwrap();
        let cases: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert!(!cases.is_empty());
        for case in &cases {
            assert!(case
                .attribute("name")
                .is_some_and(|n| n.ends_with(".eb-plan.yaml") || n.ends_with(".eb-plan.yml")));
            assert_eq!(case.attribute("classname"), Some("eb-advisor.check"));
            if let Some(failure) = case.children().find(|n| n.has_tag_name("failure")) {
                assert!(failure.attribute("message").is_some_and(|m| !m.is_empty()));
                assert!(failure.text().is_some_and(|t| t.contains(severity)));
            }
        }
    }
}

/// A plan, with `line` replacing the line that starts with the same key (or added).
fn plan_with(changes: &[&str]) -> String {
    let mut lines: Vec<String> = [
        "path: api-cdc",
        "answers:",
        "  goal: capture-db-changes",
        "  database: postgresql",
        "  network: vpc",
        "  region: cn-hangzhou",
        "  automation: yes",
        "  can-code: yes",
        "  monthly-volume: 50000",
        "settings:",
        "  vpc-id: vpc-123",
        "  vswitch-ids: [vsw-1]",
        "  security-group-id: sg-1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for change in changes {
        let key = change.split(':').next().unwrap();
        match lines.iter().position(|l| l.split(':').next() == Some(key)) {
            Some(i) if change.ends_with("DELETE") => {
                lines.remove(i);
            }
            Some(i) => lines[i] = change.to_string(),
            None => lines.push(change.to_string()),
        }
    }
    lines.join("\n") + "\n"
}

/// Sets of answers, in every combination that decides which answers are required: per
/// goal, each question it leads to left out or given a value or two (a supported and an
/// unsupported database, a listed and an unlisted region, ...), and each question asked
/// whatever the goal left out or given, in both spellings of yes and no; then answers to
/// questions the goal does not lead to, which `check` ignores.
fn answer_sets() -> Vec<Vec<(&'static str, &'static str)>> {
    type Options = (&'static str, &'static [&'static str]);
    let always: [Options; 3] = [
        ("automation", &["yes", "false"]),
        ("can-code", &["true", "no"]),
        ("monthly-volume", &["20000"]),
    ];
    let goals: [(&str, &[Options]); 5] = [
        (
            "capture-db-changes",
            &[
                ("database", &["mysql", "postgresql", "other"]),
                ("network", &["vpc"]),
                ("region", &["cn-hangzhou", "other"]),
            ],
        ),
        (
            "receive-app-events",
            &[("source", &["dingtalk", "custom-app"])],
        ),
        ("send-events", &[("target", &["dingtalk"])]),
        ("unsure", &[]),
        ("", &[]),
    ];
    let mut sets = Vec::new();
    for (goal, led_to) in goals {
        let mut partial: Vec<Vec<(&str, &str)>> = vec![match goal {
            "" => Vec::new(),
            goal => vec![("goal", goal)],
        }];
        for (question, values) in led_to.iter().chain(&always) {
            partial = partial
                .into_iter()
                .flat_map(|set| {
                    let mut grown = vec![set.clone()];
                    grown.extend(values.iter().map(|v| {
                        let mut more = set.clone();
                        more.push((*question, *v));
                        more
                    }));
                    grown
                })
                .collect();
        }
        sets.extend(partial);
    }
    // Answers the goal does not lead to, with and without the rest.
    for unasked in [
        vec![("goal", "send-events"), ("database", "other")],
        vec![
            ("goal", "send-events"),
            ("target", "dingtalk"),
            ("database", "other"),
            ("automation", "no"),
            ("can-code", "no"),
            ("monthly-volume", "5"),
        ],
        vec![
            ("goal", "unsure"),
            ("region", "other"),
            ("automation", "yes"),
            ("monthly-volume", "5"),
        ],
        vec![
            ("goal", "capture-db-changes"),
            ("database", "other"),
            ("source", "custom-app"),
        ],
        vec![
            ("goal", "capture-db-changes"),
            ("database", "mysql"),
            ("network", "vpc"),
            ("region", "cn-hangzhou"),
            ("can-code", "yes"),
            ("monthly-volume", "5"),
            ("target", "lark"),
        ],
        vec![
            ("goal", "receive-app-events"),
            ("source", "dingtalk"),
            ("automation", "yes"),
            ("monthly-volume", "5"),
            ("database", "mysql"),
        ],
    ] {
        sets.push(unasked);
    }
    // The monthly volume either side of each threshold and free quota.
    for volume in ["0", "100", "101", "999", "1000", "1001", "10000", "10001"] {
        for database in ["mysql", "postgresql"] {
            sets.push(vec![
                ("goal", "capture-db-changes"),
                ("database", database),
                ("network", "public"),
                ("region", "cn-beijing"),
                ("can-code", "yes"),
                ("monthly-volume", volume),
            ]);
        }
        sets.push(vec![
            ("goal", "send-events"),
            ("target", "wecom"),
            ("automation", "no"),
            ("monthly-volume", volume),
        ]);
    }
    sets
}

/// A plan with these answers and every setting well formed, `settings` lines replacing
/// the ones with the same key.
fn plan_of(answers: &[(&str, &str)], settings: &[&str]) -> String {
    let mut plan = String::from("path: api-cdc\nanswers:\n");
    for (question, value) in answers {
        plan.push_str(&format!("  {question}: {value}\n"));
    }
    plan.push_str("settings:\n");
    let mut lines = vec![
        "  vpc-id: vpc-123",
        "  vswitch-ids: [vsw-1]",
        "  security-group-id: sg-1",
        "  port: 3306",
        "  password: ${DB_PASSWORD}",
        "  event-pattern: { source: [acs.dingtalk] }",
        "  webhook-url: secret-ref:robot",
    ];
    for line in settings {
        let key = line.split(':').next().unwrap();
        match lines.iter().position(|l| l.split(':').next() == Some(key)) {
            Some(i) => lines[i] = line,
            None => lines.push(line),
        }
    }
    plan + &lines.join("\n") + "\n"
}

/// The plan cases: every one the schema and the CLI once disagreed on, and their kin;
/// the answer sets that decide which answers are required; settings of each kind.
fn cases() -> Vec<String> {
    let mut cases = Vec::new();
    for value in [
        "yes", "no", "true", "false", "True", "FALSE", "on", "off", "y", "n", "Yes", "NO",
        "\"true\"", "'yes'", "\"no\"", "1", "0", "~", "[yes]", "''", "YES",
    ] {
        cases.push(plan_with(&[&format!("  automation: {value}")]));
    }
    for value in [
        "8000",
        "\"8000\"",
        "8000.0",
        "1e3",
        "1.5e3",
        "8000.5",
        "-1",
        "0",
        "-0",
        "9007199254740991",
        "9007199254740992",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999",
        "1e400",
        ".inf",
        "-.inf",
        ".nan",
        "0x10",
        "0o17",
        "1_000",
        "''",
        "~",
        "[1]",
        "true",
        "+5",
        "007",
    ] {
        cases.push(plan_with(&[&format!("  monthly-volume: {value}")]));
    }
    for value in [
        "mysql",
        "MySQL",
        "\"postgresql\"",
        "1",
        "true",
        "~",
        "[mysql]",
    ] {
        cases.push(plan_with(&[&format!("  database: {value}")]));
    }
    for settings in [
        "settings:",
        "settings: {}",
        "settings: []",
        "settings: x",
        "settings: ~",
    ] {
        let mut plan = plan_with(&[]);
        let at = plan.find("settings:").unwrap();
        plan.truncate(at);
        plan.push_str(settings);
        plan.push('\n');
        cases.push(plan);
    }
    for rulebook in [
        "rulebook: { id: eventbridge-integrate-events, version: true }",
        "rulebook: { id: eventbridge-integrate-events, version: \"1\" }",
        "rulebook: { id: eventbridge-integrate-events, version: 1 }",
        "rulebook: { id: eventbridge-integrate-events, version: 1.5 }",
        "rulebook: { id: eventbridge-integrate-events, version: ~ }",
        "rulebook: { id: eventbridge-integrate-events, version: [1] }",
        "rulebook: { id: 7 }",
        "rulebook: { id: true }",
        "rulebook: { other: x }",
        "rulebook: x",
    ] {
        cases.push(plan_with(&[rulebook]));
    }
    for other in [
        "path: console-webhook",
        "path: nowhere",
        "path: 1",
        "unknown: 1",
        "answers: DELETE",
        "acknowledge: { path-mismatch: because }",
        "acknowledge: { path-mismatch: '' }",
        "acknowledge: { no-such-finding: because }",
        "acknowledge:",
        "acknowledge: { path-mismatch: yes }",
        "acknowledge: { path-mismatch: 1 }",
    ] {
        cases.push(plan_with(&[other]));
    }
    for set in answer_sets() {
        cases.push(plan_of(&set, &[]));
    }
    let full = [
        ("goal", "capture-db-changes"),
        ("database", "postgresql"),
        ("network", "vpc"),
        ("region", "cn-hangzhou"),
        ("automation", "yes"),
        ("can-code", "yes"),
    ];
    for setting in [
        "  vswitch-ids: vsw-1",
        "  vswitch-ids: vsw-1,vsw-2",
        "  vswitch-ids: [vsw-1, vsw-2]",
        "  vswitch-ids: []",
        "  vswitch-ids: ~",
        "  vswitch-ids: ''",
        "  vswitch-ids: 7",
        "  vswitch-ids: { a: vsw-1 }",
        "  vswitch-ids: [[vsw-1]]",
        "  port: '3306'",
        "  port: [3306]",
        "  port: ~",
        "  password: hunter2",
        "  password: secret-ref:db",
        "  password: ''",
        "  password: [${DB_PASSWORD}]",
        "  event-pattern: '{\"source\": [\"acs.dingtalk\"]}'",
        "  event-pattern: source",
        SCHEMA_LOOSER[0],
        "  event-pattern: []",
        "  event-pattern: ~",
        "  webhook-url: https://oapi.dingtalk.com/robot/send",
        "  webhook-url: ftp://example.com",
        "  webhook-url: ${ROBOT_URL}",
        "  webhook-url: 1",
        "  no-such-setting: 1",
    ] {
        cases.push(plan_of(&full, &[setting]));
    }
    cases
}

/// Where the plan schema is knowingly looser than `check`: text in braces that is not
/// JSON (a schema cannot parse JSON; src/authoring/schema.rs, `JSON_OBJECT_TEXT`).
const SCHEMA_LOOSER: [&str; 1] = ["  event-pattern: '{source: acs.dingtalk}'"];

/// A plan as yaml-language-server hands it to the schema: YAML 1.2 read into JSON.
fn as_json(text: &str) -> Option<Value> {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    serde_saphyr::from_str_with_options::<Value>(text, options).ok()
}

#[test]
fn the_plan_schema_and_check_accept_the_same_plans() {
    let schema: Value =
        serde_json::from_str(&stdout(advisor(&here()).args(["rules", "schema", "plan"]))).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cases = cases();
    for (i, plan) in cases.iter().enumerate() {
        std::fs::write(dir.path().join(format!("{i:03}.eb-plan.yaml")), plan).unwrap();
    }
    let out = stdout(advisor(dir.path()).args(["check", ".", "--format", "json", "--verbose"]));
    let report: Value = serde_json::from_str(&out).unwrap();
    let plans = report["plans"].as_array().unwrap();
    assert_eq!(plans.len(), cases.len());
    let mut disagreements = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    // Plans without `automation` that check accepts (the answers settle the verdict), and
    // plans refused for a missing answer: both kinds of the required-answer cases.
    let (mut settled_early, mut missing) = (0, 0);
    for (i, (plan, result)) in cases.iter().zip(plans).enumerate() {
        assert_eq!(result["file"], format!("{i:03}.eb-plan.yaml"));
        let invalid: Vec<&str> = result["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["id"] == "invalid-plan")
            .filter_map(|f| f["message"].as_str())
            .collect();
        let check_accepts = invalid.is_empty();
        let schema_accepts = as_json(plan).is_some_and(|json| validator.is_valid(&json));
        if check_accepts {
            accepted += 1;
            settled_early += usize::from(!plan.contains("  automation:"));
        } else {
            rejected += 1;
            missing += usize::from(invalid.iter().any(|m| m.starts_with("missing answer")));
        }
        if plan.lines().any(|line| SCHEMA_LOOSER.contains(&line)) {
            assert!(!check_accepts && schema_accepts, "{plan}");
        } else if check_accepts != schema_accepts {
            disagreements.push(format!(
                "check {} but the schema {}:\n{plan}{}",
                if check_accepts { "accepts" } else { "rejects" },
                if schema_accepts { "accepts" } else { "rejects" },
                result["findings"]
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
    // Both kinds are there: the comparison is not of one answer.
    assert!(
        accepted >= 15 && rejected >= 30,
        "{accepted} accepted, {rejected} rejected"
    );
    assert!(
        settled_early >= 20 && missing >= 100,
        "{settled_early} accepted without automation, {missing} refused for a missing answer"
    );
}

/// The answers schema against `recommend --answers` (exit 2: refused): on every answer
/// set, and on files that are no answers file.
#[test]
fn the_answers_schema_and_recommend_accept_the_same_answers_files() {
    let schema: Value = serde_json::from_str(&stdout(
        advisor(&here()).args(["rules", "schema", "answers"]),
    ))
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut files: Vec<String> = answer_sets()
        .iter()
        .map(|set| set.iter().map(|(q, v)| format!("{q}: {v}\n")).collect())
        .collect();
    let settled = "goal: unsure\nautomation: yes\nmonthly-volume: 5\n";
    files.extend(
        [
            "",
            "~",
            "[goal]",
            "goal: unsure\nautomation: yes\nmonthly-volume: '5'\n",
            "goal: unsure\nautomation: on\nmonthly-volume: 5\n",
            "goal: unsure\nautomation: yes\nmonthly-volume: ~\n",
            "goal: Unsure\nautomation: yes\nmonthly-volume: 5\n",
        ]
        .map(String::from),
    );
    files.push(format!("{settled}surprise: 1\n"));
    files.push(format!("{settled}monthly-volume: 6\n"));
    files.push("path: console-webhook\nanswers:\n  goal: unsure\n".to_string());
    let dir = tempfile::tempdir().unwrap();
    let mut disagreements = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for (i, text) in files.iter().enumerate() {
        let file = dir.path().join(format!("{i:03}.yaml"));
        std::fs::write(&file, text).unwrap();
        let out = advisor(dir.path())
            .args(["--no-config", "recommend", "--format", "json", "--answers"])
            .arg(&file)
            .output()
            .unwrap();
        let cli_accepts = match out.status.code() {
            Some(0 | 1) => true,
            Some(2) => false,
            other => panic!("recommend exited {other:?} on\n{text}"),
        };
        let schema_accepts = as_json(text).is_some_and(|json| validator.is_valid(&json));
        match cli_accepts {
            true => accepted += 1,
            false => rejected += 1,
        }
        if cli_accepts != schema_accepts {
            disagreements.push(format!(
                "recommend {} but the schema {}:\n{text}{}",
                if cli_accepts { "accepts" } else { "rejects" },
                if schema_accepts { "accepts" } else { "rejects" },
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n\n"));
    assert!(
        accepted >= 40 && rejected >= 100,
        "{accepted} accepted, {rejected} rejected"
    );
}

#[test]
fn invalid_values_are_named_as_written() {
    let dir = tempfile::tempdir().unwrap();
    for (i, (line, says)) in [
        (
            "  automation: on",
            "`on` is not a valid answer to `automation`",
        ),
        (
            "  automation: \"true\"",
            "`true` is not a valid answer to `automation`",
        ),
        (
            "  monthly-volume: 8000.5",
            "found the decimal number `8000.5` for `monthly-volume`",
        ),
        (
            "  monthly-volume: \"8000\"",
            "found the string \"8000\" for `monthly-volume`",
        ),
        (
            "  monthly-volume: 18446744073709551616",
            "the number is too large for `monthly-volume`; the largest answer is 9007199254740991",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let file = dir.path().join(format!("{i}.eb-plan.yaml"));
        std::fs::write(&file, plan_with(&[line])).unwrap();
        let out = stdout(advisor(dir.path()).arg("check").arg(&file));
        assert!(out.contains(says), "{line}: {out}");
    }
}

#[test]
fn man_pages_pass_groff_without_a_warning_in_both_languages() {
    let mut english = Vec::new();
    for lang in ["en", "zh"] {
        let dir = tempfile::tempdir().unwrap();
        stdout(
            advisor(&here())
                .args(["--lang", lang, "man", "--dir"])
                .arg(dir.path()),
        );
        let mut pages: Vec<PathBuf> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        pages.sort();
        assert!(pages.len() > 5, "{pages:?}");
        for page in pages {
            let text = std::fs::read_to_string(&page).unwrap();
            assert!(text.is_ascii(), "{page:?} has raw non-ASCII text");
            if lang == "en" {
                english.push(text.clone());
            } else {
                assert!(!english.contains(&text), "{page:?} is the English page");
                for heading in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH EXAMPLES"] {
                    assert!(!text.contains(heading), "{page:?} keeps {heading}");
                }
            }
            if !have("groff") {
                continue;
            }
            let out = Command::new("groff")
                .args(["-man", "-Tutf8", "-ww"])
                .arg(&page)
                .output()
                .unwrap();
            assert!(out.status.success());
            let warnings = String::from_utf8_lossy(&out.stderr);
            assert!(warnings.is_empty(), "{lang} {page:?}: {warnings}");
            let rendered = String::from_utf8_lossy(&out.stdout);
            assert!(!rendered.contains('Ã'), "{page:?} renders UTF-8 as Latin-1");
            if lang == "en" && page.ends_with("eb-advisor.1") {
                assert!(rendered.contains("4×"), "the size note keeps its ×");
            }
            if lang == "zh" && page.ends_with("eb-advisor-check.1") {
                assert!(rendered.contains("方案"), "Chinese rendered: {rendered}");
            }
        }
    }
}

#[test]
fn help_under_lang_zh_is_chinese_clap_headings_included() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["recommend", "--help"],
        &["rules", "lint", "--help"],
    ] {
        let zh = stdout(advisor(&here()).arg("--lang").arg("zh").args(args));
        let en = stdout(advisor(&here()).arg("--lang").arg("en").args(args));
        assert_ne!(zh, en, "{args:?}");
        assert!(zh.contains("用法："), "{args:?}: {zh}");
        for english in [
            "Usage:",
            "Options:",
            "Commands:",
            "Arguments:",
            "Print help",
            "[default:",
            "[possible values:",
            "Examples:",
            "Exit codes:",
        ] {
            assert!(!zh.contains(english), "{args:?} keeps {english}:\n{zh}");
        }
    }
    let recommend = stdout(advisor(&here()).args(["--lang", "zh", "recommend", "--help"]));
    assert!(
        recommend.contains("回答"),
        "the answer flags' heading: {recommend}"
    );
}

const HOSTILE: &str = "tests/fixtures/rulebooks/hostile-labels.yaml";
const OUTCOME: &str = "API \"CDC\" <b>&amp; x</b>";

#[test]
fn hostile_names_render_literally_in_graphviz() {
    let dot = stdout(advisor(&here()).args(["rules", "graph", "--format", "dot", HOSTILE]));
    if !have("dot") {
        return;
    }
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}\n{dot}",
        String::from_utf8_lossy(&out.stderr)
    );
    let svg = String::from_utf8(out.stdout).unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&svg, options).unwrap();
    let texts: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(String::from))
        .collect();
    assert!(
        texts.iter().any(|t| t.contains(OUTCOME)),
        "{OUTCOME} not drawn literally: {texts:?}\n{dot}"
    );
}

/// Mermaid's reading of a label: entity codes (`#quot;`, `#35;`) back to characters,
/// `<br/>` to a line break; any other markup would be drawn as markup.
fn mermaid_shown(label: &str) -> String {
    assert!(
        !label.replace("<br/>", "").contains(['<', '>', '&', '"']),
        "markup left in a Mermaid label: {label}"
    );
    let mut out = String::new();
    let mut rest = label.replace("<br/>", "\n");
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let end = rest[at..].find(';').expect("an entity code") + at;
        out.push(match &rest[at + 1..end] {
            "quot" => '"',
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            code => char::from_u32(code.parse().expect("a numeric code")).unwrap(),
        });
        rest = rest[end + 1..].to_string();
    }
    out + &rest
}

#[test]
fn hostile_names_render_literally_in_mermaid() {
    let chart = stdout(advisor(&here()).args(["rules", "graph", "--format", "mermaid", HOSTILE]));
    let labels: Vec<String> = chart
        .lines()
        .filter_map(|l| {
            let start = l.find('"')? + 1;
            let end = l.rfind('"')?;
            (end > start).then(|| mermaid_shown(&l[start..end]))
        })
        .collect();
    assert!(
        labels.iter().any(|t| t.contains(OUTCOME)),
        "{OUTCOME} not shown literally: {labels:?}\n{chart}"
    );
}

/// The rulebook schema, as an editor reads it, takes the rulebooks the tool loads,
/// `plans.url-credentials` included, and refuses what the loader refuses there.
#[test]
fn the_rulebook_schema_accepts_the_rulebooks_that_load() {
    let schema: Value = serde_json::from_str(&stdout(
        advisor(&here()).args(["rules", "schema", "rulebook"]),
    ))
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let embedded = eb_advisor::rulebook::EMBEDDED_SOURCE;
    assert!(embedded.contains("url-credentials:"));
    for (name, text) in [
        ("embedded", embedded.to_string()),
        (
            "example",
            std::fs::read_to_string("rules/examples/postgresql-backup.yaml").unwrap(),
        ),
    ] {
        let json = as_json(&text).unwrap_or_else(|| panic!("{name} is not YAML"));
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    // A list given as a word: both refuse it.
    let broken = embedded.replace("    query: [access_token, key, sign]", "    query: key");
    assert_ne!(broken, embedded);
    assert!(!validator.is_valid(&as_json(&broken).unwrap()));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.yaml"), &broken).unwrap();
    let out = advisor(dir.path())
        .args(["--rules", "broken.yaml", "rules", "lint"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Where the policy schema is knowingly looser than the CLI: a glob that does not compile
/// (a schema cannot compile globs), and a rulebook that is not there (nor read files).
const POLICY_SCHEMA_LOOSER: [&str; 2] = ["include: ['[a']", "rules: no-such-rulebook.yaml"];

/// The policy schema against the CLI, which loads the policy before anything else (a
/// refused policy: exit 2): every key with values it takes and values it refuses.
#[test]
fn the_policy_schema_and_the_cli_accept_the_same_policy_files() {
    let schema: Value = serde_json::from_str(&stdout(
        advisor(&here()).args(["rules", "schema", "config"]),
    ))
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rules.yaml"),
        eb_advisor::rulebook::EMBEDDED_SOURCE,
    )
    .unwrap();
    let policies = [
        "",
        "~",
        "[trust]",
        "trust: docs",
        "trust: page",
        "trust: Docs",
        "trust: ~",
        "trust: [docs]",
        "fail-level: warning",
        "fail-level: never",
        "fail-level: none",
        "fail-level: ~",
        "lang: zh",
        "lang: fr",
        "lang: ~",
        "rules: rules.yaml",
        "rules: ''",
        "rules: '  '",
        "rules: ~",
        "rules: [rules.yaml]",
        "include: ['**/*.yaml']",
        "include: '**/*.yaml'",
        "include: []",
        "include: ~",
        "include: [1]",
        POLICY_SCHEMA_LOOSER[0],
        POLICY_SCHEMA_LOOSER[1],
        "exclude: [vendor/**]",
        "exclude: vendor",
        "exclude: ~",
        "severity: { path-mismatch: { severity: warning, reason: we migrate } }",
        "severity: { path-mismatch: { severity: fatal, reason: we migrate } }",
        "severity: { path-mismatch: { severity: warning, reason: '' } }",
        "severity: { path-mismatch: { severity: warning, reason: '  ' } }",
        "severity: { path-mismatch: { severity: warning, reason: 7 } }",
        "severity: { path-mismatch: { severity: warning } }",
        "severity: { path-mismatch: { reason: why } }",
        "severity: { path-mismatch: { severity: info, reason: why, extra: 1 } }",
        "severity: { path-mismatch: warning }",
        "severity: { no-such-finding: { severity: warning, reason: why } }",
        "severity: {}",
        "severity: ~",
        "severity: [path-mismatch]",
        "docs-url: https://git.example.com/docs/ci.md",
        "docs-url: file:///srv/docs/ci.md",
        "docs-url: docs/ci.md",
        "docs-url: 'https://x y'",
        "docs-url: ~",
        "docs-url: 7",
        "var-files: [infra/prod.tfvars]",
        "var-files: []",
        "var-files: infra/prod.tfvars",
        "var-files: [1]",
        "var-files: ~",
        "unknown: 1",
    ];
    let mut disagreements = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for (i, text) in policies.iter().enumerate() {
        let file = dir.path().join(format!("{i:02}.yaml"));
        std::fs::write(&file, text).unwrap();
        let out = advisor(dir.path())
            .arg("--config")
            .arg(&file)
            .args(["recommend", "--goal", "unsure", "--automation", "no"])
            .args(["--monthly-volume", "5", "--format", "json"])
            .output()
            .unwrap();
        let cli_accepts = match out.status.code() {
            Some(0 | 1) => true,
            Some(2) => false,
            other => panic!("recommend exited {other:?} with the policy\n{text}"),
        };
        let schema_accepts = as_json(text).is_some_and(|json| validator.is_valid(&json));
        match cli_accepts {
            true => accepted += 1,
            false => rejected += 1,
        }
        if POLICY_SCHEMA_LOOSER.contains(text) {
            assert!(!cli_accepts && schema_accepts, "{text}");
        } else if cli_accepts != schema_accepts {
            disagreements.push(format!(
                "the CLI {} but the schema {}: {text}\n{}",
                if cli_accepts { "accepts" } else { "rejects" },
                if schema_accepts { "accepts" } else { "rejects" },
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(
        accepted >= 10 && rejected >= 20,
        "{accepted} accepted, {rejected} rejected"
    );
}

/// A small rulebook whose ask-when conditions use every form: a choice, `not`, `any`, a
/// number comparison, `answered`, yes and no, a question asked only when one asked only
/// sometimes has a value; and a dead end (`kind: bad`) after which nothing more is asked.
const SMALL: &str = r#"rulebook: { id: small, version: "1", title: Small }
questions:
  - { id: kind, prompt: Kind?, kind: choice, choices: [{ value: good, label: Good }, { value: fine, label: Fine }, { value: bad, label: Bad }] }
  - { id: count, prompt: How many?, kind: number, required: false, max: 100 }
  - { id: fast, prompt: Fast?, kind: yes-no, ask-when: { not: { kind: bad } } }
  - { id: many, prompt: Why so many?, kind: choice, choices: [{ value: growth, label: Growth }, { value: habit, label: Habit }], ask-when: { count: { gt: 10 } } }
  - { id: slow, prompt: Why slow?, kind: choice, choices: [{ value: cost, label: Cost }, { value: care, label: Care }], ask-when: { any: [{ fast: no }, { count: { answered: false } }] } }
  - { id: colour, prompt: Colour?, kind: choice, default: red, choices: [{ value: red, label: Red }, { value: blue, label: Blue }] }
  - { id: size, prompt: Size?, kind: choice, choices: [{ value: big, label: Big }, { value: small, label: Small }], ask-when: { kind: fine } }
  - { id: why, prompt: Why big?, kind: choice, choices: [{ value: a, label: A }, { value: b, label: B }], ask-when: { size: big } }
outcomes:
  - { id: way, kind: path, name: Way }
rules:
  - { id: r-good, when: { kind: [good, fine] }, outcome: way }
  - { id: r-bad, when: { kind: bad }, outcome: none }
findings:
  - { id: dead, severity: error, when: { kind: bad }, message: "No way." }
  - { id: slow-way, severity: warning, when: { path: way, fast: no }, message: "Slow." }
  - { id: blue-way, severity: info, when: { colour: blue, many: growth, slow: cost }, message: "Blue." }
  - { id: why-a, severity: info, when: { why: a }, message: "A." }
"#;

/// Where the rulebook schema is knowingly looser than the loader: a default that is none
/// of the question's choices (a schema cannot compare one key with another's values), and
/// a whole number written as a decimal (JSON does not tell 1e2 from 100).
const RULEBOOK_SCHEMA_LOOSER: [(&str, &str); 2] = [
    ("default: red", "default: green"),
    ("required: false, max: 100", "required: false, max: 1e2"),
];

/// The rulebook schema against the loader on variants of a small rulebook, and the answers
/// schema of that rulebook against `recommend` on it: every ask-when form compiled into
/// the schema, and the dead end that settles the verdict.
#[test]
fn the_rulebook_schema_and_the_loader_accept_the_same_rulebooks() {
    let schema: Value = serde_json::from_str(&stdout(
        advisor(&here()).args(["rules", "schema", "rulebook"]),
    ))
    .unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let variants: Vec<(&str, &str)> = vec![
        ("", ""),
        ("version: \"1\"", "version: 1"),
        ("version: \"1\"", "version: 1.5"),
        ("version: \"1\"", "version: ~"),
        ("title: Small", "title: { en: Small, zh: 小 }"),
        ("title: Small", "title: { en: Small, fr: Petit }"),
        ("title: Small", "title: ~"),
        ("title: Small", "title: 7"),
        ("required: false, max: 100", "required: no, max: 100"),
        ("required: false, max: 100", "required: 'false', max: 100"),
        ("required: false, max: 100", "required: false, max: -1"),
        ("required: false, max: 100", "required: false, max: 1.5"),
        ("required: false, max: 100", "required: false, max: '100'"),
        ("required: false, max: 100", "required: false, max: ~"),
        ("required: false, max: 100", "required: Off, max: 100"),
        ("required: false, max: 100", "required: 'YES', max: 100"),
        ("required: false, max: 100", "required: maybe, max: 100"),
        ("required: false, max: 100", "required: 0, max: 100"),
        ("required: false, max: 100", "required: false, max: ' 100 '"),
        ("required: false, max: 100", "required: false, max: '1_000'"),
        ("required: false, max: 100", "required: false, max: '0x10'"),
        ("required: false, max: 100", "required: false, max: '+50'"),
        (
            "required: false, max: 100",
            "required: false, max: '0b1100100'",
        ),
        ("required: false, max: 100", "required: false, max: '0100'"),
        ("required: false, max: 100", "required: false, max: '1__0'"),
        ("version: \"1\"", "version: true"),
        ("kind: yes-no", "kind: Yes-No"),
        ("kind: yes-no", "kind: yes-no, choices: []"),
        (
            "kind: yes-no",
            "kind: yes-no, choices: [{ value: a, label: A }, { value: b, label: B }]",
        ),
        (", { value: care, label: Care }", ""),
        (
            "choices: [{ value: cost, label: Cost }, { value: care, label: Care }], ",
            "",
        ),
        ("default: red", "default: ~"),
        ("severity: info", "severity: fatal"),
        ("id: small,", "id: 7,"),
        ("id: small,", "id: ~,"),
        ("prompt: Fast?", "prompt: { en: Fast? }"),
        ("prompt: Fast?", "prompt: [Fast?]"),
        ("outcomes:", "surprise: 1\noutcomes:"),
        ("findings:", "premises: ~\nfindings:"),
        ("findings:", "tests: ~\nfindings:"),
        (
            "findings:",
            "plans: { settings: [{ key: vswitch-ids, kind: list, prompt: Ids }] }\nfindings:",
        ),
        (
            "findings:",
            "plans: { settings: [{ key: vswitch-ids, kind: array, prompt: Ids }] }\nfindings:",
        ),
        (
            "findings:",
            "plans: { settings: [{ key: vswitch-ids, kind: list }] }\nfindings:",
        ),
        ("findings:", "plans: { secret-keys: token }\nfindings:"),
    ];
    let mut disagreements = Vec::new();
    let (mut loaded, mut refused) = (0, 0);
    for (i, (from, to)) in variants.iter().chain(&RULEBOOK_SCHEMA_LOOSER).enumerate() {
        assert!(SMALL.contains(from), "{from}");
        let text = SMALL.replacen(from, to, 1);
        let file = dir.path().join(format!("{i:02}.yaml"));
        std::fs::write(&file, &text).unwrap();
        let out = advisor(dir.path())
            .arg("--rules")
            .arg(&file)
            .args(["rules", "schema", "answers"])
            .output()
            .unwrap();
        let loads = match out.status.code() {
            Some(0) => true,
            Some(2) => false,
            other => panic!("rules schema exited {other:?} on {to}"),
        };
        let schema_accepts = as_json(&text).is_some_and(|json| validator.is_valid(&json));
        match loads {
            true => loaded += 1,
            false => refused += 1,
        }
        if RULEBOOK_SCHEMA_LOOSER.contains(&(*from, *to)) {
            assert!(!loads && schema_accepts, "{to}");
        } else if loads != schema_accepts {
            disagreements.push(format!(
                "the loader {} but the schema {}: {to}\n{}",
                if loads { "loads it" } else { "refuses it" },
                if schema_accepts {
                    "accepts it"
                } else {
                    "refuses it"
                },
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    assert!(
        loaded >= 5 && refused >= 10,
        "{loaded} loaded, {refused} refused"
    );
}

/// The answers and plan schemas of the small rulebook against `recommend` and `check` on
/// it: every ask-when form compiled into `if`/`then`, and the dead end after which
/// nothing more is demanded, on each combination of answers given and left out.
#[test]
fn the_schemas_of_another_rulebook_require_the_answers_its_conditions_ask_for() {
    let (accepted, rejected) = schemas_and_cli_on_every_combination(
        SMALL,
        &[
            ("kind", &["good", "fine", "bad"]),
            ("count", &["10", "11"]),
            ("fast", &["yes", "false"]),
            ("many", &["growth"]),
            ("slow", &["cost"]),
            ("size", &["big"]),
            ("why", &["a"]),
        ],
    );
    assert!(
        accepted >= 20 && rejected >= 50,
        "{accepted} accepted, {rejected} rejected"
    );
}

/// A rulebook in which answering `a` drops the answer to `k` (asked only while `a` is
/// not answered), and without `k` the answer to `b` matters.
const DROPPED: &str = r#"rulebook: { id: dropped, version: "1", title: Dropped }
questions:
  - { id: a, prompt: A?, kind: yes-no, required: false }
  - { id: k, prompt: K?, kind: choice, choices: [{ value: x, label: Ex }, { value: z, label: Zed }], ask-when: { a: { answered: false } } }
  - { id: b, prompt: B?, kind: yes-no }
outcomes:
  - { id: way, kind: path, name: Way }
rules:
  - { id: r, when: { b: [yes, no] }, outcome: way }
default: { outcome: way }
findings:
  - { id: fb, severity: info, when: { b: yes, not: { k: x } }, message: "B." }
"#;

/// `k: x` settles the verdict only while `k` is asked: the schemas say so, as the CLI,
/// which drops the answer to `k` once `a` is answered, then demands `b`.
#[test]
fn the_schemas_settle_on_answers_only_while_they_are_asked() {
    let (accepted, rejected) = schemas_and_cli_on_every_combination(
        DROPPED,
        &[("a", &["yes"]), ("k", &["x", "z"]), ("b", &["no"])],
    );
    assert!(
        accepted >= 3 && rejected >= 3,
        "{accepted} accepted, {rejected} rejected"
    );
}

/// Every combination of the `options` (each question left out or given one of its
/// values), as an answers file to `recommend` and a plan to `check` on `rulebook`, against
/// its answers and plan schemas; the numbers of answer sets accepted and refused.
fn schemas_and_cli_on_every_combination(
    rulebook: &str,
    options: &[(&str, &[&str])],
) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("small.yaml"), rulebook).unwrap();
    let schema_of = |kind: &str| -> jsonschema::Validator {
        let text = stdout(
            advisor(dir.path())
                .args(["--rules", "small.yaml", "rules", "schema"])
                .arg(kind),
        );
        jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
    };
    let (answers_schema, plan_schema) = (schema_of("answers"), schema_of("plan"));
    let mut sets: Vec<String> = vec![String::new()];
    for (question, values) in options {
        sets = sets
            .into_iter()
            .flat_map(|set| {
                let mut grown = vec![set.clone()];
                grown.extend(values.iter().map(|v| format!("{set}{question}: {v}\n")));
                grown
            })
            .collect();
    }
    let plans = dir.path().join("plans");
    std::fs::create_dir(&plans).unwrap();
    for (i, set) in sets.iter().enumerate() {
        let answers = set.lines().map(|l| format!("  {l}\n")).collect::<String>();
        std::fs::write(
            plans.join(format!("{i:03}.eb-plan.yaml")),
            format!("path: way\nanswers:\n{answers}"),
        )
        .unwrap();
    }
    let report: Value = serde_json::from_str(&stdout(advisor(dir.path()).args([
        "--rules",
        "small.yaml",
        "check",
        "plans",
        "--format",
        "json",
    ])))
    .unwrap();
    let checked = report["plans"].as_array().unwrap();
    assert_eq!(checked.len(), sets.len());
    let mut disagreements = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for (i, (set, result)) in sets.iter().zip(checked).enumerate() {
        assert_eq!(result["file"], format!("plans/{i:03}.eb-plan.yaml"));
        let check_accepts = !result["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "invalid-plan");
        let answers = dir.path().join("answers.yaml");
        std::fs::write(&answers, set).unwrap();
        let recommend = advisor(dir.path())
            .args([
                "--rules",
                "small.yaml",
                "--no-config",
                "recommend",
                "--answers",
            ])
            .arg(&answers)
            .output()
            .unwrap();
        let recommend_accepts = matches!(recommend.status.code(), Some(0 | 1));
        let json = as_json(set).unwrap_or(Value::Null);
        let plan = serde_json::json!({ "path": "way", "answers": json });
        let by_schema = (answers_schema.is_valid(&json), plan_schema.is_valid(&plan));
        match recommend_accepts {
            true => accepted += 1,
            false => rejected += 1,
        }
        if (recommend_accepts, check_accepts) != by_schema {
            disagreements.push(format!(
                "recommend {recommend_accepts}, check {check_accepts}, schemas {by_schema:?}:\n{set}"
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
    (accepted, rejected)
}
