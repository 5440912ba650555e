//! What the user typed: clap definitions (`args`), plus one flag per rulebook question,
//! built at run time from whichever rulebook is loaded (`dynamic`), what is read before
//! clap runs (`prescan`) and the examples and notes of help and man pages (`help`).

mod args;
mod dynamic;
pub mod help;
mod localize;
pub mod prescan;
mod zh;

use std::ffi::OsString;

use clap::{Arg, ArgAction, Args, Command, CommandFactory, FromArgMatches, Subcommand};

pub use args::*;
pub use dynamic::RefusedValue;
pub use prescan::Prescan;

#[cfg(test)]
use crate::rulebook::QuestionKind;
use crate::rulebook::Rulebook;
use crate::text::Lang;

/// The full command, with one `--ID` flag per question of `rulebook` on the answering
/// subcommands, as `--help` shows it: one line per flag.
pub fn command(rulebook: &Rulebook) -> Command {
    build(rulebook, Parts::ALL)
}

/// The command as man pages and completion scripts document it: the rulebook's
/// description as the long description, and every answer value with its label.
///
/// `--help` does without both: clap lays out every flag as a paragraph of its own once
/// any long text exists, which buries the flags.
pub fn documented_command(rulebook: &Rulebook) -> Command {
    documented_command_in(rulebook, Lang::En)
}

/// [`documented_command`] worded in `lang` (man pages under `--lang zh`).
pub fn documented_command_in(rulebook: &Rulebook, lang: Lang) -> Command {
    build(
        rulebook,
        Parts {
            documented: true,
            lang,
            ..Parts::ALL
        },
    )
}

/// Which parts of the command `build` makes. Parsing needs less than help does, and a
/// short run pays for every part made: the question flags and the examples cost more
/// than the rest of a `recommend` run.
#[derive(Clone, Copy)]
struct Parts<'a> {
    /// Man-page texts (see `documented_command`).
    documented: bool,
    /// The one subcommand that gets its question flags; `None` for all.
    subcommand: Option<&'a str>,
    /// The texts only help shows: the about text, examples and notes.
    help: bool,
    /// The language of those texts.
    lang: Lang,
}

impl<'a> Parts<'a> {
    const ALL: Parts<'static> = Parts {
        documented: false,
        subcommand: None,
        help: true,
        lang: Lang::En,
    };

    /// What parsing the arguments `scanned` needs.
    fn for_args(scanned: &Prescan<'a>) -> Parts<'a> {
        // A name clap would not match (a typo) leaves every subcommand whole, for clap's
        // suggestions.
        let subcommand = scanned
            .subcommand
            .filter(|name| CommandArgs::has_subcommand(name));
        Parts {
            documented: false,
            subcommand,
            help: scanned.help,
            lang: crate::i18n::detect(scanned.lang),
        }
    }
}

fn build(rulebook: &Rulebook, parts: Parts) -> Command {
    let mut command = root(parts).version(version_text(rulebook));
    let wanted = |name: &str| parts.subcommand.is_none_or(|s| s == name);
    for name in ["ask", "recommend"] {
        if wanted(name) {
            command = command.mut_subcommand(name, |c| {
                dynamic::with_question_flags(c, rulebook, parts.documented)
            });
        }
    }
    if !parts.help {
        return command;
    }
    for (id, default) in args::global_defaults() {
        command = command.mut_arg(id, |arg| arg.default_value(default));
    }
    for path in help::COMMANDS_WITH_HELP {
        if let Some(text) = help::for_command(rulebook, path).map(|h| h.render_in(parts.lang)) {
            command = with_after_help(command, path, text);
        }
    }
    // What the tool is about comes from the rulebook: the code knows no topic of its own.
    let lang = parts.lang;
    let title = rulebook.title.get(lang);
    let about = match lang {
        Lang::En => format!(
            "{title}: decide, document and check, from a rulebook of questions, outcomes and findings"
        ),
        Lang::Zh => format!("{title}：依据由问题、结果和发现组成的规则库，作出决定、形成记录并加以检查"),
    };
    let stop = crate::i18n::tr(lang, ".", "。");
    let full = match &rulebook.description {
        Some(description) => format!("{about}{stop}\n\n{}", description.get(lang)),
        None => format!("{about}{stop}"),
    };
    let command = if parts.documented {
        // A man page's NAME line is the title alone; DESCRIPTION has the rest.
        plain_help_flags(command.about(title.to_string()).long_about(full))
    } else {
        command.about(full)
    };
    match lang {
        Lang::En => command,
        Lang::Zh => localize::localize(command, rulebook),
    }
}

/// The command before the question flags and help texts: every subcommand, or, when
/// parsing for one subcommand without help, that subcommand alone. clap copies each
/// global option into every subcommand it holds (seven options into seven subcommands,
/// each copy an allocation), and a run that names its subcommand reads no other.
fn root(parts: Parts) -> Command {
    let invoked = parts.subcommand.filter(|_| !parts.help).and_then(|name| {
        CommandArgs::augment_subcommands(Command::new("subcommands"))
            .find_subcommand(name)
            .cloned()
    });
    match invoked {
        // `Cli`'s own settings, as its derive sets them (a test compares the two).
        Some(subcommand) => GlobalArgs::augment_args(Command::new("eb-advisor"))
            .disable_help_subcommand(true)
            .subcommand(subcommand),
        None => Cli::command(),
    }
}

/// `command` with `text` after the options of its subcommand at `path`.
fn with_after_help(command: Command, path: &[&str], text: String) -> Command {
    match path {
        [] => command.after_help(text),
        [first, rest @ ..] => {
            command.mut_subcommand(*first, |sub| with_after_help(sub, rest, text))
        }
    }
}

/// `-h, --help` as "Print help" everywhere: clap would document it as "see a summary with
/// '-h'" once long texts exist, but the `--help` users get is the short one.
fn plain_help_flags(command: Command) -> Command {
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    let mut command = command.disable_help_flag(true).arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("Print help")
            .help_heading(None::<&str>),
    );
    for name in names {
        command = command.mut_subcommand(name, plain_help_flags);
    }
    command
}

/// `eb-advisor 1.2.3 (rulebook eventbridge-integrate-events 1.0.0)`
fn version_text(rulebook: &Rulebook) -> String {
    format!(
        "{} (rulebook {} {})",
        env!("CARGO_PKG_VERSION"),
        rulebook.id,
        rulebook.version
    )
}

/// An option given without a subcommand that a subcommand takes (`eb-advisor
/// --save-plan x`, where bare `eb-advisor` is the questionnaire): the error gets a tip
/// naming the subcommand, in `lang`.
pub fn suggest_subcommand(
    error: &mut clap::Error,
    rulebook: &Rulebook,
    scanned: &Prescan,
    lang: Lang,
) {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    // (`x` in `--save-plan x` is no subcommand: the option's value, as clap sees it.)
    let invoked = scanned
        .subcommand
        .filter(|name| CommandArgs::has_subcommand(name));
    if error.kind() != ErrorKind::UnknownArgument || invoked.is_some() {
        return;
    }
    let Some(ContextValue::String(given)) = error.get(ContextKind::InvalidArg) else {
        return;
    };
    let flag = given.split('=').next().unwrap_or(given).to_string();
    let Some(long) = flag.strip_prefix("--") else {
        return;
    };
    let command = command(rulebook);
    let taker = command.get_subcommands().find_map(|sub| {
        let mut sub = sub.clone();
        sub.build();
        let takes = sub.get_arguments().any(|arg| arg.get_long() == Some(long));
        takes.then(|| sub.get_name().to_string())
    });
    if let Some(name) = taker {
        let tip = match lang {
            Lang::En => format!("`{name}` takes {flag}: eb-advisor {name} {flag} ..."),
            Lang::Zh => format!("{flag} 属于子命令 `{name}`：eb-advisor {name} {flag} ..."),
        };
        error.insert(
            ContextKind::Suggested,
            ContextValue::StyledStrs(vec![tip.into()]),
        );
    }
}

/// Parses `args`, of which `scanned` is the prescan.
pub fn parse(
    rulebook: &Rulebook,
    args: &[OsString],
    scanned: &Prescan,
) -> Result<Cli, clap::Error> {
    let mut command = build(rulebook, Parts::for_args(scanned));
    let mut matches = command.try_get_matches_from_mut(args)?;
    // Freed now rather than leaked: what the command does next (the verdict's JSON above
    // all) then reuses the 44 KB it held instead of touching fresh pages. That costs 34 k
    // instructions and saves 10 of recommend's 145 page faults, which weigh more
    // (docs/performance.md).
    drop(command);
    let flags = match matches.subcommand() {
        Some(("ask" | "recommend", answering)) => dynamic::question_flags(rulebook, answering),
        _ => Vec::new(),
    };
    // `_mut` takes the values out rather than cloning every match first.
    let mut cli = Cli::from_arg_matches_mut(&mut matches)?;
    match &mut cli.command {
        Some(CommandArgs::Ask(AskArgs { answers, .. }))
        | Some(CommandArgs::Recommend(RecommendArgs { answers, .. })) => answers.flags = flags,
        _ => {}
    }
    Ok(cli)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A command line as the process receives it.
    fn args(line: &str) -> Vec<std::ffi::OsString> {
        line.split(' ').map(Into::into).collect()
    }

    /// Help made for parsing `args` has the same examples as the full command's help.
    #[test]
    fn help_asked_for_shows_the_examples() {
        let rb = crate::embedded::rulebook();
        for line in [
            "eb-advisor --help",
            "eb-advisor recommend --help",
            "eb-advisor ask -h",
        ] {
            let help = {
                let a = args(line);
                parse(&rb, &a, &prescan::scan(&a))
            }
            .unwrap_err()
            .to_string();
            assert!(help.contains("Examples:"), "{line}: {help}");
        }
    }

    /// Parsing with the invoked subcommand alone reads every command line, good or bad,
    /// as parsing with all of them does.
    #[test]
    fn one_subcommand_parses_as_all_of_them() {
        let rb = crate::embedded::rulebook();
        let full = Parts {
            subcommand: None,
            help: false,
            ..Parts::ALL
        };
        // The rulebook's own words: the first choice question, its first value, an outcome.
        let q = rb.questions.iter().find(|q| !q.choices.is_empty()).unwrap();
        let (id, value, outcome) = (&q.id, &q.choices[0].value, &rb.outcomes[0].id);
        for line in [
            format!("eb-advisor recommend --{id} {value} --format json"),
            format!("eb-advisor --lang zh recommend --trust docs --{id} {value}"),
            "eb-advisor recommend --nope".into(),
            "eb-advisor recommend --format jsn".into(),
            "eb-advisor check --config p.yaml --fail-level warning a.yaml".into(),
            "eb-advisor check --config p.yaml --no-config a.yaml".into(),
            "eb-advisor rules lint --strict".into(),
            "eb-advisor rules tset".into(),
            "eb-advisor rules show".into(),
            "eb-advisor --trust docs mcp --print-config cursor".into(),
            format!("eb-advisor paths {outcome} --format json"),
            "eb-advisor --color never man --dir out".into(),
            "eb-advisor completions bash".into(),
            "eb-advisor ask --save-plan x.eb-plan.yaml --max-file-size 10".into(),
        ] {
            let line = line.as_str();
            let a = args(line);
            let scanned = prescan::scan(&a);
            assert!(scanned.subcommand.is_some(), "{line}");
            let read = |parts| {
                let mut command = build(&rb, parts);
                command
                    .try_get_matches_from_mut(&a)
                    .and_then(|mut m| Cli::from_arg_matches_mut(&mut m))
                    .map(|cli| format!("{cli:?}"))
                    .map_err(|e| e.to_string())
            };
            assert_eq!(read(Parts::for_args(&scanned)), read(full), "{line}");
        }
        let alone = root(Parts {
            subcommand: Some("check"),
            help: false,
            ..Parts::ALL
        });
        let all = Cli::command();
        let ids = |c: &Command| {
            c.get_arguments()
                .map(|a| a.get_id().clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(&alone), ids(&all));
        assert_eq!(
            alone.is_disable_help_subcommand_set(),
            all.is_disable_help_subcommand_set()
        );
        assert_eq!(alone.get_name(), all.get_name());
    }

    #[test]
    fn answer_flags_reach_the_subcommand_past_global_options() {
        let rb = crate::embedded::rulebook();
        let choice = rb
            .questions
            .iter()
            .position(|q| q.kind == QuestionKind::Choice)
            .unwrap();
        let number = rb
            .questions
            .iter()
            .position(|q| q.kind == QuestionKind::Number)
            .unwrap();
        let value = rb.questions[choice].choices[0].value.clone();
        let line = format!(
            "eb-advisor --color never --rules=x.yaml ask --{} {value} --{} 7",
            rb.questions[choice].id, rb.questions[number].id
        );
        let Some(CommandArgs::Ask(ask)) = {
            let a = args(&line);
            parse(&rb, &a, &prescan::scan(&a))
        }
        .unwrap()
        .command
        else {
            panic!("ask was not parsed");
        };
        assert_eq!(
            ask.answers.flags,
            [(choice, value), (number, "7".to_string())]
        );
    }

    #[test]
    fn help_texts_that_list_values_list_them_all() {
        let rb = crate::embedded::rulebook();
        let mut cmd = command(&rb);
        cmd.build();
        let mut commands = vec![cmd.clone()];
        commands.extend(cmd.get_subcommands().cloned());
        for c in &commands {
            for arg in c
                .get_arguments()
                .filter(|a| a.is_hide_possible_values_set())
            {
                let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                for value in arg.get_possible_values() {
                    assert!(
                        help.contains(value.get_name()),
                        "{} --{}: the help does not name `{}`: {help}",
                        c.get_name(),
                        arg.get_id(),
                        value.get_name()
                    );
                }
            }
        }
    }
}
