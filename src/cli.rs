//! What the user typed: clap definitions, plus one flag per rulebook question, built at
//! run time from whichever rulebook is loaded.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{
    Arg, ArgAction, ArgMatches, Args, Command, CommandFactory, FromArgMatches, Parser, Subcommand,
    ValueEnum,
};

use crate::answers::Answers;
use crate::engine;
use crate::rulebook::{AnswerValue, QuestionKind, Rulebook, Trust};
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
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Use this rulebook, not the embedded one
    #[arg(
        long,
        global = true,
        env = "EB_ADVISOR_RULES",
        hide_env_values = true,
        value_name = "FILE"
    )]
    pub rules: Option<PathBuf>,
    /// When to colour the output: auto, always or never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", hide_possible_values = true)]
    pub color: ColorChoice,
    /// Output language, en or zh (default: from LC_ALL, LC_MESSAGES or LANG)
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "LANG",
        hide_possible_values = true
    )]
    pub lang: Option<LangArg>,
    /// Team policy file (default: the nearest eb-advisor.yaml)
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Ignore any team policy file
    #[arg(long, global = true)]
    pub no_config: bool,
    /// Largest plan or answers file read (rulebooks: 4×)
    #[arg(long, global = true, default_value_t = DEFAULT_MAX_FILE_SIZE, value_name = "BYTES")]
    pub max_file_size: u64,
    /// Source of truth where the rulebook's premises disagree: page (the document it
    /// encodes) or docs (the public documentation its premises cite)
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "SOURCE",
        hide_possible_values = true
    )]
    pub trust: Option<Trust>,
}

impl ValueEnum for Trust {
    fn value_variants<'a>() -> &'a [Self] {
        &Trust::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(PossibleValue::new(self.as_str()))
    }
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

// Deferred: a run builds the arguments of the one subcommand it invokes, not of all.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
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

// The answer flags every answering command shares; the per-question flags are added at
// run time by `with_question_flags`. (Not a doc comment: clap would make it the about text
// of the subcommands that flatten this.)
#[derive(Debug, Args, Default)]
pub struct AnswerArgs {
    /// An answer as ID=VALUE (repeatable)
    #[arg(short = 'a', long = "answer", value_name = "ID=VALUE")]
    pub answer: Vec<String>,
    /// A YAML or JSON file of answers (id: value); flags override it
    #[arg(long = "answers", value_name = "FILE")]
    pub answers_file: Option<PathBuf>,
    /// The `--ID VALUE` question flags given, as (question index, text). The flags exist
    /// only at run time, so `parse` fills this in rather than the derive.
    #[arg(skip)]
    pub flags: Vec<(usize, String)>,
}

#[derive(Debug, Args)]
pub struct AskArgs {
    #[command(flatten)]
    pub answers: AnswerArgs,
    /// Write the answers to this file (YAML), for `recommend --answers`
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,
    /// Write a plan for `check`: the recommended path and these answers
    #[arg(long, value_name = "FILE")]
    pub save_plan: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct RecommendArgs {
    #[command(flatten)]
    pub answers: AnswerArgs,
    /// Output format: text, json or markdown
    #[arg(long, value_enum, default_value_t = RecommendFormat::Text, hide_possible_values = true)]
    pub format: RecommendFormat,
    /// Show which rule decided and which answers each finding read
    #[arg(long)]
    pub explain: bool,
    /// Show everything: key facts, when to use, limitations and sources
    #[arg(long)]
    pub detail: bool,
    /// Exit 1 at this severity or above: error (default), warning, never
    #[arg(long, value_enum, value_name = "LEVEL", hide_possible_values = true)]
    pub fail_level: Option<FailLevel>,
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
#[command(after_help = "Examples:
  # every *.eb-plan.yaml and *.eb-plan.yml under plans/
  eb-advisor check plans/
  # with the offending line under each finding
  eb-advisor check team.eb-plan.yaml --frames
  # annotations in a GitHub Actions log; warnings fail too
  eb-advisor check plans/ --format github --fail-level warning
  # reports for code scanning and test dashboards, besides the text
  eb-advisor check plans/ --output sarif=check.sarif --output junit=check.xml
  # a plan on standard input
  eb-advisor check - < team.eb-plan.yaml

A plan fails on a finding at --fail-level or above that it does not acknowledge (a reason
under `acknowledge:` in the plan). Under GitHub Actions, without --format, annotations are
printed with the text.

Exit codes: 0 every plan passed, 1 a plan failed, 2 usage or input error (a path that does
not exist, no plan found, a bad --output).")]
pub struct CheckArgs {
    /// Plan files, or folders searched for *.eb-plan.yaml and *.eb-plan.yml; - for stdin
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output on stdout: text, json, github, sarif, junit or markdown
    #[arg(long, value_enum, hide_possible_values = true)]
    pub format: Option<CheckFormat>,
    /// Also write a report to a file, as FORMAT=FILE (repeatable)
    #[arg(long = "output", value_name = "FORMAT=FILE")]
    pub outputs: Vec<String>,
    /// Exit 1 at this severity or above: error (default), warning, never
    #[arg(long, value_enum, value_name = "LEVEL", hide_possible_values = true)]
    pub fail_level: Option<FailLevel>,
    /// Show the offending lines under each finding in text output
    #[arg(long)]
    pub frames: bool,
    /// Also show info findings (JSON, SARIF and JUnit always have them)
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
#[command(after_help = "Examples:
  # install for bash
  eb-advisor completions bash > ~/.local/share/bash-completion/completions/eb-advisor
  # install for zsh (with fpath+=(~/.zfunc) in ~/.zshrc)
  eb-advisor completions zsh > ~/.zfunc/_eb-advisor
  # install for fish
  eb-advisor completions fish > ~/.config/fish/completions/eb-advisor.fish

The script holds the answer flags of the rulebook loaded now; for another rulebook,
generate it with --rules FILE.

Exit codes: 0 the script was printed, 2 usage error.")]
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  # read it now
  eb-advisor man | man -l -
  # install the pages where man finds them
  eb-advisor man --dir ~/.local/share/man/man1

Exit codes: 0 the pages were printed or written, 2 usage error or a page that cannot be
written.")]
pub struct ManArgs {
    /// Write eb-advisor.1 and one page per subcommand into this folder
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
#[command(after_help = "Examples:
  # check the embedded rulebook, or another one
  eb-advisor rules lint
  eb-advisor rules lint my-rulebook.yaml --strict
  # run its scenarios
  eb-advisor rules test my-rulebook.yaml
  # a JSON Schema for editors and CI
  eb-advisor rules schema plan > plan.schema.json
  # the decision tree as a picture
  eb-advisor rules graph --format dot | dot -Tsvg > tree.svg

Exit codes: 0 no error, 1 a lint error or a failed scenario (under lint --strict also a
warning), 2 the rulebook does not load.")]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Debug, Subcommand)]
#[command(defer = true)]
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
    /// The team policy file, eb-advisor.yaml
    Config,
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
    /// Output format: text, json or markdown
    #[arg(long, value_enum, default_value_t = RecommendFormat::Text, hide_possible_values = true)]
    pub format: RecommendFormat,
}

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
    build(
        rulebook,
        Parts {
            documented: true,
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
    /// The one subcommand that gets its question flags and examples; `None` for all.
    subcommand: Option<&'a str>,
    /// The texts only help shows: the about text and examples.
    help: bool,
}

impl<'a> Parts<'a> {
    const ALL: Parts<'static> = Parts {
        documented: false,
        subcommand: None,
        help: true,
    };

    /// What parsing `args` needs.
    fn for_args(args: &'a [std::ffi::OsString]) -> Parts<'a> {
        // A name clap would not match (a typo) leaves every subcommand whole, for clap's
        // suggestions.
        let subcommand = invoked_subcommand(args).filter(|name| CommandArgs::has_subcommand(name));
        Parts {
            documented: false,
            subcommand,
            help: asks_for_help(args),
        }
    }
}

fn build(rulebook: &Rulebook, parts: Parts) -> Command {
    let mut command = Cli::command().version(version_text(rulebook));
    let wanted = |name: &str| parts.subcommand.is_none_or(|s| s == name);
    let examples = |make: fn(&Rulebook) -> String| {
        if parts.help {
            make(rulebook)
        } else {
            String::new()
        }
    };
    if wanted("ask") {
        command = command.mut_subcommand("ask", |c| {
            with_question_flags(c, rulebook, parts.documented).after_help(examples(ask_examples))
        });
    }
    if wanted("paths") {
        command = command.mut_subcommand("paths", |c| c.after_help(examples(paths_examples)));
    }
    if wanted("recommend") {
        command = command.mut_subcommand("recommend", |c| {
            with_question_flags(c, rulebook, parts.documented)
                .after_help(examples(recommend_examples))
        });
    }
    if !parts.help {
        return command;
    }
    // What the tool is about, and its examples, come from the rulebook: the code knows
    // no topic of its own.
    let title = rulebook.title.get(Lang::En);
    let about = format!(
        "{title}: decide, document and check, from a rulebook of questions, outcomes and findings"
    );
    let full = match &rulebook.description {
        Some(description) => format!("{about}.\n\n{}", description.get(Lang::En)),
        None => format!("{about}."),
    };
    let command = command.after_help(examples(self::examples));
    if parts.documented {
        // A man page's NAME line is the title alone; DESCRIPTION has the rest.
        plain_help_flags(command.about(title.to_string()).long_about(full))
    } else {
        command.about(full)
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

/// A value for a question that reads naturally: its first choice, `yes`, or a round
/// number.
fn sample_value(q: &crate::rulebook::Question) -> AnswerValue {
    match q.kind {
        QuestionKind::Choice => AnswerValue::Choice(0),
        QuestionKind::YesNo => AnswerValue::Bool(true),
        QuestionKind::Number => AnswerValue::Number(1000),
    }
}

/// `--ID VALUE` for a question, with its sample value.
fn sample_flag(q: &crate::rulebook::Question) -> String {
    format!("--{} {}", q.id, q.value_text(sample_value(q)))
}

/// Flags that answer every required question the answers before it lead to, so that an
/// example runs as printed (`--a x --b yes`, and `--c` if `a: x` asks it).
fn sample_answers(rulebook: &Rulebook) -> String {
    let mut answers = Answers::new(rulebook);
    let mut flags = Vec::new();
    for (i, q) in rulebook.questions.iter().enumerate() {
        if q.required && q.default.is_none() && engine::is_asked(rulebook, i, &answers) {
            answers.set(i, Some(sample_value(q)));
            flags.push(sample_flag(q));
        }
    }
    flags.join(" ")
}

/// Command lines, each under its comment (if any), so that neither has to wrap.
fn example_lines(lines: &[(String, &str)]) -> String {
    lines
        .iter()
        .map(|(command, comment)| {
            let command = shell_lines(command);
            if comment.is_empty() {
                format!("  {command}")
            } else {
                format!("  # {comment}\n  {command}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A long command broken into lines that end in ` \`, so that it still pastes into a
/// shell whole (help is wrapped at 100 columns, and a wrapped command would not). A
/// flag stays on the line of its value.
fn shell_lines(command: &str) -> String {
    const WIDTH: usize = 90;
    let mut units: Vec<String> = Vec::new();
    for word in command.split(' ') {
        match units.last_mut() {
            Some(unit) if !word.starts_with('-') && unit.starts_with('-') => {
                unit.push(' ');
                unit.push_str(word);
            }
            _ => units.push(word.to_string()),
        }
    }
    let mut out = String::new();
    let mut line_len = 0;
    for unit in units {
        if line_len > 0 && line_len + 1 + unit.len() > WIDTH {
            out.push_str(" \\\n      ");
            line_len = 4;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        line_len += unit.len();
        out.push_str(&unit);
    }
    out
}

/// Examples that use the loaded rulebook's own questions, values and outcomes.
pub fn examples(rulebook: &Rulebook) -> String {
    let path = rulebook.outcomes.first().map_or("ID", |o| o.id.as_str());
    let lines = [
        (
            "eb-advisor".to_string(),
            "the questionnaire (in a terminal)",
        ),
        (
            format!("eb-advisor recommend {}", sample_answers(rulebook)),
            "a verdict from flags, never prompting",
        ),
        (
            "eb-advisor recommend --answers answers.yaml --format json".into(),
            "from a file, for scripts",
        ),
        (
            "eb-advisor check plans/ --format github".into(),
            "committed plans, in CI",
        ),
        (format!("eb-advisor paths {path}"), "one path in full"),
    ];
    format!(
        "Examples:
{}

Exit codes: 0 no error finding, 1 an error finding (or a warning under --fail-level warning),
2 usage or input error, 130 interrupted.",
        example_lines(&lines)
    )
}

fn recommend_examples(rulebook: &Rulebook) -> String {
    // An answer given on top of a file: the second value of the first choice question.
    let overriding = rulebook
        .questions
        .iter()
        .find(|q| q.kind == QuestionKind::Choice && q.choices.len() > 1)
        .map_or("-a ID=VALUE".to_string(), |q| {
            format!("--{} {}", q.id, q.choices[1].value)
        });
    let lines = [
        (
            format!("eb-advisor recommend {}", sample_answers(rulebook)),
            "a flag per question",
        ),
        (
            "eb-advisor recommend --answers answers.yaml".into(),
            "answers from a file (YAML or JSON)",
        ),
        (
            format!("eb-advisor recommend --answers answers.yaml {overriding}"),
            "a flag overrides the file",
        ),
        (
            "eb-advisor recommend --answers answers.yaml --explain".into(),
            "which rule decided, what each finding read",
        ),
        (
            "eb-advisor recommend --answers answers.yaml --format json".into(),
            "for scripts",
        ),
        (
            "eb-advisor recommend --answers answers.yaml --format markdown".into(),
            "for a pull-request comment",
        ),
    ];
    format!(
        "Examples:
{}

Missing answers are listed with the flag for each, and the run exits 2: recommend never
prompts.

Exit codes: 0 no error finding, 1 an error finding (or a warning under --fail-level
warning), 2 usage or input error.",
        example_lines(&lines)
    )
}

fn paths_examples(rulebook: &Rulebook) -> String {
    let path = rulebook.outcomes.first().map_or("ID", |o| o.id.as_str());
    let lines = [
        ("eb-advisor paths".to_string(), "the comparison"),
        (format!("eb-advisor paths {path}"), "one path in full"),
        (
            "eb-advisor paths --format markdown".into(),
            "the comparison for a document",
        ),
    ];
    format!(
        "Examples:
{}

Exit codes: 0 shown, 2 an unknown path.",
        example_lines(&lines)
    )
}

fn ask_examples(rulebook: &Rulebook) -> String {
    let preset = rulebook
        .questions
        .iter()
        .find(|q| q.ask_when.is_none() && q.required)
        .map_or("-a ID=VALUE".to_string(), sample_flag);
    let lines = [
        (
            "eb-advisor ask".to_string(),
            "every question, in a terminal",
        ),
        (
            format!("eb-advisor ask {preset}"),
            "an answer given up front is not asked",
        ),
        (
            "eb-advisor ask --save answers.yaml".into(),
            "keep the answers for recommend --answers answers.yaml",
        ),
        (
            "eb-advisor ask --save-plan team.eb-plan.yaml".into(),
            "write a plan to commit, for check team.eb-plan.yaml",
        ),
    ];
    format!(
        "Examples:
{}

Keys: ↑/↓ move, Enter chooses, Esc goes back (< or back where a number is typed), Ctrl-C
quits and saves nothing (exit 130).
Without a terminal (or with CI set) nothing is asked: every answer must be given, as for
recommend.",
        example_lines(&lines)
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

/// One `--ID` flag per question. `documented`: each choice with its label (man pages,
/// completion scripts); else the values alone, listed on the flag's one line.
fn with_question_flags(mut cmd: Command, rulebook: &Rulebook, documented: bool) -> Command {
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
    text.parse::<u64>()
        .ok()
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
fn question_flags(rulebook: &Rulebook, matches: &ArgMatches) -> Vec<(usize, String)> {
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
/// Where to look for the team policy file: `--config FILE`, `--no-config`, or around the
/// working folder. (Read before clap runs: the policy may name the rulebook.)
pub fn prescan_config(args: &[std::ffi::OsString]) -> crate::policy::Choice {
    use crate::policy::Choice;
    let mut iter = args.iter().skip(1);
    let mut choice = Choice::Discover;
    while let Some(arg) = iter.next() {
        let Some(text) = arg.to_str() else { continue };
        match text {
            "--" => break,
            "--no-config" => return Choice::Ignore,
            "--config" => {
                if let Some(value) = iter.next() {
                    choice = Choice::File(PathBuf::from(value));
                }
            }
            _ => {
                if let Some(value) = text.strip_prefix("--config=") {
                    choice = Choice::File(PathBuf::from(value));
                }
            }
        }
    }
    choice
}

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

/// Whether `args` ask for help (`-h`, `--help`, or `h` among clustered short flags).
fn asks_for_help(args: &[std::ffi::OsString]) -> bool {
    let options = args.iter().skip(1).filter_map(|arg| arg.to_str());
    for text in options {
        if text == "--" {
            return false;
        }
        if text == "--help"
            || (text.starts_with('-') && !text.starts_with("--") && text.contains('h'))
        {
            return true;
        }
    }
    false
}

/// The first argument that is neither an option nor a global option's value: the
/// subcommand, if any, that clap will match.
fn invoked_subcommand(args: &[std::ffi::OsString]) -> Option<&str> {
    let globals = GlobalArgs::augment_args(Command::new("globals"));
    let takes_value = |long: &str| {
        globals
            .get_arguments()
            .any(|a| a.get_long() == Some(long) && a.get_action().takes_values())
    };
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let text = arg.to_str()?;
        if text == "--" {
            return None;
        }
        if let Some(long) = text.strip_prefix("--") {
            if !long.contains('=') && takes_value(long) {
                iter.next();
            }
        } else if !text.starts_with('-') {
            return Some(text);
        }
    }
    None
}

pub fn parse(rulebook: &Rulebook, args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    let mut command = build(rulebook, Parts::for_args(args));
    let mut matches = command.try_get_matches_from_mut(args)?;
    // Built once per process and not needed again; not freeing it saves start-up time.
    std::mem::forget(command);
    let flags = match matches.subcommand() {
        Some(("ask" | "recommend", answering)) => question_flags(rulebook, answering),
        _ => Vec::new(),
    };
    // `_mut` takes the values out rather than cloning every match first.
    let mut cli = Cli::from_arg_matches_mut(&mut matches)?;
    std::mem::forget(matches);
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

    fn invoked(line: &str) -> Option<String> {
        invoked_subcommand(&args(line)).map(str::to_string)
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
        let asks = |line: &str| asks_for_help(&args(line));
        assert!(asks("eb-advisor --help"));
        assert!(asks("eb-advisor recommend -h"));
        assert!(asks("eb-advisor check p -vh"));
        assert!(!asks("eb-advisor check p -v"));
        assert!(!asks("eb-advisor check -- --help"));
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
            let help = parse(&rb, &args(line)).unwrap_err().to_string();
            assert!(help.contains("Examples:"), "{line}: {help}");
        }
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
        let Some(CommandArgs::Ask(ask)) = parse(&rb, &args(&line)).unwrap().command else {
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
