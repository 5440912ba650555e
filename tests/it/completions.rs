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

/// The cases every shell whose words are split at blanks alone must answer alike: a
/// value after `=` is offered with what comes before it, which the shell replaces.
/// (bash splits at `=` too; tests/it/completions.rs drives readline itself for that.)
fn after_equals_signs() -> Vec<(String, Vec<&'static str>)> {
    vec![
        (
            "eb-advisor recommend --answer database=".into(),
            vec!["database=mysql", "database=postgresql", "database=other"],
        ),
        (
            "eb-advisor ask --answer automation=".into(),
            vec!["automation=yes", "automation=no"],
        ),
        (
            "eb-advisor recommend --answer datab".into(),
            vec!["database="],
        ),
        (
            "eb-advisor check --output ".into(),
            vec!["text=", "json=", "github=", "sarif=", "junit=", "markdown="],
        ),
        (
            format!("eb-advisor --rules {COLOUR} recommend --answer colour="),
            vec!["colour=red", "colour=blue"],
        ),
    ]
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
        ("eb-advisor paths con".into(), vec!["console-webhook"]),
        ("eb-advisor check --output sa".into(), vec!["sarif="]),
        ("eb-advisor recommend --data".into(), vec!["--database"]),
        // The rulebook the completed line would load decides the flags and values.
        (
            format!("eb-advisor --rules {COLOUR} recommend --colour "),
            vec!["red", "blue"],
        ),
    ]
}

fn assert_offers(shell_name: &str, complete: impl Fn(&str) -> Vec<String>) {
    let mut cases = expectations();
    if shell_name != "bash" {
        cases.extend(after_equals_signs());
    }
    for (line, expected) in cases {
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

/// bash, interactive in a pseudo-terminal, with the completion script sourced and
/// `eb-advisor` also defined as a function that prints the words it is run with: readline
/// itself completes at each Tab (splitting at `=` as bash does), and Enter shows the line
/// it made. The completions still run the binary, by the path the script names.
fn interactive_bash() -> rexpect::session::PtySession {
    let mut bash = Command::new("bash");
    support::scrub(&mut bash)
        .args(["--norc", "--noprofile", "-i"])
        .env("TERM", "xterm")
        .env("INPUTRC", "/dev/null")
        .env("PS1", "$ ")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    let mut p = rexpect::session::spawn_command(bash, Some(15_000)).expect("start bash");
    let setup = format!(
        "source <({} completions bash) && eb-advisor() {{ printf 'ran:%s\\n' \"$*\"; }} && echo ready\r",
        quoted(BIN)
    );
    p.send(&setup).unwrap();
    p.flush().unwrap();
    p.exp_string("ready\r\n").expect("the script sourced");
    p
}

/// Types `keys` (with Tabs) and Enter, and returns the line the function was run with.
fn completed_by_readline(keys: &str) -> String {
    let mut p = interactive_bash();
    p.send(keys).unwrap();
    p.flush().unwrap();
    // Each Tab runs the binary; give it time before the next key.
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("ran:").expect("the line ran");
    let line = p.exp_string("\r\n").expect("the line it ran with");
    leave(p);
    line.trim_end().to_string()
}

/// Ends the shell at once: an interactive bash ignores the SIGTERM that a dropped session
/// sends, and the drop would wait for it.
fn leave(mut p: rexpect::session::PtySession) {
    p.process_mut()
        .kill(rexpect::process::Signal::SIGKILL)
        .expect("end bash");
}

#[test]
fn bash_completes_an_answer_value_after_the_equals_sign() {
    if !have("bash") {
        return;
    }
    assert_eq!(
        completed_by_readline("eb-advisor recommend --answer datab\t"),
        "recommend --answer database="
    );
    assert_eq!(
        completed_by_readline("eb-advisor recommend --answer database=po\t"),
        "recommend --answer database=postgresql"
    );
    assert_eq!(
        completed_by_readline("eb-advisor check --output sa\tREADM\t"),
        "check --output sarif=README.md"
    );
    assert_eq!(
        completed_by_readline("eb-advisor paths console-w\t"),
        "paths console-webhook"
    );
}

#[test]
fn bash_lists_the_values_of_an_answer_at_a_double_tab() {
    if !have("bash") {
        return;
    }
    let mut p = interactive_bash();
    p.send("eb-advisor recommend --answer database=\t\t")
        .unwrap();
    p.flush().unwrap();
    p.exp_regex(r"mysql\s+postgresql\s+other")
        .expect("the values listed, without the id before them");
    leave(p);
}
