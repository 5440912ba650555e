//! Completions, man pages and --version through the real binary.

use crate::support;

use support::advisor;

fn stdout(args: &[&str]) -> String {
    let out = advisor().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn version_names_the_rulebook() {
    let v = stdout(&["--version"]);
    assert!(v.starts_with("eb-advisor "), "{v}");
    assert!(v.contains("rulebook eventbridge-integrate-events"), "{v}");
}

#[test]
fn completion_scripts_ask_the_binary_in_every_shell() {
    // What each shell offers is tested by running it (tests/it/completions.rs); here, that
    // every script registers the command and calls back into this binary.
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        for needle in ["eb-advisor", "EB_ADVISOR_COMPLETE"] {
            assert!(script.contains(needle), "{shell} completions lack {needle}");
        }
    }
}

#[test]
fn the_man_page_names_every_variable_the_binary_reads() {
    for (lang, heading) in [("en", ".SH ENVIRONMENT"), ("zh", ".SH \\[u73AF]")] {
        let page = stdout(&["man", "--lang", lang]);
        let lines: Vec<&str> = page.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with(heading))
            .unwrap_or_else(|| panic!("no environment section in the {lang} man page"));
        let end = lines[start + 1..]
            .iter()
            .position(|l| l.starts_with(".SH"))
            .map_or(lines.len(), |e| start + 1 + e);
        let environment = lines[start..end].join("\n");
        for var in support::READ_BY_THE_BINARY {
            assert!(
                environment.contains(var),
                "{var} is not in the {lang} man page's environment section:\n{environment}"
            );
        }
    }
}

#[test]
fn the_man_page_has_flags_exit_codes_and_examples() {
    let page = stdout(&["man"]);
    assert!(page.contains(".TH eb-advisor 1"), "{page}");
    for section in [
        "SYNOPSIS",
        "OPTIONS",
        "SUBCOMMANDS",
        "EXIT STATUS",
        "ENVIRONMENT",
        "EXAMPLES",
        "SEE ALSO",
    ] {
        assert!(
            page.contains(&format!(".SH {section}"))
                || page.contains(&format!(".SH \"{section}\"")),
            "no {section} section in the man page"
        );
    }
    // after_help goes into EXAMPLES, EXIT STATUS and DESCRIPTION, not clap's "EXTRA".
    assert!(!page.contains(".SH EXTRA"), "{page}");
    // The examples come from the rulebook, as the --help ones do.
    assert!(page.contains("recommend \\-\\-goal"), "{page}");
    // NAME is one short line: the rulebook's title.
    let name = page
        .lines()
        .skip_while(|l| *l != ".SH NAME")
        .nth(1)
        .unwrap_or_default();
    assert!(name.len() < 80, "{name}");
    // --help prints the one help there is.
    assert!(!page.contains("see a summary"), "{page}");
}

#[test]
fn man_dir_writes_a_page_per_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    advisor()
        .args(["man", "--dir"])
        .arg(dir.path())
        .assert()
        .success();
    for sub in [
        "eb-advisor.1",
        "eb-advisor-ask.1",
        "eb-advisor-recommend.1",
        "eb-advisor-check.1",
        "eb-advisor-paths.1",
    ] {
        let page = std::fs::read_to_string(dir.path().join(sub))
            .unwrap_or_else(|_| panic!("{sub} missing"));
        assert!(page.contains(".SH \"EXIT STATUS\""), "{sub}");
    }
    let recommend = std::fs::read_to_string(dir.path().join("eb-advisor-recommend.1")).unwrap();
    assert!(
        recommend.contains("database"),
        "answer flags in the recommend page"
    );
}

/// The shared test environment removes every variable the binary reads: each name the
/// source passes to `env::var`/`var_os` (directly, or as the language variables and
/// the completion request) is in `support::READ_BY_THE_BINARY`, so that a variable
/// added to the binary cannot leak from a developer's shell into the tests unseen.
#[test]
fn the_test_environment_scrubs_every_variable_the_binary_reads() {
    let files: Vec<String> = crate::support::rust_files_under(std::path::Path::new("src"))
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    let mut read: Vec<String> = vec!["LC_ALL".into(), "LC_MESSAGES".into(), "LANG".into()];
    for text in &files {
        for call in ["var(\"", "var_os(\"", "REQUEST_VAR: &str = \""] {
            for (i, _) in text.match_indices(call) {
                let rest = &text[i + call.len()..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                    .collect();
                if !name.is_empty() && rest[name.len()..].starts_with('"') {
                    read.push(name);
                }
            }
        }
    }
    assert!(read.iter().any(|v| v == "GITHUB_ACTIONS"), "{read:?}");
    for var in read.iter().filter(|v| *v != "TERM") {
        assert!(
            support::READ_BY_THE_BINARY.contains(&var.as_str()),
            "the binary reads {var}: add it to tests/it/support/mod.rs"
        );
    }
}
