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
const BUILT_IN: [&str; 5] = [
    "invalid-plan",
    "plaintext-secret",
    "rulebook-version-mismatch",
    "unused-acknowledgement",
    "unasked-answer",
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

/// The plan cases: every one the schema and the CLI once disagreed on, and their kin.
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
    cases
}

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
    for (i, (plan, result)) in cases.iter().zip(plans).enumerate() {
        assert_eq!(result["file"], format!("{i:03}.eb-plan.yaml"));
        let check_accepts = !result["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == "invalid-plan");
        let schema_accepts = as_json(plan).is_some_and(|json| validator.is_valid(&json));
        if check_accepts {
            accepted += 1;
        } else {
            rejected += 1;
        }
        if check_accepts != schema_accepts {
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
