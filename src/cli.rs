//! What the user typed: clap definitions, plus one flag per rulebook question, built at
//! run time from whichever rulebook is loaded.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{
    Arg, ArgAction, ArgMatches, Args, Command, CommandFactory, FromArgMatches, Parser, Subcommand,
    ValueEnum,
};

use crate::rulebook::{QuestionKind, Rulebook};
use crate::text::Lang;

#[derive(Debug, Parser)]
#[command(name = "eb-advisor", version, disable_help_subcommand = true)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Option<CommandArgs>,
}

/// `--max-file-size` when not given: 1 MiB for plans and answers (4 MiB for rulebooks).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Use this rulebook instead of the embedded one
    #[arg(long, global = true, env = "EB_ADVISOR_RULES", value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// Language of the output (default: from LC_ALL, LC_MESSAGES or LANG, else en)
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,
    /// Largest plan or answers file read, in bytes (rulebooks: 4× this)
    #[arg(long, global = true, default_value_t = DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
    pub max_file_size: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CommandArgs {
    /// Ask the questions in a terminal and show the verdict
    Ask(AskArgs),
    /// Recommend a path from answers given as flags or a file; never prompts
    Recommend(RecommendArgs),
    /// Check committed integration plans (*.eb-plan.yaml)
    Check(CheckArgs),
    /// Compare the paths, or show one in full
    Paths(PathsArgs),
    /// Print a shell completion script (with the rulebook's answer flags and values)
    Completions(CompletionsArgs),
    /// Print the man page, or write one per subcommand into a folder
    Man(ManArgs),
    /// Rulebook authoring: lint, self-tests, JSON schemas, decision diagram
    Rules(RulesArgs),
}

/// The answer flags every answering command shares; the per-question flags are added at
/// run time by `with_question_flags`.
#[derive(Debug, Args, Default)]
pub struct AnswerArgs {
    /// An answer as ID=VALUE (repeatable)
    #[arg(short = 'a', long = "answer", value_name = "ID=VALUE")]
    pub answer: Vec<String>,
    /// A YAML or JSON file of answers (question id: value); flags override it
    #[arg(long = "answers", value_name = "FILE")]
    pub answers_file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct AskArgs {
    #[command(flatten)]
    pub answers: AnswerArgs,
    /// Write the answers to this file (YAML), for `recommend --answers`
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Write a plan file for `check` with the recommended path and these answers
    #[arg(long, value_name = "FILE")]
    pub save_plan: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    #[command(flatten)]
    pub answers: AnswerArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = RecommendFormat::Text)]
    pub format: RecommendFormat,
    /// Show which rule decided and which answers each finding read
    #[arg(long)]
    pub explain: bool,
    /// Exit 1 at this severity or above
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    pub fail_level: FailLevel,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecommendFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Error,
    Warning,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Plan files, or folders searched for *.eb-plan.yaml and *.eb-plan.yml; - for stdin
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format on stdout
    #[arg(long, value_enum)]
    pub format: Option<CheckFormat>,
    /// Also write a report to a file, as FORMAT=FILE (repeatable)
    #[arg(long = "output", value_name = "FORMAT=FILE")]
    pub outputs: Vec<String>,
    /// Exit 1 at this severity or above
    #[arg(long, value_enum, default_value_t = FailLevel::Error)]
    pub fail_level: FailLevel,
    /// Show the offending lines under each finding in text output
    #[arg(long)]
    pub frames: bool,
    /// Also show info findings in text, GitHub and Markdown output (JSON, SARIF and JUnit
    /// always have them)
    #[arg(short, long)]
    pub verbose: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Github,
    Sarif,
    Junit,
    Markdown,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Install, for example:\n  eb-advisor completions bash > ~/.local/share/bash-completion/completions/eb-advisor\n  eb-advisor completions zsh > ~/.zfunc/_eb-advisor\n  eb-advisor completions fish > ~/.config/fish/completions/eb-advisor.fish\n\nThe script holds the answer flags of the rulebook loaded now; for another rulebook,\ngenerate it with --rules FILE."
)]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
#[command(
    after_help = "Read it now:  eb-advisor man | man -l -\nInstall:      eb-advisor man --dir ~/.local/share/man/man1"
)]
pub struct ManArgs {
    /// Write eb-advisor.1 and one page per subcommand into this folder
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Find gaps, shadowed rules, unreachable outcomes, questions and findings, conditions
    /// that read unasked questions, unsourced, stale and untranslated facts
    #[command(
        after_help = "Exit codes: 0 no error (warnings and notes are listed), 1 an error, or under --strict a\nwarning or an incomplete search, 2 the rulebook does not load."
    )]
    Lint(RulesLintArgs),
    /// Run the rulebook's scenarios (its `tests:` and a sibling NAME.tests.yaml) and check
    /// that they exercise every outcome, value and finding
    Test(RulesTestArgs),
    /// Print a JSON Schema: of the rulebook format, or of plan or answers files for the
    /// loaded rulebook
    Schema(RulesSchemaArgs),
    /// Draw the decision tree as a Mermaid flowchart or a Graphviz digraph
    Graph(RulesGraphArgs),
}

#[derive(Debug, Args)]
pub struct RulesLintArgs {
    /// The rulebook to lint (default: --rules, else the embedded one)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Most steps (nodes of the answer tree) each search may take before lint reports it
    /// as incomplete
    #[arg(long, default_value_t = 1_000_000, value_name = "N")]
    pub budget: u64,
    /// Contested facts (`verify`) checked longer ago than this are stale
    #[arg(long, default_value_t = 365, value_name = "DAYS")]
    pub max_age: u32,
    /// Also fail (exit 1) on warnings and on an incomplete search
    #[arg(long)]
    pub strict: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LintFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct RulesTestArgs {
    /// The rulebook to test (default: --rules, else the embedded one)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RulesSchemaArgs {
    /// Which schema
    #[arg(value_enum)]
    pub kind: SchemaKind,
    /// The rulebook for plan and answers schemas (default: --rules, else the embedded one)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Rulebook,
    Plan,
    Answers,
}

#[derive(Debug, Args)]
pub struct RulesGraphArgs {
    /// The rulebook to draw (default: --rules, else the embedded one)
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Diagram language
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}

#[derive(Debug, Args)]
pub struct PathsArgs {
    /// Show this path in full
    pub id: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = RecommendFormat::Text)]
    pub format: RecommendFormat,
}

/// The full command, with one `--ID` flag per question of `rulebook` on the answering
/// subcommands.
pub fn command(rulebook: &Rulebook) -> Command {
    // What the tool is about, and its examples, come from the rulebook: the code knows
    // no topic of its own.
    let title = rulebook.title.get(Lang::En);
    let about = format!(
        "{title}: decide, document and check, from a rulebook of questions, outcomes and findings"
    );
    let long_about = match &rulebook.description {
        Some(description) => format!("{about}.\n\n{}", description.get(Lang::En)),
        None => format!("{about}."),
    };
    Cli::command()
        .about(about)
        .long_about(long_about)
        .after_help(examples(rulebook))
        .version(version_text(rulebook))
        .mut_subcommand("ask", |c| with_question_flags(c, rulebook))
        .mut_subcommand("recommend", |c| with_question_flags(c, rulebook))
}

/// Examples that use the loaded rulebook's own questions, values and outcomes.
fn examples(rulebook: &Rulebook) -> String {
    let answers: Vec<String> = rulebook
        .questions
        .iter()
        .filter(|q| q.ask_when.is_none() && q.required)
        .map(|q| {
            let value = match q.kind {
                QuestionKind::Choice => q.choices[0].value.clone(),
                QuestionKind::YesNo => "yes".into(),
                QuestionKind::Number => "1000".into(),
            };
            format!("--{} {value}", q.id)
        })
        .collect();
    let path = rulebook.outcomes.first().map_or("ID", |o| o.id.as_str());
    format!(
        "Examples:
  eb-advisor                                   # the questionnaire (in a terminal)
  eb-advisor recommend {}
  eb-advisor recommend --answers answers.yaml --format json
  eb-advisor check plans/ --format github
  eb-advisor paths {path}

Exit codes: 0 no error finding, 1 an error finding (or a warning under --fail-level warning),
2 usage or input error, 130 interrupted.",
        answers.join(" ")
    )
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

fn with_question_flags(mut cmd: Command, rulebook: &Rulebook) -> Command {
    for q in &rulebook.questions {
        let mut arg = Arg::new(q.id.clone())
            .long(q.id.clone())
            .value_name("VALUE")
            .action(ArgAction::Set)
            .help(q.prompt.get(Lang::En).to_string())
            .help_heading("Answers");
        arg = match q.kind {
            QuestionKind::Choice => {
                arg.value_parser(PossibleValuesParser::new(q.choices.iter().map(|c| {
                    PossibleValue::new(c.value.clone()).help(c.label.get(Lang::En).to_string())
                })))
            }
            QuestionKind::YesNo => arg.value_parser(PossibleValuesParser::new([
                PossibleValue::new("yes").alias("true"),
                PossibleValue::new("no").alias("false"),
            ])),
            QuestionKind::Number => arg.value_name("N").value_parser(clap::value_parser!(u64)),
        };
        cmd = cmd.arg(arg);
    }
    cmd
}

/// The answers given as `--ID VALUE` flags, as `(question, text)` pairs.
pub fn question_flags(rulebook: &Rulebook, matches: &ArgMatches) -> Vec<(usize, String)> {
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

/// Finds `--rules FILE` before the full command can be built (the flags depend on it).
pub fn prescan_rules(args: &[std::ffi::OsString]) -> Option<PathBuf> {
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let Some(text) = arg.to_str() else { continue };
        if text == "--" {
            break;
        }
        if text == "--rules" {
            return iter.next().map(PathBuf::from);
        }
        if let Some(value) = text.strip_prefix("--rules=") {
            return Some(PathBuf::from(value));
        }
    }
    std::env::var_os("EB_ADVISOR_RULES")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

pub fn parse(
    rulebook: &Rulebook,
    args: &[std::ffi::OsString],
) -> Result<(Cli, ArgMatches), clap::Error> {
    let matches = command(rulebook).try_get_matches_from(args)?;
    let cli = Cli::from_arg_matches(&matches)?;
    Ok((cli, matches))
}
