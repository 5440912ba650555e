//! Completions driven through the real shells: each test sources the script that
//! `eb-advisor completions SHELL` prints into the shell itself and reads back what the
//! shell would offer at a Tab.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::tools::have;

use support::BIN;
const COLOUR: &str = "tests/fixtures/rulebooks/colour.yaml";
const FORMATS: &[&str] = &["text", "json", "github", "sarif", "junit", "markdown"];

/// A shell run with the environment the completions depend on scrubbed.
fn shell(program: &str, args: &[&str]) -> String {
    let out = support::scrub(&mut Command::new(program))
        .args(args)
        .env("LANG", "C")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The words of `line` (the last may be empty: the word under the cursor).
fn words(line: &str) -> Vec<String> {
    let mut words: Vec<String> = line.split_whitespace().map(String::from).collect();
    if line.ends_with(' ') {
        words.push(String::new());
    }
    words
}

fn quoted(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// What bash offers for `line`: the completion function the script registers, called as
/// `complete -F` calls it (COMP_WORDS, COMP_CWORD and the three arguments).
fn bash(line: &str) -> Vec<String> {
    let words = words(line);
    let cword = words.len() - 1;
    let script = format!(
        r#"source <({bin} completions bash)
spec=$(complete -p eb-advisor) || exit 3
function=$(sed -E 's/.* -F ([^ ]+) .*/\1/' <<<"$spec")
COMP_LINE={line}
COMP_POINT=${{#COMP_LINE}}
COMP_WORDS=({words})
COMP_CWORD={cword}
"$function" eb-advisor {cur} {prev}
printf '%s\n' "${{COMPREPLY[@]}}""#,
        bin = quoted(BIN),
        line = quoted(line),
        words = words
            .iter()
            .map(|w| quoted(w))
            .collect::<Vec<_>>()
            .join(" "),
        cur = quoted(&words[cword]),
        prev = quoted(&words[cword - 1]),
    );
    lines(&shell("bash", &["--norc", "--noprofile", "-c", &script]))
}

/// What fish offers for `line`: `complete -C` asks fish's own completion machinery.
fn fish(line: &str) -> Vec<String> {
    let script = format!(
        "{} completions fish | source; complete -C {}",
        quoted(BIN),
        quoted(line)
    );
    let out = shell("fish", &["--no-config", "-c", &script]);
    // fish prints `value<TAB>description`.
    lines(&out)
        .into_iter()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

/// What zsh offers for `line`: the script's completer function run in zsh with `words`
/// and `CURRENT` set as compsys sets them. compsys itself needs a line editor to run in,
/// so its `_describe` (which hands the candidates to the editor) is replaced by one that
/// prints them, and `compdef` (which registers the function) by a no-op.
fn zsh(line: &str) -> Vec<String> {
    let words = words(line);
    let script = format!(
        r#"compdef() {{ registered=$1 }}
_describe() {{ shift 2; print -rl -- "${{(@P)1}}" }}
source <({bin} completions zsh)
[[ -n $registered ]] || exit 3
words=({words})
CURRENT={current}
"$registered""#,
        bin = quoted(BIN),
        words = words
            .iter()
            .map(|w| quoted(w))
            .collect::<Vec<_>>()
            .join(" "),
        current = words.len(),
    );
    // `value:description`; a value's own `:` would be escaped as `\:`.
    lines(&shell("zsh", &["-f", "-c", &script]))
        .into_iter()
        .map(|l| l.split(':').next().unwrap_or_default().to_string())
        .collect()
}

/// What elvish offers for `line`: the script's arg-completer called with the words. The
/// `edit:` module exists only at an interactive prompt, so the completer the script
/// assigns to `edit:completion:arg-completer[eb-advisor]` is bound to a variable instead.
fn elvish(line: &str) -> Vec<String> {
    let registration = shell(BIN, &["completions", "elvish"]);
    let assignment = "set edit:completion:arg-completer[eb-advisor] =";
    assert!(
        registration.contains(assignment),
        "the elvish script no longer registers through {assignment}:\n{registration}"
    );
    let script = format!(
        "{}\n$completer {}\n",
        registration.replace(assignment, "var completer ="),
        words(line)
            .iter()
            .map(|w| quoted(w))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("complete.elv");
    std::fs::write(&file, script).unwrap();
    lines(&shell("elvish", &["-norc", file.to_str().unwrap()]))
}

/// What the binary answers PowerShell's script with: the script runs the completer with
/// `-- <the line>` and `''` for an empty current word, and reads `value<TAB>help` lines.
fn powershell(line: &str) -> Vec<String> {
    let mut args = vec!["--".to_string()];
    args.extend(words(line));
    let out = support::command()
        .args(&args)
        .env("EB_ADVISOR_COMPLETE", "powershell")
        .output()
        .unwrap();
    assert!(out.status.success());
    lines(&String::from_utf8(out.stdout).unwrap())
        .into_iter()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

fn lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect()
}

/// The cases every shell must answer alike.
fn expectations() -> Vec<(String, Vec<&'static str>)> {
    vec![
        (
            "eb-advisor recommend --database ".into(),
            vec!["mysql", "postgresql", "other"],
        ),
        ("eb-advisor check --format ".into(), FORMATS.to_vec()),
        ("eb-advisor ask --automation ".into(), vec!["yes", "no"]),
        ("eb-advisor recomm".into(), vec!["recommend"]),
        ("eb-advisor recommend --data".into(), vec!["--database"]),
        // The rulebook the completed line would load decides the flags and values.
        (
            format!("eb-advisor --rules {COLOUR} recommend --colour "),
            vec!["red", "blue"],
        ),
    ]
}

fn assert_offers(shell_name: &str, complete: impl Fn(&str) -> Vec<String>) {
    for (line, expected) in expectations() {
        assert_eq!(
            complete(&line),
            expected,
            "{shell_name}: completing `{line}`"
        );
    }
}

#[test]
fn bash_completes_subcommands_flags_and_answer_values() {
    assert_offers("bash", bash);
}

#[test]
fn bash_completes_file_names_for_plan_paths() {
    let offered = bash("eb-advisor check examples/plans/");
    assert!(
        offered.iter().any(|f| f.ends_with(".eb-plan.yaml")),
        "{offered:?}"
    );
}

#[test]
fn fish_completes_subcommands_flags_and_answer_values() {
    if have("fish") {
        assert_offers("fish", fish);
    }
}

#[test]
fn zsh_completes_subcommands_flags_and_answer_values() {
    if have("zsh") {
        assert_offers("zsh", zsh);
    }
}

#[test]
fn elvish_completes_subcommands_flags_and_answer_values() {
    if have("elvish") {
        assert_offers("elvish", elvish);
    }
}

#[test]
fn powershell_requests_are_answered_with_the_same_values() {
    assert_offers("powershell", powershell);
}

#[test]
fn a_rulebook_that_cannot_be_loaded_leaves_the_built_in_one() {
    assert!(Path::new("tests/fixtures").is_dir());
    assert_eq!(
        bash("eb-advisor --rules no-such-rulebook.yaml recommend --database "),
        ["mysql", "postgresql", "other"]
    );
}
