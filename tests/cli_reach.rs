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
fn completions_offer_the_answer_flags_and_their_values_in_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = stdout(&["completions", shell]);
        // fish spells long flags `-l database`; the others `--database`.
        let flag = |name: &str| {
            if shell == "fish" {
                format!("-l {name}")
            } else {
                format!("--{name}")
            }
        };
        for needle in [flag("database"), flag("monthly-volume"), flag("can-code")] {
            assert!(
                script.contains(&needle),
                "{shell} completions lack {needle}"
            );
        }
        for needle in ["recommend", "check"] {
            assert!(script.contains(needle), "{shell} completions lack {needle}");
        }
        // clap_complete's PowerShell and Elvish scripts complete flags, not their values.
        if ["bash", "zsh", "fish"].contains(&shell) {
            for needle in ["postgresql", "capture-db-changes"] {
                assert!(script.contains(needle), "{shell} completions lack {needle}");
            }
        }
    }
}

#[test]
fn completions_follow_another_rulebook() {
    let script = stdout(&[
        "--rules",
        "tests/fixtures/rulebooks/colour.yaml",
        "completions",
        "bash",
    ]);
    assert!(
        script.contains("--colour") && script.contains("blue"),
        "{script}"
    );
    assert!(!script.contains("--database"));
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
