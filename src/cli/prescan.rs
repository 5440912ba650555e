//! What must be known before clap runs, found in one pass over the arguments: the
//! rulebook (its questions become flags), the language and size limit for messages about
//! it, the subcommand to build in full and whether help is asked for.
//!
//! One rule for `--`, as clap has: everything after it is a positional value, so nothing
//! after it is read as an option here either.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::text::Lang;

/// What one scan of the arguments found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Prescan<'a> {
    /// `--rules FILE` (or `EB_ADVISOR_RULES`).
    pub rules: Option<PathBuf>,
    /// `--lang`, when it names a language the tool speaks.
    pub lang: Option<Lang>,
    /// `--max-file-size BYTES`, when it is a number.
    pub max_file_size: Option<u64>,
    /// The first argument that is neither an option nor a global option's value: the
    /// subcommand, if any, that clap will match.
    pub subcommand: Option<&'a str>,
    /// `-h`, `--help`, or `h` among clustered short flags.
    pub help: bool,
    /// Where to look for the team policy file: `--config FILE`, `--no-config`, or around
    /// the working folder (it may name the rulebook and the language).
    pub config: crate::policy::Choice,
}

/// Scans `args` (with the program name first). A global option given twice keeps the
/// last value, as a later flag overrides an earlier one everywhere else.
pub fn scan(args: &[OsString]) -> Prescan<'_> {
    let mut found = Prescan::default();
    let mut rules = None;
    let (mut config, mut no_config) = (None, false);
    let mut positional_seen = false;
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let Some(text) = arg.to_str() else {
            positional_seen = true;
            continue;
        };
        if text == "--" {
            break;
        }
        if let Some(long) = text.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (long, None),
            };
            if name == "help" {
                found.help = true;
                continue;
            }
            if name == "no-config" {
                no_config = true;
                continue;
            }
            if !global_takes_value(name) {
                continue;
            }
            let value = match inline {
                Some(value) => Some(value.into()),
                None => iter.next().cloned(),
            };
            let text_value = value.as_ref().and_then(|v| v.to_str());
            match name {
                "rules" => rules = value.map(PathBuf::from),
                "lang" => found.lang = text_value.and_then(Lang::from_code),
                "max-file-size" => found.max_file_size = text_value.and_then(|v| v.parse().ok()),
                "config" => config = value.map(PathBuf::from),
                _ => {}
            }
        } else if text.starts_with('-') && text.len() > 1 {
            found.help |= text.contains('h');
        } else if !positional_seen {
            positional_seen = true;
            found.subcommand = Some(text);
        }
    }
    found.config = match (no_config, config) {
        (true, _) => crate::policy::Choice::Ignore,
        (false, Some(file)) => crate::policy::Choice::File(file),
        (false, None) => crate::policy::Choice::Discover,
    };
    found.rules = rules.or_else(|| {
        std::env::var_os("EB_ADVISOR_RULES")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    found
}

/// The global options that take a value (so the next argument is their value, not the
/// subcommand). A list rather than a look into `GlobalArgs`: building clap's command for
/// each option cost 8% of a `recommend` run. A test keeps it equal to `GlobalArgs`.
const GLOBALS_WITH_VALUES: [&str; 6] =
    ["rules", "color", "lang", "config", "max-file-size", "trust"];

fn global_takes_value(name: &str) -> bool {
    GLOBALS_WITH_VALUES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Args, Command};

    use crate::cli::args::GlobalArgs;

    #[test]
    fn the_list_of_global_options_with_values_is_global_args() {
        let mut from_clap: Vec<String> = GlobalArgs::augment_args(Command::new("globals"))
            .get_arguments()
            .filter(|a| a.get_action().takes_values())
            .filter_map(|a| a.get_long().map(str::to_string))
            .collect();
        let mut listed: Vec<String> = GLOBALS_WITH_VALUES.iter().map(|s| s.to_string()).collect();
        from_clap.sort();
        listed.sort();
        assert_eq!(listed, from_clap);
    }

    /// A command line as the process receives it.
    fn args(line: &str) -> Vec<OsString> {
        line.split(' ').map(Into::into).collect()
    }

    fn invoked(line: &str) -> Option<String> {
        let args = args(line);
        scan(&args).subcommand.map(str::to_string)
    }

    #[test]
    fn the_invoked_subcommand_is_found_past_global_options_and_their_values() {
        assert_eq!(
            invoked("eb-advisor recommend --goal x").as_deref(),
            Some("recommend")
        );
        // A global option's value is not the subcommand, even when it looks like one.
        assert_eq!(
            invoked("eb-advisor --rules check ask").as_deref(),
            Some("ask")
        );
        assert_eq!(
            invoked("eb-advisor --rules=r.yaml --color never paths").as_deref(),
            Some("paths")
        );
        assert_eq!(
            invoked("eb-advisor --lang zh --max-file-size 9 check p").as_deref(),
            Some("check")
        );
        assert_eq!(invoked("eb-advisor --help"), None);
        assert_eq!(invoked("eb-advisor -- recommend"), None);
        assert_eq!(invoked("eb-advisor"), None);
    }

    #[test]
    fn help_is_recognised_in_every_spelling_before_a_double_dash() {
        let asks = |line: &str| scan(&args(line)).help;
        assert!(asks("eb-advisor --help"));
        assert!(asks("eb-advisor recommend -h"));
        assert!(asks("eb-advisor check p -vh"));
        assert!(!asks("eb-advisor check p -v"));
        assert!(!asks("eb-advisor check -- --help"));
    }

    #[test]
    fn global_values_are_read_before_a_double_dash_only_and_the_last_one_counts() {
        let args = args(
            "eb-advisor --lang en check --rules=a.yaml --max-file-size 10 --lang zh --rules b.yaml -- --lang en --rules c.yaml",
        );
        let found = scan(&args);
        assert_eq!(found.lang, Some(Lang::Zh));
        assert_eq!(found.rules, Some(PathBuf::from("b.yaml")));
        assert_eq!(found.max_file_size, Some(10));
        assert_eq!(found.subcommand, Some("check"));
        assert!(!found.help);
    }
}
