//! Completions, man pages and --version through the real binary.

use assert_cmd::Command;

fn advisor() -> Command {
    let mut cmd = Command::cargo_bin("eb-advisor").unwrap();
    cmd.env_remove("EB_ADVISOR_RULES").env("LANG", "C");
    cmd
}

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
    // What each shell offers is tested by running it (tests/completions.rs); here, that
    // every script registers the command and calls back into this binary.
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        for needle in ["eb-advisor", "EB_ADVISOR_COMPLETE"] {
            assert!(script.contains(needle), "{shell} completions lack {needle}");
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
