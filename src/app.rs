//! From the command line to an exit code: load the rulebook, parse the arguments against
//! it, run the command, and map the outcome to the contract's exit codes.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};

use crate::cli::{self, Cli, ColorChoice, CommandArgs};
use crate::commands;
use crate::i18n;
use crate::report::Ui;
use crate::rulebook::{self, Rulebook};
use crate::text::Lang;
use crate::yaml::Limits;

/// The contract's exit codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// A path is recommended with no error finding; every plan passed.
    Ok = 0,
    /// An error finding, or a warning under `--fail-level warning`.
    Findings = 1,
    /// Usage or input error.
    Usage = 2,
    /// The questionnaire was interrupted.
    Interrupted = 130,
}

/// A failure that ends the command with a message on stderr.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            exit: Exit::Usage,
            message: message.into(),
        }
    }
}

impl<E: std::error::Error> From<E> for Failure {
    fn from(e: E) -> Failure {
        Failure::usage(e.to_string())
    }
}

/// What every command needs besides its own arguments.
pub struct Context {
    pub rulebook: Rulebook,
    pub ui: Ui,
    pub limits: Limits,
    pub stdout_is_terminal: bool,
}

impl Context {
    pub fn lang(&self) -> Lang {
        self.ui.lang
    }

    /// Whether questions can be asked: a terminal on both ends, and not under CI.
    /// (Standard input is looked at only here: setting it up costs every other run.)
    pub fn can_ask(&self) -> bool {
        self.stdout_is_terminal
            && std::io::stdin().is_terminal()
            && std::env::var_os("CI").is_none()
    }
}

pub fn run(args: Vec<OsString>) -> i32 {
    if let Some(code) = commands::completions::answer_request(&args) {
        return code;
    }
    match try_run(args) {
        Ok(exit) => exit as i32,
        Err(failure) => {
            if !failure.message.is_empty() {
                let mut stderr = std::io::stderr().lock();
                // Messages quote files (names, keys, values): nothing in them may drive
                // the terminal.
                let message = crate::text::escape_controls(failure.message.trim_end());
                let _ = writeln!(stderr, "{message}");
            }
            failure.exit as i32
        }
    }
}

fn try_run(args: Vec<OsString>) -> Result<Exit, Failure> {
    // The rulebook is read before clap runs (its questions become flags), so the size
    // limit that applies to it is looked for first, as `--lang` is.
    let scanned = cli::prescan::scan(&args);
    let lang_hint = i18n::detect(scanned.lang);
    let limits = Limits::for_plans(scanned.max_file_size.unwrap_or(cli::DEFAULT_MAX_FILE_SIZE));
    let rulebook = load_rulebook(scanned.rules.as_deref(), limits.for_rulebooks(), lang_hint)?;
    let cli = match cli::parse(&rulebook, &args, &scanned) {
        Ok(parsed) => parsed,
        Err(e) => {
            let code = if e.use_stderr() {
                Exit::Usage
            } else {
                Exit::Ok
            };
            let _ = crate::cli_errors::print(e, lang_hint);
            return Ok(code);
        }
    };
    let Cli { global, command } = cli;
    let lang = i18n::detect(global.lang.map(Lang::from));
    i18n::set_current(lang);
    let stdout_is_terminal = std::io::stdout().is_terminal();
    let ctx = Context {
        rulebook,
        ui: Ui {
            lang,
            color: use_color(global.color, stdout_is_terminal),
            width: stdout_is_terminal.then(|| console::Term::stdout().size().1 as usize),
        },
        limits: Limits::for_plans(global.max_file_size),
        stdout_is_terminal,
    };
    let result = match command {
        Some(CommandArgs::Recommend(args)) => commands::recommend::run(&ctx, &args),
        Some(CommandArgs::Ask(args)) => commands::ask::run(&ctx, &args),
        Some(CommandArgs::Check(args)) => commands::check::run(&ctx, &args),
        Some(CommandArgs::Paths(args)) => commands::paths::run(&ctx, &args),
        Some(CommandArgs::Rules(args)) => {
            commands::rules::run(&ctx, &args, global.rules.as_deref())
        }
        Some(CommandArgs::Completions(args)) => commands::completions::run(&ctx, &args),
        Some(CommandArgs::Man(args)) => commands::man::run(&ctx, &args),
        None => {
            if ctx.can_ask() {
                let args = cli::AskArgs {
                    answers: Default::default(),
                    save: None,
                    save_plan: None,
                };
                commands::ask::run(&ctx, &args)
            } else {
                let usage = cli::command(&ctx.rulebook).render_usage();
                Err(Failure::usage(format!(
                    "{usage}\n\n{}",
                    i18n::tr(
                        lang,
                        "No terminal to ask questions in. Run `eb-advisor recommend --help` for one-shot flags, or `eb-advisor --help`.",
                        "没有可用于提问的终端。一次性参数见 `eb-advisor recommend --help`，或运行 `eb-advisor --help`。"
                    )
                )))
            }
        }
    };
    // The process ends right after: freeing the rulebook piece by piece would cost time
    // for nothing.
    std::mem::forget(ctx);
    result
}

fn load_rulebook(
    path: Option<&std::path::Path>,
    limits: Limits,
    lang: Lang,
) -> Result<Rulebook, Failure> {
    let result = match path {
        Some(path) => rulebook::load_file(path, limits),
        None => Ok(crate::embedded::rulebook()),
    };
    result.map_err(|diagnostics| {
        Failure::usage(format!(
            "{}\n{}",
            i18n::tr(
                lang,
                "error: the rulebook cannot be used:",
                "错误：规则库无法使用："
            ),
            diagnostics
        ))
    })
}

fn use_color(choice: ColorChoice, stdout_is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout_is_terminal
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
        }
    }
}

/// Writes to stdout; a reader that went away (`| head`) ends the output quietly.
pub fn emit(text: &str) -> Result<(), Failure> {
    let mut stdout = std::io::stdout().lock();
    stdout_written(
        stdout
            .write_all(text.as_bytes())
            .and_then(|_| stdout.flush()),
    )
    .map(|_| ())
}

/// What a write to stdout came to: `Ok(true)` written, `Ok(false)` when the reader went
/// away (`| head`), which ends the output quietly rather than as a failure; any other
/// failure is reported. Every write to stdout goes through here.
pub fn stdout_written(result: std::io::Result<()>) -> Result<bool, Failure> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(e) => Err(Failure::usage(format!(
            "{}{e}",
            i18n::tr(
                i18n::current(),
                "error: cannot write the output: ",
                "错误：无法写入输出："
            )
        ))),
    }
}
