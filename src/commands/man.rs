//! `man`: roff manual pages for the command and each subcommand, with the loaded
//! rulebook's answer flags, the exit codes and the environment.

use std::path::Path;

use roff::{bold, roman, Roff};

use crate::app::{emit, Context, Exit, Failure};
use crate::cli::{self, ManArgs};
use crate::fsutil::write_atomically;
use crate::i18n::{current, tr};

fn error() -> &'static str {
    tr(current(), "error: ", "错误：")
}

pub fn run(ctx: &Context, args: &ManArgs) -> Result<Exit, Failure> {
    let mut command = cli::documented_command(&ctx.rulebook).disable_help_subcommand(true);
    command.build();
    match &args.dir {
        None => emit(&page(&command)?)?,
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| Failure::usage(format!("{}{}: {e}", error(), dir.display())))?;
            write_page(dir, &command)?;
            for sub in command.get_subcommands() {
                write_page(dir, sub)?;
            }
        }
    }
    Ok(Exit::Ok)
}

fn write_page(dir: &Path, command: &clap::Command) -> Result<(), Failure> {
    let name = clap_mangen::Man::new(command.clone()).get_filename();
    let path = dir.join(&name);
    write_atomically(&path, page(command)?.as_bytes())
        .map_err(|e| Failure::usage(format!("{}{}: {e}", error(), path.display())))?;
    emit(&format!("{}\n", path.display()))
}

/// One page: clap's sections, then exit status and environment, which clap cannot know.
fn page(command: &clap::Command) -> Result<String, Failure> {
    let man = clap_mangen::Man::new(command.clone()).manual("eb-advisor manual");
    let mut out = Vec::new();
    man.render(&mut out).map_err(|e| {
        Failure::usage(format!(
            "{}{e}",
            tr(
                current(),
                "error: cannot render the man page: ",
                "错误：无法生成手册页："
            )
        ))
    })?;
    let mut extra = Roff::new();
    extra.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in EXIT_CODES {
        extra
            .control("TP", [])
            .text([bold(code)])
            .text([roman(meaning)]);
    }
    extra.control("SH", ["ENVIRONMENT"]);
    for (var, meaning) in ENVIRONMENT {
        extra
            .control("TP", [])
            .text([bold(var)])
            .text([roman(meaning)]);
    }
    extra.control("SH", ["SEE ALSO"]);
    extra.text([roman(
        "eb-advisor-ask(1), eb-advisor-recommend(1), eb-advisor-check(1), eb-advisor-paths(1); the rulebook format in docs/rulebook.md",
    )]);
    let mut page = String::from_utf8_lossy(&out).into_owned();
    page.push_str(&extra.render());
    Ok(page)
}

const EXIT_CODES: [(&str, &str); 4] = [
    ("0", "A path is recommended with no error finding; every plan passed."),
    ("1", "An error finding (no supported path, a requirement conflict, a failed plan), or a warning under --fail-level warning."),
    ("2", "Usage or input error: a bad flag or value, missing answers in a non-interactive run, an unreadable or invalid rulebook or answers file, no plan found."),
    ("130", "The questionnaire was interrupted; nothing half-written is left behind."),
];

const ENVIRONMENT: [(&str, &str); 6] = [
    (
        "EB_ADVISOR_RULES",
        "A rulebook to use instead of the embedded one (as --rules).",
    ),
    (
        "LC_ALL, LC_MESSAGES, LANG",
        "The output language when --lang is not given (zh_CN.UTF-8 gives Chinese).",
    ),
    (
        "NO_COLOR",
        "Set to anything to turn colour off (as --color never).",
    ),
    ("CI", "When set, the questionnaire never prompts."),
    (
        "GITHUB_ACTIONS",
        "When true and check has no --format, GitHub annotations are printed with the text.",
    ),
    ("TERM", "dumb turns colour off."),
];
