//! From the command line to an exit code: load the rulebook, parse the arguments against
//! it, run the command, and map the outcome to the contract's exit codes.

use std::ffi::OsString;
use std::io::{IsTerminal, Write};

use crate::outcome::{Context, Exit, Failure, Unusable};

use crate::cli::{self, Cli, ColorChoice, CommandArgs};
use crate::commands;
use crate::i18n;
use crate::policy;
use crate::report::Ui;
use crate::rulebook::{self, Rulebook, Trust};
use crate::text::Lang;
use crate::yaml::Limits;

/// Runs the command line `args`; `serve` is what `eb-advisor mcp` does in this program
/// (`crate::mcp::Serve`: the server, or starting the program that has it).
pub fn run(args: Vec<OsString>, serve: crate::mcp::Serve) -> i32 {
    if let Some(code) = commands::completions::answer_request(&args) {
        return code;
    }
    match try_run(args, serve) {
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

fn try_run(args: Vec<OsString>, serve: crate::mcp::Serve) -> Result<Exit, Failure> {
    // The rulebook is read before clap runs (its questions become flags), so the size
    // limit that applies to it is looked for first, as `--lang` is; and so is the team
    // policy, which may name the rulebook and the language.
    let scanned = cli::prescan::scan(&args);
    let limits = Limits::for_plans(scanned.max_file_size.unwrap_or(cli::DEFAULT_MAX_FILE_SIZE));
    let flag_lang = scanned.lang;
    let policy = policy::find_and_load(&scanned.config, limits, i18n::detect(flag_lang))
        .map_err(|d| Failure::unusable(Unusable::Policy, &d, i18n::detect(flag_lang)))?;
    let policy_lang = policy.as_ref().and_then(|p| p.lang);
    let lang_hint = i18n::detect(flag_lang.or(policy_lang));
    let rules = scanned
        .rules
        .clone()
        .or_else(|| policy.as_ref()?.rules.clone());
    let rulebook = load_rulebook(rules.as_deref(), limits.for_rulebooks(), lang_hint)?;
    let overrides = match &policy {
        Some(p) => p
            .overrides(&rulebook, lang_hint)
            .map_err(|d| Failure::unusable(Unusable::Policy, &d, lang_hint))?,
        None => Vec::new(),
    };
    let cli = match cli::parse(&rulebook, &args, &scanned) {
        Ok(parsed) => parsed,
        Err(mut e) => {
            cli::suggest_subcommand(&mut e, &rulebook, &scanned, lang_hint);
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
    let lang = i18n::detect(global.lang.map(Lang::from).or(policy_lang));
    i18n::set_current(lang);
    let stdout_is_terminal = std::io::stdout().is_terminal();
    // `--trust` when given, else the policy's, else the rulebook's declared default.
    let policy_trust = policy.as_ref().and_then(|p| p.trust.as_deref());
    let trust = global
        .trust
        .or_else(|| {
            Trust::ALL
                .into_iter()
                .find(|t| Some(t.as_str()) == policy_trust)
        })
        .unwrap_or(rulebook.default_trust);
    let ctx = Context {
        rulebook,
        ui: Ui {
            lang,
            color: use_color(global.color(), stdout_is_terminal),
            width: output_width(stdout_is_terminal),
        },
        limits: Limits::for_plans(global.max_file_size()),
        stdout_is_terminal,
        policy,
        overrides,
        trust,
    };
    match command {
        Some(CommandArgs::Recommend(args)) => commands::recommend::run(&ctx, &args),
        Some(CommandArgs::Ask(args)) => commands::ask::run(&ctx, &args),
        Some(CommandArgs::Check(args)) => commands::check::run(&ctx, &args),
        Some(CommandArgs::Paths(args)) => commands::paths::run(&ctx, &args),
        Some(CommandArgs::Rules(args)) => {
            commands::rules::run(&ctx, &args, global.rules.as_deref())
        }
        Some(CommandArgs::Completions(args)) => commands::completions::run(&ctx, &args),
        Some(CommandArgs::Man(args)) => commands::man::run(&ctx, &args),
        Some(CommandArgs::Init(args)) => commands::init::run(&ctx, &args),
        // The server keeps the context for as long as the process lives.
        Some(CommandArgs::Mcp(args)) => {
            crate::mcp::run(ctx, &args, &global, rules.as_deref(), serve)
        }
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
    }
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
    result.map_err(|diagnostics| Failure::unusable(Unusable::Rulebook, &diagnostics, lang))
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
/// The width to wrap text output to: the terminal's, or, when output is piped, the
/// `COLUMNS` a caller sets to say how wide the text will be shown; none otherwise.
fn output_width(stdout_is_terminal: bool) -> Option<usize> {
    if stdout_is_terminal {
        return Some(console::Term::stdout().size().1 as usize);
    }
    std::env::var("COLUMNS").ok()?.trim().parse().ok()
}
