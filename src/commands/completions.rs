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

use std::ffi::OsString;

use clap_complete::env::{CompleteEnv, Shells};

use crate::cli::{self, CompletionsArgs};
use crate::outcome::{emit, Context, Exit, Failure};
use crate::rulebook::{self, Rulebook};
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
    let mut script = Vec::new();
    // Written into memory: nothing can fail but the writing to stdout below.
    shell
        .write_registration(REQUEST_VAR, BIN, BIN, &completer(), &mut script)
        .map_err(|e| Failure::stdout(&e))?;
    emit(&String::from_utf8_lossy(&script))?;
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
    let answered = CompleteEnv::with_factory(|| cli::documented_command(&rulebook))
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
