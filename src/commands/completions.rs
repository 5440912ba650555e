//! `completions SHELL`: the shell's side of completion, and the binary's answers to it.
//!
//! The script that `completions SHELL` prints is small: at each Tab the shell runs
//! `eb-advisor` again with [`REQUEST_VAR`] set and the words typed so far, and the binary
//! answers from the command it would itself parse (clap_complete's dynamic engine). So
//! the values offered are those of the rulebook the completed line would load (`--rules`
//! typed on the line, else `EB_ADVISOR_RULES`, else the built-in one): `--database <TAB>`
//! offers the database question's values, `check --format <TAB>` the formats, in bash,
//! zsh, fish, PowerShell and elvish alike.
//!
//! Why not the static scripts clap_complete also generates: their bash script names its
//! states after the binary with `-` replaced in one place and not in the other, so for
//! `eb-advisor` no subcommand ever completes anything but file names; and the PowerShell
//! and elvish scripts complete no values at all.

use std::ffi::{OsStr, OsString};

use clap::{Command, ValueEnum};
use clap_complete::engine::{
    ArgValueCandidates, ArgValueCompleter, CompletionCandidate, PathCompleter, ValueCompleter,
};
use clap_complete::env::{CompleteEnv, Shells};

use crate::cli::{self, CheckFormat, CompletionsArgs};
use crate::outcome::{emit, Context, Exit, Failure};
use crate::rulebook::{self, QuestionKind, Rulebook};
use crate::text::Lang;
use crate::yaml::Limits;

/// Set (to the shell's name) by the completion scripts when they ask for candidates.
/// Not clap_complete's default `COMPLETE`: a variable of that common name left in a
/// user's environment would turn every run into a completion request.
pub const REQUEST_VAR: &str = "EB_ADVISOR_COMPLETE";

/// The name the shells complete.
const BIN: &str = "eb-advisor";

pub fn run(_ctx: &Context, args: &CompletionsArgs) -> Result<Exit, Failure> {
    let name = args.shell.to_string();
    let shells = Shells::builtins();
    let shell = shells.completer(&name).ok_or_else(|| {
        Failure::usage(format!(
            "error: no completion support for {name}; supported: {}",
            shells.names().collect::<Vec<_>>().join(", ")
        ))
    })?;
    let script = if name == "bash" {
        bash_registration(&completer())
    } else {
        let mut script = Vec::new();
        // Written into memory: nothing can fail but the writing to stdout below.
        shell
            .write_registration(REQUEST_VAR, BIN, BIN, &completer(), &mut script)
            .map_err(|e| Failure::stdout(&e))?;
        String::from_utf8_lossy(&script).into_owned()
    };
    emit(&script)?;
    Ok(Exit::Ok)
}

/// The program the script runs at each Tab: this binary as it was invoked, made absolute
/// when it was invoked by a path (`./target/release/eb-advisor`), left to the shell's
/// PATH when invoked by name; the same rule clap_complete's own registration follows.
fn completer() -> String {
    let invoked = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| BIN.into());
    let path = if invoked.components().count() > 1 {
        std::env::current_dir()
            .map(|cwd| cwd.join(&invoked))
            .unwrap_or(invoked)
    } else {
        invoked
    };
    path.to_string_lossy().into_owned()
}

/// Answers a completion request when [`REQUEST_VAR`] is set: returns the exit code, or
/// `None` for an ordinary run. Called before anything else is read or printed.
pub fn answer_request(args: &[OsString]) -> Option<i32> {
    std::env::var_os(REQUEST_VAR).filter(|v| !v.is_empty() && v != "0")?;
    // The words being completed follow the first `--`; the first of them is the command.
    let words: Vec<OsString> = args
        .iter()
        .skip_while(|a| *a != "--")
        .skip(1)
        .cloned()
        .collect();
    let rulebook = rulebook_for(&words);
    let current_dir = std::env::current_dir().ok();
    let answered = CompleteEnv::with_factory(|| completing_command(&rulebook))
        .var(REQUEST_VAR)
        .bin(BIN)
        .try_complete(args.iter().cloned(), current_dir.as_deref());
    // A request that cannot be answered offers nothing: the shell falls back to its own
    // completion, and nothing is printed that it would take for candidates.
    Some(match answered {
        Ok(_) => 0,
        Err(_) => 1,
    })
}

/// The rulebook the completed line would load. One that cannot be loaded (still being
/// typed, or broken) leaves the built-in one: flags, formats and file names still complete.
fn rulebook_for(words: &[OsString]) -> Rulebook {
    let limits = Limits::for_plans(cli::DEFAULT_MAX_FILE_SIZE).for_rulebooks();
    cli::prescan::scan(words)
        .rules
        .and_then(|path| rulebook::load_file(&path, limits).ok())
        .unwrap_or_else(crate::embedded::rulebook)
}

/// The command that completion requests are answered from: the documented one, with the
/// values that no parser lists: `--answer ID=VALUE` (the ids, then that question's
/// values), `--output FORMAT=FILE` (the formats, then file names) and `paths ID` (the
/// outcome ids).
fn completing_command(rb: &Rulebook) -> Command {
    let answers = answer_completer(rb);
    let outcomes: Vec<(String, String)> = rb
        .outcomes
        .iter()
        .map(|o| (o.id.clone(), o.name.get(Lang::En).to_string()))
        .collect();
    let mut command = cli::documented_command(rb);
    for name in ["ask", "recommend"] {
        let answers = answers.clone();
        command = command.mut_subcommand(name, |c| arg_with(c, "answer", answers));
    }
    let outcomes = ArgValueCandidates::new(move || {
        outcomes
            .iter()
            .map(|(id, name)| CompletionCandidate::new(id).help(Some(name.into())))
            .collect::<Vec<_>>()
    });
    command
        .mut_subcommand("check", |c| {
            arg_with(c, "outputs", ArgValueCompleter::new(output_candidates))
        })
        .mut_subcommand("paths", |c| arg_with(c, "id", outcomes))
}

/// `command` with `extension` on its argument `id`. The derive adds a subcommand's
/// arguments only when the command is built, so it is built first.
fn arg_with(mut command: Command, id: &str, extension: impl clap::builder::ArgExt) -> Command {
    command.build();
    command.mut_arg(id, |a| a.add(extension))
}

/// `ID=` for each question until the `=` is typed, then `ID=VALUE` for that question's
/// values (numbers have none to offer).
fn answer_completer(rb: &Rulebook) -> ArgValueCompleter {
    let questions: Vec<(String, String, Vec<String>)> = rb
        .questions
        .iter()
        .map(|q| {
            let values = match q.kind {
                QuestionKind::Choice => q.choices.iter().map(|c| c.value.clone()).collect(),
                QuestionKind::YesNo => vec!["yes".into(), "no".into()],
                QuestionKind::Number => Vec::new(),
            };
            (q.id.clone(), q.prompt.get(Lang::En).to_string(), values)
        })
        .collect();
    ArgValueCompleter::new(move |current: &OsStr| {
        let current = current.to_string_lossy();
        match current.split_once('=') {
            None => questions
                .iter()
                .filter(|(id, ..)| id.starts_with(&*current))
                .map(|(id, prompt, _)| {
                    CompletionCandidate::new(format!("{id}=")).help(Some(prompt.clone().into()))
                })
                .collect(),
            Some((id, typed)) => questions
                .iter()
                .filter(|(q, ..)| q == id)
                .flat_map(|(_, _, values)| values)
                .filter(|v| v.starts_with(typed))
                .map(|v| CompletionCandidate::new(format!("{id}={v}")))
                .collect(),
        }
    })
}

/// `FORMAT=` for each report format until the `=` is typed, then file names after it.
fn output_candidates(current: &OsStr) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    match current.split_once('=') {
        None => CheckFormat::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value())
            .map(|v| format!("{}=", v.get_name()))
            .filter(|v| v.starts_with(&*current))
            .map(CompletionCandidate::new)
            .collect(),
        Some((format, file)) => {
            let prefix = format!("{format}=");
            PathCompleter::any()
                .complete(OsStr::new(file))
                .into_iter()
                .map(|c| {
                    let value = format!("{prefix}{}", c.get_value().to_string_lossy());
                    CompletionCandidate::new(value)
                })
                .collect()
        }
    }
}

/// The bash registration: clap_complete's, except for the words it hands the binary.
/// bash splits the line at the characters of `COMP_WORDBREAKS`, `=` and `:` among them,
/// so `--answer database=my` reaches a completion function as `database`, `=`, `my`, and
/// clap_complete's own script passes those words on as they are: the binary then
/// completes `my` as a new argument (`--answer database=--`). This script joins the words
/// that no blank separates back into the word that was typed, hands the binary those,
/// and takes off each candidate the part of the word that readline does not replace.
fn bash_registration(completer: &str) -> String {
    // Quoted for the shell: the path may hold blanks or quotes.
    let completer = format!("'{}'", completer.replace('\'', r"'\''"));
    r#"
_eb_advisor_complete() {
    local IFS=$'\013'
    local _CLAP_COMPLETE_COMP_TYPE=${COMP_TYPE}
    if compopt +o nospace 2> /dev/null; then
        local _CLAP_COMPLETE_SPACE=false
    else
        local _CLAP_COMPLETE_SPACE=true
    fi
    # The words as typed: a word that no blank separates from the one before was split
    # off it at a COMP_WORDBREAKS character, and is joined back on.
    local rest=${COMP_LINE:0:COMP_POINT} word trimmed i
    local -a words=()
    local index=-1 kept=
    for ((i = 0; i <= COMP_CWORD; i++)); do
        trimmed=${rest#"${rest%%[![:space:]]*}"}
        word=${COMP_WORDS[i]}
        # The word under the cursor ends at the cursor: it is what is left of the line.
        if ((i == COMP_CWORD)); then
            word=$trimmed
        fi
        if ((i > 0)) && [[ $trimmed == "$rest" ]]; then
            words[index]+=$word
        else
            index=$((index + 1))
            words[index]=$word
        fi
        rest=${trimmed#"$word"}
    done
    # What bash keeps of the word being completed: readline replaces only the text after
    # its last COMP_WORDBREAKS character.
    word=${words[index]}
    kept=${word%"${word##*[$COMP_WORDBREAKS]}"}
    local -a candidates
    candidates=( $( \
        _CLAP_IFS="$IFS" \
        _CLAP_COMPLETE_INDEX="$index" \
        _CLAP_COMPLETE_COMP_TYPE="$_CLAP_COMPLETE_COMP_TYPE" \
        _CLAP_COMPLETE_SPACE="$_CLAP_COMPLETE_SPACE" \
        VAR="bash" \
        COMPLETER -- "${words[@]}" \
    ) )
    if [[ $? != 0 ]]; then
        unset COMPREPLY
        return
    fi
    COMPREPLY=()
    for word in "${candidates[@]}"; do
        [[ $word == "$kept"* ]] && COMPREPLY+=("${word#"$kept"}")
    done
    if [[ $_CLAP_COMPLETE_SPACE == false ]] && [[ "${COMPREPLY-}" =~ [=/:]$ ]]; then
        compopt -o nospace
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -o nospace -o bashdefault -o nosort -F _eb_advisor_complete BIN
else
    complete -o nospace -o bashdefault -F _eb_advisor_complete BIN
fi
"#
    .replace("BIN", BIN)
    .replace("COMPLETER", &completer)
    .replace("VAR", REQUEST_VAR)
}
