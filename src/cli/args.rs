//! The command line as clap derives it: the subcommands, their options and the values
//! they take. The per-question flags are added at run time (`dynamic`), and the texts
//! only help shows (examples, notes, exit codes) come from `help`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::rulebook::Trust;
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
    // No default for clap to apply: `impl GlobalArgs` says why.
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "WHEN",
        hide_possible_values = true
    )]
    pub color: Option<ColorChoice>,
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
    // No default for clap to apply: `impl GlobalArgs` says why.
    #[arg(long, global = true, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
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

/// The defaults of `--color` and `--max-file-size` are applied here rather than by clap.
/// clap copies a global option's default value between the command and the subcommand
/// on every run, given or not; that cost `recommend` 43 k of its 1.16 M instructions and
/// 3 page faults (callgrind, `perf stat`). Help and man pages still show both defaults:
/// `cli::build` gives them to the command it builds for help (`global_defaults`).
impl GlobalArgs {
    pub fn color(&self) -> ColorChoice {
        self.color.unwrap_or_default()
    }

    pub fn max_file_size(&self) -> u64 {
        self.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE)
    }
}

/// The defaults that help shows for the global options without a clap default (`impl
/// GlobalArgs` says why), by argument id.
pub(super) fn global_defaults() -> [(&'static str, String); 2] {
    let color = ColorChoice::default()
        .to_possible_value()
        .map(|v| v.get_name().to_string());
    [
        ("color", color.unwrap_or_default()),
        ("max_file_size", DEFAULT_MAX_FILE_SIZE.to_string()),
    ]
}

impl ValueEnum for Trust {
    fn value_variants<'a>() -> &'a [Self] {
        &Trust::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    #[default]
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
    /// Check committed integration plans (*.eb-plan.yaml) and Terraform (*.tf)
    Check(CheckArgs),
    /// Compare the paths, or show one in full
    Paths(PathsArgs),
    /// Print a shell completion script (with the rulebook's answer flags and values)
    Completions(CompletionsArgs),
    /// Print the man page, or write one per subcommand into a folder
    Man(ManArgs),
    /// Rulebook authoring: lint, self-tests, its text, JSON schemas, decision diagram
    Rules(RulesArgs),
    /// Serve the advisor to coding agents: a Model Context Protocol server on stdio
    Mcp(McpArgs),
    /// Write a starter team policy file, or a plan skeleton; never replaces a file
    Init(InitArgs),
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
pub struct CheckArgs {
    /// Plan files, Terraform files, or folders searched for *.eb-plan.yaml, *.eb-plan.yml and *.tf; - for stdin
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
    /// Also show info findings (JSON and JUnit always have them)
    #[arg(short, long)]
    pub verbose: bool,
    /// Check a named file only if `check .` would find it: the policy's include and
    /// exclude (without a policy, the *.eb-plan.yaml names) apply to it too (pre-commit)
    #[arg(long)]
    pub respect_policy_paths: bool,
    /// A .tfvars file whose values Terraform configurations are read with (repeatable)
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
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
pub struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
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
#[command(defer = true)]
pub enum RulesCommand {
    /// Find gaps, shadowed rules, unreachable outcomes, questions and findings, conditions
    /// that read unasked questions, unsourced, stale and untranslated facts
    #[command(after_help = super::help::rules_lint().render())]
    Lint(RulesLintArgs),
    /// Run the rulebook's scenarios (its `tests:` and a sibling NAME.tests.yaml) and check
    /// that they exercise every outcome, value and finding
    Test(RulesTestArgs),
    /// Print the rulebook's YAML text (the embedded one as built in), where the lines and
    /// columns that lint and test give are
    Show(RulesShowArgs),
    /// Print a JSON Schema: of the rulebook format, or of plan or answers files for the
    /// loaded rulebook
    Schema(RulesSchemaArgs),
    /// Draw the decision tree as a Mermaid flowchart or a Graphviz digraph
    Graph(RulesGraphArgs),
    /// Show what a rulebook change does: the answers whose outcome, error findings or cost
    /// change, what was added or removed, and which plans change status
    Diff(RulesDiffArgs),
}

#[derive(Debug, Args)]
pub struct RulesDiffArgs {
    /// OLD NEW and then plans (files or folders); with --base: [NEW] and then plans
    #[arg(value_name = "FILES")]
    pub files: Vec<PathBuf>,
    /// Read the old rulebook from this git revision (git show REV:PATH of NEW, default: the
    /// rulebook in force)
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// Output format: text, markdown or json
    #[arg(long, value_enum, default_value_t = DiffFormat::Text, hide_possible_values = true)]
    pub format: DiffFormat,
    /// Exit 1 when something changes (as git diff --exit-code)
    #[arg(long)]
    pub exit_code: bool,
    /// Most answer combinations evaluated before the diff is reported as incomplete
    #[arg(long, default_value_t = 2_000_000, value_name = "N")]
    pub budget: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    Text,
    Markdown,
    Json,
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
    /// Facts (`checked` of premises and `verify`) checked longer ago than this many days
    /// (`90` or `90d`) are stale
    #[arg(long, default_value = "365", value_name = "DAYS", value_parser = parse_days)]
    pub max_age: u32,
    /// Count the age of facts from this date (YYYY-MM-DD) instead of today
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<String>,
    /// Also fail (exit 1) on warnings and on an incomplete search
    #[arg(long)]
    pub strict: bool,
}

/// `--max-age`: a number of days, with or without a `d` after it.
fn parse_days(s: &str) -> Result<u32, String> {
    s.strip_suffix('d')
        .unwrap_or(s)
        .parse()
        .map_err(|_| format!("`{s}` is not a number of days (such as 365 or 90d)"))
}

/// `--today`: a `YYYY-MM-DD` date.
fn parse_date(s: &str) -> Result<String, String> {
    match crate::authoring::lint::days_from_date(s) {
        Some(_) if s.len() == 10 => Ok(s.to_string()),
        _ => Err(format!("`{s}` is not a date such as 2026-12-07")),
    }
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
pub struct RulesShowArgs {
    /// The rulebook to print (default: --rules, else the embedded one)
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

// `eb-advisor mcp`'s own flags (the server is in `mcp/`); a plain comment, since a doc
// comment would become the subcommand's about text.
#[derive(Debug, Args)]
pub struct McpArgs {
    /// Print the snippet that registers this server with CLIENT, with this program's path
    /// and the global options given, and exit
    #[arg(long, value_enum, value_name = "CLIENT")]
    pub print_config: Option<Client>,
}

/// The MCP clients whose registration snippet `--print-config` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Client {
    /// Claude Code: `.mcp.json` in the project (`mcpServers`)
    ClaudeCode,
    /// Claude Desktop: `claude_desktop_config.json` (`mcpServers`)
    ClaudeDesktop,
    /// VS Code: `.vscode/mcp.json` (`servers`)
    Vscode,
    /// Cursor: `.cursor/mcp.json` or `~/.cursor/mcp.json` (`mcpServers`)
    Cursor,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The policy file to write [default: eb-advisor.yaml]
    #[arg(value_name = "FILE", conflicts_with = "plan")]
    pub file: Option<PathBuf>,
    /// Write a plan skeleton to this file instead: every question and path, to fill in
    #[arg(long, value_name = "FILE")]
    pub plan: Option<PathBuf>,
}
