//! The flags clap cannot derive: one `--ID` flag per question of whichever rulebook is
//! loaded, and the values they take.

use std::ffi::OsStr;
use std::sync::Arc;

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches, Command};

use crate::rulebook::{Question, QuestionKind, Rulebook};
use crate::text::Lang;

/// One `--ID` flag per question. `documented`: each choice with its label (man pages,
/// completion scripts); else the values alone, listed on the flag's one line.
pub(super) fn with_question_flags(
    mut cmd: Command,
    rulebook: &Rulebook,
    documented: bool,
) -> Command {
    for q in &rulebook.questions {
        let arg = Arg::new(q.id.clone())
            .long(q.id.clone())
            .value_name(match q.kind {
                QuestionKind::Number => "N",
                _ => "VALUE",
            })
            .action(ArgAction::Set)
            // `-5` is a value to refuse with a reason, not an unknown flag.
            .allow_negative_numbers(q.kind == QuestionKind::Number)
            .value_parser(AnswerParser {
                question: Arc::new(q.clone()),
                documented,
            })
            .help(q.prompt.get(Lang::En).to_string())
            .help_heading("Answers");
        cmd = cmd.arg(arg);
    }
    cmd
}

/// A question flag's values: read as every answer is read (`Question::read_text`), and
/// listed for help texts and completions.
#[derive(Clone)]
struct AnswerParser {
    question: Arc<Question>,
    /// Each choice with its label (man pages, completion scripts).
    documented: bool,
}

impl TypedValueParser for AnswerParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        let question = Arc::clone(&self.question);
        // A closure is a value parser whose error clap reports as `invalid value 'X' for
        // '--ID': REASON`, keeping the reason as the error's source for cli_errors.rs.
        let read = move |text: &str| {
            question
                .read_text(text)
                .map(|v| question.value_text(v))
                .map_err(|refusal| RefusedValue {
                    en: refusal.reason(&question, Lang::En),
                    zh: refusal.reason(&question, Lang::Zh),
                })
        };
        read.parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let q = &self.question;
        match q.kind {
            QuestionKind::Choice => Some(Box::new(q.choices.iter().map(|c| {
                let value = PossibleValue::new(c.value.clone());
                match self.documented {
                    true => value.help(c.label.get(Lang::En).to_string()),
                    false => value,
                }
            }))),
            QuestionKind::YesNo => Some(Box::new(
                [
                    PossibleValue::new("yes").alias("true"),
                    PossibleValue::new("no").alias("false"),
                ]
                .into_iter(),
            )),
            QuestionKind::Number => None,
        }
    }
}

/// Why a flag's value was refused, worded in both languages: clap shows the English, and
/// cli_errors.rs the Chinese.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RefusedValue {
    en: String,
    zh: String,
}

impl RefusedValue {
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

impl std::fmt::Display for RefusedValue {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl std::error::Error for RefusedValue {}

/// The answers given as `--ID VALUE` flags, as `(question, text)` pairs.
pub(super) fn question_flags(rulebook: &Rulebook, matches: &ArgMatches) -> Vec<(usize, String)> {
    rulebook
        .questions
        .iter()
        .enumerate()
        .filter_map(|(i, q)| {
            let value = matches.get_one::<String>(&q.id).cloned()?;
            Some((i, value))
        })
        .collect()
}
