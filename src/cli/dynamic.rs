//! The flags clap cannot derive: one `--ID` flag per question of whichever rulebook is
//! loaded, and the values they take.

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::rulebook::{QuestionKind, Rulebook};
use crate::text::Lang;

/// One `--ID` flag per question. `documented`: each choice with its label (man pages,
/// completion scripts); else the values alone, listed on the flag's one line.
pub(super) fn with_question_flags(
    mut cmd: Command,
    rulebook: &Rulebook,
    documented: bool,
) -> Command {
    for q in &rulebook.questions {
        let mut arg = Arg::new(q.id.clone())
            .long(q.id.clone())
            // As everywhere else a value is read (`Question::parse_value`).
            .ignore_case(true)
            .value_name("VALUE")
            .action(ArgAction::Set)
            .help(q.prompt.get(Lang::En).to_string())
            .help_heading("Answers");
        arg = match q.kind {
            QuestionKind::Choice => {
                arg.value_parser(PossibleValuesParser::new(q.choices.iter().map(|c| {
                    let value = PossibleValue::new(c.value.clone());
                    if documented {
                        value.help(c.label.get(Lang::En).to_string())
                    } else {
                        value
                    }
                })))
            }
            QuestionKind::YesNo => arg.value_parser(PossibleValuesParser::new([
                PossibleValue::new("yes").alias("true"),
                PossibleValue::new("no").alias("false"),
            ])),
            QuestionKind::Number => {
                let max = q.max;
                arg.value_name("N")
                    // `-5` is a value to refuse with a reason, not an unknown flag.
                    .allow_negative_numbers(true)
                    .value_parser(move |text: &str| count(text, max))
            }
        };
        cmd = cmd.arg(arg);
    }
    cmd
}

/// A number flag's value: a whole number from 0 to `max`.
fn count(text: &str, max: Option<u64>) -> Result<u64, NotACount> {
    crate::rulebook::parse_count(text)
        .filter(|&n| max.is_none_or(|max| n <= max))
        .ok_or(NotACount { max })
}

/// A number flag's value that was refused, with what would have been accepted, in words
/// the user's language can render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotACount {
    max: Option<u64>,
}

impl NotACount {
    pub fn message(&self, lang: Lang) -> String {
        let range = crate::rulebook::whole_numbers(self.max, lang);
        match lang {
            Lang::En => format!("expected {range}"),
            Lang::Zh => format!("应为 {range}"),
        }
    }
}

impl std::fmt::Display for NotACount {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for NotACount {}

/// The answers given as `--ID VALUE` flags, as `(question, text)` pairs.
pub(super) fn question_flags(rulebook: &Rulebook, matches: &ArgMatches) -> Vec<(usize, String)> {
    rulebook
        .questions
        .iter()
        .enumerate()
        .filter_map(|(i, q)| {
            let value = match q.kind {
                QuestionKind::Number => matches.get_one::<u64>(&q.id).map(u64::to_string),
                _ => matches.get_one::<String>(&q.id).cloned(),
            }?;
            Some((i, value))
        })
        .collect()
}
